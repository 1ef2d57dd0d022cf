// Web Push in the web client. Headless Chromium has no push service (PushManager.subscribe fails with "permission
// denied" whatever is granted), so the browser's subscription is stood in for: an init script gives PushManager a
// subscription whose endpoint is a push service run by this test on 127.0.0.1, with keys the test holds. Everything
// else is real: the service worker at /sw.js, the permission asked only when notifications are turned on, the
// subscription handed to the server, the server's encrypted pushes (decrypted here, RFC 8291), those pushes delivered
// to the real worker (Chrome DevTools' ServiceWorker.deliverPushMessage), the notifications it shows, and a click on
// one (dispatched in the worker, as a real click cannot be made headless) opening the room in the open tab. What is
// not covered: a real browser push service, and a click opening a new window when no Moim tab is open (the worker's
// clients.openWindow needs a real click); the address it would open (/?room=…&seq=…) is tested directly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import crypto from 'node:crypto';
import { startServer, launchBrowser, newPerson, screenshot, signupViaApi, watchForCsp } from './harness.mjs';
import { until, loginViaUi, waitOnline, apiSession, roomItem, send, assertNoCspViolations } from './ui.mjs';

let server;
let browser;
let pushService; // { base, received: [{path, headers, body}] }
let alice;
let bob;
let aliceApi;
let bobApi;
let directId;
let groupId;
let a; // Alice's browser: { context, page }
const ua = crypto.createECDH('prime256v1'); // the "browser's" key pair for message encryption
ua.generateKeys();
const authSecret = crypto.randomBytes(16);

/** A push service on this machine: takes every POST and answers 201, as FCM or Mozilla's would. */
function startPushService() {
  const received = [];
  const http = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url, method: req.method, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(201).end();
    });
  });
  return new Promise((resolve) => http.listen(0, '127.0.0.1', () =>
    resolve({ base: `http://127.0.0.1:${http.address().port}`, received, close: () => http.close() })));
}

const hmac = (key, data) => crypto.createHmac('sha256', key).update(data).digest();

/** Decrypts an aes128gcm Web Push body (RFC 8291) with the "browser's" keys; returns the plaintext. */
function decrypt(body) {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20];
  const serverKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  assert.ok(ciphertext.length <= recordSize, 'one record');
  const shared = ua.computeSecret(serverKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ua.getPublicKey(), serverKey]);
  const ikm = hmac(hmac(authSecret, shared), Buffer.concat([keyInfo, Buffer.from([1])]));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12);
  const decipher = crypto.createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (padded[end] === 0) end -= 1;
  assert.equal(padded[end], 2, 'the last record ends with its delimiter');
  return padded.subarray(0, end).toString('utf8');
}

/** Stands in for the browser's push service in this context's pages (see the top of this file). */
async function fakePushManager(context, endpoint) {
  await context.addInitScript(({ endpoint: url, p256dh, auth }) => {
    if (!('PushManager' in window)) return;
    const count = (name) => localStorage.setItem(name, String(Number(localStorage.getItem(name) || 0) + 1));
    const toB64 = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const fromB64 = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const subscription = (key) => ({
      endpoint: url,
      expirationTime: null,
      options: { userVisibleOnly: true, applicationServerKey: fromB64(key).buffer },
      toJSON: () => ({ endpoint: url, expirationTime: null, keys: { p256dh, auth } }),
      unsubscribe: async () => {
        localStorage.removeItem('fakePush.key');
        count('fakePush.unsubscribed');
        return true;
      },
    });
    PushManager.prototype.subscribe = async function subscribe(options) {
      const key = options.applicationServerKey;
      localStorage.setItem('fakePush.key', typeof key === 'string' ? key : toB64(new Uint8Array(key.buffer ?? key)));
      return subscription(localStorage.getItem('fakePush.key'));
    };
    PushManager.prototype.getSubscription = async function getSubscription() {
      const key = localStorage.getItem('fakePush.key');
      return key ? subscription(key) : null;
    };
    const ask = Notification.requestPermission.bind(Notification);
    Notification.requestPermission = (...args) => {
      count('fakePush.asks');
      return ask(...args);
    };
  }, { endpoint, p256dh: ua.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') });
}

const stub = (page, name) => page.evaluate((n) => localStorage.getItem(n), name);

before(async () => {
  pushService = await startPushService();
  // The test's push service is plain http on 127.0.0.1: allowed only because it is listed (and is this machine).
  server = await startServer(['--moim.push.allowed-hosts=127.0.0.1']);
  browser = await launchBrowser();
  alice = await signupViaApi(server.baseUrl, 'Alice');
  bob = await signupViaApi(server.baseUrl, 'Bob');
  aliceApi = await apiSession(server.baseUrl, alice);
  bobApi = await apiSession(server.baseUrl, bob);
  const direct = await bobApi.call('POST', '/rooms', { type: 'DIRECT', memberIds: [alice.id] });
  directId = direct.body.id;
  const group = await bobApi.call('POST', '/rooms', { type: 'GROUP', name: 'Ski trip', memberIds: [alice.id] });
  groupId = group.body.id;
});

after(async () => {
  await browser?.close();
  await server?.stop();
  pushService?.close();
});

test('the service worker registers on sign-in without asking anything; the offer comes once, after a first message', async () => {
  a = await newPerson(browser, 'en-US');
  await fakePushManager(a.context, `${pushService.base}/push/alice-laptop`);
  await loginViaUi(a.page, server.baseUrl, alice);
  const registered = await until(() => a.page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration('/');
    return reg?.active ? { script: reg.active.scriptURL, scope: reg.scope } : null;
  }), 'the service worker active');
  assert.deepEqual(registered, { script: `${server.baseUrl}/sw.js`, scope: `${server.baseUrl}/` });
  assert.equal(await a.page.evaluate(() => Notification.permission), 'default');
  assert.equal(await stub(a.page, 'fakePush.asks'), null, 'no permission asked on load');
  assert.equal(await a.page.getByTestId('push-offer').isHidden(), true);

  // The first message sent: notifications are offered, once; "Not now" is remembered.
  await roomItem(a.page, directId).click();
  await send(a.page, 'Hi Bob');
  await a.page.getByTestId('push-offer').waitFor();
  assert.equal(await stub(a.page, 'fakePush.asks'), null, 'offering is not asking');
  await screenshot(a.page, 'social-push-offer');
  await a.page.getByTestId('push-offer-dismiss').click();
  await a.page.getByTestId('push-offer').waitFor({ state: 'hidden' });
  await send(a.page, 'Are you there?');
  await a.page.reload();
  await waitOnline(a.page);
  await roomItem(a.page, directId).click();
  await send(a.page, 'Hello?');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await a.page.getByTestId('push-offer').isHidden(), true, 'offered once only');
  assert.equal(await stub(a.page, 'fakePush.asks'), null);
});

test('accepting the offer where the browser refuses says so in words', async () => {
  const other = await newPerson(browser, 'en-US');
  await fakePushManager(other.context, `${pushService.base}/push/alice-other`);
  await loginViaUi(other.page, server.baseUrl, alice);
  await roomItem(other.page, groupId).click();
  await send(other.page, 'Snow looks good');
  await other.page.getByTestId('push-offer-enable').click();
  // Headless Chromium answers a permission request with "denied", as a person blocking it would.
  await until(async () => (await other.page.getByTestId('error-text').textContent())
    === 'Notifications are blocked for this site. Allow them in your browser’s settings.', 'the refusal in words');
  assert.equal(await stub(other.page, 'fakePush.asks'), '1');
  await other.page.getByTestId('settings-button').click();
  const state = other.page.getByTestId('push-state');
  assert.equal(await state.getAttribute('data-state'), 'denied');
  assert.equal(await other.page.getByTestId('push-toggle').isDisabled(), true);
  assert.equal((await aliceApi.call('GET', '/push/subscriptions')).body.subscriptions.length, 0);
  await other.context.close();
});

test('turning notifications on in the settings asks for the permission and subscribes with the server\'s key', async () => {
  await a.context.grantPermissions(['notifications'], { origin: server.baseUrl });
  await a.page.getByTestId('settings-button').click();
  const settings = a.page.getByTestId('settings-dialog');
  const toggle = settings.getByTestId('push-toggle');
  assert.equal(await settings.getByTestId('push-state').getAttribute('data-state'), 'off');
  await toggle.check();
  await until(async () => (await settings.getByTestId('push-status').textContent()) === 'Notifications are on for this browser.',
    'turned on');
  assert.equal(await settings.getByTestId('push-state').getAttribute('data-state'), 'on');
  assert.equal(await stub(a.page, 'fakePush.asks'), '1', 'asked once, when turned on');
  const vapid = (await aliceApi.call('GET', '/push/vapid-public-key')).body.publicKey;
  assert.equal(await stub(a.page, 'fakePush.key'), vapid, 'subscribed with the server\'s key');
  const subscriptions = (await aliceApi.call('GET', '/push/subscriptions')).body.subscriptions;
  assert.deepEqual(subscriptions.map((s) => s.origin), [pushService.base]);
  await screenshot(a.page, 'social-push-settings');
  await settings.getByTestId('settings-close').click();
});

/** Waits for the next push to reach the test's push service, and returns it with its decrypted payload. */
async function nextPush(after) {
  await until(() => pushService.received.length > after, 'a push');
  const push = pushService.received[after];
  return { ...push, payload: JSON.parse(decrypt(push.body)) };
}

let messagePush;
let mentionPush;

test('while Alice is away, the server pushes her new messages and mentions, encrypted for her browser', async () => {
  await a.page.close();
  await until(async () => (await bobApi.call('GET', `/users/${alice.id}`)).body.online === false, 'Alice offline');
  let seen = pushService.received.length;
  const sent = await bobApi.call('POST', `/rooms/${directId}/messages`, { clientMsgId: 'push-1', content: 'Lift opens at 8' });
  messagePush = await nextPush(seen);
  assert.equal(messagePush.path, '/push/alice-laptop');
  assert.equal(messagePush.method, 'POST');
  assert.equal(messagePush.headers['content-encoding'], 'aes128gcm');
  assert.equal(messagePush.headers.topic, `r${directId}`);
  assert.match(messagePush.headers.authorization, /^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/);
  assert.ok(Number(messagePush.headers.ttl) > 0);
  assert.deepEqual(messagePush.payload, { type: 'message', roomId: directId, roomName: null, seq: sent.body.seq, sender: 'Bob',
    messageType: 'TEXT', text: 'Lift opens at 8' });

  seen = pushService.received.length;
  const mention = await bobApi.call('POST', `/rooms/${groupId}/messages`, { clientMsgId: 'push-2', content: '@Alice bring goggles' });
  // The group message and the mention each push (in either order).
  await until(() => pushService.received.length >= seen + 2, 'two pushes');
  const payloads = pushService.received.slice(seen, seen + 2).map((p) => JSON.parse(decrypt(p.body)));
  mentionPush = payloads.find((p) => p.type === 'notification');
  assert.equal(mentionPush.kind, 'MENTION');
  assert.equal(mentionPush.actor, 'Bob');
  assert.equal(mentionPush.roomId, groupId);
  assert.equal(mentionPush.seq, mention.body.seq);
  assert.equal(mentionPush.text, '@Alice bring goggles');
  const groupMessage = payloads.find((p) => p.type === 'message');
  assert.equal(groupMessage.roomName, 'Ski trip');
});

/** Hands a push to the service worker as the browser's push service would deliver it. */
async function deliver(page, payload) {
  const cdp = await page.context().newCDPSession(page);
  const registrations = new Promise((resolve) => cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => resolve(e.registrations)));
  await cdp.send('ServiceWorker.enable');
  const registration = (await registrations).find((r) => r.scopeURL === `${server.baseUrl}/` && !r.isDeleted);
  await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.baseUrl, registrationId: registration.registrationId,
    data: JSON.stringify(payload) });
  await cdp.detach();
}

const shown = (page) => page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications())
  .map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data })));

/** Clicks a shown notification inside the worker (a script's click: see the top of this file). */
async function click(tag) {
  const worker = a.context.serviceWorkers().find((w) => w.url() === `${server.baseUrl}/sw.js`);
  await worker.evaluate(async (t) => {
    const [notification] = await self.registration.getNotifications({ tag: t });
    self.dispatchEvent(new NotificationEvent('notificationclick', { notification }));
  }, tag);
}

test('the worker shows a push, one notification per room, and a click opens the room in the open tab', async () => {
  a.page = await a.context.newPage();
  watchForCsp(a.page);
  await a.page.goto(server.baseUrl);
  await waitOnline(a.page);
  await deliver(a.page, messagePush.payload);
  await until(async () => (await shown(a.page)).length === 1, 'a notification');
  assert.deepEqual(await shown(a.page), [{ title: 'Bob', body: 'Lift opens at 8', tag: `room-${directId}`,
    data: { roomId: directId, seq: messagePush.payload.seq } }]);
  // A newer message in the same room replaces it rather than piling up.
  await deliver(a.page, { ...messagePush.payload, seq: messagePush.payload.seq + 1, text: 'And closes at 4' });
  await until(async () => (await shown(a.page))[0]?.body === 'And closes at 4', 'the newer message');
  assert.equal((await shown(a.page)).length, 1);

  await click(`room-${directId}`);
  await until(() => a.page.url().endsWith(`#/rooms/${directId}`), 'the room opened');
  await a.page.getByTestId('chat-title').filter({ hasText: 'Bob' }).waitFor();
  assert.deepEqual(await shown(a.page), [], 'the clicked notification is gone');

  // A mention: in words, and its click opens the message and marks the notification read.
  const unread = (await aliceApi.call('GET', '/notifications/unread-count')).body.unreadCount;
  await deliver(a.page, mentionPush);
  await until(async () => (await shown(a.page)).length === 1, 'the mention shown');
  const [notice] = await shown(a.page);
  assert.equal(notice.title, 'Bob mentioned you');
  assert.equal(notice.body, '@Alice bring goggles');
  await click(notice.tag);
  await until(() => a.page.url().endsWith(`#/rooms/${groupId}`), 'the group opened');
  await a.page.locator(`[data-testid="message-list"] [data-seq="${mentionPush.seq}"][data-mentions-me="true"]`).waitFor();
  await until(async () => (await aliceApi.call('GET', '/notifications/unread-count')).body.unreadCount === unread - 1,
    'the mention marked read');
});

test('the address a notification opens when no tab is open leads to its message', async () => {
  await a.page.goto(`${server.baseUrl}/?room=${directId}&seq=${messagePush.payload.seq}`);
  await waitOnline(a.page);
  await until(() => a.page.url() === `${server.baseUrl}/#/rooms/${directId}`, 'the room, with a clean address');
  await a.page.locator(`[data-testid="message-list"] [data-seq="${messagePush.payload.seq}"]`).waitFor();
  await a.page.goto(`${server.baseUrl}/?view=friends`);
  await waitOnline(a.page);
  await a.page.getByTestId('friends-view').waitFor();
  assert.equal(await a.page.getByTestId('tab-friends').getAttribute('aria-selected'), 'true');
});

test('turning notifications off unsubscribes this browser, on the server too', async () => {
  await a.page.getByTestId('settings-button').click();
  const settings = a.page.getByTestId('settings-dialog');
  assert.equal(await settings.getByTestId('push-toggle').isChecked(), true, 'still on after reloads');
  await settings.getByTestId('push-toggle').uncheck();
  await until(async () => (await settings.getByTestId('push-status').textContent()) === 'Notifications are off for this browser.',
    'turned off');
  assert.deepEqual((await aliceApi.call('GET', '/push/subscriptions')).body.subscriptions, []);
  assert.equal(await stub(a.page, 'fakePush.unsubscribed'), '1');
  assert.equal(await stub(a.page, 'fakePush.key'), null);
});

test('no page was blocked by the Content-Security-Policy', () => {
  assertNoCspViolations();
});
