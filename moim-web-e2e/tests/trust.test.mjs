// What the web client must withstand and what it must never do: events that are malformed or contradict what
// the server stored, links that are not http(s), text that looks like HTML; and the headers it runs under.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startServer, launchBrowser, newPerson, signupViaApi, interceptSocket, cspViolations, watchForCsp, screenshot } from './harness.mjs';
import { until, loginViaUi, apiSession, roomItem, messagesWithText, shownSeqs, assertNoCspViolations } from './ui.mjs';

let server;
let browser;
let alice;
let bob;
let aliceApi;
let bobApi;
let directId;
let groupId;
let person; // Alice's browser
let socket; // her socket, routed through the test
const pageErrors = [];

const say = (roomId, content) => bobApi.call('POST', `/rooms/${roomId}/messages`, { clientMsgId: randomUUID(), content });

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  alice = await signupViaApi(server.baseUrl, 'Alice');
  bob = await signupViaApi(server.baseUrl, 'Bob');
  aliceApi = await apiSession(server.baseUrl, alice);
  bobApi = await apiSession(server.baseUrl, bob);
  directId = (await aliceApi.call('POST', '/rooms', { type: 'DIRECT', memberIds: [bob.id] })).body.id;
  groupId = (await aliceApi.call('POST', '/rooms', { type: 'GROUP', name: 'Trust club', memberIds: [bob.id] })).body.id;
  for (const text of ['real one', 'real two']) assert.equal((await say(directId, text)).status, 201);
  person = await newPerson(browser, 'en-US');
  person.page.on('pageerror', (e) => pageErrors.push(e.message));
  socket = await interceptSocket(person.page);
  await loginViaUi(person.page, server.baseUrl, alice);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('malformed and contradicting events are ignored, and the room list and the chat keep updating', async () => {
  const { page } = person;
  await page.goto(`${server.baseUrl}/#/rooms/${directId}`);
  await messagesWithText(page, 'real two').waitFor();
  const direct = `/topic/rooms/${directId}`;
  const group = `/topic/rooms/${groupId}`;
  const personal = '/user/queue/events';
  await until(() => [direct, group, personal].every(socket.hasSubscription), 'the subscriptions');

  const history = (await aliceApi.call('GET', `/rooms/${directId}/messages`)).body.messages;
  const [one, two] = history.filter((m) => m.type === 'TEXT');
  const fresh = (fields) => ({ ...two, seq: 900, id: randomUUID(), clientMsgId: null, unreadCount: 0, ...fields });
  const message = (fields) => ({ type: 'message', roomId: directId, message: fresh(fields) });

  // The room and its membership are checked over REST before the list changes: wait for those answers.
  const confirmations = Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/rooms/987654')),
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/rooms/${groupId}`)),
  ]);

  for (const body of ['not json {', 'null', '[1,2]', '"text"', '42', '']) socket.inject(direct, body);
  for (const event of [
    { type: 'party', roomId: directId },
    { type: 'message', roomId: directId },
    { roomId: directId, message: fresh({ content: 'no type' }) },
    message({ createdAt: 'not a date', content: 'forged: bad date' }),
    message({ seq: '900', content: 'forged: seq as text' }),
    message({ seq: -1, content: 'forged: negative seq' }),
    message({ id: 7, content: 'forged: id as a number' }),
    message({ sender: { id: String(bob.id), nickname: 'Bob' }, content: 'forged: sender id as text' }),
    message({ content: 12345 }),
    message({ content: { text: 'forged: content as an object' } }),
    message({ unreadCount: -1, content: 'forged: negative unread' }),
    message({ deleted: 'no', content: 'forged: deleted as text' }),
    message({ editedAt: 'yesterday', content: 'forged: bad editedAt' }),
    message({ roomId: groupId, content: 'forged: another room in the message' }),
    { type: 'message', roomId: groupId, message: fresh({ roomId: groupId, content: 'forged: another room on this topic' }) },
    { type: 'message', roomId: String(directId), message: fresh({ roomId: String(directId), content: 'forged: room id as text' }) },
    // Well-formed, but contradicting what the server stored: a new id for a seq, another author for an edit.
    { type: 'message', roomId: directId, message: { ...one, id: randomUUID(), content: 'forged: rewritten' } },
    { type: 'message_edited', roomId: directId, message: { ...two, sender: { id: alice.id, nickname: 'Alice' }, content: 'forged: edited' } },
    { type: 'message_deleted', roomId: directId, message: { ...two, id: randomUUID(), deleted: true, content: null } },
    { type: 'read', roomId: directId, userId: bob.id, fromSeq: 'a', seq: 99 },
    { type: 'read', roomId: directId, userId: bob.id, fromSeq: 5, seq: 1 },
    { type: 'presence', roomId: directId, users: [{ userId: bob.id, online: 'yes' }] },
    { type: 'presence', roomId: directId, users: [{ userId: bob.id, online: true, lastSeenAt: 'never' }] },
    { type: 'presence', roomId: directId, users: { userId: bob.id, online: false } },
    { type: 'presence', roomId: directId, userId: bob.id, online: false, lastSeenAt: null },
    { type: 'typing', roomId: directId, userId: bob.id, nickname: 42, typing: true },
    { type: 'typing', roomId: directId, nickname: 'Bob', typing: true },
    { type: 'members', roomId: directId, ownerId: 'x' },
  ]) socket.inject(direct, event);
  // A date the room list cannot format, in the room that is not open: the list must go on updating.
  socket.inject(group, { type: 'message', roomId: groupId, message: fresh({ roomId: groupId, seq: 1000, createdAt: '2026-13-45T99:00:00Z', content: 'forged: bad date in the list' }) });
  socket.inject(group, { type: 'message', roomId: groupId, message: fresh({ roomId: groupId, seq: 1001, createdAt: 12345, content: 'forged: date as a number' }) });

  for (const body of ['garbage', '{}']) socket.inject(personal, body);
  for (const event of [
    { type: 'room_added', room: null },
    { type: 'room_added', room: { id: 'x', type: 'GROUP', name: 'Fake' } },
    // Well-formed, but the server knows no such room: never listed.
    { type: 'room_added', room: { id: 987654, type: 'GROUP', name: 'Fake room', ownerId: bob.id, memberLimit: null, memberCount: 2,
      lastSeq: 5, lastReadSeq: 0, unreadCount: 5, lastActivityAt: new Date().toISOString(), lastMessage: null, peer: null } },
    // Well-formed, but Alice is still a member: the room stays.
    { type: 'room_removed', roomId: groupId, reason: 'kicked' },
    { type: 'room_removed', roomId: 'abc', reason: 'kicked' },
    { type: 'error', code: 42 },
    { type: 'error', code: ['NOT_A_MEMBER'] },
    // Notifications and friends that do not fit their shapes change nothing either.
    { type: 'notification', notification: { id: 'x', kind: 'MENTION' }, unreadCount: 99 },
    { type: 'notification', notification: null, unreadCount: 98 },
    { type: 'notifications_read', id: null, unreadCount: -1 },
    { type: 'friend', change: 'became_enemies', user: { id: bob.id, nickname: 'Bob' } },
    { type: 'friend', change: 'added', user: null },
    { type: 'friends_presence', users: [{ userId: 'bob', online: true }] },
  ]) socket.inject(personal, event);
  await confirmations;

  // Real messages after all that: the socket delivers them in order, so everything injected has been handled.
  assert.equal((await say(groupId, 'real news in the group')).status, 201);
  assert.equal((await say(directId, 'real three')).status, 201);
  await messagesWithText(page, 'real three').waitFor();
  await until(async () => (await roomItem(page, groupId).getByTestId('room-preview').textContent()) === 'real news in the group',
    'the group preview to show the real message');
  assert.equal(await roomItem(page, groupId).getByTestId('unread-badge').textContent(), '1');
  assert.match(await roomItem(page, groupId).locator('time').textContent(), /\d/, 'the time of the real message');

  // The chat holds exactly what the server stored, unchanged.
  const stored = (await aliceApi.call('GET', `/rooms/${directId}/messages`)).body.messages;
  assert.deepEqual(await shownSeqs(page), stored.map((m) => m.seq));
  for (const m of stored.filter((x) => x.type === 'TEXT')) {
    assert.equal(await page.locator(`[data-testid="message"][data-seq="${m.seq}"] [data-testid="message-content"]`).textContent(), m.content);
    assert.equal(await page.locator(`[data-testid="message"][data-seq="${m.seq}"]`).getAttribute('data-sender-id'), String(bob.id));
  }
  assert.equal(await page.getByText(/forged/).count(), 0, 'nothing forged is on screen');
  assert.equal(await page.getByTestId('typing-indicator').textContent(), '');

  // The list: the two real rooms, no fake one; nothing broke on the way.
  const listed = await page.getByTestId('room-item').evaluateAll((els) => els.map((e) => Number(e.dataset.roomId)).sort((a, b) => a - b));
  assert.deepEqual(listed, [directId, groupId].sort((a, b) => a - b));
  assert.equal(await page.getByTestId('error-banner').isVisible(), false);
  assert.ok(!['99', '98'].includes(await page.getByTestId('notifications-badge').textContent()), 'no forged badge');
  assert.deepEqual(pageErrors, []);

  // Dates that cannot be read are formatted as nothing, wherever they come from.
  const formatted = await page.evaluate(async () => {
    const i18n = await import('/app/i18n.js');
    return [i18n.formatTime('not a date'), i18n.formatDay(undefined), i18n.formatWhen('2026-13-45T99:00:00Z'), i18n.formatWhen(null)];
  });
  assert.deepEqual(formatted, ['', '', '', '']);
});

test('links in messages open safely in a new tab; other schemes and HTML stay text', async () => {
  const { page, context } = person;
  await page.goto(`${server.baseUrl}/#/rooms/${directId}`);
  const text = 'look: https://example.com/moim_(app)?q=1. or javascript:alert(1) <img src=x onerror=alert(2)> <a href="javascript:alert(3)">x</a>';
  assert.equal((await say(directId, text)).status, 201);
  const bubble = messagesWithText(page, 'look:').getByTestId('message-content');
  await bubble.waitFor();
  assert.equal(await bubble.textContent(), text, 'shown exactly as written');
  const links = bubble.locator('a');
  assert.equal(await links.count(), 1, 'only the https link is a link');
  const link = links.first();
  assert.equal(await link.getAttribute('href'), 'https://example.com/moim_(app)?q=1');
  assert.equal(await link.textContent(), 'https://example.com/moim_(app)?q=1');
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(await bubble.locator('img').count(), 0);

  // Opened, the linked page cannot reach back to Moim and is not told where the visitor came from.
  await context.route('https://example.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<p>elsewhere</p>' }));
  const [opened] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await opened.waitForLoadState();
  assert.equal(opened.url(), 'https://example.com/moim_(app)?q=1');
  assert.deepEqual(await opened.evaluate(() => [window.opener, document.referrer]), [null, '']);
  await opened.close();
});

test('the tab title shows the unread total', async () => {
  const { page } = person;
  for (const roomId of [groupId, directId]) {
    await page.goto(`${server.baseUrl}/#/rooms/${roomId}`);
    await roomItem(page, roomId).getByTestId('unread-badge').waitFor({ state: 'detached' });
  }
  await until(async () => (await page.title()) === 'Moim', 'no unread in the title');
  await page.goto(`${server.baseUrl}/#/rooms`);
  await page.getByTestId('chat-view').waitFor({ state: 'detached' });
  for (const [roomId, content] of [[groupId, 'title one'], [groupId, 'title two'], [directId, 'title three']]) {
    assert.equal((await say(roomId, content)).status, 201);
  }
  await until(async () => (await page.title()) === '(3) Moim', 'the unread total in the title');
  await roomItem(page, groupId).click();
  await until(async () => (await page.title()) === '(1) Moim', 'the title after reading the group');
  await roomItem(page, directId).click();
  await until(async () => (await page.title()) === 'Moim', 'the title with everything read');
});

test('Korean wraps between words, and a long token still wraps inside its bubble', async () => {
  const { page } = person;
  await page.goto(`${server.baseUrl}/#/rooms/${directId}`);
  const words = ['모임에서', '이번', '주말에', '북한산', '등산을', '가기로', '했습니다', '아침', '아홉시에', '구기터널', '입구에서',
    '만나요', '점심은', '각자', '준비해', '오시고', '물은', '넉넉하게', '챙겨주세요', '비가', '오면', '다음', '주로', '미룹니다'];
  const korean = [...words, ...words].join(' ');
  const token = `https://example.com/${'abcdefghij'.repeat(40)}`;
  for (const content of [korean, token]) assert.equal((await say(directId, content)).status, 201);
  await messagesWithText(page, token.slice(0, 40)).waitFor();

  // Measured in one go, inside the page: the chat redraws its messages as read marks arrive.
  const measure = (fragment) => page.evaluate((text) => {
    const el = [...document.querySelectorAll('[data-testid="message-content"]')].find((x) => x.textContent.includes(text));
    const node = el.firstChild;
    const range = document.createRange();
    const starts = [];
    let top = null;
    for (let i = 0; i < node.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) continue;
      if (top !== null && rect.top > top + 2) starts.push(i);
      top = rect.top;
    }
    return { starts, overflow: el.scrollWidth - el.clientWidth };
  }, fragment);
  const { starts } = await measure('구기터널');
  assert.ok(starts.length >= 2, `the message spans several lines (${starts.length + 1})`);
  for (const at of starts) {
    assert.equal(korean[at - 1], ' ', `a line starts inside a word: …${korean.slice(at - 6, at)}|${korean.slice(at, at + 6)}…`);
  }
  const { overflow } = await measure(token.slice(0, 40));
  assert.ok(overflow <= 0, `the long link stays inside its bubble (overflow ${overflow}px)`);
  await screenshot(page, 'chat-wrapping');
});

test('every response carries the security headers, the policy blocks inline script, and Swagger UI works under it', async () => {
  const { page } = person;
  const response = await page.goto(`${server.baseUrl}/`);
  const headers = response.headers();
  assert.match(headers['content-security-policy'], /(^|; )script-src 'self'(;|$)/);
  assert.match(headers['content-security-policy'], /(^|; )style-src 'self'(;|$)/);
  assert.match(headers['content-security-policy'], /frame-ancestors 'none'/);
  assert.equal(headers['referrer-policy'], 'no-referrer');
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(headers['x-frame-options'], 'DENY');
  assert.match(headers['permissions-policy'], /camera=\(\)/);
  await page.getByTestId('room-list').waitFor();

  // An injected inline script does not run, and the violation is seen (so "no violations" below means something).
  const before = cspViolations.length;
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'document.body.dataset.injected = "yes"';
    document.head.append(script);
    return document.body.dataset.injected ?? null;
  });
  assert.equal(ran, null);
  const reported = () => cspViolations.slice(before);
  await until(() => reported().some((v) => /securitypolicyviolation: script-src/.test(v))
    && reported().some((v) => /Content Security Policy directive: "script-src 'self'"|script-src 'self'/.test(v) && !/securitypolicyviolation/.test(v)),
  'the blocked script to be reported (by the page and by Chromium)');
  cspViolations.splice(before);

  const swagger = await person.context.newPage();
  watchForCsp(swagger);
  const docs = await swagger.goto(`${server.baseUrl}/swagger-ui.html`);
  assert.match(docs.headers()['content-security-policy'], /script-src 'self'(;|$)/);
  await swagger.locator('.opblock').first().waitFor();
  assert.ok(await swagger.locator('.opblock').count() > 10, 'Swagger UI lists the operations');
  await swagger.close();
});

test('no page was blocked by the Content-Security-Policy', () => {
  assertNoCspViolations();
});
