// What the client knows, and how server events change it. Pure state: no network here. Views subscribe to
// topics ('rooms', 'chat:<id>', 'members:<id>', 'typing:<id>', 'notice:<id>', 'connection', 'error', 'friends',
// 'notifications', 'muted', 'me', 'applications', 'roomUpdated') and redraw.
import { isRoomEvent } from './events.js';

const topics = new Map();

export function subscribe(topic, fn) {
  if (!topics.has(topic)) topics.set(topic, new Set());
  topics.get(topic).add(fn);
  return () => topics.get(topic)?.delete(fn);
}

export function emit(topic, detail) {
  for (const fn of [...(topics.get(topic) ?? [])]) {
    // One failing view must not keep the others (or the event that changed the state) from finishing.
    try {
      fn(detail);
    } catch (e) {
      console.error(`moim: a '${topic}' listener failed`, e);
    }
  }
}

export const state = {
  me: null, // { id, email, nickname }
  connection: 'connecting',
  rooms: new Map(), // roomId → summary (view/RoomSummary)
  chats: new Map(), // roomId → Chat, for rooms whose history we hold
  members: new Map(), // roomId → [member]
  names: new Map(), // userId → nickname, for system messages and typing
  // Friends: the lists as GET /friends, /friends/requests and /blocks give them, kept live by friend events.
  friends: { loaded: false, list: [], incoming: [], outgoing: [], blocked: [], suggestions: [] },
  notifications: { unread: 0 }, // the bell's badge
  muted: new Set(), // ids of the rooms I muted
  applications: new Map(), // roomId → pending applications, for the groups I own or manage
};

/**
 * History held for one room: a contiguous run of messages by seq, plus what we are still sending. The run usually
 * ends at the room's newest message and grows with live messages. After a jump to a search hit it may be a window
 * in the past ("detached"): live messages are then not added (they would leave a gap), and the run reaches the
 * newest again by loading newer pages.
 */
export function chat(roomId) {
  let c = state.chats.get(roomId);
  if (!c) {
    c = {
      messages: new Map(), // seq → message
      // clientMsgId → { clientMsgId, type, content, createdAt, status: 'sending'|'queued'|'failed', error }; a message
      // with files also has uploads (status 'uploading'|'uploadFailed' until they are done) and then attachmentIds;
      // a note about files the server refused has notice: true, status 'refused' and refusals.
      pending: new Map(),
      live: false, // taking live messages (set just before the first page is fetched)
      loaded: false, // the first page has arrived
      hasOlder: false,
      detached: false, // the run ends before the room's newest message (a window around a search hit)
      epoch: 0, // moves on whenever the run is replaced, so a page asked for before that is not merged into it
      typing: new Map(), // userId → { nickname, until }
      // seq → the emojis I put on that message. The message object is the same for everyone and carries only counts;
      // mine come from history's myReactions, my own reactions events and the answers to my PUT/DELETE. A seq not
      // here is unknown (not "none"): the view asks the server before it toggles.
      mine: new Map(),
    };
    state.chats.set(roomId, c);
  }
  return c;
}

/**
 * The last seq of the run that starts at the oldest message held. Catching up asks for what comes after it; should
 * a gap ever open in what is held (a live message that overtook a page), the catch-up fills the gap instead of
 * skipping it.
 */
export function lastHeldSeq(c) {
  if (!c.messages.size) return 0;
  let seq = oldestHeldSeq(c);
  while (c.messages.has(seq + 1)) seq += 1;
  return seq;
}
export const oldestHeldSeq = (c) => (c.messages.size ? Math.min(...c.messages.keys()) : 0);
export const sortedMessages = (c) => [...c.messages.values()].sort((a, b) => a.seq - b.seq);

export function rememberName(id, nickname) {
  if (id != null && nickname) state.names.set(id, nickname);
}

export function roomTitle(room) {
  if (!room) return '';
  if (room.type === 'DIRECT') return room.peer?.nickname ?? '?';
  return room.name;
}

export function sortedRooms() {
  const when = (r) => Date.parse(r.lastMessage?.createdAt ?? r.lastActivityAt ?? 0) || 0;
  return [...state.rooms.values()].sort((a, b) => when(b) - when(a) || b.id - a.id);
}

function recount(room) {
  room.unreadCount = Math.max(0, room.lastSeq - room.lastReadSeq);
}

export function setRooms(list) {
  const fresh = new Map();
  for (const r of list) {
    fresh.set(r.id, r);
    if (r.peer) rememberName(r.peer.id, r.peer.nickname);
  }
  state.rooms = fresh;
  for (const id of [...state.chats.keys()]) if (!fresh.has(id)) state.chats.delete(id);
  emit('rooms');
  for (const id of fresh.keys()) emit(`notice:${id}`);
}

export function putRoom(summary) {
  const known = state.rooms.get(summary.id);
  // Keep the read position we already moved forward locally.
  if (known && known.lastReadSeq > summary.lastReadSeq) summary.lastReadSeq = known.lastReadSeq;
  if (known && known.lastSeq > summary.lastSeq) summary.lastSeq = known.lastSeq;
  recount(summary);
  state.rooms.set(summary.id, summary);
  if (summary.peer) rememberName(summary.peer.id, summary.peer.nickname);
  emit('rooms');
  emit(`notice:${summary.id}`);
}

export function dropRoom(roomId) {
  state.rooms.delete(roomId);
  state.chats.delete(roomId);
  state.members.delete(roomId);
  emit('rooms');
  emit(`chat:${roomId}`);
}

/** Our own read position moved (locally, before the server's read event confirms it). */
export function markReadLocally(roomId, seq) {
  const room = state.rooms.get(roomId);
  if (!room || seq <= room.lastReadSeq) return;
  room.lastReadSeq = seq;
  recount(room);
  emit('rooms');
}

/** Adds or replaces messages (the server's copy always wins) and retires the pending copies they confirm. */
export function putMessages(roomId, messages) {
  const c = chat(roomId);
  for (const m of messages) {
    c.messages.set(m.seq, m);
    if (m.deleted) c.mine.delete(m.seq);
    else if (Array.isArray(m.myReactions)) c.mine.set(m.seq, new Set(m.myReactions));
    if (m.sender) rememberName(m.sender.id, m.sender.nickname);
    if (m.clientMsgId && m.sender?.id === state.me?.id) dropPending(c, m.clientMsgId);
  }
  emit(`chat:${roomId}`);
}

/** Forgets a message we were sending (sent, discarded, or left with no files), and what it held for display. */
export function dropPending(c, clientMsgId) {
  const pending = c.pending.get(clientMsgId);
  if (!pending) return;
  c.pending.delete(clientMsgId);
  pending.dispose?.();
}

/** Replaces the run held for a room with another contiguous page (a jump); pages asked for before are dropped. */
export function replaceMessages(roomId, messages, { hasOlder, detached }) {
  const c = chat(roomId);
  c.epoch += 1;
  c.messages.clear();
  c.hasOlder = hasOlder;
  c.detached = detached;
  c.loaded = true;
  putMessages(roomId, messages);
}

// A seq is never given to two messages, and an edit never changes who wrote a message. A live event that
// contradicts what we hold is not applied; 'conflict' asks the caller to settle that seq from history.
function contradicts(held, m, sameSender) {
  return held != null && held.seq === m.seq && (held.id !== m.id || (sameSender && held.sender?.id !== m.sender?.id));
}

function onMessage(roomId, m) {
  const room = state.rooms.get(roomId);
  const c = state.chats.get(roomId);
  if (contradicts(c?.messages.get(m.seq), m, false) || contradicts(room?.lastMessage, m, false)) {
    emit('conflict', { roomId, seq: m.seq });
    return;
  }
  if (room) {
    if (m.seq >= room.lastSeq) {
      room.lastSeq = m.seq;
      room.lastMessage = m;
      room.lastActivityAt = m.createdAt;
    }
    // Sending reads everything up to one's own message.
    if (m.sender?.id === state.me.id && m.seq > room.lastReadSeq) room.lastReadSeq = m.seq;
    recount(room);
    emit('rooms');
  }
  // Only extend a history we hold, and only at its end: a room never opened loads its history when it is opened,
  // and a window in the past (detached) takes newer messages by pages.
  if (c?.live && !c.detached) {
    // A message just sent has no reactions yet, mine included; later reactions events keep that up to date.
    if (!c.mine.has(m.seq) && !m.deleted) c.mine.set(m.seq, new Set());
    putMessages(roomId, [m]);
  }
  if (c?.typing.delete(m.sender?.id)) emit(`typing:${roomId}`);
}

function onChanged(roomId, m) {
  const c = state.chats.get(roomId);
  const room = state.rooms.get(roomId);
  if (contradicts(c?.messages.get(m.seq), m, true) || contradicts(room?.lastMessage, m, true)) {
    emit('conflict', { roomId, seq: m.seq });
    return;
  }
  const held = c?.messages.get(m.seq);
  if (m.deleted && held?.attachments?.length) emit('attachmentsGone', held.attachments.map((a) => a.id));
  // An edit from a server that sends no counts keeps the ones held.
  if (held && !m.deleted && held.reactions && !m.reactions) m.reactions = held.reactions;
  if (held) putMessages(roomId, [m]);
  if (c) requote(roomId, c, m);
  if (room?.lastMessage?.seq === m.seq) {
    room.lastMessage = m;
    emit('rooms');
  }
}

/**
 * The few words that stand for a message in a quote, as the server makes them (view/Excerpts): the first 100
 * characters (code points) of its text, or for a photo or file without a caption "photo" or the file's name.
 */
export function excerptOf(m) {
  if (m.content == null) return null;
  if (!m.content.trim() && (m.type === 'IMAGE' || m.type === 'FILE')) {
    return m.type === 'FILE' && m.attachments?.length ? [...m.attachments[0].name].slice(0, 100).join('') : 'photo';
  }
  return [...m.content].slice(0, 100).join('');
}

/** The original was edited or deleted: the quotes of it we hold show it as it is now (no event per reply says so). */
function requote(roomId, c, original) {
  let changed = false;
  const quoteIn = (m) => {
    const q = m?.replyTo;
    if (!q || q.seq !== original.seq || q.sender == null) return; // sender null: the original is not ours to see
    m.replyTo = original.deleted ? { ...q, deleted: true, excerpt: null } : { ...q, excerpt: excerptOf(original) };
    changed = true;
  };
  for (const m of c.messages.values()) quoteIn(m);
  for (const p of c.pending.values()) quoteIn(p);
  if (changed) emit(`chat:${roomId}`);
}

// Someone's reaction changed: the counts are the message's own now; when it was mine, so are my emojis.
function onReactions(roomId, { seq, counts, userId, emoji, added }) {
  const c = state.chats.get(roomId);
  const held = c?.messages.get(seq);
  if (!held || held.deleted) return;
  held.reactions = counts;
  if (userId === state.me.id) {
    const mine = c.mine.get(seq);
    // Unknown stays unknown: this event says nothing of my other emojis on it.
    if (mine && added) mine.add(emoji);
    else if (mine) mine.delete(emoji);
  }
  emit(`chat:${roomId}`);
}

/** The answer to my own PUT or DELETE of a reaction: the counts, and exactly which emojis are mine. */
export function putReactions(roomId, { seq, counts, mine }) {
  const c = chat(roomId);
  const held = c.messages.get(seq);
  if (held && !held.deleted) held.reactions = counts;
  c.mine.set(seq, new Set(mine));
  emit(`chat:${roomId}`);
}

/** Who reacted ({emoji: [userId]}) tells which emojis are mine too. */
export function putWhoReacted(roomId, seq, who) {
  const c = chat(roomId);
  c.mine.set(seq, new Set(Object.entries(who).filter(([, ids]) => ids.includes(state.me.id)).map(([emoji]) => emoji)));
  emit(`chat:${roomId}`);
}

// The room's notice was pinned, edited or unpinned: the summary holds it, as GET /rooms gives it.
function onNotice(roomId, { notice }) {
  const room = state.rooms.get(roomId);
  if (!room) return;
  room.notice = notice ?? null;
  emit(`notice:${roomId}`);
}

// A member read (fromSeq, seq]: each of those messages not sent by them has one reader fewer outstanding.
function onRead(roomId, { userId, fromSeq, seq }) {
  const c = state.chats.get(roomId);
  if (c) {
    let changed = false;
    for (const m of c.messages.values()) {
      if (m.seq > fromSeq && m.seq <= seq && m.sender?.id !== userId && m.unreadCount > 0) {
        m.unreadCount -= 1;
        changed = true;
      }
    }
    if (changed) emit(`chat:${roomId}`);
  }
  const members = state.members.get(roomId);
  const member = members?.find((x) => x.id === userId);
  if (member && seq > member.lastReadSeq) member.lastReadSeq = seq;
  // Our own read position never passes the last message we know of.
  const room = state.rooms.get(roomId);
  if (userId === state.me.id && room) markReadLocally(roomId, Math.min(seq, room.lastSeq));
}

/** A batch of presence changes in one room: each member at most once, with their latest state. */
function onPresence(roomId, { users }) {
  const room = state.rooms.get(roomId);
  const members = state.members.get(roomId);
  let peerChanged = false;
  let membersChanged = false;
  for (const { userId, online, lastSeenAt } of users) {
    if (room?.peer?.id === userId) {
      room.peer.online = online;
      peerChanged = true;
    }
    const member = members?.find((x) => x.id === userId);
    if (member) {
      member.online = online;
      if (lastSeenAt) member.lastSeenAt = lastSeenAt;
      membersChanged = true;
    }
  }
  if (peerChanged) emit('rooms');
  if (membersChanged) emit(`members:${roomId}`);
}

export const TYPING_TTL = 5000;

function onTyping(roomId, { userId, nickname, typing }) {
  if (userId === state.me.id || !state.rooms.has(roomId)) return;
  const c = chat(roomId);
  if (typing) c.typing.set(userId, { nickname, until: Date.now() + TYPING_TTL });
  else c.typing.delete(userId);
  rememberName(userId, nickname);
  emit(`typing:${roomId}`);
}

function onMembers(roomId, { ownerId }) {
  const room = state.rooms.get(roomId);
  if (room && ownerId != null) room.ownerId = ownerId;
  // The caller reloads the member list and the room's summary; this only tells everyone to look.
  emit(`membersChanged`, roomId);
}

const SETTINGS = ['name', 'description', 'tags', 'coverAttachmentId', 'joinPolicy', 'hasPassword', 'memberLimit'];

/** A GROUP's settings changed: the summary takes them as they are now, and open settings panels redraw. */
function onRoomUpdated(roomId, event) {
  const room = state.rooms.get(roomId);
  if (room) {
    for (const key of SETTINGS) room[key] = event.room[key] ?? (key === 'tags' ? [] : null);
    room.hasPassword = !!event.room.hasPassword;
    emit('rooms');
  }
  emit('roomUpdated', event);
}

/** Applies an event from /topic/rooms/{topicRoomId}; one that is malformed, or for another room, is ignored. */
export function applyRoomEvent(event, topicRoomId) {
  if (!isRoomEvent(event, topicRoomId)) return undefined;
  const roomId = event.roomId;
  switch (event.type) {
    case 'message':
      onMessage(roomId, event.message);
      // The sender has read the room up to their message: as a read event would say, from senderReadFrom on.
      if (event.senderReadFrom != null && event.message.sender) {
        onRead(roomId, { userId: event.message.sender.id, fromSeq: event.senderReadFrom, seq: event.message.seq });
      }
      return undefined;
    case 'message_edited':
    case 'message_deleted': return onChanged(roomId, event.message);
    case 'read': return onRead(roomId, event);
    case 'presence': return onPresence(roomId, event);
    case 'typing': return onTyping(roomId, event);
    case 'members': return onMembers(roomId, event);
    case 'room_updated': return onRoomUpdated(roomId, event);
    case 'reactions': return onReactions(roomId, event);
    case 'notice': return onNotice(roomId, event);
    case 'account': return emit(`account:${roomId}`, event.account);
    case 'dues': return emit(`dues:${roomId}`, event);
    default: return undefined; // newer servers may add events; ignoring them is safe
  }
}

export function setConnection(name) {
  state.connection = name;
  emit('connection', name);
}

/** Shows an error sentence in the banner. */
export function showError(error) {
  emit('error', error);
}
