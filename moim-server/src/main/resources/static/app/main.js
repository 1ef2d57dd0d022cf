// Moim's web client: boot, hash routing (#/login, #/signup, #/rooms, #/rooms/{id}) and the error banner.
import { h } from './dom.js';
import { lang, t, errorText } from './i18n.js';
import * as api from './api.js';
import * as store from './store.js';
import * as messenger from './messenger.js';
import { renderAuth } from './views/auth.js';
import { shell } from './views/shell.js';

document.documentElement.lang = lang;
document.title = t('appName');

const root = document.getElementById('app');
let signedIn = false;
let screen = null; // the signed-in shell
let wanted = null; // a room link opened before logging in

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
function parseRoute() {
  const path = location.hash.replace(/^#/, '');
  const room = path.match(/^\/rooms\/(\d{1,18})$/);
  if (room) return { name: 'room', id: Number(room[1]) };
  if (path === '/rooms') return { name: 'rooms' };
  if (path === '/signup') return { name: 'signup' };
  return { name: 'login' };
}

function route() {
  const r = parseRoute();
  if (!signedIn) {
    if (r.name === 'room' || r.name === 'rooms') {
      wanted = location.hash;
      location.replace('#/login');
      return;
    }
    const notice = sessionStorage.getItem('moim.notice');
    sessionStorage.removeItem('moim.notice');
    renderAuth(root, r.name === 'signup' ? 'signup' : 'login', enter, notice ? errorText(notice) : null);
    return;
  }
  if (r.name === 'login' || r.name === 'signup') {
    location.replace('#/rooms');
    return;
  }
  screen.show(r);
}

function enter(user) {
  signedIn = true;
  messenger.start(user);
  screen = shell({ onLogout: logout });
  root.replaceChildren(screen.el);
  const target = wanted ?? (parseRoute().name === 'room' ? location.hash : '#/rooms');
  wanted = null;
  if (location.hash === target) route();
  else location.hash = target;
}

async function logout() {
  await messenger.stop();
  await api.logout();
  location.hash = '#/login';
  location.reload();
}

// The refresh token was refused (expired, revoked, or reused elsewhere): start over at the log-in form.
api.on('signedOut', (code) => {
  sessionStorage.setItem('moim.notice', code);
  location.hash = '#/login';
  location.reload();
});

addEventListener('hashchange', route);

// A file dropped anywhere but the chat (which takes it) must not make the browser leave the app to show it.
for (const type of ['dragover', 'drop']) {
  addEventListener(type, (event) => {
    if ([...(event.dataTransfer?.types ?? [])].includes('Files')) event.preventDefault();
  });
}

async function boot() {
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
