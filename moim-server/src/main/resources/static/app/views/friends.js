// The friends tab beside the room list: finding people to add, requests to me and from me, my friends with their
// presence (online, or when last seen), suggestions from the rooms we share, and the people I blocked.
import { h } from '../dom.js';
import { t, errorText, formatAgo } from '../i18n.js';
import * as store from '../store.js';
import * as social from '../social.js';
import * as messenger from '../messenger.js';
import { avatar } from '../files.js';

/** A one-to-one chat with them: the room (made if new), opened. */
export async function chatWith(userId) {
  try {
    const room = await messenger.createDirect(userId);
    location.hash = `#/rooms/${room.id}`;
  } catch (e) {
    store.showError(e.code === 'OPERATION_NOT_ALLOWED' ? t('friends.cannotMessage') : e);
  }
}

/** "Online", or "Last seen 5 minutes ago" (nothing at all when the server does not say: e.g. they blocked me). */
export function presenceText(person) {
  if (person.online) return t('members.online');
  return person.lastSeenAt ? t('friends.lastSeen', { when: formatAgo(person.lastSeenAt) }) : t('members.offline');
}

export function friendsView() {
  const { state } = store;
  const cleanups = [];
  let results = []; // people found by the search
  let searchTimer = null;
  let searchSeq = 0;
  let confirming = null; // 'remove:<id>' or 'block:<id>': the second click does it

  const act = (promise) => promise.catch((e) => store.showError(e));

  // ---- adding people: search by nickname or e-mail ----
  const search = h('input', { id: 'friend-search', type: 'search', class: 'search-input', autocomplete: 'off',
    placeholder: t('friends.searchPlaceholder'), 'data-testid': 'friend-search' });
  const resultList = h('ul', { class: 'friend-list', 'data-testid': 'friend-search-results', 'aria-label': t('friends.searchResults') });

  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    const q = search.value.trim();
    if (!q) {
      results = [];
      render();
      return;
    }
    searchTimer = setTimeout(async () => {
      const mine = ++searchSeq;
      try {
        const found = await messenger.searchUsers(q);
        if (mine !== searchSeq) return;
        results = found.filter((u) => u.id !== state.me.id && !u.deleted);
        render();
      } catch (e) {
        store.showError(e);
      }
    }, 250);
  });

  /** The button that fits how I stand with them. */
  function relationButtons(person) {
    switch (social.relation(person.id)) {
      case 'friend':
        return h('span', { class: 'relation muted', 'data-testid': 'relation', 'data-relation': 'friend' }, t('friends.isFriend'));
      case 'outgoing':
        return h('span', { class: 'relation muted', 'data-testid': 'relation', 'data-relation': 'outgoing' }, t('friends.requested'));
      case 'incoming':
        return h('button', { type: 'button', class: 'primary small', 'data-testid': 'friend-accept',
          onclick: () => act(social.acceptFriend(person.id)) }, t('friends.accept'));
      case 'blocked':
        return h('span', { class: 'relation muted', 'data-testid': 'relation', 'data-relation': 'blocked' }, t('friends.blockedLabel'));
      default:
        return h('button', { type: 'button', class: 'primary small', 'data-testid': 'friend-add',
          onclick: () => act(social.requestFriend(person.id)) }, t('friends.add'));
    }
  }

  function personRow(person, { testid, extra = [], sub = null, presence = false }) {
    return h('li', { class: 'friend-item', 'data-testid': testid, 'data-user-id': person.id },
      avatar(person, { className: 'small', extra: presence ? [h('span', { class: `presence${person.online ? ' online' : ''}`,
        'data-testid': 'friend-presence', 'data-online': String(!!person.online) })] : [] }),
      h('span', { class: 'member-name' },
        h('span', { 'data-testid': 'friend-name' }, person.nickname),
        sub),
      h('span', { class: 'friend-actions' }, extra));
  }

  // ---- the sections ----
  const body = h('div', { class: 'friends-body' });

  function section(id, title, count, items) {
    return h('section', { class: 'friends-section', 'data-testid': `friends-${id}`, 'aria-labelledby': `friends-${id}-title` },
      h('h3', { id: `friends-${id}-title` }, title, count != null && h('span', { class: 'count' }, ` ${count}`)),
      h('ul', { class: 'friend-list' }, items));
  }

  function confirmButton(key, label, confirmLabel, testid, action) {
    const armed = confirming === key;
    return h('button', { type: 'button', class: `link${armed ? ' danger' : ''}`, 'data-testid': testid,
      onclick: () => {
        if (!armed) {
          confirming = key;
          render();
          return;
        }
        confirming = null;
        act(action());
      } }, armed ? confirmLabel : label);
  }

  function render() {
    const f = state.friends;
    resultList.replaceChildren(...(search.value.trim() && results.length === 0
      ? [h('li', { class: 'muted empty' }, t('newChat.noResults'))]
      : results.map((u) => personRow(u, { testid: 'friend-search-result', extra: [relationButtons(u)],
        sub: u.statusMessage && h('small', { class: 'muted status-message' }, u.statusMessage) }))));

    const sections = [];
    if (!f.loaded) {
      body.replaceChildren(h('p', { class: 'muted center' }, t('friends.loading')));
      return;
    }
    if (f.incoming.length) {
      sections.push(section('incoming', t('friends.incoming'), f.incoming.length, f.incoming.map(({ user }) =>
        personRow(user, { testid: 'friend-request-in', extra: [
          h('button', { type: 'button', class: 'primary small', 'data-testid': 'friend-accept',
            onclick: () => act(social.acceptFriend(user.id)) }, t('friends.accept')),
          h('button', { type: 'button', class: 'ghost small', 'data-testid': 'friend-decline',
            onclick: () => act(social.declineFriend(user.id)) }, t('friends.decline')),
        ] }))));
    }
    if (f.outgoing.length) {
      sections.push(section('outgoing', t('friends.outgoing'), f.outgoing.length, f.outgoing.map(({ user }) =>
        personRow(user, { testid: 'friend-request-out', sub: h('small', { class: 'muted' }, t('friends.waiting')), extra: [
          h('button', { type: 'button', class: 'ghost small', 'data-testid': 'friend-cancel',
            onclick: () => act(social.cancelRequest(user.id)) }, t('friends.cancel')),
        ] }))));
    }
    // Online friends first, then by name.
    const friends = [...f.list].sort((a, b) => Number(b.online) - Number(a.online) || a.nickname.localeCompare(b.nickname));
    sections.push(section('list', t('friends.title'), friends.length, friends.length === 0
      ? [h('li', { class: 'muted empty', 'data-testid': 'friends-empty' }, t('friends.empty'))]
      : friends.map((p) => personRow(p, { testid: 'friend-item', presence: true,
        sub: h('small', { class: 'muted', 'data-testid': 'friend-last-seen' }, presenceText(p),
          p.statusMessage && ` · ${p.statusMessage}`),
        extra: [
          h('button', { type: 'button', class: 'ghost small', 'data-testid': 'friend-chat',
            onclick: () => chatWith(p.id) }, t('friends.chat')),
          h('span', { class: 'friend-more' },
            confirmButton(`remove:${p.id}`, t('friends.remove'), t('friends.confirmRemove'), 'friend-remove',
              () => social.removeFriend(p.id)),
            confirmButton(`block:${p.id}`, t('friends.block'), t('friends.confirmBlock'), 'friend-block',
              () => social.block(p.id))),
        ] }))));
    if (f.suggestions.length) {
      sections.push(section('suggestions', t('friends.suggestions'), null, f.suggestions.map(({ user, sharedRooms }) =>
        personRow(user, { testid: 'friend-suggestion',
          sub: h('small', { class: 'muted' }, sharedRooms === 1 ? t('friends.sharedRoom') : t('friends.sharedRooms', { n: sharedRooms })),
          extra: [h('button', { type: 'button', class: 'primary small', 'data-testid': 'suggestion-add',
            onclick: () => act(social.requestFriend(user.id)) }, t('friends.add'))] }))));
    }
    if (f.blocked.length) {
      const list = section('blocked', t('friends.blocked'), f.blocked.length, f.blocked.map((p) =>
        personRow(p, { testid: 'blocked-item', extra: [
          h('button', { type: 'button', class: 'ghost small', 'data-testid': 'unblock-button',
            onclick: () => act(social.unblock(p.id)) }, t('friends.unblock')),
        ] })));
      sections.push(list);
    }
    body.replaceChildren(...sections);
  }

  const el = h('section', { class: 'friends-view', 'data-testid': 'friends-view', 'aria-label': t('friends.tab') },
    h('div', { class: 'friend-search' },
      h('label', { for: 'friend-search', class: 'sr-only' }, t('friends.searchLabel')),
      search),
    resultList,
    body);

  cleanups.push(store.subscribe('friends', render));
  // "5 minutes ago" grows older by itself.
  const ticker = setInterval(() => { if (el.isConnected && !el.hidden) render(); }, 30_000);
  cleanups.push(() => clearInterval(ticker));
  render(); // the lists themselves are read by social.refresh() when the messenger starts and after reconnects
  return {
    el,
    focus: () => search.focus(),
    destroy: () => cleanups.forEach((fn) => fn()),
  };
}
