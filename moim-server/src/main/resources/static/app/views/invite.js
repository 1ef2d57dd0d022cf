// An invite link opened (/invite/{code}, which the app turns into #/invite/{code}): the group it leads to, and Join,
// or Send a request with a note for a group that approves its members. A link that expired, was revoked or is used
// up says so in words.
import { h } from '../dom.js';
import { t, errorText, formatWhen } from '../i18n.js';
import * as store from '../store.js';
import * as groups from '../groups.js';
import { groupAvatar } from '../files.js';
import { policyBadges, memberCountText, tagList, NOTE_MAX } from './directory.js';

export function invitePage(code) {
  const cleanups = [];
  let invite = null;
  let failure = null;
  let applied = false;
  let busy = false;
  let actionError = null;
  const note = h('textarea', { class: 'search-input', rows: '3', maxlength: String(NOTE_MAX), 'data-testid': 'invite-note',
    placeholder: t('groups.notePlaceholder'), 'aria-label': t('groups.note') });
  const body = h('div', { class: 'invite-body' }, h('p', { class: 'muted' }, t('groups.loading')));
  const el = h('section', { class: 'invite-page', 'data-testid': 'invite-page', 'aria-labelledby': 'invite-title' },
    h('header', { class: 'chat-head' },
      h('a', { class: 'back', href: '#/rooms', 'data-testid': 'back-button', 'aria-label': t('nav.back') }, '‹'),
      h('h2', { id: 'invite-title', class: 'chat-title' }, t('groups.inviteTitle'))),
    body);

  async function accept() {
    busy = true;
    actionError = null;
    render();
    try {
      const answer = await groups.accept(code, invite.room.joinPolicy === 'REQUEST' ? note.value : null);
      if (answer.result === 'JOINED') {
        location.hash = `#/rooms/${answer.room.id}`;
        return;
      }
      applied = true;
    } catch (e) {
      actionError = e;
      if (e.code === 'ALREADY_MEMBER') invite.room.member = true;
      if (e.code === 'APPLICATION_PENDING') applied = true;
    } finally {
      busy = false;
      render();
    }
  }

  function render() {
    if (failure) {
      body.replaceChildren(h('div', { class: 'placeholder room-error', role: 'alert' },
        h('p', { 'data-testid': 'invite-error', 'data-code': failure.code ?? '' }, errorText(failure)),
        h('a', { href: '#/rooms', class: 'button ghost' }, t('nav.back'))));
      return;
    }
    if (!invite) return;
    const room = invite.room;
    const member = room.member || store.state.rooms.has(room.id);
    let action;
    if (member) {
      action = h('a', { class: 'button primary', href: `#/rooms/${room.id}`, 'data-testid': 'invite-open' }, t('groups.open'));
    } else if (applied || room.applied) {
      action = h('p', { class: 'form-info', 'data-testid': 'invite-applied', role: 'status' }, t('groups.appliedExplain'));
    } else if (room.joinPolicy === 'REQUEST') {
      action = h('div', { class: 'invite-form' }, note,
        h('button', { type: 'button', class: 'primary', 'data-testid': 'invite-accept', disabled: busy, onclick: accept },
          t('groups.sendRequest')));
    } else {
      action = h('button', { type: 'button', class: 'primary', 'data-testid': 'invite-accept', disabled: busy, onclick: accept },
        t('groups.join'));
    }
    body.replaceChildren(h('div', { class: 'invite-card', 'data-testid': 'invite-room', 'data-room-id': room.id },
      groupAvatar(room, { className: 'large' }),
      h('h3', { class: 'invite-name', 'data-testid': 'invite-name' }, room.name),
      h('div', { class: 'invite-badges' }, policyBadges(room)),
      room.description && h('p', { class: 'invite-description', 'data-testid': 'invite-description' }, room.description),
      tagList(room.tags),
      h('p', { class: 'muted', 'data-testid': 'invite-members' }, memberCountText(room)),
      invite.expiresAt && h('p', { class: 'muted small-note' }, t('groups.linkExpires', { when: formatWhen(invite.expiresAt) })),
      actionError && h('p', { class: 'form-error', role: 'alert', 'data-testid': 'invite-action-error',
        'data-code': actionError.code ?? '' }, errorText(actionError)),
      action));
  }

  groups.preview(code)
    .then((answer) => { invite = answer; render(); })
    .catch((e) => { failure = e; render(); });

  // The application was answered while the page is open: approved shows Open, refused lets one apply again.
  cleanups.push(store.subscribe('myApplication', (event) => {
    if (!invite || event.roomId !== invite.room.id) return;
    applied = event.change === 'submitted';
    invite.room.applied = applied;
    if (event.change === 'approved') invite.room.member = true;
    render();
  }));
  cleanups.push(store.subscribe('rooms', render));
  return { el, destroy: () => cleanups.forEach((fn) => fn()) };
}
