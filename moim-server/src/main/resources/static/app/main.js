// Moim's web client: boot, hash routing (#/login, #/signup, #/reset, #/rooms, #/rooms/{id}, #/friends, #/directory,
// #/invite/{code}), the error banner, and the places a clicked notification leads to (/?room=&seq=, /?view=friends,
// from the service worker). An invite link's address, /invite/{code}, becomes #/invite/{code}.
import { h } from './dom.js';
import { lang, t, errorText } from './i18n.js';
import * as api from './api.js';
import * as store from './store.js';
import * as messenger from './messenger.js';
import * as push from './push.js';
import * as social from './social.js';
import { renderAuth } from './views/auth.js';
import { shell } from './views/shell.js';

document.documentElement.lang = lang;
document.title = t('appName');

const root = document.getElementById('app');
let signedIn = false;
let screen = null; // the signed-in shell
let wanted = null; // a room link opened before logging in
let target = null; // where a clicked notification leads: {roomId, seq, view, notificationId}, until signed in

// ---- the error banner: every failure ends up here as a sentence, never as a blank screen ----
const bannerText = h('span', { 'data-testid': 'error-text' });
let bannerTimer = null;
const banner = h('div', { class: 'error-banner', role: 'alert', 'data-testid': 'error-banner', hidden: true },
  bannerText,
  h('button', { type: 'button', class: 'ghost small', 'aria-label': t('error.dismiss'), onclick: () => { banner.hidden = true; } }, '✕'));
document.body.prepend(banner);

store.subscribe('error', (error) => {
  bannerText.textContent = typeof error === 'string' ? error : errorText(error);
  banner.dataset.code = typeof error === 'string' ? '' : (error?.code ?? '');
  banner.hidden = false;
  clearTimeout(bannerTimer);
  bannerTimer = setTimeout(() => { banner.hidden = true; }, 12_000);
});
addEventListener('unhandledrejection', (event) => {
  const code = event.reason?.code;
  if (code === 'DISCONNECTED') return;
  store.showError(code ? event.reason : { code: 'UNKNOWN' });
});
addEventListener('error', () => store.showError({ code: 'UNKNOWN' }));

// ---- routing ----
// An invite code is base64url; anything else in its place is not one (and never reaches the API's path).
const INVITE = /^\/invite\/([A-Za-z0-9_-]{1,64})$/;
const SIGNED_IN_ONLY = new Set(['room', 'rooms', 'friends', 'directory', 'invite']);

function parseRoute() {
  const path = location.hash.replace(/^#/, '');
  const room = path.match(/^\/rooms\/(\d{1,18})$/);
  if (room) return { name: 'room', id: Number(room[1]) };
  if (path === '/rooms') return { name: 'rooms' };
  if (path === '/friends') return { name: 'friends' };
  if (path === '/directory') return { name: 'directory' };
  const invite = path.match(INVITE);
  if (invite) return { name: 'invite', code: invite[1] };
  if (path === '/signup') return { name: 'signup' };
  if (path === '/reset') return { name: 'reset' };
  return { name: 'login' };
}

const positive = (x) => (/^\d{1,15}$/.test(x ?? '') && Number(x) > 0 ? Number(x) : null);

/** Where an address made by the service worker (/?room=5&seq=12, /?view=friends) leads; null for anything else. */
function targetOf(url) {
  let parsed;
  try {
    parsed = new URL(url, location.origin);
  } catch {
    return null;
  }
  if (parsed.origin !== location.origin) return null;
  const q = parsed.searchParams;
  const found = { roomId: positive(q.get('room')), seq: positive(q.get('seq')),
    view: ['friends', 'notifications'].includes(q.get('view')) ? q.get('view') : null,
    notificationId: positive(q.get('notification')) };
  return found.roomId || found.view || found.notificationId ? found : null;
}

/** Goes where a notification leads (signed in). */
function follow(where) {
  if (where.notificationId) social.markNotificationRead(where.notificationId).catch(() => {});
  screen.go(where);
}

function route() {
  const r = parseRoute();
  if (!signedIn) {
    if (SIGNED_IN_ONLY.has(r.name)) {
      // Sign in first, then come back here (an invite link opened signed out comes back to the invite).
      wanted = location.hash;
      location.replace('#/login');
      return;
    }
    const code = sessionStorage.getItem('moim.notice');
    const email = sessionStorage.getItem('moim.loginEmail');
    sessionStorage.removeItem('moim.notice');
    sessionStorage.removeItem('moim.loginEmail');
    // A notice is an error code (why the session ended) or a plain message ("notice.…": what was done).
    const info = code?.startsWith('notice.');
    const notice = { text: code ? (info ? t(code) : errorText(code)) : null, info, email };
    renderAuth(root, r.name, enter, notice);
    return;
  }
  if (r.name === 'login' || r.name === 'signup' || r.name === 'reset') {
    location.replace('#/rooms');
    return;
  }
  screen.show(r);
}

function enter(user) {
  signedIn = true;
  messenger.start(user);
  push.start().catch(() => {});
  screen = shell({ onLogout: logout, onWithdrawn: withdrawn });
  root.replaceChildren(screen.el);
  const route0 = parseRoute().name;
  const hash = wanted ?? (SIGNED_IN_ONLY.has(route0) ? location.hash : '#/rooms');
  wanted = null;
  if (location.hash === hash) route();
  else location.hash = hash;
  if (target) {
    follow(target);
    target = null;
  }
}

async function logout() {
  // This browser stops getting pushes for this account (whoever signs in next decides for themselves).
  await push.disable().catch(() => {});
  await messenger.stop();
  await api.logout();
  location.hash = '#/login';
  location.reload();
}

/** The account was deleted: nothing of it stays here either. */
async function withdrawn() {
  await push.disable({ server: false }).catch(() => {});
  await messenger.stop();
  sessionStorage.setItem('moim.notice', 'notice.accountDeleted');
  location.hash = '#/login';
  location.reload();
}

// The refresh token was refused (expired, revoked, or reused elsewhere): start over at the log-in form.
api.on('signedOut', (code) => {
  sessionStorage.setItem('moim.notice', code);
  location.hash = '#/login';
  location.reload();
});

// A notification was clicked while this tab is open: the service worker says where it leads.
navigator.serviceWorker?.addEventListener('message', (event) => {
  if (event.data?.type !== 'moim.open' || typeof event.data.url !== 'string') return;
  const where = targetOf(event.data.url);
  if (!where) return;
  if (signedIn) follow(where);
  else target = where;
});

addEventListener('hashchange', route);

// A file dropped anywhere but the chat (which takes it) must not make the browser leave the app to show it.
for (const type of ['dragover', 'drop']) {
  addEventListener(type, (event) => {
    if ([...(event.dataTransfer?.types ?? [])].includes('Files')) event.preventDefault();
  });
}

async function boot() {
  // Opened from an invite link (/invite/{code}, which the server answers with this page): the app's own route.
  const invite = location.pathname.match(INVITE);
  if (invite) history.replaceState(null, '', `/#/invite/${invite[1]}`);
  // Opened from a notification (/?room=5&seq=12): go there once signed in, and keep the address clean.
  if (location.search) {
    target = targetOf(location.href);
    history.replaceState(null, '', `/${location.hash}`);
  }
  if (!api.hasSession()) {
    route();
    return;
  }
  // A reload: trade the stored refresh token for a fresh access token, retrying while the server is away.
  for (let attempt = 0; ; attempt++) {
    root.replaceChildren(h('div', { class: 'boot', 'data-testid': 'boot' }, t(attempt ? 'boot.offline' : 'boot.loading')));
    try {
      const session = await api.refresh();
      enter(session.user);
      return;
    } catch (e) {
      if (e.code === 'REFRESH_TOKEN_INVALID' || e.code === 'REFRESH_TOKEN_REUSED') return; // signedOut reloads
      await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** attempt)));
    }
  }
}

boot();
