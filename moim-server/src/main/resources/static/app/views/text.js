// How messages read as text: system notes in the UI language, tombstones, previews.
import { t } from '../i18n.js';
import { state } from '../store.js';
import { resolveNames } from '../messenger.js';

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
  const users = (note.userIds ?? []).map(name).join(t('listJoin'));
  const actor = note.actorId != null ? name(note.actorId) : '';
  if (note.event === 'CREATED' && !users) return t('system.CREATED.alone', { actor });
  return t(key, { actor, users });
}

/** One line for the room list. */
export function previewText(m) {
  if (!m) return t('rooms.noMessages');
  if (m.deleted) return t('chat.deleted');
  if (m.type === 'SYSTEM') return systemText(m);
  return (m.content ?? '').split('\n')[0];
}
