// Export and import: the JSON contract, a CSV for spreadsheets, and reading
// an import (record.js merges it: the same rule as sync, so importing the same
// file twice changes nothing).
//
// The JSON export is a contract (the sync server's export returns the same):
//   {"format": "envelope-export", "version": 1, "exported_at": "<ISO time>",
//    "records": [{"id", "kind", "data", "deleted", "created_at", "updated_at",
//                 "field_hlcs": {"<field>": "<stamp>"}}]}
// A deleted record also carries "deleted_hlc", the stamp of its delete (an
// extension: the importer reads it when present and does without it).
// Pure module: no DOM, no storage, runs under `node --test`.

import { byTime } from './entry-order.js';
import { isStamp, maxStamp } from './hlc.js';
import { isRecordId } from './ids.js';
import { KINDS, TIME_FIELD, dayOf, parseDateTime, validateData } from './kinds.js';
import { compareText, hasOwn, isPlainObject, toMillis } from './values.js';

export const EXPORT_FORMAT = 'envelope-export';
export const EXPORT_VERSION = 1;
/** parseExport stops after this many errors and adds one `too_many_errors`. */
export const MAX_IMPORT_ERRORS = 100;

const RECORD_KEYS = Object.freeze(['id', 'kind', 'data', 'deleted', 'created_at', 'updated_at', 'field_hlcs']);
const OPTIONAL_RECORD_KEYS = Object.freeze(['deleted_hlc']);
const CSV_FIXED = Object.freeze(['id', 'kind', 'day', 'time']);
const ERROR_ID_LENGTH = 64;

const isNumber = (value) => typeof value === 'number' && Number.isFinite(value);


// ---------------------------------------------------------------- JSON export

/**
 * Everything on this device as the export contract, tombstones included.
 * @param {object[]} records  records as stored
 * @param {string} nowIso  the time of the export
 */
export function buildExport(records, nowIso) {
  const out = [...records]
    .sort((a, b) => compareText(a.id, b.id))
    .map((record) => {
      const entry = {
        id: record.id,
        kind: record.kind,
        data: structuredClone(record.data ?? {}),
        deleted: record.deleted === true,
        created_at: record.created_at,
        updated_at: record.updated_at,
        field_hlcs: structuredClone(record.field_hlcs ?? {}),
      };
      if (entry.deleted && isStamp(record.deleted_hlc)) entry.deleted_hlc = record.deleted_hlc;
      return entry;
    });
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exported_at: nowIso, records: out };
}

// ----------------------------------------------------------------------- CSV

/**
 * The CSV columns: id, kind, day, time, then every field of every kind but
 * settings, in KINDS order, each name once. A field named like a fixed column
 * (rest's `kind`) is prefixed with its kind: `rest_kind`.
 * @returns {{header: string, field: string|null, kinds: Set<string>|null}[]}
 */
export function csvColumns() {
  const columns = CSV_FIXED.map((header) => ({ header, field: null, kinds: null }));
  const byHeader = new Map();
  for (const [kind, fields] of Object.entries(KINDS)) {
    if (kind === 'settings') continue;
    for (const field of Object.keys(fields)) {
      const header = CSV_FIXED.includes(field) ? `${kind}_${field}` : field;
      if (!byHeader.has(header)) {
        const column = { header, field, kinds: new Set() };
        byHeader.set(header, column);
        columns.push(column);
      }
      byHeader.get(header).kinds.add(kind);
    }
  }
  return columns;
}

/** A cell a spreadsheet must not run as a formula: text starting =, +, -, @, tab or CR gets a leading '. */
function guard(text) {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function quote(text) {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One value as cell text (before quoting). Numbers stay numbers: an effect of -2 is -2. */
function cellText(value) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return guard(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || isNumber(item))) {
    return guard(value.join('; '));
  }
  if (isPlainObject(value) && Object.values(value).every(isNumber)) {
    // Symptom ratings: "fatigue: 6; brain fog: 4".
    return guard(Object.entries(value).map(([name, rating]) => `${name}: ${rating}`).join('; '));
  }
  return guard(JSON.stringify(value));
}

/** When an entry happened, as written; '' for a check-in, which is of a day, not a time. */
function timeOf(record) {
  const field = TIME_FIELD[record.kind];
  const value = field === 'date' ? null : record.data?.[field];
  return typeof value === 'string' ? value : '';
}

/**
 * The live entries as RFC 4180 CSV (CRLF, a UTF-8 BOM first so spreadsheets
 * read accents), one row each, by day then time. Settings are left out.
 */
export function toCsv(records) {
  const columns = csvColumns();
  const rows = records
    .filter((record) => !record.deleted && record.kind !== 'settings' && hasOwn(KINDS, record.kind))
    .map((record) => ({ record, day: dayOf(record.kind, record.data) ?? '', time: timeOf(record) }))
    // The day's own order: a check-in first, then by time, the same minute as logged.
    .sort((a, b) => compareText(a.day, b.day) || byTime(a.record, b.record));
  const lines = [columns.map((column) => quote(column.header)).join(',')];
  for (const { record, day, time } of rows) {
    const data = record.data ?? {};
    const fixed = { id: record.id, kind: record.kind, day, time };
    const cells = columns.map((column) => {
      if (column.field === null) return quote(cellText(fixed[column.header]));
      if (!column.kinds.has(record.kind) || !hasOwn(data, column.field)) return '';
      return quote(cellText(data[column.field]));
    });
    lines.push(cells.join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

// -------------------------------------------------------------------- import

/** Where a kinds.js error path points, in the words of an import error. */
const VALIDATION_FIELD = Object.freeze({ _id: 'id', _kind: 'kind', _schema: 'data' });

class ErrorList {
  constructor(max) {
    this.max = max;
    this.items = [];
    this.full = false;
  }

  add(index, id, field, code, params = {}) {
    if (this.full) return;
    if (this.items.length === this.max) {
      this.items.push({ index: null, id: null, field: null, code: 'too_many_errors', params: { max: this.max } });
      this.full = true;
      return;
    }
    this.items.push({ index, id, field, code, params });
  }
}

function fileError(code, params = {}) {
  return { records: [], errors: [{ index: null, id: null, field: null, code, params }] };
}

/** An id as an error shows it: a string, shortened; anything else is null. */
function idForError(id) {
  if (typeof id !== 'string') return null;
  return id.length > ERROR_ID_LENGTH ? `${id.slice(0, ERROR_ID_LENGTH)}…` : id;
}

/** Check one record of a file; every problem goes to `errors`. */
function checkRecord(record, index, errors, seen, now) {
  if (!isPlainObject(record)) {
    errors.add(index, null, null, 'not_object');
    return;
  }
  const id = idForError(record.id);
  const add = (field, code, params) => errors.add(index, id, field, code, params);

  for (const key of Object.keys(record)) {
    if (!RECORD_KEYS.includes(key) && !OPTIONAL_RECORD_KEYS.includes(key)) add(key, 'unknown_field');
  }
  for (const key of RECORD_KEYS) if (!hasOwn(record, key)) add(key, 'required');

  if (hasOwn(record, 'id')) {
    if (!isRecordId(record.id)) add('id', 'invalid_id');
    else if (seen.has(record.id)) add('id', 'duplicate_id', { first_index: seen.get(record.id) });
    else seen.set(record.id, index);
  }
  const kindKnown = typeof record.kind === 'string' && hasOwn(KINDS, record.kind);
  if (hasOwn(record, 'kind') && !kindKnown) {
    add('kind', 'unknown_kind', typeof record.kind === 'string' ? { kind: record.kind.slice(0, 64) } : {});
  }
  if (hasOwn(record, 'deleted') && typeof record.deleted !== 'boolean') add('deleted', 'type', { expected: 'boolean' });
  for (const key of ['created_at', 'updated_at']) {
    if (hasOwn(record, key) && parseDateTime(record[key]) === null) add(key, 'format', { format: 'datetime' });
  }

  const data = record.data;
  const dataOk = isPlainObject(data);
  if (hasOwn(record, 'data') && !dataOk) add('data', 'not_object');
  if (dataOk && kindKnown && !(record.deleted === true && Object.keys(data).length === 0)) {
    const found = validateData(record.kind, data, { id: isRecordId(record.id) ? record.id : undefined, now });
    for (const [path, list] of Object.entries(found)) {
      for (const { code, params } of list) add(VALIDATION_FIELD[path] ?? path, code, params ?? {});
    }
  }

  let stampsOk = true;
  let newestField = null;
  const stamps = record.field_hlcs;
  if (hasOwn(record, 'field_hlcs')) {
    if (!isPlainObject(stamps)) {
      add('field_hlcs', 'type', { expected: 'object' });
      stampsOk = false;
    } else {
      for (const [field, stamp] of Object.entries(stamps)) {
        if (!isStamp(stamp)) {
          add(`field_hlcs.${field}`, 'invalid_stamp');
          stampsOk = false;
        } else {
          newestField = maxStamp(newestField, stamp);
        }
        if (dataOk && !hasOwn(data, field)) add(`field_hlcs.${field}`, 'stamp_without_field');
      }
      if (dataOk) {
        for (const field of Object.keys(data)) {
          if (!hasOwn(stamps, field)) add(`field_hlcs.${field}`, 'missing_stamp');
        }
      }
    }
  }
  const deleteStamp = record.deleted_hlc ?? null;
  if (deleteStamp !== null && !isStamp(deleteStamp)) {
    add('deleted_hlc', 'invalid_stamp');
  } else if (deleteStamp !== null && stampsOk && typeof record.deleted === 'boolean') {
    // With its delete stamp given, `deleted` must follow the merge rule.
    const deleted = newestField === null || deleteStamp > newestField;
    if (deleted !== record.deleted) add('deleted', 'deleted_mismatch', { deleted });
  }
}

/**
 * Read a JSON export and check all of it before anything is written.
 * @param {string} text  the file's text
 * @param {{now?: number|Date|string}} [options]  now: for "at most a day in the future"
 * @returns {{records: object[], errors: {index: number|null, id: string|null,
 *   field: string|null, code: string, params: object}[]}}  records only when there
 *   is no error at all; then each is a whole record (deleted_hlc null when absent)
 */
export function parseExport(text, { now = Date.now() } = {}) {
  if (typeof text !== 'string') return fileError('not_json');
  let doc;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return fileError('not_json');
  }
  if (!isPlainObject(doc) || doc.format !== EXPORT_FORMAT) return fileError('not_envelope');
  if (Number.isInteger(doc.version) && doc.version > EXPORT_VERSION) {
    return fileError('newer_version', { version: doc.version });
  }
  if (doc.version !== EXPORT_VERSION || !Array.isArray(doc.records)) return fileError('not_envelope');

  const nowMs = toMillis(now);
  if (!Number.isFinite(nowMs)) throw new TypeError(`now is not a time: ${now}`);
  const errors = new ErrorList(MAX_IMPORT_ERRORS);
  const seen = new Map();
  for (let index = 0; index < doc.records.length && !errors.full; index += 1) {
    checkRecord(doc.records[index], index, errors, seen, nowMs);
  }
  if (errors.items.length) return { records: [], errors: errors.items };
  const records = doc.records.map((record) => ({
    id: record.id,
    kind: record.kind,
    data: record.data,
    created_at: record.created_at,
    updated_at: record.updated_at,
    deleted: record.deleted,
    field_hlcs: record.field_hlcs,
    deleted_hlc: record.deleted_hlc ?? null,
  }));
  return { records, errors: [] };
}
