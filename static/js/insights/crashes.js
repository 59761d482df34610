// Across crashes: which categories and named activities were above the person's usual
// in the look-back before how many crashes, set against how often the same was true in
// windows that ended in no crash, so a load that is always high does not look like a
// trigger. Only from 3 crashes on; always with the counts; an association in the
// person's own log, never a cause. Pure module.

import { crashLookBack, usualFigures } from './lookback.js';

const HOUR_MS = 3_600_000;
export const MIN_CRASHES = 3;

/** What is compared: load by category (points), named activities (minutes), heart-rate marks. */
const isLoad = (key) => /^category:[^:]+:points$/.test(key) || key.startsWith('activity:') || key === 'heart:marked';

/**
 * The crashes counted: episodes in onset order, where one that begins less than `hours`
 * after the previous counted crash began is part of it (its look-back is mostly that
 * crash), so two entries 2 h apart are one crash.
 * @returns {{record: object, onset: number}[]}
 */
export function distinctCrashes(index, hours) {
  const out = [];
  for (const episode of index.episodes) {
    const previous = out.at(-1);
    if (previous && episode.onset - previous.onset < hours * HOUR_MS) continue;
    out.push(episode);
  }
  return out;
}

/**
 * The windows (of everyWindow) that ended in no crash: no episode began in the window
 * or in the 24 h after it.
 */
export function calmWindows(index, windows) {
  const onsets = index.episodes.map((e) => e.onset);
  return windows.filter(({ start, end }) => !onsets.some((at) => at >= start && at < end + 24 * HOUR_MS));
}

/**
 * @param {object[]} windows  everyWindow(index, hours)
 * @param {object} usual  usualFigures(windows), when already at hand
 * @returns {null|{crashes: number, calm: number, hours: number,
 *   rows: {key: string, crashesAbove: number, calmAbove: number}[]}}  null under 3 crashes;
 *   rows for each figure above the usual before at least one crash, the largest share
 *   of crashes over share of calm windows first
 */
export function acrossCrashes(index, hours, windows, usual = usualFigures(windows)) {
  const crashes = distinctCrashes(index, hours);
  if (crashes.length < MIN_CRASHES) return null;
  const calm = calmWindows(index, windows);
  const above = (figures, key) => (figures.get(key) ?? 0) > (usual.figures.get(key) ?? 0);
  const counts = new Map();
  for (const crash of crashes) {
    for (const row of crashLookBack(index, crash.onset, hours, usual).rows) {
      if (isLoad(row.key) && row.above) counts.set(row.key, (counts.get(row.key) ?? 0) + 1);
    }
  }
  const rows = [...counts].map(([key, crashesAbove]) => ({
    key,
    crashesAbove,
    calmAbove: calm.filter((w) => above(w.figures, key)).length,
  }));
  const share = (row) => row.crashesAbove / crashes.length - (calm.length ? row.calmAbove / calm.length : 0);
  rows.sort((a, b) => share(b) - share(a) || b.crashesAbove - a.crashesAbove || (a.key < b.key ? -1 : 1));
  return { crashes: crashes.length, calm: calm.length, hours, rows };
}
