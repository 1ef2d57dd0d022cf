// Message search: words looked for in one room or in all my rooms, hits with the matched words marked, more on
// demand, and (where the server has them) the keywords trending lately. Choosing a hit opens its room there.
import { h, charCount } from '../dom.js';
import { t, errorText, formatWhen, formatDay, formatTime } from '../i18n.js';
import * as store from '../store.js';
import * as messenger from '../messenger.js';
import { highlighted } from './text.js';

const isHit = (x) => x !== null && typeof x === 'object' && x.message && typeof x.message === 'object'
  && Number.isSafeInteger(x.message.roomId) && x.message.roomId > 0
  && Number.isSafeInteger(x.message.seq) && x.message.seq > 0;

/** The sentence for a failed search; the server's codes, in the words a searcher needs. */
function failure(e, q) {
  switch (e?.code) {
    case 'RATE_LIMITED': return t('search.rateLimited');
    case 'SERVER_BUSY': return t('search.unavailable');
    case 'VALIDATION_FAILED':
      if (charCount(q) > messenger.MAX_QUERY_LENGTH) return t('search.tooLong', { max: messenger.MAX_QUERY_LENGTH, n: charCount(q) });
      return e.fields ? errorText(e) : t('search.invalid');
    default: return errorText(e);
  }
}

/**
 * roomId: search that room; null: all my rooms (each hit then names its room). onOpenHit(roomId, seq) when a hit is
 * chosen; onClose when the panel's close button is pressed.
 */
export function searchPanel({ roomId = null, onClose, onOpenHit }) {
  const everywhere = roomId == null;
  const id = everywhere ? 'all-search' : 'room-search';
  const cleanups = [];
  let query = null; // { q, sort } of the hits shown
  let hits = [];
  let cursor = null;
  let loading = false;
  let generation = 0; // a newer search makes the answers to older ones stale

  const roomName = () => store.roomTitle(store.state.rooms.get(roomId));
  const title = h('h3', { id: `${id}-title` });
  const input = h('input', { id: `${id}-input`, type: 'search', class: 'search-input', autocomplete: 'off',
    enterkeyhint: 'search', 'data-testid': 'search-input', 'aria-describedby': `${id}-error` });
  const sort = h('select', { class: 'search-sort', 'data-testid': 'search-sort', 'aria-label': t('search.sort') },
    h('option', { value: 'recent' }, t('search.sortRecent')),
    h('option', { value: 'relevance' }, t('search.sortRelevance')));
  const form = h('form', { class: 'search-form', role: 'search', 'data-testid': 'search-form' },
    h('label', { for: input.id, class: 'sr-only' }, t('search.label')),
    input,
    h('button', { type: 'submit', class: 'primary small', 'data-testid': 'search-submit' }, t('search.submit')));
  const error = h('p', { id: `${id}-error`, class: 'search-error', role: 'alert', 'data-testid': 'search-error', hidden: true });
  const status = h('p', { class: 'search-status muted', role: 'status', 'data-testid': 'search-status' });
  const empty = h('p', { class: 'search-empty', 'data-testid': 'search-no-results', hidden: true });
  const results = h('ul', { class: 'search-results', 'data-testid': 'search-results', 'aria-label': t('search.results') });
  const more = h('button', { type: 'button', class: 'ghost search-more', 'data-testid': 'search-more', hidden: true,
    onclick: () => fetchPage() }, t('search.more'));

  // ---- trending keywords (a newer server feature: without it, the section stays hidden) ----
  let trendWindow = 'hour';
  const trendList = h('ul', { class: 'trending-list' });
  const windowButtons = ['hour', 'day'].map((w) => h('button', { type: 'button', class: 'link',
    'data-testid': `trending-window-${w}`, 'data-window': w, onclick: () => { trendWindow = w; loadTrending(); } },
  t(`search.trending.${w}`)));
  const trending = h('section', { class: 'trending', 'data-testid': 'trending-panel', hidden: true,
    'aria-labelledby': `${id}-trending-title` },
  h('div', { class: 'trending-head' },
    h('h4', { id: `${id}-trending-title` }, t('search.trending')),
    h('span', { class: 'trending-windows' }, ...windowButtons)),
  trendList);

  async function loadTrending() {
    for (const b of windowButtons) b.setAttribute('aria-pressed', String(b.dataset.window === trendWindow));
    const asked = trendWindow;
    trending.dataset.state = 'loading';
    try {
      const answer = await messenger.trendingKeywords(asked);
      if (asked !== trendWindow) return;
      const keywords = (Array.isArray(answer?.keywords) ? answer.keywords : [])
        .filter((k) => typeof k?.keyword === 'string' && k.keyword.trim() !== '');
      trendList.replaceChildren(...(keywords.length === 0
        ? [h('li', { class: 'muted' }, t('search.trending.none'))]
        : keywords.map((k) => h('li', null, h('button', { type: 'button', class: 'chip', 'data-testid': 'trending-keyword',
          'data-keyword': k.keyword, onclick: () => { input.value = k.keyword; form.requestSubmit(); } },
        k.keyword,
        Number.isSafeInteger(k.users) && h('small', { class: 'muted', title: t('search.trending.users', { n: k.users }) },
          ` ${k.users}`))))));
      trending.hidden = false;
      trending.dataset.state = 'shown';
    } catch {
      if (asked !== trendWindow) return;
      // Not on this server (404), or failing: no trending, and nothing to say about it.
      trending.hidden = true;
      trending.dataset.state = 'unavailable';
    }
  }

  // ---- hits ----
  function hitEl({ message: m, highlights }) {
    const when = `${formatDay(m.createdAt)} ${formatTime(m.createdAt)}`.trim();
    const room = store.state.rooms.get(m.roomId);
    // In a one-to-one chat named after the other person, their name once is enough.
    const sender = m.sender?.nickname ?? t('chat.unknownUser');
    const showSender = !everywhere || !(room?.type === 'DIRECT' && m.sender?.id === room.peer?.id);
    return h('li', null, h('button', { type: 'button', class: 'search-hit', 'data-testid': 'search-hit',
      'data-room-id': m.roomId, 'data-seq': m.seq, onclick: () => onOpenHit(m.roomId, m.seq) },
    h('span', { class: 'hit-top' },
      everywhere && h('span', { class: 'hit-room', 'data-testid': 'search-hit-room' },
        store.roomTitle(room) || t('search.unknownRoom')),
      showSender && h('span', { class: 'hit-sender', 'data-testid': 'search-hit-sender' }, sender),
      h('time', { class: 'hit-time', 'data-testid': 'search-hit-time', datetime: m.createdAt, title: when },
        formatWhen(m.createdAt))),
    h('span', { class: 'hit-content', 'data-testid': 'search-hit-content' }, highlighted(m.content, highlights, h))));
  }

  function renderTitle() {
    title.textContent = everywhere ? t('search.titleAll') : t('search.titleRoom', { name: roomName() });
  }

  function render() {
    results.replaceChildren(...hits.map(hitEl));
    results.setAttribute('aria-busy', String(loading));
    empty.hidden = !(query && !loading && error.hidden && hits.length === 0);
    empty.textContent = query ? t('search.noResults', { q: query.q }) : '';
    more.hidden = loading || !cursor;
    status.textContent = loading ? t('search.searching')
      : query && hits.length ? t(cursor ? 'search.countMore' : 'search.count', { n: hits.length }) : '';
  }

  function showError(text) {
    error.textContent = text;
    error.hidden = false;
    render();
  }

  async function fetchPage() {
    const mine = ++generation;
    const asked = query;
    loading = true;
    render();
    try {
      const page = await messenger.searchMessages({ q: asked.q, roomId, sort: asked.sort, cursor });
      if (mine !== generation) return;
      hits.push(...(Array.isArray(page?.hits) ? page.hits.filter(isHit) : []));
      cursor = typeof page?.nextCursor === 'string' && page.nextCursor ? page.nextCursor : null;
      error.hidden = true;
    } catch (e) {
      if (mine !== generation) return;
      error.textContent = failure(e, asked.q);
      error.hidden = false;
    } finally {
      if (mine === generation) {
        loading = false;
        render();
      }
    }
  }

  function search() {
    const q = input.value.trim();
    error.hidden = true;
    // Nothing is sent for an empty or too long query: the server would refuse it anyway.
    if (!q) return showError(t('search.empty'));
    const n = charCount(q);
    if (n > messenger.MAX_QUERY_LENGTH) return showError(t('search.tooLong', { max: messenger.MAX_QUERY_LENGTH, n }));
    query = { q, sort: sort.value };
    hits = [];
    cursor = null;
    return fetchPage();
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    search();
  });
  // A new order for the same words asks again (a cursor belongs to the order it was made for).
  sort.addEventListener('change', () => { if (query && input.value.trim()) search(); });

  const el = h('section', { id: `${id}-panel`, class: `search-panel${everywhere ? ' everywhere' : ''}`,
    'data-testid': 'search-panel', 'data-scope': everywhere ? 'all' : 'room', 'aria-labelledby': title.id },
  h('header', { class: 'panel-head' },
    title,
    h('button', { type: 'button', class: 'ghost', 'data-testid': 'search-close', 'aria-label': t('search.close'),
      onclick: onClose }, '✕')),
  form,
  h('div', { class: 'search-meta' }, status, sort),
  error,
  h('div', { class: 'search-body' }, everywhere && trending, empty, results, more));

  input.placeholder = everywhere ? t('search.placeholderAll') : t('search.placeholderRoom');
  if (!everywhere) cleanups.push(store.subscribe('rooms', renderTitle)); // the room may be renamed
  renderTitle();
  render();
  if (everywhere) loadTrending();

  return {
    el,
    focus: () => input.focus(),
    destroy: () => {
      generation += 1;
      cleanups.forEach((fn) => fn());
    },
  };
}
