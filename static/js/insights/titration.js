// Titration: per substance, the dose ladder (every dose, with its effect and side
// effects) and, for each change of dose, mean energy and each symptom in the 7 days
// before and the 7 days from it, with how many days each mean rests on. Nothing here
// compares the two as better or worse: that is the person's to conclude. Pure module.

import { addDays } from '../dates.js';
import { doseLadder, substances } from '../envelope.js';
import { checkinValue, daysFrom, mean, symptomValue } from './days.js';

export const AROUND_DAYS = 7;

/** The dose records of the index. */
function doseRecords(index) {
  return index.timed.filter(({ record }) => record.kind === 'dose').map(({ record }) => record);
}

/** A mean over `days` and the number of days it rests on. */
function meanOver(days, valueOf) {
  const values = days.map(valueOf).filter((v) => v !== null);
  return { mean: mean(values), days: values.length };
}

/**
 * The figures around a change on `day`: before is the 7 days before it, after is the
 * day itself and the 6 after it.
 * @returns {{key: string, before: {mean: number|null, days: number}, after: {mean: number|null, days: number}}[]}
 */
export function aroundChange(index, day) {
  const before = daysFrom(addDays(day, -AROUND_DAYS), addDays(day, -1));
  const after = daysFrom(day, addDays(day, AROUND_DAYS - 1));
  const figure = (key, valueOf) => ({ key, before: meanOver(before, valueOf), after: meanOver(after, valueOf) });
  return [
    figure('energy', (d) => checkinValue(index, d, 'energy')),
    ...index.symptoms.map((name) => figure(`symptom:${name}`, (d) => symptomValue(index, d, name))),
  ];
}

/**
 * Every substance, most recently taken first.
 * @returns {{substance: string, ladder: object[], changes: {day: string, taken_at: string,
 *   from: {amount: number, unit: string}, to: {amount: number, unit: string}, figures: object[]}[]}[]}
 *   a change is a dose whose amount or unit differs from the dose before it
 */
export function titration(index) {
  const doses = doseRecords(index);
  return substances(doses).map((substance) => {
    const ladder = doseLadder(doses, substance);
    const changes = [];
    for (let i = 1; i < ladder.length; i++) {
      const [was, now] = [ladder[i - 1], ladder[i]];
      if (was.amount === now.amount && was.unit === now.unit) continue;
      changes.push({
        day: now.day,
        taken_at: now.taken_at,
        from: { amount: was.amount, unit: was.unit },
        to: { amount: now.amount, unit: now.unit },
        figures: aroundChange(index, now.day),
      });
    }
    return { substance, ladder, changes };
  });
}
