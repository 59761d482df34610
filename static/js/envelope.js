// The energy envelope and what the views read from the log: points, the day's
// budget, heart-rate marks, the dose ladder and the look-back before a crash.
//
// Figures only: nothing here judges them. "Left" is a plain figure, a state is
// a neutral word for the bar's colour, a heart-rate mark is information, and a
// look-back lists what came before an episode (associations, never causes).
// Pure module: no DOM, no storage, runs under `node --test`.

import { byTime } from './entry-order.js';
import { SETTINGS_DEFAULTS, TIME_FIELD, dayOf } from './kinds.js';
import { combineRecords } from './record.js';
import { compareText, toMillis } from './values.js';

export const MAX_POINTS = 100;
/** Doses older than this are no longer listed as waiting for an effect rating. */
export const AWAITING_MAX_DAYS = 7;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const isNumber = (value) => typeof value === 'number' && Number.isFinite(value);
const round2 = (value) => Math.round(value * 100) / 100;


/**
 * Points of an activity from its duration and intensity at the person's own
 * rates: duration / 60 x rate, to one decimal, at most 100.
 * @param {{duration_min: number, intensity: string}} activity
 * @param {{light: number, moderate: number, hard: number}} pointsPerHour
 */
export function activityPoints({ duration_min: minutes, intensity } = {}, pointsPerHour = {}) {
  const rate = pointsPerHour?.[intensity];
  if (!isNumber(minutes) || !isNumber(rate) || minutes <= 0 || rate <= 0) return 0;
  // minutes x rate / 6 is the figure in tenths: one division, so 9 min at 10/h is exactly 1.5.
  return Math.min(MAX_POINTS, Math.round((minutes * rate) / 6) / 10);
}

/** The points an activity counts: its own, or computed from its duration and intensity. */
function pointsOf(data, pointsPerHour) {
  return isNumber(data.points) ? data.points : activityPoints(data, pointsPerHour);
}

/**
 * The check-in of `day`: its live check-in records as one (combineRecords), with the
 * app's id for it, checkin-<day>; null when there is none.
 */
export function checkinOf(records, day) {
  const parts = records.filter((record) => record.kind === 'checkin' && dayOf('checkin', record.data) === day);
  return combineRecords(parts, `checkin-${day}`);
}

/** Live records with the check-ins of each day shown as one (checkinOf), in their place. */
export function oneCheckinADay(records) {
  const days = new Map();
  const out = [];
  for (const record of records) {
    if (record.deleted) continue;
    if (record.kind !== 'checkin') {
      out.push(record);
      continue;
    }
    const day = dayOf('checkin', record.data);
    if (days.has(day)) continue;
    days.set(day, out.length);
    out.push(null); // filled below, where the day's first check-in stood
  }
  for (const [day, index] of days) out[index] = checkinOf(records, day);
  return out.filter(Boolean);
}

/**
 * The envelope of one local day.
 * @param {object[]} records  any records (other days, kinds and tombstones are skipped)
 * @param {string} day  YYYY-MM-DD
 * @param {object} settings  the settings in force (effectiveSettings)
 * @returns {{day: string, budget: number, spent: number, left: number, over: number,
 *   ratio: number|null, state: 'within'|'near'|'over', activities: {record: object, points: number}[],
 *   upright_hours: number|null, envelope_score: number|null, checkin: object|null}}  `checkin`
 *   is the day's check-in (checkinOf), or null
 */
export function daySummary(records, day, settings = SETTINGS_DEFAULTS) {
  const budget = isNumber(settings?.daily_budget_points)
    ? settings.daily_budget_points
    : SETTINGS_DEFAULTS.daily_budget_points;
  const rates = settings?.points_per_hour ?? SETTINGS_DEFAULTS.points_per_hour;
  const activities = [];
  let sum = 0;
  for (const record of records) {
    if (record.deleted || record.kind !== 'activity' || dayOf('activity', record.data) !== day) continue;
    const points = pointsOf(record.data, rates);
    activities.push({ record, points });
    sum += points;
  }
  activities.sort((a, b) => byTime(a.record, b.record));
  // Points carry one decimal: count in tenths so 0.1 + 0.2 is 0.3 and the boundaries are exact.
  const tenths = Math.round(sum * 10);
  const spent = tenths / 10;
  const budgetTenths = budget * 10;
  let state = 'within';
  if (tenths > budgetTenths) state = 'over';
  else if (tenths * 10 >= budgetTenths * 9) state = 'near';

  const checkin = checkinOf(records, day);
  const c = checkin?.data ?? {};
  const envelopeScore =
    isNumber(c.energy_used) && isNumber(c.energy_available) && c.energy_available > 0
      ? round2(c.energy_used / c.energy_available)
      : null;
  return {
    day,
    budget,
    spent,
    left: Math.max(budgetTenths - tenths, 0) / 10,
    over: Math.max(tenths - budgetTenths, 0) / 10,
    ratio: budget > 0 ? round2(spent / budget) : null,
    state,
    activities,
    upright_hours: isNumber(c.upright_hours) ? c.upright_hours : null,
    envelope_score: envelopeScore,
    checkin,
  };
}


/**
 * Whether an activity's heart rate passed the person's threshold (strictly above).
 * @returns {{avg: boolean, peak: boolean}|null}  null when no threshold, no heart
 *   rate, or neither figure above it
 */
export function hrMark(activityData, threshold) {
  if (!isNumber(threshold)) return null;
  const avg = isNumber(activityData?.avg_hr) ? activityData.avg_hr > threshold : false;
  const peak = isNumber(activityData?.peak_hr) ? activityData.peak_hr > threshold : false;
  return avg || peak ? { avg, peak } : null;
}

/**
 * The two common starting estimates of a heart-rate threshold (rough; drugs that
 * lower heart rate make both too high): resting + 15, and 0.55 x (220 - age).
 */
export function hrEstimates({ resting_hr: resting, age } = {}) {
  return {
    resting_plus_15: isNumber(resting) ? resting + 15 : null,
    workwell: isNumber(age) ? Math.round(0.55 * (220 - age)) : null,
  };
}

/** A substance name as it is compared: trimmed, lower case. */
export function substanceKey(name) {
  return typeof name === 'string' ? name.trim().toLowerCase() : '';
}

/**
 * The live doses with a valid intake time, oldest first; the same instant falls back to
 * the id, so the order is stable. Each time is parsed once, not in every comparison
 * (three years of doses sort in a few ms, not tens).
 */
function liveDoses(records) {
  return records
    .filter((record) => !record.deleted && record.kind === 'dose')
    .map((record) => ({ record, at: toMillis(record.data?.taken_at) }))
    .filter(({ at }) => !Number.isNaN(at))
    .sort((a, b) => a.at - b.at || compareText(a.record.id, b.record.id))
    .map(({ record }) => record);
}

/**
 * Every dose of one substance (trimmed, case-insensitive), oldest first.
 * @returns {{id, taken_at, amount, unit, effect, side_effects, day}[]}  effect null
 *   when not rated yet, side_effects [] when none
 */
export function doseLadder(records, substance) {
  const key = substanceKey(substance);
  if (!key) return [];
  return liveDoses(records)
    .filter((record) => substanceKey(record.data.substance) === key)
    .map(({ id, data }) => ({
      id,
      taken_at: data.taken_at,
      amount: data.amount,
      unit: data.unit,
      effect: isNumber(data.effect) ? data.effect : null,
      side_effects: Array.isArray(data.side_effects) ? [...data.side_effects] : [],
      day: dayOf('dose', data),
    }));
}

/** The person's substances (their most recent spelling, trimmed), most recently taken first. */
export function substances(records) {
  const newest = new Map();
  for (const record of liveDoses(records)) {
    const key = substanceKey(record.data.substance);
    if (!key) continue;
    newest.delete(key); // re-inserted: the Map's order becomes last-taken order
    newest.set(key, record.data.substance.trim());
  }
  return [...newest.values()].reverse();
}

/**
 * Doses with no effect rated yet, taken between 7 days and `minHours` before
 * `now` (both ends included), newest first. Shown quietly, never as a reminder.
 * @param {object[]} records
 * @param {Date|number|string} now
 * @returns {object[]} the dose records
 */
export function awaitingEffect(records, now = Date.now(), minHours = 2) {
  const at = toMillis(now);
  const latest = at - minHours * HOUR_MS;
  const earliest = at - AWAITING_MAX_DAYS * DAY_MS;
  return liveDoses(records)
    .filter((record) => {
      if (isNumber(record.data.effect)) return false;
      const taken = toMillis(record.data.taken_at);
      return taken >= earliest && taken <= latest;
    })
    .reverse();
}

/** What a look-back lists: what was done, rested, taken and checked in (not other crashes). */
const LOOK_BACK_KINDS = new Set(['activity', 'rest', 'dose', 'checkin']);

/** When an entry happened in ms: its start or intake time, a check-in's date at 00:00 on this device. */
export function entryMillis(record) {
  const field = LOOK_BACK_KINDS.has(record.kind) ? TIME_FIELD[record.kind] : undefined;
  const value = field ? record.data?.[field] : undefined;
  if (typeof value !== 'string') return Number.NaN;
  if (field === 'date') {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime() : Number.NaN;
  }
  return Date.parse(value);
}

/**
 * What the person logged in the `hours` before an episode's onset: activities,
 * rest, doses and check-ins whose time lies in [onset - hours, onset), newest
 * first. An association in their own log, never a cause: the view says so.
 * @param {object[]} records
 * @param {string|Date|number} onset  the episode's started_at
 */
export function lookBack(records, onset, hours = SETTINGS_DEFAULTS.look_back_hours) {
  const end = toMillis(onset);
  if (Number.isNaN(end)) return [];
  const start = end - hours * HOUR_MS;
  return oneCheckinADay(records)
    .filter((record) => LOOK_BACK_KINDS.has(record.kind))
    .map((record) => ({ record, at: entryMillis(record) }))
    .filter(({ at }) => at >= start && at < end)
    .sort((a, b) => b.at - a.at || compareText(a.record.id, b.record.id))
    .map(({ record }) => record);
}
