// The notifications panel (from the bell): what happened to me, newest first and in words (mentions, invitations,
// removals, new ownership, friend requests and acceptances), unread ones marked; more on demand, unread only if asked,
// all marked read at once. Choosing one marks it read and goes there.
import { h } from '../dom.js';
import { t, errorText, formatWhen } from '../i18n.js';
import * as store from '../store.js';
import * as social from '../social.js';
import { avatar } from '../files.js';

/** The sentence for a notification, in the reader's language; the room named as the room list names it. */
export function notificationText(n) {
  const actor = n.actor?.nickname ?? t('chat.unknownUser');
  const room = store.state.rooms.get(n.roomId);
  const roomName = (room && store.roomTitle(room)) || n.text || t('search.unknownRoom');
  switch (n.kind) {
    case 'MENTION': return t('notice.MENTION', { actor, room: roomName });
    case 'INVITED': return t('notice.INVITED', { actor, room: n.text || roomName });
    case 'KICKED': return t('notice.KICKED', { actor, room: n.text || roomName });
    case 'NEW_OWNER': return t('notice.NEW_OWNER', { actor, room: n.text || roomName });
    case 'FRIEND_REQUEST': return t('notice.FRIEND_REQUEST', { actor });
    case 'FRIEND_ACCEPTED': return t('notice.FRIEND_ACCEPTED', { actor });
    case 'JOIN_REQUEST': return t('notice.JOIN_REQUEST', { actor, room: roomName });
    case 'JOIN_APPROVED': return t('notice.JOIN_APPROVED', { actor, room: n.text || roomName });
    case 'JOIN_REFUSED': return t('notice.JOIN_REFUSED', { actor, room: n.text || roomName });
    // n.text is what is owed ("7000 KRW · 2026-12-01"): the room is named from the room list.
    case 'DUES_DUE': return t('notice.DUES_DUE', { room: (room && store.roomTitle(room)) || t('search.unknownRoom') });
    case 'DUES_AUTOPAY_FAILED':
      return t('notice.DUES_AUTOPAY_FAILED', { room: (room && store.roomTitle(room)) || t('search.unknownRoom') });
    default: return t('notice.other');
  }
}

/** onOpen(notification) when one is chosen (it is marked read first); onClose for the ✕. */
export function notificationsPanel({ onOpen, onClose }) {
  const cleanups = [];
  let items = [];
  let nextBefore = null;
  let unreadOnly = false;
  let loading = false;
  let failed = null;
  let generation = 0;

  const list = h('ul', { class: 'notification-list', 'data-testid': 'notifications-list', 'aria-label': t('notice.title') });
  const more = h('button', { type: 'button', class: 'ghost search-more', 'data-testid': 'notifications-more', hidden: true,
    onclick: () => load() }, t('notice.more'));
  const status = h('p', { class: 'muted center', role: 'status', 'data-testid': 'notifications-status' });
  const filter = h('input', { type: 'checkbox', id: 'notifications-unread-only', 'data-testid': 'notifications-unread-only',
    onchange: () => {
      unreadOnly = filter.checked;
      reset();
    } });
  const readAll = h('button', { type: 'button', class: 'link', 'data-testid': 'notifications-read-all',
    onclick: () => social.markAllNotificationsRead().catch(store.showError) }, t('notice.readAll'));

  const el = h('section', { id: 'notifications-panel', class: 'notifications-panel', 'data-testid': 'notifications-panel',
    'aria-labelledby': 'notifications-title' },
  h('header', { class: 'panel-head' },
    h('h3', { id: 'notifications-title' }, t('notice.title')),
    h('button', { type: 'button', class: 'ghost', 'data-testid': 'notifications-close', 'aria-label': t('notice.close'),
      onclick: onClose }, '✕')),
  h('div', { class: 'notifications-tools' },
    h('label', { class: 'check' }, filter, h('span', null, t('notice.unreadOnly'))),
    readAll),
  h('div', { class: 'notifications-scroll' }, list, status, more));

  function itemEl(n) {
    const excerpt = n.kind === 'MENTION' && n.text;
    return h('li', null, h('button', { type: 'button', class: `notification-item${n.read ? '' : ' is-unread'}`,
      'data-testid': 'notification-item', 'data-id': n.id, 'data-kind': n.kind, 'data-read': String(n.read),
      onclick: () => open(n) },
    avatar(n.actor ?? { nickname: '!' }, { className: 'small' }),
    h('span', { class: 'notification-main' },
      h('span', { class: 'notification-text', 'data-testid': 'notification-text' }, notificationText(n)),
      excerpt && h('span', { class: 'notification-excerpt muted', 'data-testid': 'notification-excerpt' }, excerpt),
      h('time', { class: 'muted', datetime: n.createdAt }, formatWhen(n.createdAt))),
    !n.read && h('span', { class: 'unread-dot', 'aria-label': t('notice.unread') })));
  }

  function render() {
    list.replaceChildren(...items.map(itemEl));
    more.hidden = nextBefore == null || loading;
    list.setAttribute('aria-busy', String(loading));
    if (failed) status.textContent = errorText(failed);
    else if (loading && items.length === 0) status.textContent = t('notice.loading');
    else if (items.length === 0) status.textContent = t(unreadOnly ? 'notice.noneUnread' : 'notice.none');
    else status.textContent = '';
    status.dataset.state = loading ? 'loading' : 'done';
  }

  async function load() {
    if (loading) return;
    loading = true;
    failed = null;
    const mine = generation;
    render();
    try {
      const page = await social.listNotifications({ unreadOnly, before: items.length ? nextBefore : null });
      if (mine !== generation) return;
      const known = new Set(items.map((n) => n.id));
      items.push(...page.notifications.filter((n) => !known.has(n.id)));
      nextBefore = page.nextBefore ?? null;
    } catch (e) {
      if (mine === generation) failed = e;
    } finally {
      if (mine === generation) {
        loading = false;
        render();
      }
    }
  }

  function reset() {
    generation += 1;
    items = [];
    nextBefore = null;
    loading = false;
    load();
  }

  async function open(n) {
    if (!n.read) {
      n.read = true;
      render();
      social.markNotificationRead(n.id).catch(() => {});
    }
    onOpen(n);
  }

  cleanups.push(store.subscribe('notifications', (change) => {
    if (change?.added && !items.some((n) => n.id === change.added.id)) {
      items.unshift(change.added);
      render();
    }
    if (change?.read != null) {
      for (const n of items) if (change.read === 'all' || n.id === change.read) n.read = true;
      render();
    }
  }));
  render();
  load();
  return {
    el,
    focus: () => el.querySelector('button')?.focus(),
    destroy: () => cleanups.forEach((fn) => fn()),
  };
}
