// Notifications in the web client: the bell's badge from the start and live, on every device; the panel in words for
// each kind; a mention opening its room at that message; unread only, more, and all read; "@" offering the room's
// members in the composer; invitations opening their room, and a removal said in words.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPerson, screenshot, signupViaApi } from './harness.mjs';
import { until, loginViaUi, apiSession, roomItem, messagesWithText, assertNoCspViolations } from './ui.mjs';

let server;
let browser;
let alice;
let bob;
let carol;
let aliceApi;
let bobApi;
let carolApi;
let groupId;
let a; // Alice's browser
let a2; // Alice's phone
const seqOf = {};

/** Posts as someone, waiting out the send rate limit when a burst meets it. */
async function post(session, roomId, content) {
  for (;;) {
    const sent = await session.call('POST', `/rooms/${roomId}/messages`,
      { clientMsgId: `n-${Math.random().toString(36).slice(2)}`, type: 'TEXT', content });
    if (sent.status === 429) {
      await new Promise((r) => setTimeout(r, 300));
      continue;
    }
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    seqOf[content] = sent.body.seq;
    return sent.body;
  }
}

const badge = (page) => page.getByTestId('notifications-badge');
const badgeSays = (page, text, what) => until(async () => {
  const el = badge(page);
  return text === null ? el.isHidden() : (await el.isVisible()) && (await el.textContent()) === text;
}, what);
const items = (page) => page.getByTestId('notification-item');

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  alice = await signupViaApi(server.baseUrl, 'Alice');
  bob = await signupViaApi(server.baseUrl, 'Bob');
  carol = await signupViaApi(server.baseUrl, 'Carol');
  aliceApi = await apiSession(server.baseUrl, alice);
  bobApi = await apiSession(server.baseUrl, bob);
  carolApi = await apiSession(server.baseUrl, carol);
  const group = await bobApi.call('POST', '/rooms', { type: 'GROUP', name: 'Hiking', memberIds: [alice.id, carol.id] });
  assert.equal(group.status, 201, JSON.stringify(group.body));
  groupId = group.body.id;
  // While Alice is away: a mention, then enough talk that it is far back in the history.
  await post(bobApi, groupId, '@Alice are you coming on Saturday?');
  for (let i = 1; i <= 60; i++) await post(i % 2 ? bobApi : carolApi, groupId, `chatter ${i}`);
  await until(async () => (await aliceApi.call('GET', '/notifications/unread-count')).body.unreadCount === 2,
    'the invitation and the mention stored');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the bell shows the unread count from the start, and new notifications live on every device', async () => {
  a = await newPerson(browser, 'en-US');
  a2 = await newPerson(browser, 'en-US', { width: 390, height: 844 });
  await loginViaUi(a.page, server.baseUrl, alice);
  await loginViaUi(a2.page, server.baseUrl, alice);
  await badgeSays(a.page, '2', 'the badge at start');
  await badgeSays(a2.page, '2', 'the badge at start on the phone');

  await post(bobApi, groupId, '@Alice bring water, please');
  await badgeSays(a.page, '3', 'the badge after a live mention');
  await badgeSays(a2.page, '3', 'the phone too');

  await a.page.getByTestId('notifications-button').click();
  const panel = a.page.getByTestId('notifications-panel');
  await panel.waitFor();
  await until(async () => (await items(a.page).count()) === 3, 'three notifications');
  assert.deepEqual(await items(a.page).evaluateAll((els) => els.map((e) => e.dataset.kind)), ['MENTION', 'MENTION', 'INVITED']);
  assert.deepEqual(await panel.getByTestId('notification-text').allTextContents(), [
    'Bob mentioned you in “Hiking”', 'Bob mentioned you in “Hiking”', 'Bob invited you to “Hiking”']);
  assert.deepEqual(await panel.getByTestId('notification-excerpt').allTextContents(),
    ['@Alice bring water, please', '@Alice are you coming on Saturday?']);
  assert.deepEqual(await items(a.page).evaluateAll((els) => els.map((e) => e.dataset.read)), ['false', 'false', 'false']);

  // One more while the panel is open: it joins at the top.
  await post(carolApi, groupId, '@Alice the trail map is in the gallery');
  await until(async () => (await items(a.page).count()) === 4, 'the new one at the top');
  assert.equal(await items(a.page).first().getByTestId('notification-text').textContent(), 'Carol mentioned you in “Hiking”');
  await badgeSays(a.page, '4', 'four unread');
  await screenshot(a.page, 'social-notifications');
});

test('choosing a mention opens its room at that message, highlighted, and marks it read everywhere', async () => {
  const target = seqOf['@Alice are you coming on Saturday?'];
  await items(a.page).filter({ hasText: 'are you coming on Saturday?' }).click();
  await a.page.getByTestId('chat-view').waitFor();
  assert.match(a.page.url(), new RegExp(`#/rooms/${groupId}$`));
  const row = a.page.locator(`[data-testid="message-list"] [data-seq="${target}"]`);
  await row.waitFor();
  await until(async () => (await row.getAttribute('data-found')) === 'true', 'the message highlighted');
  assert.equal(await row.getAttribute('data-mentions-me'), 'true', 'a message naming me stands out');
  await until(() => a.page.evaluate((s) => {
    const list = document.querySelector('[data-testid="message-list"]');
    const r = list.querySelector(`[data-seq="${s}"]`).getBoundingClientRect();
    const box = list.getBoundingClientRect();
    return r.top >= box.top && r.bottom <= box.bottom;
  }, target), 'the message in view');
  await a.page.getByTestId('jump-latest-button').waitFor();
  await screenshot(a.page, 'social-mention-jump');
  assert.equal(await items(a.page).filter({ hasText: 'are you coming on Saturday?' }).getAttribute('data-read'), 'true');
  await badgeSays(a.page, '3', 'one fewer unread');
  await badgeSays(a2.page, '3', 'one fewer on the phone too');
  // Messages that do not name me do not stand out.
  assert.equal(await messagesWithText(a.page, 'chatter 1').first().getAttribute('data-mentions-me'), null);
});

test('unread only, more pages, and mark all read', async () => {
  for (let i = 1; i <= 30; i++) await post(i % 2 ? bobApi : carolApi, groupId, `@Alice ping ${i}`);
  await badgeSays(a.page, '33', 'thirty more unread');
  // Reopened: the first page holds 30; more brings the rest.
  await a.page.getByTestId('notifications-close').click();
  await a.page.getByTestId('notifications-button').click();
  await until(async () => (await items(a.page).count()) === 30, 'a page of thirty');
  const more = a.page.getByTestId('notifications-more');
  await more.click();
  await until(async () => (await items(a.page).count()) === 34, 'all thirty-four');
  await more.waitFor({ state: 'hidden' });
  assert.equal(await items(a.page).last().getAttribute('data-kind'), 'INVITED');

  await a.page.getByTestId('notifications-unread-only').check();
  await until(async () => (await items(a.page).count()) === 30, 'the unread ones, a page at a time');
  await more.click();
  await until(async () => (await items(a.page).count()) === 33, 'all unread ones');
  assert.ok((await items(a.page).evaluateAll((els) => els.map((e) => e.dataset.read))).every((r) => r === 'false'));

  await a.page.getByTestId('notifications-read-all').click();
  await badgeSays(a.page, null, 'no badge');
  await badgeSays(a2.page, null, 'no badge on the phone');
  await until(async () => (await items(a.page).evaluateAll((els) => els.every((e) => e.dataset.read === 'true'))), 'all read');
  await a.page.getByTestId('notifications-unread-only').uncheck();
  await a.page.getByTestId('notifications-unread-only').check();
  await until(async () => (await a.page.getByTestId('notifications-status').textContent()) === 'Nothing unread.', 'nothing unread');
  assert.equal(await items(a.page).count(), 0);
  await a.page.getByTestId('notifications-close').click();
});

test('typing @ offers the room\'s members, and the mention reaches them', async () => {
  await a.page.getByTestId('jump-latest-button').click().catch(() => {});
  const composer = a.page.getByTestId('composer');
  await composer.fill('');
  await composer.pressSequentially('Sure @Bo');
  const options = a.page.getByTestId('mention-name');
  await until(async () => (await options.allTextContents()).join() === 'Bob', 'Bob offered');
  await screenshot(a.page, 'social-mention-suggest');
  await composer.press('Enter');
  assert.equal(await composer.inputValue(), 'Sure @Bob ');
  await a.page.getByTestId('mention-suggestions').waitFor({ state: 'hidden' });
  // "@" alone offers everyone but me; Escape closes the list, and Enter sends again.
  await composer.pressSequentially('and @');
  await until(async () => (await options.allTextContents()).sort().join() === 'Bob,Carol', 'both offered');
  await composer.press('ArrowDown');
  await composer.press('Escape');
  await a.page.getByTestId('mention-suggestions').waitFor({ state: 'hidden' });
  await composer.pressSequentially('Carol see you');
  await composer.press('Enter');
  await messagesWithText(a.page, 'Sure @Bob and @Carol see you').waitFor();
  for (const [session, who] of [[bobApi, 'Bob'], [carolApi, 'Carol']]) {
    await until(async () => {
      const list = (await session.call('GET', '/notifications?limit=5')).body.notifications;
      return list.some((n) => n.kind === 'MENTION' && n.actor?.id === alice.id && n.text === 'Sure @Bob and @Carol see you');
    }, `${who} mentioned`);
  }
});

test('an invitation opens its room; a removal is said in words', async () => {
  const climbing = await carolApi.call('POST', '/rooms', { type: 'GROUP', name: 'Climbing', memberIds: [alice.id] });
  assert.equal(climbing.status, 201);
  await badgeSays(a.page, '1', 'the invitation');
  await a.page.getByTestId('notifications-button').click();
  const invited = items(a.page).filter({ hasText: 'Carol invited you to “Climbing”' });
  await invited.click();
  await until(() => a.page.url().endsWith(`#/rooms/${climbing.body.id}`), 'the invited room open');
  await a.page.getByTestId('chat-title').filter({ hasText: 'Climbing' }).waitFor();
  await badgeSays(a.page, null, 'read');

  const kicked = await carolApi.call('DELETE', `/rooms/${climbing.body.id}/members/${alice.id}`);
  assert.equal(kicked.status, 204);
  await badgeSays(a.page, '1', 'the removal');
  const removal = items(a.page).filter({ hasText: 'Carol removed you from “Climbing”' });
  await removal.waitFor();
  await removal.click();
  await badgeSays(a.page, null, 'read');
  await roomItem(a.page, climbing.body.id).waitFor({ state: 'detached' });
});

test('no page was blocked by the Content-Security-Policy', () => {
  assertNoCspViolations();
});
