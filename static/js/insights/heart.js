// Heart rate: the days and activities whose average or peak heart rate passed the
// person's threshold, and the minutes of those activities. Information, never a
// warning. Pure module.

import { hrMark, substanceKey } from '../envelope.js';
import { isNumber } from './days.js';

/**
 * Over `days`.
 * @returns {null|{threshold: number, days: number, daysAbove: number, withHr: number,
 *   above: number, minutesAbove: number, activities: {name: string, above: number, withHr: number, minutes: number}[]}}
 *   null without a threshold; `days` counts the days with any heart rate logged on an
 *   activity, `withHr` the activities; activities with a mark, the most marked first
 */
export function heartRateDays(index, days) {
  const threshold = index.settings?.hr_threshold;
  if (!isNumber(threshold)) return null;
  const byName = new Map();
  let daysWithHr = 0;
  let daysAbove = 0;
  let withHr = 0;
  let above = 0;
  let minutesAbove = 0;
  for (const day of days) {
    let logged = false;
    let marked = false;
    for (const { record } of index.days.get(day)?.activities ?? []) {
      const data = record.data;
      if (!isNumber(data.avg_hr) && !isNumber(data.peak_hr)) continue;
      logged = true;
      withHr += 1;
      const name = typeof data.name === 'string' ? data.name.trim() : '';
      const key = substanceKey(name);
      const named = byName.get(key) ?? { name, above: 0, withHr: 0, minutes: 0 };
      byName.set(key, named);
      named.withHr += 1;
      if (!hrMark(data, threshold)) continue;
      marked = true;
      above += 1;
      named.above += 1;
      const minutes = isNumber(data.duration_min) ? data.duration_min : 0;
      named.minutes += minutes;
      minutesAbove += minutes;
    }
    if (logged) daysWithHr += 1;
    if (marked) daysAbove += 1;
  }
  const activities = [...byName.values()]
    .filter((a) => a.above > 0)
    .sort((a, b) => b.above - a.above || b.minutes - a.minutes || (a.name < b.name ? -1 : 1));
  return { threshold, days: daysWithHr, daysAbove, withHr, above, minutesAbove, activities };
}
