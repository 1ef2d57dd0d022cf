// Photos and files in a conversation: albums of thumbnails laid out from their sizes before they load, file cards
// with a download, and the full-size viewer.
import { h } from '../dom.js';
import { t, errorText } from '../i18n.js';
import * as store from '../store.js';
import * as files from '../files.js';

/** An album shows this many cells; the last one counts the photos beyond it. */
const ALBUM_CELLS = 9;
const SINGLE_MAX = { width: 260, height: 320, min: 80 };

/** The size a photo is laid out at before anything is downloaded: its thumbnail's, or its own. */
function dimensions(attachment) {
  const w = attachment.thumbnail?.width || attachment.width || 1;
  const hgt = attachment.thumbnail?.height || attachment.height || 1;
  return { w, h: hgt };
}

/** A photo's <img>, filled in once its thumbnail has arrived; cell.dataset.state says how far it got. */
function thumbnailImage(attachment, cell) {
  const { w, h: hgt } = dimensions(attachment);
  const img = h('img', { alt: '', width: w, height: hgt, decoding: 'async', draggable: 'false', 'data-testid': 'photo-img' });
  cell.dataset.state = 'loading';
  img.addEventListener('load', () => { cell.dataset.state = 'loaded'; });
  img.addEventListener('error', () => { cell.dataset.state = 'failed'; });
  const held = files.peekThumbnail(attachment);
  if (held) img.src = held;
  else {
    files.thumbnailUrl(attachment)
      .then((url) => { img.src = url; })
      .catch(() => {
        cell.dataset.state = 'failed';
        cell.title = t('photo.unavailable');
      });
  }
  return img;
}

/**
 * An IMAGE message's photos: one laid out at its own proportions, several in a grid of squares (at most nine, the
 * last counting the rest; `all` shows every one, as the gallery does). cells (a Map kept by the caller across
 * redraws) reuses each photo's element, so a redraw never reloads or flickers a thumbnail; a reused element calls
 * the onOpen(index, attachment) it was made with.
 */
export function albumEl(attachments, { cells, onOpen, all = false }) {
  const n = attachments.length;
  const limit = all ? n : ALBUM_CELLS;
  const single = n === 1 && !all;
  const shown = attachments.slice(0, limit);
  const items = shown.map((a, i) => {
    const extra = i === limit - 1 && n > limit ? n - limit + 1 : 0;
    const key = `${a.id}:${extra}`;
    let cell = cells?.get(key);
    if (!cell) {
      cell = h('button', { type: 'button', class: 'thumb', 'data-testid': 'photo-thumb', 'data-attachment-id': a.id,
        'aria-label': n > 1 ? t('photo.label', { i: i + 1, n }) : t('photo.one'), title: a.name,
        onclick: (e) => { e.stopPropagation(); onOpen(i, a); } });
      cell.append(thumbnailImage(a, cell));
      if (a.frames > 1) cell.append(h('span', { class: 'thumb-badge', 'aria-hidden': 'true' }, t('photo.animated')));
      if (extra) cell.append(h('span', { class: 'thumb-more', 'data-testid': 'photo-more' }, t('photo.moreCount', { n: extra })));
      if (single) {
        // Laid out at the photo's own proportions before it loads, so the conversation does not jump.
        const { w, h: hgt } = dimensions(a);
        const scale = Math.min(SINGLE_MAX.width / w, SINGLE_MAX.height / hgt, 1);
        cell.style.width = `${Math.max(SINGLE_MAX.min, Math.round(w * scale))}px`;
        cell.style.aspectRatio = `${w} / ${hgt}`;
      }
      cells?.set(key, cell);
    }
    return cell;
  });
  const cols = all ? 3 : albumColumns(n);
  return h('div', { class: `album cols-${cols}${single ? ' single' : ''}`, 'data-testid': 'album', 'data-count': n }, items);
}

/** Two photos side by side, four in two rows, otherwise rows of three. */
export const albumColumns = (n) => (n === 1 ? 1 : n === 2 || n === 4 ? 2 : 3);

/** A FILE message's card: what it is, how big, and a button that saves it under its name. */
export function fileCardEl(attachment) {
  const size = files.formatSize(attachment.size);
  const extension = (attachment.name.match(/\.([a-z0-9]{1,5})$/i)?.[1] ?? '').toUpperCase();
  const button = h('button', { type: 'button', class: 'ghost small file-download', 'data-testid': 'file-download',
    'aria-label': t('file.downloadLabel', { name: attachment.name, size }) },
  h('span', { 'aria-hidden': 'true' }, '⬇'), h('span', { class: 'label' }, t('file.download')));
  button.addEventListener('click', async (e) => {
    e.stopPropagation();
    button.disabled = true;
    button.lastChild.textContent = t('file.downloading');
    try {
      await files.download(attachment);
    } catch (err) {
      store.showError(err);
    } finally {
      button.disabled = false;
      button.lastChild.textContent = t('file.download');
    }
  });
  return h('div', { class: 'file-card', 'data-testid': 'file-card', 'data-attachment-id': attachment.id },
    h('span', { class: 'file-icon', 'aria-hidden': 'true' }, extension || '📄'),
    h('span', { class: 'file-info' },
      h('span', { class: 'file-name', 'data-testid': 'file-name', title: attachment.name }, attachment.name),
      h('span', { class: 'file-size muted', 'data-testid': 'file-size' }, size)),
    button);
}

let openViewer = null;

/**
 * The full-size viewer over everything: photos[index] first (its thumbnail at once, then the original), ‹ › or the
 * arrow keys for the others, Esc or a click beside the photo to close. Returns { close, shows(ids) }.
 */
export function showViewer(photos, index, { onClose } = {}) {
  openViewer?.close();
  let at = index;
  let generation = 0;
  const image = h('img', { class: 'viewer-image', alt: '', 'data-testid': 'viewer-image', draggable: 'false' });
  const status = h('p', { class: 'viewer-status', role: 'status', 'data-testid': 'viewer-status' });
  const counter = h('span', { class: 'viewer-counter', 'data-testid': 'viewer-counter' });
  const name = h('span', { class: 'viewer-name', 'data-testid': 'viewer-name' });
  const prev = h('button', { type: 'button', class: 'viewer-nav prev', 'data-testid': 'viewer-prev', 'aria-label': t('viewer.prev'),
    onclick: (e) => { e.stopPropagation(); go(at - 1); } }, '‹');
  const next = h('button', { type: 'button', class: 'viewer-nav next', 'data-testid': 'viewer-next', 'aria-label': t('viewer.next'),
    onclick: (e) => { e.stopPropagation(); go(at + 1); } }, '›');
  const save = h('button', { type: 'button', class: 'viewer-button', 'data-testid': 'viewer-download', 'aria-label': t('viewer.download'),
    onclick: (e) => { e.stopPropagation(); files.download(photos[at]).catch(store.showError); } }, '⬇');
  const closeButton = h('button', { type: 'button', class: 'viewer-button', 'data-testid': 'viewer-close', 'aria-label': t('viewer.close'),
    onclick: (e) => { e.stopPropagation(); close(); } }, '✕');
  const stage = h('div', { class: 'viewer-stage' }, prev, image, next);
  const dialog = h('dialog', { class: 'viewer', 'data-testid': 'image-viewer', 'aria-label': t('viewer.title') },
    h('div', { class: 'viewer-top' }, counter, name, save, closeButton),
    stage,
    status);

  function go(i) {
    if (i < 0 || i >= photos.length) return;
    at = i;
    const mine = ++generation;
    const photo = photos[at];
    counter.textContent = t('viewer.counter', { i: at + 1, n: photos.length });
    counter.hidden = photos.length < 2;
    name.textContent = photo.name;
    prev.hidden = at === 0;
    next.hidden = at === photos.length - 1;
    status.textContent = '';
    image.dataset.attachmentId = photo.id;
    // The thumbnail we have stands in while the original comes.
    const standIn = files.peekOriginal(photo) ?? files.peekThumbnail(photo);
    image.dataset.state = files.peekOriginal(photo) ? 'original' : 'loading';
    if (standIn) image.src = standIn;
    else image.removeAttribute('src');
    // Its proportions before it loads (the stage scales it down to fit).
    image.width = photo.width || dimensions(photo).w;
    image.height = photo.height || dimensions(photo).h;
    if (image.dataset.state === 'original') return;
    files.originalUrl(photo)
      .then((url) => {
        if (mine !== generation) return;
        image.src = url;
        image.dataset.state = 'original';
      })
      .catch((e) => {
        if (mine !== generation) return;
        image.dataset.state = 'failed';
        status.textContent = errorText(e);
      });
  }

  function close() {
    if (!dialog.open) return;
    generation += 1;
    dialog.close();
  }

  dialog.addEventListener('close', () => {
    dialog.remove();
    if (openViewer === handle) openViewer = null;
    onClose?.();
  });
  dialog.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowLeft') { e.preventDefault(); go(at - 1); }
    if (e.key === 'ArrowRight') { e.preventDefault(); go(at + 1); }
  });
  // A click beside the photo (on the dark backdrop or the stage around it) closes; one on the photo does not.
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog || e.target === stage || e.target === status) close();
  });

  document.body.append(dialog);
  dialog.showModal();
  go(at);
  closeButton.focus();
  const handle = { close, shows: (ids) => photos.some((p) => ids.has(p.id)) };
  openViewer = handle;
  return handle;
}
