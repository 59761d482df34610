// Sharing with a clinician, the pure parts: invite codes (how they are written, read aloud
// and typed), a share's scope in full, and a patient's entries as days for the clinician.
//
// The server makes 12 characters of an alphabet without look-alikes (no 0, 1, I, L, O)
// and writes them in groups of 4 with hyphens ("7KQM-4XRT-9BCD"); it accepts spaces,
// hyphens and lower case. The app normalises what a clinician types the same way, so a
// code that cannot be one is said at once, next to the field, without asking the server.
// Pure module: no DOM, no storage, runs under `node --test`.

import { TIME_FIELD, dayOf } from './kinds.js';

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 12;
const GROUP = 4;

/** What was typed, as the 12 characters of a code: upper case, spaces and hyphens gone. */
export function normaliseCode(text) {
  return String(text ?? '').replace(/[\s-]+/g, '').toUpperCase();
}

/** Whether `text` (typed any way the server accepts) can be a code at all. */
export function isCodeShaped(text) {
  const code = normaliseCode(text);
  return code.length === CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c));
}

/** The code in its groups: "7KQM-4XRT-9BCD" (or with another separator). */
export function formatCode(text, separator = '-') {
  const code = normaliseCode(text);
  const groups = [];
  for (let i = 0; i < code.length; i += GROUP) groups.push(code.slice(i, i + GROUP));
  return groups.join(separator);
}

/** The code's groups, each a list of characters, for showing large and reading aloud. */
export function codeGroups(text) {
  return formatCode(text, ' ').split(' ').filter(Boolean).map((group) => [...group]);
}

/** The app address a QR code holds: opening it on a clinician's device fills the code in. */
export function redeemUrl(origin, code) {
  return `${origin}/#patients/redeem/${formatCode(code)}`;
}

/** The code in a '#patients/redeem/<code>' route, or null. */
export function codeFromRoute(hash) {
  const match = /^#?patients\/redeem\/([^/]+)$/.exec(hash ?? '');
  return match ? formatCode(decodeURIComponent(match[1])) : null;
}

/**
 * A share's scope in full: every kind when kinds is missing, notes "all" when missing.
 * @param {{kinds?: string[], notes?: 'all'|'marked'|'none'}|null|undefined} scope
 * @param {string[]} allKinds  the kinds a share can cover, in the catalogue's order
 */
export function fullScope(scope, allKinds) {
  const kinds = Array.isArray(scope?.kinds) ? allKinds.filter((k) => scope.kinds.includes(k)) : [...allKinds];
  const notes = ['all', 'marked', 'none'].includes(scope?.notes) ? scope.notes : 'all';
  return { kinds, notes };
}

/** The kinds a share can cover (settings too: the report needs the person's budget). */
export const SHARE_KINDS = Object.freeze(['checkin', 'activity', 'rest', 'dose', 'episode', 'questionnaire', 'snapshot', 'settings']);

/**
 * A patient's entries ({id, kind, data, updated_at}) as days, newest day first, each day's
 * entries in time order; settings (no day) left out. [{day, entries}]
 */
export function entriesByDay(entries) {
  const days = new Map();
  for (const entry of entries) {
    const day = dayOf(entry.kind, entry.data);
    if (!day) continue;
    if (!days.has(day)) days.set(day, []);
    days.get(day).push(entry);
  }
  const at = (e) => String(e.data?.[TIME_FIELD[e.kind]] ?? '');
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([day, list]) => ({ day, entries: list.sort((a, b) => (at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : 0)) }));
}

/** The query a clinician's diary sends: only the filters that are set. */
export function entriesQuery({ kind = '', from = '', to = '' } = {}) {
  const query = new URLSearchParams();
  if (kind) query.set('kind', kind);
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  const text = query.toString();
  return text ? `?${text}` : '';
}
