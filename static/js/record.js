// Records and the changes that travel with them. Pure module: no DOM, no storage.
//
// A record is {id, kind, data, created_at, updated_at, deleted, field_hlcs,
// deleted_hlc}: `field_hlcs` holds the stamp of the write that last set each
// field, `deleted_hlc` the stamp of the delete (or null). Those stamps are what
// later lets every device and the server merge per field, newest stamp wins.
// An outbox change has exactly the shape of a sync change:
// {id, kind, data (only the fields this write set), hlc, deleted}.

import { isRecordId } from './ids.js';

/**
 * Apply a local write to a record (or to nothing yet) and say what to send.
 * @param {object|null} existing  the record as stored, or null/undefined
 * @param {{id: string, kind: string, fields?: object, deleted?: boolean}} write
 * @param {string} stamp  a fresh HLC stamp for this write
 * @param {string} nowIso  the device's wall time, for created_at/updated_at
 * @returns {{record: object, change: object}}
 */
export function applyLocalWrite(existing, write, stamp, nowIso) {
  const { id, kind, fields = {}, deleted = false } = write;
  if (!isRecordId(id)) throw new TypeError(`invalid record id: ${JSON.stringify(id)}`);
  if (typeof kind !== 'string' || !kind) throw new TypeError('a record needs a kind');
  if (existing && existing.kind !== kind) {
    throw new TypeError(`record ${id} is a ${existing.kind}, not a ${kind}`);
  }
  const record = existing
    ? structuredClone(existing)
    : {
        id,
        kind,
        data: {},
        created_at: nowIso,
        updated_at: nowIso,
        deleted: false,
        field_hlcs: {},
        deleted_hlc: null,
      };
  record.updated_at = nowIso;
  if (deleted) {
    // The data stays, so Undo can put every field back with a newer stamp.
    record.deleted = true;
    record.deleted_hlc = stamp;
    return { record, change: { id, kind, data: {}, hlc: stamp, deleted: true } };
  }
  const data = {};
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    record.data[field] = value;
    record.field_hlcs[field] = stamp;
    data[field] = value;
  }
  record.deleted = false;
  return { record, change: { id, kind, data, hlc: stamp, deleted: false } };
}

/** Every field of a record as a write, e.g. for Undo of a delete. */
export function restoreWrite(record) {
  return { id: record.id, kind: record.kind, fields: structuredClone(record.data) };
}
