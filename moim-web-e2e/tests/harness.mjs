// Starts a real Moim server (the jar the build just made) and a real Chromium for the browser tests.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const serverTarget = join(here, '..', '..', 'moim-server', 'target');

export const screenshotDir = process.env.MOIM_SCREENSHOTS_DIR || join(here, '..', 'target', 'screenshots');

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the server from a copy of its jar (a jar rebuilt under a running server breaks it): the one the build
 * just made, or MOIM_SERVER_JAR.
 */
export async function startServer(extraArgs = []) {
  let jar = process.env.MOIM_SERVER_JAR;
  if (!jar) {
    const built = readdirSync(serverTarget).find((f) => /^moim-server-.*\.jar$/.test(f));
    if (!built) throw new Error(`No server jar in ${serverTarget}: build moim-server first`);
    jar = join(serverTarget, built);
  }
  const work = mkdtempSync(join(tmpdir(), 'moim-e2e-'));
  copyFileSync(jar, join(work, 'moim.jar'));
  const port = await freePort();
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const child = spawn(java, ['-jar', join(work, 'moim.jar'),
    `--server.port=${port}`, '--server.address=127.0.0.1', `--moim.data-dir=${join(work, 'data')}`,
    '--logging.level.root=WARN', ...extraArgs], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Server exited early:\n${log}`);
    try {
      const res = await fetch(`${baseUrl}/actuator/health`);
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`Server did not start:\n${log}`); }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    dataDir: join(work, 'data'), // mail without SMTP goes to mail/outbox.log here
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => { child.once('exit', r); setTimeout(r, 15_000); });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Everything the Content-Security-Policy blocked, in every page the tests opened: a securitypolicyviolation event
 * (reported through the console by a script the test adds to each page) or Chromium's own console error.
 */
export const cspViolations = [];

/** A browser context that speaks the given language (the UI follows navigator.language); options: e.g. timezoneId. */
export async function newPerson(browser, locale = 'en-US', viewport = { width: 1280, height: 800 }, options = {}) {
  const context = await browser.newContext({ locale, viewport, ...options });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`securitypolicyviolation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  watchForCsp(page);
  return { context, page };
}

export function watchForCsp(page) {
  page.on('console', (message) => {
    const text = message.text();
    if (/securitypolicyviolation|Content Security Policy/i.test(text)) cspViolations.push(`${page.url()}: ${text}`);
  });
}

/**
 * Routes the page's STOMP socket through the test, to the real server, so the test can slip frames of its own
 * in among the server's: inject(destination, body) delivers a MESSAGE frame on the client's subscription to
 * destination, as a forged event relayed by a broker would arrive. Call before the page connects.
 */
export async function interceptSocket(page) {
  const subscriptions = new Map(); // destination → subscription id, from the client's SUBSCRIBE frames
  let socket = null;
  let forged = 0;
  await page.routeWebSocket(/\/ws$/, (ws) => {
    const server = ws.connectToServer();
    socket = ws;
    ws.onMessage((frame) => {
      const text = typeof frame === 'string' ? frame : frame.toString('utf8');
      if (text.startsWith('SUBSCRIBE\n')) {
        const header = (name) => text.match(new RegExp(`^${name}:(.*)$`, 'm'))?.[1];
        subscriptions.set(header('destination'), header('id'));
      }
      server.send(frame);
    });
  });
  return {
    hasSubscription: (destination) => subscriptions.has(destination),
    inject(destination, body) {
      const id = subscriptions.get(destination);
      if (!socket || !id) throw new Error(`The client has not subscribed to ${destination}`);
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      forged += 1;
      socket.send(`MESSAGE\ndestination:${destination}\ncontent-type:application/json\nsubscription:${id}\n`
        + `message-id:forged-${forged}\n\n${text}\0`);
    },
  };
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/** Signs a user up over REST (faster than the UI when the UI is not what is tested). */
export async function signupViaApi(baseUrl, nickname) {
  const email = `${nickname.toLowerCase().replace(/[^a-z0-9]/g, '') || 'user'}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = 'correct horse';
  const res = await fetch(`${baseUrl}/api/v1/auth/signup`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password, nickname }),
  });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  const user = await res.json();
  return { ...user, password };
}
