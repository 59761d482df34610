// The insights, on small diaries whose answers are worked out by hand in the comments.
// Europe/London, so the fixtures can cross a daylight-saving change (2026-03-29, a 23 h day).
process.env.TZ = 'Europe/London';

import assert from 'node:assert/strict';
import { test } from 'node:test';

const { acrossCrashes, distinctCrashes, calmWindows } = await import('../../static/js/insights/crashes.js');
const { dayStart, daysFrom, diaryIndex, median } = await import('../../static/js/insights/days.js');
const { envelopeDaily, envelopeWeeks, weekOf } = await import('../../static/js/insights/envelope-time.js');
const { heartRateDays } = await import('../../static/js/insights/heart.js');
const { crashLookBack, everyWindow, usualFigures, windowTotals } = await import('../../static/js/insights/lookback.js');
const { sleepNextDay } = await import('../../static/js/insights/sleep.js');
const { titration } = await import('../../static/js/insights/titration.js');
const { rangeDays, trendKeys, trendSeries } = await import('../../static/js/insights/trends.js');

const H = 3_600_000;
const RATES = { light: 10, moderate: 20, hard: 40 };
const base = { daily_budget_points: 40, points_per_hour: RATES, symptoms: ['fatigue'], look_back_hours: 72 };
const OLD = '2026-03-01T08:00:00.000Z-0000-0123456789abcdef';
const NEW = '2026-03-20T08:00:00.000Z-0000-0123456789abcdef';

let next = 0;
function rec(kind, data, { id = `${kind}-${(next += 1)}`, stamp = OLD, created = '2026-03-01T08:00:00Z' } = {}) {
  const field_hlcs = Object.fromEntries(Object.keys(data).map((field) => [field, stamp]));
  return { id, kind, data, created_at: created, updated_at: created, deleted: false, field_hlcs, deleted_hlc: null };
}
const checkin = (date, data, options) => rec('checkin', { date, ...data }, { id: `checkin-${date}`, ...options });
const act = (started_at, duration_min, category, intensity, name, extra = {}, options) =>
  rec('activity', { started_at, duration_min, category, intensity, name, ...extra }, options);
const crash = (started_at, extra = {}) => rec('episode', { started_at, ...extra });
const dose = (taken_at, amount, unit = 'mg', extra = {}) =>
  rec('dose', { taken_at, substance: 'LDN', amount, unit, ...extra });

test('no data: every insight is empty, and nothing reads as zero', () => {
  const index = diaryIndex([], base);
  assert.equal(index.first, null);
  const days = rangeDays(index, 'all', '2026-03-04');
  assert.deepEqual(days, ['2026-03-04']);
  assert.deepEqual(trendSeries(index, 'energy', rangeDays(index, 7, '2026-03-04')).values, Array(7).fill(null));
  assert.deepEqual(trendSeries(index, 'points', days).values, [null]);
  assert.deepEqual(everyWindow(index, 72), []);
  assert.equal(acrossCrashes(index, 72, []), null);
  assert.deepEqual(envelopeWeeks(index, days), [{ week: '2026-03-02', within: 0, near: 0, over: 0, unlogged: 1 }]);
  assert.deepEqual(sleepNextDay(index, days).groups.usual, { nights: 0, energy: null, days: 0 });
  assert.equal(heartRateDays(index, days), null); // no threshold set
  assert.deepEqual(titration(index), []);
  assert.deepEqual(usualFigures([]), { windows: 0, figures: new Map() });
});

test('one day: its figures, and the days around it are gaps', () => {
  const index = diaryIndex([
    checkin('2026-03-02', { energy: 4, symptoms: { fatigue: 6, nausea: 3 } }),
    act('2026-03-02T10:00:00+00:00', 30, 'physical', 'moderate', 'Shower'), // 30/60 x 20 = 10 points
  ], base);
  const days = rangeDays(index, 'all', '2026-03-04');
  assert.deepEqual(days, ['2026-03-02', '2026-03-03', '2026-03-04']);
  assert.deepEqual(trendSeries(index, 'energy', days), {
    key: 'energy', values: [4, null, null], budget: null, count: 1, moments: [], momentDays: 0,
  });
  assert.deepEqual(trendSeries(index, 'points', days).values, [10, null, null]);
  assert.deepEqual(trendSeries(index, 'points', days).budget, [40, 40, 40]);
  // A symptom not rated is a gap, and a symptom only the log knows is offered too.
  assert.deepEqual(trendSeries(index, 'symptom:nausea', days).values, [3, null, null]);
  assert.deepEqual(trendKeys(index).slice(-3), ['points', 'symptom:fatigue', 'symptom:nausea']);
  assert.deepEqual(rangeDays(index, 7, '2026-03-04')[0], '2026-02-26');
});

test('several check-ins for one date count as one, the newest value of each field', () => {
  const index = diaryIndex([
    checkin('2026-03-02', { energy: 4, sleep_hours: 7 }),
    rec('checkin', { date: '2026-03-02', energy: 6, mood: 5 }, { id: '0190a000-0000-7000-8000-000000000001', stamp: NEW }),
  ], base);
  const days = ['2026-03-02'];
  assert.deepEqual(trendSeries(index, 'energy', days).values, [6]);
  assert.deepEqual(trendSeries(index, 'mood', days).values, [5]);
  assert.deepEqual(trendSeries(index, 'sleep_hours', days).values, [7]);
  assert.equal(sleepNextDay(index, days).nights, 1);
});

// The look-back fixture: "Reading" (cognitive, light, 60 min = 10 points) at 10:00 each
// day from 1 to 6 March; "Email" (cognitive, hard, 60 min = 40 points) on 5 March at 14:00;
// nights of 6, 8 and 7 h on the 4th, 5th and 6th; a crash on 6 March at 09:00.
function lookBackDiary(extra = []) {
  const records = [];
  for (const day of daysFrom('2026-03-01', '2026-03-06')) {
    records.push(act(`${day}T10:00:00+00:00`, 60, 'cognitive', 'light', 'Reading'));
  }
  records.push(act('2026-03-05T14:00:00+00:00', 60, 'cognitive', 'hard', 'Email'));
  records.push(checkin('2026-03-04', { sleep_hours: 6 }), checkin('2026-03-05', { sleep_hours: 8 }),
    checkin('2026-03-06', { sleep_hours: 7 }));
  records.push(crash('2026-03-06T09:00:00+00:00'), ...extra);
  return diaryIndex(records, base);
}

test('crash look-back: the 72 h before onset, beside the median of every 72 h window', () => {
  const index = lookBackDiary();
  // Windows ending at a midnight and starting on or after 1 March 00:00: ends 4, 5, 6, 7 March.
  // Cognitive points in them: 30, 30, 70, 70 -> median 50. Email minutes: 0, 0, 60, 60 -> 30.
  const windows = everyWindow(index, 72);
  assert.deepEqual(windows.map((w) => new Date(w.end).toISOString().slice(0, 10)), ['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07']);
  const usual = usualFigures(windows);
  assert.equal(usual.windows, 4);
  assert.equal(usual.figures.get('category:cognitive:points'), 50);
  assert.equal(usual.figures.get('activity:email:minutes'), 30);
  assert.equal(usual.figures.get('activity:reading:minutes'), 180);
  // Before the crash, [3 Mar 09:00, 6 Mar 09:00): Reading on the 3rd, 4th, 5th (30 points,
  // 180 min) and Email (40 points, 60 min): cognitive 70 points, 240 minutes.
  const back = crashLookBack(index, index.episodes[0].onset, 72, usual);
  assert.equal(back.partial, false);
  assert.deepEqual(back.totals.categories.cognitive, { points: 70, minutes: 240 });
  assert.deepEqual(back.totals.categories.physical, { points: 0, minutes: 0 });
  assert.deepEqual(back.totals.activities.email, { name: 'Email', points: 40, minutes: 60, count: 1 });
  // The nights of the 4th, 5th and 6th (their days start inside the window): mean 7.
  assert.deepEqual(back.totals.sleep, { hours: 7, nights: 3 });
  const row = (key) => back.rows.find((r) => r.key === key);
  assert.deepEqual(row('category:cognitive:points'), { key: 'category:cognitive:points', value: 70, usual: 50, above: true });
  assert.deepEqual(row('activity:email:minutes'), { key: 'activity:email:minutes', value: 60, usual: 30, above: true });
  assert.equal(row('activity:reading:minutes').above, false); // 180, as usual
  // The usual night is the median of the windows' mean nights: 6 (end 5th), 7 (6th), 7.5 (7th).
  assert.deepEqual(row('sleep:hours'), { key: 'sleep:hours', value: 7, usual: 7, above: false });
});

test('an episode on the first day of the record: its look-back says the record is shorter', () => {
  const index = lookBackDiary([crash('2026-03-01T20:00:00+00:00')]);
  const first = index.episodes[0];
  assert.equal(first.record.data.started_at, '2026-03-01T20:00:00+00:00');
  const back = crashLookBack(index, first.onset, 72, usualFigures(everyWindow(index, 72)));
  assert.equal(back.partial, true);
  assert.deepEqual(back.totals.categories.cognitive, { points: 10, minutes: 60 }); // the 1st's Reading
});

test('an entry back-filled days later counts by when it happened, not when it was written', () => {
  const late = act('2026-03-04T15:00:00+00:00', 30, 'physical', 'hard', 'Walk', {}, { created: '2026-03-19T20:00:00Z', stamp: NEW });
  const index = lookBackDiary([late]);
  const back = crashLookBack(index, index.episodes[0].onset, 72, usualFigures(everyWindow(index, 72)));
  assert.deepEqual(back.totals.categories.physical, { points: 20, minutes: 30 });
});

test('daylight saving: the 23 h day of 29 March 2026, and windows counted in hours', () => {
  assert.equal(dayStart('2026-03-30') - dayStart('2026-03-29'), 23 * H);
  assert.deepEqual(daysFrom('2026-03-28', '2026-03-30'), ['2026-03-28', '2026-03-29', '2026-03-30']);
  const index = diaryIndex([
    act('2026-03-28T23:30:00+00:00', 20, 'physical', 'light', 'Late'), // 24 h before 30 March 00:00 BST is 23:00 GMT
    act('2026-03-29T12:00:00+01:00', 30, 'physical', 'light', 'Noon'),
    act('2026-03-28T22:30:00+00:00', 30, 'physical', 'light', 'Earlier'), // outside
  ], base);
  const end = dayStart('2026-03-30');
  const totals = windowTotals(index, end - 24 * H, end);
  assert.deepEqual(Object.keys(totals.activities), ['late', 'noon']);
  assert.equal(totals.categories.physical.minutes, 50);
});

// Across crashes: 1-20 April; "Reading" (cognitive, 10 points) at 10:00 each day; "Walk"
// (physical, hard, 30 min = 20 points) at 15:00 on the 4th, 9th, 14th and 18th; crashes at
// 12:00 on the 5th, 10th and 15th, and a second entry 2 h after the last (one crash). 24 h look-back.
function acrossDiary({ crashes = ['05', '10', '15'] } = {}) {
  const records = [];
  for (const day of daysFrom('2026-04-01', '2026-04-20')) records.push(act(`${day}T10:00:00+01:00`, 60, 'cognitive', 'light', 'Reading'));
  for (const d of ['04', '09', '14', '18']) records.push(act(`2026-04-${d}T15:00:00+01:00`, 30, 'physical', 'hard', 'Walk'));
  for (const d of crashes) records.push(crash(`2026-04-${d}T12:00:00+01:00`, { ended_at: `2026-04-${d}T20:00:00+01:00` }));
  if (crashes.includes('15')) records.push(crash('2026-04-15T14:00:00+01:00')); // overlaps the crash of the 15th
  return diaryIndex(records, { ...base, look_back_hours: 24 });
}

test('across crashes: above the usual before 3 of 3 crashes, and in 1 of 14 calm windows', () => {
  const index = acrossDiary();
  assert.equal(index.episodes.length, 4);
  assert.equal(distinctCrashes(index, 24).length, 3); // the entry 2 h after is the same crash
  // 20 windows of 24 h (each a calendar day); usual physical points: 4 of 20 are 20 -> median 0.
  const windows = everyWindow(index, 24);
  assert.equal(windows.length, 20);
  // Calm: no onset in the window or the 24 h after: the days before and of each crash are not.
  assert.equal(calmWindows(index, windows).length, 14);
  const result = acrossCrashes(index, 24, windows);
  assert.equal(result.crashes, 3);
  assert.equal(result.calm, 14);
  // Reading is 10 every window and 10 before each crash: never above, so not listed.
  assert.deepEqual(result.rows, [
    { key: 'activity:walk:minutes', crashesAbove: 3, calmAbove: 1 },
    { key: 'category:physical:points', crashesAbove: 3, calmAbove: 1 },
  ]);
});

test('across crashes needs 3 crashes', () => {
  const index = acrossDiary({ crashes: ['05', '10'] });
  assert.equal(acrossCrashes(index, 24, everyWindow(index, 24)), null);
});

test('median', () => {
  assert.equal(median([]), null);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});

test('envelope over time: by week, the daily ratio, used / available and upright share', () => {
  // 1 March 2026 is a Sunday. Budget 40: 30 points within, 38 near (>= 90 %), 50 over.
  const index = diaryIndex([
    act('2026-03-01T10:00:00+00:00', 60, 'physical', 'light', 'A', { points: 30 }),
    act('2026-03-02T10:00:00+00:00', 60, 'physical', 'light', 'A', { points: 38 }),
    act('2026-03-03T10:00:00+00:00', 60, 'physical', 'light', 'A', { points: 50 }),
    checkin('2026-03-04', { energy_used: 30, energy_available: 40, upright_hours: 4, sleep_hours: 8 }),
  ], base);
  const days = daysFrom('2026-03-01', '2026-03-04');
  assert.equal(weekOf('2026-03-01'), '2026-02-23');
  assert.deepEqual(envelopeWeeks(index, days), [
    { week: '2026-02-23', within: 1, near: 0, over: 0, unlogged: 0 },
    { week: '2026-03-02', within: 0, near: 1, over: 1, unlogged: 1 },
  ]);
  const daily = envelopeDaily(index, days);
  assert.deepEqual(daily.ratio, [0.75, 0.95, 1.25, null]);
  assert.deepEqual(daily.usedOfAvailable, [null, null, null, 0.75]);
  assert.deepEqual(daily.uprightShare, [null, null, null, 0.25]); // 4 of 24 - 8 waking hours
  assert.deepEqual(daily.totals, { within: 1, near: 1, over: 1, logged: 3 });
});

test('titration: the ladder, and means in the 7 days before and from each change', () => {
  const records = [];
  for (const day of daysFrom('2026-03-01', '2026-03-07')) records.push(dose(`${day}T21:00:00+00:00`, 1.5));
  for (const day of daysFrom('2026-03-08', '2026-03-14')) records.push(dose(`${day}T21:00:00+00:00`, 3, 'mg', { effect: 1, side_effects: ['vivid dreams'] }));
  // Energy 3, 3, 4, 4, 3, (none), 4 before: 21 / 6 = 3.5; 5, 4, -, -, 4, 5, 4 from: 22 / 5 = 4.4.
  const before = [3, 3, 4, 4, 3, null, 4];
  const after = [5, 4, null, null, 4, 5, 4];
  daysFrom('2026-03-01', '2026-03-14').forEach((day, i) => {
    const energy = [...before, ...after][i];
    const symptoms = day === '2026-03-07' ? { fatigue: 6 } : day === '2026-03-08' ? { fatigue: 4 } : day === '2026-03-09' ? { fatigue: 5 } : undefined;
    if (energy !== null || symptoms) records.push(checkin(day, { ...(energy !== null ? { energy } : {}), ...(symptoms ? { symptoms } : {}) }));
  });
  const [ldn] = titration(diaryIndex(records, base));
  assert.equal(ldn.substance, 'LDN');
  assert.equal(ldn.ladder.length, 14);
  assert.deepEqual(ldn.ladder.at(-1).side_effects, ['vivid dreams']);
  assert.equal(ldn.changes.length, 1);
  const [change] = ldn.changes;
  assert.equal(change.day, '2026-03-08');
  assert.deepEqual([change.from, change.to], [{ amount: 1.5, unit: 'mg' }, { amount: 3, unit: 'mg' }]);
  assert.deepEqual(change.figures, [
    { key: 'energy', before: { mean: 3.5, days: 6 }, after: { mean: 4.4, days: 5 } },
    { key: 'symptom:fatigue', before: { mean: 6, days: 1 }, after: { mean: 4.5, days: 2 } },
  ]);
});

test('heart rate: days and activities above the threshold, and their minutes', () => {
  const index = diaryIndex([
    act('2026-03-02T10:00:00+00:00', 10, 'physical', 'hard', 'Walk', { avg_hr: 95, peak_hr: 110 }),
    act('2026-03-02T12:00:00+00:00', 30, 'cognitive', 'light', 'Reading', { avg_hr: 80 }),
    act('2026-03-03T10:00:00+00:00', 15, 'physical', 'moderate', 'Shower', { avg_hr: 105 }),
    act('2026-03-04T10:00:00+00:00', 15, 'physical', 'moderate', 'Shower'),
  ], { ...base, hr_threshold: 100 });
  assert.deepEqual(heartRateDays(index, daysFrom('2026-03-01', '2026-03-04')), {
    threshold: 100, days: 2, daysAbove: 2, withHr: 3, above: 2, minutesAbove: 25,
    activities: [
      { name: 'Shower', above: 1, withHr: 1, minutes: 15 },
      { name: 'Walk', above: 1, withHr: 1, minutes: 10 },
    ],
  });
});

test('sleep and next day: energy after short, usual and long nights (an hour from the median)', () => {
  const index = diaryIndex([
    checkin('2026-03-01', { sleep_hours: 8, energy: 5 }),
    checkin('2026-03-02', { sleep_hours: 8, energy: 4 }),
    checkin('2026-03-03', { sleep_hours: 5, energy: 2 }),
    checkin('2026-03-04', { sleep_hours: 8.5 }),
    checkin('2026-03-05', { sleep_hours: 10, energy: 3 }),
    checkin('2026-03-06', { energy: 6 }),
  ], base);
  // Nights 8, 8, 5, 8.5, 10: median 8; short < 7, long > 9.
  assert.deepEqual(sleepNextDay(index, daysFrom('2026-03-01', '2026-03-06')), {
    median: 8,
    nights: 5,
    groups: {
      short: { nights: 1, energy: 2, days: 1 },
      usual: { nights: 3, energy: 4.5, days: 2 },
      long: { nights: 1, energy: 3, days: 1 },
    },
  });
});

test('the usual leaves out windows with nothing logged, and windows after today', () => {
  // A 30-min moderate walk (10 points) on 1-10 April and 21-30 April, nothing between; a
  // check-in mistyped into 2095. Every window with an entry holds 30 points of walking, so
  // the usual is 30: the empty windows between and the years up to 2095 are gaps, not zeros.
  const records = [];
  for (const day of [...daysFrom('2026-04-01', '2026-04-10'), ...daysFrom('2026-04-21', '2026-04-30')]) {
    records.push(act(`${day}T10:00:00+01:00`, 30, 'physical', 'moderate', 'Walk'));
  }
  records.push(checkin('2095-01-01', { energy: 5 }));
  const index = diaryIndex(records, base);
  const windows = everyWindow(index, 72, '2026-04-30');
  // 28 windows end 4 April to 1 May; the 8 ending 14-21 April hold no entry and are left out:
  // 8 full (ends 4-11), 4 partial (ends 12, 13, 22, 23: 20, 10, 10, 20 points), 8 full (24-1).
  assert.equal(windows.length, 20);
  assert.equal(usualFigures(windows).figures.get('category:physical:points'), 30);
  assert.ok(windows.every((w) => w.end <= dayStart('2026-05-01')));
});

test('heart rate: an activity without a name still counts', () => {
  const index = diaryIndex([
    rec('activity', { started_at: '2026-03-02T10:00:00+00:00', duration_min: 10, category: 'physical', intensity: 'hard', avg_hr: 120 }),
  ], { ...base, hr_threshold: 100 });
  assert.equal(heartRateDays(index, ['2026-03-02']).above, 1);
});

test('a name with ":" in it keeps its whole name in the look-back labels', async () => {
  const { figureLabel } = await import('../../static/js/views/look-back.js');
  assert.equal(figureLabel('activity:call: mum:minutes', { activities: { 'call: mum': { name: 'Call: Mum' } } }),
    'Minutes of Call: Mum');
  assert.equal(figureLabel('dose:vitamin b12: 1000', null), 'Doses of vitamin b12: 1000');
  assert.equal(figureLabel('category:social:points'), 'Social points');
  assert.equal(figureLabel('sleep:hours'), 'Hours of sleep a night');
  assert.equal(figureLabel('heart:marked'), 'Activities above your heart-rate threshold');
});
