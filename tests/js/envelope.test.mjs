import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  activityPoints,
  awaitingEffect,
  checkinOf,
  daySummary,
  doseLadder,
  hrEstimates,
  hrMark,
  lookBack,
  oneCheckinADay,
  substances,
} from '../../static/js/envelope.js';

const RATES = { light: 10, moderate: 20, hard: 40 };
const SETTINGS = { daily_budget_points: 30, points_per_hour: RATES };
const S = '2026-11-25T08:30:00.000Z-0000-0123456789abcdef';

let next = 0;
function rec(kind, data, { id = `${kind}-${(next += 1)}`, deleted = false } = {}) {
  const field_hlcs = Object.fromEntries(Object.keys(data).map((field) => [field, S]));
  return { id, kind, data, created_at: '2026-11-25T08:30:00Z', updated_at: '2026-11-25T08:30:00Z', deleted, field_hlcs, deleted_hlc: deleted ? S : null };
}
const act = (started_at, duration_min, intensity, extra = {}, options = {}) =>
  rec('activity', { started_at, duration_min, category: 'physical', intensity, name: 'x', ...extra }, options);

test('activity points: duration / 60 x the rate, one decimal, capped at 100', () => {
  assert.equal(activityPoints({ duration_min: 15, intensity: 'moderate' }, RATES), 5); // 15/60 x 20
  assert.equal(activityPoints({ duration_min: 45, intensity: 'light' }, RATES), 7.5);
  assert.equal(activityPoints({ duration_min: 9, intensity: 'light' }, RATES), 1.5); // no 1.4999
  assert.equal(activityPoints({ duration_min: 25, intensity: 'moderate' }, RATES), 8.3); // 8.333
  assert.equal(activityPoints({ duration_min: 1, intensity: 'light' }, RATES), 0.2); // 0.1667
  assert.equal(activityPoints({ duration_min: 3, intensity: 'light' }, { light: 5 }), 0.3); // 0.25 rounds half up
  assert.equal(activityPoints({ duration_min: 20, intensity: 'light' }, { light: 7.5 }), 2.5);
  assert.equal(activityPoints({ duration_min: 150, intensity: 'hard' }, RATES), 100); // exactly the cap
  assert.equal(activityPoints({ duration_min: 1440, intensity: 'hard' }, RATES), 100); // 960, capped
  assert.equal(activityPoints({ duration_min: 30, intensity: 'extreme' }, RATES), 0);
  assert.equal(activityPoints({ intensity: 'light' }, RATES), 0);
  assert.equal(activityPoints({ duration_min: 30, intensity: 'light' }, undefined), 0);
});

test('the envelope of a known day, figure by figure', () => {
  const day = '2026-11-25';
  const records = [
    act('2026-11-25T08:30:00+01:00', 15, 'moderate'), // 15/60 x 20 = 5.0
    act('2026-11-25T00:30:00+02:00', 45, 'light'), // the 24th in UTC, the 25th where it was logged: 7.5
    act('2026-11-25T16:00:00+01:00', 30, 'light', { points: 4.3 }), // its own points: 4.3
    act('2026-11-25T10:00:00+01:00', 60, 'hard', { points: 40 }, { deleted: true }), // deleted
    act('2026-11-24T23:30:00+01:00', 60, 'hard'), // the day before
    act('2026-11-26T00:10:00+01:00', 60, 'hard'), // the day after
    rec('rest', { started_at: '2026-11-25T13:00:00+01:00', duration_min: 120, kind: 'lying' }), // rest adds nothing
    rec('dose', { taken_at: '2026-11-25T09:00:00+01:00', substance: 'LDN', amount: 1.5, unit: 'mg' }),
    rec('checkin', { date: day, energy: 4, upright_hours: 3.5, energy_available: 40, energy_used: 50 }, { id: `checkin-${day}` }),
  ];
  const summary = daySummary(records, day, SETTINGS);
  assert.deepEqual(
    { ...summary, activities: undefined, checkin: undefined },
    {
      day,
      budget: 30,
      spent: 16.8, // 5 + 7.5 + 4.3
      left: 13.2, // 30 - 16.8
      over: 0,
      ratio: 0.56, // 16.8 / 30
      state: 'within',
      activities: undefined,
      upright_hours: 3.5,
      envelope_score: 1.25, // 50 / 40
      checkin: undefined,
    },
  );
  assert.equal(summary.checkin.data.energy, 4); // the day's check-in, for who needs more of it
  // In the order of the day, each with the points it counts.
  assert.deepEqual(
    summary.activities.map(({ record, points }) => [record.data.started_at, points]),
    [
      ['2026-11-25T00:30:00+02:00', 7.5],
      ['2026-11-25T08:30:00+01:00', 5],
      ['2026-11-25T16:00:00+01:00', 4.3],
    ],
  );
});

test('a day with nothing logged, and with no check-in figures', () => {
  const summary = daySummary([], '2026-11-25', SETTINGS);
  assert.deepEqual(
    { ...summary },
    {
      day: '2026-11-25',
      budget: 30,
      spent: 0,
      left: 30,
      over: 0,
      ratio: 0,
      state: 'within',
      activities: [],
      upright_hours: null,
      envelope_score: null,
      checkin: null,
    },
  );
  // energy_available 0 gives no score; one of the two missing gives none either.
  const zero = rec('checkin', { date: '2026-11-25', energy_available: 0, energy_used: 10 });
  assert.equal(daySummary([zero], '2026-11-25', SETTINGS).envelope_score, null);
  const half = rec('checkin', { date: '2026-11-25', energy_used: 10 });
  assert.equal(daySummary([half], '2026-11-25', SETTINGS).envelope_score, null);
  const deleted = rec('checkin', { date: '2026-11-25', upright_hours: 2 }, { deleted: true });
  assert.equal(daySummary([deleted], '2026-11-25', SETTINGS).upright_hours, null);
  // energy_used / energy_available to two decimals.
  const third = rec('checkin', { date: '2026-11-25', energy_available: 30, energy_used: 10 });
  assert.equal(daySummary([third], '2026-11-25', SETTINGS).envelope_score, 0.33);
});

test('states at the boundaries: within below 0.9, near from 0.9 to 1, over above 1', () => {
  const withPoints = (...points) =>
    points.map((p, i) => act(`2026-11-25T0${i}:00:00+01:00`, 10, 'light', { points: p }));
  const state = (budget, ...points) =>
    daySummary(withPoints(...points), '2026-11-25', { daily_budget_points: budget, points_per_hour: RATES });

  assert.equal(state(10, 8.9).state, 'within');
  assert.equal(state(10, 9).state, 'near');
  assert.equal(state(10, 10).state, 'near');
  assert.equal(state(10, 10.1).state, 'over');
  // 0.9 x 70 is 63.00000000000001 in floating point: 63 points is still "near".
  assert.equal(state(70, 63).state, 'near');
  assert.equal(state(70, 62.9).state, 'within');
  // Sums of tenths are exact: 0.1 + 0.2 is 0.3, and 3 x 3.3 + 0.1 is exactly the budget.
  assert.equal(state(10, 0.1, 0.2).spent, 0.3);
  const full = state(10, 3.3, 3.3, 3.3, 0.1);
  assert.deepEqual([full.spent, full.left, full.over, full.ratio, full.state], [10, 0, 0, 1, 'near']);

  const over = state(10, 9.5, 3);
  assert.deepEqual([over.spent, over.left, over.over, over.ratio, over.state], [12.5, 0, 2.5, 1.25, 'over']);
});

test('an activity without points counts its computed points at the person\'s own rates', () => {
  const records = [act('2026-11-25T08:00:00+01:00', 30, 'hard')];
  const own = { daily_budget_points: 30, points_per_hour: { light: 5, moderate: 10, hard: 30 } };
  assert.equal(daySummary(records, '2026-11-25', own).spent, 15);
  assert.equal(daySummary(records, '2026-11-25', SETTINGS).spent, 20);
});

test('heart-rate marks: only strictly above a set threshold', () => {
  assert.equal(hrMark({ avg_hr: 130, peak_hr: 150 }, undefined), null);
  assert.equal(hrMark({ avg_hr: 130, peak_hr: 150 }, null), null);
  assert.equal(hrMark({}, 100), null);
  assert.equal(hrMark({ avg_hr: null, peak_hr: null }, 100), null);
  assert.equal(hrMark({ avg_hr: 100, peak_hr: 100 }, 100), null); // at the threshold is not above it
  assert.equal(hrMark({ avg_hr: 90 }, 100), null);
  assert.deepEqual(hrMark({ avg_hr: 101 }, 100), { avg: true, peak: false });
  assert.deepEqual(hrMark({ avg_hr: 90, peak_hr: 120 }, 100), { avg: false, peak: true });
  assert.deepEqual(hrMark({ avg_hr: 105, peak_hr: 120 }, 100), { avg: true, peak: true });
});

test('heart-rate estimates: resting + 15 and 0.55 x (220 - age)', () => {
  assert.deepEqual(hrEstimates({ resting_hr: 62, age: 40 }), { resting_plus_15: 77, workwell: 99 });
  assert.deepEqual(hrEstimates({ resting_hr: 70, age: 35 }), { resting_plus_15: 85, workwell: 102 }); // 101.75
  assert.deepEqual(hrEstimates({ age: 50 }), { resting_plus_15: null, workwell: 94 }); // 93.5 rounds up
  assert.deepEqual(hrEstimates({ resting_hr: 58 }), { resting_plus_15: 73, workwell: null });
  assert.deepEqual(hrEstimates({}), { resting_plus_15: null, workwell: null });
});

const dose = (id, taken_at, substance, amount, extra = {}, options = {}) =>
  rec('dose', { taken_at, substance, amount, unit: 'mg', ...extra }, { id, ...options });

const DOSES = [
  dose('d3', '2026-11-15T21:00:00+01:00', ' ldn ', 3, { effect: 1, side_effects: ['vivid dreams'] }),
  dose('d1', '2026-11-01T21:00:00+01:00', 'LDN', 1.5),
  dose('d4', '2026-11-20T21:00:00+01:00', 'LDN', 4.5, {}, { deleted: true }),
  dose('m1', '2026-11-10T08:00:00+01:00', 'Magnesium', 200, { effect: 0 }),
  // Same wall-clock date, different offsets: the instant decides the order.
  dose('d6', '2026-11-22T21:00:00+01:00', 'Ldn ', 4.5, { effect: -1 }),
  dose('d5', '2026-11-22T21:30:00+05:00', 'LDN', 4.5),
];

test('the dose ladder of one substance: trimmed, any case, oldest first, deletions left out', () => {
  assert.deepEqual(doseLadder(DOSES, 'ldn'), [
    { id: 'd1', taken_at: '2026-11-01T21:00:00+01:00', amount: 1.5, unit: 'mg', effect: null, side_effects: [], day: '2026-11-01' },
    { id: 'd3', taken_at: '2026-11-15T21:00:00+01:00', amount: 3, unit: 'mg', effect: 1, side_effects: ['vivid dreams'], day: '2026-11-15' },
    { id: 'd5', taken_at: '2026-11-22T21:30:00+05:00', amount: 4.5, unit: 'mg', effect: null, side_effects: [], day: '2026-11-22' },
    { id: 'd6', taken_at: '2026-11-22T21:00:00+01:00', amount: 4.5, unit: 'mg', effect: -1, side_effects: [], day: '2026-11-22' },
  ]);
  assert.deepEqual(doseLadder(DOSES, '  LDN').map((row) => row.id), ['d1', 'd3', 'd5', 'd6']);
  assert.deepEqual(doseLadder(DOSES, 'magnesium').map((row) => [row.id, row.effect]), [['m1', 0]]);
  assert.deepEqual(doseLadder(DOSES, 'nothing'), []);
  assert.deepEqual(doseLadder(DOSES, ''), []);
});

test('substances: each once, in its most recent spelling, most recently taken first', () => {
  assert.deepEqual(substances(DOSES), ['Ldn', 'Magnesium']);
  assert.deepEqual(substances([...DOSES, dose('v1', '2026-11-23T08:00:00+01:00', 'Vitamin D', 1000)]), [
    'Vitamin D',
    'Ldn',
    'Magnesium',
  ]);
  assert.deepEqual(substances([]), []);
});

test('doses waiting for an effect: between 7 days and 2 hours old, both ends included, newest first', () => {
  const now = '2026-11-25T12:00:00Z';
  const records = [
    dose('at-2h', '2026-11-25T10:00:00Z', 'A', 1),
    dose('under-2h', '2026-11-25T10:00:00.001Z', 'A', 1),
    dose('at-7d', '2026-11-18T12:00:00Z', 'A', 1),
    dose('over-7d', '2026-11-18T11:59:59.999Z', 'A', 1),
    dose('offset', '2026-11-25T10:30:00+01:00', 'A', 1), // 09:30 UTC
    dose('rated', '2026-11-24T08:00:00Z', 'A', 1, { effect: 2 }),
    dose('rated-zero', '2026-11-24T08:00:00Z', 'A', 1, { effect: 0 }), // "no change" is a rating
    dose('cleared', '2026-11-24T09:00:00Z', 'A', 1, { effect: null }), // cleared: waiting again
    dose('deleted', '2026-11-24T08:00:00Z', 'A', 1, {}, { deleted: true }),
  ];
  assert.deepEqual(awaitingEffect(records, now).map((r) => r.id), ['at-2h', 'offset', 'cleared', 'at-7d']);
  assert.deepEqual(awaitingEffect(records, new Date(now)).map((r) => r.id), ['at-2h', 'offset', 'cleared', 'at-7d']);
  assert.deepEqual(awaitingEffect(records, Date.parse(now), 3).map((r) => r.id), ['cleared', 'at-7d']);
  assert.deepEqual(awaitingEffect(records, now, 0).map((r) => r.id)[0], 'under-2h');
});

test('look-back: activity, rest, dose and check-ins in [onset - hours, onset), newest first', () => {
  const onset = '2026-11-25T12:00:00Z';
  const records = [
    act('2026-11-25T12:00:00Z', 30, 'light', {}, { id: 'at-onset' }), // the end is left out
    act('2026-11-25T11:59:59.999Z', 30, 'light', {}, { id: 'just-before' }),
    act('2026-11-22T12:00:00Z', 30, 'light', {}, { id: 'at-start' }), // the start is included
    act('2026-11-22T11:59:59.999Z', 30, 'light', {}, { id: 'too-early' }),
    act('2026-11-24T20:00:00Z', 30, 'light', {}, { id: 'deleted', deleted: true }),
    rec('rest', { started_at: '2026-11-24T13:30:00+01:00', duration_min: 60, kind: 'nap' }, { id: 'rest' }),
    dose('dose', '2026-11-23T08:00:00Z', 'LDN', 1.5),
    rec('episode', { started_at: '2026-11-23T09:00:00Z' }, { id: 'episode' }), // not a trigger kind
    // A check-in counts from 00:00 of its date on this device: the 24th is in the window in
    // every time zone, the 27th in none.
    rec('checkin', { date: '2026-11-24', energy: 3 }, { id: 'checkin-2026-11-24' }),
    rec('checkin', { date: '2026-11-27', energy: 3 }, { id: 'checkin-2026-11-27' }),
  ];
  const midnight24 = new Date(2026, 10, 24).getTime();
  const expected = [
    ['just-before', Date.parse('2026-11-25T11:59:59.999Z')],
    ['rest', Date.parse('2026-11-24T12:30:00Z')],
    ['checkin-2026-11-24', midnight24],
    ['dose', Date.parse('2026-11-23T08:00:00Z')],
    ['at-start', Date.parse('2026-11-22T12:00:00Z')],
  ]
    .sort((a, b) => b[1] - a[1])
    .map(([id]) => id);
  assert.deepEqual(lookBack(records, onset).map((r) => r.id), expected);
  assert.deepEqual(lookBack(records, onset, 72).map((r) => r.id), expected);

  // 24 hours: from 2026-11-24T12:00Z.
  const day = lookBack(records, onset, 24).map((r) => r.id);
  assert.deepEqual(day.filter((id) => id !== 'checkin-2026-11-24'), ['just-before', 'rest']);
  assert.equal(day.includes('checkin-2026-11-24'), midnight24 >= Date.parse('2026-11-24T12:00:00Z'));
  // Up to 7 days.
  assert.ok(lookBack(records, onset, 168).map((r) => r.id).includes('too-early'));
  assert.deepEqual(lookBack(records, 'not a time'), []);
});

test('a day with two check-in records has one check-in: figures, look-back and lists agree', () => {
  const own = rec('checkin', { date: '2026-11-25', upright_hours: 3, energy_available: 40, energy_used: 20 },
    { id: 'checkin-2026-11-25' });
  const later = '2026-11-25T09:00:00.000Z-0000-0123456789abcdef';
  const other = rec('checkin', { date: '2026-11-25', upright_hours: 5 }, { id: '01a2374e-2e48-71fe-b772-edacede00001' });
  other.field_hlcs.upright_hours = later; // written after the app's own
  const summary = daySummary([own, other], '2026-11-25', SETTINGS);
  assert.equal(summary.upright_hours, 5);
  assert.equal(summary.envelope_score, 0.5);
  assert.deepEqual(checkinOf([other, own], '2026-11-25').data, {
    date: '2026-11-25', upright_hours: 5, energy_available: 40, energy_used: 20,
  });
  assert.equal(checkinOf([other, own], '2026-11-24'), null);
  const walk = act('2026-11-25T10:00:00+01:00', 20, 'light');
  const folded = oneCheckinADay([own, walk, other]);
  assert.deepEqual(folded.map((r) => r.id), ['checkin-2026-11-25', walk.id]);
  const before = lookBack([own, walk, other], '2026-11-26T09:00:00+01:00', 72);
  assert.deepEqual(before.map((r) => r.id), [walk.id, 'checkin-2026-11-25']);
});
