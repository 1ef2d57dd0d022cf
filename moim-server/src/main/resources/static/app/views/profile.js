// My profile: the picture others see beside my messages, in member lists and in their one-to-one chats with me.
// Choose a photo, pick the square to keep (drag it; the slider sizes it), save; or remove the picture.
import { h } from '../dom.js';
import { t, errorText, fileRefusalText } from '../i18n.js';
import * as store from '../store.js';
import * as messenger from '../messenger.js';
import * as files from '../files.js';

const CROP_MIN = 0.2; // the smallest square, as a share of the photo's shorter side

export function openProfile() {
  const { state } = store;
  let chosen = null; // { file, url, crop: {x, y, size} in displayed pixels, natural: {w, h}, shown: {w, h} }
  let busy = false;

  const picture = h('div', { class: 'profile-picture', 'data-testid': 'profile-picture' });
  const status = h('p', { class: 'profile-status', role: 'status', 'data-testid': 'profile-status' });
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'profile-error', hidden: true });
  const fileInput = h('input', { type: 'file', accept: 'image/jpeg,image/png,image/gif,image/webp', hidden: true,
    tabindex: '-1', 'data-testid': 'profile-file-input' });
  const chooseButton = h('button', { type: 'button', class: 'ghost', 'data-testid': 'profile-choose',
    onclick: () => fileInput.click() });
  const removeButton = h('button', { type: 'button', class: 'ghost danger', 'data-testid': 'profile-remove',
    onclick: () => run(() => messenger.removeAvatar(), 'profile.removed') }, t('profile.remove'));
  const saveButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'profile-save',
    onclick: () => run(() => messenger.setAvatar(chosen.file, naturalCrop()), 'profile.saved') }, t('profile.save'));
  const cropArea = h('div', { class: 'crop-area', hidden: true });

  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'profile-title', 'data-testid': 'profile-dialog' },
    h('div', { class: 'picker profile' },
      h('header', { class: 'panel-head' },
        h('h2', { id: 'profile-title' }, t('profile.title')),
        h('button', { type: 'button', class: 'ghost', 'aria-label': t('dialog.close'), 'data-testid': 'profile-close',
          onclick: () => dialog.close() }, '✕')),
      h('div', { class: 'profile-me' }, picture,
        h('div', { class: 'profile-names' },
          h('strong', { 'data-testid': 'profile-nickname' }, state.me.nickname),
          h('small', { class: 'muted' }, state.me.email ?? ''))),
      cropArea,
      error,
      status,
      h('div', { class: 'profile-buttons' }, chooseButton, removeButton, saveButton, fileInput)));

  function render() {
    picture.replaceChildren(files.avatar(state.me, { className: 'large', size: 'large' }));
    picture.setAttribute('aria-label', t('profile.picture'));
    chooseButton.textContent = t(chosen || state.me.avatarId ? 'profile.change' : 'profile.choose');
    removeButton.hidden = !state.me.avatarId || !!chosen;
    saveButton.hidden = !chosen;
    saveButton.disabled = busy;
    saveButton.textContent = t(busy ? 'profile.saving' : 'profile.save');
    removeButton.disabled = busy;
    chooseButton.disabled = busy;
  }

  async function run(action, done) {
    busy = true;
    error.hidden = true;
    status.textContent = '';
    render();
    try {
      await action();
      forgetChosen();
      status.textContent = t(done);
    } catch (e) {
      error.textContent = e.code === 'UNSUPPORTED_FILE_TYPE' || e.code === 'FILE_TOO_LARGE'
        ? fileRefusalText({ code: e.code, kind: 'IMAGE', detail: e.message }) : errorText(e);
      error.hidden = false;
    } finally {
      busy = false;
      render();
    }
  }

  function forgetChosen() {
    if (chosen) URL.revokeObjectURL(chosen.url);
    chosen = null;
    cropArea.hidden = true;
    cropArea.replaceChildren();
  }

  // ---- choosing the square ----
  /** The square in the photo's own pixels, or null (the centred square) when the browser could not show it. */
  function naturalCrop() {
    if (!chosen?.shown) return null;
    const scale = chosen.natural.w / chosen.shown.w;
    const side = Math.min(chosen.natural.w, chosen.natural.h);
    const size = Math.max(1, Math.min(side, Math.round(chosen.crop.size * scale)));
    const x = Math.max(0, Math.min(chosen.natural.w - size, Math.round(chosen.crop.x * scale)));
    const y = Math.max(0, Math.min(chosen.natural.h - size, Math.round(chosen.crop.y * scale)));
    return { x, y, size };
  }

  function showCrop() {
    const img = h('img', { class: 'crop-image', src: chosen.url, alt: '', draggable: 'false' });
    const box = h('div', { class: 'crop-box', 'data-testid': 'crop-box', tabindex: '0', role: 'slider',
      'aria-label': t('profile.cropHint') });
    const slider = h('input', { type: 'range', min: String(CROP_MIN * 100), max: '100', value: '100',
      'data-testid': 'crop-size', 'aria-label': t('profile.cropSize') });
    const frame = h('div', { class: 'crop-frame' }, img, box);
    cropArea.replaceChildren(frame, h('label', { class: 'crop-slider' }, h('span', null, t('profile.cropSize')), slider),
      h('small', { class: 'muted' }, t('profile.cropHint')));
    cropArea.hidden = false;

    const place = () => {
      const { crop, shown } = chosen;
      crop.x = Math.max(0, Math.min(shown.w - crop.size, crop.x));
      crop.y = Math.max(0, Math.min(shown.h - crop.size, crop.y));
      box.style.left = `${crop.x}px`;
      box.style.top = `${crop.y}px`;
      box.style.width = `${crop.size}px`;
      box.style.height = `${crop.size}px`;
    };
    img.addEventListener('load', () => {
      if (!chosen) return;
      chosen.natural = { w: img.naturalWidth, h: img.naturalHeight };
      chosen.shown = { w: img.clientWidth, h: img.clientHeight };
      const side = Math.min(chosen.shown.w, chosen.shown.h);
      chosen.crop = { size: side, x: (chosen.shown.w - side) / 2, y: (chosen.shown.h - side) / 2 };
      place();
    });
    img.addEventListener('error', () => {
      // Not something this browser can show: the server still judges it, and keeps the centred square.
      cropArea.replaceChildren(h('p', { class: 'muted' }, t('profile.unreadable')));
    });
    slider.addEventListener('input', () => {
      if (!chosen?.shown) return;
      const { crop, shown } = chosen;
      const side = Math.min(shown.w, shown.h);
      const centre = { x: crop.x + crop.size / 2, y: crop.y + crop.size / 2 };
      crop.size = Math.round(side * Number(slider.value) / 100);
      crop.x = centre.x - crop.size / 2;
      crop.y = centre.y - crop.size / 2;
      place();
    });
    let drag = null;
    box.addEventListener('pointerdown', (e) => {
      if (!chosen?.shown) return;
      drag = { x: e.clientX, y: e.clientY, from: { ...chosen.crop } };
      box.setPointerCapture(e.pointerId);
    });
    box.addEventListener('pointermove', (e) => {
      if (!drag) return;
      chosen.crop.x = drag.from.x + e.clientX - drag.x;
      chosen.crop.y = drag.from.y + e.clientY - drag.y;
      place();
    });
    box.addEventListener('pointerup', () => { drag = null; });
    box.addEventListener('keydown', (e) => {
      const step = e.shiftKey ? 20 : 4;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (!moves[e.key] || !chosen?.shown) return;
      e.preventDefault();
      chosen.crop.x += moves[e.key][0];
      chosen.crop.y += moves[e.key][1];
      place();
    });
  }

  fileInput.addEventListener('change', () => {
    const file = fileInput.files[0];
    fileInput.value = '';
    if (!file) return;
    error.hidden = true;
    status.textContent = '';
    if (!files.isPhoto(file)) {
      error.textContent = t('profile.notPhoto');
      error.hidden = false;
      return;
    }
    forgetChosen();
    chosen = { file, url: URL.createObjectURL(file), crop: null, natural: null, shown: null };
    showCrop();
    render();
  });

  const unsubscribe = store.subscribe('me', render);
  dialog.addEventListener('close', () => {
    unsubscribe();
    forgetChosen();
    dialog.remove();
  });
  document.body.append(dialog);
  render();
  dialog.showModal();
  chooseButton.focus();
}
