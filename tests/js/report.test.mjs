// The appointment report's figures, on a small diary whose answers are worked out by hand
// in the comments. Europe/London, as the insights tests; November is GMT, so local days
// and UTC days agree. The records have the shape a clinician's fetch gives them:
// {id, kind, data, updated_at}, no stamps, no store day, no tombstones.
process.env.TZ = 'Europe/London';

import assert from 'node:assert/strict';
import { test } from 'node:test';

const { reportModel, reportPeriod, recordsInPeriod, DEFAULT_DAYS } = await import('../../static/js/insights/report.js');
const { toCsv } = await import('../../static/js/transfer.js');

const NOW = Date.parse('2026-11-18T12:00:00Z');
const SETTINGS = {
  daily_budget_points: 40,
  points_per_hour: { light: 10, moderate: 20, hard: 40 },
  symptoms: ['fatigue', 'brain fog'],
  look_back_hours: 72,
};
const PERIOD = { from: '2026-11-10', to: '2026-11-16' };

let next = 0;
const rec = (kind, data, id = `${kind}-${(next += 1)}`) => ({ id, kind, data, updated_at: '2026-11-18T09:00:00Z' });
const checkin = (date, data) => rec('checkin', { date, ...data }, `checkin-${date}`);
const act = (started_at, duration_min, category, intensity, name, extra = {}) =>
  rec('activity', { started_at, duration_min, category, intensity, name, ...extra });
const dose = (taken_at, amount, extra = {}) => rec('dose', { taken_at, substance: 'LDN', amount, unit: 'mg', ...extra });

// Budget 40 points; 90 % of it (36) is "near". Points = minutes x rate / 60.
const DIARY = [
  // 8 Nov: a dose before the period (the ladder's step before it).
  dose('2026-11-08T09:00:00Z', 1.5),
  // 9 Nov, the day before `from`: none of it may count.
  checkin('2026-11-09', { energy: 9, symptoms: { fatigue: 1, nausea: 4 } }),
  act('2026-11-09T10:00:00Z', 60, 'physical', 'hard', 'Gardening', { for_clinician: true, note: 'out of the period' }), // 40
  rec('dose', { taken_at: '2026-11-09T09:00:00Z', substance: 'Magnesium', amount: 200, unit: 'mg' }),
  rec('questionnaire', { answered_at: '2026-11-09T12:00:00Z', instrument: 'dsq_pem', frequency: { 1: 4 }, severity: { 1: 4 } }),
  // 10 Nov: Walk 30 min moderate = 10 points (within).
  checkin('2026-11-10', { energy: 4, symptoms: { fatigue: 6 }, sleep_hours: 8, sleep_quality: 5, resting_hr: 70, bell_score: 30 }),
  act('2026-11-10T10:00:00Z', 30, 'physical', 'moderate', 'Walk'),
  dose('2026-11-10T09:00:00Z', 1.5, { effect: 0 }),
  // 11 Nov: Reading 60 min light = 10, Phone call 78 min moderate = 26: 36 points (near, just).
  checkin('2026-11-11', { energy: 3, symptoms: { fatigue: 7 }, sleep_hours: 6, sleep_quality: 3, resting_hr: 74 }),
  act('2026-11-11T10:00:00Z', 60, 'cognitive', 'light', 'Reading'),
  act('2026-11-11T14:00:00Z', 78, 'social', 'moderate', 'Phone call'),
  dose('2026-11-11T09:00:00Z', 1.5),
  // 12 Nov: Shopping 90 min hard = 60 points (over), marked for the clinician.
  act('2026-11-12T11:00:00Z', 90, 'physical', 'hard', 'Shopping', { for_clinician: true, note: 'With my sister; legs heavy after.' }),
  // 13 Nov: a crash at 08:00, ended 36 h later; the check-in is marked.
  checkin('2026-11-13', { energy: 2, symptoms: { fatigue: 9 }, sleep_hours: 10, sleep_quality: 2, resting_hr: 80, bell_score: 20,
    for_clinician: true, note: 'Could not get up.' }),
  rec('episode', { started_at: '2026-11-13T08:00:00Z', ended_at: '2026-11-14T20:00:00Z', severity: 'severe', symptoms: ['fatigue'] }, 'episode-1'),
  // 14 Nov: nothing logged.
  // 15 Nov: the dose goes up to 3 mg (marked, no note); a DSQ-PEM answer.
  dose('2026-11-15T09:00:00Z', 3, { effect: -1, side_effects: ['vivid dreams'], for_clinician: true }),
  rec('questionnaire', { answered_at: '2026-11-15T10:00:00Z', instrument: 'dsq_pem',
    frequency: { 1: 3, 2: 2 }, severity: { 1: 2, 2: 1 } }, 'dsq-1'),
  // 16 Nov, `to`.
  checkin('2026-11-16', { energy: 5 }),
  dose('2026-11-16T09:00:00Z', 3, { effect: 1, side_effects: ['vivid dreams', 'dry mouth'] }),
  // 17 Nov, the day after `to`: none of it may count.
  checkin('2026-11-17', { energy: 10, sleep_hours: 12, bell_score: 90, for_clinician: true }),
  act('2026-11-17T10:00:00Z', 120, 'sensory', 'hard', 'Concert'),
];

test('the period: both ends included, the last 30 days by default, ends put in order', () => {
  assert.equal(DEFAULT_DAYS, 30);
  assert.deepEqual(reportPeriod({}, NOW), { from: '2026-10-20', to: '2026-11-18' });
  assert.deepEqual(reportPeriod({ to: '2026-11-16' }, NOW), { from: '2026-10-18', to: '2026-11-16' });
  assert.deepEqual(reportPeriod({ from: '2026-11-16', to: '2026-11-10' }, NOW), PERIOD);
  assert.deepEqual(reportPeriod({ from: 'nonsense', to: '2026-11-16' }, NOW).from, '2026-10-18');
  const model = reportModel([], SETTINGS, {}, NOW);
  assert.equal(model.days, 30);
  assert.equal(model.logged, 0);
});

test('energy and symptoms: mean and median over the period, with their days', () => {
  const model = reportModel(DIARY, SETTINGS, PERIOD, NOW);
  assert.equal(model.from, '2026-11-10');
  assert.equal(model.to, '2026-11-16');
  assert.equal(model.days, 7);
  // Days with any entry: the 10th, 11th, 12th, 13th, 15th, 16th (not the 14th).
  assert.equal(model.logged, 6);
  // Energy 4, 3, 2, 5: mean 3.5, median 3.5 (the 9th's 9 and the 17th's 10 are outside).
  // Fatigue 6, 7, 9: mean 22/3 = 7.33, median 7. Brain fog is tracked but never rated, and
  // nausea was rated only on the 9th: neither is a row.
  assert.deepEqual(model.trends, [
    { key: 'energy', mean: 3.5, median: 3.5, days: 4 },
    { key: 'symptom:fatigue', name: 'fatigue', mean: 7.33, median: 7, days: 3 },
  ]);
});

test('the envelope and the activity mix', () => {
  const model = reportModel(DIARY, SETTINGS, PERIOD, NOW);
  // 10 within, 36 near (36 x 10 >= 40 x 9), 60 over; four days with no activity.
  // Spent 10, 36, 60: mean 106/3 = 35.33, median 36, on 3 days.
  assert.deepEqual(model.envelope, {
    budget: 40, within: 1, near: 1, over: 1, logged: 3, unlogged: 4,
    spent: { mean: 35.33, median: 36, days: 3 },
  });
  // Physical: Walk 10 + Shopping 60 = 70 points, 30 + 90 = 120 min, 2 activities on 2 days.
  // Cognitive: Reading 10, 60 min; social: Phone call 26, 78 min. Sensory (the Concert, on
  // the 17th) and the 9th's Gardening are outside the period.
  const row = (category) => model.activity.categories.find((r) => r.category === category);
  assert.deepEqual(row('physical'), { category: 'physical', points: 70, minutes: 120, count: 2, days: 2 });
  assert.deepEqual(row('cognitive'), { category: 'cognitive', points: 10, minutes: 60, count: 1, days: 1 });
  assert.deepEqual(row('social'), { category: 'social', points: 26, minutes: 78, count: 1, days: 1 });
  assert.deepEqual(row('sensory'), { category: 'sensory', points: 0, minutes: 0, count: 0, days: 0 });
  assert.equal(model.activity.categories.length, 6);
  assert.deepEqual([model.activity.points, model.activity.minutes, model.activity.days], [106, 258, 3]);
});

test('sleep, resting heart rate and the Bell score, each with its days', () => {
  const model = reportModel(DIARY, SETTINGS, PERIOD, NOW);
  // Nights 8, 6, 10 h: mean 8, median 8. Quality 5, 3, 2: mean 3.33, median 3.
  assert.deepEqual(model.sleep, {
    hours: { mean: 8, median: 8, days: 3 },
    quality: { mean: 3.33, median: 3, days: 3 },
  });
  // Resting 70, 74, 80: median 74. No upright hours logged: nothing, on 0 days (never 0 h).
  assert.deepEqual(model.restingHr, { mean: 74.67, median: 74, days: 3 });
  assert.deepEqual(model.uprightHours, { mean: null, median: null, days: 0 });
  // Bell 30 on the 10th, 20 on the 13th (the 17th's 90 is outside).
  assert.deepEqual(model.bell, {
    scores: [{ day: '2026-11-10', score: 30 }, { day: '2026-11-13', score: 20 }],
    median: 25, lowest: 20, highest: 30, days: 2,
  });
});

test('a crash that began before the period and ended in it is listed; one ended before is not', () => {
  // The crash of 13 Nov 08:00 ended on 14 Nov 20:00.
  const into = reportModel(DIARY, SETTINGS, { from: '2026-11-14', to: '2026-11-16' }, NOW);
  assert.deepEqual(into.episodes.map((e) => [e.day, e.hours]), [['2026-11-13', 36]]);
  const after = reportModel(DIARY, SETTINGS, { from: '2026-11-15', to: '2026-11-16' }, NOW);
  assert.deepEqual(after.episodes, []);
});

test('a crash in the period: its day, duration, severity and the look-back before it', () => {
  const model = reportModel(DIARY, SETTINGS, PERIOD, NOW);
  assert.equal(model.episodes.length, 1);
  const [episode] = model.episodes;
  assert.deepEqual(
    { day: episode.day, hours: episode.hours, severity: episode.severity, symptoms: episode.symptoms },
    { day: '2026-11-13', hours: 36, severity: 'severe', symptoms: ['fatigue'] },
  );
  // The 72 h before 13 Nov 08:00, from 10 Nov 08:00: Walk, Reading, Phone call, Shopping
  // (the 9th's Gardening is before it). Physical 70 points, 120 min.
  const back = episode.back;
  const value = (key) => back.rows.find((r) => r.key === key);
  assert.equal(back.hours, 72);
  assert.equal(back.partial, false);
  assert.deepEqual([value('category:physical:points').value, value('category:physical:minutes').value], [70, 120]);
  // The usual: the 72 h windows ending at midnight on the 11th to the 17th (each whole in
  // the record, which begins on the 8th; the report's today is `to`, the 16th). Physical
  // points in them: 50, 50, 70, 60, 60, 0, 0, median 50 (70 is above it); minutes 90, 90,
  // 120, 90, 90, 0, 0, median 90. Cognitive, social and each named activity fall in three
  // windows of seven: median 0. Doses of LDN 2, 2, 2, 1, 0, 1, 2: median 2, and the two in
  // the look-back are not above it.
  assert.equal(model.usualWindows, 7);
  assert.deepEqual([value('category:physical:points').usual, value('category:physical:minutes').usual], [50, 90]);
  assert.deepEqual(value('dose:ldn'), { key: 'dose:ldn', value: 2, usual: 2, above: false });
  assert.deepEqual(back.rows.filter((r) => r.above).map((r) => r.key).sort(), [
    'activity:phone call:minutes', 'activity:reading:minutes', 'activity:shopping:minutes', 'activity:walk:minutes',
    'category:cognitive:minutes', 'category:cognitive:points', 'category:physical:minutes', 'category:physical:points',
    'category:social:minutes', 'category:social:points',
  ]);
});

test('the medication timeline: steps of the dose ladder in the period, with effects and side effects', () => {
  const model = reportModel(DIARY, SETTINGS, PERIOD, NOW);
  // Magnesium was taken only on the 9th: not in the period, not listed.
  assert.deepEqual(model.medication, [{
    substance: 'LDN',
    before: { day: '2026-11-08', amount: 1.5, unit: 'mg' },
    steps: [
      // 1.5 mg on the 10th and 11th: one effect rated (0).
      { from: '2026-11-10', to: '2026-11-11', amount: 1.5, unit: 'mg', doses: 2, side_effects: [], effect: { mean: 0, rated: 1 } },
      // 3 mg on the 15th and 16th: effects -1 and 1, mean 0 of 2 rated.
      { from: '2026-11-15', to: '2026-11-16', amount: 3, unit: 'mg', doses: 2,
        side_effects: ['vivid dreams', 'dry mouth'], effect: { mean: 0, rated: 2 } },
    ],
  }]);
});

test('questionnaires and the notes marked for the clinician, only inside the period', () => {
  const model = reportModel(DIARY, SETTINGS, PERIOD, NOW);
  // Item 1 at 3/2 meets DePaul's threshold; totals 3 + 2 = 5 and 2 + 1 = 3. The 9th's is out.
  assert.deepEqual(model.questionnaires, [
    { id: 'dsq-1', day: '2026-11-15', frequencyTotal: 5, severityTotal: 3, answered: 2, indicated: true },
  ]);
  // Marked: the 9th's Gardening (before `from`) and the 17th's check-in (after `to`) are out.
  assert.deepEqual(model.notes.map(({ day, kind, summary, note }) => ({ day, kind, summary, note })), [
    { day: '2026-11-12', kind: 'activity', summary: 'Shopping · Physical, hard · 90 min · 60 points',
      note: 'With my sister; legs heavy after.' },
    { day: '2026-11-13', kind: 'checkin', summary: 'Check-in · energy 2', note: 'Could not get up.' },
    { day: '2026-11-15', kind: 'dose', summary: 'LDN 3 mg · Worse', note: null },
  ]);
});

test('the period\'s CSV holds exactly the entries whose day is in it', () => {
  const inside = recordsInPeriod(DIARY, PERIOD);
  // 14 of the diary's 21 records: everything from the 10th to the 16th.
  assert.equal(inside.length, 14);
  assert.ok(inside.every((r) => (r.data.date ?? r.data.started_at ?? r.data.taken_at ?? r.data.answered_at).slice(0, 10) >= '2026-11-10'));
  const csv = toCsv(inside).split('\r\n').filter(Boolean);
  assert.equal(csv.length, 1 + 14);
  assert.match(csv[1], /^checkin-2026-11-10,checkin,2026-11-10,/);
  assert.match(csv.at(-1), /,2026-11-16,/);
});
