// Errors reach people as sentences in their language, never as a blank screen or a bare code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser, newPerson, signupViaApi } from './harness.mjs';
import { until, loginViaUi, apiSession, roomItem, assertNoCspViolations } from './ui.mjs';

const here = dirname(fileURLToPath(import.meta.url));
let server;
let browser;
let alice;
let bob;
let carol;
let roomId;

before(async () => {
  // Half a message a second after the burst of 30: a burst of 45 is refused in part however slowly the
  // machine gets through it.
  server = await startServer(['--moim.messages.send-rate-per-second=0.5']);
  browser = await launchBrowser();
  alice = await signupViaApi(server.baseUrl, 'Alice');
  bob = await signupViaApi(server.baseUrl, 'Bob');
  carol = await signupViaApi(server.baseUrl, 'Carol');
  const session = await apiSession(server.baseUrl, alice);
  const created = await session.call('POST', '/rooms', { type: 'GROUP', name: 'Errors club', memberIds: [bob.id] });
  assert.equal(created.status, 201);
  roomId = created.body.id;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('every server error code has a sentence in both languages', async () => {
  const source = readFileSync(join(here, '..', '..', 'moim-server', 'src', 'main', 'java', 'dev', 'moim', 'common', 'ErrorCode.java'), 'utf8');
  const codes = [...source.matchAll(/^\s+([A-Z_]+)\(HttpStatus\./gm)].map((m) => m[1]);
  assert.ok(codes.length > 20, `found the codes in ErrorCode.java (${codes.length})`);
  for (const locale of ['en-US', 'ko-KR']) {
    const { page, context } = await newPerson(browser, locale);
    await page.goto(`${server.baseUrl}/#/login`);
    const sentences = await page.evaluate(async (all) => {
      const i18n = await import('/app/i18n.js');
      return Object.fromEntries(all.map((code) => [code, i18n.errorText(code)]));
    }, codes);
    const fallback = await page.evaluate(async () => (await import('/app/i18n.js')).errorText('NO_SUCH_CODE'));
    for (const code of codes) {
      assert.ok(sentences[code] && sentences[code] !== fallback && !sentences[code].includes(code),
        `${locale}: ${code} has its own sentence`);
    }
    if (locale === 'ko-KR') assert.match(sentences.NOT_A_MEMBER, /멤버가 아닙니다/);
    await context.close();
  }
});

test('a wrong password and a taken email are explained in words', async () => {
  const { page, context } = await newPerson(browser, 'ko-KR');
  await page.goto(`${server.baseUrl}/#/login`);
  await page.getByTestId('login-email').fill(alice.email);
  await page.getByTestId('login-password').fill('not the password');
  await page.getByTestId('login-submit').click();
  const error = page.getByTestId('auth-error');
  await error.waitFor();
  assert.equal(await error.textContent(), '이메일 또는 비밀번호가 올바르지 않습니다.');

  await page.goto(`${server.baseUrl}/#/signup`);
  await page.getByTestId('signup-email').fill(bob.email);
  await page.getByTestId('signup-nickname').fill('Bob again');
  await page.getByTestId('signup-password').fill('long enough password');
  await page.getByTestId('signup-submit').click();
  await until(async () => (await page.getByTestId('auth-error').textContent()) === '이미 가입된 이메일입니다.', 'EMAIL_TAKEN in Korean');
  await context.close();
});

test('a message over 4,000 characters is refused with a sentence, and a server refusal shows too', async () => {
  const { page, context } = await newPerson(browser, 'en-US');
  await loginViaUi(page, server.baseUrl, alice);
  await roomItem(page, roomId).click();
  await page.getByTestId('composer').waitFor();

  // Pasting 4,001 characters: the composer says why it will not send, and Enter does not send it.
  const tooLong = 'あ'.repeat(4001);
  await page.getByTestId('composer').fill(tooLong);
  const composerError = page.getByTestId('composer-error');
  await composerError.waitFor();
  assert.equal(await composerError.textContent(), 'Messages can be at most 4,000 characters; this one has 4,001.');
  assert.equal(await page.getByTestId('composer-counter').textContent(), '4,001 / 4,000');
  await page.getByTestId('composer').press('Enter');
  await page.getByTestId('error-banner').waitFor();
  assert.match(await page.getByTestId('error-banner').textContent(), /at most 4,000 characters/);
  assert.equal(await page.getByTestId('message-pending').count(), 0, 'nothing queued');
  assert.equal(await page.getByTestId('composer').inputValue(), tooLong, 'the text stays for editing');
  // Exactly 4,000 is fine.
  await page.getByTestId('composer').fill('가'.repeat(4000));
  await until(async () => await composerError.isHidden(), 'the composer error to clear');
  await page.getByTestId('composer').press('Enter');
  await page.locator('[data-testid="message"][data-seq]').filter({ hasText: '가'.repeat(4000) }).waitFor();
  await page.getByTestId('error-banner').locator('button').click();

  const storedWith = (text) => page.locator('[data-testid="message"][data-seq]')
    .filter({ has: page.getByTestId('message-content').filter({ hasText: text }) });

  // The server's own refusal, over STOMP: sending faster than the rate limit (30 in a burst) gets
  // RATE_LIMITED error events, which the UI shows as a sentence and as failed messages that can be retried.
  await page.evaluate(() => {
    const input = document.querySelector('[data-testid="composer"]');
    const form = document.querySelector('[data-testid="composer-form"]');
    for (let i = 1; i <= 45; i++) {
      input.value = `burst ${i}`;
      form.requestSubmit();
    }
  });
  await until(async () => (await page.getByTestId('error-banner').textContent()).includes('You are going too fast'),
    'the RATE_LIMITED sentence');
  const failed = page.locator('[data-testid="message-pending"][data-status="failed"]');
  await until(async () => (await failed.count()) > 0, 'failed messages');
  await until(async () => (await page.locator('[data-testid="message-pending"][data-status="sending"]').count()) === 0, 'sends to settle');
  const failedCount = await failed.count();
  const stored = await storedWith(/^burst \d+$/).count();
  assert.equal(stored + failedCount, 45, 'every message either stored or shown as failed');
  // Retrying works once the limit lets a message through again (a retry refused meanwhile fails again).
  const retried = await failed.first().getByTestId('message-content').textContent();
  const retriedFailed = failed.filter({ has: page.getByTestId('message-content').filter({ hasText: new RegExp(`^${retried}$`) }) });
  await until(async () => {
    if ((await storedWith(new RegExp(`^${retried}$`)).count()) === 1) return true;
    if ((await retriedFailed.count()) === 1) await retriedFailed.getByTestId('retry-button').click({ timeout: 2000 });
    return false;
  }, 'the retried message to be stored');
  assert.equal(await retriedFailed.count(), 0);
  await context.close();
});

test('opening a room one is not a member of says so instead of showing a blank screen', async () => {
  for (const [locale, sentence] of [['en-US', 'You are not a member of this chat.'], ['ko-KR', '이 대화방의 멤버가 아닙니다.']]) {
    const { page, context } = await newPerson(browser, locale);
    await loginViaUi(page, server.baseUrl, carol);
    await page.goto(`${server.baseUrl}/#/rooms/${roomId}`);
    const error = page.getByTestId('room-error');
    await error.waitFor();
    assert.equal(await error.textContent(), sentence);
    assert.equal(await page.getByTestId('composer').count(), 0);
    assert.equal(await page.getByTestId('room-list').isVisible(), true, 'the rest of the app still works');
    await context.close();
  }
  // A room that does not exist at all.
  const { page, context } = await newPerson(browser, 'en-US');
  await loginViaUi(page, server.baseUrl, carol);
  await page.goto(`${server.baseUrl}/#/rooms/987654`);
  await page.getByTestId('room-error').waitFor();
  assert.equal(await page.getByTestId('room-error').textContent(), 'This chat does not exist.');

  // Kicked while looking at the room: back to the list, told why.
  const bobPage = await newPerson(browser, 'en-US');
  await loginViaUi(bobPage.page, server.baseUrl, bob);
  await roomItem(bobPage.page, roomId).click();
  await bobPage.page.getByTestId('composer').waitFor();
  const aliceApi = await apiSession(server.baseUrl, alice);
  assert.equal((await aliceApi.call('DELETE', `/rooms/${roomId}/members/${bob.id}`)).status, 204);
  await until(async () => (await bobPage.page.getByTestId('error-banner').textContent()).includes('You were removed from “Errors club”'),
    'the kicked notice');
  await roomItem(bobPage.page, roomId).waitFor({ state: 'detached' });
  await bobPage.page.getByTestId('chat-view').waitFor({ state: 'detached' });
  await bobPage.context.close();
  await context.close();
});

test('no page was blocked by the Content-Security-Policy', () => {
  assertNoCspViolations();
});
