// The shape of every event the socket delivers, checked before anything is applied. An event that does not fit
// (a wrong type, a missing field, a date that does not parse, a room other than its topic's, a type we do not
// know) is dropped and noted on console.debug: the client's state only ever changes through well-formed events.

const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const isId = (x) => Number.isSafeInteger(x) && x > 0;
const isCount = (x) => Number.isSafeInteger(x) && x >= 0;
const isString = (x) => typeof x === 'string';
const isBoolean = (x) => typeof x === 'boolean';
const isDate = (x) => isString(x) && Number.isFinite(Date.parse(x));
const optional = (check) => (x) => x == null || check(x);
const isIdList = (x) => Array.isArray(x) && x.every(isId);

// Ids of photos, files and profile pictures (UUIDs) go into URL paths: plain hex and dashes only.
const isFileId = (x) => isString(x) && /^[0-9a-f-]{1,64}$/i.test(x);
const isSender = (x) => isObject(x) && isId(x.id) && isString(x.nickname) && optional(isFileId)(x.avatarId);
const isSize = (x) => isObject(x) && isCount(x.width) && isCount(x.height);

/** A photo or file a message carries (AttachmentView). */
export const isAttachment = (a) => isObject(a) && isFileId(a.id)
  && (a.kind === 'IMAGE' || a.kind === 'FILE') && isString(a.name) && optional(isString)(a.contentType)
  && isCount(a.size) && optional(isCount)(a.width) && optional(isCount)(a.height) && optional(isCount)(a.frames)
  && optional(isSize)(a.thumbnail);
const isAttachmentList = (x) => Array.isArray(x) && x.every(isAttachment);
const isSystemNote = (x) => isObject(x) && isString(x.event) && optional(isId)(x.actorId) && optional(isIdList)(x.userIds)
  && optional(isCount)(x.moreUsers);

/** A reply's quote of its original: only seq for a member who joined after the original. */
const isReplyQuote = (x) => isObject(x) && isId(x.seq) && optional(isSender)(x.sender) && optional(isString)(x.type)
  && optional(isString)(x.excerpt) && isBoolean(x.deleted);
/** {emoji: count}; an emoji is a short string. */
export const isReactionCounts = (x) => isObject(x)
  && Object.entries(x).every(([emoji, n]) => emoji.length > 0 && emoji.length <= 16 && isCount(n));
const isEmojiList = (x) => Array.isArray(x) && x.every((e) => isString(e) && e.length > 0 && e.length <= 16);

/** A message as in history and in live events (MessageView). */
export function isMessage(m, roomId) {
  return isObject(m) && m.roomId === roomId && isId(m.seq) && isString(m.id) && m.id !== ''
    && optional(isString)(m.clientMsgId) && optional(isSender)(m.sender) && isString(m.type)
    && optional(isString)(m.content) && isDate(m.createdAt) && optional(isDate)(m.editedAt)
    && isBoolean(m.deleted) && isCount(m.unreadCount) && optional(isSystemNote)(m.system)
    && optional(isAttachmentList)(m.attachments) && optional(isIdList)(m.mentions)
    && optional(isReplyQuote)(m.replyTo) && optional(isReactionCounts)(m.reactions)
    && optional(isEmojiList)(m.myReactions);
}

/** The room's pinned notice (NoticeView), as in the room summary and the notice event. */
export const isNotice = (n) => isObject(n) && isId(n.seq) && optional(isString)(n.excerpt) && isSender(n.pinnedBy)
  && isDate(n.pinnedAt);

const isPresence = (u) => isObject(u) && isId(u.userId) && isBoolean(u.online) && optional(isDate)(u.lastSeenAt);

const isPeer = (x) => isObject(x) && isId(x.id) && isString(x.nickname) && isBoolean(x.online)
  && optional(isFileId)(x.avatarId);

/** A room in "my rooms" (view/RoomSummary). */
export function isRoomSummary(r) {
  return isObject(r) && isId(r.id) && (r.type === 'DIRECT' || r.type === 'GROUP') && optional(isString)(r.name)
    && optional(isId)(r.ownerId) && isCount(r.memberCount) && isCount(r.lastSeq) && isCount(r.lastReadSeq)
    && isCount(r.unreadCount) && optional(isDate)(r.lastActivityAt)
    && (r.lastMessage == null || isMessage(r.lastMessage, r.id)) && optional(isPeer)(r.peer)
    && optional(isNotice)(r.notice) && optional(isIdList)(r.managerIds) && optional(isString)(r.myRole);
}

const POLICIES = new Set(['PRIVATE', 'OPEN', 'REQUEST']);
const isTagList = (x) => Array.isArray(x) && x.every(isString);

/** A GROUP's public settings, as room_updated carries them (view/RoomSettings). */
export const isRoomSettings = (x) => isObject(x) && isString(x.name) && optional(isString)(x.description)
  && optional(isTagList)(x.tags) && optional(isFileId)(x.coverAttachmentId) && POLICIES.has(x.joinPolicy)
  && isBoolean(x.hasPassword) && optional(isId)(x.memberLimit);

/** A wallet or group account (ledger AccountView): amounts are whole minor units, never fractions. */
const isAccount = (a) => isObject(a) && isId(a.id) && isString(a.currency) && Number.isSafeInteger(a.balance);

const roomEventShapes = {
  message: (e) => isMessage(e.message, e.roomId) && optional(isCount)(e.senderReadFrom)
    && (e.senderReadFrom == null || e.senderReadFrom < e.message.seq),
  message_edited: (e) => isMessage(e.message, e.roomId),
  message_deleted: (e) => isMessage(e.message, e.roomId),
  read: (e) => isId(e.userId) && isCount(e.fromSeq) && isCount(e.seq) && e.fromSeq <= e.seq,
  presence: (e) => Array.isArray(e.users) && e.users.every(isPresence),
  typing: (e) => isId(e.userId) && isString(e.nickname) && isBoolean(e.typing),
  members: (e) => optional(isString)(e.change) && optional(isIdList)(e.userIds) && optional(isId)(e.ownerId),
  resync: () => true,
  room_updated: (e) => isRoomSettings(e.room) && optional(isId)(e.actorId)
    && optional((x) => Array.isArray(x) && x.every(isString))(e.changed),
  reactions: (e) => isId(e.seq) && isReactionCounts(e.counts) && isId(e.userId) && isString(e.emoji)
    && isBoolean(e.added),
  notice: (e) => ['pinned', 'edited', 'unpinned'].includes(e.change) && optional(isId)(e.actorId)
    && (e.change === 'unpinned' ? e.notice == null : isNotice(e.notice)),
  account: (e) => isAccount(e.account),
  dues: (e) => optional(isString)(e.periodStart) && optional(isId)(e.userId) && optional(isBoolean)(e.paid),
};

const APPLICATION_CHANGES = new Set(['submitted', 'withdrawn', 'approved', 'refused', 'closed']);

const FRIEND_CHANGES = new Set(['request_received', 'request_sent', 'request_cancelled', 'request_declined', 'added',
  'removed', 'blocked', 'unblocked']);

/** A stored notification (view/NotificationView). */
export const isNotification = (n) => isObject(n) && isId(n.id) && isString(n.kind) && optional(isSender)(n.actor)
  && optional(isId)(n.roomId) && optional(isId)(n.seq) && optional(isString)(n.text) && isDate(n.createdAt)
  && isBoolean(n.read);

const userEventShapes = {
  notification: (e) => isNotification(e.notification) && isCount(e.unreadCount),
  notifications_read: (e) => optional(isId)(e.id) && isCount(e.unreadCount),
  friend: (e) => FRIEND_CHANGES.has(e.change) && isSender(e.user),
  friends_presence: (e) => Array.isArray(e.users) && e.users.every(isPresence),
  room_added: (e) => isRoomSummary(e.room),
  room_removed: (e) => isId(e.roomId) && optional(isString)(e.reason),
  application: (e) => APPLICATION_CHANGES.has(e.change) && isId(e.roomId) && optional(isString)(e.roomName)
    && isSender(e.applicant) && optional(isString)(e.note) && optional(isDate)(e.createdAt) && optional(isSender)(e.by),
  wallet: (e) => isAccount(e.account),
  error: (e) => isString(e.code) && optional(isString)(e.message) && optional(isString)(e.receiptId)
    && optional(isString)(e.clientMsgId),
};

function drop(why, event) {
  console.debug(`moim: ignored an event (${why})`, event);
  return false;
}

/** True when event is a well-formed room event for topicRoomId, the room whose topic delivered it. */
export function isRoomEvent(event, topicRoomId) {
  if (!isObject(event)) return drop('not an object', event);
  const shape = Object.hasOwn(roomEventShapes, event.type) ? roomEventShapes[event.type] : null;
  if (!shape) return drop('unknown type', event);
  if (event.roomId !== topicRoomId) return drop(`not for room ${topicRoomId}`, event);
  return shape(event) || drop('malformed', event);
}

/** True when event is a well-formed personal event. */
export function isUserEvent(event) {
  if (!isObject(event)) return drop('not an object', event);
  const shape = Object.hasOwn(userEventShapes, event.type) ? userEventShapes[event.type] : null;
  if (!shape) return drop('unknown type', event);
  return shape(event) || drop('malformed', event);
}
