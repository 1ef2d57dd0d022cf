// How messages read as text: system notes in the UI language, tombstones, previews.
import { t } from '../i18n.js';
import { state } from '../store.js';
import { resolveNames } from '../messenger.js';
import { expenseAt, formatMoney } from '../money.js';

/**
 * A SYSTEM message in the reader's language, from message.system {event, actorId, userIds}. Names we do not
 * know yet are looked up; until they arrive, the server's own (English) content stands in.
 */
export function systemText(m) {
  const note = m.system;
  const key = note && `system.${note.event}`;
  if (!note || t(key) === key) return m.content ?? '';
  const ids = [...(note.actorId != null ? [note.actorId] : []), ...(note.userIds ?? [])];
  const missing = ids.filter((id) => !state.names.has(id));
  if (missing.length) {
    resolveNames(missing);
    return m.content ?? '';
  }
  const name = (id) => state.names.get(id);
  const named = (note.userIds ?? []).map(name).join(t('listJoin'));
  // A big invitation names the first few and counts the rest.
  const users = note.moreUsers > 0 ? t('system.more', { users: named, n: note.moreUsers }) : named;
  const actor = note.actorId != null ? name(note.actorId) : '';
  if (note.event === 'CREATED' && !users) return t('system.CREATED.alone', { actor });
  // Came in by themselves (the directory, an invite link, an approved request): not "invited themselves".
  if (note.event === 'JOINED' && note.userIds?.length === 1 && note.userIds[0] === note.actorId) return t('system.JOINED.self', { actor });
  if (note.event === 'EXPENSE') {
    const x = expenseAt(m.roomId, m.seq);
    if (x) return t('system.EXPENSE.detail', { actor, users, amount: formatMoney(x.amount, x.currency), purpose: x.purpose });
  }
  return t(key, { actor, users });
}

/** One line for the room list. */
export function previewText(m) {
  if (!m) return t('rooms.noMessages');
  if (m.deleted) return t('chat.deleted');
  if (m.type === 'SYSTEM') return systemText(m);
  const caption = (m.content ?? '').split('\n')[0];
  if (caption.trim() || (m.type !== 'IMAGE' && m.type !== 'FILE')) return caption;
  const n = Array.isArray(m.attachments) ? m.attachments.length : 0;
  if (m.type === 'IMAGE') return n > 1 ? t('preview.photos', { n }) : t('preview.photo');
  return t('preview.file');
}

// http(s) links only: any other scheme (javascript:, data:, ...) stays text.
const LINK = /\bhttps?:\/\/[^\s<>"'`]+/giu;
const TRAILING = '.,;:!?\'")]}>…。、';
const OPENING = { ')': '(', ']': '[', '}': '{' };
const count = (text, ch) => text.split(ch).length - 1;

/** Drops trailing punctuation, but keeps a closing bracket that closes one inside the link (…/Moim_(app)). */
function trimLink(link) {
  while (link && TRAILING.includes(link.at(-1))) {
    const last = link.at(-1);
    if (OPENING[last] && count(link, OPENING[last]) >= count(link, last)) break;
    link = link.slice(0, -1);
  }
  return link;
}

/**
 * A message's text as nodes for h(): plain strings, and <a> elements for http(s) links that open in a new tab
 * without telling the linked page where they came from. Built with DOM APIs only; the text is never parsed as HTML.
 */
export function linkified(text, h) {
  const parts = [];
  let at = 0;
  for (const match of (text ?? '').matchAll(LINK)) {
    const shown = trimLink(match[0]);
    let url;
    try {
      url = new URL(shown);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    if (match.index > at) parts.push(text.slice(at, match.index));
    parts.push(h('a', { href: url.href, target: '_blank', rel: 'noopener noreferrer', 'data-testid': 'message-link' }, shown));
    at = match.index + shown.length;
  }
  if (at < (text ?? '').length) parts.push(text.slice(at));
  return parts;
}

const isLowSurrogate = (code) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The [start, end) ranges a search hit marks in text, as the server sent them, kept only if they make sense:
 * whole numbers inside the text, in order, not overlapping. Anything else is left out rather than trusted.
 */
function usableRanges(highlights, length) {
  if (!Array.isArray(highlights)) return [];
  const ranges = highlights
    .filter((r) => Array.isArray(r) && r.length === 2 && Number.isSafeInteger(r[0]) && Number.isSafeInteger(r[1])
      && r[0] >= 0 && r[0] < r[1] && r[1] <= length)
    .map(([start, end]) => [start, end])
    .sort((a, b) => a[0] - b[0]);
  const kept = [];
  for (const r of ranges) if (!kept.length || r[0] >= kept.at(-1)[1]) kept.push(r);
  return kept;
}

/**
 * A search hit's text as nodes for h(): the highlighted ranges ([start, end) in UTF-16 code units, as JavaScript
 * indexes strings) in <mark> elements, the rest as plain text; never parsed as HTML. A long text is cut to about
 * `width` characters around the first highlight, with "…" where it was cut (never inside an emoji's surrogate pair).
 */
export function highlighted(text, highlights, h, width = 140) {
  const content = text ?? '';
  const ranges = usableRanges(highlights, content.length);
  let start = 0;
  let end = content.length;
  if (content.length > width) {
    start = Math.max(0, Math.min((ranges[0]?.[0] ?? 0) - 30, content.length - width));
    end = Math.min(content.length, start + width);
    if (start > 0 && isLowSurrogate(content.charCodeAt(start))) start -= 1;
    if (end < content.length && isLowSurrogate(content.charCodeAt(end))) end += 1;
  }
  const parts = [];
  if (start > 0) parts.push('…');
  let at = start;
  for (const [from, to] of ranges) {
    if (to <= start || from >= end) continue;
    const a = Math.max(from, start);
    const b = Math.min(to, end);
    if (a > at) parts.push(content.slice(at, a));
    parts.push(h('mark', null, content.slice(a, b)));
    at = b;
  }
  if (at < end) parts.push(content.slice(at, end));
  if (end < content.length) parts.push('…');
  return parts;
}
