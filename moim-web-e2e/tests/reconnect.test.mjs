// A client that loses its connection catches up when it comes back: every message the other sent meanwhile
// shows exactly once, in seq order, and what it typed while offline is delivered exactly once. The server here
// hands out 12-second access tokens, so the client also has to refresh and reconnect on its own throughout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startServer, launchBrowser, newPerson, signupViaApi, watchForCsp } from './harness.mjs';
import { until, loginViaUi, apiSession, roomItem, messagesWithText, send, shownSeqs, assertNoCspViolations } from './ui.mjs';

let server;
let browser;

before(async () => {
  // Short tokens, so that refreshing and reconnecting happen during the tests; a send burst far above what the
  // tests send, so that no test depends on the machine being slow enough to stay under the rate limit.
  server = await startServer(['--moim.auth.access-token-ttl=12s', '--moim.messages.send-burst=1000']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('after going offline and back, the view holds every message exactly once and the outbox is sent once', async () => {
  const alice = await signupViaApi(server.baseUrl, 'Alice');
  const bob = await signupViaApi(server.baseUrl, 'Bob');
  const aliceApi = await apiSession(server.baseUrl, alice);
  const created = await aliceApi.call('POST', '/rooms', { type: 'DIRECT', memberIds: [bob.id] });
  assert.equal(created.status, 201);
  const roomId = created.body.id;
  await aliceApi.call('POST', `/rooms/${roomId}/messages`, { clientMsgId: randomUUID(), content: 'before the outage' });

  const a = await newPerson(browser, 'en-US');
  const b = await newPerson(browser, 'ko-KR');
  await loginViaUi(a.page, server.baseUrl, alice);
  await loginViaUi(b.page, server.baseUrl, bob);
  await roomItem(a.page, roomId).click();
  await roomItem(b.page, roomId).click();
  await messagesWithText(b.page, 'before the outage').waitFor();

  // Bob's network goes away: his socket drops and the UI says so.
  let sockets = 0;
  b.page.on('websocket', () => { sockets += 1; });
  await b.context.setOffline(true);
  await until(async () => ['offline', 'reconnecting'].includes(
    await b.page.getByTestId('connection-state').getAttribute('data-state')), "Bob's client to notice the outage");

  // Meanwhile Alice keeps talking, through the UI and over REST.
  const fromUi = ['one', 'two', 'three', 'four', 'five'].map((w) => `while you were away: ${w}`);
  for (const text of fromUi) await send(a.page, text);
  const fromApi = [];
  for (let i = 1; i <= 15; i++) {
    const text = `bulk message ${i}`;
    fromApi.push(text);
    const r = await aliceApi.call('POST', `/rooms/${roomId}/messages`, { clientMsgId: randomUUID(), content: text });
    assert.equal(r.status, 201);
  }
  for (const text of fromUi) await messagesWithText(a.page, text).waitFor();

  // Bob writes while offline: shown as pending, queued for the reconnect.
  await send(b.page, '오프라인에서 쓴 메시지');
  const pending = b.page.getByTestId('message-pending').filter({ hasText: '오프라인에서 쓴 메시지' });
  await pending.waitFor();
  assert.equal(await pending.getAttribute('data-status'), 'queued');
  assert.equal(await messagesWithText(b.page, 'while you were away').count(), 0, 'nothing arrived while offline');
  const socketsWhenOffline = sockets;
  await until(() => sockets > socketsWhenOffline, 'a reconnect attempt to fail while offline');

  await b.context.setOffline(false);
  await until(async () => (await b.page.getByTestId('connection-state').getAttribute('data-state')) === 'online',
    "Bob's client to reconnect");

  // Everything Alice sent is there once, in seq order, with no gap.
  const expected = [...fromUi, ...fromApi];
  await until(async () => (await messagesWithText(b.page, 'bulk message 15').count()) === 1, 'the catch-up');
  for (const text of expected) {
    assert.equal(await messagesWithText(b.page, new RegExp(`^${text}$`)).count(), 1, `"${text}" exactly once`);
  }
  const seqs = await shownSeqs(b.page);
  assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y), 'shown in seq order');
  assert.equal(new Set(seqs).size, seqs.length, 'no seq shown twice');
  for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1] + 1, `no gap after seq ${seqs[i - 1]}`);

  // The message written offline went out once, after the reconnect, and both sides show it once.
  await pending.waitFor({ state: 'detached' });
  await messagesWithText(a.page, '오프라인에서 쓴 메시지').waitFor();
  const history = await aliceApi.call('GET', `/rooms/${roomId}/messages?limit=200`);
  assert.equal(history.body.messages.filter((m) => m.content === '오프라인에서 쓴 메시지').length, 1, 'stored once');
  const last = history.body.messages.at(-1);
  assert.equal(last.content, '오프라인에서 쓴 메시지', 'sent after the catch-up, so it comes last');
  assert.equal(Math.max(...await shownSeqs(b.page)), last.seq);

  // Bob has the room open, so having caught up he has read it all: Alice's "1"s are gone.
  await until(async () => (await a.page.getByTestId('message-unread').count()) === 0, "Alice's unread counts to clear");

  // And the live stream works again after the reconnect. Events come in seq order, so once both sides show
  // this later message, a duplicate of the offline one (sent before it) would be on screen too.
  await send(a.page, 'back to normal');
  await messagesWithText(b.page, 'back to normal').waitFor();
  await messagesWithText(a.page, 'back to normal').waitFor();
  assert.equal(await messagesWithText(b.page, 'back to normal').count(), 1);
  assert.equal(await messagesWithText(b.page, '오프라인에서 쓴 메시지').count(), 1);
  assert.equal(await messagesWithText(a.page, '오프라인에서 쓴 메시지').count(), 1);
  await a.context.close();
  await b.context.close();
});

test('older history loads on scroll; a message arriving while scrolled up offers a "new messages" button', async () => {
  const carol = await signupViaApi(server.baseUrl, 'Carol');
  const dan = await signupViaApi(server.baseUrl, 'Dan');
  const carolApi = await apiSession(server.baseUrl, carol);
  const danApi = await apiSession(server.baseUrl, dan);
  const roomId = (await carolApi.call('POST', '/rooms', { type: 'DIRECT', memberIds: [dan.id] })).body.id;
  // 80 messages from the two of them (well inside the send burst this server allows).
  for (let i = 1; i <= 40; i++) {
    for (const [who, api] of [['Carol', carolApi], ['Dan', danApi]]) {
      const r = await api.call('POST', `/rooms/${roomId}/messages`, { clientMsgId: randomUUID(), content: `${who} #${i}` });
      assert.ok(r.status === 201, `send: ${r.status} ${JSON.stringify(r.body)}`);
    }
  }

  const { page, context } = await newPerson(browser, 'en-US', { width: 1000, height: 700 });
  await loginViaUi(page, server.baseUrl, carol);
  await roomItem(page, roomId).click();
  await messagesWithText(page, 'Dan #40').waitFor();
  assert.equal((await shownSeqs(page)).length, 50, 'the newest page first');
  assert.equal(await page.getByTestId('load-older').count(), 1);

  // Scrolling to the top fetches the older page; nothing is missing or doubled.
  await page.getByTestId('message-list').evaluate((el) => { el.scrollTop = 0; });
  await until(async () => (await shownSeqs(page)).length === 80, 'the older page');
  const seqs = await shownSeqs(page);
  assert.deepEqual(seqs, Array.from({ length: 80 }, (_, i) => i + 1));
  assert.equal(await page.getByTestId('load-older').count(), 0, 'the start of the conversation is reached');

  // Scrolled up, a new message does not yank the view down; a button offers to jump to it.
  await page.getByTestId('message-list').evaluate((el) => { el.scrollTop = 0; });
  const button = page.getByTestId('new-messages-button');
  assert.equal(await button.isVisible(), false);
  await danApi.call('POST', `/rooms/${roomId}/messages`, { clientMsgId: randomUUID(), content: 'are you there?' });
  await messagesWithText(page, 'are you there?').waitFor({ state: 'attached' });
  await button.waitFor();
  assert.equal(await page.getByTestId('message-list').evaluate((el) => el.scrollTop), 0);
  await button.click();
  await button.waitFor({ state: 'hidden' });
  await until(() => page.getByTestId('message-list').evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 5),
    'the view at the bottom');
  // Now that it is on screen, it is read: Dan's message loses its "1".
  await until(async () => {
    const history = await danApi.call('GET', `/rooms/${roomId}/messages?limit=1`);
    return history.body.messages[0].unreadCount === 0;
  }, 'the read mark to reach the server');
  await context.close();
});

test('the session outlives its short access tokens, survives a reload, and ends at log-out', async () => {
  const erin = await signupViaApi(server.baseUrl, 'Erin');
  const frank = await signupViaApi(server.baseUrl, 'Frank');
  const frankApi = await apiSession(server.baseUrl, frank);
  const roomId = (await frankApi.call('POST', '/rooms', { type: 'DIRECT', memberIds: [erin.id] })).body.id;
  const { page, context } = await newPerson(browser, 'en-US');
  await loginViaUi(page, server.baseUrl, erin);
  const loggedInAt = Date.now();
  await roomItem(page, roomId).click();
  const refreshToken = () => page.evaluate(() => localStorage.getItem('moim.refreshToken'));
  const first = await refreshToken();
  assert.ok(first, 'the refresh token is kept in localStorage');

  // Past the first access token's lifetime (when the server would close a socket still using it), the client
  // has refreshed by itself and is connected with the new token.
  await until(async () => (await refreshToken()) !== first, 'a refresh');
  // The first access token (12 s, issued before loggedInAt) has certainly expired once 15 s have passed.
  await until(() => Date.now() > loggedInAt + 15_000, 'the first access token to expire');
  await until(async () => (await page.getByTestId('connection-state').getAttribute('data-state')) === 'online', 'online');
  assert.equal(await page.getByTestId('error-banner').isVisible(), false, 'no error along the way');
  await send(page, 'still here after the first token expired');
  await messagesWithText(page, 'still here after the first token expired').waitFor();
  const sent = await frankApi.call('POST', `/rooms/${roomId}/messages`, { clientMsgId: randomUUID(), content: 'and the socket still delivers' });
  assert.equal(sent.status, 201);
  await messagesWithText(page, 'and the socket still delivers').waitFor();

  // A reload keeps the session (the stored refresh token buys a new access token).
  await page.reload();
  await page.getByTestId('room-list').waitFor();
  await until(async () => (await page.getByTestId('connection-state').getAttribute('data-state')) === 'online', 'online after reload');
  await messagesWithText(page, 'and the socket still delivers').waitFor();
  assert.equal(await page.getByTestId('login-submit').count(), 0);

  // A second tab of the same browser shares the session and has its own socket.
  const otherTab = await context.newPage();
  watchForCsp(otherTab);
  await otherTab.goto(server.baseUrl);
  await otherTab.getByTestId('room-list').waitFor();
  await until(async () => (await otherTab.getByTestId('connection-state').getAttribute('data-state')) === 'online', 'other tab online');

  // Log-out revokes the session on the server and forgets it here.
  const beforeLogout = await refreshToken();
  await page.getByTestId('logout-button').click();
  await page.getByTestId('login-submit').waitFor();
  // The server ends the other tab's socket (SESSION_REVOKED) and refuses its access token: it signs out too.
  await otherTab.getByTestId('login-submit').waitFor();
  assert.equal(await refreshToken(), null);
  const reuse = await fetch(`${server.baseUrl}/api/v1/auth/refresh`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken: beforeLogout }),
  });
  assert.equal(reuse.status, 401);
  await page.reload();
  await page.getByTestId('login-submit').waitFor();
  await context.close();
});

test('no page was blocked by the Content-Security-Policy', () => {
  assertNoCspViolations();
});
