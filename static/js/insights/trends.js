// Trends: one series per figure over a range of days, for the charts and their tables.
// A day with nothing logged for a figure is null (a gap in the chart, "-" in the
// table), never a zero and never "no symptoms". Pure module.

import { addDays } from '../dates.js';
import { SETTINGS_DEFAULTS } from '../kinds.js';
import { checkinValue, daysFrom, isNumber, symptomValue } from './days.js';

/** The ranges the screen offers, in days; 'all' is the whole record. */
export const RANGES = Object.freeze([7, 30, 90, 365, 'all']);

/** The check-in figures with a trend, with the scale each is on (for the chart's axis). */
export const CHECKIN_TRENDS = Object.freeze([
  ['energy', [0, 10]],
  ['mood', [0, 10]],
  ['sleep_hours', [0, 24]],
  ['sleep_quality', [0, 10]],
  ['resting_hr', null],
  ['upright_hours', [0, 24]],
  ['bell_score', [0, 100]],
]);

/**
 * The days a range covers, ending `today`: the last `range` days, or for 'all' from
 * the first day of the record (`today` alone when the record is empty or later).
 */
export function rangeDays(index, range, today) {
  const from = range === 'all' ? (index.first && index.first < today ? index.first : today) : addDays(today, 1 - range);
  return daysFrom(from, today);
}

/** What trends can show: the check-in figures, points, and each symptom the person rates. */
export function trendKeys(index) {
  return [
    ...CHECKIN_TRENDS.map(([field]) => field),
    'points',
    ...index.symptoms.map((name) => `symptom:${name}`),
  ];
}

/**
 * The snapshots ("how I feel now") in `days` that rate the trend `key`: energy, or a symptom
 * ('symptom:<name>'); none for any other trend. Each at its own time, in time order.
 * @returns {{at: number, day: string, time: string, value: number}[]}  `time`: as written
 */
export function trendMoments(index, key, days) {
  const name = key.startsWith('symptom:') ? key.slice('symptom:'.length) : null;
  if (key !== 'energy' && name === null) return [];
  const first = days[0];
  const last = days.at(-1);
  const moments = [];
  for (const { record, at, day } of index.snapshots ?? []) {
    if (day < first || day > last) continue;
    const value = name === null ? record.data.energy : record.data.symptoms?.[name];
    if (isNumber(value)) moments.push({ at, day, time: record.data.taken_at, value });
  }
  return moments;
}

/**
 * One trend over `days`.
 * @param {string} key  a check-in field, 'points', or 'symptom:<name>'
 * @returns {{key: string, values: (number|null)[], budget: (number|null)[]|null, count: number,
 *   moments: object[], momentDays: number}}
 *   `count` is the number of days with a value; `budget` (the daily budget) only for 'points';
 *   `moments` the snapshots that rate it (trendMoments), beside the check-in's daily value,
 *   which they never change; `momentDays` the days they fall on
 */
export function trendSeries(index, key, days) {
  let values;
  let budget = null;
  if (key === 'points') {
    values = days.map((day) => index.days.get(day)?.spent ?? null);
    // The budget is a setting, not a log entry: a line across the whole range.
    const points = index.settings?.daily_budget_points ?? SETTINGS_DEFAULTS.daily_budget_points;
    budget = days.map(() => points);
  } else if (key.startsWith('symptom:')) {
    const name = key.slice('symptom:'.length);
    values = days.map((day) => symptomValue(index, day, name));
  } else {
    values = days.map((day) => checkinValue(index, day, key));
  }
  const moments = trendMoments(index, key, days);
  return {
    key,
    values,
    budget,
    count: values.filter((v) => v !== null).length,
    moments,
    momentDays: new Set(moments.map((m) => m.day)).size,
  };
}
