// Moim's service worker: shows the pushes the server sends while no Moim tab is connected, and opens the right
// room when one is clicked. Served from the root so its scope is the whole app. A classic worker (not a module, which
// not every browser runs as a service worker yet), so its few sentences are here, in Korean and English, rather than
// imported from app/i18n.js.
/* eslint-env serviceworker */

const ko = (self.navigator?.language || 'en').toLowerCase().startsWith('ko');
const text = ko ? {
  appName: '모임',
  photo: '사진',
  file: '파일',
  message: '새 메시지',
  MENTION: '{actor}님이 나를 언급했습니다',
  INVITED: '{actor}님이 “{text}” 대화방에 초대했습니다',
  KICKED: '“{text}” 대화방에서 내보내졌습니다',
  NEW_OWNER: '“{text}” 대화방의 방장이 되었습니다',
  FRIEND_REQUEST: '{actor}님이 친구 요청을 보냈습니다',
  FRIEND_ACCEPTED: '{actor}님이 친구 요청을 수락했습니다',
  JOIN_REQUEST: '{actor}님이 가입을 신청했습니다',
  JOIN_APPROVED: '“{text}” 가입 신청이 승인되었습니다',
  JOIN_REFUSED: '“{text}” 가입 신청이 거절되었습니다',
  DUES_DUE: '오늘은 회비 납부일입니다 ({text})',
  DUES_AUTOPAY_FAILED: '회비를 자동으로 내지 못했습니다 ({text}): 지갑 잔액이 부족합니다',
  notification: '새 알림',
  someone: '누군가',
} : {
  appName: 'Moim',
  photo: 'Photo',
  file: 'File',
  message: 'New message',
  MENTION: '{actor} mentioned you',
  INVITED: '{actor} invited you to “{text}”',
  KICKED: 'You were removed from “{text}”',
  NEW_OWNER: 'You are now the owner of “{text}”',
  FRIEND_REQUEST: '{actor} wants to be your friend',
  FRIEND_ACCEPTED: '{actor} accepted your friend request',
  JOIN_REQUEST: '{actor} asks to join your group',
  JOIN_APPROVED: 'Your request to join “{text}” was approved',
  JOIN_REFUSED: 'Your request to join “{text}” was turned down',
  DUES_DUE: 'Your dues are due today ({text})',
  DUES_AUTOPAY_FAILED: 'Your dues could not be paid automatically ({text}): your wallet holds too little',
  notification: 'New notification',
  someone: 'Someone',
};

const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? '');
const isId = (x) => Number.isSafeInteger(x) && x > 0;
const str = (x) => (typeof x === 'string' ? x : '');

/** What a push says, as {title, options}; the payloads are OfflinePusher's. */
function render(push) {
  if (push?.type === 'message' && isId(push.roomId)) {
    const sender = str(push.sender) || text.someone;
    const body = str(push.text) || (push.messageType === 'IMAGE' ? text.photo : push.messageType === 'FILE' ? text.file : text.message);
    const room = str(push.roomName);
    return {
      title: room || sender,
      options: {
        body: room ? `${sender}: ${body}` : body,
        // One notification per room: a newer message replaces the older one instead of piling up.
        tag: `room-${push.roomId}`,
        renotify: true,
        data: { roomId: push.roomId, seq: isId(push.seq) ? push.seq : null },
      },
    };
  }
  if (push?.type === 'notification') {
    const kind = str(push.kind);
    const template = Object.hasOwn(text, kind) && kind === kind.toUpperCase() ? text[kind] : text.notification;
    const title = fill(template, { actor: str(push.actor) || text.someone, text: str(push.text) });
    const roomId = isId(push.roomId) ? push.roomId : null;
    return {
      title,
      options: {
        body: kind === 'MENTION' ? str(push.text) : '',
        tag: roomId ? `notice-${kind}-${roomId}` : `notice-${kind}`,
        renotify: true,
        data: {
          roomId,
          seq: kind === 'MENTION' && isId(push.seq) ? push.seq : null,
          view: kind.startsWith('FRIEND_') ? 'friends' : null,
          notificationId: isId(push.id) ? push.id : null,
          kind,
        },
      },
    };
  }
  // A push must always show something (userVisibleOnly); one we cannot read just says there is news.
  return { title: text.appName, options: { body: text.notification, tag: 'moim', data: {} } };
}

/** Where a click on the notification leads: the page's address for it, which the app reads on load. */
function targetUrl(data) {
  const params = new URLSearchParams();
  if (data.kind === 'KICKED') params.set('view', 'notifications');
  else if (isId(data.roomId)) params.set('room', String(data.roomId));
  else if (data.view === 'friends') params.set('view', 'friends');
  if (isId(data.roomId) && isId(data.seq) && data.kind !== 'KICKED') params.set('seq', String(data.seq));
  if (isId(data.notificationId)) params.set('notification', String(data.notificationId));
  const query = params.toString();
  return new URL(query ? `/?${query}` : '/', self.location.origin).href;
}

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let push = null;
  try {
    push = event.data ? event.data.json() : null;
  } catch {
    push = null;
  }
  const { title, options } = render(push);
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  const url = targetUrl(data);
  const work = (async () => {
    const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const client = open.find((c) => new URL(c.url).origin === self.location.origin);
    if (client) {
      // A Moim tab is open: it opens the room itself, without reloading.
      client.postMessage({ type: 'moim.open', url });
      try {
        await client.focus();
      } catch {
        // Focusing needs the click's user activation; without it the tab still shows the room.
      }
      return;
    }
    await self.clients.openWindow(url);
  })();
  try {
    event.waitUntil(work);
  } catch {
    // An event dispatched by a script (not a real click) cannot be extended; the work above runs anyway.
  }
});
