// Money (group dues): my wallet, a group's account, its dues plan and who paid, expenses, statements and reports.
// The REST calls; live changes arrive as store topics ('wallet' for my balance; 'account:<roomId>' and
// 'dues:<roomId>' for a group's, from the room's events). Every movement carries an Idempotency-Key, made once per
// payment and kept across its retries, so a retried request never moves money twice.
import * as api from './api.js';
import * as store from './store.js';
import { uuid } from './dom.js';
import { lang } from './i18n.js';

const enc = encodeURIComponent;

/** How many digits of a currency follow the decimal point (KRW 0, USD 2), as the browser knows them. */
function minorDigits(currency) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    return 0;
  }
}

/** An amount in minor units as people write it: "₩30,000", "$12.50". */
export function formatMoney(amount, currency) {
  const digits = minorDigits(currency);
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency, minimumFractionDigits: digits,
      maximumFractionDigits: digits }).format(amount / 10 ** digits);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** An amount in minor units as an input holds it: "30000", "12.50". */
export const amountText = (amount, currency) => {
  const digits = minorDigits(currency);
  return digits === 0 ? String(amount) : (amount / 10 ** digits).toFixed(digits);
};

/** What a person typed ("30,000", "12.50") in minor units, or null when it is not an amount. */
export function parseMoney(text, currency) {
  const digits = minorDigits(currency);
  const clean = String(text ?? '').replace(/[,\s₩$€¥]/g, '');
  const pattern = digits === 0 ? /^\d{1,15}$/ : new RegExp(`^\\d{1,13}(\\.\\d{1,${digits}})?$`);
  if (!pattern.test(clean)) return null;
  const [whole, part = ''] = clean.split('.');
  const value = Number(whole) * 10 ** digits + Number(part.padEnd(digits, '0') || 0);
  return value > 0 ? value : null;
}

/** {pin} or {password}: the confirmation a movement out of a wallet or a group account needs. */
export const confirmation = (secret, usePin) => (usePin ? { pin: secret } : { password: secret });

const moving = (method, path, body, key = uuid()) => api.api(method, path, body, { 'Idempotency-Key': key });

// ---- my wallet ----
export const wallet = () => api.api('GET', '/wallet');
export const deposit = (amount, key) => moving('POST', '/wallet/deposits', { amount }, key);
export const setPin = (pin, password) => api.api('PUT', '/wallet/pin', { pin, password });
export const entries = (accountId, before, limit = 30) =>
  api.api('GET', `/accounts/${accountId}/entries?limit=${limit}${before ? `&before=${before}` : ''}`);
export const transfer = (body, key) => moving('POST', '/transfers', body, key);

// ---- a group's account ----
export const groupAccount = (roomId) => api.api('GET', `/rooms/${roomId}/account`);
export const openGroupAccount = (roomId, currency) => api.api('POST', `/rooms/${roomId}/account`, { currency });
export const addTreasurer = (roomId, userId) => api.api('PUT', `/rooms/${roomId}/account/treasurers/${userId}`, {});
export const removeTreasurer = (roomId, userId) => api.api('DELETE', `/rooms/${roomId}/account/treasurers/${userId}`);

// ---- dues ----
export const plan = (roomId) => api.api('GET', `/rooms/${roomId}/dues/plan`);
export const setPlan = (roomId, body) => api.api('PUT', `/rooms/${roomId}/dues/plan`, body);
export const endPlan = (roomId) => api.api('DELETE', `/rooms/${roomId}/dues/plan`);
export const duesStatus = (roomId, period) =>
  api.api('GET', `/rooms/${roomId}/dues${period ? `?period=${enc(period)}` : ''}`);
export const payDues = (roomId, body, key) => moving('POST', `/rooms/${roomId}/dues/pay`, body, key);
export const setAutopay = (roomId, secret, usePin) =>
  api.api('PUT', `/rooms/${roomId}/dues/autopay`, confirmation(secret, usePin));
export const stopAutopay = (roomId) => api.api('DELETE', `/rooms/${roomId}/dues/autopay`);

// ---- expenses and reports ----
export const expenses = (roomId, cursor) =>
  api.api('GET', `/rooms/${roomId}/account/expenses${cursor ? `?cursor=${enc(cursor)}` : ''}`);
export const recordExpense = (roomId, body, key) => moving('POST', `/rooms/${roomId}/account/expenses`, body, key);
export const statement = (roomId) => api.api('GET', `/rooms/${roomId}/account/statement`);
export const monthly = (roomId, months = 12) => api.api('GET', `/rooms/${roomId}/account/monthly?months=${months}`);

/** The statement as a CSV file the browser saves (the server writes it with a BOM, so Excel reads the Korean). */
export async function downloadStatement(roomId) {
  const res = await api.raw('GET', `/rooms/${roomId}/account/statement.csv`);
  const blob = await res.blob();
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(res.headers.get('Content-Disposition') ?? '')?.[1];
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name ? decodeURIComponent(name) : `statement-${roomId}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return blob;
}

// ---- the expenses that SYSTEM messages announce ----
const expensesBySeq = new Map(); // roomId → Map(seq → expense), from the newest page of the room's expenses
const loadingExpenses = new Set();

/**
 * The expense that the EXPENSE note at seq announced, to say it in the reader's language with its amount; null until
 * known (the room's newest expenses are read once, and the chat is redrawn when they arrive).
 */
export function expenseAt(roomId, seq) {
  const known = expensesBySeq.get(roomId);
  if (known?.has(seq)) return known.get(seq);
  if (!loadingExpenses.has(roomId) && !(known && known.checkedUpTo >= seq)) {
    loadingExpenses.add(roomId);
    expenses(roomId).then((page) => {
      const map = expensesBySeq.get(roomId) ?? new Map();
      for (const x of Array.isArray(page?.expenses) ? page.expenses : []) if (Number.isSafeInteger(x.seq)) map.set(x.seq, x);
      map.checkedUpTo = seq; // an older note not on the newest page stays in the server's words
      expensesBySeq.set(roomId, map);
      store.emit(`chat:${roomId}`);
    }).catch(() => {}).finally(() => loadingExpenses.delete(roomId));
  }
  return null;
}
