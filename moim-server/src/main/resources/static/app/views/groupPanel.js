// A group's settings beside its chat. Everyone sees what the group is (name, description, tags, cover, how one gets
// in, the member limit); its owner and managers change it, answer the requests to join (live, by the `application`
// event), make and revoke invite links, and lift bans. Another manager's change (room_updated) shows at once, and a
// field being edited keeps what was typed.
import { h } from '../dom.js';
import { t, errorText, formatWhen } from '../i18n.js';
import * as store from '../store.js';
import * as groups from '../groups.js';
import * as messenger from '../messenger.js';
import { avatar, groupAvatar, thumbnailUrl } from '../files.js';
import { policyBadges, memberCountText, tagList } from './directory.js';

const EXPIRIES = [3600, 86400, 7 * 86400, 30 * 86400];

/** The nodes that are there: replaceChildren, unlike h(), would write a null as the text "null". */
const present = (...nodes) => nodes.filter((x) => x != null && x !== false && x !== '');

/** "hiking, 등산 #walks" → ['hiking', '등산', 'walks']: the server keeps tags in lower case without a leading #. */
export const parseTags = (text) => text.split(/[\s,]+/).map((x) => x.replace(/^#/, '')).filter(Boolean);

export function groupPanel(roomId, { onClose }) {
  const { state } = store;
  const cleanups = [];
  const room = () => state.rooms.get(roomId);
  let role = null; // the role the panel was last drawn for: a change redraws the whole panel
  let links = [];
  let banned = [];
  let photos = null; // the room's photos to choose a cover from, once asked for
  let copied = null;

  // ---- about: the settings, as a form for managers ----
  const name = h('input', { id: 'group-name', 'data-testid': 'group-name', maxlength: '100', required: true });
  const description = h('textarea', { id: 'group-description', 'data-testid': 'group-description', rows: '3', maxlength: '500' });
  const tags = h('input', { id: 'group-tags', 'data-testid': 'group-tags', placeholder: t('groups.tagsPlaceholder') });
  const policy = h('select', { id: 'group-policy', 'data-testid': 'group-policy' },
    ['PRIVATE', 'OPEN', 'REQUEST'].map((p) => h('option', { value: p }, t(`groups.policyLong.${p}`))));
  const password = h('input', { id: 'group-password', type: 'password', 'data-testid': 'group-password', autocomplete: 'new-password',
    placeholder: t('groups.newPasswordPlaceholder') });
  const clearPassword = h('input', { id: 'group-password-clear', type: 'checkbox', 'data-testid': 'group-password-clear' });
  const passwordState = h('small', { class: 'muted', 'data-testid': 'group-password-state' });
  const limit = h('input', { id: 'group-limit', type: 'number', min: '2', 'data-testid': 'group-limit', placeholder: t('groups.noLimit') });
  const saveStatus = h('p', { class: 'settings-status', 'data-testid': 'group-status', role: 'status' });
  const dirty = new Set(); // fields typed in since they were last filled from the room
  for (const [key, input] of Object.entries({ name, description, tags, policy, limit })) {
    input.addEventListener('input', () => dirty.add(key));
    input.addEventListener('change', () => dirty.add(key));
  }

  const field = (id, label, input, extra = null) => h('div', { class: 'field' }, h('label', { for: id }, label), input, extra);
  const form = h('form', { class: 'settings-form', 'data-testid': 'group-form', onsubmit: (e) => { e.preventDefault(); save(); } },
    field('group-name', t('groups.name'), name),
    field('group-description', t('groups.description'), description),
    field('group-tags', t('groups.tags'), tags),
    field('group-policy', t('groups.policy'), policy),
    field('group-password', t('groups.password'), password, h('span', { class: 'password-line' }, passwordState,
      h('label', { class: 'check', for: 'group-password-clear' }, clearPassword, t('groups.clearPassword')))),
    field('group-limit', t('groups.memberLimit'), limit),
    h('div', { class: 'settings-buttons' }, h('button', { type: 'submit', class: 'primary', 'data-testid': 'group-save' }, t('settings.save'))),
    saveStatus);

  /** Puts the room's settings into the fields that are not being edited. */
  function fill(force = false) {
    const r = room();
    if (!r) return;
    const put = (key, input, value) => { if (force || !dirty.has(key)) { input.value = value; dirty.delete(key); } };
    put('name', name, r.name ?? '');
    put('description', description, r.description ?? '');
    put('tags', tags, (r.tags ?? []).join(', '));
    put('policy', policy, r.joinPolicy ?? 'PRIVATE');
    put('limit', limit, r.memberLimit ?? '');
    passwordState.textContent = t(r.hasPassword ? 'groups.passwordSet' : 'groups.passwordNone');
    clearPassword.disabled = !r.hasPassword;
    if (!r.hasPassword) clearPassword.checked = false;
  }

  /** Sends what changed, as a merge patch: fields left as they are stay out of it. */
  async function save() {
    const r = room();
    const patch = {};
    if (name.value.trim() !== (r.name ?? '')) patch.name = name.value.trim();
    if (description.value.trim() !== (r.description ?? '')) patch.description = description.value.trim() || null;
    const newTags = parseTags(tags.value);
    if (newTags.join(',') !== (r.tags ?? []).join(',')) patch.tags = newTags;
    if (policy.value !== (r.joinPolicy ?? 'PRIVATE')) patch.joinPolicy = policy.value;
    if (password.value) patch.password = password.value;
    else if (clearPassword.checked) patch.password = null;
    const newLimit = limit.value.trim() ? Number(limit.value) : null;
    if (newLimit !== (r.memberLimit ?? null)) patch.memberLimit = newLimit;
    saveStatus.className = 'settings-status';
    if (Object.keys(patch).length === 0) {
      saveStatus.textContent = t('groups.nothingChanged');
      return;
    }
    try {
      await groups.updateSettings(roomId, patch);
      dirty.clear();
      password.value = '';
      clearPassword.checked = false;
      fill(true);
      saveStatus.className = 'settings-status ok';
      saveStatus.textContent = t('groups.saved');
    } catch (e) {
      saveStatus.className = 'settings-status failed';
      saveStatus.textContent = errorText(e);
      saveStatus.dataset.code = e.code ?? '';
    }
  }

  // ---- read-only, for members ----
  const info = h('div', { class: 'group-info', 'data-testid': 'group-info' });
  function renderInfo() {
    const r = room();
    if (!r) return;
    info.replaceChildren(...present(
      h('div', { class: 'group-info-top' }, groupAvatar(r, { className: 'large' }),
        h('div', null, h('h4', { 'data-testid': 'group-info-name' }, r.name), h('div', null, policyBadges(r)))),
      r.description && h('p', { class: 'group-info-description', 'data-testid': 'group-info-description' }, r.description),
      tagList(r.tags),
      h('p', { class: 'muted', 'data-testid': 'group-info-members' }, memberCountText(r))));
  }

  // ---- cover ----
  const cover = h('div', { class: 'group-cover', 'data-testid': 'group-cover' });
  const coverFile = h('input', { type: 'file', accept: 'image/jpeg,image/png,image/gif,image/webp', hidden: true,
    'data-testid': 'cover-upload' });
  coverFile.addEventListener('change', () => {
    const [file] = coverFile.files;
    coverFile.value = '';
    if (file) coverAct(groups.coverFromFile(roomId, file));
  });
  const coverStatus = h('p', { class: 'settings-status', 'data-testid': 'cover-status', role: 'status' });

  function coverAct(promise) {
    coverStatus.className = 'settings-status';
    coverStatus.textContent = t('groups.saving');
    promise.then(() => { coverStatus.textContent = ''; photos = null; renderCover(); })
      .catch((e) => { coverStatus.className = 'settings-status failed'; coverStatus.textContent = errorText(e); });
  }

  /** The room's photos a cover may be: those the owner or a manager sent (the server takes no other). */
  async function choosePhoto() {
    const r = room();
    const allowed = new Set([r.ownerId, ...(r.managerIds ?? [])]);
    const page = await messenger.gallery(roomId, 'IMAGE', null, 60);
    photos = page.items.filter((item) => allowed.has(item.senderId));
    renderCover();
  }

  function renderCover() {
    const r = room();
    if (!r) return;
    const grid = photos && h('div', { class: 'cover-choices', 'data-testid': 'cover-choices' },
      photos.length === 0 ? h('p', { class: 'muted' }, t('groups.noPhotos')) : photos.map((item) => {
        const img = h('img', { alt: '', class: 'cover-choice-img' });
        thumbnailUrl(item.attachment).then((url) => { img.src = url; }).catch(() => {});
        return h('button', { type: 'button', class: 'cover-choice', 'data-testid': 'cover-choice',
          'data-attachment-id': item.attachment.id, 'aria-label': t('groups.useAsCover'),
          'aria-pressed': String(item.attachment.id === r.coverAttachmentId),
          onclick: () => coverAct(groups.updateSettings(roomId, { coverAttachmentId: item.attachment.id })) }, img);
      }));
    cover.replaceChildren(...present(
      h('div', { class: 'group-cover-now' }, groupAvatar(r, { className: 'large' }),
        h('span', { class: 'settings-buttons' },
          h('button', { type: 'button', class: 'ghost small', 'data-testid': 'cover-pick',
            onclick: () => choosePhoto().catch(store.showError) }, t('groups.pickPhoto')),
          h('button', { type: 'button', class: 'ghost small', 'data-testid': 'cover-upload-button', onclick: () => coverFile.click() },
            t('groups.uploadPhoto')),
          r.coverAttachmentId && h('button', { type: 'button', class: 'link', 'data-testid': 'cover-remove',
            onclick: () => coverAct(groups.updateSettings(roomId, { coverAttachmentId: null })) }, t('groups.removeCover')))),
      h('small', { class: 'muted' }, t('groups.coverHint')),
      grid,
      coverStatus,
      coverFile));
  }

  // ---- requests to join ----
  const applications = h('ul', { class: 'friend-list', 'data-testid': 'applications' });
  const applicationsTitle = h('h4', { 'data-testid': 'applications-title' });
  function renderApplications() {
    const list = state.applications.get(roomId) ?? [];
    applicationsTitle.textContent = t('groups.requests', { n: list.length });
    applications.replaceChildren(...(list.length === 0
      ? [h('li', { class: 'muted empty', 'data-testid': 'applications-empty' }, t('groups.noRequests'))]
      : list.map((a) => h('li', { class: 'friend-item application-item', 'data-testid': 'application-item', 'data-user-id': a.user.id },
        avatar(a.user, { className: 'small' }),
        h('span', { class: 'member-name' },
          h('span', { 'data-testid': 'application-name' }, a.user.nickname),
          a.note && h('small', { class: 'application-note', 'data-testid': 'application-note' }, a.note),
          h('small', { class: 'muted' }, formatWhen(a.createdAt))),
        h('span', { class: 'friend-actions' },
          h('button', { type: 'button', class: 'primary small', 'data-testid': 'application-approve',
            onclick: () => groups.approve(roomId, a.user.id).catch(store.showError) }, t('groups.approve')),
          h('button', { type: 'button', class: 'ghost small', 'data-testid': 'application-refuse',
            onclick: () => groups.refuse(roomId, a.user.id).catch(store.showError) }, t('groups.refuse')))))));
  }

  // ---- invite links ----
  const expiry = h('select', { 'data-testid': 'invite-expiry', 'aria-label': t('groups.linkExpiry') },
    EXPIRIES.map((s) => h('option', { value: String(s), selected: s === 7 * 86400 }, t(`groups.expiry.${s}`))));
  const maxUses = h('input', { type: 'number', min: '1', max: '100000', 'data-testid': 'invite-max-uses',
    placeholder: t('groups.unlimitedUses'), 'aria-label': t('groups.maxUses') });
  const linkList = h('ul', { class: 'invite-links', 'data-testid': 'invite-links' });
  const linkStatus = h('p', { class: 'settings-status', role: 'status', 'data-testid': 'invite-status' });

  async function loadLinks() {
    links = await groups.inviteLinks(roomId);
    renderLinks();
  }

  async function createLink() {
    linkStatus.textContent = '';
    try {
      await groups.createInviteLink(roomId, { expiresIn: Number(expiry.value), maxUses: maxUses.value ? Number(maxUses.value) : null });
      maxUses.value = '';
      await loadLinks();
    } catch (e) {
      linkStatus.className = 'settings-status failed';
      linkStatus.textContent = errorText(e);
    }
  }

  function renderLinks() {
    linkList.replaceChildren(...(links.length === 0
      ? [h('li', { class: 'muted empty' }, t('groups.noLinks'))]
      : links.map((link) => {
        const address = groups.inviteAddress(link);
        const expired = Date.parse(link.expiresAt) <= Date.now();
        return h('li', { class: 'invite-link', 'data-testid': 'invite-link-item', 'data-code': link.code },
          h('input', { class: 'invite-address', readonly: true, value: address, 'data-testid': 'invite-address',
            'aria-label': t('groups.linkAddress'), onfocus: (e) => e.target.select() }),
          h('small', { class: 'muted', 'data-testid': 'invite-uses' },
            link.maxUses ? t('groups.usesOf', { n: link.uses, max: link.maxUses }) : t('groups.uses', { n: link.uses }),
            ' · ', expired ? t('groups.linkExpired') : t('groups.linkExpires', { when: formatWhen(link.expiresAt) })),
          h('span', { class: 'settings-buttons' },
            h('button', { type: 'button', class: 'ghost small', 'data-testid': 'invite-copy',
              onclick: () => navigator.clipboard?.writeText(address)
                .then(() => { copied = link.code; renderLinks(); })
                .catch(() => { linkStatus.textContent = t('groups.copyFailed'); }) },
            copied === link.code ? t('groups.copied') : t('groups.copy')),
            h('button', { type: 'button', class: 'link danger', 'data-testid': 'invite-revoke',
              onclick: () => groups.revokeInviteLink(roomId, link.code).then(loadLinks).catch(store.showError) }, t('groups.revoke'))));
      })));
  }

  // ---- bans ----
  const banList = h('ul', { class: 'friend-list', 'data-testid': 'bans' });
  async function loadBans() {
    banned = await groups.bans(roomId);
    renderBans();
  }
  function renderBans() {
    banList.replaceChildren(...(banned.length === 0
      ? [h('li', { class: 'muted empty', 'data-testid': 'bans-empty' }, t('groups.noBans'))]
      : banned.map((b) => h('li', { class: 'friend-item', 'data-testid': 'ban-item', 'data-user-id': b.user.id },
        avatar(b.user, { className: 'small' }),
        h('span', { class: 'member-name' }, h('span', null, b.user.nickname),
          h('small', { class: 'muted' }, t('groups.bannedBy', { name: b.bannedBy?.nickname ?? '', when: formatWhen(b.createdAt) }))),
        h('span', { class: 'friend-actions' },
          h('button', { type: 'button', class: 'ghost small', 'data-testid': 'unban-button',
            onclick: () => groups.unban(roomId, b.user.id).then(loadBans).catch(store.showError) }, t('groups.unban')))))));
  }

  // ---- the panel ----
  const body = h('div', { class: 'group-scroll' });
  const el = h('aside', { id: 'group-panel', class: 'group-panel', 'data-testid': 'group-panel', 'aria-labelledby': 'group-title' },
    h('header', { class: 'panel-head' },
      h('h3', { id: 'group-title' }, t('groups.settings')),
      h('button', { type: 'button', class: 'ghost', 'data-testid': 'group-close', 'aria-label': t('groups.closeSettings'),
        onclick: onClose }, '✕')),
    body);

  const section = (id, title, ...children) => h('section', { class: 'settings-section', 'data-testid': `group-section-${id}` },
    typeof title === 'string' ? h('h4', null, title) : title, ...children);

  function build() {
    const r = room();
    role = r?.myRole ?? null;
    if (!r) return;
    if (!groups.canManage(r)) {
      renderInfo();
      body.replaceChildren(section('about', t('groups.about'), info),
        h('p', { class: 'muted small-note', 'data-testid': 'group-read-only' }, t('groups.readOnly')));
      return;
    }
    fill(true);
    renderCover();
    renderApplications();
    renderLinks();
    renderBans();
    body.replaceChildren(
      section('requests', applicationsTitle, applications),
      section('about', t('groups.about'), form),
      section('cover', t('groups.cover'), cover),
      section('links', t('groups.inviteLinks'),
        h('form', { class: 'invite-create', onsubmit: (e) => { e.preventDefault(); createLink(); } },
          expiry, maxUses, h('button', { type: 'submit', class: 'primary small', 'data-testid': 'invite-create' }, t('groups.createLink'))),
        linkStatus, linkList),
      section('bans', t('groups.banned'), banList));
    loadLinks().catch(store.showError);
    loadBans().catch(store.showError);
  }

  cleanups.push(store.subscribe('rooms', () => {
    const r = room();
    if (!r) return;
    if ((r.myRole ?? null) !== role) build(); // made or unmade a manager: what the panel allows changes
    else if (groups.canManage(r)) fill();
    else renderInfo();
  }));
  cleanups.push(store.subscribe('roomUpdated', (event) => {
    if (event.roomId !== roomId) return;
    if (groups.canManage(room())) {
      fill();
      if ((event.changed ?? []).includes('coverAttachmentId')) renderCover();
    } else renderInfo();
  }));
  cleanups.push(store.subscribe('applications', (id) => { if (id === roomId && groups.canManage(room())) renderApplications(); }));
  // Someone banned from the member list (here or by another manager) joins the list of bans.
  const reloadBans = (id) => { if (id === roomId && groups.canManage(room())) loadBans().catch(() => {}); };
  cleanups.push(store.subscribe('bans', reloadBans));
  cleanups.push(store.subscribe('membersChanged', reloadBans));
  build();
  if (groups.canManage(room())) groups.loadApplications(roomId).catch(() => {});
  return { el, focus: () => el.querySelector('input, button')?.focus(), destroy: () => cleanups.forEach((fn) => fn()) };
}
