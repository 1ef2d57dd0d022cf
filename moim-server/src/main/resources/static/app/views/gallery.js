// A room's photos and files, newest first, beside its chat: a grid of photos (opening the viewer) and a list of files
// (each with its download), paged with "More". Photos of a message deleted meanwhile leave at once; ones sent while
// it is open join at the top.
import { h } from '../dom.js';
import { t, errorText, formatWhen } from '../i18n.js';
import * as store from '../store.js';
import * as messenger from '../messenger.js';
import { albumEl, fileCardEl, showViewer } from './media.js';

// More than a message's photos (at most 30): see load().
const PAGE = 40;
const isItem = (x) => x !== null && typeof x === 'object' && Number.isSafeInteger(x.seq) && x.attachment
  && typeof x.attachment.id === 'string' && /^[0-9a-f-]{1,64}$/i.test(x.attachment.id);

export function galleryPanel(roomId, { onClose }) {
  const cleanups = [];
  const cells = new Map();
  const tabs = {
    IMAGE: { items: [], hasMore: false, loaded: false, loading: false, error: null },
    FILE: { items: [], hasMore: false, loaded: false, loading: false, error: null },
  };
  let kind = 'IMAGE';
  let viewer = null;

  const tabButtons = ['IMAGE', 'FILE'].map((k) => h('button', { type: 'button', role: 'tab', class: 'gallery-tab',
    'data-testid': `gallery-tab-${k === 'IMAGE' ? 'photos' : 'files'}`, 'data-kind': k,
    onclick: () => { kind = k; render(); if (!tabs[k].loaded) load(); } },
  t(k === 'IMAGE' ? 'gallery.photos' : 'gallery.files')));
  const body = h('div', { class: 'gallery-body', 'data-testid': 'gallery-body', role: 'tabpanel' });
  const more = h('button', { type: 'button', class: 'ghost search-more', 'data-testid': 'gallery-more', hidden: true,
    onclick: () => load() }, t('gallery.more'));
  const el = h('aside', { id: 'gallery-panel', class: 'gallery-panel', 'data-testid': 'gallery-panel',
    'aria-labelledby': 'gallery-title' },
  h('header', { class: 'panel-head' },
    h('h3', { id: 'gallery-title' }, t('gallery.title')),
    h('button', { type: 'button', class: 'ghost', 'data-testid': 'gallery-close', 'aria-label': t('gallery.close'),
      onclick: onClose }, '✕')),
  h('div', { class: 'gallery-tabs', role: 'tablist' }, tabButtons),
  h('div', { class: 'gallery-scroll' }, body, more));

  async function load() {
    const tab = tabs[kind];
    const asked = kind;
    if (tab.loading) return;
    tab.loading = true;
    tab.error = null;
    render();
    try {
      // The server pages by message and never ends a page inside an album, so the next page starts before the last
      // message held; photos held already (a message that changed meanwhile) are skipped all the same.
      const last = tab.items.at(-1)?.seq;
      const page = await messenger.gallery(roomId, asked, last == null ? null : last, PAGE);
      const fresh = (Array.isArray(page?.items) ? page.items : []).filter(isItem)
        .filter((x) => !tab.items.some((y) => y.attachment.id === x.attachment.id));
      tab.items.push(...fresh);
      tab.hasMore = page?.hasMore === true;
      tab.loaded = true;
    } catch (e) {
      tab.error = e;
    } finally {
      tab.loading = false;
      if (asked === kind) render();
    }
  }

  function render() {
    const tab = tabs[kind];
    for (const b of tabButtons) b.setAttribute('aria-selected', String(b.dataset.kind === kind));
    body.dataset.kind = kind;
    body.setAttribute('aria-busy', String(tab.loading));
    const parts = [];
    if (tab.error) parts.push(h('p', { class: 'search-error', role: 'alert', 'data-testid': 'gallery-error' }, errorText(tab.error)));
    if (tab.loaded && tab.items.length === 0 && !tab.error) {
      parts.push(h('p', { class: 'search-empty', 'data-testid': 'gallery-empty' },
        t(kind === 'IMAGE' ? 'gallery.emptyPhotos' : 'gallery.emptyFiles')));
    }
    if (kind === 'IMAGE' && tab.items.length) {
      const photos = tab.items.map((x) => x.attachment);
      // Each photo a square cell of its own (albumEl with one photo each would size them by their proportions).
      const grid = albumEl(photos, { cells, onOpen: openPhoto, all: true });
      grid.classList.add('gallery-grid');
      grid.dataset.testid = 'gallery-photos';
      parts.push(grid);
    }
    if (kind === 'FILE' && tab.items.length) {
      parts.push(h('ul', { class: 'gallery-files', 'data-testid': 'gallery-files' }, tab.items.map((x) => h('li', null,
        cellFor(`file:${x.attachment.id}`, () => fileCardEl(x.attachment)),
        h('small', { class: 'muted gallery-when' }, senderName(x.senderId), ' · ', formatWhen(x.createdAt))))));
    }
    if (tab.loading) parts.push(h('p', { class: 'muted center', 'data-testid': 'gallery-loading' }, t('gallery.loading')));
    body.replaceChildren(...parts);
    more.hidden = tab.loading || !tab.hasMore;
  }

  function cellFor(key, make) {
    if (!cells.has(key)) cells.set(key, make());
    return cells.get(key);
  }

  /** The viewer over every photo loaded so far, at this one (cells made for an earlier page call this too). */
  function openPhoto(_, attachment) {
    const photos = tabs.IMAGE.items.map((x) => x.attachment);
    const at = photos.findIndex((p) => p.id === attachment.id);
    if (at >= 0) viewer = showViewer(photos, at, { onClose: () => { viewer = null; } });
  }

  const senderName = (id) => store.state.names.get(id) ?? t('chat.unknownUser');

  // Live: a deleted message's files leave; photos and files sent while the panel is open join at the top.
  function onChat() {
    const c = store.state.chats.get(roomId);
    if (!c) return;
    let changed = false;
    for (const k of ['IMAGE', 'FILE']) {
      const tab = tabs[k];
      if (!tab.loaded) continue;
      const before = tab.items.length;
      tab.items = tab.items.filter((x) => !c.messages.get(x.seq)?.deleted);
      const newest = tab.items[0]?.seq ?? 0;
      const arrived = store.sortedMessages(c)
        .filter((m) => m.type === k && !m.deleted && m.seq > newest && (tab.items.length > 0 || !tab.hasMore))
        .reverse()
        .flatMap((m) => m.attachments.map((a) => ({ seq: m.seq, senderId: m.sender?.id, createdAt: m.createdAt, attachment: a })));
      if (arrived.length) tab.items.unshift(...arrived);
      if (arrived.length || tab.items.length !== before) changed = true;
    }
    if (changed) render();
  }
  cleanups.push(store.subscribe(`chat:${roomId}`, onChat));
  cleanups.push(store.subscribe('attachmentsGone', (ids) => {
    const gone = new Set(ids);
    if (viewer?.shows(gone)) viewer.close();
    for (const k of ['IMAGE', 'FILE']) tabs[k].items = tabs[k].items.filter((x) => !gone.has(x.attachment.id));
    render();
  }));

  render();
  load();
  return {
    el,
    focus: () => tabButtons[0].focus(),
    destroy() {
      viewer?.close();
      cleanups.forEach((fn) => fn());
    },
  };
}
