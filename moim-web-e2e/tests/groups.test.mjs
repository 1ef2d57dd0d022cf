// Group life in the web client: the directory finds a Korean-named group and joins it; a password is refused in each
// person's language and then accepted; a request to join reaches the owner live and its answer reaches the applicant
// live (approved: the room arrives; refused: said in words); an invite link made in the settings panel is opened by
// its /invite/ address (signed in, and signed out: after signing in it comes back), and once revoked says so; a
// change of settings reaches another member's open page live; a manager made from the member list gets the settings;
// a ban keeps someone out of the directory's door.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { png } from './pictures.mjs';
import { startServer, launchBrowser, newPerson, screenshot, signupViaApi } from './harness.mjs';
import { until, loginViaUi, apiSession, roomItem, waitOnline, assertNoCspViolations } from './ui.mjs';

let server;
let browser;
let alice; // en-US: owns the groups
let minsu; // ko-KR: a stranger to them
let bob; // en-US: another stranger, later a manager
let carol; // en-US: opens an invite link signed out
let aliceApi;
let a;
let m;
let b;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  alice = await signupViaApi(server.baseUrl, 'Alice');
  minsu = await signupViaApi(server.baseUrl, '민수');
  bob = await signupViaApi(server.baseUrl, 'Bob');
  carol = await signupViaApi(server.baseUrl, 'Carol');
  aliceApi = await apiSession(server.baseUrl, alice);
  a = await newPerson(browser, 'en-US');
  m = await newPerson(browser, 'ko-KR');
  b = await newPerson(browser, 'en-US');
  await loginViaUi(a.page, server.baseUrl, alice);
  await loginViaUi(m.page, server.baseUrl, minsu);
  await loginViaUi(b.page, server.baseUrl, bob);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A group of Alice's with these settings (a PATCH after POST /rooms, as the web client does it). */
async function group(name, settings = {}) {
  const created = await aliceApi.call('POST', '/rooms', { type: 'GROUP', name, memberIds: [] });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  if (Object.keys(settings).length) {
    const patched = await aliceApi.call('PATCH', `/rooms/${created.body.id}`, settings);
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
  }
  return created.body.id;
}

/** A green hill under a blue sky, as a PNG: a cover photo. */
const hillPhoto = (width = 240, height = 160) => png(width, height,
  (x, y) => (y > height * 0.55 + 30 * Math.sin(x / 40) ? [46, 125, 50] : [120, 170, 230]));

const card = (page, roomId) => page.locator(`[data-testid="directory-room"][data-room-id="${roomId}"]`);

/** The Groups tab, searching for q; resolves with the card of roomId once it is listed. */
async function findInDirectory(page, q, roomId) {
  await page.getByTestId('tab-directory').click();
  await page.getByTestId('directory-view').waitFor();
  if (await page.getByTestId('directory-clear-tag').isVisible()) await page.getByTestId('directory-clear-tag').click();
  await page.getByTestId('directory-search').fill(q);
  await page.getByTestId('directory-search').press('Enter');
  await card(page, roomId).waitFor();
  return card(page, roomId);
}

async function openRoom(page, roomId) {
  await page.getByTestId('tab-chats').click();
  await roomItem(page, roomId).click();
  await until(() => page.url().endsWith(`#/rooms/${roomId}`), `room ${roomId} to open`);
  await page.getByTestId('chat-title').waitFor();
}

async function openGroupPanel(page) {
  await page.getByTestId('group-settings-button').click();
  await page.getByTestId('group-panel').waitFor();
}

let hikingId;
let climbingId;
let bookId;

test('the directory finds a Korean-named open group by a Korean word and by its tag, and joins it', async () => {
  hikingId = await group('북한산 등산 모임', { joinPolicy: 'OPEN', description: '토요일 아침 북한산에 오릅니다', tags: ['등산', 'hiking'] });
  await group('Knitting circle', { joinPolicy: 'OPEN', tags: ['knitting'] });

  // A word Nori reads as 등산 finds it; the card shows the policy, the tags and the members.
  const found = await findInDirectory(m.page, '등산을', hikingId);
  assert.equal(await found.getByTestId('directory-name').textContent(), '북한산 등산 모임');
  assert.equal(await found.getByTestId('policy-badge').getAttribute('data-policy'), 'OPEN');
  assert.equal(await found.getByTestId('policy-badge').textContent(), '공개');
  assert.match(await found.getByTestId('directory-members').textContent(), /1명/);
  assert.equal(await m.page.getByTestId('directory-room').count(), 1, 'only the group that matches');

  // Its tag narrows the list to the groups with that tag.
  await m.page.getByTestId('directory-search').fill('');
  await found.locator('[data-testid="directory-tag"][data-tag="hiking"]').click();
  await m.page.getByTestId('directory-active-tag').waitFor();
  await until(async () => (await m.page.getByTestId('directory-room').count()) === 1, 'only the #hiking group');
  await card(m.page, hikingId).waitFor();
  await screenshot(m.page, 'groups-directory-ko');

  // Join: the group opens, and is in the room list.
  await card(m.page, hikingId).getByTestId('directory-join').click();
  await until(() => m.page.url().endsWith(`#/rooms/${hikingId}`), 'the joined group to open');
  await until(async () => (await m.page.getByTestId('chat-title').textContent()) === '북한산 등산 모임', 'its title');
  await roomItem(m.page, hikingId).waitFor({ state: 'attached' }); // listed (the Groups tab may be the one shown)
  // Back in the directory it is one of mine: Open instead of Join.
  await m.page.getByTestId('tab-directory').click();
  await card(m.page, hikingId).getByTestId('directory-open').waitFor();
});

test('a password group refuses a wrong password in each person\'s language and lets the right one in', async () => {
  climbingId = await group('Climbing club', { joinPolicy: 'OPEN', password: 'granite' });

  const minsuCard = await findInDirectory(m.page, 'Climbing', climbingId);
  await minsuCard.getByTestId('password-badge').waitFor();
  await minsuCard.getByTestId('directory-join').click();
  await minsuCard.getByTestId('directory-password').fill('basalt');
  await minsuCard.getByTestId('directory-join-confirm').click();
  const minsuError = minsuCard.getByTestId('directory-error');
  await minsuError.waitFor();
  assert.equal(await minsuError.getAttribute('data-code'), 'WRONG_ROOM_PASSWORD');
  assert.equal(await minsuError.textContent(), '방 비밀번호가 틀렸습니다.');

  const bobCard = await findInDirectory(b.page, 'Climbing', climbingId);
  await bobCard.getByTestId('directory-join').click();
  await bobCard.getByTestId('directory-password').fill('limestone');
  await bobCard.getByTestId('directory-join-confirm').click();
  await bobCard.getByTestId('directory-error').waitFor();
  assert.equal(await bobCard.getByTestId('directory-error').textContent(), 'The room password is wrong.');

  // The right password, in the same form (what was typed stays there): in.
  await minsuCard.getByTestId('directory-password').fill('granite');
  await minsuCard.getByTestId('directory-join-confirm').click();
  await until(() => m.page.url().endsWith(`#/rooms/${climbingId}`), 'the group to open after the right password');
  await roomItem(m.page, climbingId).waitFor({ state: 'attached' }); // listed (the Groups tab may be the one shown)
});

test('a request to join reaches the owner live; approved, the applicant is let in live; refused, told in words', async () => {
  bookId = await group('Book circle', { joinPolicy: 'REQUEST', description: 'One novel a month' });
  await openRoom(a.page, bookId);
  await openGroupPanel(a.page);
  await a.page.getByTestId('applications-empty').waitFor();

  // Bob asks, with a note.
  const bobCard = await findInDirectory(b.page, 'Book circle', bookId);
  assert.equal(await bobCard.getByTestId('policy-badge').getAttribute('data-policy'), 'REQUEST');
  await bobCard.getByTestId('directory-apply').click();
  await bobCard.getByTestId('directory-note').fill('I read a lot of Murakami');
  await bobCard.getByTestId('directory-apply-confirm').click();
  await bobCard.getByTestId('directory-applied').waitFor();

  // Alice sees it arrive, with its note, and a count on the group's button and in her room list.
  const request = a.page.locator(`[data-testid="application-item"][data-user-id="${bob.id}"]`);
  await request.waitFor();
  assert.equal(await request.getByTestId('application-note').textContent(), 'I read a lot of Murakami');
  await until(async () => (await a.page.getByTestId('group-requests-badge').textContent()) === '1', 'the badge counting 1');
  assert.match(await roomItem(a.page, bookId).getByTestId('room-applications-badge').textContent(), /1/);

  // Minsu asks too.
  const minsuCard = await findInDirectory(m.page, 'Book circle', bookId);
  await minsuCard.getByTestId('directory-apply').click();
  await minsuCard.getByTestId('directory-apply-confirm').click();
  await minsuCard.getByTestId('directory-applied').waitFor();
  await until(async () => (await a.page.getByTestId('group-requests-badge').textContent()) === '2', 'the badge counting 2');
  await screenshot(a.page, 'groups-requests');

  // Approved: Bob's room list gets the group, live, and the card says Open.
  await request.getByTestId('application-approve').click();
  await roomItem(b.page, bookId).waitFor({ state: 'attached' }); // listed (the Groups tab may be the one shown)
  await bobCard.getByTestId('directory-open').waitFor();

  // Refused: Minsu is told in Korean and may ask again.
  await a.page.locator(`[data-testid="application-item"][data-user-id="${minsu.id}"]`).getByTestId('application-refuse').click();
  await until(async () => (await m.page.getByTestId('error-text').textContent()).includes('“Book circle” 가입 신청이 거절되었습니다.'),
    'the refusal in words');
  await minsuCard.getByTestId('directory-apply').waitFor();
  await a.page.getByTestId('applications-empty').waitFor();
  await until(async () => a.page.getByTestId('group-requests-badge').isHidden(), 'the badge gone');
});

test('an invite link made in the panel opens by its address, signed in or after signing in; revoked, it says so', async () => {
  const secretId = await group('Secret garden', { description: 'Invitation only' });
  await openRoom(a.page, secretId);
  await openGroupPanel(a.page);
  await a.page.getByTestId('invite-max-uses').fill('5');
  await a.page.getByTestId('invite-create').click();
  const link = a.page.getByTestId('invite-link-item');
  await link.waitFor();
  const address = await link.getByTestId('invite-address').inputValue();
  assert.match(address, new RegExp(`^${server.baseUrl}/invite/[A-Za-z0-9_-]{24}$`));
  assert.ok((await link.getByTestId('invite-uses').textContent()).startsWith('Used 0 of 5 times'));
  await a.page.getByTestId('group-section-links').scrollIntoViewIfNeeded();
  await screenshot(a.page, 'groups-settings');

  // Bob opens the address: the group it leads to, then Join.
  await b.page.goto(address);
  await waitOnline(b.page);
  await b.page.getByTestId('invite-room').waitFor();
  assert.equal(await b.page.getByTestId('invite-name').textContent(), 'Secret garden');
  assert.equal(await b.page.getByTestId('policy-badge').getAttribute('data-policy'), 'PRIVATE');
  await screenshot(b.page, 'groups-invite');
  await b.page.getByTestId('invite-accept').click();
  await until(() => b.page.url().endsWith(`#/rooms/${secretId}`), 'the group to open from the invite');
  await roomItem(b.page, secretId).waitFor({ state: 'attached' }); // listed (the Groups tab may be the one shown)

  // Carol is signed out: she signs in first and comes back to the invite.
  const c = await newPerson(browser, 'en-US');
  await c.page.goto(address);
  await c.page.getByTestId('login-email').waitFor();
  await c.page.getByTestId('login-email').fill(carol.email);
  await c.page.getByTestId('login-password').fill(carol.password);
  await c.page.getByTestId('login-submit').click();
  await c.page.getByTestId('invite-room').waitFor();
  assert.equal(await c.page.getByTestId('invite-name').textContent(), 'Secret garden');
  await c.context.close();

  // Alice's list counts the use once she reads it again; she revokes the link, and the address says so in Korean.
  await a.page.getByTestId('group-close').click();
  await openGroupPanel(a.page);
  await until(async () => (await a.page.getByTestId('invite-uses').textContent()).startsWith('Used 1 of 5 times'), 'one use');
  await a.page.getByTestId('invite-revoke').click();
  await a.page.locator('[data-testid="invite-links"] .empty').waitFor();
  await m.page.goto(address);
  await waitOnline(m.page);
  const error = m.page.getByTestId('invite-error');
  await error.waitFor();
  assert.equal(await error.getAttribute('data-code'), 'INVITE_LINK_NOT_FOUND');
  assert.equal(await error.textContent(), '이 초대 링크는 쓸 수 없습니다.');
});

test('a change of settings reaches another member\'s open page live, and a manager gets the settings', async () => {
  // Minsu (a member since the first test) has the group open, with its settings panel, read-only for him.
  await m.page.goto(`${server.baseUrl}/#/rooms/${hikingId}`);
  await waitOnline(m.page);
  await openGroupPanel(m.page);
  await m.page.getByTestId('group-read-only').waitFor();
  assert.equal(await m.page.getByTestId('group-form').count(), 0, 'no form for a member');

  await openRoom(a.page, hikingId);
  await openGroupPanel(a.page);
  await a.page.getByTestId('group-name').fill('북한산 토요 산행');
  await a.page.getByTestId('group-description').fill('매주 토요일 7시, 구파발역');
  await a.page.getByTestId('group-policy').selectOption('REQUEST');
  await a.page.getByTestId('group-save').click();
  await until(async () => (await a.page.getByTestId('group-status').textContent()) === 'Saved.', 'saved');

  await until(async () => (await m.page.getByTestId('chat-title').textContent()) === '북한산 토요 산행', 'the new name in the header');
  await until(async () => (await m.page.getByTestId('group-info-name').textContent()) === '북한산 토요 산행', 'the panel');
  assert.equal(await m.page.getByTestId('group-info-description').textContent(), '매주 토요일 7시, 구파발역');
  assert.equal(await m.page.getByTestId('group-info').getByTestId('policy-badge').getAttribute('data-policy'), 'REQUEST');
  assert.equal(await roomItem(m.page, hikingId).getByTestId('room-name').textContent(), '북한산 토요 산행');

  // A cover uploaded in the panel (it goes to the chat as a photo, as the server wants) shows in Minsu's panel.
  await a.page.getByTestId('cover-upload').setInputFiles({ name: 'hill.png', mimeType: 'image/png', buffer: hillPhoto() });
  await a.page.getByTestId('group-cover').getByTestId('cover-image').waitFor();
  await m.page.getByTestId('group-info').getByTestId('cover-image').waitFor();
  await until(() => m.page.getByTestId('group-info').getByTestId('cover-image')
    .evaluate((img) => img.complete && img.naturalWidth > 0), 'the cover thumbnail loaded');
  await a.page.getByTestId('group-section-about').scrollIntoViewIfNeeded();
  await screenshot(a.page, 'groups-settings-about');

  // Alice makes Minsu a manager from the member list: his panel becomes the form, and his list shows the badge.
  await a.page.getByTestId('members-button').click();
  const row = a.page.locator(`[data-testid="member-item"][data-user-id="${minsu.id}"]`);
  await row.getByTestId('make-manager-button').click();
  await row.getByTestId('manager-badge').waitFor();
  await m.page.getByTestId('group-form').waitFor();
  assert.equal(await m.page.getByTestId('group-name').inputValue(), '북한산 토요 산행');
});

test('a ban removes someone and keeps them out of the directory\'s door; the panel lists it', async () => {
  await openRoom(a.page, climbingId);
  await a.page.getByTestId('members-button').click();
  const row = a.page.locator(`[data-testid="member-item"][data-user-id="${minsu.id}"]`);
  await row.getByTestId('ban-button').click();
  await row.getByTestId('ban-button').click(); // the second press confirms
  await until(async () => (await row.count()) === 0, 'Minsu out of the member list');
  await until(async () => (await roomItem(m.page, climbingId).count()) === 0, 'the group gone from Minsu\'s list');

  const minsuCard = await findInDirectory(m.page, 'Climbing', climbingId);
  await minsuCard.getByTestId('directory-join').click();
  await minsuCard.getByTestId('directory-password').fill('granite');
  await minsuCard.getByTestId('directory-join-confirm').click();
  const error = minsuCard.getByTestId('directory-error');
  await error.waitFor();
  assert.equal(await error.getAttribute('data-code'), 'USER_BANNED');
  assert.equal(await error.textContent(), '이 방에는 들어갈 수 없습니다.');

  await openGroupPanel(a.page);
  await a.page.locator(`[data-testid="ban-item"][data-user-id="${minsu.id}"]`).waitFor();
});

test('no page was blocked by the Content-Security-Policy', () => {
  assertNoCspViolations();
});
