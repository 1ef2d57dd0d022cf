// The signed-in screen: the room list beside the open chat (one or the other on a phone), the connection
// state, and the member panel.
import { h } from '../dom.js';
import { t, errorText } from '../i18n.js';
import * as store from '../store.js';
import * as messenger from '../messenger.js';
import { roomList } from './roomList.js';
import { chatView } from './chat.js';
import { memberPanel } from './members.js';
import { openUserPicker } from './pickers.js';

export function shell({ onLogout }) {
  const { state } = store;
  const rooms = roomList();

  const connection = h('span', { class: 'connection', 'data-testid': 'connection-state', role: 'status' });
  function renderConnection() {
    connection.dataset.state = state.connection;
    connection.replaceChildren(h('span', { class: 'dot', 'aria-hidden': 'true' }), t(`conn.${state.connection}`));
  }
  store.subscribe('connection', renderConnection);
  renderConnection();

  // The tab says how much is unread, so a background tab shows it too: "(3) Moim".
  function renderTitle() {
    let unread = 0;
    for (const room of state.rooms.values()) unread += room.unreadCount > 0 ? room.unreadCount : 0;
    document.title = unread > 0 ? `(${unread > 999 ? '999+' : unread}) ${t('appName')}` : t('appName');
  }
  store.subscribe('rooms', renderTitle);
  renderTitle();

  const sidebar = h('aside', { class: 'sidebar', 'aria-label': t('rooms.title') },
    h('header', { class: 'sidebar-head' },
      h('div', { class: 'brand small' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, '모'), t('appName')),
      connection),
    h('div', { class: 'me-bar' },
      h('span', { class: 'me-name', 'data-testid': 'me-nickname' }, state.me.nickname),
      h('button', { type: 'button', class: 'ghost small', 'data-testid': 'logout-button', onclick: onLogout }, t('nav.logout'))),
    h('div', { class: 'list-head' },
      h('h2', null, t('rooms.title')),
      h('button', { type: 'button', class: 'primary small', 'data-testid': 'new-chat-button',
        onclick: () => openUserPicker({ mode: 'newChat' }) }, `＋ ${t('nav.newChat')}`)),
    rooms.el);
  const pane = h('main', { class: 'pane' });
  const el = h('div', { class: 'shell', 'data-view': 'list' }, sidebar, pane);

  let open = null; // { roomId, chat, members }
  let opening = 0;

  function close() {
    open?.chat?.destroy();
    open?.members?.destroy();
    open = null;
  }

  function placeholder() {
    pane.replaceChildren(h('div', { class: 'placeholder' }, h('p', null, t('chat.pick'))));
  }

  function toggleMembers() {
    if (!open?.chat) return;
    if (open.members) {
      open.members.destroy();
      open.members.el.remove();
      open.members = null;
      open.chat.focus();
      return;
    }
    open.members = memberPanel(open.roomId, {
      onClose: toggleMembers,
      onLeft: () => { location.hash = '#/rooms'; },
    });
    pane.querySelector('.chat-layout').append(open.members.el);
    open.members.el.querySelector('button')?.focus();
  }

  function build(roomId) {
    const chat = chatView(roomId, { onToggleMembers: toggleMembers });
    open = { roomId, chat, members: null };
    pane.replaceChildren(h('div', { class: 'chat-layout' }, chat.el));
    chat.afterAttach();
    chat.focus();
  }

  function fail(roomId, e) {
    close();
    pane.replaceChildren(h('div', { class: 'placeholder room-error', role: 'alert' },
      h('p', { 'data-testid': 'room-error' }, errorText(e)),
      h('a', { href: '#/rooms', class: 'button ghost' }, t('nav.back'))));
  }

  /** route: { name: 'rooms' } or { name: 'room', id }. */
  function show(route) {
    if (route.name === 'room') {
      if (open?.roomId === route.id) return;
      close();
      const token = ++opening;
      el.dataset.view = 'chat';
      rooms.setOpen(route.id);
      const known = state.rooms.has(route.id);
      if (known) build(route.id);
      else pane.replaceChildren(h('div', { class: 'placeholder' }, h('p', null, t('chat.loading'))));
      messenger.openRoom(route.id)
        .then(() => { if (token === opening && !open) build(route.id); })
        .catch((e) => {
          if (token !== opening) return;
          if (e.code === 'NETWORK' && known) return; // offline: what we hold stays; the reconnect catches up
          fail(route.id, e);
        });
      return;
    }
    ++opening;
    close();
    messenger.closeRoom();
    el.dataset.view = 'list';
    rooms.setOpen(null);
    placeholder();
  }

  // Removed from the open room (kicked, or left in another tab): back to the list, saying why.
  store.subscribe('roomRemoved', ({ roomId, reason, room }) => {
    if (reason === 'kicked') store.showError(t('chat.kicked', { name: store.roomTitle(room) }));
    if (open?.roomId === roomId) location.hash = '#/rooms';
  });

  placeholder();
  return { el, show };
}
