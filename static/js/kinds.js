// The kinds of entry, their fields and limits: the one shared validation module.
//
// A contract (issue 3, "Entry kinds"): the fields and limits come from the one table,
// server/kind_table.py, through kinds.generated.js; the server builds its marshmallow
// schemas from the same table, and both pass the cases in tests/cases/kinds.json.
// validateData returns {} when data is valid, else {field: [{code, params}]}
// where field is a top-level field, a dotted path for a nested one
// ("symptoms.fatigue", "activity_presets.2.minutes"), or one of _kind, _id,
// _schema. Codes are stable; the message catalogue words them.
// Pure module: no DOM, no storage, runs under `node --test`.

import { isRecordId } from './ids.js';
import * as generated from './kinds.generated.js';
import { hasOwn, isPlainObject, setOwn } from './values.js';

const deepFreeze = (value) => {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
};

export const CATEGORIES = deepFreeze(generated.CATEGORIES);
export const INTENSITIES = deepFreeze(generated.INTENSITIES);
export const REST_KINDS = deepFreeze(generated.REST_KINDS);
export const UNITS = deepFreeze(generated.UNITS);
export const SEVERITIES = deepFreeze(generated.SEVERITIES);
export const THEMES = deepFreeze(generated.THEMES);
export const INSTRUMENTS = deepFreeze(generated.INSTRUMENTS);
/** Most items of a list, and of the symptoms object. */
export const MAX_ITEMS = generated.MAX_ITEMS;
/** The sync protocol's constants, as the server has them: protocol, max_changes,
 * pull_limit_default, pull_limit_max, max_skew_ms. */
export const SYNC = deepFreeze(generated.SYNC);

const DAY_MS = 86_400_000;

/**
 * Field specs by kind, from server/kind_table.py (which says what every key means). Types:
 * int (whole number), number (decimals allowed), string (min/max length in characters),
 * enum, date (YYYY-MM-DD), datetime (ISO 8601 with Z or ±HH:MM), list (of strings),
 * symptomRatings (name -> int), presets (list of objects with `fields`), rates (object
 * with `fields`). A field without `required: true` is optional. Forms read their limits,
 * steps and choices here too.
 */
export const KINDS = deepFreeze(generated.KIND_FIELDS);

/**
 * The values a form offers for a field: an enum's, or an int's from min to max in its
 * steps (highest first with `descending`, as the Bell scale reads).
 */
export function valuesOf(spec, { descending = false } = {}) {
  if (spec.type === 'enum') return [...spec.values];
  const step = spec.step ?? 1;
  const values = [];
  for (let value = spec.min; value <= spec.max; value += step) values.push(value);
  return descending ? values.reverse() : values;
}

/** What a number input for a field takes: its range, and its step (an int's, or the form's). */
export function inputLimits(spec) {
  return {
    min: spec.min,
    max: spec.max,
    step: spec.type === 'int' ? (spec.step ?? 1) : (spec.input_step ?? 'any'),
  };
}

/**
 * The field that holds when an entry happened: a check-in's date, the others' start or
 * intake time, a questionnaire's answering. Its date part is the entry's local calendar day.
 */
export const TIME_FIELD = deepFreeze(generated.TIME_FIELD);

/**
 * The starting symptoms until issue 12. A person who never set their own list but whose
 * diary already rates one of these names keeps this list (startingSymptoms): their ratings
 * stay one series under one name.
 */
export const EARLIER_SYMPTOMS = deepFreeze([
  'fatigue',
  'post-exertional malaise',
  'brain fog',
  'unrefreshing sleep',
  'muscle or joint pain',
  'headache',
  'dizziness on standing',
  'light or noise sensitivity',
  'memory problems',
]);

/** What a person starts with. Not a record: never stamped, never sent. */
export const SETTINGS_DEFAULTS = deepFreeze({
  daily_budget_points: 100,
  // The person's words first, then in brackets the common name that people and
  // clinicians also look for, where the two differ.
  symptoms: [
    'fatigue',
    'post-exertional malaise',
    'brain fog (cognitive difficulty)',
    'unrefreshing sleep (sleep disturbance)',
    'muscle or joint pain',
    'headache',
    'dizziness on standing',
    'light or noise sensitivity',
    'memory problems',
  ],
  activity_presets: [
    { name: 'Shower', category: 'physical', intensity: 'moderate', minutes: 15 },
    { name: 'Reading', category: 'cognitive', intensity: 'light', minutes: 30 },
    { name: 'Screen time', category: 'cognitive', intensity: 'light', minutes: 30 },
    { name: 'Cooking', category: 'physical', intensity: 'moderate', minutes: 20 },
    { name: 'Phone call', category: 'social', intensity: 'moderate', minutes: 15 },
    { name: 'Standing', category: 'orthostatic', intensity: 'light', minutes: 15 },
  ],
  points_per_hour: { light: 10, moderate: 20, hard: 40 },
  look_back_hours: 72,
  theme: 'system',
});


/** Length in characters (code points), as Python's len() counts it. */
const charCount = (text) => [...text].length;

const isLeap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y, m) => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];

function utcMillis(y, mo, d, h = 0, mi = 0, s = 0, ms = 0) {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // unlike Date.UTC, years 0-99 stay themselves
  date.setUTCHours(h, mi, s, ms);
  return date.getTime();
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

function realDate(y, m, d) {
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
}

/** Midnight UTC of a YYYY-MM-DD calendar date in ms, or null when it is not one. */
function parseDate(value) {
  const match = typeof value === 'string' ? DATE_PATTERN.exec(value) : null;
  if (!match) return null;
  const [y, m, d] = match.slice(1, 4).map(Number);
  return realDate(y, m, d) ? utcMillis(y, m, d) : null;
}

/** The instant of an ISO 8601 time with offset in ms, or null when it is not one. */
export function parseDateTime(value) {
  const match = typeof value === 'string' ? DATETIME_PATTERN.exec(value) : null;
  if (!match) return null;
  const [, ys, mos, ds, hs, mis, ss = '0', fraction = '', zulu, sign, ohs, oms] = match;
  const [y, mo, d, h, mi, s, oh, om] = [ys, mos, ds, hs, mis, ss, ohs ?? '0', oms ?? '0'].map(Number);
  if (!realDate(y, mo, d) || h > 23 || mi > 59 || s > 59 || oh > 23 || om > 59) return null;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  const offset = zulu ? 0 : (sign === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  return utcMillis(y, mo, d, h, mi, s, ms) - offset;
}

function addError(errors, path, code, params = {}) {
  // defineProperty: a path such as "__proto__" must stay an ordinary key.
  if (!hasOwn(errors, path)) {
    setOwn(errors, path, []);
  }
  errors[path].push({ code, params });
}

function checkRange(spec, value, path, errors) {
  const below = spec.exclusiveMin ? value <= spec.min : value < spec.min;
  if (below || value > spec.max) {
    const params = { min: spec.min, max: spec.max };
    if (spec.exclusiveMin) params.exclusiveMin = true;
    addError(errors, path, 'range', params);
    return false;
  }
  return true;
}

function checkValue(spec, value, path, errors, context) {
  switch (spec.type) {
    case 'int':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value) || (spec.type === 'int' && !Number.isInteger(value))) {
        addError(errors, path, 'type', { expected: spec.type });
      } else if (checkRange(spec, value, path, errors) && spec.step && value % spec.step !== 0) {
        addError(errors, path, 'step', { step: spec.step });
      }
      return;
    }
    case 'string': {
      if (typeof value !== 'string') {
        addError(errors, path, 'type', { expected: 'string' });
      } else {
        const length = charCount(value);
        if (length < spec.min || length > spec.max) addError(errors, path, 'length', { min: spec.min, max: spec.max });
      }
      return;
    }
    case 'boolean': {
      if (typeof value !== 'boolean') addError(errors, path, 'type', { expected: 'boolean' });
      return;
    }
    case 'enum': {
      if (!spec.values.includes(value)) addError(errors, path, 'enum', { values: [...spec.values] });
      return;
    }
    case 'date':
    case 'datetime': {
      if (typeof value !== 'string') {
        addError(errors, path, 'type', { expected: spec.type });
        return;
      }
      const millis = spec.type === 'date' ? parseDate(value) : parseDateTime(value);
      if (millis === null) addError(errors, path, 'format', { format: spec.type });
      else if (millis > context.now + DAY_MS) addError(errors, path, 'future');
      return;
    }
    case 'list':
    case 'presets': {
      if (!Array.isArray(value)) {
        addError(errors, path, 'type', { expected: 'list' });
      } else if (value.length > spec.max) {
        addError(errors, path, 'too_many', { max: spec.max });
      } else if (spec.type === 'list') {
        value.forEach((item, i) => checkValue(spec.item, item, `${path}.${i}`, errors, context));
      } else {
        value.forEach((item, i) => checkObject(spec.fields, item, `${path}.${i}`, errors, context));
      }
      return;
    }
    case 'symptomRatings': {
      if (!isPlainObject(value)) {
        addError(errors, path, 'type', { expected: 'object' });
        return;
      }
      const names = Object.keys(value);
      if (names.length > spec.max) {
        addError(errors, path, 'too_many', { max: spec.max });
        return;
      }
      for (const name of names) {
        const length = charCount(name);
        if (length < spec.key.min || length > spec.key.max) {
          addError(errors, `${path}.${name}`, 'length', { min: spec.key.min, max: spec.key.max });
        } else {
          checkValue(spec.value, value[name], `${path}.${name}`, errors, context);
        }
      }
      return;
    }
    case 'rates': {
      checkObject(spec.fields, value, path, errors, context);
      return;
    }
    default:
      throw new TypeError(`no check for field type ${spec.type}`);
  }
}

/** A nested object (a preset, the rates): every key known, required keys present. */
function checkObject(fields, value, path, errors, context) {
  if (!isPlainObject(value)) {
    addError(errors, path, 'type', { expected: 'object' });
    return;
  }
  checkFields(fields, value, `${path}.`, errors, context, false);
}

/** Fields of an object; undefined counts as absent, null clears an optional field. */
function checkFields(fields, data, prefix, errors, context, partial) {
  for (const key of Object.keys(data)) {
    if (data[key] !== undefined && !hasOwn(fields, key)) addError(errors, `${prefix}${key}`, 'unknown_field');
  }
  for (const [key, spec] of Object.entries(fields)) {
    const value = hasOwn(data, key) ? data[key] : undefined;
    if (value === undefined || value === null) {
      if (spec.required && (value === null || !partial)) addError(errors, `${prefix}${key}`, 'required');
    } else {
      checkValue(spec, value, `${prefix}${key}`, errors, context);
    }
  }
}

/**
 * Check the data of an entry of `kind`.
 * @param {string} kind
 * @param {object} data  the whole data, or with `partial` only the fields an edit sets
 * @param {{partial?: boolean, id?: string, now?: number}} [options]
 *   id: the record id, checked when given; now: ms, for "not more than a day in the future"
 * @returns {object} {} when valid, else {field: [{code, params}, ...]}
 */
export function validateData(kind, data, { partial = false, id = undefined, now = Date.now() } = {}) {
  if (typeof kind !== 'string' || !hasOwn(KINDS, kind)) {
    return { _kind: [{ code: 'unknown_kind', params: {} }] };
  }
  if (typeof now !== 'number' || !Number.isFinite(now)) throw new TypeError(`now must be ms since the epoch: ${now}`);
  const errors = {};
  // Any id of the one form, for every kind, whoever made it: the app makes checkin-<date>
  // and 'settings' itself, and shows several such records of one day as one.
  if (id !== undefined && !isRecordId(id)) addError(errors, '_id', 'invalid_id', {});
  if (!isPlainObject(data)) {
    addError(errors, '_schema', 'not_object');
    return errors;
  }
  const fields = KINDS[kind];
  checkFields(fields, data, '', errors, { now }, partial);
  for (const [later, spec] of Object.entries(fields)) {
    const earlier = spec.not_before;
    if (!earlier || hasOwn(errors, earlier) || hasOwn(errors, later)) continue;
    const start = parseDateTime(data[earlier]);
    const end = parseDateTime(data[later]);
    if (start !== null && end !== null && end < start) addError(errors, later, 'before_start');
  }
  return errors;
}

export function isValid(kind, data, options) {
  return Object.keys(validateData(kind, data, options)).length === 0;
}

/** The person's local calendar day of an entry (YYYY-MM-DD), or null (settings, no time). */
export function dayOf(kind, data) {
  const field = hasOwn(TIME_FIELD, kind) ? TIME_FIELD[kind] : null;
  const value = field && isPlainObject(data) ? data[field] : null;
  if (typeof value !== 'string') return null;
  // The ISO time carries the offset it was written with: its date part is the local day.
  const day = value.slice(0, 10);
  return parseDate(day) === null ? null : day;
}

/** The symptom names a diary's check-ins rate and its episodes list. */
export function symptomsInUse(records) {
  const names = new Set();
  for (const record of records) {
    if (record.deleted || !isPlainObject(record.data)) continue;
    const { symptoms } = record.data;
    if (record.kind === 'checkin' && isPlainObject(symptoms)) Object.keys(symptoms).forEach((n) => names.add(n));
    if (record.kind === 'episode' && Array.isArray(symptoms)) symptoms.forEach((n) => names.add(n));
  }
  return names;
}

/**
 * The symptom list of a person who never set their own: the starting list, unless the
 * diary already uses a name only the earlier starting list had (then that list, so
 * nothing they rate is renamed under them).
 */
export function startingSymptoms(inUse = new Set()) {
  const renamed = EARLIER_SYMPTOMS.filter((name) => !SETTINGS_DEFAULTS.symptoms.includes(name));
  return [...(renamed.some((name) => inUse.has(name)) ? EARLIER_SYMPTOMS : SETTINGS_DEFAULTS.symptoms)];
}

/**
 * The settings in force: defaults overlaid by the record's set, valid fields. A fresh copy.
 * `symptomsInUse` (a Set of names) chooses the starting symptoms when none are set.
 */
export function effectiveSettings(record, { symptomsInUse: inUse } = {}) {
  const settings = structuredClone(SETTINGS_DEFAULTS);
  settings.symptoms = startingSymptoms(inUse);
  if (!record || record.deleted || !isPlainObject(record.data)) return settings;
  if (record.kind !== undefined && record.kind !== 'settings') return settings;
  for (const [field, value] of Object.entries(record.data)) {
    if (value === null || value === undefined || !hasOwn(KINDS.settings, field)) continue;
    // A field that fails validation (e.g. from an older version) falls back to its default.
    if (!isValid('settings', { [field]: value }, { partial: true })) continue;
    settings[field] = structuredClone(value);
  }
  return settings;
}
