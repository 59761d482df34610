// The snapshot, "how I feel now" (issue 12): several a day beside the one check-in, in the
// day index, in Insights' trends as readings at their own time, and on one chart's axis.
// Europe/London, so a reading's day and the chart's midnights are worked out by hand.
process.env.TZ = 'Europe/London';

import assert from 'node:assert/strict';
import { test } from 'node:test';

const { dayStart, diaryIndex } = await import('../../static/js/insights/days.js');
const { trendKeys, trendMoments, trendSeries } = await import('../../static/js/insights/trends.js');
const { chartColumns } = await import('../../static/js/insights/timeline.js');
const { computeInsights } = await import('../../static/js/insights/compute.js');
const { reportModel } = await import('../../static/js/insights/report.js');
const { snapshotSummary } = await import('../../static/js/ui.js');
const { validateData } = await import('../../static/js/kinds.js');

const base = { daily_budget_points: 40, symptoms: ['fatigue'], look_back_hours: 72 };
let next = 0;
const rec = (kind, data, extra = {}) => ({ id: `${kind}-${(next += 1)}`, kind, data, deleted: false, ...extra });
const snap = (taken_at, energy, symptoms) => rec('snapshot', symptoms ? { taken_at, energy, symptoms } : { taken_at, energy });
const ms = (iso) => Date.parse(iso);

// 2 March: a check-in (energy 4) and three snapshots, given out of order; 3 March: nothing;
// 4 March: one snapshot rating headache only, which no check-in rates.
const RECORDS = [
  rec('checkin', { date: '2026-03-02', energy: 4, symptoms: { fatigue: 6 } }, { id: 'checkin-2026-03-02' }),
  snap('2026-03-02T15:00:00+00:00', 6, { fatigue: 3 }),
  snap('2026-03-02T08:10:00+00:00', 2, { fatigue: 8, 'brain fog': 5 }),
  snap('2026-03-02T21:30:00+00:00', 3),
  snap('2026-03-04T09:00:00+00:00', 5, { headache: 4 }),
  { ...snap('2026-03-04T10:00:00+00:00', 9), deleted: true }, // a tombstone counts for nothing
];
const DAYS = ['2026-03-02', '2026-03-03', '2026-03-04'];

test('the day index keeps each snapshot at its time, in time order, and their symptom names', () => {
  const index = diaryIndex(RECORDS, base);
  assert.deepEqual(index.snapshots.map((s) => [s.day, s.record.data.energy]),
    [['2026-03-02', 2], ['2026-03-02', 6], ['2026-03-02', 3], ['2026-03-04', 5]]);
  assert.equal(index.snapshots[0].at, ms('2026-03-02T08:10:00Z'));
  // Snapshots are not the check-in: the day's check-in energy stays 4.
  assert.equal(index.days.get('2026-03-02').checkin.energy, 4);
  // A symptom rated only in a snapshot is offered as a trend, after the check-in's.
  assert.deepEqual(index.symptoms, ['fatigue', 'brain fog', 'headache']);
  assert.deepEqual(trendKeys(index).slice(-3), ['symptom:fatigue', 'symptom:brain fog', 'symptom:headache']);
});

test('the energy trend: the check-in daily value as it was, and the snapshots beside it', () => {
  const index = diaryIndex(RECORDS, base);
  const energy = trendSeries(index, 'energy', DAYS);
  assert.deepEqual(energy.values, [4, null, null]); // snapshots never fill a day's check-in
  assert.equal(energy.count, 1);
  assert.deepEqual(energy.moments.map((m) => [m.time, m.value]), [
    ['2026-03-02T08:10:00+00:00', 2], ['2026-03-02T15:00:00+00:00', 6],
    ['2026-03-02T21:30:00+00:00', 3], ['2026-03-04T09:00:00+00:00', 5],
  ]);
  assert.equal(energy.momentDays, 2);
  // A symptom: only the snapshots that rate it; one no snapshot rates has none.
  assert.deepEqual(trendMoments(index, 'symptom:fatigue', DAYS).map((m) => m.value), [8, 3]);
  const headache = trendSeries(index, 'symptom:headache', DAYS);
  assert.deepEqual([headache.values, headache.count, headache.moments.map((m) => m.value)],
    [[null, null, null], 0, [4]]);
  // Other trends have no snapshots; a range leaves out the snapshots outside it.
  assert.deepEqual(trendMoments(index, 'mood', DAYS), []);
  assert.deepEqual(trendMoments(index, 'points', DAYS), []);
  assert.deepEqual(trendMoments(index, 'energy', ['2026-03-03', '2026-03-04']).map((m) => m.value), [5]);
});

test("computeInsights carries the moments to the screen; the report's energy stays the check-ins'", () => {
  const model = computeInsights(RECORDS, base, 3, '2026-03-04', ms('2026-03-04T12:00:00Z'));
  assert.equal(model.trends.energy.moments.length, 4);
  assert.deepEqual(model.trends.energy.values, [4, null, null]);
  const report = reportModel(RECORDS, base, { from: '2026-03-02', to: '2026-03-04' }, ms('2026-03-04T12:00:00Z'));
  const energy = report.trends.find((row) => row.key === 'energy');
  assert.deepEqual([energy.mean, energy.days], [4, 1]);
});

test('one chart axis: days at midnight, readings at their instant, undefined between', () => {
  const index = diaryIndex(RECORDS, base);
  const energy = trendSeries(index, 'energy', DAYS);
  const [xs, daily, dots] = chartColumns(DAYS, [{ values: energy.values }, { moments: energy.moments }]);
  const s = (iso) => ms(iso) / 1000;
  assert.deepEqual(xs, [
    dayStart('2026-03-02') / 1000, s('2026-03-02T08:10:00Z'), s('2026-03-02T15:00:00Z'), s('2026-03-02T21:30:00Z'),
    dayStart('2026-03-03') / 1000, dayStart('2026-03-04') / 1000, s('2026-03-04T09:00:00Z'),
  ]);
  // The daily line: its value and gaps (null) at midnights; undefined (stepped over) elsewhere.
  assert.deepEqual(daily, [4, undefined, undefined, undefined, null, null, undefined]);
  assert.deepEqual(dots, [undefined, 2, 6, 3, undefined, undefined, 5]);
  // Without readings, the columns are the days' as before.
  assert.deepEqual(chartColumns(['2026-03-02'], [{ values: [4] }]), [[dayStart('2026-03-02') / 1000], [4]]);
});

test('a snapshot in a line, and the kind: energy required, at most three symptoms', () => {
  assert.equal(snapshotSummary({ taken_at: '2026-03-02T08:10:00Z', energy: 3 }), 'Snapshot · energy 3');
  assert.equal(snapshotSummary({ taken_at: '2026-03-02T08:10:00Z', energy: 0, symptoms: { fatigue: 8, pain: 2 } }),
    'Snapshot · energy 0 · fatigue 8, pain 2');
  const now = { now: ms('2026-03-02T12:00:00Z') };
  assert.deepEqual(validateData('snapshot', { taken_at: '2026-03-02T08:10:00Z', energy: 3 }, now), {});
  assert.deepEqual(Object.keys(validateData('snapshot', { taken_at: '2026-03-02T08:10:00Z' }, now)), ['energy']);
  const four = { a: 1, b: 2, c: 3, d: 4 };
  assert.deepEqual(validateData('snapshot', { taken_at: '2026-03-02T08:10:00Z', energy: 3, symptoms: four }, now),
    { symptoms: [{ code: 'too_many', params: { max: 3 } }] });
});
