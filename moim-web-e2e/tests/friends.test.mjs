// Friends in the web client: a request sent from one browser is answered in another and every list (on every device
// of both people) follows live; friends' presence comes and goes live; suggestions from shared rooms; adding someone
// from a message's sender and from a member list; blocking hides presence and refuses a direct message in words,
// and unblocking undoes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPerson, screenshot, signupViaApi } from './harness.mjs';
import { until, loginViaUi, apiSession, roomItem, messagesWithText, send, assertNoCspViolations } from './ui.mjs';

let server;
let browser;
let alice; // en-US, on two devices
let minsu; // ko-KR
let carol;
let dave;
let aliceApi;
let minsuApi;
let carolApi;
let groupId;
let directId;
let a; // Alice's browser
let a2; // Alice's second device
let m; // Minsu's browser

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  alice = await signupViaApi(server.baseUrl, 'Alice');
  minsu = await signupViaApi(server.baseUrl, '민수');
  carol = await signupViaApi(server.baseUrl, 'Carol');
  dave = await signupViaApi(server.baseUrl, 'Dave');
  aliceApi = await apiSession(server.baseUrl, alice);
  minsuApi = await apiSession(server.baseUrl, minsu);
  carolApi = await apiSession(server.baseUrl, carol);
  const group = await carolApi.call('POST', '/rooms', { type: 'GROUP', name: 'Book club', memberIds: [alice.id, dave.id] });
  assert.equal(group.status, 201, JSON.stringify(group.body));
  groupId = group.body.id;
  const direct = await aliceApi.call('POST', '/rooms', { type: 'DIRECT', memberIds: [minsu.id] });
  assert.equal(direct.status, 201, JSON.stringify(direct.body));
  directId = direct.body.id;
  const said = await carolApi.call('POST', `/rooms/${groupId}/messages`, { clientMsgId: 'carol-1', content: 'Chapter 3 for Friday?' });
  assert.equal(said.status, 201);
  a = await newPerson(browser, 'en-US');
  a2 = await newPerson(browser, 'en-US');
  m = await newPerson(browser, 'ko-KR');
  await loginViaUi(a.page, server.baseUrl, alice);
  await loginViaUi(a2.page, server.baseUrl, alice);
  await loginViaUi(m.page, server.baseUrl, minsu);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const friendsTab = async (page) => {
  await page.getByTestId('tab-friends').click();
  await page.getByTestId('friends-view').waitFor();
};
const row = (page, testid, userId) => page.locator(`[data-testid="${testid}"][data-user-id="${userId}"]`);

test('a friend request sent in one browser is accepted in another, and every list follows live', async () => {
  await friendsTab(a.page);
  await friendsTab(a2.page);
  await friendsTab(m.page);

  // Alice finds Minsu by nickname and asks.
  await a.page.getByTestId('friend-search').fill('민수');
  const found = row(a.page, 'friend-search-result', minsu.id);
  await found.getByTestId('friend-add').click();
  await row(a.page, 'friend-request-out', minsu.id).waitFor();
  await found.locator('[data-testid="relation"][data-relation="outgoing"]').waitFor();
  // Her other device lists it too, without a reload.
  await row(a2.page, 'friend-request-out', minsu.id).waitFor();

  // Minsu sees the request arrive, with a count on the tab and a notification in words.
  await row(m.page, 'friend-request-in', alice.id).waitFor();
  assert.equal(await m.page.getByTestId('friends-badge').textContent(), '1');
  await until(async () => (await m.page.getByTestId('notifications-badge').textContent()) === '1', 'the bell counting the request');
  await screenshot(m.page, 'social-friend-request-ko');
  await row(m.page, 'friend-request-in', alice.id).getByTestId('friend-accept').click();

  // Friends on both sides, on every device, each seeing the other online.
  for (const [page, other] of [[a.page, minsu], [a2.page, minsu], [m.page, alice]]) {
    const friend = row(page, 'friend-item', other.id);
    await friend.waitFor();
    await friend.locator('[data-testid="friend-presence"][data-online="true"]').waitFor();
  }
  assert.equal(await row(a.page, 'friend-request-out', minsu.id).count(), 0);
  assert.equal(await row(a2.page, 'friend-request-out', minsu.id).count(), 0);
  assert.equal(await row(m.page, 'friend-request-in', alice.id).count(), 0);
  await m.page.getByTestId('friends-badge').waitFor({ state: 'hidden' });
  assert.equal(await row(m.page, 'friend-item', alice.id).getByTestId('friend-last-seen').textContent(), '온라인');
  await found.locator('[data-testid="relation"][data-relation="friend"]').waitFor();

  // Alice is told in words that Minsu accepted (besides Carol's invitation to the book club); choosing it opens the
  // friends tab and marks it read.
  await until(async () => (await a.page.getByTestId('notifications-badge').textContent()) === '2', 'the acceptance notification');
  await a.page.getByTestId('tab-chats').click();
  await a.page.getByTestId('notifications-button').click();
  const accepted = a.page.locator('[data-testid="notification-item"][data-kind="FRIEND_ACCEPTED"]');
  assert.equal(await accepted.getByTestId('notification-text').textContent(), '민수 accepted your friend request');
  await accepted.click();
  await a.page.getByTestId('friends-view').waitFor();
  assert.equal(await a.page.getByTestId('tab-friends').getAttribute('aria-selected'), 'true');
  assert.match(a.page.url(), /#\/friends$/);
  for (const page of [a.page, a2.page]) {
    await until(async () => (await page.getByTestId('notifications-badge').textContent()) === '1', 'the badge on both devices');
  }
  await a.page.getByTestId('friend-search').fill('');
  await screenshot(a.page, 'social-friends');
});

test('a friend going away shows when they were last seen, and coming back shows them online, live', async () => {
  await m.context.close();
  const friend = row(a.page, 'friend-item', minsu.id);
  await friend.locator('[data-testid="friend-presence"][data-online="false"]').waitFor();
  assert.equal(await friend.getByTestId('friend-last-seen').textContent(), 'Last seen just now');
  m = await newPerson(browser, 'ko-KR');
  await loginViaUi(m.page, server.baseUrl, minsu);
  await friend.locator('[data-testid="friend-presence"][data-online="true"]').waitFor();
  assert.equal(await friend.getByTestId('friend-last-seen').textContent(), 'Online');
});

test('people from shared rooms are suggested, and can be added from a message or a member list', async () => {
  // Carol and Dave share the book club with Alice.
  const carolSuggested = row(a.page, 'friend-suggestion', carol.id);
  await carolSuggested.waitFor();
  assert.match(await carolSuggested.textContent(), /In a chat together/);
  await row(a.page, 'friend-suggestion', dave.id).waitFor();
  assert.equal(await row(a.page, 'friend-suggestion', minsu.id).count(), 0, 'a friend is no suggestion');

  // From Carol's message: her card, and a request.
  await a.page.getByTestId('tab-chats').click();
  await roomItem(a.page, groupId).click();
  const message = messagesWithText(a.page, 'Chapter 3 for Friday?');
  await message.getByTestId('message-sender').click();
  const card = a.page.getByTestId('person-dialog');
  await card.waitFor();
  assert.equal(await card.getByTestId('person-nickname').textContent(), 'Carol');
  await card.getByTestId('person-presence').waitFor();
  await card.getByTestId('person-add-friend').click();
  await card.locator('[data-testid="person-relation"][data-relation="outgoing"]').waitFor();
  await card.getByTestId('person-close').click();
  const carolIncoming = await carolApi.call('GET', '/friends/requests?direction=incoming');
  assert.deepEqual(carolIncoming.body.map((r) => r.user.id), [alice.id]);

  // From the member list: Dave.
  await a.page.getByTestId('members-button').click();
  await a.page.locator(`[data-testid="member-item"][data-user-id="${dave.id}"] [data-testid="member-name"]`).click();
  await card.waitFor();
  await card.getByTestId('person-add-friend').click();
  await card.locator('[data-testid="person-relation"][data-relation="outgoing"]').waitFor();
  await card.getByTestId('person-close').click();
  await a.page.getByTestId('members-close').click();

  // Both moved from the suggestions to the requests sent; cancelling one puts Dave back among the suggestions.
  await a.page.getByTestId('tab-friends').click();
  await row(a.page, 'friend-request-out', carol.id).waitFor();
  await row(a.page, 'friend-request-out', dave.id).waitFor();
  assert.equal(await row(a.page, 'friend-suggestion', carol.id).count(), 0);
  await row(a.page, 'friend-request-out', dave.id).getByTestId('friend-cancel').click();
  await row(a.page, 'friend-request-out', dave.id).waitFor({ state: 'detached' });
  await row(a.page, 'friend-suggestion', dave.id).waitFor();
});

test('blocking hides Alice\'s presence from Minsu and refuses his direct messages in words; unblocking undoes it', async () => {
  // Before: Minsu sees Alice online in their one-to-one chat.
  await m.page.getByTestId('tab-chats').click();
  await roomItem(m.page, directId).locator('[data-testid="presence-dot"][data-online="true"]').waitFor();

  const friend = row(a.page, 'friend-item', minsu.id);
  await friend.hover();
  await friend.getByTestId('friend-block').click();
  assert.equal(await friend.getByTestId('friend-block').textContent(), 'Block them?');
  await friend.getByTestId('friend-block').click();
  await friend.waitFor({ state: 'detached' });
  await row(a.page, 'blocked-item', minsu.id).waitFor();
  assert.equal(await row(a.page, 'friend-suggestion', minsu.id).count(), 0, 'no suggestion of someone blocked');

  // Minsu is not told, but she is no longer his friend, and she shows offline to him although she is online.
  await friendsTab(m.page);
  await row(m.page, 'friend-item', alice.id).waitFor({ state: 'detached' });
  await m.page.reload();
  await m.page.getByTestId('tab-chats').click();
  await roomItem(m.page, directId).locator('[data-testid="presence-dot"][data-online="false"]').waitFor();
  await m.page.getByTestId('tab-friends').click();
  await m.page.getByTestId('friend-search').fill('Alice');
  await row(m.page, 'friend-search-result', alice.id).waitFor();
  assert.equal(await row(m.page, 'friend-search-result', alice.id).locator('.presence.online').count(), 0);

  // His message to her is refused, in words.
  await m.page.getByTestId('tab-chats').click();
  await roomItem(m.page, directId).click();
  await send(m.page, '안녕하세요?');
  await until(async () => (await m.page.getByTestId('error-text').textContent()) === '이 사람에게는 메시지를 보낼 수 없습니다.',
    'the refusal in Korean');
  await m.page.locator('[data-testid="message-pending"][data-status="failed"]').waitFor();
  await screenshot(m.page, 'social-blocked-ko');
  // Starting a one-to-one chat with her is refused the same way.
  await m.page.getByTestId('new-chat-button').click();
  await m.page.getByTestId('user-search').fill('Alice');
  await m.page.locator(`[data-testid="user-result"][data-user-id="${alice.id}"]`).click();
  await until(async () => (await m.page.getByTestId('dialog-error').textContent()) === '이 사람에게는 메시지를 보낼 수 없습니다.',
    'the refusal of a new chat');
  await m.page.getByTestId('dialog-close').click();

  // Alice unblocks: Minsu may write again, and sees her online again.
  await row(a.page, 'blocked-item', minsu.id).getByTestId('unblock-button').click();
  await row(a.page, 'blocked-item', minsu.id).waitFor({ state: 'detached' });
  await m.page.getByTestId('tab-chats').click();
  await m.page.locator('[data-testid="message-pending"][data-status="failed"] [data-testid="retry-button"]').click();
  await messagesWithText(m.page, '안녕하세요?').waitFor();
  await m.page.reload();
  await roomItem(m.page, directId).locator('[data-testid="presence-dot"][data-online="true"]').waitFor();
});

test('no page was blocked by the Content-Security-Policy', () => {
  assertNoCspViolations();
});
