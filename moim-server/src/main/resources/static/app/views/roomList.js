// The list of my rooms: most recent activity first, with unread badges, previews and presence dots.
import { h } from '../dom.js';
import { t, formatWhen } from '../i18n.js';
import * as store from '../store.js';
import { previewText } from './text.js';
import { avatar, groupAvatar } from '../files.js';
import { pendingCount } from '../groups.js';

export function roomList() {
  const list = h('ul', { class: 'room-list', 'data-testid': 'room-list', 'aria-label': t('rooms.title') });
  let openId = null;

  function render() {
    const rooms = store.sortedRooms();
    if (rooms.length === 0) {
      list.replaceChildren(h('li', { class: 'empty', 'data-testid': 'room-list-empty' }, t('rooms.empty')));
      return;
    }
    list.replaceChildren(...rooms.map((room) => {
      const title = store.roomTitle(room);
      const direct = room.type === 'DIRECT';
      const online = direct && room.peer?.online;
      const unread = room.unreadCount > 0;
      return h('li', null, h('a', {
        class: `room-item${room.id === openId ? ' active' : ''}${unread ? ' has-unread' : ''}`,
        href: `#/rooms/${room.id}`, 'data-testid': 'room-item', 'data-room-id': room.id,
        'aria-current': room.id === openId ? 'page' : null,
      },
      direct
        ? avatar(room.peer ?? { nickname: title }, { extra: [h('span', { class: `presence${online ? ' online' : ''}`,
          'data-testid': 'presence-dot', 'data-online': String(!!online) })] })
        : groupAvatar(room),
      h('span', { class: 'room-main' },
        h('span', { class: 'room-top' },
          h('span', { class: 'room-name', 'data-testid': 'room-name' }, title),
          !direct && h('span', { class: 'room-count' }, room.memberCount),
          store.state.muted.has(room.id) && h('span', { class: 'muted-icon', 'data-testid': 'muted-icon',
            title: t('rooms.muted'), 'aria-label': t('rooms.muted') }, '🔕'),
          h('time', { class: 'room-time' }, formatWhen(room.lastMessage?.createdAt ?? room.lastActivityAt))),
        h('span', { class: 'room-bottom' },
          h('span', { class: 'room-preview', 'data-testid': 'room-preview' }, previewText(room.lastMessage)),
          direct && h('span', { class: 'sr-only' }, t(online ? 'rooms.online' : 'rooms.offline')),
          pendingCount(room.id) > 0 && h('span', { class: 'badge applications-badge', 'data-testid': 'room-applications-badge',
            title: t('groups.pendingCount', { n: pendingCount(room.id) }) }, `✋${pendingCount(room.id)}`),
          unread && h('span', { class: 'badge', 'data-testid': 'unread-badge', title: t('rooms.unread', { n: room.unreadCount }) },
            room.unreadCount > 999 ? '999+' : room.unreadCount)))));
    }));
  }

  store.subscribe('rooms', render);
  store.subscribe('applications', render);
  render();
  return {
    el: list,
    setOpen(id) {
      openId = id;
      render();
    },
  };
}
