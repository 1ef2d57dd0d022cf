// Someone's card, opened from a member list or a message's sender: their picture, name, status and presence, and
// what I can do with them (add as a friend, answer their request, start a one-to-one chat, block or unblock).
import { h } from '../dom.js';
import { t, errorText } from '../i18n.js';
import * as store from '../store.js';
import * as social from '../social.js';
import * as api from '../api.js';
import { avatar } from '../files.js';
import { chatWith, presenceText } from './friends.js';

/** person: {id, nickname, avatarId} at least (a member, a message's sender). */
export function openPerson(person) {
  const { state } = store;
  let profile = { ...person };
  let confirmingBlock = false;
  let busy = false;

  const body = h('div', { class: 'person-body' });
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'person-error', hidden: true });
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'person-title', 'data-testid': 'person-dialog',
    'data-user-id': person.id },
  h('div', { class: 'picker person' },
    h('header', { class: 'panel-head' },
      h('h2', { id: 'person-title' }, t('person.title')),
      h('button', { type: 'button', class: 'ghost', 'aria-label': t('dialog.close'), 'data-testid': 'person-close',
        onclick: () => dialog.close() }, '✕')),
    body,
    error));

  async function run(action) {
    busy = true;
    error.hidden = true;
    render();
    try {
      await action();
    } catch (e) {
      error.textContent = errorText(e);
      error.hidden = false;
    } finally {
      busy = false;
      render();
    }
  }

  const button = (testid, label, onclick, cls = 'ghost') => h('button', { type: 'button', class: cls, 'data-testid': testid,
    disabled: busy, onclick }, label);

  function actions() {
    if (profile.deleted) return [h('p', { class: 'muted' }, t('person.deleted'))];
    const relation = social.relation(profile.id);
    if (relation === 'me') return [];
    const out = [];
    switch (relation) {
      case 'friend':
        out.push(h('span', { class: 'relation', 'data-testid': 'person-relation', 'data-relation': 'friend' }, t('friends.isFriend')));
        break;
      case 'outgoing':
        out.push(h('span', { class: 'relation', 'data-testid': 'person-relation', 'data-relation': 'outgoing' }, t('friends.requested')),
          button('person-cancel-request', t('friends.cancel'), () => run(() => social.cancelRequest(profile.id))));
        break;
      case 'incoming':
        out.push(button('person-accept', t('friends.accept'), () => run(() => social.acceptFriend(profile.id)), 'primary'),
          button('person-decline', t('friends.decline'), () => run(() => social.declineFriend(profile.id))));
        break;
      case 'blocked':
        out.push(button('person-unblock', t('friends.unblock'), () => run(() => social.unblock(profile.id))));
        return out;
      default:
        out.push(button('person-add-friend', t('friends.add'), () => run(() => social.requestFriend(profile.id)), 'primary'));
    }
    out.push(button('person-message', t('person.message'), () => {
      dialog.close();
      chatWith(profile.id);
    }));
    out.push(button('person-block', t(confirmingBlock ? 'friends.confirmBlock' : 'friends.block'), () => {
      if (!confirmingBlock) {
        confirmingBlock = true;
        render();
        return;
      }
      confirmingBlock = false;
      run(() => social.block(profile.id));
    }, `ghost danger${confirmingBlock ? ' armed' : ''}`));
    return out;
  }

  function render() {
    body.replaceChildren(
      h('div', { class: 'profile-me' },
        avatar(profile, { className: 'large', size: 'large' }),
        h('div', { class: 'profile-names' },
          h('strong', { 'data-testid': 'person-nickname' }, profile.nickname),
          profile.statusMessage && h('span', { class: 'muted' }, profile.statusMessage),
          profile.online != null && !profile.deleted && social.relation(profile.id) !== 'me'
            && h('small', { class: 'muted', 'data-testid': 'person-presence' }, presenceText(profile)))),
      h('div', { class: 'person-actions' }, actions()));
  }

  const unsubscribe = store.subscribe('friends', render);
  dialog.addEventListener('close', () => {
    unsubscribe();
    dialog.remove();
  });
  document.body.append(dialog);
  render();
  dialog.showModal();
  if (!state.friends.loaded) social.loadFriends().catch(() => {});
  // The full profile (status, presence, whether the account still exists).
  api.api('GET', `/users/${person.id}`)
    .then((fresh) => {
      profile = { ...profile, ...fresh };
      render();
    })
    .catch(() => {});
}
