import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import {
  CATEGORIES,
  INSTRUMENTS,
  INTENSITIES,
  KINDS,
  REST_KINDS,
  EARLIER_SYMPTOMS,
  SETTINGS_DEFAULTS,
  SEVERITIES,
  THEMES,
  UNITS,
  dayOf,
  effectiveSettings,
  isValid,
  startingSymptoms,
  symptomsInUse,
  validateData,
} from '../../static/js/kinds.js';

const cases = JSON.parse(readFileSync(new URL('../cases/kinds.json', import.meta.url), 'utf8'));
const NOW = Date.parse(cases.now);
const options = (c) => ({ now: NOW, id: c.id, partial: c.partial ?? false });
const label = (c) => `${c.kind}: ${c.why}`;
const CODES = new Set([
  'unknown_kind', 'not_object', 'unknown_field', 'required', 'type', 'range', 'step', 'length', 'enum',
  'format', 'future', 'too_many', 'before_start', 'invalid_id',
]);

test('the shared cases file is well formed and covers every kind', () => {
  assert.ok(Number.isFinite(NOW));
  assert.ok(cases.valid.length + cases.invalid.length >= 150);
  for (const c of [...cases.valid, ...cases.invalid]) {
    assert.equal(typeof c.why, 'string', JSON.stringify(c).slice(0, 80));
    assert.ok('data' in c, c.why);
  }
  for (const c of cases.invalid) assert.ok(Array.isArray(c.fields) && c.fields.length > 0, c.why);
  const kinds = Object.keys(KINDS);
  for (const kind of kinds) {
    assert.ok(cases.valid.some((c) => c.kind === kind), `a valid ${kind}`);
    assert.ok(cases.invalid.some((c) => c.kind === kind), `an invalid ${kind}`);
  }
  const whys = [...cases.valid, ...cases.invalid].map(label);
  assert.deepEqual(whys.filter((why, i) => whys.indexOf(why) !== i), [], 'each case says what it is about');
});

test('every valid case from the shared file is valid', () => {
  for (const c of cases.valid) {
    assert.deepEqual(validateData(c.kind, c.data, options(c)), {}, label(c));
    assert.equal(isValid(c.kind, c.data, options(c)), true, label(c));
  }
});

test('every invalid case from the shared file fails on exactly its fields', () => {
  for (const c of cases.invalid) {
    const errors = validateData(c.kind, c.data, options(c));
    assert.deepEqual(Object.keys(errors).sort(), [...c.fields].sort(), label(c));
    assert.equal(isValid(c.kind, c.data, options(c)), false, label(c));
    for (const [field, list] of Object.entries(errors)) {
      assert.ok(Array.isArray(list) && list.length > 0, `${label(c)}: ${field}`);
      for (const error of list) {
        assert.deepEqual(Object.keys(error).sort(), ['code', 'params'], `${label(c)}: ${field}`);
        assert.ok(CODES.has(error.code), `${label(c)}: unknown code ${error.code}`);
        assert.equal(typeof error.params, 'object');
      }
    }
  }
});

const A = { started_at: '2026-11-25T08:30:00+01:00', duration_min: 30, category: 'physical', intensity: 'light', name: 'Shower' };
const codeOf = (errors, field) => errors[field]?.map((e) => e.code);
const one = (kind, data, opts = {}) => validateData(kind, data, { now: NOW, ...opts });

test('error codes and params', () => {
  assert.deepEqual(one('mood', {}), { _kind: [{ code: 'unknown_kind', params: {} }] });
  assert.deepEqual(one('activity', 'x'), { _schema: [{ code: 'not_object', params: {} }] });
  assert.deepEqual(one('activity', { ...A, calories: 3 }), { calories: [{ code: 'unknown_field', params: {} }] });
  assert.deepEqual(one('activity', { ...A, name: undefined }), { name: [{ code: 'required', params: {} }] });
  assert.deepEqual(one('checkin', { date: '2026-11-25', energy: '5' }).energy, [{ code: 'type', params: { expected: 'int' } }]);
  assert.deepEqual(one('checkin', { date: '2026-11-25', energy: 5.5 }).energy, [{ code: 'type', params: { expected: 'int' } }]);
  assert.deepEqual(one('checkin', { date: '2026-11-25', sleep_hours: true }).sleep_hours, [
    { code: 'type', params: { expected: 'number' } },
  ]);
  assert.deepEqual(one('checkin', { date: '2026-11-25', energy: 11 }).energy, [{ code: 'range', params: { min: 0, max: 10 } }]);
  assert.deepEqual(one('checkin', { date: '2026-11-25', bell_score: 55 }).bell_score, [{ code: 'step', params: { step: 10 } }]);
  const dose = { taken_at: '2026-11-25T08:00:00+01:00', substance: 'LDN', unit: 'mg' };
  for (const amount of [0, -1]) {
    assert.deepEqual(one('dose', { ...dose, amount }).amount, [
      { code: 'range', params: { min: 0, max: 100000, exclusiveMin: true } },
    ]);
  }
  assert.deepEqual(one('checkin', { date: '2026-11-25', note: 'x'.repeat(5001) }).note, [
    { code: 'length', params: { min: 0, max: 5000 } },
  ]);
  assert.deepEqual(one('activity', { ...A, intensity: 'extreme' }).intensity, [
    { code: 'enum', params: { values: ['light', 'moderate', 'hard'] } },
  ]);
  assert.deepEqual(one('checkin', { date: '2026-02-30' }).date, [{ code: 'format', params: { format: 'date' } }]);
  assert.deepEqual(one('activity', { ...A, started_at: '2026-11-25T08:30' }).started_at, [
    { code: 'format', params: { format: 'datetime' } },
  ]);
  assert.deepEqual(one('checkin', { date: '2026-11-27' }).date, [{ code: 'future', params: {} }]);
  assert.deepEqual(one('episode', { started_at: A.started_at, symptoms: Array(51).fill('a') }).symptoms, [
    { code: 'too_many', params: { max: 50 } },
  ]);
  assert.deepEqual(one('episode', { started_at: A.started_at, ended_at: '2026-11-25T08:00:00+01:00' }).ended_at, [
    { code: 'before_start', params: {} },
  ]);
  // Any id of the one form, for every kind: nothing checks how it was made.
  assert.deepEqual(one('checkin', { date: '2026-11-25' }, { id: 'checkin-2026-11-24' }), {});
  assert.deepEqual(one('settings', {}, { id: 'prefs' }), {});
  assert.deepEqual(codeOf(one('rest', {}, { id: 'a b' }), '_id'), ['invalid_id']);
  assert.deepEqual(codeOf(one('settings', { points_per_hour: { light: 1, moderate: 2 } }), 'points_per_hour.hard'), ['required']);
  assert.deepEqual(one('settings', { activity_presets: [{}] }), {
    'activity_presets.0.name': [{ code: 'required', params: {} }],
    'activity_presets.0.category': [{ code: 'required', params: {} }],
    'activity_presets.0.intensity': [{ code: 'required', params: {} }],
    'activity_presets.0.minutes': [{ code: 'required', params: {} }],
  });
});

test('numbers must be finite, and nothing JSON cannot carry gets through', () => {
  for (const value of [NaN, Infinity, -Infinity, 5n]) {
    assert.deepEqual(codeOf(one('checkin', { date: '2026-11-25', sleep_hours: value }), 'sleep_hours'), ['type']);
  }
  assert.deepEqual(codeOf(one('checkin', new Date()), '_schema'), ['not_object']);
  assert.deepEqual(codeOf(one('checkin', { date: new Date() }), 'date'), ['type']);
  // A key named like an Object.prototype property is an ordinary unknown field.
  const data = JSON.parse('{"date": "2026-11-25", "__proto__": 1, "constructor": 2}');
  const errors = one('checkin', data);
  assert.deepEqual(Object.keys(errors).sort(), ['__proto__', 'constructor']);
  assert.equal(Object.getPrototypeOf(errors), Object.prototype);
});

test('undefined counts as absent; `now` decides what is in the future', () => {
  assert.deepEqual(one('checkin', { date: '2026-11-25', energy: undefined }), {});
  const later = Date.parse('2026-11-27T12:00:00Z');
  assert.deepEqual(validateData('checkin', { date: '2026-11-27' }, { now: later }), {});
  assert.deepEqual(codeOf(validateData('checkin', { date: '2026-11-27' }, { now: NOW }), 'date'), ['future']);
  // The default is the real clock: a date long past is fine, one in 3000 is not.
  assert.deepEqual(validateData('checkin', { date: '2020-01-01' }), {});
  assert.deepEqual(codeOf(validateData('checkin', { date: '3000-01-01' }), 'date'), ['future']);
  assert.throws(() => validateData('checkin', {}, { now: 'today' }), TypeError);
});

test('partial validation checks only the fields an edit sets', () => {
  assert.deepEqual(one('activity', { note: 'felt ok' }, { partial: true }), {});
  assert.deepEqual(one('activity', { note: 'felt ok' }), {
    started_at: [{ code: 'required', params: {} }],
    duration_min: [{ code: 'required', params: {} }],
    category: [{ code: 'required', params: {} }],
    intensity: [{ code: 'required', params: {} }],
    name: [{ code: 'required', params: {} }],
  });
  assert.deepEqual(codeOf(one('activity', { points: 101 }, { partial: true }), 'points'), ['range']);
  assert.deepEqual(codeOf(one('activity', { category: null }, { partial: true }), 'category'), ['required']);
  assert.deepEqual(one('activity', { points: null }, { partial: true }), {});
  assert.deepEqual(codeOf(one('activity', { colour: 'red' }, { partial: true }), 'colour'), ['unknown_field']);
  assert.deepEqual(
    codeOf(one('episode', { started_at: A.started_at, ended_at: '2026-11-24T08:30:00+01:00' }, { partial: true }), 'ended_at'),
    ['before_start'],
  );
  // A check-in edit without its date, or moving its date, is fine whatever its id.
  assert.deepEqual(one('checkin', { energy: 2 }, { partial: true, id: 'checkin-2026-13-25' }), {});
  assert.deepEqual(one('checkin', { date: '2026-11-24' }, { partial: true, id: 'checkin-2026-11-25' }), {});
  assert.deepEqual(codeOf(one('checkin', { energy: 2 }, { partial: true, id: 'checkin 2026' }), '_id'), ['invalid_id']);
});

test('the contract lists, in order, and nothing can change them', () => {
  assert.deepEqual(Object.keys(KINDS), ['checkin', 'activity', 'rest', 'dose', 'episode', 'settings', 'questionnaire', 'snapshot']);
  assert.deepEqual(CATEGORIES, ['physical', 'cognitive', 'emotional', 'social', 'sensory', 'orthostatic']);
  assert.deepEqual(INTENSITIES, ['light', 'moderate', 'hard']);
  assert.deepEqual(REST_KINDS, ['lying', 'nap', 'meditation', 'sitting', 'other']);
  assert.deepEqual(UNITS, ['mg', 'g', 'mcg', 'ml', 'drops', 'tablet', 'capsule', 'puff', 'IU', 'other']);
  assert.deepEqual(SEVERITIES, ['mild', 'moderate', 'severe', 'very_severe']);
  assert.deepEqual(THEMES, ['system', 'light', 'dark', 'dim']);
  assert.deepEqual(INSTRUMENTS, ['dsq_pem']);
  for (const frozen of [KINDS, KINDS.checkin, KINDS.checkin.energy, KINDS.dose.unit.values, CATEGORIES, THEMES]) {
    assert.ok(Object.isFrozen(frozen));
  }
  assert.throws(() => {
    KINDS.checkin.energy.max = 11;
  }, TypeError);
  const required = Object.fromEntries(
    Object.entries(KINDS).map(([kind, fields]) => [kind, Object.keys(fields).filter((f) => fields[f].required)]),
  );
  assert.deepEqual(required, {
    checkin: ['date'],
    activity: ['started_at', 'duration_min', 'category', 'intensity', 'name'],
    rest: ['started_at', 'duration_min', 'kind'],
    dose: ['taken_at', 'substance', 'amount', 'unit'],
    episode: ['started_at'],
    settings: [],
    questionnaire: ['answered_at', 'instrument'],
    snapshot: ['taken_at', 'energy'],
  });
});

test('dayOf is the local calendar day the entry was written in', () => {
  assert.equal(dayOf('checkin', { date: '2026-11-25' }), '2026-11-25');
  assert.equal(dayOf('activity', { started_at: '2026-11-25T23:30:00-05:00' }), '2026-11-25'); // 04:30 UTC next day
  assert.equal(dayOf('rest', { started_at: '2026-11-25T00:15:00+09:00' }), '2026-11-25'); // 15:15 UTC the day before
  assert.equal(dayOf('dose', { taken_at: '2026-11-24T08:00:00.000Z' }), '2026-11-24');
  assert.equal(dayOf('episode', { started_at: '2026-11-20T18:00+01:00', ended_at: '2026-11-25T09:00:00+01:00' }), '2026-11-20');
  assert.equal(dayOf('questionnaire', { answered_at: '2026-11-20T23:30:00-05:00', instrument: 'dsq_pem' }), '2026-11-20');
  assert.equal(dayOf('snapshot', { taken_at: '2026-11-25T23:50:00-05:00', energy: 3 }), '2026-11-25');
  assert.equal(dayOf('settings', { theme: 'dark' }), null);
  assert.equal(dayOf('activity', { name: 'Shower' }), null);
  assert.equal(dayOf('dose', { started_at: '2026-11-24T08:00:00Z' }), null); // a dose's day is its taken_at
  assert.equal(dayOf('activity', { started_at: 'soon' }), null);
  assert.equal(dayOf('activity', null), null);
  assert.equal(dayOf('mood', { date: '2026-11-25' }), null);
  assert.equal(dayOf('toString', {}), null);
});

test('settings defaults: the seed symptoms, valid presets and rates, and no record fields', () => {
  assert.deepEqual(SETTINGS_DEFAULTS.symptoms, [
    'fatigue',
    'post-exertional malaise',
    'brain fog (cognitive difficulty)',
    'unrefreshing sleep (sleep disturbance)',
    'muscle or joint pain',
    'headache',
    'dizziness on standing',
    'light or noise sensitivity',
    'memory problems',
  ]);
  assert.equal(SETTINGS_DEFAULTS.daily_budget_points, 100);
  assert.deepEqual(SETTINGS_DEFAULTS.points_per_hour, { light: 10, moderate: 20, hard: 40 });
  assert.equal(SETTINGS_DEFAULTS.look_back_hours, 72);
  assert.equal(SETTINGS_DEFAULTS.theme, 'system');
  assert.ok(!('hr_threshold' in SETTINGS_DEFAULTS) && !('age' in SETTINGS_DEFAULTS));
  assert.ok(SETTINGS_DEFAULTS.activity_presets.length >= 3);
  assert.ok(SETTINGS_DEFAULTS.activity_presets.every((p) => !('points' in p)), 'preset points are computed');
  assert.deepEqual(validateData('settings', SETTINGS_DEFAULTS, { id: 'settings' }), {});
  assert.ok(Object.isFrozen(SETTINGS_DEFAULTS.activity_presets[0]));
  assert.ok(!('id' in SETTINGS_DEFAULTS) && !('field_hlcs' in SETTINGS_DEFAULTS));
});

test('effectiveSettings overlays a record on the defaults, copying, never mutating', () => {
  assert.deepEqual(effectiveSettings(null), SETTINGS_DEFAULTS);
  assert.deepEqual(effectiveSettings(undefined), SETTINGS_DEFAULTS);
  const fresh = effectiveSettings(null);
  assert.ok(!Object.isFrozen(fresh));
  fresh.symptoms.push('tinnitus');
  fresh.points_per_hour.hard = 99;
  assert.equal(SETTINGS_DEFAULTS.symptoms.length, 9);
  assert.equal(effectiveSettings(null).points_per_hour.hard, 40);

  const record = {
    id: 'settings',
    kind: 'settings',
    deleted: false,
    data: {
      daily_budget_points: 60,
      symptoms: ['fatigue', 'tinnitus'],
      points_per_hour: { light: 5, moderate: 15, hard: 30 },
      hr_threshold: 100,
      theme: null, // cleared: back to the default
      age: null,
    },
  };
  const before = structuredClone(record);
  const settings = effectiveSettings(record);
  assert.deepEqual(settings, {
    ...structuredClone(SETTINGS_DEFAULTS),
    daily_budget_points: 60,
    symptoms: ['fatigue', 'tinnitus'],
    points_per_hour: { light: 5, moderate: 15, hard: 30 },
    hr_threshold: 100,
  });
  assert.deepEqual(record, before);
  settings.symptoms.push('x');
  settings.points_per_hour.light = 0;
  assert.deepEqual(record, before, 'the result shares nothing with the record');

  assert.deepEqual(effectiveSettings({ ...record, deleted: true }), SETTINGS_DEFAULTS);
  assert.deepEqual(effectiveSettings({ ...record, kind: 'checkin' }), SETTINGS_DEFAULTS);
  // Unknown or invalid fields (say, from a newer or broken device) never reach the app.
  const odd = effectiveSettings({ kind: 'settings', data: { look_back_hours: 500, colour: 'red', theme: 'dark' } });
  assert.equal(odd.look_back_hours, 72);
  assert.equal(odd.theme, 'dark');
  assert.ok(!('colour' in odd));
});

test('the starting symptoms: both wordings for someone new, the earlier list for a diary that rates its names', () => {
  assert.deepEqual(startingSymptoms(), [...SETTINGS_DEFAULTS.symptoms]);
  assert.deepEqual(startingSymptoms(new Set(['fatigue', 'sore throat'])), [...SETTINGS_DEFAULTS.symptoms]);
  assert.deepEqual(startingSymptoms(new Set(['brain fog'])), [...EARLIER_SYMPTOMS]);
  assert.deepEqual(startingSymptoms(new Set(['unrefreshing sleep'])), [...EARLIER_SYMPTOMS]);
  assert.ok(EARLIER_SYMPTOMS.includes('brain fog') && !SETTINGS_DEFAULTS.symptoms.includes('brain fog'));

  const records = [
    { kind: 'checkin', deleted: false, data: { date: '2026-11-19', symptoms: { 'brain fog': 4, fatigue: 2 } } },
    { kind: 'episode', deleted: false, data: { symptoms: ['headache'] } },
    { kind: 'checkin', deleted: true, data: { symptoms: { 'sore throat': 1 } } },
    { kind: 'activity', deleted: false, data: { name: 'Reading' } },
  ];
  assert.deepEqual([...symptomsInUse(records)].sort(), ['brain fog', 'fatigue', 'headache']);
  const inUse = symptomsInUse(records);
  assert.deepEqual(effectiveSettings(null, { symptomsInUse: inUse }).symptoms, [...EARLIER_SYMPTOMS]);
  // A list the person saved is theirs, whatever the diary rates.
  const saved = { kind: 'settings', data: { symptoms: ['fatigue', 'brain fog'] } };
  assert.deepEqual(effectiveSettings(saved, { symptomsInUse: inUse }).symptoms, ['fatigue', 'brain fog']);
  assert.deepEqual(effectiveSettings(saved).symptoms, ['fatigue', 'brain fog']);
  // Settings without a list follow the diary too.
  assert.deepEqual(effectiveSettings({ kind: 'settings', data: { daily_budget_points: 40 } }, { symptomsInUse: inUse }).symptoms,
    [...EARLIER_SYMPTOMS]);
});
