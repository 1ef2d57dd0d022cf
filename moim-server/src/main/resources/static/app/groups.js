// Group life: the directory, joining and applying, invite links, the approval queue, managers, bans and a group's
// settings. Their REST calls, the pending applications of the groups I own or manage (kept live by the personal
// `application` event), and what that event tells the person who applied.
import * as api from './api.js';
import * as store from './store.js';
import * as messenger from './messenger.js';
import { t } from './i18n.js';
import { uuid } from './dom.js';

const { state } = store;

/** I may change this group's settings, answer its applications, make links and ban: its owner or a manager. */
/**
 * The owner or a manager. Ownership is read from ownerId, which a members event moves at once; myRole comes with the
 * room's summary, a moment later, so an owner who just handed over is not taken for one meanwhile.
 */
export const canManage = (room) => room?.type === 'GROUP' && state.me != null
  && (room.ownerId === state.me.id || (room.myRole === 'MANAGER' && room.ownerId != null));

// ---- the directory and getting in ----

/** One page of listed rooms: {rooms: [PublicRoom], nextCursor}. */
export function directory({ q = '', tag = '', sort = 'activity', cursor = null } = {}) {
  const params = new URLSearchParams({ sort });
  if (q.trim()) params.set('q', q.trim());
  if (tag) params.set('tag', tag);
  if (cursor) params.set('cursor', cursor);
  return api.api('GET', `/rooms/directory?${params}`);
}

/** Joins an OPEN room (with its password when it has one); the room joins my list at once. */
export async function join(roomId, password = null) {
  const room = await api.api('POST', `/rooms/${roomId}/join`, password ? { password } : {});
  return messenger.adoptRoom(room);
}

/** Applies to a REQUEST room: {roomId, user, note, createdAt}. */
export function apply(roomId, note, password = null) {
  const body = {};
  if (note?.trim()) body.note = note.trim();
  if (password) body.password = password;
  return api.api('POST', `/rooms/${roomId}/applications`, body);
}

export const withdraw = (roomId) => api.api('DELETE', `/rooms/${roomId}/applications/mine`);

/** What an invite link leads to: {code, expiresAt, maxUses, uses, room: PublicRoom}. */
export const preview = (code) => api.api('GET', `/invites/${encodeURIComponent(code)}`);

/** Accepts an invite link: {result: 'JOINED', room} (the room joins my list) or {result: 'APPLIED', application}. */
export async function accept(code, note = null) {
  const answer = await api.api('POST', `/invites/${encodeURIComponent(code)}/accept`, note?.trim() ? { note: note.trim() } : {});
  if (answer.result === 'JOINED' && answer.room) messenger.adoptRoom(answer.room);
  return answer;
}

// ---- settings ----

/** A JSON merge patch of the group's settings; the answer (the summary) replaces the one held. */
export async function updateSettings(roomId, patch) {
  const room = await api.api('PATCH', `/rooms/${roomId}`, patch);
  store.putRoom(room);
  return room;
}

/**
 * Makes a new photo the cover. The server takes as a cover only a photo that a message of the owner or a manager
 * carries in the room (an upload no message carries is thrown away), so the photo is sent to the chat first.
 */
export async function coverFromFile(roomId, file) {
  const params = new URLSearchParams({ name: file.name || 'cover.jpg', kind: 'IMAGE' });
  const { data } = await api.upload(`/rooms/${roomId}/attachments?${params}`, file,
    { headers: { 'Idempotency-Key': uuid(), 'Content-Type': 'application/octet-stream' } }).done;
  await api.api('POST', `/rooms/${roomId}/messages`, { clientMsgId: uuid(), type: 'IMAGE', content: '', attachmentIds: [data.id] });
  return updateSettings(roomId, { coverAttachmentId: data.id });
}

// ---- invite links ----

export const inviteLinks = (roomId) => api.api('GET', `/rooms/${roomId}/invite-links`);
export function createInviteLink(roomId, { expiresIn = null, maxUses = null } = {}) {
  const body = {};
  if (expiresIn) body.expiresIn = expiresIn;
  if (maxUses) body.maxUses = maxUses;
  return api.api('POST', `/rooms/${roomId}/invite-links`, body);
}
export const revokeInviteLink = (roomId, code) => api.api('DELETE', `/rooms/${roomId}/invite-links/${encodeURIComponent(code)}`);

/** The address to hand out: the server's url as it is when absolute, else on this origin. */
export const inviteAddress = (link) => new URL(link.url || `/invite/${link.code}`, location.origin).href;

// ---- managers and bans ----

export async function setManager(roomId, userId, manager) {
  await api.api(manager ? 'PUT' : 'DELETE', `/rooms/${roomId}/managers/${userId}`);
  await messenger.loadMembers(roomId);
}

export async function ban(roomId, userId) {
  await api.api('POST', `/rooms/${roomId}/bans/${userId}`);
  store.emit('bans', roomId);
  await messenger.loadMembers(roomId).catch(() => {});
}
export async function unban(roomId, userId) {
  await api.api('DELETE', `/rooms/${roomId}/bans/${userId}`);
  store.emit('bans', roomId);
}
export const bans = (roomId) => api.api('GET', `/rooms/${roomId}/bans`);

// ---- the approval queue ----

const loading = new Set();

/** Reads the pending applications of a group I manage, oldest first. */
export async function loadApplications(roomId) {
  loading.add(roomId);
  try {
    const list = await api.api('GET', `/rooms/${roomId}/applications`);
    if (canManage(state.rooms.get(roomId))) state.applications.set(roomId, list);
    else state.applications.delete(roomId);
  } catch (e) {
    state.applications.delete(roomId);
    if (e.code !== 'NOT_MANAGER' && e.code !== 'NOT_A_MEMBER') throw e;
  } finally {
    loading.delete(roomId);
  }
  store.emit('applications', roomId);
}

export async function approve(roomId, userId) {
  try {
    await api.api('POST', `/rooms/${roomId}/applications/${userId}/approve`);
  } finally {
    loadApplications(roomId).catch(() => {});
  }
}

export async function refuse(roomId, userId) {
  try {
    await api.api('POST', `/rooms/${roomId}/applications/${userId}/refuse`);
  } finally {
    loadApplications(roomId).catch(() => {});
  }
}

/** Pending applications waiting for me in a group (0 where I do not manage). */
export const pendingCount = (roomId) => state.applications.get(roomId)?.length ?? 0;

/**
 * Keeps the queues to the groups I manage now: a group I came to manage (the rooms arrived, I was made a manager) is
 * read, and one I no longer manage forgotten.
 */
function syncManaged() {
  for (const room of state.rooms.values()) {
    if (canManage(room) && !state.applications.has(room.id) && !loading.has(room.id)) {
      loadApplications(room.id).catch(() => {});
    }
  }
  for (const roomId of [...state.applications.keys()]) {
    if (!canManage(state.rooms.get(roomId))) {
      state.applications.delete(roomId);
      store.emit('applications', roomId);
    }
  }
}

let started = false;

/** After every (re)connect: the queues are read again (applications may have come and gone meanwhile). */
export function refresh() {
  if (!started) {
    started = true;
    store.subscribe('rooms', syncManaged);
  }
  for (const roomId of [...state.applications.keys()]) state.applications.delete(roomId);
  syncManaged();
}

/** A personal event of this module's kinds (already checked by events.js); false for any other. */
export function onUserEvent(event) {
  if (event.type !== 'application') return false;
  store.rememberName(event.applicant.id, event.applicant.nickname);
  if (event.applicant.id === state.me.id) {
    // My own application moved: the directory and an open invite page follow; a refusal is said in words (an
    // approval shows itself: the room arrives in the list).
    store.emit('myApplication', event);
    if (event.change === 'refused') store.showError(t('groups.refused', { room: event.roomName ?? '' }));
    // The group stopped taking requests (its policy changed): the request is gone, and said so.
    if (event.change === 'closed') store.showError(t('groups.closed', { room: event.roomName ?? '' }));
  }
  if (canManage(state.rooms.get(event.roomId))) loadApplications(event.roomId).catch(() => {});
  return true;
}
