// The directory tab beside Chats and Friends: the OPEN and REQUEST groups, found by words (Korean too) or a tag,
// most active or largest first, a page at a time. Each shows its cover, name, description, tags, members and how one
// gets in; Join (with the password when it has one), Apply with a short note, Withdraw, or Open for a group I am in.
import { h } from '../dom.js';
import { t, errorText } from '../i18n.js';
import * as store from '../store.js';
import * as groups from '../groups.js';
import { groupAvatar } from '../files.js';

export const NOTE_MAX = 200;

/** The badge that says how one gets in: open, by request, and 🔒 when a password is needed. */
export function policyBadges(room) {
  return [
    h('span', { class: `policy-badge policy-${(room.joinPolicy ?? 'PRIVATE').toLowerCase()}`, 'data-testid': 'policy-badge',
      'data-policy': room.joinPolicy ?? 'PRIVATE' }, t(`groups.policy.${room.joinPolicy ?? 'PRIVATE'}`)),
    room.hasPassword && h('span', { class: 'policy-badge policy-lock', 'data-testid': 'password-badge',
      title: t('groups.hasPassword') }, '🔒', h('span', { class: 'sr-only' }, t('groups.hasPassword'))),
  ];
}

/** "12 / 30 members", or "12 members" without a limit. */
export const memberCountText = (room) => (room.memberLimit
  ? t('groups.membersOf', { n: room.memberCount, max: room.memberLimit })
  : t('rooms.members', { n: room.memberCount }));

/** Tags as buttons (onTag(tag)) or, without onTag, as plain chips. */
export function tagList(tags, onTag = null) {
  if (!tags?.length) return null;
  return h('span', { class: 'group-tags' }, tags.map((tag) => (onTag
    ? h('button', { type: 'button', class: 'tag', 'data-testid': 'directory-tag', 'data-tag': tag,
      title: t('groups.filterTag', { tag }), onclick: () => onTag(tag) }, `#${tag}`)
    : h('span', { class: 'tag', 'data-testid': 'group-tag' }, `#${tag}`))));
}

export function directoryView() {
  const { state } = store;
  const cleanups = [];
  let rooms = [];
  let nextCursor = null;
  let loaded = false;
  let loadingPage = false;
  let generation = 0;
  let tag = '';
  let searchTimer = null;
  const forms = new Map(); // roomId → { mode: 'password'|'apply', error } for the card whose form is open

  const search = h('input', { id: 'directory-search', type: 'search', class: 'search-input', autocomplete: 'off',
    placeholder: t('groups.searchPlaceholder'), 'data-testid': 'directory-search', maxlength: '100' });
  const sort = h('select', { class: 'directory-sort', 'data-testid': 'directory-sort', 'aria-label': t('groups.sort') },
    h('option', { value: 'activity' }, t('groups.sortActivity')),
    h('option', { value: 'members' }, t('groups.sortMembers')));
  const tagLine = h('div', { class: 'directory-tag-line', hidden: true });
  const list = h('ul', { class: 'directory-list', 'data-testid': 'directory-list', 'aria-label': t('groups.tab') });
  const more = h('button', { type: 'button', class: 'ghost search-more', 'data-testid': 'directory-more', hidden: true,
    onclick: () => load(false) }, t('groups.more'));
  const status = h('p', { class: 'muted center directory-status', 'data-testid': 'directory-status', role: 'status' });

  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => load(true), 350);
  });
  search.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    clearTimeout(searchTimer);
    load(true);
  });
  sort.addEventListener('change', () => load(true));

  function chooseTag(chosen) {
    tag = chosen;
    load(true);
  }

  /** The first page again (fresh = true), or the next one. */
  async function load(fresh) {
    if (!fresh && (loadingPage || !nextCursor)) return;
    const mine = ++generation;
    loadingPage = true;
    if (fresh) status.textContent = t('groups.loading');
    try {
      const page = await groups.directory({ q: search.value, tag, sort: sort.value, cursor: fresh ? null : nextCursor });
      if (mine !== generation) return;
      rooms = fresh ? page.rooms : [...rooms, ...page.rooms.filter((r) => !rooms.some((x) => x.id === r.id))];
      nextCursor = page.nextCursor;
      loaded = true;
      status.textContent = '';
      render();
    } catch (e) {
      if (mine !== generation) return;
      status.textContent = errorText(e);
      status.dataset.code = e.code ?? '';
    } finally {
      if (mine === generation) loadingPage = false;
    }
  }

  const act = (room, promise) => promise
    .then(() => { forms.delete(room.id); render(); })
    .catch((e) => {
      forms.set(room.id, { ...(forms.get(room.id) ?? { mode: null }), error: e });
      render();
    });

  function join(room, password = null) {
    act(room, groups.join(room.id, password).then((summary) => {
      room.member = true;
      location.hash = `#/rooms/${summary.id}`;
    }));
  }

  function apply(room, note, password) {
    act(room, groups.apply(room.id, note, password).then(() => { room.applied = true; }));
  }

  function withdraw(room) {
    act(room, groups.withdraw(room.id).then(() => { room.applied = false; }));
  }

  /** The password to join, or the note (and password) to apply: made once, so a redraw keeps what was typed. */
  function openForm(room, mode) {
    const password = (mode === 'password' || room.hasPassword) && h('input', { type: 'password', class: 'search-input',
      autocomplete: 'off', 'data-testid': 'directory-password', placeholder: t('groups.passwordPlaceholder'),
      'aria-label': t('groups.password') });
    const note = mode === 'apply' && h('textarea', { class: 'search-input', rows: '2', maxlength: String(NOTE_MAX),
      'data-testid': 'directory-note', placeholder: t('groups.notePlaceholder'), 'aria-label': t('groups.note') });
    const el = h('form', { class: 'directory-form', onsubmit: (e) => {
      e.preventDefault();
      if (mode === 'apply') apply(room, note.value, password?.value);
      else join(room, password.value);
    } },
    note, password,
    mode === 'apply'
      ? h('button', { type: 'submit', class: 'primary small', 'data-testid': 'directory-apply-confirm' }, t('groups.sendRequest'))
      : h('button', { type: 'submit', class: 'primary small', 'data-testid': 'directory-join-confirm' }, t('groups.join')));
    forms.set(room.id, { mode, error: null, el });
    render();
    (note || password)?.focus();
  }

  function actions(room) {
    const form = forms.get(room.id);
    if (room.member || state.rooms.has(room.id)) {
      return h('a', { class: 'button primary small', href: `#/rooms/${room.id}`, 'data-testid': 'directory-open' }, t('groups.open'));
    }
    if (room.joinPolicy === 'REQUEST' && room.applied) {
      return h('span', { class: 'directory-actions' },
        h('span', { class: 'muted', 'data-testid': 'directory-applied' }, t('groups.applied')),
        h('button', { type: 'button', class: 'ghost small', 'data-testid': 'directory-withdraw', onclick: () => withdraw(room) },
          t('groups.withdraw')));
    }
    if (form?.el) return form.el; // kept across redraws, with what was typed in it
    if (room.joinPolicy === 'REQUEST') {
      return h('button', { type: 'button', class: 'primary small', 'data-testid': 'directory-apply',
        onclick: () => openForm(room, 'apply') }, t('groups.apply'));
    }
    return h('button', { type: 'button', class: 'primary small', 'data-testid': 'directory-join',
      onclick: () => (room.hasPassword ? openForm(room, 'password') : join(room)) }, t('groups.join'));
  }

  function card(room) {
    const error = forms.get(room.id)?.error;
    return h('li', { class: 'directory-item', 'data-testid': 'directory-room', 'data-room-id': room.id },
      groupAvatar(room),
      h('div', { class: 'directory-main' },
        h('div', { class: 'directory-top' },
          h('span', { class: 'directory-name', 'data-testid': 'directory-name' }, room.name),
          policyBadges(room)),
        room.description && h('p', { class: 'directory-description', 'data-testid': 'directory-description' }, room.description),
        tagList(room.tags, chooseTag),
        h('small', { class: 'muted', 'data-testid': 'directory-members' }, memberCountText(room)),
        error && h('p', { class: 'form-error small-error', role: 'alert', 'data-testid': 'directory-error',
          'data-code': error.code ?? '' }, errorText(error)),
        actions(room)));
  }

  function render() {
    tagLine.hidden = !tag;
    tagLine.replaceChildren(...(tag ? [h('span', { class: 'tag active', 'data-testid': 'directory-active-tag' }, `#${tag}`),
      h('button', { type: 'button', class: 'link', 'data-testid': 'directory-clear-tag', onclick: () => chooseTag('') },
        t('groups.clearTag'))] : []));
    more.hidden = !nextCursor;
    if (!loaded) return;
    list.replaceChildren(...(rooms.length === 0
      ? [h('li', { class: 'muted empty', 'data-testid': 'directory-empty' }, t('groups.none'))]
      : rooms.map(card)));
  }

  // My application was answered or withdrawn elsewhere: the card says so.
  cleanups.push(store.subscribe('myApplication', (event) => {
    const room = rooms.find((r) => r.id === event.roomId);
    if (!room) return;
    room.applied = event.change === 'submitted';
    if (event.change === 'approved') room.member = true;
    render();
  }));
  // Joined, left, kicked or banned: Open and Join follow the room list.
  cleanups.push(store.subscribe('roomRemoved', ({ roomId }) => {
    const room = rooms.find((r) => r.id === roomId);
    if (room) room.member = false;
    render();
  }));
  cleanups.push(store.subscribe('rooms', () => { if (loaded) render(); }));

  const el = h('section', { class: 'directory-view', 'data-testid': 'directory-view', 'aria-label': t('groups.tab') },
    h('div', { class: 'directory-controls' },
      h('label', { for: 'directory-search', class: 'sr-only' }, t('groups.searchLabel')),
      search,
      sort),
    tagLine,
    status,
    list,
    more);

  return {
    el,
    /** Shown: the first page is read the first time, and again each time the tab is chosen. */
    show() {
      load(true);
    },
    focus: () => search.focus(),
    destroy: () => cleanups.forEach((fn) => fn()),
  };
}
