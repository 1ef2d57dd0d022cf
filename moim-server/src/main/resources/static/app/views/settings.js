// Settings (⚙ beside my name): notifications on this browser, do not disturb, muted chats; my e-mail's verification,
// a new password, and deleting my account.
import { h } from '../dom.js';
import { t, errorText } from '../i18n.js';
import * as store from '../store.js';
import * as social from '../social.js';
import * as push from '../push.js';
import * as api from '../api.js';
import { verifyForm } from './verify.js';

const browserZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
};

function zones(...wanted) {
  let all = [];
  try {
    all = Intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    all = [];
  }
  return [...new Set([...wanted.filter(Boolean), ...all])].sort();
}

/** A line that says how something went: ok (green) or failed (red), in words. Shared by the forms of other dialogs. */
export function statusLine(testid) {
  const el = h('p', { class: 'settings-status', role: 'status', 'data-testid': testid, hidden: true });
  return {
    el,
    ok(text) {
      el.className = 'settings-status ok';
      el.textContent = text;
      el.hidden = false;
    },
    fail(e) {
      el.className = 'settings-status failed';
      el.textContent = typeof e === 'string' ? e : errorText(e);
      el.hidden = false;
    },
    clear() {
      el.hidden = true;
    },
  };
}

/** section: 'notifications' (the default) or 'account', scrolled to and focused first. onWithdrawn after deleting. */
export function openSettings({ section = 'notifications', onWithdrawn } = {}) {
  const { state } = store;
  const cleanups = [];

  // ---- notifications on this browser ----
  const pushToggle = h('input', { type: 'checkbox', id: 'push-toggle', role: 'switch', 'data-testid': 'push-toggle' });
  const pushState = h('p', { class: 'hint-text', 'data-testid': 'push-state' });
  const pushStatus = statusLine('push-status');
  function renderPush() {
    const now = push.status();
    pushToggle.checked = now === 'on';
    pushToggle.disabled = now === 'unsupported' || now === 'denied';
    pushToggle.setAttribute('aria-checked', String(now === 'on'));
    pushState.dataset.state = now;
    pushState.textContent = t(`push.${now}`);
  }
  pushToggle.addEventListener('change', async () => {
    const wanted = pushToggle.checked;
    pushToggle.disabled = true;
    pushStatus.clear();
    try {
      if (wanted) await push.enable();
      else await push.disable();
      pushStatus.ok(t(wanted ? 'push.turnedOn' : 'push.turnedOff'));
    } catch (e) {
      pushStatus.fail(e);
    } finally {
      renderPush();
    }
  });

  // ---- do not disturb ----
  const dndEnabled = h('input', { type: 'checkbox', id: 'dnd-enabled', 'data-testid': 'dnd-enabled' });
  const dndStart = h('input', { type: 'time', id: 'dnd-start', required: true, 'data-testid': 'dnd-start', value: '22:00' });
  const dndEnd = h('input', { type: 'time', id: 'dnd-end', required: true, 'data-testid': 'dnd-end', value: '08:00' });
  const dndZone = h('select', { id: 'dnd-zone', 'data-testid': 'dnd-zone' });
  const dndSave = h('button', { type: 'submit', class: 'primary small', 'data-testid': 'dnd-save', disabled: true }, t('settings.save'));
  const dndStatus = statusLine('dnd-status');
  const dndForm = h('form', { class: 'settings-form', 'data-testid': 'dnd-form' },
    h('label', { class: 'check' }, dndEnabled, h('span', null, t('dnd.enabled'))),
    h('div', { class: 'dnd-times' },
      h('label', { for: 'dnd-start' }, t('dnd.from')), dndStart,
      h('label', { for: 'dnd-end' }, t('dnd.to')), dndEnd),
    h('div', { class: 'field' }, h('label', { for: 'dnd-zone' }, t('dnd.zone')), dndZone),
    h('div', { class: 'settings-buttons' }, dndSave),
    dndStatus.el);
  function fillZones(selected) {
    dndZone.replaceChildren(...zones(selected, browserZone()).map((z) => h('option', { value: z, selected: z === selected }, z)));
    dndZone.value = selected;
  }
  fillZones(browserZone());
  social.doNotDisturb().then((dnd) => {
    dndEnabled.checked = dnd.enabled;
    dndStart.value = dnd.start;
    dndEnd.value = dnd.end;
    // While it is off, the zone it was stored with (the server's default if never set) matters to nobody: this
    // browser's own zone is the likelier wish.
    fillZones(dnd.enabled ? dnd.timeZone : browserZone());
    dndSave.disabled = false;
    dndForm.dataset.loaded = 'true';
  }).catch((e) => dndStatus.fail(e));
  dndForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    dndStatus.clear();
    if (!dndStart.value || !dndEnd.value) {
      dndStatus.fail(t('dnd.needTimes'));
      return;
    }
    dndSave.disabled = true;
    try {
      const saved = await social.setDoNotDisturb({ enabled: dndEnabled.checked, start: dndStart.value, end: dndEnd.value,
        timeZone: dndZone.value });
      dndStatus.ok(saved.enabled ? t('dnd.savedOn', { start: saved.start, end: saved.end }) : t('dnd.savedOff'));
    } catch (e) {
      dndStatus.fail(e);
    } finally {
      dndSave.disabled = false;
    }
  });

  // ---- muted chats ----
  const muteList = h('ul', { class: 'mute-list', 'data-testid': 'mute-list' });
  function renderMutes() {
    const rooms = store.sortedRooms();
    muteList.replaceChildren(...(rooms.length === 0 ? [h('li', { class: 'muted' }, t('rooms.empty'))]
      : rooms.map((room) => {
        const box = h('input', { type: 'checkbox', 'data-testid': 'mute-toggle', 'data-room-id': room.id,
          checked: state.muted.has(room.id) });
        box.addEventListener('change', () => {
          box.disabled = true;
          social.setMuted(room.id, box.checked).catch((e) => {
            box.checked = !box.checked;
            store.showError(e);
          }).finally(() => { box.disabled = false; });
        });
        return h('li', null, h('label', { class: 'check' }, box, h('span', null, store.roomTitle(room))));
      })));
  }
  cleanups.push(store.subscribe('muted', renderMutes));

  // ---- e-mail ----
  const emailBox = h('div', { class: 'settings-email', 'data-testid': 'email-settings' });
  function renderEmail() {
    const verified = !!state.me.emailVerified;
    const line = h('p', null, h('strong', null, state.me.email ?? ''), ' ',
      h('span', { class: `email-badge${verified ? ' ok' : ''}`, 'data-testid': 'email-status', 'data-verified': String(verified) },
        t(verified ? 'verify.verified' : 'verify.unverified')));
    if (verified) {
      emailBox.replaceChildren(line);
      return;
    }
    const form = verifyForm({ email: state.me.email, idPrefix: 'settings-verify', onVerified: () => renderEmail() });
    emailBox.replaceChildren(line, form.el);
  }
  cleanups.push(store.subscribe('me', renderEmail));

  // ---- a new password ----
  const current = h('input', { type: 'password', id: 'current-password', autocomplete: 'current-password', required: true,
    maxlength: 72, 'data-testid': 'current-password' });
  const fresh = h('input', { type: 'password', id: 'new-password', autocomplete: 'new-password', required: true,
    minlength: 8, maxlength: 72, 'data-testid': 'new-password', 'aria-describedby': 'new-password-hint' });
  const passwordSubmit = h('button', { type: 'submit', class: 'primary small', 'data-testid': 'password-submit' },
    t('password.submit'));
  const passwordStatus = statusLine('password-status');
  const passwordForm = h('form', { class: 'settings-form', 'data-testid': 'password-form' },
    h('div', { class: 'field' }, h('label', { for: 'current-password' }, t('password.current')), current),
    h('div', { class: 'field' }, h('label', { for: 'new-password' }, t('password.new')), fresh,
      h('small', { class: 'hint', id: 'new-password-hint' }, t('signup.passwordHint'))),
    h('div', { class: 'settings-buttons' }, passwordSubmit),
    passwordStatus.el);
  passwordForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    passwordStatus.clear();
    passwordSubmit.disabled = true;
    try {
      await social.changePassword(current.value, fresh.value);
      current.value = '';
      fresh.value = '';
      passwordStatus.ok(t('password.changed'));
    } catch (e) {
      passwordStatus.fail(e);
      (e.code === 'WRONG_PASSWORD' ? current : fresh).focus();
    } finally {
      passwordSubmit.disabled = false;
    }
  });

  // ---- deleting the account ----
  const deletePassword = h('input', { type: 'password', id: 'delete-password', autocomplete: 'current-password',
    required: true, maxlength: 72, 'data-testid': 'delete-password' });
  const deleteConfirm = h('button', { type: 'submit', class: 'ghost danger', 'data-testid': 'delete-confirm' },
    t('withdraw.confirm'));
  const deleteStatus = statusLine('delete-status');
  const deleteForm = h('form', { class: 'settings-form', hidden: true, 'data-testid': 'delete-form' },
    h('p', { class: 'hint-text' }, t('withdraw.explain')),
    h('div', { class: 'field' }, h('label', { for: 'delete-password' }, t('withdraw.password')), deletePassword),
    h('div', { class: 'settings-buttons' }, deleteConfirm),
    deleteStatus.el);
  const deleteOpen = h('button', { type: 'button', class: 'ghost danger small', 'data-testid': 'delete-account',
    onclick: () => {
      deleteForm.hidden = false;
      deleteOpen.hidden = true;
      deletePassword.focus();
    } }, t('withdraw.open'));
  deleteForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    deleteStatus.clear();
    deleteConfirm.disabled = true;
    try {
      await api.withdraw(deletePassword.value);
      dialog.close();
      onWithdrawn?.();
    } catch (e) {
      deleteStatus.fail(e.code === 'SERVER_BUSY' ? t('withdraw.busy') : e);
      deleteConfirm.disabled = false;
      deletePassword.select();
    }
  });

  const heading = (id, text) => h('h3', { id }, text);
  const notificationsSection = h('section', { class: 'settings-section', 'data-testid': 'settings-notifications',
    'aria-labelledby': 'settings-notifications-title' },
  heading('settings-notifications-title', t('settings.notifications')),
  h('label', { class: 'check switch-row' }, pushToggle, h('span', null, t('push.toggle'))),
  pushState,
  pushStatus.el,
  h('h4', null, t('dnd.title')),
  dndForm,
  h('h4', null, t('settings.mutedChats')),
  h('p', { class: 'hint-text' }, t('settings.mutedHint')),
  muteList);
  const accountSection = h('section', { class: 'settings-section', 'data-testid': 'settings-account',
    'aria-labelledby': 'settings-account-title' },
  heading('settings-account-title', t('settings.account')),
  h('h4', null, t('field.email')),
  emailBox,
  h('h4', null, t('password.title')),
  passwordForm,
  h('h4', null, t('withdraw.title')),
  deleteOpen,
  deleteForm);

  const dialog = h('dialog', { class: 'dialog wide', 'aria-labelledby': 'settings-title', 'data-testid': 'settings-dialog' },
    h('div', { class: 'picker settings' },
      h('header', { class: 'panel-head' },
        h('h2', { id: 'settings-title' }, t('settings.title')),
        h('button', { type: 'button', class: 'ghost', 'aria-label': t('dialog.close'), 'data-testid': 'settings-close',
          onclick: () => dialog.close() }, '✕')),
      h('div', { class: 'settings-scroll' }, notificationsSection, accountSection)));

  dialog.addEventListener('close', () => {
    cleanups.forEach((fn) => fn());
    dialog.remove();
  });
  document.body.append(dialog);
  renderPush();
  renderMutes();
  renderEmail();
  dialog.showModal();
  if (section === 'account') {
    accountSection.scrollIntoView({ block: 'start' });
    (emailBox.querySelector('input') ?? current).focus();
  }
}
