// What the log holds in a window of time: points and minutes per category and per
// named activity, rest, sleep, heart-rate marks and doses. Used for the look-back
// before each crash, set beside the person's usual for a window of the same length:
// the median over every such window of their record (windows ending at each local
// midnight, from the first day of the record on). An association in their own log,
// never a cause: the views say so. Pure module.

import { addDays } from '../dates.js';
import { hrMark } from '../envelope.js';
import { CATEGORIES, SETTINGS_DEFAULTS } from '../kinds.js';
import { dayStart, isNumber, median } from './days.js';

const HOUR_MS = 3_600_000;
const tenth = (value) => Math.round(value * 10) / 10;

/** The look-back length in hours: the person's setting, else the default (72). */
export function lookBackHours(settings) {
  const hours = settings?.look_back_hours;
  return isNumber(hours) ? hours : SETTINGS_DEFAULTS.look_back_hours;
}

/** The first index of `timed` (anything sorted by `at`) at or after `at`. */
function firstAtOrAfter(timed, at) {
  let low = 0;
  let high = timed.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (timed[mid].at < at) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * What the log holds in [start, end) (ms). Sleep is the nights of the check-ins whose
 * day begins in the window (a check-in's sleep is the night before its day), as a mean.
 * @returns {{categories: Object<string, {points: number, minutes: number}>,
 *   activities: Object<string, {name: string, points: number, minutes: number, count: number}>,
 *   rest: {minutes: number, count: number}, sleep: {hours: number|null, nights: number},
 *   heart: {marked: number, minutes: number}, doses: Object<string, {name: string, count: number}>,
 *   entries: number}}
 */
export function windowTotals(index, start, end) {
  const categories = Object.fromEntries(CATEGORIES.map((c) => [c, { points: 0, minutes: 0 }]));
  const activities = {};
  const rest = { minutes: 0, count: 0 };
  const heart = { marked: 0, minutes: 0 };
  const doses = {};
  const threshold = index.settings?.hr_threshold;
  let entries = 0;
  for (let i = firstAtOrAfter(index.timed, start); i < index.timed.length && index.timed[i].at < end; i++) {
    const { record, points, key } = index.timed[i];
    const data = record.data;
    entries += 1;
    if (record.kind === 'activity') {
      const minutes = isNumber(data.duration_min) ? data.duration_min : 0;
      const category = categories[data.category];
      if (category) {
        category.points = tenth(category.points + points);
        category.minutes += minutes;
      }
      if (key) {
        const named = (activities[key] ??= { name: data.name.trim(), points: 0, minutes: 0, count: 0 });
        named.points = tenth(named.points + points);
        named.minutes += minutes;
        named.count += 1;
      }
      if (hrMark(data, threshold)) {
        heart.marked += 1;
        heart.minutes += minutes;
      }
    } else if (record.kind === 'rest') {
      rest.minutes += isNumber(data.duration_min) ? data.duration_min : 0;
      rest.count += 1;
    } else if (record.kind === 'dose') {
      if (key) (doses[key] ??= { name: data.substance.trim(), count: 0 }).count += 1;
    }
  }
  const nights = [];
  for (let i = firstAtOrAfter(index.nights, start); i < index.nights.length && index.nights[i].at < end; i++) {
    nights.push(index.nights[i].hours);
  }
  const sleep = {
    hours: nights.length ? tenth(nights.reduce((a, b) => a + b, 0) / nights.length) : null,
    nights: nights.length,
  };
  return { categories, activities, rest, sleep, heart, doses, entries };
}

/**
 * The figures of a window, flat, for comparing with the usual: key -> number.
 * Keys: category:<c>:points, category:<c>:minutes, activity:<name>:minutes, rest:minutes,
 * sleep:hours (absent when no night is logged), heart:marked, heart:minutes, dose:<substance>.
 */
export function windowFigures(totals) {
  const figures = new Map();
  for (const [category, { points, minutes }] of Object.entries(totals.categories)) {
    figures.set(`category:${category}:points`, points);
    figures.set(`category:${category}:minutes`, minutes);
  }
  for (const [key, { minutes }] of Object.entries(totals.activities)) figures.set(`activity:${key}:minutes`, minutes);
  figures.set('rest:minutes', totals.rest.minutes);
  if (totals.sleep.hours !== null) figures.set('sleep:hours', totals.sleep.hours);
  figures.set('heart:marked', totals.heart.marked);
  figures.set('heart:minutes', totals.heart.minutes);
  for (const [key, { count }] of Object.entries(totals.doses)) figures.set(`dose:${key}`, count);
  return figures;
}

/**
 * Every window of `hours` that ends at a local midnight and lies wholly inside the
 * record (from the first day's midnight to the midnight after the last day, or after
 * `today` when that is sooner), leaving out windows in which no day has any entry.
 * @returns {{end: number, start: number, figures: Map<string, number>}[]}
 */
export function everyWindow(index, hours, today = null) {
  if (!index.first) return [];
  const origin = dayStart(index.first);
  // Not past today: a mistyped future date must not add years of empty windows.
  const last = today && today < index.last ? today : index.last;
  const windows = [];
  for (let day = addDays(index.first, 1); day <= addDays(last, 1); day = addDays(day, 1)) {
    const end = dayStart(day);
    const start = end - hours * HOUR_MS;
    if (start < origin) continue;
    // A window in which no day has any entry is a gap in the log, not a window of zeros.
    const i = firstAtOrAfter(index.logged, start);
    if (i >= index.logged.length || index.logged[i].at >= end) continue;
    windows.push({ start, end, figures: windowFigures(windowTotals(index, start, end)) });
  }
  return windows;
}

/**
 * The person's usual for a window: for each figure, the median over `windows`. A figure
 * a window lacks counts as 0 there (nothing of it was logged in a window inside the
 * record), except sleep, whose median is over the windows with a night logged.
 * @returns {{windows: number, figures: Map<string, number>}}
 */
export function usualFigures(windows) {
  const keys = new Set(windows.flatMap((w) => [...w.figures.keys()]));
  const figures = new Map();
  for (const key of keys) {
    const values = key === 'sleep:hours'
      ? windows.filter((w) => w.figures.has(key)).map((w) => w.figures.get(key))
      : windows.map((w) => w.figures.get(key) ?? 0);
    if (values.length) figures.set(key, tenth(median(values)));
  }
  return { windows: windows.length, figures };
}

/**
 * The look-back before one episode, beside the usual.
 * @param {object} usual  usualFigures(everyWindow(index, hours))
 * @returns {{start: number, end: number, hours: number, partial: boolean, totals: object,
 *   rows: {key: string, value: number, usual: number|null, above: boolean}[]}}
 *   `partial` when the window begins before the record does; rows for every figure of
 *   the window or the usual, `above` when the window's figure is more than the usual
 */
export function crashLookBack(index, onset, hours, usual) {
  const end = onset;
  const start = end - hours * HOUR_MS;
  const totals = windowTotals(index, start, end);
  const figures = windowFigures(totals);
  const keys = new Set([...figures.keys(), ...usual.figures.keys()]);
  const rows = [...keys].map((key) => {
    const value = figures.get(key) ?? (key === 'sleep:hours' ? null : 0);
    const norm = usual.windows ? (usual.figures.get(key) ?? 0) : null;
    return { key, value, usual: norm, above: value !== null && norm !== null && value > norm };
  });
  return { start, end, hours, partial: !index.first || start < dayStart(index.first), totals, rows };
}
