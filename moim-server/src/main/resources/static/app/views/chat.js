// One room's conversation: history grouped by sender and day, live unread counts, typing, the composer.
import { h, initial, charCount, throttle } from '../dom.js';
import { t, errorText, formatTime, formatDay } from '../i18n.js';
import * as store from '../store.js';
import * as messenger from '../messenger.js';
import { systemText, linkified } from './text.js';

const drafts = new Map(); // roomId → unsent text, kept while moving between rooms
const GROUP_GAP_MS = 5 * 60 * 1000;
const FOUND_MS = 4000; // how long a message reached from a search hit stays highlighted

const sameMinute = (a, b) => Math.floor(Date.parse(a.createdAt) / 60000) === Math.floor(Date.parse(b.createdAt) / 60000);
const dayOf = (m) => new Date(m.createdAt).toDateString();

export function chatView(roomId, { onToggleMembers, onToggleSearch }) {
  const { state } = store;
  const c = store.chat(roomId);
  const cleanups = [];
  let editing = null; // { seq, draft }
  let confirmingDelete = null; // seq
  let renderedMax = 0;
  let renderedMin = 0;
  let renderedPending = 0;
  let firstPaint = true;
  let holdPosition = false; // newer pages are being added below: they must not pull the reader down
  let foundSeq = null; // the message a search hit led to, highlighted for a moment
  let foundTimer = null;

  // ---- header ----
  const title = h('h2', { class: 'chat-title', 'data-testid': 'chat-title' });
  const subtitle = h('span', { class: 'chat-subtitle', 'data-testid': 'chat-subtitle' });
  const membersButton = h('button', { type: 'button', class: 'ghost', 'data-testid': 'members-button',
    'aria-controls': 'member-panel', onclick: onToggleMembers }, t('chat.membersButton'));
  const searchButton = h('button', { type: 'button', class: 'ghost', 'data-testid': 'room-search-button',
    'aria-controls': 'room-search-panel', 'aria-expanded': 'false', 'aria-label': t('search.inRoomButtonTitle'),
    title: t('search.inRoomButtonTitle'), onclick: onToggleSearch },
  h('span', { 'aria-hidden': 'true' }, '🔍'), h('span', { class: 'label' }, t('search.button')));
  const header = h('header', { class: 'chat-head' },
    h('a', { class: 'back', href: '#/rooms', 'data-testid': 'back-button', 'aria-label': t('nav.back') }, '‹'),
    h('div', { class: 'chat-heading' }, title, subtitle),
    searchButton,
    membersButton);

  function renderHeader() {
    const room = state.rooms.get(roomId);
    title.textContent = store.roomTitle(room);
    if (!room) return;
    if (room.type === 'DIRECT') {
      const online = !!room.peer?.online;
      subtitle.replaceChildren(h('span', { class: `presence inline${online ? ' online' : ''}`, 'data-online': String(online) }),
        t(online ? 'members.online' : 'members.offline'));
    } else {
      subtitle.textContent = t('rooms.members', { n: room.memberCount });
    }
  }

  // ---- messages ----
  const list = h('div', { class: 'messages', 'data-testid': 'message-list', role: 'log', 'aria-live': 'polite',
    tabindex: '0', 'aria-label': t('chat.history') });
  const newMessages = h('button', { type: 'button', class: 'new-messages', hidden: true, 'data-testid': 'new-messages-button',
    onclick: () => { scrollToBottom(); checkRead(); } }, t('chat.newMessages'));
  const typingLine = h('div', { class: 'typing', 'data-testid': 'typing-indicator', 'aria-live': 'polite' });
  // Shown while the history on screen is a window in the past (after a jump to a search hit).
  const jumpLatest = h('button', { type: 'button', class: 'new-messages jump-latest', hidden: true,
    'data-testid': 'jump-latest-button',
    onclick: () => messenger.jumpToLatest(roomId).then(() => { scrollToBottom(); checkRead(); }).catch(store.showError) },
  t('chat.jumpLatest'));

  function loadNewer() {
    if (holdPosition) return;
    holdPosition = true;
    messenger.loadNewer(roomId).catch(store.showError).finally(() => { holdPosition = false; });
  }

  const atBottom = () => list.scrollHeight - list.scrollTop - list.clientHeight < 48;
  function scrollToBottom() {
    list.scrollTop = list.scrollHeight;
    newMessages.hidden = true;
  }

  function messageActions(m) {
    if (m.deleted || m.type === 'SYSTEM' || m.sender?.id !== state.me.id) return null;
    const confirming = confirmingDelete === m.seq;
    return h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'link', 'data-testid': 'message-edit',
        onclick: () => { editing = { seq: m.seq, draft: m.content }; confirmingDelete = null; render(); } }, t('chat.edit')),
      h('button', { type: 'button', class: `link${confirming ? ' danger' : ''}`, 'data-testid': 'message-delete',
        onclick: () => {
          if (!confirming) {
            confirmingDelete = m.seq;
            render();
            return;
          }
          confirmingDelete = null;
          messenger.deleteMessage(roomId, m.seq).catch(store.showError);
        } }, t(confirming ? 'chat.confirmDelete' : 'chat.delete')));
  }

  function editor(m) {
    const input = h('textarea', { class: 'edit-input', 'data-testid': 'edit-input', 'aria-label': t('chat.edit'),
      rows: '2', value: editing.draft });
    const save = async () => {
      try {
        await messenger.editMessage(roomId, m.seq, input.value);
        editing = null;
        render();
      } catch (e) {
        store.showError(e);
      }
    };
    input.addEventListener('input', () => { editing.draft = input.value; });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); save(); }
      if (e.key === 'Escape') { editing = null; render(); }
    });
    return h('div', { class: 'editor' }, input,
      h('div', { class: 'editor-buttons' },
        h('button', { type: 'button', class: 'primary small', 'data-testid': 'edit-save', onclick: save }, t('chat.save')),
        h('button', { type: 'button', class: 'ghost small', onclick: () => { editing = null; render(); } }, t('chat.cancel'))));
  }

  function messageEl(m, { first, showTime }) {
    const mine = m.sender?.id === state.me.id;
    const name = m.sender?.nickname ?? t('chat.unknownUser');
    const isEditing = editing?.seq === m.seq && !m.deleted;
    const found = m.seq === foundSeq;
    const bubble = isEditing ? editor(m)
      : h('div', { class: `bubble${m.deleted ? ' deleted' : ''}`, 'data-testid': 'message-content',
        // Own messages can be focused, which reveals their edit and delete buttons to keyboard and touch users.
        tabindex: mine && !m.deleted ? '0' : null },
      m.deleted ? t('chat.deleted') : linkified(m.content, h));
    return h('div', { class: `msg ${mine ? 'mine' : 'theirs'}${first ? ' first' : ''}${found ? ' found' : ''}`,
      'data-testid': 'message', 'data-seq': m.seq, 'data-sender-id': m.sender?.id ?? '',
      'data-deleted': m.deleted ? 'true' : null, 'data-found': found ? 'true' : null },
    !mine && h('div', { class: 'avatar small', 'aria-hidden': 'true' }, first ? initial(name) : ''),
    h('div', { class: 'msg-body' },
      !mine && first && h('div', { class: 'sender', 'data-testid': 'message-sender' }, name),
      h('div', { class: 'line' },
        bubble,
        h('div', { class: 'meta' },
          m.unreadCount > 0 && !m.deleted && h('span', { class: 'unread', 'data-testid': 'message-unread',
            title: t('chat.unreadTitle', { n: m.unreadCount }) }, m.unreadCount),
          m.editedAt && !m.deleted && h('span', { class: 'edited' }, t('chat.edited')),
          showTime && h('time', { datetime: m.createdAt }, formatTime(m.createdAt))),
        !isEditing && messageActions(m))));
  }

  function pendingEl(p) {
    const status = { sending: 'chat.pending', queued: 'chat.queued', failed: 'chat.failed' }[p.status] ?? 'chat.pending';
    return h('div', { class: `msg mine pending ${p.status}`, 'data-testid': 'message-pending',
      'data-client-msg-id': p.clientMsgId, 'data-status': p.status },
    h('div', { class: 'msg-body' },
      h('div', { class: 'line' },
        h('div', { class: 'bubble', 'data-testid': 'message-content' }, linkified(p.content, h)),
        h('div', { class: 'meta' },
          h('span', { class: 'status', title: p.error ? errorText(p.error) : null }, t(status)),
          p.status === 'failed' && h('span', { class: 'actions visible' },
            h('button', { type: 'button', class: 'link', 'data-testid': 'retry-button',
              onclick: () => messenger.retry(roomId, p.clientMsgId) }, t('chat.retry')),
            h('button', { type: 'button', class: 'link', onclick: () => messenger.discard(roomId, p.clientMsgId) },
              t('chat.discard')))))));
  }

  function render() {
    if (!c.loaded) {
      list.replaceChildren(h('p', { class: 'muted center' }, t('chat.loading')));
      return;
    }
    const wasAtBottom = atBottom();
    const before = { top: list.scrollTop, height: list.scrollHeight };
    // Redrawing replaces the elements: remember what had focus (a bubble, its buttons, the edit box) to restore it.
    const focused = list.contains(document.activeElement) ? document.activeElement : null;
    const focusSeq = focused?.closest('[data-seq]')?.dataset.seq;
    const focusTestId = focused?.dataset.testid;

    const messages = store.sortedMessages(c);
    const items = [];
    items.push(c.hasOlder
      ? h('button', { type: 'button', class: 'ghost load-older', 'data-testid': 'load-older',
        onclick: () => messenger.loadOlder(roomId).catch(store.showError) }, t('chat.loadOlder'))
      : h('p', { class: 'muted center start' }, t('chat.start')));
    let lastDay = null;
    messages.forEach((m, i) => {
      if (dayOf(m) !== lastDay) {
        lastDay = dayOf(m);
        items.push(h('div', { class: 'day', role: 'separator', 'data-testid': 'date-separator' }, h('span', null, formatDay(m.createdAt))));
      }
      if (m.type === 'SYSTEM') {
        const found = m.seq === foundSeq;
        items.push(h('div', { class: `system${found ? ' found' : ''}`, 'data-testid': 'system-message', 'data-seq': m.seq,
          'data-found': found ? 'true' : null }, h('span', null, systemText(m))));
        return;
      }
      const prev = messages[i - 1];
      const next = messages[i + 1];
      const continues = (a, b) => a && b && a.type !== 'SYSTEM' && b.type !== 'SYSTEM'
        && a.sender?.id === b.sender?.id && dayOf(a) === dayOf(b)
        && Math.abs(Date.parse(b.createdAt) - Date.parse(a.createdAt)) < GROUP_GAP_MS;
      const first = !continues(prev, m);
      const showTime = !(continues(m, next) && sameMinute(m, next));
      items.push(messageEl(m, { first, showTime }));
    });
    if (c.detached) {
      items.push(h('button', { type: 'button', class: 'ghost load-older', 'data-testid': 'load-newer', onclick: loadNewer },
        t('chat.loadNewer')));
    }
    for (const p of c.pending.values()) items.push(pendingEl(p));
    list.replaceChildren(...items);

    // Keep the reader where they were: follow new messages only when already at the bottom (or when they
    // are our own); keep the same messages in view when older ones are added above, or newer ones below a
    // window in the past.
    const max = messages.at(-1)?.seq ?? 0;
    const min = messages[0]?.seq ?? 0;
    const newest = messages.at(-1);
    const grew = max > renderedMax;
    const following = !c.detached && !holdPosition;
    const mineNew = (grew && following && newest?.sender?.id === state.me.id) || c.pending.size > renderedPending;
    if (firstPaint || mineNew || (grew && wasAtBottom && following)) {
      scrollToBottom();
    } else if (renderedMin && min < renderedMin) {
      list.scrollTop = before.top + (list.scrollHeight - before.height);
    } else {
      list.scrollTop = before.top;
      if (grew && !wasAtBottom && following) newMessages.hidden = false;
    }
    jumpLatest.hidden = !c.detached;
    if (c.detached) newMessages.hidden = true;
    firstPaint = false;
    renderedMax = max;
    renderedMin = min;
    renderedPending = c.pending.size;
    if (focusSeq) {
      const row = list.querySelector(`[data-seq="${focusSeq}"]`);
      (row?.querySelector(`[data-testid="${focusTestId}"]`) ?? row?.querySelector('[tabindex]'))?.focus({ preventScroll: true });
    }
    checkRead();
  }

  // The highest seq actually on screen is what the reader has seen.
  function checkRead() {
    if (document.visibilityState !== 'visible' || !c.loaded || !list.isConnected) return;
    if (atBottom()) newMessages.hidden = true;
    const box = list.getBoundingClientRect();
    const seen = list.querySelectorAll('[data-seq]');
    for (let i = seen.length - 1; i >= 0; i--) {
      const r = seen[i].getBoundingClientRect();
      if (r.top < box.bottom && r.bottom > box.top) {
        messenger.markRead(roomId, Number(seen[i].dataset.seq));
        return;
      }
    }
  }

  const onScroll = throttle(() => {
    checkRead();
    if (list.scrollTop < 120 && c.hasOlder) messenger.loadOlder(roomId).catch(store.showError);
    if (c.detached && list.scrollHeight - list.scrollTop - list.clientHeight < 120) loadNewer();
  }, 150);
  list.addEventListener('scroll', () => { onScroll(); if (atBottom()) newMessages.hidden = true; });
  const onVisible = () => checkRead();
  document.addEventListener('visibilitychange', onVisible);
  window.addEventListener('focus', onVisible);
  cleanups.push(() => {
    document.removeEventListener('visibilitychange', onVisible);
    window.removeEventListener('focus', onVisible);
  });

  // ---- typing ----
  let typingTimer = null;
  function renderTyping() {
    clearTimeout(typingTimer);
    const now = Date.now();
    for (const [id, entry] of c.typing) if (entry.until <= now) c.typing.delete(id);
    const names = [...c.typing.values()].map((x) => x.nickname);
    typingLine.textContent = names.length === 0 ? ''
      : names.length === 1 ? t('chat.typing1', { a: names[0] })
        : names.length === 2 ? t('chat.typing2', { a: names[0], b: names[1] }) : t('chat.typingMany');
    typingLine.classList.toggle('active', names.length > 0);
    if (names.length) {
      const next = Math.min(...[...c.typing.values()].map((x) => x.until)) - now;
      typingTimer = setTimeout(renderTyping, Math.max(next, 50));
    }
  }
  cleanups.push(() => clearTimeout(typingTimer));

  // ---- composer ----
  const input = h('textarea', { id: 'composer', class: 'composer-input', 'data-testid': 'composer', rows: '1',
    placeholder: t('chat.placeholder'), 'aria-describedby': 'composer-error', value: drafts.get(roomId) ?? '' });
  const counter = h('span', { class: 'counter', 'data-testid': 'composer-counter', hidden: true, 'aria-hidden': 'true' });
  const composerError = h('p', { id: 'composer-error', class: 'composer-error', role: 'alert', 'data-testid': 'composer-error', hidden: true });
  const sendButton = h('button', { type: 'submit', class: 'primary', 'data-testid': 'send-button' }, t('chat.send'));
  const form = h('form', { class: 'composer', 'data-testid': 'composer-form' },
    h('label', { for: 'composer', class: 'sr-only' }, t('chat.composer')),
    input, counter, sendButton);

  function onInputChanged() {
    drafts.set(roomId, input.value);
    const n = charCount(input.value);
    const over = n > messenger.MAX_LENGTH;
    counter.hidden = n < messenger.MAX_LENGTH * 0.9;
    counter.textContent = `${n.toLocaleString()} / ${messenger.MAX_LENGTH.toLocaleString()}`;
    counter.classList.toggle('over', over);
    input.setAttribute('aria-invalid', String(over));
    composerError.hidden = !over;
    composerError.textContent = over ? t('chat.tooLong', { max: messenger.MAX_LENGTH.toLocaleString(), n: n.toLocaleString() }) : '';
    // Grow with the text, up to a few lines.
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  }

  input.addEventListener('input', () => {
    onInputChanged();
    if (input.value.trim()) messenger.typing(roomId, true);
  });
  input.addEventListener('blur', () => messenger.typing(roomId, false));
  input.addEventListener('keydown', (e) => {
    // Enter sends, Shift+Enter breaks the line; never while an IME (Korean input) is composing a syllable.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (messenger.send(roomId, input.value)) {
      input.value = '';
      onInputChanged();
    }
    input.focus();
  });

  // ---- a message reached from a search hit ----
  function unmarkFound() {
    for (const row of list.querySelectorAll('[data-found]')) {
      row.classList.remove('found');
      delete row.dataset.found;
    }
  }

  /** Brings message seq into the middle of the view and highlights it for a moment. */
  function reveal(seq) {
    const row = list.querySelector(`[data-seq="${seq}"]`);
    if (!row) return false;
    clearTimeout(foundTimer);
    unmarkFound();
    foundSeq = seq; // kept by every redraw until the timer ends it
    row.classList.add('found');
    row.dataset.found = 'true';
    list.scrollTop = Math.max(0, row.offsetTop - (list.clientHeight - row.offsetHeight) / 2);
    newMessages.hidden = true;
    foundTimer = setTimeout(() => {
      foundSeq = null;
      unmarkFound();
    }, FOUND_MS);
    checkRead();
    return true;
  }

  // ---- assembly ----
  const el = h('section', { class: 'chat', 'data-testid': 'chat-view', 'data-room-id': roomId },
    header,
    h('div', { class: 'messages-wrap' }, list, newMessages, jumpLatest),
    typingLine,
    form,
    composerError);

  cleanups.push(store.subscribe(`chat:${roomId}`, render));
  cleanups.push(() => clearTimeout(foundTimer));
  cleanups.push(store.subscribe(`typing:${roomId}`, renderTyping));
  cleanups.push(store.subscribe('rooms', renderHeader));
  renderHeader();
  render();
  renderTyping();
  queueMicrotask(onInputChanged);

  return {
    el,
    focus: () => input.focus(),
    afterAttach: () => { firstPaint = true; render(); },
    reveal,
    setSearchOpen: (openNow) => searchButton.setAttribute('aria-expanded', String(openNow)),
    destroy() {
      messenger.typing(roomId, false);
      for (const fn of cleanups) fn();
    },
  };
}
