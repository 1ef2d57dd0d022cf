// Photos, files and profile pictures. Their bytes need the access token, so they are fetched here and shown through
// object URLs, kept in small caches by id: an attachment's bytes, and a profile picture's under its avatarId, never
// change, so one fetch serves every later look until the cache lets the URL go (and revokes it).
import * as api from './api.js';
import { h, initial } from './dom.js';
import { lang } from './i18n.js';

/** An LRU of object URLs by key. A load that fails is forgotten, so the next look tries again. */
class UrlCache {
  constructor(limit) {
    this.limit = limit;
    this.entries = new Map(); // key → { url, promise }
  }

  get(key, load) {
    const held = this.entries.get(key);
    if (held) {
      this.entries.delete(key);
      this.entries.set(key, held); // most recently used last
      return held.promise;
    }
    const entry = { url: null, promise: null };
    entry.promise = load().then((blob) => {
      entry.url = URL.createObjectURL(blob);
      if (this.entries.get(key) !== entry) {
        // Forgotten while loading: the caller gets it once, and it goes when the page does.
        setTimeout(() => URL.revokeObjectURL(entry.url), 60_000);
      }
      return entry.url;
    });
    entry.promise.catch(() => { if (this.entries.get(key) === entry) this.entries.delete(key); });
    this.entries.set(key, entry);
    this.trim();
    return entry.promise;
  }

  /** The URL if it is loaded already (so a redraw can set it at once, without a blank frame). */
  peek(key) {
    const entry = this.entries.get(key);
    return entry?.url ?? null;
  }

  /** Puts bytes we hold already (a photo just uploaded from this browser) under key. */
  put(key, blob) {
    if (this.entries.has(key)) return;
    const url = URL.createObjectURL(blob);
    this.entries.set(key, { url, promise: Promise.resolve(url) });
    this.trim();
  }

  forget(key) {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (entry?.url) URL.revokeObjectURL(entry.url);
  }

  trim() {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.limit) return;
      if (!entry.url) continue; // still loading: its caller is waiting for it
      this.entries.delete(key);
      URL.revokeObjectURL(entry.url);
    }
  }
}

const thumbnails = new UrlCache(400);
const originals = new UrlCache(12);
const pictures = new UrlCache(300);
const covers = new UrlCache(100);

const blobOf = async (path) => (await api.raw('GET', path)).blob();

/** The photo's thumbnail (fits 480 x 480), or the photo itself when it has none. */
export function thumbnailUrl(attachment) {
  const id = encodeURIComponent(attachment.id);
  const path = attachment.thumbnail ? `/attachments/${id}/thumbnail` : `/attachments/${id}`;
  return thumbnails.get(attachment.id, () => blobOf(path));
}
export const peekThumbnail = (attachment) => thumbnails.peek(attachment.id);

/** The original photo or file. */
export const originalUrl = (attachment) =>
  originals.get(attachment.id, () => blobOf(`/attachments/${encodeURIComponent(attachment.id)}`));
export const peekOriginal = (attachment) => originals.peek(attachment.id);

/** A photo sent from this browser: its bytes are here already, so its thumbnail needs no download. */
export const adoptUpload = (attachment, file) => thumbnails.put(attachment.id, file);

/** The message that carried these was deleted: let their bytes go. */
export function forgetAttachments(ids) {
  for (const id of ids) {
    thumbnails.forget(id);
    originals.forget(id);
  }
}

/** A profile picture: size 'small' (128 px) or 'large' (512 px). */
export const pictureUrl = (userId, avatarId, size = 'small') =>
  pictures.get(`${avatarId}:${size}`,
    () => blobOf(`/users/${encodeURIComponent(userId)}/avatar/${encodeURIComponent(avatarId)}?size=${size}`));
const peekPicture = (avatarId, size) => pictures.peek(`${avatarId}:${size}`);

/** A group's cover thumbnail, kept under the room and its cover (a new cover is a new key). */
export const coverUrl = (roomId, coverId) =>
  covers.get(`${roomId}:${coverId}`, () => blobOf(`/rooms/${encodeURIComponent(roomId)}/cover/thumbnail`));

/**
 * A group's round picture: its cover's thumbnail, or the first letter of its name while there is none (or it cannot
 * be had). room: {id, name, coverAttachmentId}.
 */
export function groupAvatar(room, { className = '' } = {}) {
  const el = h('span', { class: `avatar group${className ? ` ${className}` : ''}`, 'aria-hidden': 'true',
    'data-testid': 'group-avatar', 'data-cover': room.coverAttachmentId ?? null },
  h('span', { class: 'initial' }, initial(room.name ?? '')));
  if (room.coverAttachmentId) {
    const img = h('img', { class: 'picture', alt: '', decoding: 'async', draggable: 'false', 'data-testid': 'cover-image',
      onerror: () => { img.remove(); el.classList.remove('has-picture'); } });
    const show = (url) => {
      img.src = url;
      el.classList.add('has-picture');
      el.prepend(img);
    };
    const key = `${room.id}:${room.coverAttachmentId}`;
    const held = covers.peek(key);
    if (held) show(held);
    else coverUrl(room.id, room.coverAttachmentId).then(show).catch(() => {});
  }
  return el;
}

/**
 * Saves a file to the device: its bytes fetched with the token, then handed to the browser as a download under its
 * own name (a temporary <a download>).
 */
export async function download(attachment) {
  const held = peekOriginal(attachment);
  const url = held
    ?? URL.createObjectURL(await (await api.raw('GET', `/attachments/${encodeURIComponent(attachment.id)}`)).blob());
  const link = h('a', { href: url, download: attachment.name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the bytes once the download started; a minute is plenty.
  if (!held) setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
const PHOTO_NAMES = /\.(jpe?g|png|gif|webp)$/i;

/** What Moim shows as a photo: JPEG, PNG, GIF and WebP (the server checks the bytes; this only sorts them). */
export const isPhoto = (file) => (file.type ? PHOTO_TYPES.has(file.type) : PHOTO_NAMES.test(file.name ?? ''));

const numberFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });

/** 512 B, 12.5 KB, 3.2 MB, 1.1 GB (powers of 1024, as file managers count). */
export function formatSize(bytes) {
  const n = Number(bytes);
  if (!Number.isFinite(n) || n < 0) return '';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = value >= 100 ? Math.round(value) : value;
  return `${numberFormat.format(shown)} ${units[unit]}`;
}

/**
 * A person's round picture, or the first letter of their name while there is none (or while it loads, or if it
 * cannot be had). person: {id, nickname, avatarId}. className adds e.g. 'small'.
 */
export function avatar(person, { className = '', size = 'small', extra = [] } = {}) {
  const name = person?.nickname ?? '';
  const el = h('span', { class: `avatar person${className ? ` ${className}` : ''}`, 'aria-hidden': 'true',
    'data-testid': 'avatar', 'data-user-id': person?.id ?? null, 'data-avatar-id': person?.avatarId ?? null },
  h('span', { class: 'initial' }, initial(name)), ...extra);
  const avatarId = person?.avatarId;
  if (avatarId && person.id != null) {
    const img = h('img', { class: 'picture', alt: '', decoding: 'async', draggable: 'false',
      onerror: () => { img.remove(); el.classList.remove('has-picture'); } });
    const show = (url) => {
      img.src = url;
      el.classList.add('has-picture');
      el.prepend(img);
    };
    const held = peekPicture(avatarId, size);
    if (held) show(held);
    else pictureUrl(person.id, avatarId, size).then(show).catch(() => {}); // the letter stays
  }
  return el;
}
