// The member panel: who is in the room, who is online, who owns it; invite, remove, hand over, leave.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import * as store from '../store.js';
import * as messenger from '../messenger.js';
import { openUserPicker } from './pickers.js';
import { avatar } from '../files.js';
import { openPerson } from './person.js';
import * as groups from '../groups.js';

export function memberPanel(roomId, { onClose, onLeft }) {
  const { state } = store;
  const cleanups = [];
  let confirmingLeave = false;
  let confirmingBan = null; // the member whose Ban was pressed once: the second press bans
  const list = h('ul', { class: 'member-list' });
  const footer = h('div', { class: 'member-footer' });
  const el = h('aside', { id: 'member-panel', class: 'member-panel', 'data-testid': 'member-panel', 'aria-labelledby': 'member-title' },
    h('header', { class: 'panel-head' },
      h('h3', { id: 'member-title' }, t('members.title')),
      h('button', { type: 'button', class: 'ghost', 'data-testid': 'members-close', onclick: onClose,
        'aria-label': t('members.close') }, '✕')),
    list,
    footer);

  const act = (promise) => promise.catch(store.showError);

  function render() {
    const room = state.rooms.get(roomId);
    const members = state.members.get(roomId) ?? [];
    const group = room?.type === 'GROUP';
    const iOwn = group && room.ownerId === state.me.id;
    const iManage = groups.canManage(room);
    list.replaceChildren(...members.map((m) => {
      const me = m.id === state.me.id;
      const owner = group && (room.ownerId === m.id);
      // The member list's role is the newer word when it has one (it is read again on every members event).
      const manager = group && !owner && (m.role ? m.role === 'MANAGER' : (room.managerIds ?? []).includes(m.id));
      // The owner acts on anyone but themselves; a manager on plain members only.
      const mayRemove = !me && !owner && (iOwn || (iManage && !manager));
      return h('li', { class: 'member-item', 'data-testid': 'member-item', 'data-user-id': m.id },
        avatar(m, { className: 'small', extra: [h('span', { class: `presence${m.online ? ' online' : ''}`,
          'data-testid': 'member-presence', 'data-online': String(!!m.online) })] }),
        h('span', { class: 'member-name' },
          h('span', null, me ? h('span', { 'data-testid': 'member-name' }, m.nickname)
            : h('button', { type: 'button', class: 'name-button', 'data-testid': 'member-name', title: t('person.open'),
              onclick: () => openPerson(m) }, m.nickname),
            me && h('span', { class: 'muted you' }, ` ${t('members.you')}`),
            h('span', { class: 'sr-only' }, `, ${t(m.online ? 'members.online' : 'members.offline')}`)),
          m.statusMessage && h('small', { class: 'muted status-message' }, m.statusMessage)),
        owner && h('span', { class: 'owner-badge', 'data-testid': 'owner-badge' }, t('members.owner')),
        manager && h('span', { class: 'owner-badge manager-badge', 'data-testid': 'manager-badge' }, t('members.manager')),
        (mayRemove || (iOwn && !me)) && h('span', { class: 'member-actions' },
          iOwn && !me && h('button', { type: 'button', class: 'link', 'data-testid': 'make-owner-button',
            onclick: () => act(messenger.transferOwner(roomId, m.id)) }, t('members.makeOwner')),
          iOwn && !me && h('button', { type: 'button', class: 'link', 'data-testid': manager ? 'remove-manager-button' : 'make-manager-button',
            onclick: () => act(groups.setManager(roomId, m.id, !manager)) }, t(manager ? 'members.removeManager' : 'members.makeManager')),
          mayRemove && h('button', { type: 'button', class: 'link danger', 'data-testid': 'kick-button',
            onclick: () => act(messenger.kick(roomId, m.id)) }, t('members.kick')),
          mayRemove && h('button', { type: 'button', class: `link danger${confirmingBan === m.id ? ' armed' : ''}`, 'data-testid': 'ban-button',
            onclick: () => {
              if (confirmingBan !== m.id) {
                confirmingBan = m.id;
                render();
                return;
              }
              confirmingBan = null;
              act(groups.ban(roomId, m.id));
            } }, t(confirmingBan === m.id ? 'members.confirmBan' : 'members.ban'))));
    }));
    footer.replaceChildren(...(group ? [
      h('button', { type: 'button', class: 'primary', 'data-testid': 'invite-button',
        onclick: () => openUserPicker({ mode: 'invite', roomId, exclude: members.map((m) => m.id) }) }, t('members.invite')),
      h('button', { type: 'button', class: 'ghost danger', 'data-testid': 'leave-button',
        onclick: () => {
          if (!confirmingLeave) {
            confirmingLeave = true;
            render();
            return;
          }
          act(messenger.leave(roomId).then(onLeft));
        } }, t(confirmingLeave ? 'members.confirmLeave' : 'members.leave')),
    ] : []));
  }

  cleanups.push(store.subscribe(`members:${roomId}`, render));
  cleanups.push(store.subscribe('rooms', render));
  render();
  messenger.loadMembers(roomId).catch(store.showError);
  return { el, destroy: () => cleanups.forEach((fn) => fn()) };
}
