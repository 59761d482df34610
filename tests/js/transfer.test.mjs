import assert from 'node:assert/strict';
import { test } from 'node:test';

import { formatStamp } from '../../static/js/hlc.js';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  MAX_IMPORT_ERRORS,
  buildExport,
  csvColumns,
  parseExport,
  toCsv,
} from '../../static/js/transfer.js';
// The merge rule lives with records (sync uses it too); import is its first user.
import { TOMBSTONE_FLOOR, mergeRecord } from '../../static/js/record.js';

const A = '0123456789abcdef';
const B = 'fedcba9876543210';
const T0 = Date.parse('2026-11-25T08:00:00.000Z');
/** A stamp `minutes` after 08:00Z on node `node`. */
const st = (minutes, node = A, counter = 0) => formatStamp({ millis: T0 + minutes * 60_000, counter, node });
const NOW = Date.parse('2026-11-26T00:00:00Z');
const CREATED = '2026-11-25T08:00:00.000Z';

function deepFreeze(value) {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function record(id, kind, data, { stamp = st(0), stamps = {}, deleted = false, deleted_hlc = null, created_at = CREATED, updated_at = CREATED } = {}) {
  const field_hlcs = Object.fromEntries(Object.keys(data).map((field) => [field, stamps[field] ?? stamp]));
  return { id, kind, data, created_at, updated_at, deleted, field_hlcs, deleted_hlc };
}

const CHECKIN = record('checkin-2026-11-25', 'checkin', {
  date: '2026-11-25',
  energy: 4,
  symptoms: { fatigue: 6, 'brain fog': 4 },
  note: 'Slept badly, "again"\nWoke at 4',
});
const ACTIVITY = record('0193b7d0-0000-7000-8000-000000000001', 'activity', {
  started_at: '2026-11-25T09:30:00+01:00',
  duration_min: 15,
  category: 'physical',
  intensity: 'moderate',
  name: '=HYPERLINK("http://x","shower")',
  points: 5,
  avg_hr: 104,
});
const REST = record('0193b7d0-0000-7000-8000-000000000002', 'rest', {
  started_at: '2026-11-25T13:00:00+01:00',
  duration_min: 60,
  kind: 'lying',
  quality: 6,
});
const DOSE = record('0193b7d0-0000-7000-8000-000000000003', 'dose', {
  taken_at: '2026-11-25T08:00:00+01:00',
  substance: 'LDN',
  amount: 1.5,
  unit: 'mg',
  effect: -2,
  side_effects: ['vivid dreams', 'dry mouth'],
  reason: '+sleep, maybe',
});
const EPISODE = record('0193b7d0-0000-7000-8000-000000000004', 'episode', {
  started_at: '2026-11-24T18:00:00+01:00',
  symptoms: ['brain fog', '@home all day'],
});
const GONE = record(
  '0193b7d0-0000-7000-8000-000000000005',
  'activity',
  { started_at: '2026-11-25T10:00:00+01:00', duration_min: 30, category: 'social', intensity: 'light', name: 'Call' },
  { stamp: st(1), deleted: true, deleted_hlc: st(2) },
);
const SETTINGS = record('settings', 'settings', {
  daily_budget_points: 40,
  points_per_hour: { light: 10, moderate: 20, hard: 40 },
});
const ALL = deepFreeze([SETTINGS, GONE, CHECKIN, ACTIVITY, DOSE, REST, EPISODE]);

function fileText(records, extra = {}) {
  return JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exported_at: '2026-11-25T12:00:00.000Z', records, ...extra });
}

// ---------------------------------------------------------------- export

test('the JSON export has the contract shape exactly, sorted by id', () => {
  const revived = { ...CHECKIN, id: 'checkin-2026-11-20', data: { ...CHECKIN.data, date: '2026-11-20' }, deleted_hlc: st(-5), day: '2026-11-20' };
  const out = buildExport([CHECKIN, GONE, revived], '2026-11-25T12:00:00.000Z');
  assert.deepEqual(Object.keys(out), ['format', 'version', 'exported_at', 'records']);
  assert.deepEqual(out, {
    format: 'envelope-export',
    version: 1,
    exported_at: '2026-11-25T12:00:00.000Z',
    records: [
      {
        id: '0193b7d0-0000-7000-8000-000000000005',
        kind: 'activity',
        data: GONE.data,
        deleted: true,
        created_at: CREATED,
        updated_at: CREATED,
        field_hlcs: GONE.field_hlcs,
        deleted_hlc: st(2), // the extension, on deleted records only
      },
      {
        // Only the contract fields: no `day`, no deleted_hlc on a live record.
        id: 'checkin-2026-11-20',
        kind: 'checkin',
        data: revived.data,
        deleted: false,
        created_at: CREATED,
        updated_at: CREATED,
        field_hlcs: CHECKIN.field_hlcs,
      },
      {
        id: 'checkin-2026-11-25',
        kind: 'checkin',
        data: CHECKIN.data,
        deleted: false,
        created_at: CREATED,
        updated_at: CREATED,
        field_hlcs: CHECKIN.field_hlcs,
      },
    ],
  });
  assert.deepEqual(Object.keys(out.records[1]), ['id', 'kind', 'data', 'deleted', 'created_at', 'updated_at', 'field_hlcs']);
  assert.notEqual(out.records[2].data, CHECKIN.data); // a copy, not the stored object
});

/** A small RFC 4180 reader, to check what a spreadsheet would see. */
function readCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  assert.equal(row.length + cell.length, 0, 'the text ends with CRLF');
  return rows;
}

test('CSV: BOM, CRLF, the columns of every kind but settings, each once', () => {
  const text = toCsv(ALL);
  assert.ok(text.startsWith('\uFEFFid,kind,day,time,date,energy,'));
  assert.ok(text.endsWith('\r\n'));
  assert.equal(/(?<!\r)\n|\r(?!\n)/.test(text.replace(/"[^"]*"/g, '')), false, 'every line ends CRLF');
  const [header] = readCsv(text.slice(1));
  assert.deepEqual(header, [
    'id', 'kind', 'day', 'time',
    'date', 'energy', 'mood', 'sleep_hours', 'sleep_quality', 'symptoms', 'resting_hr', 'hrv_ms',
    'upright_hours', 'bell_score', 'energy_available', 'energy_used', 'note', 'for_clinician',
    'started_at', 'duration_min', 'category', 'intensity', 'name', 'points', 'avg_hr', 'peak_hr',
    'rest_kind', 'quality',
    'taken_at', 'substance', 'amount', 'unit', 'reason', 'effect', 'side_effects', 'ask_effect',
    'ended_at', 'severity', 'suspected_triggers',
    // The questionnaire's: its severity ratings share the episode's column, as a check-in's
    // symptom ratings share the episode's symptoms.
    'answered_at', 'instrument', 'frequency',
  ]);
  assert.deepEqual(header, csvColumns().map((c) => c.header));
  assert.equal(new Set(header).size, header.length);
  for (const field of ['daily_budget_points', 'points_per_hour', 'activity_presets', 'theme']) {
    assert.equal(header.includes(field), false, field);
  }
});

test('CSV: live entries by day then time, quoting, lists, ratings and the formula guard', () => {
  const rows = readCsv(toCsv(ALL).slice(1));
  const [header, ...body] = rows;
  const get = (row, column) => row[header.indexOf(column)];
  // No settings, no deleted record; the 24th first, then the 25th by time (the check-in's date first).
  assert.deepEqual(
    body.map((row) => [get(row, 'kind'), get(row, 'day'), get(row, 'time')]),
    [
      ['episode', '2026-11-24', '2026-11-24T18:00:00+01:00'],
      ['checkin', '2026-11-25', '2026-11-25'],
      ['dose', '2026-11-25', '2026-11-25T08:00:00+01:00'],
      ['activity', '2026-11-25', '2026-11-25T09:30:00+01:00'],
      ['rest', '2026-11-25', '2026-11-25T13:00:00+01:00'],
    ],
  );
  for (const row of body) assert.equal(row.length, header.length);
  const [episode, checkin, dose, activity, rest] = body;
  assert.equal(get(checkin, 'symptoms'), 'fatigue: 6; brain fog: 4');
  assert.equal(get(checkin, 'note'), 'Slept badly, "again"\nWoke at 4'); // comma, quote and LF survive
  assert.equal(get(checkin, 'energy'), '4');
  assert.equal(get(checkin, 'started_at'), ''); // other kinds' fields stay empty
  assert.equal(get(activity, 'name'), `'=HYPERLINK("http://x","shower")`); // guarded
  assert.equal(get(activity, 'points'), '5');
  assert.equal(get(dose, 'effect'), '-2'); // a number: not guarded
  assert.equal(get(dose, 'reason'), "'+sleep, maybe");
  assert.equal(get(dose, 'side_effects'), 'vivid dreams; dry mouth');
  assert.equal(get(dose, 'amount'), '1.5');
  assert.equal(get(episode, 'symptoms'), 'brain fog; @home all day'); // joined: the @ is not at the start
  assert.equal(get(rest, 'rest_kind'), 'lying');
  assert.equal(get(rest, 'kind'), 'rest');

  // The raw text: quoted only where needed, quotes doubled.
  const text = toCsv([CHECKIN]);
  assert.ok(text.includes(',"Slept badly, ""again""\nWoke at 4",'), text);
  assert.ok(text.includes(',fatigue: 6; brain fog: 4,'));
});

test('CSV: guard and quoting of awkward cells', () => {
  const odd = record('-starts-with-dash', 'episode', {
    started_at: '2026-11-25T10:00:00+01:00',
    symptoms: ['=1+1', 'b'],
    suspected_triggers: ['a', 'b'],
    note: '-\r\n\tx',
  });
  const [header, row] = readCsv(toCsv([odd]).slice(1));
  const get = (column) => row[header.indexOf(column)];
  assert.equal(get('id'), "'-starts-with-dash");
  assert.equal(get('symptoms'), "'=1+1; b");
  assert.equal(get('note'), "'-\r\n\tx");
  assert.equal(get('suspected_triggers'), 'a; b');
  assert.equal(toCsv([]), `\uFEFF${csvColumns().map((c) => c.header).join(',')}\r\n`);
});

// ---------------------------------------------------------------- import

test('a valid file: every record back, nothing to complain about', () => {
  const text = JSON.stringify(buildExport(ALL, '2026-11-25T12:00:00.000Z'));
  const { records, errors } = parseExport(text, { now: NOW });
  assert.deepEqual(errors, []);
  assert.equal(records.length, ALL.length);
  const byId = Object.fromEntries(records.map((r) => [r.id, r]));
  for (const original of ALL) {
    const { day, ...expected } = { ...original, deleted_hlc: original.deleted ? original.deleted_hlc : null };
    assert.deepEqual(byId[original.id], expected, original.id);
  }
  // A BOM in front (a file saved by an editor) is fine; so is an empty export.
  assert.deepEqual(parseExport(`\uFEFF${text}`, { now: NOW }).errors, []);
  assert.deepEqual(parseExport(fileText([]), { now: NOW }), { records: [], errors: [] });
});

test('a file that is not ours is refused as a whole', () => {
  const only = (code, params = {}) => ({ records: [], errors: [{ index: null, id: null, field: null, code, params }] });
  assert.deepEqual(parseExport('{"format": "envelope-export", ', { now: NOW }), only('not_json'));
  assert.deepEqual(parseExport('', { now: NOW }), only('not_json'));
  const csv = toCsv(ALL);
  assert.deepEqual(parseExport(csv, { now: NOW }), only('not_json'));
  assert.deepEqual(parseExport('id,kind\r\n1,checkin\r\n', { now: NOW }), only('not_json'));
  // Another app's JSON, or JSON that is almost ours.
  assert.deepEqual(parseExport('{"entries": [{"date": "2026-11-25", "mood": 3}]}', { now: NOW }), only('not_envelope'));
  assert.deepEqual(parseExport('[1, 2, 3]', { now: NOW }), only('not_envelope'));
  assert.deepEqual(parseExport('42', { now: NOW }), only('not_envelope'));
  assert.deepEqual(parseExport('null', { now: NOW }), only('not_envelope'));
  assert.deepEqual(parseExport(fileText([], { format: 'other-export' }), { now: NOW }), only('not_envelope'));
  assert.deepEqual(parseExport(fileText([], { version: '1' }), { now: NOW }), only('not_envelope'));
  assert.deepEqual(parseExport(fileText([], { version: 0 }), { now: NOW }), only('not_envelope'));
  assert.deepEqual(parseExport(fileText({}), { now: NOW }), only('not_envelope'));
  assert.deepEqual(parseExport(fileText([], { version: 2 }), { now: NOW }), only('newer_version', { version: 2 }));
  assert.deepEqual(parseExport(fileText('changed', { version: 3 }), { now: NOW }), only('newer_version', { version: 3 }));
});

/** parseExport of one changed copy of a valid record. */
function errorsOf(records) {
  const result = parseExport(fileText(records), { now: NOW });
  if (result.errors.length) assert.deepEqual(result.records, []);
  return result.errors;
}

test('the same id twice in a file', () => {
  assert.deepEqual(errorsOf([CHECKIN, ACTIVITY, CHECKIN]), [
    { index: 2, id: 'checkin-2026-11-25', field: 'id', code: 'duplicate_id', params: { first_index: 0 } },
  ]);
});

test('invalid data names the record index, its id and the field', () => {
  const tooMuch = { ...CHECKIN, data: { ...CHECKIN.data, energy: 11 } };
  assert.deepEqual(errorsOf([ACTIVITY, tooMuch]), [
    { index: 1, id: 'checkin-2026-11-25', field: 'energy', code: 'range', params: { min: 0, max: 10 } },
  ]);
  const longNote = { ...DOSE, data: { ...DOSE.data, note: 'x'.repeat(5001) }, field_hlcs: { ...DOSE.field_hlcs, note: st(0) } };
  assert.deepEqual(errorsOf([longNote]), [
    { index: 0, id: DOSE.id, field: 'note', code: 'length', params: { min: 0, max: 5000 } },
  ]);
  const future = { ...ACTIVITY, data: { ...ACTIVITY.data, started_at: '2026-11-28T09:30:00+01:00' } };
  assert.deepEqual(errorsOf([future]).map((e) => [e.field, e.code]), [['started_at', 'future']]);
  const wrongId = { ...CHECKIN, id: 'checkin 2026-11-25' };
  assert.deepEqual(errorsOf([wrongId]).map((e) => [e.field, e.code]), [['id', 'invalid_id']]);
  // A check-in whose id is not the app's own form is read (other clients make such ids).
  assert.deepEqual(errorsOf([{ ...CHECKIN, id: '01a2374e-2e48-71fe-b772-edacede00001' }]), []);
  const unknownField = { ...REST, data: { ...REST.data, colour: 'red' }, field_hlcs: { ...REST.field_hlcs, colour: st(0) } };
  assert.deepEqual(errorsOf([unknownField]).map((e) => [e.field, e.code]), [['colour', 'unknown_field']]);
});

test('the record envelope: id, kind, deleted, times, unknown and missing keys', () => {
  const bad = {
    ...ACTIVITY,
    id: 'has space',
    deleted: 'no',
    created_at: '2026-02-30T08:00:00Z',
    updated_at: 'yesterday',
    extra: 1,
  };
  delete bad.field_hlcs;
  assert.deepEqual(errorsOf([bad]), [
    { index: 0, id: 'has space', field: 'extra', code: 'unknown_field', params: {} },
    { index: 0, id: 'has space', field: 'field_hlcs', code: 'required', params: {} },
    { index: 0, id: 'has space', field: 'id', code: 'invalid_id', params: {} },
    { index: 0, id: 'has space', field: 'deleted', code: 'type', params: { expected: 'boolean' } },
    { index: 0, id: 'has space', field: 'created_at', code: 'format', params: { format: 'datetime' } },
    { index: 0, id: 'has space', field: 'updated_at', code: 'format', params: { format: 'datetime' } },
  ]);
  assert.deepEqual(errorsOf([{ ...REST, kind: 'meal' }]), [
    { index: 0, id: REST.id, field: 'kind', code: 'unknown_kind', params: { kind: 'meal' } },
  ]);
  assert.deepEqual(errorsOf([ACTIVITY, 'text', null]), [
    { index: 1, id: null, field: null, code: 'not_object', params: {} },
    { index: 2, id: null, field: null, code: 'not_object', params: {} },
  ]);
  assert.deepEqual(errorsOf([{ ...REST, data: [] }]).map((e) => [e.field, e.code]), [['data', 'not_object']]);
});

test('stamps: every one valid, each for a field in data, and every field stamped', () => {
  const badStamp = { ...REST, field_hlcs: { ...REST.field_hlcs, quality: '2026-11-25T08:00:00Z' } };
  assert.deepEqual(errorsOf([badStamp]), [
    { index: 0, id: REST.id, field: 'field_hlcs.quality', code: 'invalid_stamp', params: {} },
  ]);
  const upper = { ...REST, field_hlcs: { ...REST.field_hlcs, kind: st(0).toUpperCase() } };
  assert.deepEqual(errorsOf([upper]).map((e) => e.code), ['invalid_stamp']);
  const stray = { ...REST, field_hlcs: { ...REST.field_hlcs, energy: st(0) } };
  assert.deepEqual(errorsOf([stray]), [
    { index: 0, id: REST.id, field: 'field_hlcs.energy', code: 'stamp_without_field', params: {} },
  ]);
  const { quality, ...unstamped } = REST.field_hlcs;
  assert.deepEqual(errorsOf([{ ...REST, field_hlcs: unstamped }]), [
    { index: 0, id: REST.id, field: 'field_hlcs.quality', code: 'missing_stamp', params: {} },
  ]);
  assert.deepEqual(errorsOf([{ ...REST, field_hlcs: [] }]).map((e) => [e.field, e.code]), [
    ['field_hlcs', 'type'],
  ]);
  assert.deepEqual(errorsOf([{ ...GONE, deleted_hlc: 'soon' }]).map((e) => [e.field, e.code]), [
    ['deleted_hlc', 'invalid_stamp'],
  ]);
  // A delete stamp older than a field stamp means the record is live: `deleted` must agree.
  assert.deepEqual(errorsOf([{ ...GONE, deleted_hlc: st(0) }]), [
    { index: 0, id: GONE.id, field: 'deleted', code: 'deleted_mismatch', params: { deleted: false } },
  ]);
  assert.deepEqual(errorsOf([{ ...ACTIVITY, deleted_hlc: st(5) }]).map((e) => e.code), ['deleted_mismatch']);
  assert.deepEqual(errorsOf([{ ...ACTIVITY, deleted_hlc: st(-5) }]), []);
});

test('deleted records: validated in full, but may carry no data', () => {
  const tombstone = { ...GONE, data: {}, field_hlcs: {} };
  assert.deepEqual(errorsOf([tombstone]), []);
  const { deleted_hlc, ...noStamp } = tombstone;
  assert.deepEqual(errorsOf([noStamp]), []);
  const broken = { ...GONE, data: { ...GONE.data, duration_min: 0 } };
  assert.deepEqual(errorsOf([broken]).map((e) => [e.field, e.code]), [['duration_min', 'range']]);
  const partial = { ...GONE, data: { name: 'Call' }, field_hlcs: { name: st(1) } };
  assert.deepEqual(errorsOf([partial]).map((e) => [e.field, e.code]), [
    ['started_at', 'required'],
    ['duration_min', 'required'],
    ['category', 'required'],
    ['intensity', 'required'],
  ]);
});

test('a huge wrong file stops at the error limit', () => {
  const many = Array.from({ length: 500 }, (_, i) => ({ ...REST, id: `r${i}`, kind: 'meal' }));
  const { records, errors } = parseExport(fileText(many), { now: NOW });
  assert.deepEqual(records, []);
  assert.equal(errors.length, MAX_IMPORT_ERRORS + 1);
  assert.deepEqual(errors.at(-1), { index: null, id: null, field: null, code: 'too_many_errors', params: { max: MAX_IMPORT_ERRORS } });
  assert.deepEqual(errors[99], { index: 99, id: 'r99', field: 'kind', code: 'unknown_kind', params: { kind: 'meal' } });
});

// ----------------------------------------------------------------- merge

const LOCAL = deepFreeze(
  record('checkin-2026-11-25', 'checkin', { date: '2026-11-25', energy: 4, mood: 5 }, {
    stamps: { date: st(0), energy: st(10), mood: st(0) },
    created_at: '2026-11-25T08:00:00.000Z',
    updated_at: '2026-11-25T08:10:00.000Z',
  }),
);
const OTHER = deepFreeze(
  record('checkin-2026-11-25', 'checkin', { date: '2026-11-25', energy: 6, mood: 3, note: 'from the tablet' }, {
    stamps: { date: st(0, B), energy: st(5, B), mood: st(20, B), note: st(20, B) },
    created_at: '2026-11-25T07:59:00.000Z',
    updated_at: '2026-11-25T08:20:00.000Z',
  }),
);

const state = ({ record: r }) => ({ data: r.data, field_hlcs: r.field_hlcs, deleted: r.deleted, deleted_hlc: r.deleted_hlc });

test('per field, the newer stamp wins; what the incoming side won is reported', () => {
  const result = mergeRecord(LOCAL, OTHER);
  assert.deepEqual(result, {
    record: {
      id: 'checkin-2026-11-25',
      kind: 'checkin',
      data: { date: '2026-11-25', energy: 4, mood: 3, note: 'from the tablet' },
      created_at: '2026-11-25T07:59:00.000Z', // the earlier
      updated_at: '2026-11-25T08:20:00.000Z', // the later
      deleted: false,
      field_hlcs: { date: st(0, B), energy: st(10), mood: st(20, B), note: st(20, B) },
      deleted_hlc: null,
    },
    // date: the same minute and counter, node B sorts after node A.
    won: { date: st(0, B), mood: st(20, B), note: st(20, B) },
    deleteWon: null,
    changed: true,
  });
});

test('merge is commutative and idempotent, and never changes its inputs', () => {
  const tombstone = deepFreeze({ ...OTHER, deleted: true, deleted_hlc: st(15, B) });
  const revived = deepFreeze({ ...LOCAL, field_hlcs: { ...LOCAL.field_hlcs, energy: st(30) } });
  for (const [a, b] of [
    [LOCAL, OTHER],
    [LOCAL, tombstone],
    [revived, tombstone],
    [LOCAL, LOCAL],
  ]) {
    const ab = mergeRecord(a, b);
    const ba = mergeRecord(b, a);
    assert.deepEqual(state(ab), state(ba));
    assert.equal(ab.record.created_at, ba.record.created_at);
    assert.equal(ab.record.updated_at, ba.record.updated_at);
    const again = mergeRecord(ab.record, b);
    assert.deepEqual(again.record, ab.record);
    assert.deepEqual(again.won, {});
    assert.equal(again.deleteWon, null);
    assert.equal(again.changed, false);
    assert.deepEqual(mergeRecord(ab.record, a).changed, false);
  }
  assert.equal(mergeRecord(LOCAL, LOCAL).changed, false);
});

test('a delete newer than every edit removes; an edit newer than the delete revives', () => {
  const deletedThere = { ...OTHER, deleted: true, deleted_hlc: st(25, B) }; // after every field stamp
  const gone = mergeRecord(LOCAL, deletedThere);
  assert.equal(gone.record.deleted, true);
  assert.equal(gone.deleteWon, st(25, B));
  assert.equal(gone.record.deleted_hlc, st(25, B));
  assert.deepEqual(gone.record.data, { date: '2026-11-25', energy: 4, mood: 3, note: 'from the tablet' }); // kept for undo

  // The delete happened before an edit made here: the edit revives the record.
  const editedLater = { ...LOCAL, field_hlcs: { ...LOCAL.field_hlcs, energy: st(30) } };
  const back = mergeRecord(editedLater, deletedThere);
  assert.equal(back.record.deleted, false);
  assert.equal(back.record.deleted_hlc, st(25, B)); // remembered, but older than the edit
  assert.equal(back.record.data.energy, 4);

  // A delete older than the fields it is merged with does not remove them.
  const olderDelete = { ...LOCAL, deleted: true, deleted_hlc: st(12) };
  const local = { ...OTHER, field_hlcs: { ...OTHER.field_hlcs } };
  const kept = mergeRecord(local, olderDelete);
  assert.equal(kept.record.deleted, false); // mood and note were written at 20 on the other device
  assert.equal(kept.deleteWon, st(12));

  // A newer delete on this device is not undone by an older import.
  const deletedHere = { ...LOCAL, deleted: true, deleted_hlc: st(40) };
  const stays = mergeRecord(deletedHere, OTHER);
  assert.equal(stays.record.deleted, true);
  assert.equal(stays.deleteWon, null);
  assert.deepEqual(stays.won, { date: st(0, B), mood: st(20, B), note: st(20, B) });
});

test('nothing here yet: the incoming record as it is, everything it has won', () => {
  const result = mergeRecord(null, GONE);
  assert.deepEqual(result.record, { ...GONE });
  assert.deepEqual(result.won, GONE.field_hlcs);
  assert.equal(result.deleteWon, st(2));
  assert.equal(result.changed, true);
  assert.equal(mergeRecord(result.record, GONE).changed, false);
});

test('a deleted record without deleted_hlc is stamped just after its newest field stamp', () => {
  const { deleted_hlc, ...old } = { ...OTHER, deleted: true };
  const alone = mergeRecord(null, old);
  // The smallest stamp after the newest field stamp (20 on node B): counter + 1.
  assert.equal(alone.record.deleted_hlc, st(20, B, 1));
  assert.equal(alone.record.deleted, true);
  assert.equal(alone.deleteWon, st(20, B, 1));
  assert.equal(mergeRecord(alone.record, old).changed, false);
  // Any write it had not seen (a newer stamp) revives the record.
  const newer = { ...LOCAL, field_hlcs: { ...LOCAL.field_hlcs, energy: st(21) } };
  assert.equal(mergeRecord(newer, old).record.deleted, false);
  assert.equal(mergeRecord(LOCAL, old).record.deleted, true);
  // Commutative here too.
  assert.deepEqual(state(mergeRecord(newer, old)), state(mergeRecord(old, newer)));

  // With no stamp at all: the oldest stamp there is, which loses to every write.
  const bare = { id: 'x1', kind: 'episode', data: {}, field_hlcs: {}, deleted: true, created_at: CREATED, updated_at: CREATED };
  const tomb = mergeRecord(null, bare);
  assert.equal(tomb.record.deleted, true);
  assert.equal(tomb.record.deleted_hlc, TOMBSTONE_FLOOR);
  const live = record('x1', 'episode', { started_at: '2026-11-25T10:00:00+01:00' });
  assert.equal(mergeRecord(live, bare).record.deleted, false);
  assert.equal(mergeRecord(live, bare).record.data.started_at, '2026-11-25T10:00:00+01:00');
});

test('different ids or kinds cannot be merged', () => {
  assert.throws(() => mergeRecord(LOCAL, { ...OTHER, kind: 'activity' }), /is a checkin here and a activity/);
  assert.throws(() => mergeRecord(LOCAL, { ...OTHER, id: 'other' }), TypeError);
});

test('export, wipe, import gives the same records; importing twice changes nothing', () => {
  const text = JSON.stringify(buildExport(ALL, '2026-11-25T12:00:00.000Z'));
  const { records, errors } = parseExport(text, { now: NOW });
  assert.deepEqual(errors, []);
  const store = new Map();
  for (const incoming of records) {
    const result = mergeRecord(store.get(incoming.id) ?? null, incoming);
    assert.equal(result.changed, true);
    store.set(incoming.id, result.record);
  }
  for (const original of ALL) assert.deepEqual(store.get(original.id), { ...original }, original.id);
  for (const incoming of parseExport(text, { now: NOW }).records) {
    const result = mergeRecord(store.get(incoming.id), incoming);
    assert.equal(result.changed, false, incoming.id);
    assert.deepEqual(result.won, {});
    assert.equal(result.deleteWon, null);
  }
});

test('a questionnaire survives export, import and a merge, ratings and all', () => {
  const answered = record('0193b7d0-0000-7000-8000-000000000006', 'questionnaire', {
    answered_at: '2026-11-25T10:00:00+01:00',
    instrument: 'dsq_pem',
    // Partial, as a person may leave it: item 4 has a severity only, item 5 a frequency only.
    frequency: { 1: 2, 2: 3, 3: 0, 5: 4 },
    severity: { 1: 2, 2: 1, 3: 0, 4: 1 },
    note: 'Past 6 months.',
  });
  const text = JSON.stringify(buildExport([answered, CHECKIN], '2026-11-25T12:00:00.000Z'));
  const { records, errors } = parseExport(text, { now: NOW });
  assert.deepEqual(errors, []);
  const back = records.find((r) => r.kind === 'questionnaire');
  assert.deepEqual(back, { ...answered });
  const { record: merged, changed } = mergeRecord(null, back);
  assert.equal(changed, true);
  assert.deepEqual(merged.data, answered.data);
  assert.equal(mergeRecord(merged, back).changed, false);
  // A rating out of 0-4 in a file is named, and nothing is imported.
  const bad = { ...answered, data: { ...answered.data, severity: { 1: 5 } } };
  const refused = parseExport(fileText([bad]), { now: NOW });
  assert.deepEqual(refused.records, []);
  assert.deepEqual(refused.errors.map((e) => [e.index, e.field, e.code]), [[0, 'severity.1', 'range']]);
  // In the CSV: one row, its day and time from answered_at, the ratings as "item: rating".
  const [header, row] = readCsv(toCsv([answered]).slice(1));
  const get = (column) => row[header.indexOf(column)];
  assert.deepEqual([get('kind'), get('day'), get('time')], ['questionnaire', '2026-11-25', '2026-11-25T10:00:00+01:00']);
  assert.equal(get('instrument'), 'dsq_pem');
  assert.equal(get('frequency'), '1: 2; 2: 3; 3: 0; 5: 4');
  assert.equal(get('severity'), '1: 2; 2: 1; 3: 0; 4: 1');
});

test('snapshots, several a day, survive export, import and a merge; the CSV shares columns', () => {
  const morning = record('0193b7d0-0000-7000-8000-000000000007', 'snapshot', {
    taken_at: '2026-11-25T08:10:00+01:00', energy: 2, symptoms: { fatigue: 8, headache: 3 },
  });
  const evening = record('0193b7d0-0000-7000-8000-000000000008', 'snapshot', {
    taken_at: '2026-11-25T19:30:00+01:00', energy: 4, note: 'After a nap.',
  });
  const text = JSON.stringify(buildExport([evening, CHECKIN, morning], '2026-11-25T20:00:00.000Z'));
  const { records, errors } = parseExport(text, { now: NOW });
  assert.deepEqual(errors, []);
  assert.deepEqual(records.filter((r) => r.kind === 'snapshot'), [{ ...morning }, { ...evening }]);
  const { record: merged } = mergeRecord(null, records.find((r) => r.id === morning.id));
  assert.deepEqual(merged.data, morning.data);
  // Four symptoms in a file are named, and nothing is imported.
  const bad = { ...morning, data: { ...morning.data, symptoms: { a: 1, b: 2, c: 3, d: 4 } },
    field_hlcs: morning.field_hlcs };
  const refused = parseExport(fileText([bad]), { now: NOW });
  assert.deepEqual(refused.records, []);
  assert.deepEqual(refused.errors.map((e) => [e.index, e.field, e.code]), [[0, 'symptoms', 'too_many']]);
  // The CSV: no column of its own (taken_at, energy and symptoms are the dose's and the
  // check-in's), one row each, in time order after the day's check-in.
  assert.deepEqual(csvColumns().map((c) => c.header).filter((h) => ['taken_at', 'energy', 'symptoms'].includes(h)),
    ['energy', 'symptoms', 'taken_at']);
  const [header, ...rows] = readCsv(toCsv([evening, morning, CHECKIN]).slice(1));
  const get = (row, column) => row[header.indexOf(column)];
  assert.deepEqual(rows.map((row) => [get(row, 'kind'), get(row, 'energy'), get(row, 'symptoms')]), [
    ['checkin', '4', 'fatigue: 6; brain fog: 4'],
    ['snapshot', '2', 'fatigue: 8; headache: 3'],
    ['snapshot', '4', ''],
  ]);
  for (const [row, time] of [[rows[1], '2026-11-25T08:10:00+01:00'], [rows[2], '2026-11-25T19:30:00+01:00']]) {
    assert.deepEqual([get(row, 'day'), get(row, 'time'), get(row, 'taken_at')], ['2026-11-25', time, time]);
  }
  assert.equal(get(rows[2], 'note'), 'After a nap.');
});
