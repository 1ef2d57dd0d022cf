// Group dues in the web client: the owner opens the group's account and sets a monthly plan; a member tops up their
// wallet, sets a payment PIN and pays their dues from the room's account panel, and the owner's open panel shows
// them paid and the balance grow, live; the owner records an expense with a receipt photo, which every member sees
// posted in the chat; the chart and the CSV statement (UTF-8 with a BOM, formula-safe) show the month's money.
// Wrong PINs and bad amounts are refused in words, and plain members are not offered the managers' forms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { png } from './pictures.mjs';
import { startServer, launchBrowser, newPerson, screenshot, signupViaApi } from './harness.mjs';
import { until, loginViaUi, apiSession, roomItem, assertNoCspViolations } from './ui.mjs';

/** A receipt: lines of print on paper, as a PNG. */
const receiptPng = (width = 120, height = 200) => png(width, height,
  (x, y) => (y % 20 < 3 && x > 10 && x < width - 10 ? [60, 60, 60] : [250, 248, 240]));

let server;
let browser;
let alice; // the owner, en-US
let minsu; // a member, ko-KR
let dave; // a member who never pays
let roomId;
let a;
let m;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  alice = await signupViaApi(server.baseUrl, 'Alice');
  minsu = await signupViaApi(server.baseUrl, '민수');
  dave = await signupViaApi(server.baseUrl, 'Dave');
  const aliceApi = await apiSession(server.baseUrl, alice);
  const group = await aliceApi.call('POST', '/rooms', { type: 'GROUP', name: '등산 모임', memberIds: [minsu.id, dave.id] });
  assert.equal(group.status, 201, JSON.stringify(group.body));
  roomId = group.body.id;
  a = await newPerson(browser, 'en-US');
  m = await newPerson(browser, 'ko-KR');
  await loginViaUi(a.page, server.baseUrl, alice);
  await loginViaUi(m.page, server.baseUrl, minsu);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function openRoom(page) {
  await roomItem(page, roomId).click();
  await page.getByTestId('chat-title').filter({ hasText: '등산 모임' }).waitFor();
}

async function openAccount(page) {
  await page.getByTestId('account-button').click();
  await page.getByTestId('account-panel').waitFor();
}

const duesRow = (page, userId) => page.locator(`[data-testid="dues-member"][data-user-id="${userId}"]`);

test('the owner opens the group account, sets a monthly plan and appoints a treasurer; a plain member gets no forms', async () => {
  await openRoom(a.page);
  await openAccount(a.page);
  await a.page.getByTestId('account-currency').selectOption('KRW');
  await a.page.getByTestId('account-open').click();
  await until(async () => (await a.page.getByTestId('account-balance').textContent()).includes('0'), 'the new account');

  // A bad amount is refused in words before anything is sent.
  await a.page.getByTestId('plan-amount').fill('만원');
  await a.page.getByTestId('plan-save').click();
  await until(async () => (await a.page.getByTestId('plan-status').textContent()).length > 0, 'the refusal');
  assert.doesNotMatch(await a.page.getByTestId('plan-status').textContent(), /INVALID_AMOUNT/);

  await a.page.getByTestId('plan-amount').fill('10,000');
  await a.page.getByTestId('plan-period').selectOption('MONTHLY');
  await a.page.getByTestId('plan-day').fill('1');
  await a.page.getByTestId('plan-save').click();
  // The period in course is charged at once: three members, none paid.
  await until(async () => (await a.page.locator('[data-testid="dues-member"][data-paid="false"]').count()) === 3,
    'three unpaid members');
  assert.match(await a.page.getByTestId('dues-plan').textContent(), /₩10,000/);

  // The owner appoints Dave treasurer; the server agrees he manages the account now.
  await a.page.locator(`[data-testid="treasurer-toggle"][data-user-id="${dave.id}"]`).check();
  const daveApi = await apiSession(server.baseUrl, dave);
  await until(async () => (await daveApi.call('GET', `/rooms/${roomId}/account`)).body?.mayManage === true,
    'Dave appointed treasurer');
  assert.ok(await a.page.locator(`[data-testid="treasurer-toggle"][data-user-id="${dave.id}"]`).isChecked());

  await openRoom(m.page);
  await openAccount(m.page);
  await duesRow(m.page, minsu.id).waitFor();
  assert.equal(await m.page.getByTestId('treasurer-names').textContent(), 'Dave');
  assert.equal(await m.page.getByTestId('plan-form').count(), 0, 'a plain member cannot change the plan');
  assert.equal(await m.page.getByTestId('expense-form').count(), 0, 'a plain member cannot spend');
  await m.page.getByTestId('account-close').click();
});

test('a member tops up, sets a PIN and pays their dues; the owner sees it paid and the balance grow, live', async () => {
  // Top up 30,000 and set a PIN in the wallet.
  await m.page.getByTestId('wallet-button').click();
  await m.page.getByTestId('wallet-dialog').waitFor();
  await m.page.getByTestId('deposit-amount').fill('30000');
  await m.page.getByTestId('deposit-submit').click();
  await until(async () => (await m.page.getByTestId('wallet-balance').textContent()).includes('30,000'), 'the top-up');
  await m.page.locator('[data-testid="entry"][data-kind="DEPOSIT"]').waitFor();
  await m.page.getByTestId('pin-new').fill('246810');
  await m.page.getByTestId('pin-password').fill(minsu.password);
  await m.page.getByTestId('pin-submit').click();
  await until(async () => (await m.page.getByTestId('pin-status').getAttribute('class')).includes('ok'), 'the PIN saved');
  await screenshot(m.page, 'money-wallet-ko');
  await m.page.getByTestId('wallet-close').click();

  // A wrong PIN is refused in Korean and moves nothing.
  await openAccount(m.page);
  await m.page.getByTestId('dues-pay-form').waitFor();
  await m.page.getByTestId('dues-secret').fill('111111');
  await m.page.getByTestId('dues-pay').click();
  await until(async () => (await m.page.getByTestId('dues-pay-status').textContent()) === '결제 비밀번호가 틀렸습니다.',
    'the wrong PIN refused in Korean');
  assert.equal(await duesRow(a.page, minsu.id).getAttribute('data-paid'), 'false');

  // The right one pays; the owner's open panel follows without a reload.
  await m.page.getByTestId('dues-secret').fill('246810');
  await m.page.getByTestId('dues-pay').click();
  await until(async () => (await duesRow(m.page, minsu.id).getAttribute('data-paid')) === 'true', 'paid, for the payer');
  await until(async () => (await duesRow(a.page, minsu.id).getAttribute('data-paid')) === 'true', 'paid, live for the owner');
  await until(async () => (await a.page.getByTestId('account-balance').textContent()).includes('10,000'), 'the balance, live');
  assert.equal(await duesRow(a.page, dave.id).getAttribute('data-paid'), 'false');
  assert.match(await a.page.getByTestId('dues-summary').textContent(), /1 paid, 2 not yet, ₩20,000 owed/);
  await a.page.getByTestId('account-balance').scrollIntoViewIfNeeded();
  await screenshot(a.page, 'money-dues-en');

  // Paid: no second payment is offered.
  assert.equal(await m.page.getByTestId('dues-pay-form').count(), 0);
});

test('the owner records an expense with a receipt; the chat shows it to everyone; the chart and the CSV agree', async () => {
  await a.page.getByTestId('expense-amount-input').fill('4000');
  await a.page.getByTestId('expense-purpose').fill('=SUM(A1) 김밥');
  await a.page.getByTestId('expense-receipt-input').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: receiptPng() });
  await a.page.getByTestId('expense-secret').fill(alice.password);
  await a.page.getByTestId('expense-submit').click();
  await until(async () => (await a.page.getByTestId('expense').count()) === 1, 'the expense listed');
  await until(async () => (await a.page.getByTestId('account-balance').textContent()).includes('6,000'), 'the balance after it');
  await until(async () => (await a.page.getByTestId('expense-receipt').getAttribute('src'))?.startsWith('blob:'), 'the receipt shown');

  // Posted in the room as a system message, live for the member.
  // Posted in the room, live, in the member's language with its amount, purpose and receipt.
  await m.page.getByTestId('account-close').click();
  const note = m.page.locator('[data-testid="system-message"][data-event="EXPENSE"]');
  await until(async () => /“=SUM\(A1\) 김밥” ₩4,000 \(Alice님 사용\)/.test(await note.textContent()), 'the expense in the chat');
  await until(async () => (await note.getByTestId('system-receipt').getAttribute('src'))?.startsWith('blob:'),
    'the receipt beside it');
  await screenshot(m.page, 'money-expense-note-ko');

  // The chart's bars: 10,000 in and 4,000 out, all told (summed over the months, so a month that turns in the plan's
  // zone while the test runs changes nothing).
  const total = (testid) => a.page.locator(`[data-testid="${testid}"]`)
    .evaluateAll((bars) => bars.reduce((sum, bar) => sum + Number(bar.dataset.amount), 0));
  await until(async () => (await total('chart-spending')) === 4000, 'the spending in the chart');
  assert.equal(await total('chart-income'), 10000);
  await screenshot(a.page, 'money-expense-chart-en');

  // The statement downloads as CSV: a BOM for Excel, and the purpose cannot run as a formula.
  const [download] = await Promise.all([a.page.waitForEvent('download'), a.page.getByTestId('csv-download').click()]);
  const bytes = await readFile(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  assert.match(text, /김밥/);
  assert.doesNotMatch(text, /(^|,)"?=SUM/m, 'a formula is neutralised');
  assert.match(text, /\r\n/);
});

test('nothing was blocked by the Content-Security-Policy', () => {
  assertNoCspViolations();
});
