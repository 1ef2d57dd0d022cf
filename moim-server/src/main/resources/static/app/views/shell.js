// The signed-in screen: the room list (or the friends tab) beside the open chat (one or the other on a phone), the
// connection state, the bell and its notifications, settings, the member panel, and message search (all rooms in place
// of the room list, one room beside its chat).
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
import { accountPanel } from './account.js';
import { openWallet } from './wallet.js';
import { openProfile } from './profile.js';
import { friendsView } from './friends.js';
import { notificationsPanel } from './notifications.js';
import { openSettings } from './settings.js';
import { directoryView } from './directory.js';
import { groupPanel } from './groupPanel.js';
import { invitePage } from './invite.js';
import * as files from '../files.js';
import * as push from '../push.js';

const narrow = matchMedia('(max-width: 720px)');

export function shell({ onLogout, onWithdrawn }) {
  const { state } = store;
  const rooms = roomList();
  const friends = friendsView();
  const directory = directoryView();

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
    if (tab !== 'chats') setTab('chats');
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

  const settings = (section) => openSettings({ section, onWithdrawn });

  // ---- the bell: unread notifications, and their panel in place of the lists ----
  let notices = null; // the panel, while it is open
  const bellBadge = h('span', { class: 'badge bell-badge', 'data-testid': 'notifications-badge', hidden: true });
  const bell = h('button', { type: 'button', class: 'ghost small bell', 'data-testid': 'notifications-button',
    'aria-controls': 'notifications-panel', 'aria-expanded': 'false',
    onclick: () => (notices ? closeNotifications() : openNotifications()) },
  h('span', { 'aria-hidden': 'true' }, '🔔'), h('span', { class: 'sr-only' }, t('notice.title')), bellBadge);
  function renderBell() {
    const n = state.notifications.unread;
    bellBadge.hidden = n <= 0;
    bellBadge.textContent = n > 99 ? '99+' : String(n);
    bell.title = n > 0 ? t('notice.unreadCount', { n }) : t('notice.title');
  }
  store.subscribe('notifications', renderBell);
  renderBell();

  // ---- banners: the e-mail to verify, and (once, after a first message) notifications to turn on ----
  const verifyBanner = h('div', { class: 'side-banner', 'data-testid': 'verify-banner', role: 'status', hidden: true },
    h('span', null, t('verify.banner')),
    h('button', { type: 'button', class: 'link', 'data-testid': 'verify-banner-open', onclick: () => settings('account') },
      t('verify.bannerAction')));
  const renderVerify = () => { verifyBanner.hidden = state.me.emailVerified !== false; };
  store.subscribe('me', renderVerify);
  renderVerify();

  const pushOffer = h('div', { class: 'side-banner', 'data-testid': 'push-offer', role: 'status', hidden: true },
    h('span', null, t('push.offer')),
    h('span', { class: 'banner-buttons' },
      h('button', { type: 'button', class: 'primary small', 'data-testid': 'push-offer-enable',
        onclick: () => {
          pushOffer.hidden = true;
          push.enable().catch(store.showError);
        } }, t('push.offerYes')),
      h('button', { type: 'button', class: 'link', 'data-testid': 'push-offer-dismiss',
        onclick: () => {
          pushOffer.hidden = true;
          push.offerAnswered();
        } }, t('push.offerNo'))));
  store.subscribe('sent', () => { if (push.shouldOffer()) pushOffer.hidden = false; });

  // ---- the two tabs: chats and friends ----
  let tab = 'chats';
  const friendsBadge = h('span', { class: 'badge tab-badge', 'data-testid': 'friends-badge', hidden: true });
  const tabButton = (name, label, badge) => h('button', { type: 'button', role: 'tab', class: 'side-tab',
    id: `tab-${name}`, 'data-testid': `tab-${name}`, 'aria-controls': `pane-${name}`,
    onclick: () => chooseTab(name) }, label, badge);
  const chatsTab = tabButton('chats', t('rooms.title'));
  const friendsTab = tabButton('friends', t('friends.tab'), friendsBadge);
  const directoryTab = tabButton('directory', t('groups.tab'));
  const chatsPane = h('div', { class: 'side-pane', id: 'pane-chats', role: 'tabpanel', 'aria-labelledby': 'tab-chats' },
    h('div', { class: 'list-head' },
      h('h2', { class: 'sr-only' }, t('rooms.title')), // the tab above says it already
      h('span', { class: 'list-actions' },
        searchButton,
        h('button', { type: 'button', class: 'primary small', 'data-testid': 'new-chat-button',
          onclick: () => openUserPicker({ mode: 'newChat' }) }, `＋ ${t('nav.newChat')}`))),
    rooms.el);
  const friendsPane = h('div', { class: 'side-pane', id: 'pane-friends', role: 'tabpanel', 'aria-labelledby': 'tab-friends',
    hidden: true }, friends.el);
  const directoryPane = h('div', { class: 'side-pane', id: 'pane-directory', role: 'tabpanel', 'aria-labelledby': 'tab-directory',
    hidden: true }, directory.el);
  const lists = h('div', { class: 'side-lists' },
    h('div', { class: 'side-tabs', role: 'tablist' }, chatsTab, friendsTab, directoryTab),
    chatsPane,
    friendsPane,
    directoryPane);

  function setTab(name) {
    const shown = tab !== name || directoryPane.hidden;
    tab = name;
    chatsPane.hidden = name !== 'chats';
    friendsPane.hidden = name !== 'friends';
    directoryPane.hidden = name !== 'directory';
    chatsTab.setAttribute('aria-selected', String(name === 'chats'));
    friendsTab.setAttribute('aria-selected', String(name === 'friends'));
    directoryTab.setAttribute('aria-selected', String(name === 'directory'));
    if (name === 'directory' && shown) directory.show();
    if (notices) closeNotifications({ focusBell: false });
  }

  /** A tab chosen by hand: #/friends, #/directory and #/rooms follow it, unless a chat is open beside the list. */
  function chooseTab(name) {
    setTab(name);
    const listHashes = ['#/rooms', '#/friends', '#/directory'];
    const hash = name === 'chats' ? '#/rooms' : `#/${name}`;
    if (listHashes.includes(location.hash) && location.hash !== hash) location.hash = hash;
    if (name === 'friends') friends.focus();
    if (name === 'directory') directory.focus();
  }

  function renderFriendsBadge() {
    const n = state.friends.incoming.length;
    friendsBadge.hidden = n === 0;
    friendsBadge.textContent = String(n);
    friendsTab.title = n ? t('friends.incomingCount', { n }) : '';
  }
  store.subscribe('friends', renderFriendsBadge);
  renderFriendsBadge();
  setTab('chats');

  function openNotifications() {
    notices = notificationsPanel({ onClose: () => closeNotifications(), onOpen: openNotice });
    lists.hidden = true;
    lists.before(notices.el);
    bell.setAttribute('aria-expanded', 'true');
    notices.focus();
  }

  function closeNotifications({ focusBell = true } = {}) {
    notices?.destroy();
    notices?.el.remove();
    notices = null;
    lists.hidden = false;
    bell.setAttribute('aria-expanded', 'false');
    if (focusBell) bell.focus();
  }

  /** A notification was chosen: go where it happened. */
  function openNotice(n) {
    switch (n.kind) {
      case 'MENTION':
        if (n.roomId && n.seq) jumpTo(n.roomId, n.seq);
        else if (n.roomId) location.hash = `#/rooms/${n.roomId}`;
        break;
      case 'INVITED':
      case 'NEW_OWNER':
      case 'JOIN_REQUEST':
      case 'JOIN_APPROVED':
      case 'DUES_DUE':
      case 'DUES_AUTOPAY_FAILED':
        if (n.roomId) location.hash = `#/rooms/${n.roomId}`;
        break;
      case 'FRIEND_REQUEST':
      case 'FRIEND_ACCEPTED':
        closeNotifications({ focusBell: false });
        location.hash = '#/friends';
        chooseTab('friends');
        break;
      default:
        break; // KICKED: there is nowhere to go; reading it is all
    }
  }

  const sidebar = h('aside', { class: 'sidebar', 'aria-label': t('rooms.title') },
    h('header', { class: 'sidebar-head' },
      h('div', { class: 'brand small' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, '모'), t('appName')),
      h('span', { class: 'head-actions' }, connection, bell)),
    h('div', { class: 'me-bar' },
      meButton,
      h('span', { class: 'me-actions' },
        h('button', { type: 'button', class: 'ghost small', 'data-testid': 'wallet-button', title: t('money.wallet'),
          'aria-label': t('money.wallet'), onclick: openWallet }, h('span', { 'aria-hidden': 'true' }, '💰')),
        h('button', { type: 'button', class: 'ghost small', 'data-testid': 'settings-button', title: t('settings.title'),
          'aria-label': t('settings.title'), onclick: () => settings('notifications') }, h('span', { 'aria-hidden': 'true' }, '⚙')),
        h('button', { type: 'button', class: 'ghost small', 'data-testid': 'logout-button', onclick: onLogout }, t('nav.logout')))),
    verifyBanner,
    pushOffer,
    lists);
  const pane = h('main', { class: 'pane' });
  const el = h('div', { class: 'shell', 'data-view': 'list' }, sidebar, pane);

  let open = null; // { roomId, chat, members, search, gallery, group, account }: at most one of the panels at a time
  let invite = null; // the invite page, while it is shown
  let opening = 0;
  let jump = null; // { roomId, seq }: the search hit the room about to open should show

  function close() {
    open?.chat?.destroy();
    open?.members?.destroy();
    open?.search?.destroy();
    open?.gallery?.destroy();
    open?.group?.destroy();
    open?.account?.destroy();
    open = null;
    invite?.destroy();
    invite = null;
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
    if (open.group) toggleGroup();
    if (open.account) toggleAccount();
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
    if (open.group) toggleGroup();
    if (open.account) toggleAccount();
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
    if (open.group) toggleGroup();
    if (open.account) toggleAccount();
    open.gallery = galleryPanel(open.roomId, { onClose: toggleGallery });
    pane.querySelector('.chat-layout').append(open.gallery.el);
    open.chat.setGalleryOpen(true);
    open.gallery.focus();
  }

  function toggleGroup() {
    if (!open?.chat) return;
    if (open.group) {
      open.group.destroy();
      open.group.el.remove();
      open.group = null;
      open.chat.setGroupOpen(false);
      open.chat.focus();
      return;
    }
    if (open.search) toggleSearch({ focusChat: false });
    if (open.members) toggleMembers();
    if (open.gallery) toggleGallery();
    if (open.account) toggleAccount();
    open.group = groupPanel(open.roomId, { onClose: toggleGroup });
    pane.querySelector('.chat-layout').append(open.group.el);
    open.chat.setGroupOpen(true);
    open.group.focus();
  }

  function toggleAccount() {
    if (!open?.chat) return;
    if (open.account) {
      open.account.destroy();
      open.account.el.remove();
      open.account = null;
      open.chat.setAccountOpen(false);
      open.chat.focus();
      return;
    }
    if (open.search) toggleSearch({ focusChat: false });
    if (open.members) toggleMembers();
    if (open.gallery) toggleGallery();
    if (open.group) toggleGroup();
    open.account = accountPanel(open.roomId, { onClose: toggleAccount });
    pane.querySelector('.chat-layout').append(open.account.el);
    open.chat.setAccountOpen(true);
    open.account.focus();
  }

  function build(roomId) {
    const chat = chatView(roomId, { onToggleMembers: toggleMembers, onToggleSearch: () => toggleSearch(),
      onToggleGallery: toggleGallery, onToggleGroup: toggleGroup, onToggleAccount: toggleAccount });
    open = { roomId, chat, members: null, search: null, gallery: null, group: null, account: null };
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

  /** route: { name: 'rooms' }, { name: 'friends' }, { name: 'directory' }, { name: 'room', id } or { name: 'invite', code }. */
  function show(route) {
    if (route.name === 'friends') setTab('friends');
    if (route.name === 'directory') setTab('directory');
    if (route.name === 'invite') {
      ++opening;
      close();
      messenger.closeRoom();
      rooms.setOpen(null);
      el.dataset.view = 'chat';
      invite = invitePage(route.code);
      pane.replaceChildren(invite.el);
      return;
    }
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

  /** Where a clicked push notification leads: {roomId, seq, view}. */
  function go(where) {
    if (where.view === 'notifications') {
      if (!notices) openNotifications();
    } else if (where.view === 'friends') {
      location.hash = '#/friends';
      setTab('friends');
    } else if (where.roomId && where.seq) {
      jumpTo(where.roomId, where.seq);
    } else if (where.roomId) {
      location.hash = `#/rooms/${where.roomId}`;
    }
  }

  placeholder();
  return { el, show, go };
}
