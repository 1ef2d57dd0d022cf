// Accounts in the web client: the e-mail code after sign-up (read from the server's outbox, as there is no SMTP
// server in the tests), later from the banner and the settings; a password reset from the sign-in screen; muting a
// chat and do-not-disturb saved; a new password that keeps this device signed in and signs the others out; and
// deleting the account, after which the others see a deleted sender.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, launchBrowser, newPerson, screenshot, signupViaApi } from './harness.mjs';
import {
  until, uniqueEmail, loginViaUi, waitOnline, apiSession, roomItem, messagesWithText, send, assertNoCspViolations,
} from './ui.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * The newest code of this kind ('verification' or 'reset') mailed to email: the server writes each mail to
 * <data-dir>/mail/outbox.log when no SMTP server is configured. Mail goes out off the request thread, so wait for it.
 */
async function mailedCode(email, kind) {
  const phrase = kind === 'reset' ? 'Your Moim password reset code: ' : 'Your Moim email verification code: ';
  return until(async () => {
    const log = await readFile(join(server.dataDir, 'mail', 'outbox.log'), 'utf8').catch(() => '');
    const mails = log.split(/^=== /m).filter((mail) => mail.includes(`\nTo: ${email}\n`) && mail.includes(phrase));
    if (mails.length === 0) return null;
    return mails.at(-1).match(new RegExp(`${phrase}(\\d{6})`))[1];
  }, `a ${kind} code mailed to ${email}`);
}

const wrong = (code) => code.slice(0, 5) + String((Number(code[5]) + 1) % 10);

async function login(email, password) {
  const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  return res.status;
}

test('signing up asks for the code mailed to the address, and a wrong one is said in words', async () => {
  const { page, context } = await newPerson(browser, 'ko-KR');
  const account = { email: uniqueEmail('jiwoo'), nickname: '지우', password: 'correct horse battery' };
  await page.goto(`${server.baseUrl}/#/signup`);
  await page.getByTestId('signup-email').fill(account.email);
  await page.getByTestId('signup-nickname').fill(account.nickname);
  await page.getByTestId('signup-password').fill(account.password);
  await page.getByTestId('signup-submit').click();
  await page.getByTestId('signup-verify-view').waitFor();
  assert.match(await page.getByTestId('verify-form').textContent(), new RegExp(`${account.email.replace('.', '\\.')}로 6자리 코드를 보냈습니다`));

  const code = await mailedCode(account.email, 'verification');
  await page.getByTestId('verify-code').fill(wrong(code));
  await page.getByTestId('verify-submit').click();
  await until(async () => (await page.getByTestId('verify-error').textContent()) === '코드가 맞지 않습니다. 메일을 확인하고 다시 입력해 주세요.',
    'the wrong code refused in Korean');
  await page.getByTestId('verify-code').fill('12');
  await page.getByTestId('verify-submit').click();
  assert.equal(await page.getByTestId('verify-error').textContent(), '코드는 숫자 6자리입니다.');
  await page.getByTestId('verify-code').fill(code);
  await screenshot(page, 'social-signup-code-ko');
  await page.getByTestId('verify-submit').click();
  await waitOnline(page);
  assert.equal(await page.getByTestId('verify-banner').isHidden(), true, 'no banner once verified');
  const me = await apiSession(server.baseUrl, account);
  assert.equal((await me.call('GET', '/users/me')).body.emailVerified, true);
  await context.close();
});

test('a code left for later: the banner leads to the settings, where it is entered', async () => {
  const { page, context } = await newPerson(browser, 'en-US');
  const account = { email: uniqueEmail('lena'), nickname: 'Lena', password: 'correct horse battery' };
  await page.goto(`${server.baseUrl}/#/signup`);
  await page.getByTestId('signup-email').fill(account.email);
  await page.getByTestId('signup-nickname').fill(account.nickname);
  await page.getByTestId('signup-password').fill(account.password);
  await page.getByTestId('signup-submit').click();
  await page.getByTestId('verify-later').click();
  await waitOnline(page);
  // The account works unverified; the banner stays, across reloads, until it is verified.
  await page.reload();
  await waitOnline(page);
  await page.getByTestId('verify-banner').waitFor();
  await page.getByTestId('verify-banner-open').click();
  const settings = page.getByTestId('settings-dialog');
  await settings.waitFor();
  const status = settings.getByTestId('email-status');
  assert.equal(await status.textContent(), 'Not verified');
  // A new code within a minute of the last one is refused, in words.
  await settings.getByTestId('verify-resend').click();
  await until(async () => (await settings.getByTestId('verify-error').textContent())
    === 'A code was sent just now. Wait a minute before asking for another.', 'the cooldown in words');
  await settings.getByTestId('verify-code').fill(await mailedCode(account.email, 'verification'));
  await settings.getByTestId('verify-submit').click();
  await until(async () => (await status.getAttribute('data-verified')) === 'true', 'verified');
  assert.equal(await status.textContent(), 'Verified');
  await page.getByTestId('verify-banner').waitFor({ state: 'hidden' });
  await settings.getByTestId('settings-close').click();
  await page.reload();
  await waitOnline(page);
  assert.equal(await page.getByTestId('verify-banner').isHidden(), true);
  await context.close();
});

test('a forgotten password is reset from the sign-in screen with the mailed code', async () => {
  const frank = await signupViaApi(server.baseUrl, 'Frank');
  const { page, context } = await newPerson(browser, 'en-US');
  await page.goto(`${server.baseUrl}/#/login`);
  await page.getByTestId('to-reset').click();
  await page.getByTestId('reset-view').waitFor();
  await page.getByTestId('reset-email').fill(frank.email);
  await page.getByTestId('reset-submit').click();
  await page.getByTestId('reset-info').waitFor();
  const code = await mailedCode(frank.email, 'reset');
  await page.getByTestId('reset-code').fill(wrong(code));
  await page.getByTestId('reset-password').fill('a brand new password');
  await page.getByTestId('reset-confirm').click();
  await until(async () => (await page.getByTestId('reset-error').textContent()) === 'That code is not right. Check the mail and try again.',
    'the wrong code refused');
  await page.getByTestId('reset-code').fill(code);
  await screenshot(page, 'social-reset');
  await page.getByTestId('reset-confirm').click();
  // Back at the sign-in form, told so, with the address filled in.
  await page.getByTestId('login-view').waitFor();
  assert.equal(await page.getByTestId('auth-error').textContent(), 'Your password was changed. Log in with the new one.');
  assert.equal(await page.getByTestId('login-email').inputValue(), frank.email);
  assert.equal(await login(frank.email, frank.password), 401);
  await page.getByTestId('login-password').fill('a brand new password');
  await page.getByTestId('login-submit').click();
  await waitOnline(page);
  await context.close();
});

test('muting a chat and do-not-disturb are saved', async () => {
  const gus = await signupViaApi(server.baseUrl, 'Gus');
  const hana = await signupViaApi(server.baseUrl, 'Hana');
  const gusApi = await apiSession(server.baseUrl, gus);
  const group = await gusApi.call('POST', '/rooms', { type: 'GROUP', name: 'Quiet corner', memberIds: [hana.id] });
  const groupId = group.body.id;
  const { page, context } = await newPerson(browser, 'en-US', undefined, { timezoneId: 'America/New_York' });
  await loginViaUi(page, server.baseUrl, gus);

  // Muted from the room's header: the room list says so, and the server keeps it.
  await roomItem(page, groupId).click();
  const mute = page.getByTestId('mute-button');
  assert.equal(await mute.getAttribute('aria-pressed'), 'false');
  await mute.click();
  await until(async () => (await mute.getAttribute('aria-pressed')) === 'true', 'muted');
  await roomItem(page, groupId).getByTestId('muted-icon').waitFor();
  assert.deepEqual((await gusApi.call('GET', '/users/me/muted-rooms')).body, [groupId]);

  // Do not disturb, in this browser's time zone unless another is chosen.
  await page.getByTestId('settings-button').click();
  const settings = page.getByTestId('settings-dialog');
  await settings.locator('[data-testid="dnd-form"][data-loaded="true"]').waitFor();
  assert.equal(await settings.locator(`[data-testid="mute-toggle"][data-room-id="${groupId}"]`).isChecked(), true);
  assert.equal(await settings.getByTestId('dnd-zone').inputValue(), 'America/New_York');
  await settings.getByTestId('dnd-enabled').check();
  await settings.getByTestId('dnd-start').fill('23:00');
  await settings.getByTestId('dnd-end').fill('07:00');
  await settings.getByTestId('dnd-save').click();
  await until(async () => (await settings.getByTestId('dnd-status').textContent()) === 'Saved: quiet from 23:00 to 07:00 every day.',
    'saved');
  assert.deepEqual((await gusApi.call('GET', '/users/me/do-not-disturb')).body,
    { enabled: true, start: '23:00', end: '07:00', timeZone: 'America/New_York' });
  await settings.getByTestId('dnd-zone').selectOption('Asia/Seoul');
  await settings.getByTestId('dnd-save').click();
  await until(async () => (await gusApi.call('GET', '/users/me/do-not-disturb')).body.timeZone === 'Asia/Seoul', 'another zone');
  await screenshot(page, 'social-settings');

  // Unmuted from the settings: the header and the list follow.
  await settings.locator(`[data-testid="mute-toggle"][data-room-id="${groupId}"]`).uncheck();
  await until(async () => (await mute.getAttribute('aria-pressed')) === 'false', 'unmuted in the header');
  await roomItem(page, groupId).getByTestId('muted-icon').waitFor({ state: 'detached' });
  assert.deepEqual((await gusApi.call('GET', '/users/me/muted-rooms')).body, []);
  await settings.getByTestId('settings-close').click();

  // Everything as saved after a reload.
  await mute.click();
  await until(async () => (await mute.getAttribute('aria-pressed')) === 'true', 'muted again');
  await page.reload();
  await waitOnline(page);
  await roomItem(page, groupId).getByTestId('muted-icon').waitFor();
  await page.getByTestId('settings-button').click();
  await settings.locator('[data-testid="dnd-form"][data-loaded="true"]').waitFor();
  assert.equal(await settings.getByTestId('dnd-enabled').isChecked(), true);
  assert.equal(await settings.getByTestId('dnd-start').inputValue(), '23:00');
  assert.equal(await settings.getByTestId('dnd-end').inputValue(), '07:00');
  assert.equal(await settings.getByTestId('dnd-zone').inputValue(), 'Asia/Seoul');
  await context.close();
});

test('a new password keeps this device signed in and signs out the others', async () => {
  const ian = await signupViaApi(server.baseUrl, 'Ian');
  const jo = await signupViaApi(server.baseUrl, 'Jo');
  const ianApi = await apiSession(server.baseUrl, ian);
  const group = await ianApi.call('POST', '/rooms', { type: 'GROUP', name: 'Passwords', memberIds: [jo.id] });
  const laptop = await newPerson(browser, 'en-US');
  const phone = await newPerson(browser, 'en-US', { width: 390, height: 844 });
  await loginViaUi(laptop.page, server.baseUrl, ian);
  await loginViaUi(phone.page, server.baseUrl, ian);

  await laptop.page.getByTestId('settings-button').click();
  const settings = laptop.page.getByTestId('settings-dialog');
  await settings.getByTestId('current-password').fill('not my password');
  await settings.getByTestId('new-password').fill('an even better password');
  await settings.getByTestId('password-submit').click();
  await until(async () => (await settings.getByTestId('password-status').textContent()) === 'That password is not right.', 'refused');
  await settings.getByTestId('current-password').fill(ian.password);
  await settings.getByTestId('password-submit').click();
  await until(async () => (await settings.getByTestId('password-status').textContent()).startsWith('Your password was changed.'),
    'changed');
  await settings.getByTestId('settings-close').click();

  // The phone is signed out, and says why.
  await phone.page.getByTestId('login-view').waitFor();
  assert.equal(await phone.page.getByTestId('auth-error').textContent(), 'Your session has ended. Please log in again.');

  // The laptop carries on: connected again with the new session, sending and receiving.
  await waitOnline(laptop.page);
  await roomItem(laptop.page, group.body.id).click();
  await send(laptop.page, 'Still here');
  await laptop.page.locator('[data-testid="message"][data-seq]').filter({ hasText: 'Still here' }).waitFor();
  assert.equal(await laptop.page.getByTestId('message-pending').count(), 0);
  const joApi = await apiSession(server.baseUrl, jo);
  await joApi.call('POST', `/rooms/${group.body.id}/messages`, { clientMsgId: 'jo-1', content: 'Welcome back' });
  await messagesWithText(laptop.page, 'Welcome back').waitFor();
  await laptop.page.reload();
  await waitOnline(laptop.page);
  assert.equal(await login(ian.email, ian.password), 401);
  assert.equal(await login(ian.email, 'an even better password'), 200);
  await laptop.context.close();
  await phone.context.close();
});

test('deleting the account returns to the sign-in screen, and others see a deleted sender', async () => {
  const kim = await signupViaApi(server.baseUrl, 'Kim');
  const lee = await signupViaApi(server.baseUrl, 'Lee');
  const kimApi = await apiSession(server.baseUrl, kim);
  const group = await kimApi.call('POST', '/rooms', { type: 'GROUP', name: 'Farewell', memberIds: [lee.id] });
  const groupId = group.body.id;
  await kimApi.call('POST', `/rooms/${groupId}/messages`, { clientMsgId: 'kim-1', content: 'Bye for now' });
  const k = await newPerson(browser, 'en-US');
  const l = await newPerson(browser, 'en-US');
  await loginViaUi(k.page, server.baseUrl, kim);
  await loginViaUi(l.page, server.baseUrl, lee);
  await roomItem(l.page, groupId).click();
  const bye = messagesWithText(l.page, 'Bye for now');
  await bye.waitFor();
  assert.equal(await bye.getByTestId('message-sender').textContent(), 'Kim');

  await k.page.getByTestId('settings-button').click();
  const settings = k.page.getByTestId('settings-dialog');
  await settings.getByTestId('delete-account').click();
  await settings.getByTestId('delete-password').fill('not my password');
  await settings.getByTestId('delete-confirm').click();
  await until(async () => (await settings.getByTestId('delete-status').textContent()) === 'That password is not right.', 'refused');
  await settings.getByTestId('delete-password').fill(kim.password);
  await screenshot(k.page, 'social-delete-account');
  await settings.getByTestId('delete-confirm').click();
  await k.page.getByTestId('login-view').waitFor();
  assert.equal(await k.page.getByTestId('auth-error').textContent(), 'Your account was deleted. Thank you for using Moim.');
  assert.equal(await login(kim.email, kim.password), 401);

  // Lee sees Kim leave, live, and Kim's message stays, from a deleted account (the name the server now gives).
  await l.page.getByTestId('system-message').filter({ hasText: '(탈퇴한 사용자) left.' }).waitFor();
  await until(async () => (await bye.getByTestId('message-sender').textContent()) === '(탈퇴한 사용자)', 'the deleted sender');
  await bye.getByTestId('message-sender').click();
  await l.page.getByTestId('person-dialog').getByText('This account was deleted.').waitFor();
  await screenshot(l.page, 'social-deleted-sender');
  await k.context.close();
  await l.context.close();
});

test('no page was blocked by the Content-Security-Policy', () => {
  assertNoCspViolations();
});
