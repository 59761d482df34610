// Sleep and the next day: energy on the day after short, usual and long nights, with
// counts. A check-in's sleep is the night before its day, so a night pairs with the
// energy of the same check-in. Short and long are the person's own: more than an hour
// under or over their median night in the range. Pure module.

import { checkinValue, mean, median } from './days.js';

export const MARGIN_HOURS = 1;

/**
 * Over `days`.
 * @returns {{median: number|null, nights: number,
 *   groups: {short: {nights: number, energy: number|null, days: number}, usual: object, long: object}}}
 *   `nights` counts nights logged; a group's `days` the nights whose day has an energy
 */
export function sleepNextDay(index, days) {
  const nights = days
    .map((day) => ({ hours: checkinValue(index, day, 'sleep_hours'), energy: checkinValue(index, day, 'energy') }))
    .filter((night) => night.hours !== null);
  const middle = median(nights.map((n) => n.hours));
  const groups = {};
  for (const name of ['short', 'usual', 'long']) {
    const members = nights.filter((n) => groupOf(n.hours, middle) === name);
    const energies = members.map((n) => n.energy).filter((e) => e !== null);
    groups[name] = { nights: members.length, energy: mean(energies), days: energies.length };
  }
  return { median: middle, nights: nights.length, groups };
}

function groupOf(hours, middle) {
  if (hours < middle - MARGIN_HOURS) return 'short';
  if (hours > middle + MARGIN_HOURS) return 'long';
  return 'usual';
}
