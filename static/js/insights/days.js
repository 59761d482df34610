// The log read once for every insight: each local day's entries, its check-in (the
// check-ins of one date as one), its points against the budget, and the timed entries
// and crash episodes in time order. Every insight (and the clinician report) reads
// this index rather than the raw records, so 10,000 records are walked once.
// Pure module: no DOM, runs under `node --test`.

import { addDays } from '../dates.js';
import { activityPoints, daySummary, entryMillis, substanceKey } from '../envelope.js';
import { SETTINGS_DEFAULTS, dayOf } from '../kinds.js';
import { compareText, toMillis } from '../values.js';

const TIMED_KINDS = new Set(['activity', 'rest', 'dose']);

export const isNumber = (value) => typeof value === 'number' && Number.isFinite(value);

/** Local midnight of YYYY-MM-DD on this device, in ms (a day is 23 or 25 h across DST). */
export function dayStart(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d).getTime();
}

/** Every day from `from` to `to`, both included, in order. */
export function daysFrom(from, to) {
  const out = [];
  for (let day = from; day <= to; day = addDays(day, 1)) out.push(day);
  return out;
}

/** The median of numbers (the mean of the middle two for an even count); null for none. */
export function median(values) {
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort(); // numeric, and quicker than a comparator
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The mean of numbers, to two decimals; null for none. */
export function mean(values) {
  if (!values.length) return null;
  return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
}

/**
 * @typedef {object} Day
 * @property {string} day
 * @property {object[]} records  the day's live entries
 * @property {object|null} checkin  the day's check-in data (all its check-ins as one)
 * @property {number|null} spent  points of the day's activities; null when none is logged
 *   (a day with no activity is a gap, never a zero)
 * @property {number} budget
 * @property {number|null} ratio  spent / budget; null when spent is
 * @property {'within'|'near'|'over'|null} state  null when spent is
 * @property {{record: object, points: number}[]} activities
 */

/**
 * `nights` are the check-ins' sleep, at their day's local midnight (a check-in's sleep is
 * the night before its day), in time order.
 * @param {object[]} records  every record (tombstones and settings are skipped)
 * @param {object} settings  the settings in force (effectiveSettings)
 * @returns {{settings: object, first: string|null, last: string|null, days: Map<string, Day>,
 *   timed: {record: object, at: number, points: number, key: string}[], nights: {at: number, hours: number}[],
 *   logged: {at: number}[] (each day with any entry, at its midnight),
 *   episodes: {record: object, onset: number, end: number|null}[],
 *   snapshots: {record: object, at: number, day: string}[] ("how I feel now", in time order),
 *   symptoms: string[]}}
 */
export function diaryIndex(records, settings = SETTINGS_DEFAULTS) {
  const byDay = new Map();
  const timed = [];
  const episodes = [];
  const snapshots = [];
  const rates = settings?.points_per_hour ?? SETTINGS_DEFAULTS.points_per_hour;
  for (const record of records) {
    if (record.deleted || record.kind === 'settings' || !record.data) continue;
    // The store keeps each record's day (db.js); a record from elsewhere is read here.
    const day = typeof record.day === 'string' ? record.day : dayOf(record.kind, record.data);
    if (!day) continue;
    if (!byDay.has(day)) byDay.set(day, []);
    byDay.get(day).push(record);
    if (TIMED_KINDS.has(record.kind)) {
      const at = entryMillis(record);
      if (Number.isNaN(at)) continue;
      const points = record.kind !== 'activity' ? 0
        : isNumber(record.data.points) ? record.data.points : activityPoints(record.data, rates);
      // Names compare trimmed and in any case; keyed once here, not in every window.
      const name = record.kind === 'dose' ? record.data.substance : record.data.name;
      timed.push({ record, at, points, key: substanceKey(name) });
    } else if (record.kind === 'episode') {
      const onset = toMillis(record.data.started_at);
      const end = toMillis(record.data.ended_at);
      if (!Number.isNaN(onset)) episodes.push({ record, onset, end: Number.isNaN(end) ? null : end });
    } else if (record.kind === 'snapshot') {
      const at = toMillis(record.data.taken_at);
      if (!Number.isNaN(at)) snapshots.push({ record, at, day });
    }
  }
  timed.sort((a, b) => a.at - b.at || compareText(a.record.id, b.record.id));
  episodes.sort((a, b) => a.onset - b.onset || compareText(a.record.id, b.record.id));
  snapshots.sort((a, b) => a.at - b.at || compareText(a.record.id, b.record.id));

  const order = [...byDay.keys()].sort();
  const days = new Map();
  const nights = [];
  const loggedDays = []; // each day with any entry, at its local midnight
  const symptoms = new Set(settings?.symptoms ?? []);
  for (const day of order) {
    const dayRecords = byDay.get(day);
    const summary = daySummary(dayRecords, day, settings);
    const checkin = summary.checkin?.data ?? null;
    for (const name of Object.keys(checkin?.symptoms ?? {})) symptoms.add(name);
    loggedDays.push({ at: dayStart(day) });
    if (isNumber(checkin?.sleep_hours)) nights.push({ at: dayStart(day), hours: checkin.sleep_hours });
    const logged = summary.activities.length > 0;
    days.set(day, {
      day,
      records: dayRecords,
      checkin,
      spent: logged ? summary.spent : null,
      budget: summary.budget,
      ratio: logged ? summary.ratio : null,
      state: logged ? summary.state : null,
      activities: summary.activities,
    });
  }
  // A symptom rated only in snapshots has a trend too (its dots through the day).
  for (const { record } of snapshots) for (const name of Object.keys(record.data.symptoms ?? {})) symptoms.add(name);
  return {
    settings,
    first: order[0] ?? null,
    last: order.at(-1) ?? null,
    days,
    timed,
    nights,
    logged: loggedDays,
    episodes,
    snapshots,
    symptoms: [...symptoms],
  };
}

/** The check-in figure `field` of `day`, or null (no check-in, or not logged that day). */
export function checkinValue(index, day, field) {
  const value = index.days.get(day)?.checkin?.[field];
  return isNumber(value) ? value : null;
}

/** A symptom's rating on `day`, or null (not rated: never read as "no symptom"). */
export function symptomValue(index, day, name) {
  const value = index.days.get(day)?.checkin?.symptoms?.[name];
  return isNumber(value) ? value : null;
}
