// "Ask me how it went": which doses the app, while open, asks about now, and when the
// next one will be due. A dose is asked about only when the person marked it
// (`ask_effect`), from a few hours after it was taken, once (what was asked is kept on
// the device), and never once its effect is rated. Pure module: no DOM, no storage.

const HOUR_MS = 3_600_000;

/** Hours after taken_at before the app asks: the setting's default and its range. */
export const ASK_AFTER_HOURS = { default: 3, min: 1, max: 24 };
/**
 * How long a question stays due: a day. Later than that it is not asked (the Doses screen
 * still lists doses not rated, quietly), so opening the app after days away is not met by
 * a row of old questions.
 */
export const ASK_FOR_HOURS = 24;

const rated = (data) => typeof data.effect === 'number';

/** A dose's due moment in ms, or NaN when it is not one to ask about. */
function dueAt(record, afterHours, asked) {
  if (record.kind !== 'dose' || record.deleted || asked.has(record.id)) return Number.NaN;
  const data = record.data ?? {};
  if (data.ask_effect !== true || rated(data)) return Number.NaN;
  return Date.parse(data.taken_at) + afterHours * HOUR_MS;
}

/**
 * The doses to ask about at `now`, the one taken first first.
 * @param {object[]} records  doses (other kinds are passed over)
 * @param {number} now  ms
 * @param {{afterHours?: number, asked?: Set<string>|string[]}} options  asked: ids already
 *   asked about (opened or closed) on this device
 */
export function questionsDue(records, now, { afterHours = ASK_AFTER_HOURS.default, asked = [] } = {}) {
  const done = new Set(asked);
  return records
    .map((record) => ({ record, due: dueAt(record, afterHours, done) }))
    .filter(({ due }) => due <= now && now < due + ASK_FOR_HOURS * HOUR_MS)
    .sort((a, b) => a.due - b.due)
    .map(({ record }) => record);
}

/** When the next question becomes due after `now` (ms), or null when none will. */
export function nextQuestionAt(records, now, { afterHours = ASK_AFTER_HOURS.default, asked = [] } = {}) {
  const done = new Set(asked);
  const later = records.map((record) => dueAt(record, afterHours, done)).filter((due) => due > now);
  return later.length ? Math.min(...later) : null;
}

/**
 * The ids worth keeping in the "asked" list: those that could still be due. An id whose
 * dose is gone, rated, or past its day is dropped, so the list stays small.
 */
export function askedToKeep(asked, records, now, { afterHours = ASK_AFTER_HOURS.default } = {}) {
  const byId = new Map(records.map((record) => [record.id, record]));
  return [...new Set(asked)].filter((id) => {
    const record = byId.get(id);
    if (!record) return false;
    const due = dueAt(record, afterHours, new Set());
    return now < due + ASK_FOR_HOURS * HOUR_MS;
  });
}

/** What is wrong with an "ask after" value, in the validation errors' shape ({} if fine). */
export function askAfterProblems(value) {
  const { min, max } = ASK_AFTER_HOURS;
  if (value === null || value === '') return { ask_after_hours: [{ code: 'required' }] };
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return { ask_after_hours: [{ code: 'type', params: { expected: 'int' } }] };
  }
  if (value < min || value > max) return { ask_after_hours: [{ code: 'range', params: { min, max } }] };
  return {};
}
