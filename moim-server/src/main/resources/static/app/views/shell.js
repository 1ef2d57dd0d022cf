// The signed-in screen: the room list beside the open chat (one or the other on a phone), the connection
// state, the member panel, and message search (all rooms in place of the room list, one room beside its chat).
import { h } from '../dom.js';
import { t, errorText } from '../i18n.js';
import * as store from '../store.js';
import * as messenger from '../messenger.js';
import { roomList } from './roomList.js';
import { chatView } from './chat.js';
import { memberPanel } from './members.js';
import { openUserPicker } from './pickers.js';
import { searchPanel } from './search.js';
import { galleryPanel } from './gallery.js';
import { openProfile } from './profile.js';
import * as files from '../files.js';

const narrow = matchMedia('(max-width: 720px)');

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

  // Searching all rooms takes the room list's place until it is closed; it stays while chats are opened from it.
  let everywhere = null;
  const searchButton = h('button', { type: 'button', class: 'ghost small', 'data-testid': 'open-search-button',
    'aria-controls': 'all-search-panel', 'aria-expanded': 'false', title: t('search.titleAll'),
    onclick: () => (everywhere ? closeSearchEverywhere() : openSearchEverywhere()) },
  h('span', { 'aria-hidden': 'true' }, '🔍'), t('search.button'));

  function openSearchEverywhere() {
    everywhere = searchPanel({ onClose: closeSearchEverywhere, onOpenHit: jumpTo });
    rooms.el.hidden = true;
    rooms.el.before(everywhere.el);
    searchButton.setAttribute('aria-expanded', 'true');
    everywhere.focus();
  }

  function closeSearchEverywhere() {
    everywhere?.destroy();
    everywhere?.el.remove();
    everywhere = null;
    rooms.el.hidden = false;
    searchButton.setAttribute('aria-expanded', 'false');
    searchButton.focus();
  }

  // Me: my picture and name, which open my profile (where the picture is chosen).
  const meButton = h('button', { type: 'button', class: 'me-button', 'data-testid': 'profile-button',
    title: t('profile.button'), onclick: openProfile });
  function renderMe() {
    meButton.replaceChildren(files.avatar(state.me, { className: 'tiny' }),
      h('span', { class: 'me-name', 'data-testid': 'me-nickname' }, state.me.nickname),
      h('span', { class: 'sr-only' }, ` (${t('profile.button')})`));
  }
  store.subscribe('me', renderMe);
  renderMe();

  const sidebar = h('aside', { class: 'sidebar', 'aria-label': t('rooms.title') },
    h('header', { class: 'sidebar-head' },
      h('div', { class: 'brand small' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, '모'), t('appName')),
      connection),
    h('div', { class: 'me-bar' },
      meButton,
      h('button', { type: 'button', class: 'ghost small', 'data-testid': 'logout-button', onclick: onLogout }, t('nav.logout'))),
    h('div', { class: 'list-head' },
      h('h2', null, t('rooms.title')),
      h('span', { class: 'list-actions' },
        searchButton,
        h('button', { type: 'button', class: 'primary small', 'data-testid': 'new-chat-button',
          onclick: () => openUserPicker({ mode: 'newChat' }) }, `＋ ${t('nav.newChat')}`))),
    rooms.el);
  const pane = h('main', { class: 'pane' });
  const el = h('div', { class: 'shell', 'data-view': 'list' }, sidebar, pane);

  let open = null; // { roomId, chat, members, search, gallery }: at most one of the three panels at a time
  let opening = 0;
  let jump = null; // { roomId, seq }: the search hit the room about to open should show

  function close() {
    open?.chat?.destroy();
    open?.members?.destroy();
    open?.search?.destroy();
    open?.gallery?.destroy();
    open = null;
  }

  function placeholder() {
    pane.replaceChildren(h('div', { class: 'placeholder' }, h('p', null, t('chat.pick'))));
  }

  /** Opens the room of a search hit at that message. */
  function jumpTo(roomId, seq) {
    if (narrow.matches && open?.search) toggleSearch({ focusChat: false }); // on a phone the panel covers the chat
    if (location.hash === `#/rooms/${roomId}`) {
      messenger.showAround(roomId, seq)
        .then(() => { if (open?.roomId === roomId) open.chat.reveal(seq); })
        .catch(store.showError);
      return;
    }
    jump = { roomId, seq };
    location.hash = `#/rooms/${roomId}`;
  }

  function toggleSearch({ focusChat = true } = {}) {
    if (!open?.chat) return;
    if (open.search) {
      open.search.destroy();
      open.search.el.remove();
      open.search = null;
      open.chat.setSearchOpen(false);
      if (focusChat) open.chat.focus();
      return;
    }
    if (open.members) toggleMembers();
    if (open.gallery) toggleGallery();
    open.search = searchPanel({ roomId: open.roomId, onClose: () => toggleSearch(), onOpenHit: jumpTo });
    pane.querySelector('.chat-layout').append(open.search.el);
    open.chat.setSearchOpen(true);
    open.search.focus();
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
    if (open.search) toggleSearch();
    if (open.gallery) toggleGallery();
    open.members = memberPanel(open.roomId, {
      onClose: toggleMembers,
      onLeft: () => { location.hash = '#/rooms'; },
    });
    pane.querySelector('.chat-layout').append(open.members.el);
    open.members.el.querySelector('button')?.focus();
  }

  function toggleGallery() {
    if (!open?.chat) return;
    if (open.gallery) {
      open.gallery.destroy();
      open.gallery.el.remove();
      open.gallery = null;
      open.chat.setGalleryOpen(false);
      open.chat.focus();
      return;
    }
    if (open.search) toggleSearch({ focusChat: false });
    if (open.members) toggleMembers();
    open.gallery = galleryPanel(open.roomId, { onClose: toggleGallery });
    pane.querySelector('.chat-layout').append(open.gallery.el);
    open.chat.setGalleryOpen(true);
    open.gallery.focus();
  }

  function build(roomId) {
    const chat = chatView(roomId, { onToggleMembers: toggleMembers, onToggleSearch: () => toggleSearch(),
      onToggleGallery: toggleGallery });
    open = { roomId, chat, members: null, search: null, gallery: null };
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
      const aroundSeq = jump?.roomId === route.id ? jump.seq : null;
      jump = null;
      if (known) build(route.id);
      else pane.replaceChildren(h('div', { class: 'placeholder' }, h('p', null, t('chat.loading'))));
      messenger.openRoom(route.id, { aroundSeq })
        .then(() => {
          if (token !== opening) return;
          if (!open) build(route.id);
          if (aroundSeq != null) open.chat.reveal(aroundSeq);
        })
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
