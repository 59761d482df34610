// The envelope over time: days within, near and over the budget by week, the daily
// ratio spent / budget, Jason's energy used / available where logged, and upright
// hours as a share of waking time. Figures only: nothing here judges them. Pure module.

import { addDays } from '../dates.js';
import { isNumber } from './days.js';

const round2 = (value) => Math.round(value * 100) / 100;

/** The Monday of the week `day` is in. */
export function weekOf(day) {
  const [y, m, d] = day.split('-').map(Number);
  const weekday = (new Date(y, m - 1, d).getDay() + 6) % 7; // Monday 0 .. Sunday 6
  return addDays(day, -weekday);
}

/**
 * By week (Monday first), the days of `days` within, near and over the budget; a day
 * with no activity logged is in none (`unlogged`), never "within".
 * @returns {{week: string, within: number, near: number, over: number, unlogged: number}[]}
 */
export function envelopeWeeks(index, days) {
  const weeks = new Map();
  for (const day of days) {
    const week = weekOf(day);
    if (!weeks.has(week)) weeks.set(week, { week, within: 0, near: 0, over: 0, unlogged: 0 });
    const state = index.days.get(day)?.state ?? null;
    weeks.get(week)[state ?? 'unlogged'] += 1;
  }
  return [...weeks.values()];
}

/** Energy used / available of a check-in (Jason's envelope), or null. */
function usedOfAvailable(checkin) {
  const used = checkin?.energy_used;
  const available = checkin?.energy_available;
  return isNumber(used) && isNumber(available) && available > 0 ? round2(used / available) : null;
}

/** Upright hours / waking hours (24 - sleep), at most 1; null unless both are logged. */
function uprightShare(checkin) {
  const upright = checkin?.upright_hours;
  const sleep = checkin?.sleep_hours;
  if (!isNumber(upright) || !isNumber(sleep) || sleep >= 24) return null;
  return Math.min(1, round2(upright / (24 - sleep)));
}

/**
 * The envelope's daily series over `days`; null where not logged.
 * @returns {{ratio: (number|null)[], usedOfAvailable: (number|null)[], uprightShare: (number|null)[],
 *   totals: {within: number, near: number, over: number, logged: number}}}
 */
export function envelopeDaily(index, days) {
  const totals = { within: 0, near: 0, over: 0, logged: 0 };
  const ratio = [];
  const used = [];
  const upright = [];
  for (const day of days) {
    const entry = index.days.get(day);
    ratio.push(entry?.ratio ?? null);
    used.push(usedOfAvailable(entry?.checkin));
    upright.push(uprightShare(entry?.checkin));
    if (entry?.state) {
      totals[entry.state] += 1;
      totals.logged += 1;
    }
  }
  return { ratio, usedOfAvailable: used, uprightShare: upright, totals };
}
