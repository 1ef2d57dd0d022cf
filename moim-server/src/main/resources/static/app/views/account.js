// A group's money beside its chat (💰 in the chat's header): the group account's balance, this period's dues (who
// paid, who has not, what is owed), paying my dues and automatic payment, the plan (owner and treasurers), expenses
// with their receipts, and the report: income and spending by month, the statement, and its CSV file.
// Balances and "who paid" follow the room's 'account' and 'dues' events while the panel is open.
import { h, uuid } from '../dom.js';
import { t, errorText, formatWhen } from '../i18n.js';
import * as store from '../store.js';
import * as api from '../api.js';
import * as money from '../money.js';
import * as files from '../files.js';
import * as messenger from '../messenger.js';
import { entryRow } from './wallet.js';
import { statusLine } from './settings.js';
import { monthlyChart } from './chart.js';

const CURRENCIES = ['KRW', 'USD', 'EUR', 'JPY'];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7]; // ISO: 1 is Monday

/** The PIN (when I have one) or my password: what confirms money leaving my wallet or the group's account. */
function secretField(id, usesPin) {
  return h('div', { class: 'field' },
    h('label', { for: id }, t(usesPin ? 'money.confirmPin' : 'money.confirmPassword')),
    h('input', { id, type: 'password', required: true, autocomplete: usesPin ? 'off' : 'current-password',
      inputmode: usesPin ? 'numeric' : null, maxlength: usesPin ? 6 : 72, 'data-testid': id }));
}

export function accountPanel(roomId, { onClose }) {
  const { state } = store;
  const cleanups = [];
  let group = null; // {account, treasurerIds, mayManage}
  let dues = null; // this period's status, or null without a plan
  let wallet = null;
  let expenseList = [];

  const body = h('div', { class: 'account-body', 'data-testid': 'account-body' });
  const el = h('aside', { id: 'account-panel', class: 'gallery-panel account-panel', 'data-testid': 'account-panel',
    'aria-labelledby': 'account-title' },
  h('header', { class: 'panel-head' },
    h('h3', { id: 'account-title' }, t('money.groupTitle')),
    h('button', { type: 'button', class: 'ghost', 'data-testid': 'account-close', 'aria-label': t('dialog.close'),
      onclick: onClose }, '✕')),
  h('div', { class: 'gallery-scroll' }, body));

  const room = () => state.rooms.get(roomId);
  const isOwner = () => room()?.ownerId === state.me.id;
  const currency = () => group?.account?.currency ?? 'KRW';
  const fmt = (amount) => money.formatMoney(amount, currency());

  // ---- no account yet ----
  function openForm() {
    const select = h('select', { id: 'account-currency', 'data-testid': 'account-currency' },
      CURRENCIES.map((c) => h('option', { value: c }, c)));
    const status = statusLine('account-open-status');
    const form = h('form', { class: 'settings-form' },
      h('p', { class: 'hint-text' }, t('money.openExplain')),
      h('div', { class: 'field' }, h('label', { for: 'account-currency' }, t('money.currency')), select),
      h('div', { class: 'settings-buttons' },
        h('button', { type: 'submit', class: 'primary small', 'data-testid': 'account-open' }, t('money.open'))),
      status.el);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await money.openGroupAccount(roomId, select.value);
        await load();
      } catch (e) {
        status.fail(e);
      }
    });
    return form;
  }

  // ---- this period's dues ----
  function duesSection() {
    const parts = [h('h4', null, t('money.duesTitle'))];
    if (!dues?.plan) {
      parts.push(h('p', { class: 'hint-text', 'data-testid': 'dues-none' }, t('money.noPlan')));
      return parts;
    }
    const p = dues.plan;
    parts.push(h('p', { class: 'hint-text', 'data-testid': 'dues-plan' },
      p.period === 'WEEKLY'
        ? t('money.planWeekly', { amount: fmt(p.amount), day: t(`money.day.${p.dayOfWeek}`) })
        : t('money.planMonthly', { amount: fmt(p.amount), day: p.dayOfMonth })));
    parts.push(h('p', { class: 'dues-summary', 'data-testid': 'dues-summary' },
      t('money.duesSummary', { period: dues.periodStart ?? '', paid: dues.paidCount ?? 0, unpaid: dues.unpaidCount ?? 0,
        owed: fmt(dues.owedTotal ?? 0) })));
    const standing = (m) => (m.paid ? 'paid' : m.waived ? 'waived' : 'unpaid');
    const rows = (dues.members ?? []).map((m) => h('li', { class: `dues-member ${standing(m)}`,
      'data-testid': 'dues-member', 'data-user-id': String(m.user?.id), 'data-paid': String(!!m.paid) },
    h('span', { class: 'dues-name' }, m.user?.nickname ?? ''),
    h('span', { class: 'dues-state' }, m.paid ? `✓ ${t('money.paid')}` : t(`money.${standing(m)}`)),
    m.autopay ? h('span', { class: 'badge small' }, t('money.autopayBadge')) : null,
    h('span', { class: 'dues-amount' }, fmt(m.amount ?? p.amount))));
    parts.push(h('ul', { class: 'dues-list', 'data-testid': 'dues-list' }, rows));

    const mine = (dues.members ?? []).find((m) => m.user?.id === state.me.id);
    if (mine && !mine.paid && !mine.waived) parts.push(payForm(mine));
    if (mine) parts.push(autopayRow(mine));
    return parts;
  }

  function payForm(mine) {
    const usesPin = !!wallet?.hasPin;
    const status = statusLine('dues-pay-status');
    const secret = secretField('dues-secret', usesPin);
    let key = null; // one key per payment, kept across its retries
    const form = h('form', { class: 'settings-form', 'data-testid': 'dues-pay-form' },
      h('p', { class: 'hint-text' }, t('money.payExplain', { amount: fmt(mine.amount ?? dues.plan.amount),
        balance: wallet ? money.formatMoney(wallet.balance, wallet.currency) : '…' })),
      secret,
      h('div', { class: 'settings-buttons' },
        h('button', { type: 'submit', class: 'primary small', 'data-testid': 'dues-pay' }, t('money.pay'))),
      status.el);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      key ??= uuid();
      try {
        await money.payDues(roomId, money.confirmation(secret.querySelector('input').value, usesPin), key);
        key = null;
        await load();
      } catch (e) {
        status.fail(e);
      }
    });
    return form;
  }

  function autopayRow(mine) {
    const usesPin = !!wallet?.hasPin;
    const toggle = h('input', { type: 'checkbox', role: 'switch', id: 'autopay-toggle', 'data-testid': 'autopay-toggle' });
    toggle.checked = !!mine.autopay;
    const secret = secretField('autopay-secret', usesPin);
    const status = statusLine('autopay-status');
    const confirmForm = h('form', { class: 'settings-form', hidden: true, 'data-testid': 'autopay-form' },
      h('p', { class: 'hint-text' }, t('money.autopayExplain')), secret,
      h('div', { class: 'settings-buttons' },
        h('button', { type: 'submit', class: 'primary small', 'data-testid': 'autopay-confirm' }, t('money.autopayOn'))));
    toggle.addEventListener('change', async () => {
      status.clear();
      if (toggle.checked) {
        confirmForm.hidden = false; // turning it on is consent to future payments: confirmed like a payment
        secret.querySelector('input').focus();
        return;
      }
      try {
        await money.stopAutopay(roomId);
        await load();
      } catch (e) {
        toggle.checked = true;
        status.fail(e);
      }
    });
    confirmForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await money.setAutopay(roomId, secret.querySelector('input').value, usesPin);
        await load();
      } catch (e) {
        status.fail(e);
      }
    });
    return h('div', { class: 'autopay' },
      h('label', { class: 'check switch-row' }, toggle, h('span', null, t('money.autopay'))), confirmForm, status.el);
  }

  // ---- the plan (owner and treasurers) ----
  function planForm() {
    const p = dues?.plan;
    const amount = h('input', { id: 'plan-amount', inputmode: 'decimal', required: true, 'data-testid': 'plan-amount',
      value: p ? money.amountText(p.amount, currency()) : '' });
    const period = h('select', { id: 'plan-period', 'data-testid': 'plan-period' },
      h('option', { value: 'MONTHLY' }, t('money.monthly')), h('option', { value: 'WEEKLY' }, t('money.weekly')));
    period.value = p?.period ?? 'MONTHLY';
    const dayOfMonth = h('input', { id: 'plan-day', type: 'number', min: 1, max: 28, 'data-testid': 'plan-day',
      value: String(p?.dayOfMonth ?? 1) });
    const dayOfWeek = h('select', { id: 'plan-weekday', 'data-testid': 'plan-weekday' },
      WEEKDAYS.map((d) => h('option', { value: String(d) }, t(`money.day.${d}`))));
    dayOfWeek.value = String(p?.dayOfWeek ?? 1);
    const start = h('input', { id: 'plan-start', type: 'date', required: true, 'data-testid': 'plan-start',
      value: p?.startDate ?? new Date().toISOString().slice(0, 10) });
    const monthRow = h('div', { class: 'field' }, h('label', { for: 'plan-day' }, t('money.dayOfMonth')), dayOfMonth);
    const weekRow = h('div', { class: 'field' }, h('label', { for: 'plan-weekday' }, t('money.dayOfWeek')), dayOfWeek);
    const showDay = () => { monthRow.hidden = period.value !== 'MONTHLY'; weekRow.hidden = period.value !== 'WEEKLY'; };
    period.addEventListener('change', showDay);
    showDay();
    const status = statusLine('plan-status');
    const form = h('form', { class: 'settings-form', 'data-testid': 'plan-form' },
      h('div', { class: 'field' }, h('label', { for: 'plan-amount' }, t('money.planAmount')), amount),
      h('div', { class: 'field' }, h('label', { for: 'plan-period' }, t('money.period')), period),
      monthRow, weekRow,
      h('div', { class: 'field' }, h('label', { for: 'plan-start' }, t('money.startDate')), start),
      h('div', { class: 'settings-buttons' },
        h('button', { type: 'submit', class: 'primary small', 'data-testid': 'plan-save' }, t('money.planSave')),
        p ? h('button', { type: 'button', class: 'ghost danger small', 'data-testid': 'plan-end', onclick: async () => {
          try {
            await money.endPlan(roomId);
            await load();
          } catch (e) {
            status.fail(e);
          }
        } }, t('money.planEnd')) : null),
      status.el);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const value = money.parseMoney(amount.value, currency());
      if (!value) {
        status.fail({ code: 'INVALID_AMOUNT' });
        return;
      }
      const plan = { amount: value, period: period.value, startDate: start.value };
      if (period.value === 'MONTHLY') plan.dayOfMonth = Number(dayOfMonth.value);
      else plan.dayOfWeek = Number(dayOfWeek.value);
      try {
        await money.setPlan(roomId, plan);
        status.ok(t('money.planSaved'));
        await load();
      } catch (e) {
        status.fail(e);
      }
    });
    return [h('h4', null, t('money.planTitle')), form];
  }

  // ---- treasurers: the owner appoints members to manage the account with them ----
  function treasurersSection() {
    const ids = new Set(group.treasurerIds ?? []);
    const status = statusLine('treasurer-status');
    const members = (state.members.get(roomId) ?? []).filter((m) => m.id !== room()?.ownerId);
    if (!isOwner()) {
      const names = members.filter((m) => ids.has(m.id)).map((m) => m.nickname);
      return [h('h4', null, t('money.treasurers')),
        h('p', { class: 'hint-text', 'data-testid': 'treasurer-names' }, names.length ? names.join(t('listJoin')) : t('money.noTreasurers'))];
    }
    const rows = members.map((m) => {
      const box = h('input', { type: 'checkbox', 'data-testid': 'treasurer-toggle', 'data-user-id': String(m.id) });
      box.checked = ids.has(m.id);
      box.addEventListener('change', async () => {
        status.clear();
        try {
          group = box.checked ? await money.addTreasurer(roomId, m.id) : await money.removeTreasurer(roomId, m.id);
          render();
        } catch (e) {
          box.checked = !box.checked;
          status.fail(e);
        }
      });
      return h('li', null, h('label', { class: 'check' }, box, h('span', null, m.nickname)));
    });
    return [h('h4', null, t('money.treasurers')), h('p', { class: 'hint-text' }, t('money.treasurersHint')),
      h('ul', { class: 'treasurer-list', 'data-testid': 'treasurer-list' }, rows), status.el];
  }

  // ---- expenses ----
  function expenseRow(x) {
    const receipt = x.receipt ?? (x.receiptAttachmentId ? { id: x.receiptAttachmentId, thumbnail: true } : null);
    const thumb = receipt ? h('img', { class: 'receipt-thumb', alt: t('money.receipt'), 'data-testid': 'expense-receipt' }) : null;
    if (thumb) files.thumbnailUrl(receipt).then((url) => { thumb.src = url; }).catch(() => {});
    return h('li', { class: 'expense', 'data-testid': 'expense' },
      thumb,
      h('span', { class: 'expense-what' }, x.purpose),
      h('span', { class: 'expense-who' }, x.spentBy?.nickname ?? ''),
      h('span', { class: 'expense-amount', 'data-testid': 'expense-amount' }, fmt(x.amount)),
      h('span', { class: 'expense-when' }, formatWhen(x.at ?? x.createdAt)));
  }

  function expenseForm() {
    const usesPin = !!wallet?.hasPin;
    const amount = h('input', { id: 'expense-amount', inputmode: 'decimal', required: true, 'data-testid': 'expense-amount-input' });
    const purpose = h('input', { id: 'expense-purpose', required: true, maxlength: 200, 'data-testid': 'expense-purpose' });
    const spentBy = h('select', { id: 'expense-spent-by', 'data-testid': 'expense-spent-by' },
      (state.members.get(roomId) ?? []).map((m) => h('option', { value: String(m.id) }, m.nickname)));
    spentBy.value = String(state.me.id);
    const receipt = h('input', { id: 'expense-receipt', type: 'file', accept: 'image/*', 'data-testid': 'expense-receipt-input' });
    const secret = secretField('expense-secret', usesPin);
    const status = statusLine('expense-status');
    const submit = h('button', { type: 'submit', class: 'primary small', 'data-testid': 'expense-submit' }, t('money.expenseSave'));
    let key = null;
    let receiptId = null; // uploaded once, reused when the expense is retried
    receipt.addEventListener('change', () => { receiptId = null; });
    const form = h('form', { class: 'settings-form', 'data-testid': 'expense-form' },
      h('div', { class: 'field' }, h('label', { for: 'expense-amount' }, t('money.expenseAmount')), amount),
      h('div', { class: 'field' }, h('label', { for: 'expense-purpose' }, t('money.expensePurpose')), purpose),
      h('div', { class: 'field' }, h('label', { for: 'expense-spent-by' }, t('money.expenseSpentBy')), spentBy),
      h('div', { class: 'field' }, h('label', { for: 'expense-receipt' }, t('money.receipt')), receipt),
      secret,
      h('div', { class: 'settings-buttons' }, submit),
      status.el);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      status.clear();
      const value = money.parseMoney(amount.value, currency());
      if (!value) {
        status.fail({ code: 'INVALID_AMOUNT' });
        return;
      }
      submit.disabled = true;
      key ??= uuid();
      try {
        const file = receipt.files?.[0];
        if (file && !receiptId) {
          const up = await api.upload(`/rooms/${roomId}/attachments?name=${encodeURIComponent(file.name)}&kind=IMAGE`,
            file, { headers: { 'Idempotency-Key': `${key}-receipt` } }).done;
          receiptId = up.data.id;
        }
        await money.recordExpense(roomId, { amount: value, purpose: purpose.value, spentBy: Number(spentBy.value),
          receiptAttachmentId: receiptId ?? undefined,
          ...money.confirmation(secret.querySelector('input').value, usesPin) }, key);
        key = null;
        receiptId = null;
        form.reset();
        status.ok(t('money.expenseSaved'));
        await load();
      } catch (e) {
        status.fail(e);
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }

  // ---- the report ----
  const chartBox = h('div', { class: 'chart-box', 'data-testid': 'chart-box' });
  const statement = h('ul', { class: 'entries', 'data-testid': 'account-entries' });
  const csvStatus = statusLine('csv-status');

  async function loadReport() {
    const [rows, month] = await Promise.all([money.monthly(roomId, 6), money.statement(roomId)]);
    const months = Array.isArray(rows) ? rows : [];
    chartBox.replaceChildren(months.length ? monthlyChart(months, currency()) : h('p', { class: 'hint-text' }, t('money.noEntries')));
    // Newest first, each line saying who the money came from or went to.
    const lines = Array.isArray(month?.entries) ? [...month.entries].reverse() : [];
    statement.replaceChildren(...(lines.length
      ? lines.map((e) => entryRow({ ...e, memo: [e.memo || t(`money.kind.${e.kind}`), e.counterparty].filter(Boolean).join(' · ') }, currency()))
      : [h('li', { class: 'hint-text' }, t('money.noEntries'))]));
  }

  function render() {
    const parts = [];
    if (!group) {
      parts.push(isOwner() ? openForm() : h('p', { class: 'hint-text', 'data-testid': 'account-none' }, t('money.noAccount')));
      body.replaceChildren(...parts);
      return;
    }
    parts.push(h('section', { class: 'money-head' },
      h('p', { class: 'money-balance', 'data-testid': 'account-balance' }, fmt(group.account.balance)),
      h('p', { class: 'hint-text' }, t('money.groupBalance'))));
    parts.push(h('section', { class: 'settings-section' }, duesSection()));
    if (group.mayManage) parts.push(h('section', { class: 'settings-section' }, planForm()));
    parts.push(h('section', { class: 'settings-section' }, treasurersSection()));
    parts.push(h('section', { class: 'settings-section' }, h('h4', null, t('money.expenses')),
      h('ul', { class: 'expenses', 'data-testid': 'expenses' }, expenseList.length ? expenseList.map(expenseRow)
        : h('li', { class: 'hint-text' }, t('money.noExpenses'))),
      group.mayManage ? expenseForm() : null));
    parts.push(h('section', { class: 'settings-section' }, h('h4', null, t('money.report')), chartBox,
      h('h4', null, t('money.statementMonth')), statement,
      h('div', { class: 'settings-buttons' },
        h('button', { type: 'button', class: 'ghost small', 'data-testid': 'csv-download', onclick: () => {
          csvStatus.clear();
          money.downloadStatement(roomId).catch((e) => csvStatus.fail(e));
        } }, t('money.csv'))), csvStatus.el));
    body.replaceChildren(...parts);
  }

  async function load() {
    try {
      group = await money.groupAccount(roomId);
    } catch (e) {
      if (e.code !== 'ACCOUNT_NOT_FOUND') {
        body.replaceChildren(h('p', { class: 'search-error', role: 'alert', 'data-testid': 'account-error' }, errorText(e)));
        return;
      }
      group = null;
    }
    if (group) {
      const [status, mine, spent] = await Promise.all([
        money.duesStatus(roomId).catch((e) => (e.code === 'DUES_PLAN_NOT_FOUND' ? null : Promise.reject(e))),
        money.wallet(),
        money.expenses(roomId),
        state.members.has(roomId) ? null : messenger.loadMembers(roomId),
      ]).catch((e) => {
        body.replaceChildren(h('p', { class: 'search-error', role: 'alert', 'data-testid': 'account-error' }, errorText(e)));
        return [];
      });
      dues = status;
      wallet = mine ?? null;
      expenseList = Array.isArray(spent?.expenses) ? spent.expenses : (Array.isArray(spent) ? spent : []);
    }
    render();
    if (group) loadReport().catch(() => {});
  }

  // Live: the balance moves and "who paid" fills in while the panel is open.
  cleanups.push(store.subscribe(`account:${roomId}`, (account) => {
    if (!group || account?.id !== group.account.id) return;
    group = { ...group, account: { ...group.account, ...account } };
    const shown = body.querySelector('[data-testid="account-balance"]');
    if (shown) shown.textContent = fmt(group.account.balance);
    loadReport().catch(() => {});
  }));
  cleanups.push(store.subscribe(`dues:${roomId}`, () => { load(); }));
  cleanups.push(store.subscribe('wallet', (account) => { if (wallet && account?.id === wallet.id) wallet = { ...wallet, ...account }; }));

  load();
  return {
    el,
    focus: () => el.querySelector('button')?.focus(),
    destroy: () => cleanups.forEach((fn) => fn()),
  };
}
