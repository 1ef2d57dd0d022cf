// The messenger's behaviour, between the views and the wire: loading rooms and history, catching up after a
// reconnect, the outbox of messages still to be sent, read marks, typing, membership changes.

import * as api from './api.js';
import { Realtime, Disconnected } from './realtime.js';
import * as store from './store.js';
import { isUserEvent } from './events.js';
import { charCount, uuid } from './dom.js';
import { t } from './i18n.js';
import * as files from './files.js';
import * as social from './social.js';
import * as groups from './groups.js';

const { state } = store;
export const MAX_LENGTH = 4000;
const PAGE = 50;

let rt = null;
let openRoomId = null; // the room on screen: if its history could not load (offline), a reconnect loads it
let connections = 0; // counts connections, so work started for an old one can tell it is stale
const readSent = new Map(); // roomId → highest seq we asked the server to mark read
const typingSentAt = new Map(); // roomId → when we last said "typing"

export async function start(me) {
  state.me = me;
  store.rememberName(me.id, me.nickname);
  rt = new Realtime({
    token: api.accessToken,
    roomEvent: (event, roomId) => (event?.type === 'resync' && event.roomId === roomId
      ? resync(roomId).catch(reportUnlessOffline) : store.applyRoomEvent(event, roomId)),
    userEvent: onUserEvent,
    state: (name) => store.setConnection(name),
    connected: () => onConnected().catch(reportUnlessOffline),
    stompError: (code) => {
      // A revoked session: the next attempt asks for a fresh token, the refresh is refused, and the app signs out.
      if (code === 'TOKEN_EXPIRED' || code === 'UNAUTHENTICATED' || code === 'SESSION_REVOKED') api.invalidateAccess();
      else if (code === 'TOO_MANY_SESSIONS') store.showError({ code });
    },
  });
  // A new access token: reconnect so the socket carries it before the old one expires (the server closes
  // a socket whose token ran out).
  api.on('refreshed', () => { if (rt.connected) rt.restart(); });
  store.subscribe('membersChanged', (roomId) => refreshRoom(roomId).catch(() => {}));
  store.subscribe('conflict', ({ roomId, seq }) => settle(roomId, seq));
  store.subscribe('attachmentsGone', (ids) => files.forgetAttachments(ids));
  try {
    await loadRooms(); // paint the list at once; onConnected reconciles it again
  } catch (e) {
    reportUnlessOffline(e);
  }
  loadReactionSet();
  rt.start();
}

export async function stop() {
  await rt?.stop();
}

function reportUnlessOffline(e) {
  if (e instanceof Disconnected || e?.code === 'DISCONNECTED') return;
  if (e?.code === 'NETWORK' && state.connection !== 'online') return; // the connection badge says it already
  store.showError(e);
}

async function loadRooms() {
  const known = new Set(state.rooms.keys());
  const list = await api.api('GET', '/rooms');
  // A room that arrived (room_added, or one we created) while the list was in flight is newer than the list.
  for (const [id, room] of state.rooms) if (!known.has(id) && !list.some((r) => r.id === id)) list.push(room);
  // Our own read marks may be ahead of what the server has committed; keep them.
  for (const room of list) {
    const held = state.rooms.get(room.id);
    if (held && held.lastReadSeq > room.lastReadSeq && (readSent.get(room.id) ?? 0) >= held.lastReadSeq) {
      room.lastReadSeq = held.lastReadSeq;
      room.unreadCount = Math.max(0, room.lastSeq - room.lastReadSeq);
    }
  }
  const gone = [...state.rooms.values()].filter((room) => !list.some((r) => r.id === room.id));
  store.setRooms(list);
  for (const id of [...rt.wanted]) if (!state.rooms.has(id)) rt.unwatchRoom(id);
  // Removed while we were away: the same as a room_removed event.
  for (const room of gone) store.emit('roomRemoved', { roomId: room.id, reason: null, room });
  for (const room of list) rt.watchRoom(room.id);
  return list;
}

/**
 * After every (re)connect: once each room's topic is live again, re-read the list and fetch, for each history
 * we hold, everything after its last seq. Live events and fetched pages overlap; merging by seq removes the
 * overlap, so nothing is missed or shown twice. Only then does the outbox go out.
 */
async function onConnected() {
  const generation = ++connections;
  // Friends, their presence, the bell's badge and mutes: read once the personal queue is subscribed, so that no event
  // falls between the read and the subscription (and again after every reconnect, for what changed meanwhile).
  social.refresh();
  await Promise.allSettled([...state.rooms.keys()].map((id) => rt.roomReady(id)));
  await loadRooms();
  if (generation !== connections) return;
  groups.refresh();
  await Promise.allSettled([...state.rooms.keys()].map((id) => rt.roomReady(id)));
  for (const [roomId, c] of [...state.chats]) {
    if ((c.live || roomId === openRoomId) && state.rooms.has(roomId)) await catchUp(roomId);
    if (generation !== connections) return;
  }
  flushOutbox();
}

async function catchUp(roomId) {
  const c = store.chat(roomId);
  if (!c.loaded) return loadLatest(roomId);
  if (c.detached) return refreshWindow(roomId);
  const epoch = c.epoch;
  if (!(await fetchAfter(roomId, store.lastHeldSeq(c), epoch))) return;
  // Read events sent while we were away changed the unread counts of messages we already held.
  const recent = await api.api('GET', `/rooms/${roomId}/messages?limit=${PAGE}`);
  if (c.epoch === epoch && !c.detached) store.putMessages(roomId, recent.messages);
}

/**
 * Adds everything after seq `after`, page by page, to the run held. False when the run was replaced meanwhile
 * (a jump), whose pages it then leaves alone.
 */
async function fetchAfter(roomId, after, epoch) {
  const c = store.chat(roomId);
  for (;;) {
    const page = await api.api('GET', `/rooms/${roomId}/messages?afterSeq=${after}&limit=200`);
    if (c.epoch !== epoch) return false;
    store.putMessages(roomId, page.messages);
    if (!page.hasMore || page.messages.length === 0) return true;
    after = page.messages.at(-1).seq;
  }
}

/**
 * The run held reaches the room's newest message: take live messages again, then fetch what was committed while
 * they were not taken. lastHeldSeq ends where the run does, so a live message that arrives before that fetch
 * answers cannot make it skip anything.
 */
async function attach(roomId) {
  const c = store.chat(roomId);
  const epoch = c.epoch;
  c.detached = false;
  store.emit(`chat:${roomId}`);
  await fetchAfter(roomId, store.lastHeldSeq(c), epoch);
}

/** After a reconnect, a window in the past is read again (edits, deletions and unread counts we missed). */
async function refreshWindow(roomId) {
  const c = store.chat(roomId);
  const epoch = c.epoch;
  const end = store.lastHeldSeq(c);
  let after = store.oldestHeldSeq(c) - 1;
  for (;;) {
    const page = await api.api('GET', `/rooms/${roomId}/messages?afterSeq=${after}&limit=200`);
    if (c.epoch !== epoch || !c.detached) return;
    store.putMessages(roomId, page.messages);
    if (!page.hasMore || page.messages.length === 0) return attach(roomId); // it reaches the newest now
    after = page.messages.at(-1).seq;
    if (after >= end) return;
  }
}

/**
 * The server says some of this room's events never reached it (in a cluster, when its bus dropped them): what we
 * show of the room may be stale. Re-read its summary (unread count) and, for a history we hold, everything after
 * its last seq and the newest page (unread counts of messages). Later events go on as usual.
 */
async function resync(roomId) {
  if (!state.rooms.has(roomId)) return;
  store.putRoom(await api.api('GET', `/rooms/${roomId}`));
  const c = store.chat(roomId);
  if (c.loaded) await catchUp(roomId);
}

/**
 * Opens a room: its summary (which fails with NOT_A_MEMBER for strangers), then its newest history, or with
 * aroundSeq (a search hit) the history around that message.
 */
export async function openRoom(roomId, { aroundSeq = null } = {}) {
  openRoomId = roomId;
  if (!state.rooms.has(roomId)) {
    const room = await api.api('GET', `/rooms/${roomId}`);
    store.putRoom(room);
    rt.watchRoom(roomId);
  }
  if (openRoomId === roomId) rt.showRoom(roomId);
  const c = store.chat(roomId);
  if (aroundSeq != null) await showAround(roomId, aroundSeq);
  else if (!c.live) await loadLatest(roomId);
  loadMembers(roomId).catch(() => {});
}

/** Back to the room list: the room's typing and presence are no longer needed. */
export function closeRoom() {
  openRoomId = null;
  rt.showRoom(null);
}

async function loadLatest(roomId) {
  const c = store.chat(roomId);
  // Subscribe first, and keep live events from now on: the page fetched next overlaps them, leaving no gap.
  if (rt.connected) await rt.roomReady(roomId).catch(() => {});
  c.live = true;
  const epoch = c.epoch;
  try {
    const page = await api.api('GET', `/rooms/${roomId}/messages?limit=${PAGE}`);
    if (c.epoch !== epoch) return; // a jump to a search hit replaced the history meanwhile
    c.hasOlder = page.hasMore;
    c.loaded = true;
    store.putMessages(roomId, page.messages);
  } catch (e) {
    if (!c.loaded) c.live = false;
    throw e;
  }
}

export async function loadOlder(roomId) {
  const c = store.chat(roomId);
  if (!c.loaded || !c.hasOlder || c.loadingOlder) return;
  c.loadingOlder = true;
  const epoch = c.epoch;
  try {
    const page = await api.api('GET', `/rooms/${roomId}/messages?beforeSeq=${store.oldestHeldSeq(c)}&limit=${PAGE}`);
    if (c.epoch !== epoch) return;
    c.hasOlder = page.hasMore;
    store.putMessages(roomId, page.messages);
  } finally {
    c.loadingOlder = false;
  }
}

/**
 * Shows the history around seq (a search hit): the page with it in its middle replaces what is held, unless it
 * is held already. Such a window in the past does not take live messages until newer pages reach the newest.
 */
export async function showAround(roomId, seq) {
  const c = store.chat(roomId);
  if (c.loaded && c.messages.has(seq)) return;
  if (rt.connected) await rt.roomReady(roomId).catch(() => {});
  const wasLive = c.live;
  c.live = true;
  let page;
  try {
    page = await api.api('GET', `/rooms/${roomId}/messages?aroundSeq=${seq}&limit=${PAGE}`);
  } catch (e) {
    if (!c.loaded) c.live = wasLive;
    throw e;
  }
  if (page.messages.length === 0) {
    // Nothing visible there (the hit went away): the newest history instead.
    if (!c.loaded) return loadLatest(roomId);
    return;
  }
  store.replaceMessages(roomId, page.messages, { hasOlder: page.hasMore, detached: true });
  const room = state.rooms.get(roomId);
  if (!room || store.lastHeldSeq(c) >= room.lastSeq) await attach(roomId);
}

/** The next newer page of a window in the past; the last one makes the room follow live messages again. */
export async function loadNewer(roomId) {
  const c = store.chat(roomId);
  if (!c.loaded || !c.detached || c.loadingNewer) return;
  c.loadingNewer = true;
  const epoch = c.epoch;
  try {
    const page = await api.api('GET', `/rooms/${roomId}/messages?afterSeq=${store.lastHeldSeq(c)}&limit=${PAGE}`);
    if (c.epoch !== epoch || !c.detached) return;
    store.putMessages(roomId, page.messages);
    if (!page.hasMore) await attach(roomId);
  } finally {
    c.loadingNewer = false;
  }
}

/** From a window in the past straight to the newest page, following live messages again. */
export async function jumpToLatest(roomId) {
  const c = store.chat(roomId);
  if (!c.detached) return;
  const page = await api.api('GET', `/rooms/${roomId}/messages?limit=${PAGE}`);
  if (!c.detached) return; // newer pages reached the newest meanwhile
  store.replaceMessages(roomId, page.messages, { hasOlder: page.hasMore, detached: true });
  await attach(roomId);
}

// ---- sending ----

/**
 * Queues a message (shown as pending at once) and sends it now or after the next reconnect. replyTo: the quote
 * ({seq, sender, type, excerpt}) of the message it answers, or null.
 */
export function send(roomId, content, { replyTo = null } = {}) {
  if (!content.trim()) return false;
  const length = charCount(content);
  if (length > MAX_LENGTH) {
    store.showError(t('chat.tooLong', { max: MAX_LENGTH.toLocaleString(), n: length.toLocaleString() }));
    return false;
  }
  const c = store.chat(roomId);
  // Our own message goes at the end of the conversation: a window in the past makes way for the newest page.
  if (c.detached) jumpToLatest(roomId).catch(reportUnlessOffline);
  // The id is made now, at compose time, so every resend of this message is recognised by the server.
  const pending = { clientMsgId: uuid(), content, createdAt: new Date().toISOString(), status: 'queued', replyTo };
  c.pending.set(pending.clientMsgId, pending);
  typing(roomId, false);
  transmit(roomId, pending);
  store.emit(`chat:${roomId}`);
  store.emit('sent', roomId);
  return true;
}

/**
 * A refusal in words fitted to where it happened: in a one-to-one chat, OPERATION_NOT_ALLOWED means the other person
 * does not take messages from me (the server does not say why, and neither do we).
 */
export function refusalFor(roomId, e) {
  if (e?.code === 'OPERATION_NOT_ALLOWED' && state.rooms.get(roomId)?.type === 'DIRECT') return t('friends.cannotMessage');
  return e;
}

function transmit(roomId, pending) {
  if (pending.inFlight || !sendable(pending)) return;
  // The browser said it went offline: the old socket may linger in its closing handshake, still "connected".
  if (!rt.connected || state.connection === 'offline') {
    pending.status = 'queued';
    return;
  }
  pending.status = 'sending';
  pending.inFlight = true;
  const body = { clientMsgId: pending.clientMsgId, type: pending.type ?? 'TEXT', content: pending.content };
  if (pending.attachmentIds) body.attachmentIds = pending.attachmentIds;
  if (pending.replyTo) body.replyToSeq = pending.replyTo.seq;
  rt.publish(`/app/rooms/${roomId}/messages`, body)
    .then((receipt) => {
      pending.seq = Number(receipt.seq);
      // The message event normally retires the pending copy; if it went missing, fetch what we lack.
      setTimeout(() => {
        if (store.chat(roomId).pending.has(pending.clientMsgId)) catchUp(roomId).catch(() => {});
      }, 3000);
    })
    .catch((e) => {
      if (e instanceof Disconnected) {
        pending.status = 'queued'; // resent after the reconnect; the server keeps just one copy
      } else {
        pending.status = 'failed';
        pending.error = e.code;
        store.showError(refusalFor(roomId, e));
      }
    })
    .finally(() => {
      pending.inFlight = false;
      store.emit(`chat:${roomId}`);
    });
}

function flushOutbox() {
  for (const [roomId, c] of state.chats) {
    if (!state.rooms.has(roomId)) continue;
    for (const pending of c.pending.values()) {
      if (sendable(pending) && pending.seq == null) transmit(roomId, pending);
      // Uploads that failed because the connection was gone go again now that it is back.
      if (pending.status === 'uploadFailed' && pending.error === 'NETWORK') retryUploads(roomId, pending);
    }
    store.emit(`chat:${roomId}`);
  }
}

export function retry(roomId, clientMsgId) {
  const pending = store.chat(roomId).pending.get(clientMsgId);
  if (!pending) return;
  if (pending.status === 'uploadFailed') {
    retryUploads(roomId, pending);
    return;
  }
  pending.status = 'queued';
  pending.error = null;
  transmit(roomId, pending);
  store.emit(`chat:${roomId}`);
}

export function discard(roomId, clientMsgId) {
  const c = store.chat(roomId);
  const pending = c.pending.get(clientMsgId);
  for (const u of pending?.uploads ?? []) {
    if (u.state === 'waiting' || u.state === 'uploading') {
      u.state = 'canceled';
      u.handle?.abort();
    }
  }
  store.dropPending(c, clientMsgId);
  store.emit(`chat:${roomId}`);
}

// ---- photos and files ----

/** Photos in one message at most (moim.files.max-photos-per-message); more are sent as several albums. */
export const MAX_PHOTOS = 30;
const PARALLEL_UPLOADS = 3;
const uploadQueue = [];
let uploadsRunning = 0;

/** Failures worth trying again as they are; any other refusal is about the file itself. */
const RETRYABLE = new Set(['NETWORK', 'SERVER_BUSY', 'RATE_LIMITED', 'INTERNAL_ERROR', 'UNKNOWN', 'TOKEN_EXPIRED',
  'UNAUTHENTICATED']);

/** A message on its way to the server: not one still uploading its files, failed, or a note about a refused file. */
const sendable = (pending) => pending.status === 'queued' || pending.status === 'sending';

function nextUpload() {
  while (uploadsRunning < PARALLEL_UPLOADS && uploadQueue.length) {
    const job = uploadQueue.shift();
    uploadsRunning += 1;
    job().finally(() => {
      uploadsRunning -= 1;
      nextUpload();
    });
  }
}

/**
 * Sends picked, pasted or dropped files: the photos (JPEG, PNG, GIF, WebP) as one album per 30, every other file as a
 * message of its own, `caption` with the first of them. Each message shows at once with a progress bar per file; it
 * goes out once its files are uploaded.
 */
export function sendFiles(roomId, picked, caption = '', { replyTo = null } = {}) {
  const list = [...picked].filter((f) => f instanceof Blob);
  if (list.length === 0) return false;
  const text = caption.trim() ? caption : '';
  const length = charCount(text);
  if (length > MAX_LENGTH) {
    store.showError(t('chat.tooLong', { max: MAX_LENGTH.toLocaleString(), n: length.toLocaleString() }));
    return false;
  }
  const photos = list.filter(files.isPhoto);
  const batches = [];
  for (let i = 0; i < photos.length; i += MAX_PHOTOS) batches.push({ type: 'IMAGE', files: photos.slice(i, i + MAX_PHOTOS) });
  for (const file of list.filter((f) => !files.isPhoto(f))) batches.push({ type: 'FILE', files: [file] });
  const c = store.chat(roomId);
  if (c.detached) jumpToLatest(roomId).catch(reportUnlessOffline);
  batches.forEach((batch, i) => {
    const pending = {
      clientMsgId: uuid(),
      type: batch.type,
      content: i === 0 ? text : '',
      replyTo: i === 0 ? replyTo : null, // the first of them answers, as the caption goes with it
      createdAt: new Date().toISOString(),
      status: 'uploading',
      uploads: batch.files.map((file) => ({
        key: uuid(), // the Idempotency-Key: a retry of this upload returns the first one instead of storing it twice
        file,
        name: file.name || (file.type === 'image/png' ? 'image.png' : 'file'),
        size: file.size,
        loaded: 0,
        state: 'waiting', // 'uploading' | 'done' | 'failed' | 'canceled'
        attachment: null,
        error: null,
        handle: null,
      })),
    };
    pending.dispose = () => {
      for (const u of pending.uploads) if (u.preview) URL.revokeObjectURL(u.preview);
    };
    c.pending.set(pending.clientMsgId, pending);
    for (const u of pending.uploads) startUpload(roomId, pending, u);
  });
  typing(roomId, false);
  store.emit(`chat:${roomId}`);
  return true;
}

function startUpload(roomId, pending, u) {
  u.state = 'waiting';
  u.error = null;
  u.loaded = 0;
  uploadQueue.push(async () => {
    if (u.state !== 'waiting') return;
    u.state = 'uploading';
    store.emit(`chat:${roomId}`);
    const params = new URLSearchParams({ name: u.name, kind: pending.type });
    u.handle = api.upload(`/rooms/${roomId}/attachments?${params}`, u.file, {
      headers: { 'Idempotency-Key': u.key, 'Content-Type': 'application/octet-stream' },
      onProgress: (loaded) => {
        u.loaded = loaded;
        // Straight onto the bar: a redraw of the whole conversation per progress event would be wasteful.
        if (u.bar) u.bar.value = loaded;
      },
    });
    try {
      const { data } = await u.handle.done;
      if (u.state === 'canceled') return;
      u.attachment = data;
      u.state = 'done';
      u.loaded = u.size;
      if (pending.type === 'IMAGE' && data?.id) files.adoptUpload(data, u.file);
    } catch (e) {
      if (u.state !== 'canceled') {
        u.state = e.code === 'ABORTED' ? 'canceled' : 'failed';
        u.error = e;
      }
    } finally {
      u.handle = null;
      settleUploads(roomId, pending);
      store.emit(`chat:${roomId}`);
    }
  });
  nextUpload();
}

/** Stops one file's upload (✕): it is left out of its message, and a message left with none is not sent. */
export function cancelUpload(roomId, clientMsgId, key) {
  const pending = store.chat(roomId).pending.get(clientMsgId);
  const u = pending?.uploads?.find((x) => x.key === key);
  if (!u || (u.state !== 'waiting' && u.state !== 'uploading' && u.state !== 'failed')) return;
  u.state = 'canceled';
  u.handle?.abort();
  if (pending.status === 'uploadFailed') pending.status = 'uploading'; // what is left may be ready to go now
  settleUploads(roomId, pending);
  store.emit(`chat:${roomId}`);
}

function retryUploads(roomId, pending) {
  pending.status = 'uploading';
  pending.error = null;
  for (const u of pending.uploads) if (u.state === 'failed' && RETRYABLE.has(u.error?.code)) startUpload(roomId, pending, u);
  store.emit(`chat:${roomId}`);
}

/**
 * Once every file of a message has finished, one way or another: files the server refused are dropped from it and
 * named, with the reason, in a note of their own; a failure worth retrying holds the message (Retry / Discard); the
 * rest go out as the message, in the order they were picked.
 */
function settleUploads(roomId, pending) {
  const c = store.chat(roomId);
  if (pending.status !== 'uploading' || c.pending.get(pending.clientMsgId) !== pending) return;
  if (pending.uploads.some((u) => u.state === 'waiting' || u.state === 'uploading')) return;
  const failed = pending.uploads.filter((u) => u.state === 'failed');
  const retryable = failed.find((u) => RETRYABLE.has(u.error?.code));
  if (retryable) {
    pending.status = 'uploadFailed';
    pending.error = retryable.error.code;
    return;
  }
  if (failed.length) {
    const note = {
      clientMsgId: uuid(),
      notice: true,
      status: 'refused',
      createdAt: new Date().toISOString(),
      refusals: failed.map((u) => ({ name: u.name, kind: pending.type, code: u.error.code, detail: u.error.detail })),
    };
    c.pending.set(note.clientMsgId, note);
  }
  const done = pending.uploads.filter((u) => u.state === 'done');
  if (done.length === 0) {
    // Everything cancelled or refused: there is nothing to send, and the caption goes back to being typed.
    store.dropPending(c, pending.clientMsgId);
    if (pending.content) store.emit('captionReturned', { roomId, content: pending.content });
    return;
  }
  for (const u of pending.uploads) if (u.state !== 'done' && u.preview) URL.revokeObjectURL(u.preview);
  pending.uploads = done;
  pending.attachments = done.map((u) => u.attachment);
  pending.attachmentIds = done.map((u) => u.attachment.id);
  pending.status = 'queued';
  transmit(roomId, pending);
}

/** A room's photos or files, newest first: {items: [{seq, senderId, createdAt, attachment}], hasMore}. */
export function gallery(roomId, kind, beforeSeq = null, limit = 30) {
  const params = new URLSearchParams({ kind, limit: String(limit) });
  if (beforeSeq != null) params.set('beforeSeq', String(beforeSeq));
  return api.api('GET', `/rooms/${roomId}/attachments?${params}`);
}

// ---- my profile picture ----

/** Sets my picture from a photo; crop {x, y, size} in the photo's pixels, or null for the centred square. */
export async function setAvatar(photo, crop = null) {
  const params = crop ? `?${new URLSearchParams({ x: String(crop.x), y: String(crop.y), size: String(crop.size) })}` : '';
  const res = await api.raw('PUT', `/users/me/avatar${params}`,
    { body: photo, headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/json' } });
  return adoptMe(await res.json());
}

export async function removeAvatar() {
  return adoptMe(await api.api('DELETE', '/users/me/avatar'));
}

/** My account changed: everything that shows me (the bar, member lists, direct rooms' peers elsewhere) redraws. */
function adoptMe(me) {
  state.me = { ...state.me, ...me };
  for (const [roomId, list] of state.members) {
    const mine = list.find((m) => m.id === me.id);
    if (mine) {
      mine.avatarId = me.avatarId;
      store.emit(`members:${roomId}`);
    }
  }
  store.emit('me');
  return state.me;
}

// ---- reading and typing ----

/** Marks the room read up to seq (the highest message on screen); only ever forward. */
export function markRead(roomId, seq) {
  const room = state.rooms.get(roomId);
  if (!room || seq <= room.lastReadSeq) return;
  if (seq > room.lastSeq) room.lastSeq = seq; // it is on screen, so it exists, even if the summary lags behind
  store.markReadLocally(roomId, seq);
  readSent.set(roomId, seq);
  if (!rt.fire(`/app/rooms/${roomId}/read`, { seq })) {
    api.api('POST', `/rooms/${roomId}/read`, { seq }).catch(() => readSent.delete(roomId));
  }
}

/** "typing: true" at most every 3 s while composing; "false" once when done. */
export function typing(roomId, active) {
  const last = typingSentAt.get(roomId) ?? 0;
  if (active) {
    if (Date.now() - last < 3000) return;
    if (rt.fire(`/app/rooms/${roomId}/typing`, { typing: true })) typingSentAt.set(roomId, Date.now());
  } else if (last) {
    typingSentAt.delete(roomId);
    rt.fire(`/app/rooms/${roomId}/typing`, { typing: false });
  }
}

// ---- messages ----

export async function editMessage(roomId, seq, content) {
  const length = charCount(content);
  if (length > MAX_LENGTH) throw Object.assign(new Error('too long'), { code: 'CONTENT_TOO_LONG' });
  const view = await api.api('PATCH', `/rooms/${roomId}/messages/${seq}`, { content });
  store.putMessages(roomId, [view]);
}

export async function deleteMessage(roomId, seq) {
  const held = state.chats.get(roomId)?.messages.get(seq);
  const view = await api.api('DELETE', `/rooms/${roomId}/messages/${seq}`);
  if (held?.attachments?.length) files.forgetAttachments(held.attachments.map((a) => a.id));
  store.putMessages(roomId, [view]);
}

// ---- reactions and the notice ----

/** The emojis one may react with, in the server's order (GET /reactions); the server's default set until then. */
export const reactionSet = ['👍', '❤️', '😂', '😮', '😢', '🙏'];
let reactionSetAsked = null;

export function loadReactionSet() {
  reactionSetAsked ??= api.api('GET', '/reactions')
    .then((set) => {
      if (Array.isArray(set?.emojis) && set.emojis.every((e) => typeof e === 'string' && e.length <= 16)) {
        reactionSet.splice(0, reactionSet.length, ...set.emojis);
        store.emit('reactionSet');
      }
    })
    .catch(() => { reactionSetAsked = null; }); // asked again when a picker next opens
  return reactionSetAsked;
}

/** Who reacted with what, {emoji: [userId]}; it also tells which of them are mine. */
export async function whoReacted(roomId, seq) {
  const who = await api.api('GET', `/rooms/${roomId}/messages/${seq}/reactions`);
  store.putWhoReacted(roomId, seq, who);
  resolveNames(Object.values(who).flat());
  return who;
}

const learning = new Set(); // "roomId:seq" whose reactions were read to learn which are mine

/**
 * Messages with reactions whose mine we do not know (a history page without myReactions, from a server before it):
 * read who reacted, once each, so my own chips show pressed.
 */
export function learnMine(roomId, seqs) {
  for (const seq of seqs) {
    const key = `${roomId}:${seq}`;
    if (learning.has(key)) continue;
    learning.add(key);
    // Kept after a failure too: a message that cannot be read (gone meanwhile) is not asked for on every redraw.
    whoReacted(roomId, seq).catch(() => {});
  }
}

/** Adds my emoji to the message, or takes it back; with mine unknown (no myReactions), the server is asked first. */
export async function toggleReaction(roomId, seq, emoji) {
  const c = store.chat(roomId);
  if (!c.mine.has(seq)) await whoReacted(roomId, seq);
  const had = c.mine.get(seq)?.has(emoji);
  const path = `/rooms/${roomId}/messages/${seq}/reactions/${encodeURIComponent(emoji)}`;
  store.putReactions(roomId, await api.api(had ? 'DELETE' : 'PUT', path));
}

/** Pins the message as the room's notice (the owner, a manager, or either person of a one-to-one chat). */
export async function pinNotice(roomId, seq) {
  const notice = await api.api('PUT', `/rooms/${roomId}/notice`, { seq });
  const room = state.rooms.get(roomId);
  if (room) {
    room.notice = notice;
    store.emit(`notice:${roomId}`);
  }
}

export async function unpinNotice(roomId) {
  await api.api('DELETE', `/rooms/${roomId}/notice`);
  const room = state.rooms.get(roomId);
  if (room) {
    room.notice = null;
    store.emit(`notice:${roomId}`);
  }
}

/** Who may pin and unpin: in a group its owner and managers, in a one-to-one chat either person. */
export function canPin(roomId) {
  const room = state.rooms.get(roomId);
  if (!room) return false;
  if (room.type === 'DIRECT') return true;
  return room.ownerId === state.me.id || room.myRole === 'OWNER' || room.myRole === 'MANAGER'
    || (Array.isArray(room.managerIds) && room.managerIds.includes(state.me.id));
}

// ---- people and rooms ----

export const searchUsers = (q) => api.api('GET', `/users?q=${encodeURIComponent(q)}`);

// ---- message search ----

/** The longest query the server takes, in code points (it answers VALIDATION_FAILED beyond). */
export const MAX_QUERY_LENGTH = 100;

/** One page of hits, in roomId's messages or (roomId null) in all my rooms: {hits: [{message, highlights}], nextCursor}. */
export function searchMessages({ q, roomId = null, sort = 'recent', cursor = null }) {
  const params = new URLSearchParams({ q, sort });
  if (cursor) params.set('cursor', cursor);
  const path = roomId == null ? '/search/messages' : `/rooms/${roomId}/messages/search`;
  return api.api('GET', `${path}?${params}`);
}

/** Words many people have used lately: {window, keywords: [{keyword, users}]}. */
export const trendingKeywords = (window) => api.api('GET', `/search/trending?window=${encodeURIComponent(window)}`);

const resolving = new Set();

/** Looks up names we have not seen (e.g. someone who left), so system messages can name them. */
export function resolveNames(ids) {
  for (const id of ids) {
    if (state.names.has(id) || resolving.has(id)) continue;
    resolving.add(id);
    api.api('GET', `/users/${id}`)
      .then((user) => {
        store.rememberName(user.id, user.nickname);
        for (const roomId of state.chats.keys()) store.emit(`chat:${roomId}`);
        store.emit('rooms');
      })
      .catch(() => {})
      .finally(() => resolving.delete(id));
  }
}

export async function loadMembers(roomId) {
  const list = await api.api('GET', `/rooms/${roomId}/members`);
  for (const m of list) store.rememberName(m.id, m.nickname);
  state.members.set(roomId, list);
  store.emit(`members:${roomId}`);
  return list;
}

async function refreshRoom(roomId) {
  if (!state.rooms.has(roomId)) return;
  store.putRoom(await api.api('GET', `/rooms/${roomId}`));
  if (state.members.has(roomId)) await loadMembers(roomId);
  // Someone who left stops counting toward the unread counts, and no read event says so: refetch the newest page
  // (unless what is held is a window in the past, which the newest page would not join).
  const c = store.chat(roomId);
  if (c.loaded && !c.detached) {
    const epoch = c.epoch;
    const recent = await api.api('GET', `/rooms/${roomId}/messages?limit=${PAGE}`);
    if (c.epoch === epoch && !c.detached) store.putMessages(roomId, recent.messages);
  }
}

const settling = new Set(); // "roomId:seq" being fetched from history

/** A live event contradicted the message we hold at seq: history, not the socket, says what it is. */
function settle(roomId, seq) {
  const key = `${roomId}:${seq}`;
  if (settling.has(key) || !state.rooms.has(roomId)) return;
  settling.add(key);
  api.api('GET', `/rooms/${roomId}/messages?afterSeq=${seq - 1}&limit=1`)
    .then((page) => {
      const m = page.messages.find((x) => x.seq === seq);
      if (!m) return;
      if (state.chats.get(roomId)?.messages.has(seq)) store.putMessages(roomId, [m]);
      const room = state.rooms.get(roomId);
      if (room?.lastMessage?.seq === seq) {
        room.lastMessage = m;
        store.emit('rooms');
      }
    })
    .catch(() => {})
    .finally(() => settling.delete(key));
}

function adopt(room) {
  store.putRoom(room);
  rt.watchRoom(room.id);
  return room;
}

/** A room I just got into (joined from the directory, an invite link): listed and followed at once. */
export const adoptRoom = (room) => adopt(room);

export async function createDirect(userId) {
  return adopt(await api.api('POST', '/rooms', { type: 'DIRECT', memberIds: [userId] }));
}

export async function createGroup(name, userIds) {
  return adopt(await api.api('POST', '/rooms', { type: 'GROUP', name, memberIds: userIds }));
}

export async function invite(roomId, userIds) {
  await api.api('POST', `/rooms/${roomId}/members`, { userIds });
  await loadMembers(roomId);
}

export async function kick(roomId, userId) {
  await api.api('DELETE', `/rooms/${roomId}/members/${userId}`);
  await loadMembers(roomId);
}

export async function transferOwner(roomId, userId) {
  await api.api('PUT', `/rooms/${roomId}/owner`, { userId });
  await refreshRoom(roomId);
}

export async function leave(roomId) {
  await api.api('POST', `/rooms/${roomId}/leave`);
  rt.unwatchRoom(roomId);
  store.dropRoom(roomId);
}

// Joining or losing a room changes the room list, so the server is asked before the list changes: the event
// says where to look, the room's summary over REST says what is true.
async function onRoomAdded(roomId) {
  try {
    adopt(await api.api('GET', `/rooms/${roomId}`));
  } catch {
    // Not a member (or no such room): nothing to add. Offline: the reconnect reloads the list.
  }
}

async function onRoomRemoved(roomId, reason) {
  if (!state.rooms.has(roomId)) return;
  try {
    await api.api('GET', `/rooms/${roomId}`);
    return; // still a member
  } catch (e) {
    if (e.status !== 403 && e.status !== 404) return; // unsure: the reconnect reloads the list
  }
  const room = state.rooms.get(roomId);
  if (!room) return;
  rt.unwatchRoom(roomId);
  store.dropRoom(roomId);
  store.emit('roomRemoved', { roomId, reason, room });
}

function onUserEvent(event) {
  if (!isUserEvent(event)) return;
  switch (event.type) {
    case 'room_added':
      onRoomAdded(event.room.id);
      break;
    case 'room_removed':
      onRoomRemoved(event.roomId, event.reason);
      break;
    case 'wallet':
      store.emit('wallet', event.account);
      break;
    case 'error':
      // A refused frame whose receipt we were not waiting for (e.g. a read mark or typing).
      if (event.code === 'INVALID_SEQ' || (event.code === 'NOT_A_MEMBER' && !event.clientMsgId)) return;
      let refused = null;
      for (const [roomId, c] of state.chats) {
        const pending = event.clientMsgId && c.pending.get(event.clientMsgId);
        if (pending) {
          pending.status = 'failed';
          pending.error = event.code;
          refused = roomId;
          store.emit(`chat:${roomId}`);
        }
      }
      store.showError(refused == null ? event : refusalFor(refused, event));
      break;
    default:
      if (!social.onUserEvent(event)) groups.onUserEvent(event);
      break;
  }
}
