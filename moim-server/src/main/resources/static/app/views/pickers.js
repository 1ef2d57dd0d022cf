// Finding people (GET /users?q=) to start a one-to-one chat, create a group, or invite to a group.
import { h } from '../dom.js';
import { t, errorText } from '../i18n.js';
import * as store from '../store.js';
import * as messenger from '../messenger.js';
import { avatar } from '../files.js';

/** mode: 'newChat' (one-to-one or group) or 'invite' (roomId, exclude: ids already in the room). */
export function openUserPicker({ mode, roomId, exclude = [] }) {
  const inviting = mode === 'invite';
  let kind = 'direct';
  const selected = new Map(); // userId → nickname
  let results = [];
  let searchTimer = null;
  let searchSeq = 0;

  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'dialog-error', hidden: true });
  const showError = (e) => {
    error.textContent = typeof e === 'string' ? e : errorText(e);
    error.hidden = false;
  };
  const prefix = inviting ? 'invite' : 'user';
  const search = h('input', { id: 'picker-search', type: 'search', autocomplete: 'off', 'data-testid': `${prefix}-search` });
  const resultList = h('ul', { class: 'picker-results', 'data-testid': `${prefix}-results` });
  const chips = h('div', { class: 'chips', 'aria-live': 'polite' });
  const groupName = h('input', { id: 'group-name', maxlength: 100, 'data-testid': 'group-name' });
  const groupField = h('div', { class: 'field', hidden: true }, h('label', { for: 'group-name' }, t('newChat.groupName')), groupName);
  const submit = h('button', { type: 'submit', class: 'primary', hidden: !inviting,
    'data-testid': inviting ? 'invite-submit' : 'create-room-submit' }, t(inviting ? 'invite.submit' : 'newChat.create'));

  const kindSwitch = !inviting && h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': t('newChat.title') },
    ...['direct', 'group'].map((k) => h('label', null,
      h('input', { type: 'radio', name: 'kind', value: k, checked: k === 'direct', 'data-testid': `new-chat-${k}`,
        onchange: () => { kind = k; selected.clear(); renderAll(); } }),
      h('span', null, t(k === 'direct' ? 'newChat.direct' : 'newChat.group')))));

  const form = h('form', { method: 'dialog', class: 'picker' },
    h('header', { class: 'panel-head' },
      h('h2', { id: 'picker-title' }, t(inviting ? 'invite.title' : 'newChat.title')),
      h('button', { type: 'button', class: 'ghost', 'aria-label': t('dialog.close'), 'data-testid': 'dialog-close',
        onclick: () => dialog.close() }, '✕')),
    kindSwitch,
    groupField,
    h('div', { class: 'field' }, h('label', { for: 'picker-search' }, t('newChat.search')), search),
    chips,
    resultList,
    error,
    submit);
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'picker-title', 'data-testid': inviting ? 'invite-dialog' : 'new-chat-dialog' }, form);

  const multi = () => inviting || kind === 'group';

  function renderAll() {
    groupField.hidden = inviting || kind !== 'group';
    submit.hidden = !multi();
    chips.replaceChildren(...[...selected].map(([id, name]) => h('button', { type: 'button', class: 'chip', 'data-testid': 'selected-user',
      'data-user-id': id, onclick: () => { selected.delete(id); renderAll(); } }, name, ' ✕')));
    const shown = results.filter((u) => u.id !== store.state.me.id && !exclude.includes(u.id));
    resultList.replaceChildren(...(search.value.trim() && shown.length === 0
      ? [h('li', { class: 'muted' }, t('newChat.noResults'))]
      : shown.map((u) => h('li', null, h('button', {
        type: 'button', class: `picker-user${selected.has(u.id) ? ' selected' : ''}`, 'data-testid': `${prefix}-result`,
        'data-user-id': u.id, 'aria-pressed': multi() ? String(selected.has(u.id)) : null,
        onclick: () => choose(u),
      },
      avatar(u, { className: 'small', extra: [h('span', { class: `presence${u.online ? ' online' : ''}` })] }),
      h('span', { class: 'member-name' }, u.nickname, u.statusMessage && h('small', { class: 'muted' }, u.statusMessage)))))));
  }

  async function choose(user) {
    store.rememberName(user.id, user.nickname);
    if (multi()) {
      if (selected.has(user.id)) selected.delete(user.id);
      else selected.set(user.id, user.nickname);
      renderAll();
      return;
    }
    try {
      const room = await messenger.createDirect(user.id);
      dialog.close();
      location.hash = `#/rooms/${room.id}`;
    } catch (e) {
      // The server does not say why (they may have blocked me), and neither do we.
      showError(e.code === 'OPERATION_NOT_ALLOWED' ? t('friends.cannotMessage') : e);
    }
  }

  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    const q = search.value.trim();
    if (!q) {
      results = [];
      renderAll();
      return;
    }
    searchTimer = setTimeout(async () => {
      const mine = ++searchSeq;
      try {
        const found = await messenger.searchUsers(q);
        if (mine !== searchSeq) return; // a newer search has started
        results = found;
        error.hidden = true;
        renderAll();
      } catch (e) {
        showError(e);
      }
    }, 250);
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    if (!multi()) {
      // Enter in the search field of a one-to-one search: start the chat when the choice is unambiguous.
      const shown = results.filter((u) => u.id !== store.state.me.id);
      if (shown.length === 1) choose(shown[0]);
      return;
    }
    if (!inviting && kind === 'group' && !groupName.value.trim()) return showError(t('newChat.needName'));
    if (selected.size === 0) return showError(t('newChat.needPeople'));
    submit.disabled = true;
    try {
      if (inviting) {
        await messenger.invite(roomId, [...selected.keys()]);
        dialog.close();
      } else {
        const room = await messenger.createGroup(groupName.value.trim(), [...selected.keys()]);
        dialog.close();
        location.hash = `#/rooms/${room.id}`;
      }
    } catch (err) {
      showError(err);
    } finally {
      submit.disabled = false;
    }
  });

  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  renderAll();
  dialog.showModal();
  search.focus();
}
