// Friends, notifications, muted rooms, do-not-disturb and my account's e-mail: their REST calls, and the personal
// events (friend, friends_presence, notification, notifications_read) that keep them current on every device.
import * as api from './api.js';
import * as store from './store.js';

const { state } = store;

// ---- friends ----

let friendsGeneration = 0; // a newer load makes the answers to older ones stale
let reloadTimer = null;

/** Reads all five lists; a change anywhere (an event, an action) reads them again, so every list stays true. */
export async function loadFriends() {
  const generation = ++friendsGeneration;
  const [list, incoming, outgoing, blocked, suggestions] = await Promise.all([
    api.api('GET', '/friends'),
    api.api('GET', '/friends/requests?direction=incoming'),
    api.api('GET', '/friends/requests?direction=outgoing'),
    api.api('GET', '/blocks'),
    api.api('GET', '/friends/suggestions'),
  ]);
  if (generation !== friendsGeneration) return;
  Object.assign(state.friends, { loaded: true, list, incoming, outgoing, blocked, suggestions });
  for (const person of [...list, ...incoming.map((r) => r.user), ...outgoing.map((r) => r.user), ...blocked]) {
    store.rememberName(person.id, person.nickname);
  }
  store.emit('friends');
}

/** Events come in bursts (a block ends a friendship and a request at once): one reload for the burst. */
function reloadFriendsSoon() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => loadFriends().catch(() => {}), 60);
}

/** How I stand with someone: 'me', 'friend', 'incoming' (they asked me), 'outgoing' (I asked), 'blocked' or 'none'. */
export function relation(userId) {
  const f = state.friends;
  if (userId === state.me?.id) return 'me';
  if (f.blocked.some((p) => p.id === userId)) return 'blocked';
  if (f.list.some((p) => p.id === userId)) return 'friend';
  if (f.incoming.some((r) => r.user.id === userId)) return 'incoming';
  if (f.outgoing.some((r) => r.user.id === userId)) return 'outgoing';
  return 'none';
}

async function thenReload(call) {
  try {
    return await call;
  } finally {
    reloadFriendsSoon();
  }
}

/** Asks them to be friends; {state: 'REQUESTED'|'FRIENDS'} (FRIENDS when they had asked me: theirs is accepted). */
export const requestFriend = (userId) => thenReload(api.api('POST', '/friends/requests', { userId }));
export const acceptFriend = (userId) => thenReload(api.api('POST', `/friends/requests/${userId}/accept`));
export const declineFriend = (userId) => thenReload(api.api('POST', `/friends/requests/${userId}/decline`));
export const cancelRequest = (userId) => thenReload(api.api('DELETE', `/friends/requests/${userId}`));
export const removeFriend = (userId) => thenReload(api.api('DELETE', `/friends/${userId}`));
export const block = (userId) => thenReload(api.api('PUT', `/blocks/${userId}`));
export const unblock = (userId) => thenReload(api.api('DELETE', `/blocks/${userId}`));

/** Friends who came online or went offline, each in their latest state. */
function onFriendsPresence(users) {
  let changed = false;
  for (const { userId, online, lastSeenAt } of users) {
    const friend = state.friends.list.find((p) => p.id === userId);
    if (!friend) continue;
    friend.online = online;
    friend.lastSeenAt = online ? null : (lastSeenAt ?? friend.lastSeenAt);
    changed = true;
  }
  if (changed) store.emit('friends');
}

// ---- notifications ----

function setUnread(n) {
  if (state.notifications.unread === n) return;
  state.notifications.unread = n;
  store.emit('notifications', { unread: n });
}

export async function loadUnreadCount() {
  const { unreadCount } = await api.api('GET', '/notifications/unread-count');
  setUnread(unreadCount);
}

/** One page, newest first: {notifications, unreadCount, nextBefore}. */
export async function listNotifications({ unreadOnly = false, before = null } = {}) {
  const params = new URLSearchParams({ limit: '30' });
  if (unreadOnly) params.set('unreadOnly', 'true');
  if (before != null) params.set('before', String(before));
  const page = await api.api('GET', `/notifications?${params}`);
  for (const n of page.notifications) if (n.actor) store.rememberName(n.actor.id, n.actor.nickname);
  setUnread(page.unreadCount);
  return page;
}

export async function markNotificationRead(id) {
  const { unreadCount } = await api.api('POST', `/notifications/${id}/read`);
  store.emit('notifications', { read: id });
  setUnread(unreadCount);
}

export async function markAllNotificationsRead() {
  const { unreadCount } = await api.api('POST', '/notifications/read-all');
  store.emit('notifications', { read: 'all' });
  setUnread(unreadCount);
}

// ---- muted rooms and do not disturb ----

export async function loadMuted() {
  const ids = await api.api('GET', '/users/me/muted-rooms');
  state.muted = new Set(ids);
  store.emit('muted');
  store.emit('rooms');
}

export async function setMuted(roomId, muted) {
  await api.api('PUT', `/rooms/${roomId}/mute`, { muted });
  if (muted) state.muted.add(roomId);
  else state.muted.delete(roomId);
  store.emit('muted');
  store.emit('rooms');
}

/** {enabled, start: "22:00", end: "07:30", timeZone}. */
export const doNotDisturb = () => api.api('GET', '/users/me/do-not-disturb');
export const setDoNotDisturb = (settings) => api.api('PUT', '/users/me/do-not-disturb', settings);

// ---- my account ----

function adoptMe(me) {
  state.me = { ...state.me, ...me };
  api.rememberUser(state.me);
  store.emit('me');
  return state.me;
}

/** The account as the server has it now (the e-mail may have been verified on another device). */
export async function loadMe() {
  return adoptMe(await api.api('GET', '/users/me'));
}

export async function verifyEmail(code) {
  return adoptMe(await api.api('POST', '/auth/verify-email', { code }));
}

/** Mails a new code: {expiresIn, resendAfter} in seconds. */
export const resendCode = () => api.api('POST', '/auth/verify-email/resend');

export async function changePassword(currentPassword, newPassword) {
  return adoptMe(await api.changePassword(currentPassword, newPassword));
}

// ---- live ----

/** After every (re)connect: what may have changed while the socket was away. */
export async function refresh() {
  await Promise.allSettled([loadFriends(), loadUnreadCount(), loadMuted(), loadMe()]);
}

/** A personal event of this module's kinds (already checked by events.js); false for any other. */
export function onUserEvent(event) {
  switch (event.type) {
    case 'friend':
      store.rememberName(event.user.id, event.user.nickname);
      reloadFriendsSoon();
      store.emit('friendChanged', event);
      return true;
    case 'friends_presence':
      onFriendsPresence(event.users);
      return true;
    case 'notification':
      if (event.notification.actor) store.rememberName(event.notification.actor.id, event.notification.actor.nickname);
      store.emit('notifications', { added: event.notification });
      setUnread(event.unreadCount);
      return true;
    case 'notifications_read':
      store.emit('notifications', { read: event.id ?? 'all' });
      setUnread(event.unreadCount);
      return true;
    default:
      return false;
  }
}
