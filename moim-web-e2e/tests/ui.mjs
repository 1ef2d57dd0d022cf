// Steps the browser tests share: driving the web client the way a person does, and waiting for what they see.
import assert from 'node:assert/strict';
import { cspViolations } from './harness.mjs';

/**
 * Polls fn until it returns a truthy value; fails with `what` after `timeout` ms. The timeout is only a bound for
 * a broken build: generous, so that a busy machine is never mistaken for one.
 */
export async function until(fn, what, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) assert.fail(`Timed out waiting for ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function uniqueEmail(name) {
  return `${name}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export async function signupViaUi(page, baseUrl, { email, nickname, password }) {
  await page.goto(`${baseUrl}/#/signup`);
  await page.getByTestId('signup-email').fill(email);
  await page.getByTestId('signup-nickname').fill(nickname);
  await page.getByTestId('signup-password').fill(password);
  await page.getByTestId('signup-submit').click();
  // Signed up: the code mailed to the address can wait (the account works unverified).
  await page.getByTestId('verify-later').click();
  await waitOnline(page);
}

export async function loginViaUi(page, baseUrl, { email, password }) {
  await page.goto(`${baseUrl}/#/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await waitOnline(page);
}

export async function waitOnline(page, timeout = 30_000) {
  await page.locator('[data-testid="connection-state"][data-state="online"]').waitFor({ timeout });
}

/** Logs in over REST: for setting up rooms without the UI. call() logs in again when the token has expired. */
export async function apiSession(baseUrl, user) {
  const login = async () => {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    return res.json();
  };
  let session = await login();
  const call = async (method, path, body, retried = false) => {
    const r = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${session.accessToken}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    const parsed = text ? JSON.parse(text) : null;
    if (r.status === 401 && parsed?.code === 'TOKEN_EXPIRED' && !retried) {
      session = await login();
      return call(method, path, body, true);
    }
    return { status: r.status, body: parsed };
  };
  return { user: session.user, call };
}

export const roomItem = (page, roomId) => page.locator(`[data-testid="room-item"][data-room-id="${roomId}"]`);

/** The (non-pending) message bubbles with this text. */
export const messagesWithText = (page, text) =>
  page.locator('[data-testid="message"]').filter({ has: page.getByTestId('message-content').filter({ hasText: text }) });

export async function send(page, text) {
  const composer = page.getByTestId('composer');
  await composer.fill(text);
  await composer.press('Enter');
}

/** The seqs of the messages on screen, in the order shown. */
export const shownSeqs = (page) =>
  page.locator('[data-testid="message-list"] [data-seq]').evaluateAll((els) => els.map((e) => Number(e.dataset.seq)));

/** The room id in the page's URL (#/rooms/{id}), once it is not `previous`. */
export async function openRoomId(page, previous = null) {
  const id = () => Number(page.url().match(/#\/rooms\/(\d+)$/)?.[1] ?? NaN);
  await until(() => id() && id() !== previous, 'a room to open');
  return id();
}

/** Every page a test file opened ran under the Content-Security-Policy without anything being blocked. */
export function assertNoCspViolations() {
  assert.deepEqual(cspViolations, [], 'the Content-Security-Policy blocked something');
}
