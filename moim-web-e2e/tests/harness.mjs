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

/** Starts the server from a copy of its jar (a jar rebuilt under a running server breaks it). */
export async function startServer(extraArgs = []) {
  const jar = readdirSync(serverTarget).find((f) => /^moim-server-.*\.jar$/.test(f));
  if (!jar) throw new Error(`No server jar in ${serverTarget}: build moim-server first`);
  const work = mkdtempSync(join(tmpdir(), 'moim-e2e-'));
  copyFileSync(join(serverTarget, jar), join(work, 'moim.jar'));
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

/** A browser context that speaks the given language (the UI follows navigator.language). */
export async function newPerson(browser, locale = 'en-US', viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  return { context, page };
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
