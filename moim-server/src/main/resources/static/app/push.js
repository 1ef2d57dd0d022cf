// Web Push for this browser: the service worker (/sw.js), the notification permission and the push subscription.
// Registering the worker asks nothing of anyone; the permission is asked for only when the person turns
// notifications on (in the settings, or from the one-time offer after their first message), never on load.
import * as api from './api.js';

const ON_KEY = 'moim.push'; // 'on' while this browser is subscribed, for whoever is signed in
const OFFER_KEY = 'moim.pushOffer'; // 'done' once the one-time offer was answered either way

/** Client-side reasons, said in words by i18n's errorText like the server's codes. */
const failure = (code, cause) => Object.assign(new Error(cause?.message ?? code), { code });

let registration = null; // Promise<ServiceWorkerRegistration | null>

/** Browsers that can take pushes here: a service worker, the Push API and notifications, on https or localhost. */
export const supported = () => typeof window !== 'undefined' && window.isSecureContext && 'serviceWorker' in navigator
  && 'PushManager' in window && 'Notification' in window;

/** Registers /sw.js (once); resolves with its registration once it is active, or null where it cannot run. */
export function register() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return Promise.resolve(null);
  registration ??= navigator.serviceWorker.register('/sw.js', { scope: '/' })
    .then(() => navigator.serviceWorker.ready)
    .catch((e) => {
      console.debug('moim: the service worker could not be registered', e);
      registration = null;
      return null;
    });
  return registration;
}

/** 'unsupported', 'denied' (blocked in the browser's settings), 'on' or 'off'. */
export function status() {
  if (!supported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  return localStorage.getItem(ON_KEY) === 'on' && Notification.permission === 'granted' ? 'on' : 'off';
}

function bytesOf(base64url) {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function sameBytes(buffer, bytes) {
  if (!buffer) return false;
  const a = new Uint8Array(buffer);
  return a.length === bytes.length && a.every((x, i) => x === bytes[i]);
}

/** This browser's subscription for the server's key, made if there is none (or one for an older key). */
async function subscription(reg) {
  const { publicKey } = await api.api('GET', '/push/vapid-public-key');
  const key = bytesOf(publicKey);
  let sub = await reg.pushManager.getSubscription();
  if (sub && !sameBytes(sub.options?.applicationServerKey, key)) {
    await sub.unsubscribe().catch(() => {});
    sub = null;
  }
  try {
    sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  } catch (e) {
    throw failure('PUSH_FAILED', e);
  }
  return sub;
}

/**
 * Turns notifications on for this browser: asks for the permission (call it from a click, which browsers require),
 * subscribes, and hands the subscription to the server.
 */
export async function enable() {
  if (!supported()) throw failure('PUSH_UNSUPPORTED');
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw failure(permission === 'denied' ? 'PUSH_DENIED' : 'PUSH_DISMISSED');
  localStorage.setItem(OFFER_KEY, 'done');
  const reg = await register();
  if (!reg) throw failure('PUSH_UNSUPPORTED');
  const sub = await subscription(reg);
  await api.api('POST', '/push/subscriptions', sub.toJSON());
  localStorage.setItem(ON_KEY, 'on');
}

/** Turns them off: the server forgets this browser, and the browser drops its subscription. */
export async function disable({ server = true } = {}) {
  localStorage.removeItem(ON_KEY);
  const reg = supported() ? await register() : null;
  const sub = await reg?.pushManager.getSubscription().catch(() => null);
  if (!sub) return;
  if (server) await api.api('DELETE', '/push/subscriptions', { endpoint: sub.endpoint }).catch(() => {});
  await sub.unsubscribe().catch(() => {});
}

/**
 * After signing in: the worker is registered, and a browser whose notifications are on hands its subscription to the
 * server again (the server may have dropped it, or someone else may have used this browser since).
 */
export async function start() {
  await register();
  if (localStorage.getItem(ON_KEY) !== 'on') return;
  if (!supported() || Notification.permission !== 'granted') {
    localStorage.removeItem(ON_KEY);
    return;
  }
  try {
    const reg = await register();
    const sub = await reg?.pushManager.getSubscription();
    if (sub) await api.api('POST', '/push/subscriptions', sub.toJSON());
    else await enable();
  } catch (e) {
    console.debug('moim: could not renew the push subscription', e);
  }
}

/** Whether to offer notifications once (after the first message sent): never asked, never answered. */
export const shouldOffer = () => supported() && Notification.permission === 'default'
  && localStorage.getItem(OFFER_KEY) !== 'done' && status() === 'off';

export function offerAnswered() {
  localStorage.setItem(OFFER_KEY, 'done');
}
