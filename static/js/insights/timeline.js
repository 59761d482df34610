// A chart's columns when some of its series are daily values and some are readings at
// their own time of day (the snapshots beside the check-in's energy). uPlot draws aligned
// columns over one x axis: every day's midnight and every reading's instant, in order.
// Where a series has nothing at an x it holds `undefined`, which uPlot steps over (the
// line goes on), while `null`, a day with nothing logged, stays a gap. Pure module.

import { dayStart } from './days.js';

/**
 * @param {string[]} days
 * @param {{values?: (number|null)[], moments?: {at: number, value: number}[]}[]} series
 *   `values`: one per day; `moments`: readings at `at` (ms); two readings of one series at
 *   the same second are one dot (the later)
 * @returns {(number|null|undefined)[][]}  [x in seconds, ...one column per series]
 */
export function chartColumns(days, series) {
  const dayXs = days.map((day) => dayStart(day) / 1000);
  if (!series.some((s) => s.moments)) return [dayXs, ...series.map((s) => s.values)];
  const xs = [...new Set([...dayXs, ...series.flatMap((s) => (s.moments ?? []).map((m) => m.at / 1000))])]
    .sort((a, b) => a - b);
  const position = new Map(xs.map((x, i) => [x, i]));
  return [
    xs,
    ...series.map((s) => {
      const column = new Array(xs.length).fill(undefined);
      if (s.moments) for (const m of s.moments) column[position.get(m.at / 1000)] = m.value;
      else s.values.forEach((value, i) => { column[position.get(dayXs[i])] = value; });
      return column;
    }),
  ];
}
