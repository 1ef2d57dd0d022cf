// One room's conversation: history grouped by sender and day, photos and files, live unread counts, typing, the
// composer (text, and photos or files by the 📎 button, pasting or dropping them), replies with their quotes,
// reactions, and the pinned notice above the history.
import { h, charCount, throttle } from '../dom.js';
import { t, errorText, formatTime, formatDay, formatWhen, fileRefusalText } from '../i18n.js';
import * as store from '../store.js';
import * as messenger from '../messenger.js';
import * as files from '../files.js';
import * as money from '../money.js';
import { systemText, linkified } from './text.js';
import { albumEl, albumColumns, fileCardEl, showViewer } from './media.js';
import * as social from '../social.js';
import { openPerson } from './person.js';
import * as groups from '../groups.js';

const drafts = new Map(); // roomId → unsent text, kept while moving between rooms
const replyDrafts = new Map(); // roomId → the quote of the message being answered, kept likewise
const noticeFolded = new Set(); // rooms whose notice banner was folded to one line
const GROUP_GAP_MS = 5 * 60 * 1000;
const FOUND_MS = 4000; // how long a message reached from a search hit stays highlighted

const sameMinute = (a, b) => Math.floor(Date.parse(a.createdAt) / 60000) === Math.floor(Date.parse(b.createdAt) / 60000);
const dayOf = (m) => new Date(m.createdAt).toDateString();

const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');

export function chatView(roomId, { onToggleMembers, onToggleSearch, onToggleGallery, onToggleGroup, onToggleAccount }) {
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
  const cells = new Map(); // elements of photos, file cards and avatars, reused by every redraw (no reloads, no flicker)
  let viewer = null; // the photo viewer, while it shows photos of this room
  let picking = null; // seq whose reaction picker is open
  let whoFor = null; // { seq, who: {emoji: [userId]} | null, counts, loading }: who reacted, shown over a message
  let redrawing = false; // the elements are being replaced: focus and pointer events then say nothing of the reader

  // ---- header ----
  const title = h('h2', { class: 'chat-title', 'data-testid': 'chat-title' });
  const subtitle = h('span', { class: 'chat-subtitle', 'data-testid': 'chat-subtitle' });
  const membersButton = h('button', { type: 'button', class: 'ghost', 'data-testid': 'members-button',
    'aria-controls': 'member-panel', onclick: onToggleMembers }, t('chat.membersButton'));
  const searchButton = h('button', { type: 'button', class: 'ghost', 'data-testid': 'room-search-button',
    'aria-controls': 'room-search-panel', 'aria-expanded': 'false', 'aria-label': t('search.inRoomButtonTitle'),
    title: t('search.inRoomButtonTitle'), onclick: onToggleSearch },
  h('span', { 'aria-hidden': 'true' }, '🔍'), h('span', { class: 'label' }, t('search.button')));
  const galleryButton = h('button', { type: 'button', class: 'ghost', 'data-testid': 'gallery-button',
    'aria-controls': 'gallery-panel', 'aria-expanded': 'false', 'aria-label': t('gallery.buttonTitle'),
    title: t('gallery.buttonTitle'), onclick: onToggleGallery },
  h('span', { 'aria-hidden': 'true' }, '🖼'), h('span', { class: 'label' }, t('gallery.button')));
  // A group's money (its account and dues): GROUP rooms only.
  const accountButton = h('button', { type: 'button', class: 'ghost', 'data-testid': 'account-button',
    'aria-controls': 'account-panel', 'aria-expanded': 'false', 'aria-label': t('money.groupButtonTitle'),
    title: t('money.groupButtonTitle'), onclick: onToggleAccount, hidden: true },
  h('span', { 'aria-hidden': 'true' }, '💰'), h('span', { class: 'label' }, t('money.groupButton')));
  // Muted: the room still counts unread, but neither notifies nor pushes.
  const muteButton = h('button', { type: 'button', class: 'ghost', 'data-testid': 'mute-button',
    onclick: () => {
      muteButton.disabled = true;
      social.setMuted(roomId, !state.muted.has(roomId)).catch(store.showError)
        .finally(() => { muteButton.disabled = false; });
    } });
  function renderMute() {
    const muted = state.muted.has(roomId);
    muteButton.setAttribute('aria-pressed', String(muted));
    muteButton.title = t(muted ? 'chat.unmute' : 'chat.mute');
    muteButton.setAttribute('aria-label', t(muted ? 'chat.unmute' : 'chat.mute'));
    muteButton.replaceChildren(h('span', { 'aria-hidden': 'true' }, muted ? '🔕' : '🔔'));
  }
  // A group's settings (and, for its owner and managers, the requests to join waiting for them, counted).
  const groupBadge = h('span', { class: 'badge tab-badge', 'data-testid': 'group-requests-badge', hidden: true });
  const groupButton = h('button', { type: 'button', class: 'ghost', 'data-testid': 'group-settings-button', hidden: true,
    'aria-controls': 'group-panel', 'aria-expanded': 'false', 'aria-label': t('groups.settings'), title: t('groups.settings'),
    onclick: onToggleGroup },
  h('span', { 'aria-hidden': 'true' }, '⚙'), h('span', { class: 'label' }, t('groups.settingsButton')), groupBadge);
  function renderGroupButton() {
    const room = state.rooms.get(roomId);
    groupButton.hidden = room?.type !== 'GROUP';
    const n = groups.pendingCount(roomId);
    groupBadge.hidden = n === 0;
    groupBadge.textContent = String(n);
    groupButton.title = n ? t('groups.pendingCount', { n }) : t('groups.settings');
  }
  const header = h('header', { class: 'chat-head' },
    h('a', { class: 'back', href: '#/rooms', 'data-testid': 'back-button', 'aria-label': t('nav.back') }, '‹'),
    h('div', { class: 'chat-heading' }, title, subtitle),
    muteButton,
    searchButton,
    galleryButton,
    groupButton,
    accountButton,
    membersButton);

  function renderHeader() {
    const room = state.rooms.get(roomId);
    title.textContent = store.roomTitle(room);
    if (!room) return;
    accountButton.hidden = room.type !== 'GROUP';
    if (room.type === 'DIRECT') {
      const online = !!room.peer?.online;
      subtitle.replaceChildren(h('span', { class: `presence inline${online ? ' online' : ''}`, 'data-online': String(online) }),
        t(online ? 'members.online' : 'members.offline'));
    } else {
      subtitle.textContent = t('rooms.members', { n: room.memberCount });
    }
  }

  // ---- the pinned notice: above the history, folded to one line or open; a click goes to its message ----
  const noticeBanner = h('div', { class: 'notice-banner', 'data-testid': 'notice-banner', hidden: true, role: 'region',
    'aria-label': t('pin.banner') });
  let couldPin = null;

  function renderNotice() {
    const notice = state.rooms.get(roomId)?.notice ?? null;
    // Whether I may pin follows my role (the room's summary): the message buttons change with it.
    const mayPin = messenger.canPin(roomId);
    if (couldPin !== null && couldPin !== mayPin) render();
    couldPin = mayPin;
    noticeBanner.hidden = !notice;
    if (!notice) {
      noticeBanner.replaceChildren();
      delete noticeBanner.dataset.seq;
      return;
    }
    const folded = noticeFolded.has(roomId);
    noticeBanner.dataset.seq = notice.seq;
    noticeBanner.classList.toggle('folded', folded);
    noticeBanner.replaceChildren(...[
      h('span', { class: 'notice-icon', 'aria-hidden': 'true' }, '📌'),
      h('button', { type: 'button', class: 'notice-open', 'data-testid': 'notice-open', title: t('pin.goTo'),
        onclick: () => goTo(notice.seq) },
      h('span', { class: 'notice-text', 'data-testid': 'notice-text' }, notice.excerpt ?? ''),
      !folded && h('span', { class: 'notice-meta muted', 'data-testid': 'notice-meta' },
        t('pin.pinnedBy', { name: notice.pinnedBy?.nickname ?? t('chat.unknownUser'), when: formatWhen(notice.pinnedAt) }))),
      !folded && messenger.canPin(roomId) && h('button', { type: 'button', class: 'link', 'data-testid': 'notice-unpin',
        onclick: () => messenger.unpinNotice(roomId).catch(store.showError) }, t('pin.unpin')),
      h('button', { type: 'button', class: 'notice-fold', 'data-testid': 'notice-fold', 'aria-expanded': String(!folded),
        'aria-label': t(folded ? 'pin.unfold' : 'pin.fold'), title: t(folded ? 'pin.unfold' : 'pin.fold'),
        onclick: () => {
          if (folded) noticeFolded.delete(roomId);
          else noticeFolded.add(roomId);
          renderNotice();
          noticeBanner.querySelector('[data-testid="notice-fold"]')?.focus();
        } }, folded ? '▾' : '▴'),
    ].filter(Boolean));
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

  /** Edit and delete for my own messages (first, so Tab from the bubble reaches them first); reply, react, pin for any. */
  function messageActions(m) {
    if (m.deleted || m.type === 'SYSTEM') return null;
    const mine = m.sender?.id === state.me.id;
    const confirming = confirmingDelete === m.seq;
    return h('div', { class: `actions${picking === m.seq ? ' visible' : ''}` },
      mine && messageEditActions(m, confirming),
      h('button', { type: 'button', class: 'link', 'data-testid': 'message-reply', onclick: () => startReply(m) },
        t('chat.reply')),
      h('button', { type: 'button', class: 'link', 'data-testid': 'message-react', 'aria-haspopup': 'true',
        'aria-expanded': String(picking === m.seq), onclick: () => togglePicker(m.seq) }, t('reactions.add')),
      messenger.canPin(roomId) && h('button', { type: 'button', class: 'link', 'data-testid': 'message-pin',
        onclick: () => messenger.pinNotice(roomId, m.seq).catch(store.showError) }, t('pin.action')));
  }

  function messageEditActions(m, confirming) {
    return [
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
        } }, t(confirming ? 'chat.confirmDelete' : 'chat.delete'))];
  }

  // ---- replies ----
  function quoteOf(m) {
    return { seq: m.seq, sender: m.sender, type: m.type, excerpt: store.excerptOf(m), deleted: false };
  }

  /** What a quote says: the original's sender and words, "Photo" or the file's name, or that it is gone. */
  function quoteText(q) {
    if (q.deleted) return { who: null, what: t('reply.deleted') };
    if (q.sender == null) return { who: null, what: t('reply.unavailable') };
    let what = q.excerpt ?? '';
    if (q.type === 'IMAGE' && what === 'photo') what = `🖼 ${t('preview.photo')}`;
    else if (q.type === 'FILE' && what) what = `📄 ${what}`;
    return { who: q.sender.nickname, what };
  }

  /** The quote above a reply's text; a click goes to the original. */
  function quoteEl(q) {
    const { who, what } = quoteText(q);
    return h('button', { type: 'button', class: `quote${q.deleted ? ' gone' : ''}`, 'data-testid': 'reply-quote',
      'data-reply-seq': q.seq, 'data-deleted': q.deleted ? 'true' : null,
      title: t('reply.goTo'), onclick: (e) => { e.stopPropagation(); goTo(q.seq); } },
    who && h('span', { class: 'quote-sender', 'data-testid': 'reply-quote-sender' }, who),
    h('span', { class: 'quote-text', 'data-testid': 'reply-quote-text' }, what));
  }

  /** Shows the message at seq, ringed for a moment: loading the history around it when it is not held. */
  async function goTo(seq) {
    try {
      if (!c.messages.has(seq)) await messenger.showAround(roomId, seq);
      if (!reveal(seq)) store.showError({ code: 'MESSAGE_NOT_FOUND' });
    } catch (e) {
      store.showError(e);
    }
  }

  function startReply(m) {
    replyDrafts.set(roomId, quoteOf(m));
    picking = null;
    renderReply();
    input.focus();
  }

  function cancelReply() {
    replyDrafts.delete(roomId);
    renderReply();
  }

  // ---- reactions ----
  function togglePicker(seq) {
    picking = picking === seq ? null : seq;
    if (picking != null) messenger.loadReactionSet();
    render();
    if (picking != null) list.querySelector(`[data-seq="${seq}"] [data-testid="reaction-option"]`)?.focus();
  }

  async function react(seq, emoji) {
    picking = null;
    render();
    try {
      await messenger.toggleReaction(roomId, seq, emoji);
    } catch (e) {
      store.showError(reactionRefusal(e));
    }
  }

  /** A refused reaction in words fitted to it: the message went away, or it is not one to react to. */
  function reactionRefusal(e) {
    if (e?.code === 'MESSAGE_NOT_FOUND' || e?.code === 'OPERATION_NOT_ALLOWED') return t('reactions.cannot');
    return e;
  }

  function pickerEl(m) {
    const mine = c.mine.get(m.seq);
    return h('div', { class: 'reaction-picker', role: 'menu', 'data-testid': 'reaction-picker', 'aria-label': t('reactions.pick'),
      onkeydown: (e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          picking = null;
          render();
          list.querySelector(`[data-seq="${m.seq}"] [data-testid="message-react"]`)?.focus();
        }
      } },
    messenger.reactionSet.map((emoji) => h('button', { type: 'button', role: 'menuitemcheckbox', class: 'reaction-option',
      'data-testid': 'reaction-option', 'data-emoji': emoji, 'aria-checked': String(!!mine?.has(emoji)),
      onclick: () => react(m.seq, emoji) }, emoji)));
  }

  /**
   * Reads who reacted and shows their names over the message (on hover or focus of its chips). Read once per
   * showing, and again only when the counts change: a redraw puts new chips under the pointer, which enter again.
   */
  function showWho(seq, { again = false } = {}) {
    if (whoFor?.seq === seq && (whoFor.loading || (whoFor.who && !again))) return;
    const counts = JSON.stringify(c.messages.get(seq)?.reactions ?? {});
    whoFor = { seq, who: whoFor?.seq === seq ? whoFor.who : null, counts, loading: true };
    const asked = whoFor;
    messenger.whoReacted(roomId, seq)
      .then((who) => { if (whoFor === asked) asked.who = who; })
      .catch(() => {})
      .finally(() => {
        if (whoFor !== asked) return;
        asked.loading = false;
        render();
      });
  }

  function hideWho(seq) {
    if (whoFor?.seq !== seq) return;
    whoFor = null;
    render();
  }

  function whoEl(m) {
    if (whoFor?.seq !== m.seq) return null;
    // Someone reacted while the list shows: read it again (after this redraw).
    if (!whoFor.loading && whoFor.counts !== JSON.stringify(m.reactions ?? {})) queueMicrotask(() => showWho(m.seq, { again: true }));
    if (!whoFor.who) return null;
    const lines = Object.entries(whoFor.who).filter(([, ids]) => ids.length).map(([emoji, ids]) =>
      h('li', { 'data-testid': 'reaction-who-line', 'data-emoji': emoji }, `${emoji} `,
        ids.map((id) => (id === state.me.id ? t('chat.me') : state.names.get(id) ?? t('chat.unknownUser'))).join(t('listJoin'))));
    return lines.length ? h('ul', { class: 'reaction-who', 'data-testid': 'reaction-who', role: 'status' }, lines) : null;
  }

  /** The chips under a message: each emoji with its count, mine pressed; a click adds or takes back mine. */
  function reactionsEl(m) {
    const counts = Object.entries(m.reactions ?? {}).filter(([, n]) => n > 0);
    if (m.deleted || counts.length === 0) return null;
    const mine = c.mine.get(m.seq);
    return h('div', { class: 'reactions', 'data-testid': 'reactions',
      // A redraw replaces these elements: leaving one that was taken away is not leaving the chips.
      onmouseenter: () => { if (!redrawing) showWho(m.seq); },
      onmouseleave: (e) => { if (!redrawing && e.currentTarget.isConnected) hideWho(m.seq); },
      onfocusin: () => { if (!redrawing) showWho(m.seq); },
      onfocusout: (e) => {
        if (!redrawing && e.currentTarget.isConnected && !e.currentTarget.contains(e.relatedTarget)) hideWho(m.seq);
      } },
    counts.map(([emoji, n]) => {
      const pressed = !!mine?.has(emoji);
      return h('button', { type: 'button', class: `reaction-chip${pressed ? ' mine' : ''}`, 'data-testid': 'reaction-chip',
        'data-emoji': emoji, 'data-count': n, 'data-mine': pressed ? 'true' : 'false', 'aria-pressed': String(pressed),
        'aria-label': t(pressed ? 'reactions.chipMine' : 'reactions.chip', { emoji, n }),
        onclick: () => react(m.seq, emoji) },
      h('span', { 'aria-hidden': 'true' }, emoji), h('span', { class: 'reaction-count', 'aria-hidden': 'true' }, n));
    }),
    whoEl(m));
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

  function openPhotos(photos, index) {
    viewer = showViewer(photos, index, { onClose: () => { viewer = null; } });
  }

  /** Reused across redraws, made once. */
  function cell(key, make) {
    let el = cells.get(key);
    if (!el) {
      el = make();
      cells.set(key, el);
    }
    return el;
  }

  const caption = (text) => text && h('div', { class: 'caption', 'data-testid': 'message-caption' }, linkified(text, h));
  const carries = (m) => (m.type === 'IMAGE' || m.type === 'FILE') && !m.deleted && m.attachments?.length > 0;

  /** What a bubble holds: the tombstone, photos or a file with their caption, or text. */
  function contentOf(m) {
    if (m.deleted) return t('chat.deleted');
    if (carries(m) && m.type === 'IMAGE') {
      return [albumEl(m.attachments, { cells, onOpen: (i) => openPhotos(m.attachments, i) }), caption(m.content)];
    }
    if (carries(m)) return [cell(`file:${m.attachments[0].id}`, () => fileCardEl(m.attachments[0])), caption(m.content)];
    return linkified(m.content, h);
  }

  function messageEl(m, { first, showTime }) {
    const mine = m.sender?.id === state.me.id;
    const isEditing = editing?.seq === m.seq && !m.deleted;
    const found = m.seq === foundSeq;
    const media = carries(m);
    const bubble = isEditing ? editor(m)
      : h('div', { class: `bubble${m.deleted ? ' deleted' : ''}${media ? ` media ${m.type.toLowerCase()}` : ''}`,
        'data-testid': 'message-content', 'data-type': m.type,
        // A message can be focused, which reveals its buttons (reply, react, pin; edit and delete for my own) to
        // keyboard and touch users.
        tabindex: !m.deleted ? '0' : null },
      m.replyTo && !m.deleted && quoteEl(m.replyTo),
      contentOf(m));
    const name = m.sender?.nickname ?? t('chat.unknownUser');
    const face = !mine && (first
      ? cell(`avatar:${m.seq}:${m.sender?.id}:${m.sender?.avatarId}:${name}`,
        () => files.avatar(m.sender ?? { nickname: name }, { className: 'small' }))
      : h('div', { class: 'avatar small', 'aria-hidden': 'true' }));
    // A message that names me with @nickname stands out.
    const mentionsMe = !mine && !m.deleted && Array.isArray(m.mentions) && m.mentions.includes(state.me.id);
    return h('div', { class: `msg ${mine ? 'mine' : 'theirs'}${first ? ' first' : ''}${found ? ' found' : ''}${mentionsMe ? ' mentions-me' : ''}`,
      'data-testid': 'message', 'data-seq': m.seq, 'data-sender-id': m.sender?.id ?? '',
      'data-deleted': m.deleted ? 'true' : null, 'data-found': found ? 'true' : null,
      'data-mentions-me': mentionsMe ? 'true' : null },
    face,
    h('div', { class: 'msg-body' },
      !mine && first && (m.sender
        ? h('button', { type: 'button', class: 'sender name-button', 'data-testid': 'message-sender', title: t('person.open'),
          onclick: () => openPerson(m.sender) }, name)
        : h('div', { class: 'sender', 'data-testid': 'message-sender' }, name)),
      mentionsMe && h('span', { class: 'sr-only' }, t('chat.mentionsYou')),
      h('div', { class: 'line' },
        bubble,
        h('div', { class: 'meta' },
          m.unreadCount > 0 && !m.deleted && h('span', { class: 'unread', 'data-testid': 'message-unread',
            title: t('chat.unreadTitle', { n: m.unreadCount }) }, m.unreadCount),
          m.editedAt && !m.deleted && h('span', { class: 'edited' }, t('chat.edited')),
          showTime && h('time', { datetime: m.createdAt }, formatTime(m.createdAt))),
        !isEditing && messageActions(m)),
      picking === m.seq && !m.deleted && pickerEl(m),
      reactionsEl(m)));
  }

  /** One file on its way up: a preview (photos) or its name and size, a progress bar, and ✕ to stop it. */
  function uploadEl(p, u) {
    const active = u.state === 'waiting' || u.state === 'uploading';
    const photo = p.type === 'IMAGE';
    if (photo && !u.preview) u.preview = URL.createObjectURL(u.file);
    const bar = active && h('progress', { class: 'upload-bar', max: String(u.size || 1), value: String(u.loaded),
      'data-testid': 'upload-progress', 'aria-label': u.name });
    u.bar = bar || null;
    const cancel = (active || u.state === 'failed') && h('button', { type: 'button', class: 'upload-cancel',
      'data-testid': 'upload-cancel', 'aria-label': t('upload.cancel', { name: u.name }), title: t('upload.cancel', { name: u.name }),
      onclick: () => messenger.cancelUpload(roomId, p.clientMsgId, u.key) }, '✕');
    const failure = u.state === 'failed' && h('span', { class: 'upload-error', 'data-testid': 'upload-error',
      'data-code': u.error?.code ?? '' }, fileRefusalText({ code: u.error?.code, kind: p.type, detail: u.error?.detail }));
    if (photo) {
      return h('div', { class: 'thumb upload', 'data-testid': 'upload', 'data-state': u.state, 'data-name': u.name },
        h('img', { src: u.preview, alt: '', draggable: 'false' }), bar, cancel, failure);
    }
    return h('div', { class: 'file-card upload', 'data-testid': 'upload', 'data-state': u.state, 'data-name': u.name },
      h('span', { class: 'file-icon', 'aria-hidden': 'true' }, '📄'),
      h('span', { class: 'file-info' },
        h('span', { class: 'file-name', title: u.name }, u.name),
        h('span', { class: 'file-size muted' }, files.formatSize(u.size)),
        bar, failure),
      cancel);
  }

  /** Files the server refused, each with the reason in words; they were left out of the message. */
  function refusalEl(p) {
    return h('div', { class: 'msg mine notice', 'data-testid': 'upload-refused', 'data-client-msg-id': p.clientMsgId },
      h('div', { class: 'msg-body' },
        h('div', { class: 'refusal', role: 'alert' },
          h('strong', null, t('upload.refusedTitle')),
          h('ul', null, p.refusals.map((r) => h('li', { 'data-testid': 'refused-file', 'data-code': r.code },
            h('span', { class: 'refused-name', 'data-testid': 'refused-name' }, r.name), ' ',
            h('span', { 'data-testid': 'refused-reason' }, fileRefusalText(r))))),
          h('button', { type: 'button', class: 'link', 'data-testid': 'refused-dismiss',
            onclick: () => messenger.discard(roomId, p.clientMsgId) }, t('upload.dismiss')))));
  }

  function pendingContent(p) {
    if (!p.uploads) return linkified(p.content, h);
    const ups = p.uploads.map((u) => uploadEl(p, u));
    const n = ups.length;
    return [p.type === 'IMAGE' ? h('div', { class: `album cols-${albumColumns(n)}${n === 1 ? ' single' : ''}` }, ups) : ups,
      caption(p.content)];
  }

  function pendingEl(p) {
    if (p.notice) return refusalEl(p);
    const status = { sending: 'chat.pending', queued: 'chat.queued', failed: 'chat.failed', uploading: 'chat.uploading',
      uploadFailed: 'chat.uploadFailed' }[p.status] ?? 'chat.pending';
    const failed = p.status === 'failed' || p.status === 'uploadFailed';
    return h('div', { class: `msg mine pending ${p.status}`, 'data-testid': 'message-pending',
      'data-client-msg-id': p.clientMsgId, 'data-status': p.status, 'data-type': p.type ?? 'TEXT' },
    h('div', { class: 'msg-body' },
      h('div', { class: 'line' },
        h('div', { class: `bubble${p.uploads ? ' media' : ''}`, 'data-testid': 'message-content' },
          p.replyTo && quoteEl(p.replyTo), pendingContent(p)),
        h('div', { class: 'meta' },
          h('span', { class: 'status', title: p.error ? errorText(p.error) : null }, t(status)),
          failed && h('span', { class: 'actions visible' },
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
    const focusEmoji = focused?.dataset.emoji;

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
        // An expense's note: its receipt photo shown small beside it, opening the viewer.
        const expense = m.system?.event === 'EXPENSE' ? money.expenseAt(roomId, m.seq) : null;
        const receipts = expense?.receiptAttachmentId
          ? [{ id: expense.receiptAttachmentId, kind: 'IMAGE', name: 'receipt', thumbnail: {} }] : [];
        items.push(h('div', { class: `system${found ? ' found' : ''}`, 'data-testid': 'system-message', 'data-seq': m.seq,
          'data-event': m.system?.event ?? null, 'data-found': found ? 'true' : null }, h('span', null, systemText(m)),
        receipts.map((x) => {
          const img = h('img', { class: 'receipt-thumb', alt: t('money.receipt'), 'data-testid': 'system-receipt' });
          files.thumbnailUrl(x).then((url) => { img.src = url; }).catch(() => {});
          return h('button', { type: 'button', class: 'ghost receipt-button', 'aria-label': t('money.receipt'),
            onclick: () => showViewer(receipts, 0) }, img);
        })));
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
    redrawing = true;
    try {
      list.replaceChildren(...items);
      place(focusSeq, focusTestId, focusEmoji, { wasAtBottom, before, messages });
    } finally {
      redrawing = false;
    }
    checkRead();
    const unknown = messages.filter((m) => !m.deleted && Object.keys(m.reactions ?? {}).length && !c.mine.has(m.seq));
    if (unknown.length) messenger.learnMine(roomId, unknown.map((m) => m.seq));
  }

  /** After a redraw: the reader's scroll position and focus, as they were. */
  function place(focusSeq, focusTestId, focusEmoji, { wasAtBottom, before, messages }) {
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
      const same = focusEmoji && [...(row?.querySelectorAll(`[data-testid="${focusTestId}"]`) ?? [])]
        .find((x) => x.dataset.emoji === focusEmoji);
      (same ?? row?.querySelector(`[data-testid="${focusTestId}"]`) ?? row?.querySelector('[tabindex]'))
        ?.focus({ preventScroll: true });
    }
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
  const fileInput = h('input', { type: 'file', multiple: true, hidden: true, tabindex: '-1', 'data-testid': 'file-input' });
  const attachButton = h('button', { type: 'button', class: 'ghost attach', 'data-testid': 'attach-button',
    'aria-label': t('chat.attach'), title: t('chat.attach'), onclick: () => fileInput.click() }, '📎');
  // ---- @mentions: while "@…" is typed, the members whose nickname starts so are offered ----
  const mentionList = h('ul', { class: 'mention-list', role: 'listbox', id: 'mention-list', hidden: true,
    'data-testid': 'mention-suggestions', 'aria-label': t('chat.mentionList') });
  input.setAttribute('aria-controls', 'mention-list');
  input.setAttribute('aria-autocomplete', 'list');
  let mention = null; // { start, end, options: [member], active }

  function findMention() {
    const caret = input.selectionStart;
    if (caret == null || caret !== input.selectionEnd) return null;
    const match = input.value.slice(0, caret).match(/(^|\s)@([^\s@]{0,40})$/u);
    if (!match) return null;
    const query = match[2].toLocaleLowerCase();
    const others = (state.members.get(roomId) ?? []).filter((m) => m.id !== state.me.id);
    const starts = others.filter((m) => m.nickname.toLocaleLowerCase().startsWith(query));
    const contains = others.filter((m) => !starts.includes(m) && m.nickname.toLocaleLowerCase().includes(query));
    const options = [...starts, ...contains].slice(0, 6);
    return options.length ? { start: caret - match[2].length - 1, end: caret, options, active: 0 } : null;
  }

  function renderMentions() {
    mentionList.hidden = !mention;
    input.setAttribute('aria-expanded', String(!!mention));
    if (!mention) {
      input.removeAttribute('aria-activedescendant');
      mentionList.replaceChildren();
      return;
    }
    mentionList.replaceChildren(...mention.options.map((m, i) => h('li', {
      id: `mention-option-${m.id}`, role: 'option', class: `mention-option${i === mention.active ? ' active' : ''}`,
      'aria-selected': String(i === mention.active), 'data-testid': 'mention-option', 'data-user-id': m.id,
      // mousedown, not click: the composer keeps its focus (and its caret).
      onmousedown: (e) => {
        e.preventDefault();
        pickMention(i);
      },
    }, files.avatar(m, { className: 'tiny' }), h('span', { 'data-testid': 'mention-name' }, m.nickname))));
    input.setAttribute('aria-activedescendant', `mention-option-${mention.options[mention.active].id}`);
  }

  function pickMention(i) {
    const m = mention.options[i];
    const text = `@${m.nickname} `;
    input.value = input.value.slice(0, mention.start) + text + input.value.slice(mention.end);
    const caret = mention.start + text.length;
    input.setSelectionRange(caret, caret);
    mention = null;
    renderMentions();
    onInputChanged();
  }

  /** Arrow keys move through the names, Enter or Tab takes one, Escape closes; true when the key was used. */
  function mentionKey(e) {
    if (!mention) return false;
    const n = mention.options.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      mention.active = (mention.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
      renderMentions();
    } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey && !e.isComposing) {
      pickMention(mention.active);
    } else if (e.key === 'Escape') {
      mention = null;
      renderMentions();
    } else {
      return false;
    }
    e.preventDefault();
    return true;
  }

  // The message being answered, above the composer, with ✕ (or Escape) to answer nothing after all.
  const replyBar = h('div', { class: 'reply-bar', 'data-testid': 'reply-preview', hidden: true });
  function renderReply() {
    const q = replyDrafts.get(roomId);
    replyBar.hidden = !q;
    if (!q) {
      replyBar.replaceChildren();
      return;
    }
    const { who, what } = quoteText(q);
    replyBar.dataset.seq = q.seq;
    replyBar.replaceChildren(
      h('div', { class: 'reply-bar-text' },
        h('span', { class: 'reply-bar-title', 'data-testid': 'reply-preview-sender' },
          who ? t('reply.to', { name: who }) : t('reply.toMessage')),
        h('span', { class: 'quote-text', 'data-testid': 'reply-preview-text' }, what)),
      h('button', { type: 'button', class: 'reply-cancel', 'data-testid': 'reply-cancel', 'aria-label': t('reply.cancel'),
        title: t('reply.cancel'), onclick: () => { cancelReply(); input.focus(); } }, '✕'));
  }

  const form = h('form', { class: 'composer', 'data-testid': 'composer-form' },
    mentionList,
    attachButton, fileInput,
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
    mention = findMention();
    renderMentions();
    if (input.value.trim()) messenger.typing(roomId, true);
  });
  input.addEventListener('blur', () => {
    messenger.typing(roomId, false);
    mention = null;
    renderMentions();
  });
  input.addEventListener('keydown', (e) => {
    if (mentionKey(e)) return;
    if (e.key === 'Escape' && replyDrafts.has(roomId)) {
      e.preventDefault();
      cancelReply();
      return;
    }
    // Enter sends, Shift+Enter breaks the line; never while an IME (Korean input) is composing a syllable.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (messenger.send(roomId, input.value, { replyTo: replyDrafts.get(roomId) ?? null })) {
      input.value = '';
      onInputChanged();
      cancelReply();
    }
    input.focus();
  });

  // ---- photos and files: picked, pasted or dropped; what is typed goes with them as the caption ----
  function sendFiles(list) {
    if (messenger.sendFiles(roomId, list, input.value, { replyTo: replyDrafts.get(roomId) ?? null })) {
      input.value = '';
      onInputChanged();
      cancelReply();
    }
    input.focus();
  }
  fileInput.addEventListener('change', () => {
    const picked = [...fileInput.files];
    fileInput.value = ''; // the same file can be picked again
    sendFiles(picked);
  });
  // Everything cancelled or refused: the caption is not lost.
  cleanups.push(store.subscribe('captionReturned', ({ roomId: id, content }) => {
    if (id !== roomId || input.value.trim()) return;
    input.value = content;
    onInputChanged();
  }));

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
  const dropZone = h('div', { class: 'drop-zone', 'data-testid': 'drop-zone', hidden: true, 'aria-hidden': 'true' },
    h('span', null, t('chat.dropHere')));
  const el = h('section', { class: 'chat', 'data-testid': 'chat-view', 'data-room-id': roomId },
    header,
    noticeBanner,
    h('div', { class: 'messages-wrap' }, list, newMessages, jumpLatest),
    typingLine,
    replyBar,
    form,
    composerError,
    dropZone);

  // A pasted picture (a screenshot, an image copied in a browser) is sent; pasted text stays text.
  el.addEventListener('paste', (e) => {
    const data = e.clipboardData;
    const pasted = [...(data?.files ?? [])];
    if (pasted.length === 0 || data.getData('text/plain').trim() || e.target.closest?.('.editor')) return;
    e.preventDefault();
    sendFiles(pasted);
  });
  let dragDepth = 0; // dragenter/dragleave fire for every child crossed
  el.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    dragDepth += 1;
    dropZone.hidden = false;
  });
  el.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  el.addEventListener('dragleave', (e) => {
    if (!hasFiles(e)) return;
    dragDepth = Math.max(0, dragDepth - 1);
    if (dragDepth === 0) dropZone.hidden = true;
  });
  el.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    dragDepth = 0;
    dropZone.hidden = true;
    sendFiles(e.dataTransfer.files);
  });

  // A deleted message's photos leave the viewer and the reused elements with it.
  cleanups.push(store.subscribe('attachmentsGone', (ids) => {
    const gone = new Set(ids);
    if (viewer?.shows(gone)) viewer.close();
    for (const key of [...cells.keys()]) if (gone.has(key.replace(/^file:/, '').split(':')[0])) cells.delete(key);
  }));
  cleanups.push(() => viewer?.close());

  cleanups.push(store.subscribe(`chat:${roomId}`, render));
  cleanups.push(() => clearTimeout(foundTimer));
  cleanups.push(store.subscribe(`typing:${roomId}`, renderTyping));
  cleanups.push(store.subscribe('rooms', renderHeader));
  cleanups.push(store.subscribe('rooms', renderGroupButton));
  cleanups.push(store.subscribe('applications', renderGroupButton));
  renderGroupButton();
  cleanups.push(store.subscribe('muted', renderMute));
  cleanups.push(store.subscribe(`notice:${roomId}`, renderNotice));
  cleanups.push(store.subscribe('reactionSet', () => { if (picking != null) render(); }));
  // The message I was answering was deleted meanwhile: the reply would be refused, so it is dropped.
  cleanups.push(store.subscribe(`chat:${roomId}`, () => {
    const q = replyDrafts.get(roomId);
    if (q && c.messages.get(q.seq)?.deleted) cancelReply();
  }));
  renderHeader();
  renderMute();
  render();
  renderNotice();
  renderReply();
  renderTyping();
  queueMicrotask(onInputChanged);

  return {
    el,
    focus: () => input.focus(),
    afterAttach: () => { firstPaint = true; render(); },
    reveal,
    setSearchOpen: (openNow) => searchButton.setAttribute('aria-expanded', String(openNow)),
    setGalleryOpen: (openNow) => galleryButton.setAttribute('aria-expanded', String(openNow)),
    setGroupOpen: (openNow) => groupButton.setAttribute('aria-expanded', String(openNow)),
    setAccountOpen: (openNow) => accountButton.setAttribute('aria-expanded', String(openNow)),
    destroy() {
      messenger.typing(roomId, false);
      for (const fn of cleanups) fn();
    },
  };
}
