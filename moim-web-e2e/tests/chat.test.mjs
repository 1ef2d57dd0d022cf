// Two people sign up through the web client (one in Korean, one in English), chat one-to-one and in a group,
// and watch the unread "1" drop as the other reads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPerson, screenshot, signupViaApi } from './harness.mjs';
import {
  until, uniqueEmail, signupViaUi, loginViaUi, waitOnline, roomItem, messagesWithText, send, openRoomId, assertNoCspViolations,
  apiSession,
} from './ui.mjs';

let server;
let browser;
let minji; // ko-KR
let bob; // en-US
const password = 'correct horse battery';
const minjiAccount = { email: uniqueEmail('minji'), nickname: '김민지', password };
const bobAccount = { email: uniqueEmail('bob'), nickname: 'Bob', password };
let carol;
let directId;
let groupId;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  minji = await newPerson(browser, 'ko-KR');
  bob = await newPerson(browser, 'en-US');
  carol = await signupViaApi(server.baseUrl, 'Carol');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('two people sign up through the UI and chat one-to-one, each in their own language', async () => {
  await minji.page.goto(`${server.baseUrl}/`);
  await minji.page.getByTestId('login-submit').waitFor();
  assert.equal(await minji.page.getByTestId('login-submit').textContent(), '로그인');
  await bob.page.goto(`${server.baseUrl}/`);
  assert.equal(await bob.page.getByTestId('login-submit').textContent(), 'Log in');
  await screenshot(bob.page, 'login');

  await signupViaUi(minji.page, server.baseUrl, minjiAccount);
  await signupViaUi(bob.page, server.baseUrl, bobAccount);
  assert.equal(await minji.page.getByTestId('me-nickname').textContent(), '김민지');

  // Minji finds Bob by nickname and starts a one-to-one chat.
  await minji.page.getByTestId('new-chat-button').click();
  await minji.page.getByTestId('user-search').fill('Bo');
  await minji.page.getByTestId('user-result').filter({ hasText: 'Bob' }).click();
  directId = await openRoomId(minji.page);
  assert.equal(await minji.page.getByTestId('chat-title').textContent(), 'Bob');
  await send(minji.page, '안녕하세요, Bob! 한글도 잘 보이나요?');
  await messagesWithText(minji.page, '안녕하세요, Bob!').waitFor(); // stored: no longer pending

  // Bob is told about the new room live, with an unread badge and the preview.
  const bobsRoom = roomItem(bob.page, directId);
  await bobsRoom.waitFor();
  await until(async () => (await bobsRoom.getByTestId('unread-badge').textContent()) === '1', "Bob's unread badge");
  assert.match(await bobsRoom.getByTestId('room-preview').textContent(), /안녕하세요, Bob!/);
  assert.equal(await bobsRoom.getByTestId('room-name').textContent(), '김민지');
  // Both are online, so the presence dot on Bob's direct room is green.
  assert.equal(await bobsRoom.getByTestId('presence-dot').getAttribute('data-online'), 'true');

  await bobsRoom.click();
  await messagesWithText(bob.page, '안녕하세요, Bob! 한글도 잘 보이나요?').waitFor();
  await bobsRoom.getByTestId('unread-badge').waitFor({ state: 'detached' });
  await send(bob.page, 'Hi Minji! Yes, 한글 looks great.');
  await messagesWithText(minji.page, 'Hi Minji! Yes, 한글 looks great.').waitFor();
  // Bob's own copy is stored once its event reaches his socket, which may be after it reached Minji's.
  await messagesWithText(bob.page, 'Hi Minji! Yes, 한글 looks great.').waitFor();
  assert.equal(await messagesWithText(minji.page, 'Hi Minji!').count(), 1);
  assert.equal(await messagesWithText(bob.page, 'Hi Minji!').count(), 1);
  assert.equal(await bob.page.getByTestId('message-pending').count(), 0);
});

test("the sender's unread 1 disappears live when the other opens the room", async () => {
  // Bob goes back to his list; Minji's next message stays unread until he opens the room again.
  await bob.page.goto(`${server.baseUrl}/#/rooms`);
  await bob.page.getByTestId('chat-view').waitFor({ state: 'detached' });
  await send(minji.page, '읽으면 1이 사라져요');
  const sent = messagesWithText(minji.page, '읽으면 1이 사라져요');
  await sent.waitFor();
  await until(async () => (await sent.getByTestId('message-unread').count()) === 1, 'the unread count on the new message');
  assert.equal(await sent.getByTestId('message-unread').textContent(), '1');
  // Bob's client has the message and counts it unread: a client marks a message read locally before it tells
  // the server, so it has told the server nothing, and Minji's "1" stays.
  await until(async () => (await roomItem(bob.page, directId).getByTestId('unread-badge').textContent().catch(() => '')) === '1',
    "Bob's badge");
  assert.equal(await sent.getByTestId('message-unread').count(), 1, 'still unread while Bob has not opened the room');

  await roomItem(bob.page, directId).click();
  await messagesWithText(bob.page, '읽으면 1이 사라져요').waitFor();
  await sent.getByTestId('message-unread').waitFor({ state: 'detached' });
  await roomItem(bob.page, directId).getByTestId('unread-badge').waitFor({ state: 'detached' });
});

test('a group is created through the UI; unread counts shrink as members read; members can be invited', async () => {
  const { page } = minji;
  await page.getByTestId('new-chat-button').click();
  await page.getByTestId('new-chat-group').check({ force: true });
  await page.getByTestId('group-name').fill('주말 등산 모임');
  await page.getByTestId('user-search').fill('Bob');
  await page.getByTestId('user-result').filter({ hasText: 'Bob' }).click();
  await page.getByTestId('user-search').fill(carol.email); // an exact email finds her too
  await page.getByTestId('user-result').filter({ hasText: 'Carol' }).click();
  assert.equal(await page.getByTestId('selected-user').count(), 2);
  await page.getByTestId('create-room-submit').click();
  groupId = await openRoomId(page, directId);
  assert.notEqual(groupId, directId);
  assert.equal(await page.getByTestId('chat-title').textContent(), '주말 등산 모임');

  // The CREATED system message, rendered in each reader's language from message.system.
  const created = page.getByTestId('system-message').first();
  await until(async () => /김민지님이 .*Bob.*Carol.*대화방을 만들었습니다/.test(await created.textContent()), 'the Korean system message');

  await send(page, '토요일 아침 9시 어때요?');
  const question = messagesWithText(page, '토요일 아침 9시 어때요?');
  await question.waitFor();
  await until(async () => (await question.getByTestId('message-unread').textContent().catch(() => '')) === '2',
    'unread 2 (Bob and Carol have not read)');

  // Bob learns of the group live, opens it, reads: Minji's count drops from 2 to 1 without a reload.
  await roomItem(bob.page, groupId).click();
  await messagesWithText(bob.page, '토요일 아침 9시 어때요?').waitFor();
  await until(async () => /Minji|김민지/.test(await bob.page.getByTestId('system-message').first().textContent())
    && /created the chat with/.test(await bob.page.getByTestId('system-message').first().textContent()), 'the English system message');
  await until(async () => (await question.getByTestId('message-unread').textContent().catch(() => '')) === '1', 'unread 1');
  await send(bob.page, 'Sounds good, see you at 9! 👍');
  const reply = messagesWithText(page, 'Sounds good, see you at 9!');
  await reply.waitFor();
  // Minji has the room open, so Bob's message is read by her at once; only Carol is left.
  await until(async () => (await messagesWithText(bob.page, 'Sounds good').getByTestId('message-unread').textContent().catch(() => '')) === '1',
    "Bob's message unread only by Carol");
  await screenshot(page, 'chat-group');

  // Carol answers without opening the room (through the API): sending means she has read everything before her
  // message, so both earlier messages lose their last unread mark live, with no read event of their own.
  const carolApi = await apiSession(server.baseUrl, carol);
  const carolSent = await carolApi.call('POST', `/rooms/${groupId}/messages`,
    { clientMsgId: `carol-${Date.now()}`, type: 'TEXT', content: 'Count me in' });
  assert.equal(carolSent.status, 201, JSON.stringify(carolSent.body));
  await messagesWithText(page, 'Count me in').waitFor();
  await question.getByTestId('message-unread').waitFor({ state: 'detached' });
  await messagesWithText(bob.page, 'Sounds good').getByTestId('message-unread').waitFor({ state: 'detached' });

  // The member panel: presence, the owner badge; Minji invites Dave.
  const dave = await signupViaApi(server.baseUrl, 'Dave');
  await page.getByTestId('members-button').click();
  const panel = page.getByTestId('member-panel');
  await until(async () => (await panel.getByTestId('member-item').count()) === 3, 'three members');
  const minjiItem = panel.getByTestId('member-item').filter({ hasText: '김민지' });
  assert.equal(await minjiItem.getByTestId('owner-badge').count(), 1);
  assert.equal(await panel.getByTestId('owner-badge').count(), 1);
  assert.equal(await panel.getByTestId('member-item').filter({ hasText: 'Bob' }).getByTestId('member-presence').getAttribute('data-online'), 'true');
  const carolPresence = panel.getByTestId('member-item').filter({ hasText: 'Carol' }).getByTestId('member-presence');
  assert.equal(await carolPresence.getAttribute('data-online'), 'false');
  // Carol opens the app: Minji, looking at the group, sees her come online and, once she closes it, go offline
  // (group presence reaches those who have the room open, through its live topic).
  const carolApp = await newPerson(browser, 'en-US');
  await loginViaUi(carolApp.page, server.baseUrl, carol);
  await until(async () => (await carolPresence.getAttribute('data-online')) === 'true', 'Carol shown online in the member panel');
  await carolApp.context.close();
  await until(async () => (await carolPresence.getAttribute('data-online')) === 'false', 'Carol shown offline again');
  await panel.getByTestId('invite-button').click();
  await page.getByTestId('invite-search').fill('Dave');
  await page.getByTestId('invite-result').filter({ hasText: 'Dave' }).click();
  await page.getByTestId('invite-submit').click();
  await until(async () => (await panel.getByTestId('member-item').count()) === 4, 'Dave in the member list');
  await until(async () => /김민지님이 Dave님을 초대했습니다/.test(await page.getByTestId('system-message').last().textContent()),
    'the JOINED system message');
  await until(async () => (await bob.page.getByTestId('system-message').last().textContent()).includes('invited Dave'),
    "the JOINED system message on Bob's screen");
  await screenshot(page, 'members');
  await page.getByTestId('members-close').click();

  // Bob's room list: both rooms, most recent first, with previews.
  await bob.page.goto(`${server.baseUrl}/#/rooms`);
  await send(page, '그럼 토요일에 봐요!');
  await until(async () => (await roomItem(bob.page, groupId).getByTestId('unread-badge').count()) === 1, "Bob's group badge");
  const order = await bob.page.getByTestId('room-item').evaluateAll((els) => els.map((e) => Number(e.dataset.roomId)));
  assert.deepEqual(order, [groupId, directId], 'most recently active first');
  await screenshot(bob.page, 'rooms');
});

test('typing shows live; own messages can be edited and deleted, and the other side sees it', async () => {
  await minji.page.goto(`${server.baseUrl}/#/rooms/${directId}`);
  await bob.page.goto(`${server.baseUrl}/#/rooms/${directId}`);
  await messagesWithText(bob.page, '안녕하세요, Bob!').waitFor();
  await messagesWithText(minji.page, '안녕하세요, Bob!').waitFor();

  // Bob types: Minji sees it in Korean; it goes away when he sends. The indicator lasts a few seconds, so the
  // page itself watches for it rather than a poll that a busy machine could make miss it.
  const typing = minji.page.getByTestId('typing-indicator');
  const shown = minji.page.evaluate((text) => new Promise((resolve) => {
    const check = () => document.querySelector('[data-testid="typing-indicator"]')?.textContent === text;
    if (check()) resolve(text);
    new MutationObserver((_, observer) => {
      if (check()) {
        observer.disconnect();
        resolve(text);
      }
    }).observe(document.body, { childList: true, characterData: true, subtree: true });
  }), 'Bob님이 입력 중…');
  await bob.page.getByTestId('composer').pressSequentially('One more', { delay: 20 });
  assert.equal(await shown, 'Bob님이 입력 중…', 'the typing indicator');
  await bob.page.getByTestId('composer').press('Enter');
  await messagesWithText(minji.page, 'One more').waitFor();
  await until(async () => (await typing.textContent()) === '', 'the typing indicator to clear');

  // Shift+Enter breaks the line; Enter sends.
  const composer = minji.page.getByTestId('composer');
  await composer.fill('첫째 줄');
  await composer.press('Shift+Enter');
  await composer.pressSequentially('둘째 줄');
  await composer.press('Enter');
  await until(async () => (await messagesWithText(bob.page, '첫째 줄').getByTestId('message-content').textContent().catch(() => ''))
    === '첫째 줄\n둘째 줄', 'a two-line message');
  assert.equal(await composer.inputValue(), '', 'the composer is cleared after sending');

  // Minji edits her first message, by keyboard: focusing her bubble reveals its buttons, Tab reaches "edit".
  const original = messagesWithText(minji.page, '안녕하세요, Bob! 한글도 잘 보이나요?');
  await original.getByTestId('message-content').focus();
  await minji.page.keyboard.press('Tab');
  assert.equal(await minji.page.evaluate(() => document.activeElement.dataset.testid), 'message-edit');
  await minji.page.keyboard.press('Enter');
  await minji.page.getByTestId('edit-input').fill('안녕하세요, Bob! 고쳐 썼어요.');
  await minji.page.getByTestId('edit-input').press('Enter');
  await messagesWithText(bob.page, '안녕하세요, Bob! 고쳐 썼어요.').waitFor();
  assert.match(await messagesWithText(bob.page, '고쳐 썼어요').textContent(), /edited/);
  assert.match(await messagesWithText(minji.page, '고쳐 썼어요').textContent(), /수정됨/);
  // Only one's own messages offer editing.
  await messagesWithText(minji.page, 'One more').hover();
  assert.equal(await messagesWithText(minji.page, 'One more').getByTestId('message-edit').count(), 0);

  // ...and deletes it: a tombstone on both sides, in each language.
  const edited = messagesWithText(minji.page, '고쳐 썼어요');
  const seq = await edited.getAttribute('data-seq');
  await edited.hover();
  await edited.getByTestId('message-delete').click();
  await edited.getByTestId('message-delete').click(); // the second click confirms
  const tombstone = (page) => page.locator(`[data-testid="message"][data-seq="${seq}"] [data-testid="message-content"]`);
  await until(async () => (await tombstone(bob.page).textContent()) === 'This message was deleted.', "Bob's tombstone");
  await until(async () => (await tombstone(minji.page).textContent()) === '삭제된 메시지입니다.', "Minji's tombstone");
});

test('on a phone-sized screen in Korean: the list or the chat, with a way back', async () => {
  const phone = await newPerson(browser, 'ko-KR', { width: 390, height: 844 });
  try {
    await minji.page.goto(`${server.baseUrl}/#/rooms/${groupId}`);
    await loginViaUi(phone.page, server.baseUrl, minjiAccount);
    const list = phone.page.getByTestId('room-list');
    await roomItem(phone.page, groupId).click();
    await messagesWithText(phone.page, '토요일 아침 9시 어때요?').waitFor();
    assert.equal(await list.isVisible(), false, 'the list is hidden while a chat is open');
    assert.equal(await phone.page.getByTestId('back-button').isVisible(), true);
    await phone.page.getByTestId('composer').fill('휴대폰에서 보내요');
    await phone.page.getByTestId('send-button').click();
    await messagesWithText(minji.page, '휴대폰에서 보내요').waitFor();
    await messagesWithText(phone.page, '휴대폰에서 보내요').waitFor();
    await screenshot(phone.page, 'chat-mobile-ko');
    await phone.page.getByTestId('back-button').click();
    await list.waitFor();
    assert.equal(await phone.page.getByTestId('chat-view').count(), 0);
    await waitOnline(phone.page);
  } finally {
    await phone.context.close();
  }
});

test('ownership is handed over in the member panel; the new owner removes someone; the old owner leaves', async () => {
  await minji.page.goto(`${server.baseUrl}/#/rooms/${groupId}`);
  await bob.page.goto(`${server.baseUrl}/#/rooms/${groupId}`);
  await minji.page.getByTestId('members-button').click();
  const panel = minji.page.getByTestId('member-panel');
  const row = (page, name) => page.getByTestId('member-panel').getByTestId('member-item').filter({ hasText: name });
  await row(minji.page, 'Bob').getByTestId('make-owner-button').click();
  await row(minji.page, 'Bob').getByTestId('owner-badge').waitFor();
  assert.equal(await panel.getByTestId('owner-badge').count(), 1);
  assert.equal(await panel.getByTestId('kick-button').count(), 0, 'only the owner may remove people');
  await until(async () => (await minji.page.getByTestId('system-message').last().textContent()) === 'Bob님이 방장이 되었습니다.',
    'the OWNER_CHANGED system message');

  await bob.page.getByTestId('members-button').click();
  await row(bob.page, 'Dave').getByTestId('kick-button').click();
  await row(bob.page, 'Dave').waitFor({ state: 'detached' });
  await until(async () => (await minji.page.getByTestId('system-message').last().textContent()) === 'Bob님이 Dave님을 내보냈습니다.',
    'the KICKED system message');
  await row(minji.page, 'Dave').waitFor({ state: 'detached' });

  await panel.getByTestId('leave-button').click();
  await panel.getByTestId('leave-button').click(); // confirm
  await until(() => minji.page.url().endsWith('#/rooms'), 'back to the list');
  await roomItem(minji.page, groupId).waitFor({ state: 'detached' });
  await until(async () => (await bob.page.getByTestId('system-message').last().textContent()) === '김민지 left.', 'the LEFT message');
  await until(async () => (await row(bob.page, '김민지').count()) === 0, 'the member list without Minji');
});

test('when Bob closes the app, Minji sees him go offline', async () => {
  const dot = roomItem(minji.page, directId).getByTestId('presence-dot');
  assert.equal(await dot.getAttribute('data-online'), 'true');
  await bob.context.close();
  await until(async () => (await dot.getAttribute('data-online')) === 'false', 'the presence dot to turn off');
});

test('no page was blocked by the Content-Security-Policy', () => {
  assertNoCspViolations();
});
