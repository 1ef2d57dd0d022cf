// My wallet (💰 beside my name): the balance, live; a top-up (the money is simulated: a deposit is a recorded entry);
// the payment PIN that confirms payments instead of the password; and the statement, newest first.
import { h, uuid } from '../dom.js';
import { t, formatWhen } from '../i18n.js';
import * as store from '../store.js';
import * as money from '../money.js';
import { statusLine } from './settings.js';

/** One statement line: when, what, the amount in or out, and the balance after it. */
export function entryRow(entry, currency) {
  const sign = entry.amount > 0 ? 'in' : 'out';
  return h('li', { class: `entry ${sign}`, 'data-testid': 'entry', 'data-kind': entry.kind },
    h('span', { class: 'entry-when' }, formatWhen(entry.at)),
    h('span', { class: 'entry-what' }, entry.memo || t(`money.kind.${entry.kind}`)),
    h('span', { class: 'entry-amount', 'data-testid': 'entry-amount' },
      `${entry.amount > 0 ? '+' : '−'}${money.formatMoney(Math.abs(entry.amount), currency)}`),
    h('span', { class: 'entry-balance' }, money.formatMoney(entry.balanceAfter, currency)));
}

export function openWallet() {
  const cleanups = [];
  let account = null;
  let lines = [];
  let nextBefore = null; // the statement's next (older) page, null when there is none

  const balance = h('p', { class: 'money-balance', 'data-testid': 'wallet-balance' }, '…');

  // ---- top-up ----
  const amountInput = h('input', { id: 'deposit-amount', inputmode: 'decimal', autocomplete: 'off', required: true,
    'data-testid': 'deposit-amount' });
  const depositStatus = statusLine('deposit-status');
  const depositButton = h('button', { type: 'submit', class: 'primary small', 'data-testid': 'deposit-submit' }, t('money.deposit'));
  const depositForm = h('form', { class: 'settings-form inline-form' },
    h('div', { class: 'field' }, h('label', { for: 'deposit-amount' }, t('money.depositAmount')), amountInput),
    h('div', { class: 'settings-buttons' }, depositButton), depositStatus.el);
  let depositKey = null; // kept across retries of one top-up, so a retry never deposits twice
  amountInput.addEventListener('input', () => { depositKey = null; });
  depositForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    depositStatus.clear();
    const amount = money.parseMoney(amountInput.value, account?.currency ?? 'KRW');
    if (!amount) {
      depositStatus.fail({ code: 'INVALID_AMOUNT' });
      return;
    }
    depositKey ??= uuid();
    depositButton.disabled = true;
    try {
      await money.deposit(amount, depositKey);
      depositKey = null;
      amountInput.value = '';
      depositStatus.ok(t('money.deposited'));
      await load();
    } catch (e) {
      depositStatus.fail(e);
    } finally {
      depositButton.disabled = false;
    }
  });

  // ---- payment PIN ----
  const pinInput = h('input', { id: 'pin-new', type: 'password', inputmode: 'numeric', pattern: '\\d{6}', maxlength: 6,
    autocomplete: 'off', required: true, 'data-testid': 'pin-new' });
  const pinPassword = h('input', { id: 'pin-password', type: 'password', autocomplete: 'current-password', required: true,
    maxlength: 72, 'data-testid': 'pin-password' });
  const pinStatus = statusLine('pin-status');
  const pinState = h('p', { class: 'hint-text', 'data-testid': 'pin-state' });
  const pinForm = h('form', { class: 'settings-form' },
    pinState,
    h('div', { class: 'field' }, h('label', { for: 'pin-new' }, t('money.pinNew')), pinInput),
    h('div', { class: 'field' }, h('label', { for: 'pin-password' }, t('money.pinPassword')), pinPassword),
    h('div', { class: 'settings-buttons' },
      h('button', { type: 'submit', class: 'primary small', 'data-testid': 'pin-submit' }, t('money.pinSave'))),
    pinStatus.el);
  pinForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    pinStatus.clear();
    try {
      await money.setPin(pinInput.value, pinPassword.value);
      pinInput.value = '';
      pinPassword.value = '';
      pinStatus.ok(t('money.pinSaved'));
      await load();
    } catch (e) {
      pinStatus.fail(e);
    }
  });

  // ---- statement ----
  const list = h('ul', { class: 'entries', 'data-testid': 'wallet-entries' });
  const more = h('button', { type: 'button', class: 'ghost small', hidden: true, 'data-testid': 'wallet-more',
    onclick: () => loadEntries(true) }, t('money.more'));
  const loadStatus = statusLine('wallet-error');

  function render() {
    if (!account) return;
    balance.textContent = money.formatMoney(account.balance, account.currency);
    pinState.textContent = account.hasPin ? t('money.pinIsSet') : t('money.pinNotSet');
    list.replaceChildren(...(lines.length ? lines.map((e) => entryRow(e, account.currency))
      : [h('li', { class: 'hint-text' }, t('money.noEntries'))]));
    more.hidden = nextBefore == null;
  }

  async function loadEntries(older = false) {
    const page = await money.entries(account.id, older ? nextBefore : null);
    const fresh = Array.isArray(page?.entries) ? page.entries : [];
    lines = older ? [...lines, ...fresh] : fresh;
    nextBefore = Number.isSafeInteger(page?.nextBefore) ? page.nextBefore : null;
    render();
  }

  async function load() {
    try {
      account = await money.wallet();
      render();
      await loadEntries();
    } catch (e) {
      loadStatus.fail(e);
    }
  }

  // Live: a payment made elsewhere (another tab, autopay) changes the balance while this is open.
  cleanups.push(store.subscribe('wallet', (changed) => {
    if (!account || changed?.id !== account.id) return;
    account = { ...account, ...changed };
    render();
    loadEntries().catch(() => {});
  }));

  const dialog = h('dialog', { class: 'dialog wide', 'aria-labelledby': 'wallet-title', 'data-testid': 'wallet-dialog' },
    h('div', { class: 'picker settings' },
      h('header', { class: 'panel-head' },
        h('h2', { id: 'wallet-title' }, t('money.wallet')),
        h('button', { type: 'button', class: 'ghost', 'aria-label': t('dialog.close'), 'data-testid': 'wallet-close',
          onclick: () => dialog.close() }, '✕')),
      h('div', { class: 'settings-scroll' },
        h('section', { class: 'settings-section' }, h('h3', null, t('money.balance')), balance, loadStatus.el,
          h('h4', null, t('money.topUp')), h('p', { class: 'hint-text' }, t('money.simulated')), depositForm),
        h('section', { class: 'settings-section' }, h('h3', null, t('money.pin')), pinForm),
        h('section', { class: 'settings-section' }, h('h3', null, t('money.statement')), list, more))));
  dialog.addEventListener('close', () => {
    cleanups.forEach((fn) => fn());
    dialog.remove();
  });
  document.body.append(dialog);
  dialog.showModal();
  load();
  amountInput.focus();
}
