// The appointment report: what a ten-minute appointment needs from the person's own
// log over one period, every figure with the number of days it rests on. Built from
// the same computations as Insights (compute.js and the modules beside it), never a
// second reading of the log. Figures and associations only: nothing here compares
// the period with another, nor says better, worse or what to do.
// Pure module: no DOM, runs under `node --test`. Records need only {id, kind, data}
// (the clinician's fetched entries carry no stamps, store day or tombstones).

import { addDays, isDay, localDay } from '../dates.js';
import { CATEGORIES, SETTINGS_DEFAULTS, TIME_FIELD, dayOf } from '../kinds.js';
import { entrySummary } from '../ui.js';
import { toMillis } from '../values.js';
import { computeInsights } from './compute.js';
import { daysFrom, isNumber, mean, median } from './days.js';
import { crashLookBack } from './lookback.js';

/** The period shown when none is asked for: the last 30 days, today included. */
export const DEFAULT_DAYS = 30;

const HOUR_MS = 3_600_000;
const tenth = (value) => Math.round(value * 10) / 10;

/**
 * The period asked for, made whole: both ends days, `from` not after `to`; a missing
 * or malformed end falls back to the last 30 days ending today.
 * @returns {{from: string, to: string}}
 */
export function reportPeriod({ from = null, to = null } = {}, now = Date.now()) {
  const end = isDay(to) ? to : localDay(new Date(now));
  const start = isDay(from) ? from : addDays(end, 1 - DEFAULT_DAYS);
  return start <= end ? { from: start, to: end } : { from: end, to: start };
}

/** Mean and median of the non-null values, and how many days they rest on. */
function figures(values) {
  const present = values.filter((v) => v !== null);
  return { mean: mean(present), median: median(present), days: present.length };
}

/** Only the records whose day lies in the period (both ends in), e.g. for its CSV. */
export function recordsInPeriod(records, { from, to }) {
  return records.filter((record) => {
    if (record.deleted || record.kind === 'settings') return false;
    const day = typeof record.day === 'string' ? record.day : dayOf(record.kind, record.data);
    return day !== null && day >= from && day <= to;
  });
}

/**
 * Everything the report shows for the period from..to.
 * @param {{id: string, kind: string, data: object}[]} records  the diary (any order)
 * @param {object} settings  the settings in force (effectiveSettings)
 * @param {{from?: string, to?: string}} period  YYYY-MM-DD, both included
 * @param {number} now  ms since the epoch (today, when no period is given)
 * @returns {object} see the fields below; each figure carries `days`, the days it rests on
 */
export function reportModel(records, settings, period = {}, now = Date.now()) {
  settings ??= SETTINGS_DEFAULTS; // a clinician's view may know no settings of the person
  const { from, to } = reportPeriod(period, now);
  const days = daysFrom(from, to);
  const insights = computeInsights(records, settings, days.length, to, now);
  const { index } = insights;
  const inPeriod = (day) => day >= from && day <= to;

  const logged = days.filter((day) => index.days.has(day)).length;

  // Energy, then each symptom rated at least once in the period, in the person's order.
  const trends = [
    { key: 'energy', ...figures(insights.trends.energy.values) },
    ...index.symptoms
      .map((name) => ({ key: `symptom:${name}`, name, ...figures(insights.trends[`symptom:${name}`].values) }))
      .filter((row) => row.days > 0),
  ];

  const { totals } = insights.envelope.daily;
  const spentDays = days.map((day) => index.days.get(day)?.spent ?? null);
  const envelope = {
    budget: insights.trends.points.budget[0], // the setting, or its default
    within: totals.within,
    near: totals.near,
    over: totals.over,
    logged: totals.logged,
    unlogged: days.length - totals.logged,
    spent: figures(spentDays),
  };

  const activity = activityMix(index, days);

  const sleep = {
    hours: figures(insights.trends.sleep_hours.values),
    quality: figures(insights.trends.sleep_quality.values),
  };
  const restingHr = figures(insights.trends.resting_hr.values);
  const uprightHours = figures(insights.trends.upright_hours.values);
  const bell = bellScores(days, insights.trends.bell_score.values);

  // Each crash that began in the period, and each that began before it and ended in it
  // (its day stays its first). One never ended counts only from its own start: a crash
  // left open by mistake must not reach every later report.
  const endDay = (end) => localDay(new Date(end));
  const episodes = index.episodes
    .filter(({ record, end }) => {
      const day = dayOf('episode', record.data);
      return inPeriod(day) || (day < from && end !== null && endDay(end) >= from);
    })
    .map(({ record, onset, end }) => ({
      id: record.id,
      day: dayOf('episode', record.data),
      started_at: record.data.started_at,
      ended_at: end === null ? null : record.data.ended_at,
      hours: end === null ? null : tenth((end - onset) / HOUR_MS),
      severity: record.data.severity ?? null,
      symptoms: Array.isArray(record.data.symptoms) ? [...record.data.symptoms] : [],
      back: crashLookBack(index, onset, insights.hours, insights.usual),
    }));

  const questionnaires = insights.questionnaire.history
    .filter((answer) => inPeriod(answer.day))
    .map(({ id, day, score }) => ({
      id,
      day,
      frequencyTotal: score.frequencyTotal,
      severityTotal: score.severityTotal,
      answered: score.answered,
      indicated: score.indicated,
    }));

  return {
    from,
    to,
    days: days.length,
    logged,
    hours: insights.hours,
    usualWindows: insights.usual.windows,
    trends,
    envelope,
    activity,
    sleep,
    restingHr,
    uprightHours,
    bell,
    episodes,
    medication: medicationTimeline(insights.titration, from, to),
    questionnaires,
    notes: clinicianNotes(index, days, settings),
  };
}

/**
 * Points and minutes per category over the period's days (an activity counts on its
 * own day, as the envelope does), with the days each category was logged on.
 * @returns {{categories: {category: string, points: number, minutes: number, count: number, days: number}[],
 *   points: number, minutes: number, days: number}}  every category, in the kinds' order
 */
function activityMix(index, days) {
  const rows = new Map(CATEGORIES.map((category) => [category, { category, points: 0, minutes: 0, count: 0, days: 0 }]));
  let activeDays = 0;
  for (const day of days) {
    const activities = index.days.get(day)?.activities ?? [];
    if (activities.length) activeDays += 1;
    const seen = new Set();
    for (const { record, points } of activities) {
      const row = rows.get(record.data.category);
      if (!row) continue;
      row.points = tenth(row.points + points);
      row.minutes += isNumber(record.data.duration_min) ? record.data.duration_min : 0;
      row.count += 1;
      seen.add(row);
    }
    for (const row of seen) row.days += 1;
  }
  const categories = [...rows.values()];
  return {
    categories,
    points: tenth(categories.reduce((sum, row) => sum + row.points, 0)),
    minutes: categories.reduce((sum, row) => sum + row.minutes, 0),
    days: activeDays,
  };
}

/** The Bell scores of the period: each with its day, and their median, lowest and highest. */
function bellScores(days, values) {
  const scores = days.map((day, i) => ({ day, score: values[i] })).filter((s) => s.score !== null);
  const numbers = scores.map((s) => s.score);
  return {
    scores,
    median: median(numbers),
    lowest: numbers.length ? Math.min(...numbers) : null,
    highest: numbers.length ? Math.max(...numbers) : null,
    days: scores.length,
  };
}

/**
 * Per substance taken in the period, its dose ladder there as steps (one step per run of
 * the same amount and unit): the first and last day of the step, its doses, the effects
 * rated (their mean and how many) and the side effects named; and the dose before the
 * period, if any, so a first step in the period reads against it. Substances most
 * recently taken first, as titration lists them. The means around each change of dose
 * (Insights' "Dose changes") are left out: they reach 7 days past the period's ends.
 */
function medicationTimeline(titrations, from, to) {
  const out = [];
  for (const { substance, ladder } of titrations) {
    const inside = ladder.filter((dose) => dose.day >= from && dose.day <= to);
    if (!inside.length) continue;
    const earlier = ladder.filter((dose) => dose.day < from).at(-1) ?? null;
    const steps = [];
    for (const dose of inside) {
      let step = steps.at(-1);
      if (!step || step.amount !== dose.amount || step.unit !== dose.unit) {
        step = { from: dose.day, to: dose.day, amount: dose.amount, unit: dose.unit, doses: 0, effects: [], side_effects: [] };
        steps.push(step);
      }
      step.to = dose.day;
      step.doses += 1;
      if (dose.effect !== null) step.effects.push(dose.effect);
      for (const side of dose.side_effects) if (!step.side_effects.includes(side)) step.side_effects.push(side);
    }
    out.push({
      substance,
      before: earlier && { day: earlier.day, amount: earlier.amount, unit: earlier.unit },
      steps: steps.map(({ effects, ...step }) => ({ ...step, effect: { mean: mean(effects), rated: effects.length } })),
    });
  }
  return out;
}

/**
 * The entries the person marked for the clinician (for_clinician true) in the period,
 * by day then time: a day's check-ins count as one, as everywhere.
 * @returns {{id: string, day: string, kind: string, summary: string, note: string|null}[]}
 */
function clinicianNotes(index, days, settings) {
  const notes = [];
  for (const day of days) {
    const entry = index.days.get(day);
    if (!entry) continue;
    const marked = entry.records.filter((record) => record.kind !== 'checkin' && record.data?.for_clinician === true);
    if (entry.checkin?.for_clinician === true) {
      marked.push({ id: `checkin-${day}`, kind: 'checkin', data: entry.checkin });
    }
    marked
      .map((record) => ({ record, at: toMillis(record.data[TIME_FIELD[record.kind]]) }))
      .sort((a, b) => (a.at || 0) - (b.at || 0) || (a.record.id < b.record.id ? -1 : 1))
      .forEach(({ record }) => notes.push({
        id: record.id,
        day,
        kind: record.kind,
        summary: entrySummary(record, settings),
        note: typeof record.data.note === 'string' && record.data.note.trim() ? record.data.note : null,
      }));
  }
  return notes;
}
