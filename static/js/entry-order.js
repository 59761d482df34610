// The order of entries: by when they happened, to the minute, then by when they were
// logged. Pure module: no DOM, no storage, runs under `node --test`.
//
// To the minute, because that is all a person sees and all the forms keep: quick-add
// stores the second it was tapped (10:30:45), a form the minute typed (10:30:00). Compared
// as text, a Shower tapped at 10:30 and a call typed in at 10:30 just after would show the
// call first. Compared as instants, so two offsets (a journey) still sort by time.

import { TIME_FIELD } from './kinds.js';
import { compareText, hasOwn, toMillis } from './values.js';

const MINUTE_MS = 60_000;

/** The minute an entry happened (epoch minutes), or null for none or a day-only kind. */
function minuteOf(record) {
  const field = hasOwn(TIME_FIELD, record.kind) ? TIME_FIELD[record.kind] : null;
  const value = field && field !== 'date' ? record.data?.[field] : null;
  const ms = typeof value === 'string' ? toMillis(value) : Number.NaN;
  return Number.isFinite(ms) ? Math.floor(ms / MINUTE_MS) : null;
}

function loggedAt(record) {
  const ms = toMillis(record.created_at);
  return Number.isFinite(ms) ? ms : null;
}

/** Nulls first (an entry without a time leads its day, as a check-in does), then ascending. */
function compareKnown(a, b) {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a - b;
}

/**
 * Earliest first: by the minute it happened, then by when it was logged, then by id (so
 * the order is the same on every device).
 */
export function byTime(a, b) {
  return (
    compareKnown(minuteOf(a), minuteOf(b)) ||
    compareKnown(loggedAt(a), loggedAt(b)) ||
    compareText(a.id, b.id)
  );
}

/** Latest first: `byTime` the other way round. */
export const newestFirst = (a, b) => byTime(b, a);
