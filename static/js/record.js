// Records and the changes that travel with them. Pure module: no DOM, no storage.
//
// A record is {id, kind, data, created_at, updated_at, deleted, field_hlcs,
// deleted_hlc}: `field_hlcs` holds the stamp of the write that last set each
// field, `deleted_hlc` the stamp of the delete (or null). Those stamps are what
// later lets every device and the server merge per field, newest stamp wins.
// An outbox change has exactly the shape of a sync change:
// {id, kind, data (only the fields this write set), hlc, deleted}.
//
// Merge rule (the same on every device and the server, for sync and import):
// per field, the value with the newer stamp wins (equal stamps: the local one
// stays); a record is deleted iff its delete stamp is newer than every field
// stamp, so a newer edit revives it and a newer delete removes it.

import { formatStamp, isStamp, maxStamp, parseStamp } from './hlc.js';
import { isRecordId } from './ids.js';
import { hasOwn, setOwn, toMillis } from './values.js';

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

/**
 * The sync changes that carry a record's fields with their own stamps: one change
 * per stamp (a change has a single stamp), and the delete, oldest first.
 * @param {object} record  the record as stored
 * @param {{[field: string]: string}} stamps  the fields to send, each with its stamp
 * @param {string|null} deleteStamp  the delete to send, if any
 */
export function changesByStamp(record, stamps, deleteStamp = null) {
  const byStamp = new Map();
  for (const [field, stamp] of Object.entries(stamps)) {
    if (!byStamp.has(stamp)) byStamp.set(stamp, {});
    byStamp.get(stamp)[field] = record.data[field] ?? null;
  }
  const changes = [...byStamp].map(([hlc, data]) => ({ id: record.id, kind: record.kind, data, hlc, deleted: false }));
  if (deleteStamp) changes.push({ id: record.id, kind: record.kind, data: {}, hlc: deleteStamp, deleted: true });
  return changes.sort((a, b) => (a.hlc < b.hlc ? -1 : 1));
}

/**
 * Live records that stand for one thing, as one: the check-ins of one day, or the settings,
 * when another client or an import brought more than one (any id is accepted, so a check-in
 * may come with a UUID). Each field is the value whose stamp is newest, as merging them
 * would give; equal stamps keep the first record in id order. The result carries the app's
 * own `id`, where an edit goes, and `parts`, the records it was made of (for delete and
 * Undo). Null when none is live.
 * @param {object[]} records  records of one kind that stand for one thing
 * @param {string} id  the app's own id for it (checkin-<date>, settings)
 */
export function combineRecords(records, id) {
  const parts = records
    .filter((record) => !record.deleted)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (!parts.length) return null;
  if (parts.length === 1 && parts[0].id === id) return { ...parts[0], parts };
  const data = {};
  const fieldHlcs = {};
  for (const part of parts) {
    for (const [field, value] of Object.entries(part.data ?? {})) {
      const stamp = part.field_hlcs?.[field] ?? '';
      if (hasOwn(data, field) && !(stamp > fieldHlcs[field])) continue;
      setOwn(data, field, structuredClone(value));
      setOwn(fieldHlcs, field, stamp);
    }
  }
  const times = (key) => parts.map((part) => part[key]).filter(Boolean).sort();
  return {
    id,
    kind: parts[0].kind,
    data,
    field_hlcs: fieldHlcs,
    day: parts[0].day,
    created_at: times('created_at')[0],
    updated_at: times('updated_at').at(-1),
    deleted: false,
    deleted_hlc: null,
    parts,
  };
}

/** The part of a combined record (combineRecords) that has the app's own id, or null. */
export function ownPart(combined) {
  return combined?.parts?.find((part) => part.id === combined.id) ?? null;
}

// --------------------------------------------------------------------- merge

/**
 * The delete stamp of a tombstone that carries no stamp at all (deleted, no
 * deleted_hlc, no field stamps): the oldest stamp there is. It deletes a record
 * nobody has written to and loses to every real write, so it never removes data.
 */
export const TOMBSTONE_FLOOR = '1970-01-01T00:00:00.000Z-0000-0000000000000000';


/** The stamp right after `stamp` on the same node: the smallest stamp newer than it. */
function nextStamp(stamp) {
  const { millis, counter, node } = parseStamp(stamp);
  return counter < 0xffff
    ? formatStamp({ millis, counter: counter + 1, node })
    : formatStamp({ millis: millis + 1, counter: 0, node });
}

function newestFieldStamp(fieldHlcs) {
  let newest = null;
  for (const stamp of Object.values(fieldHlcs)) if (isStamp(stamp)) newest = maxStamp(newest, stamp);
  return newest;
}

/**
 * A record's delete stamp. A deleted record without one (an older export, a
 * hand-made file) was deleted after every write it had seen: it gets the
 * smallest stamp after its newest field stamp, so a write it had not seen (any
 * newer stamp) still wins; with no stamp at all it gets TOMBSTONE_FLOOR.
 */
function deleteStampOf(record) {
  if (isStamp(record.deleted_hlc)) return record.deleted_hlc;
  if (record.deleted !== true) return null;
  const newest = newestFieldStamp(record.field_hlcs ?? {});
  return newest ? nextStamp(newest) : TOMBSTONE_FLOOR;
}

/** Deleted iff the delete stamp is newer than every field stamp. */
function isDeletedByStamps(deleteStamp, fieldHlcs) {
  if (deleteStamp === null) return false;
  const newest = newestFieldStamp(fieldHlcs);
  return newest === null || deleteStamp > newest;
}

/** The earlier (or later) of two ISO times; a missing or unreadable one loses; a tie keeps `a`. */
function pickTime(a, b, later) {
  const x = toMillis(a);
  const y = toMillis(b);
  if (Number.isNaN(y)) return a ?? b;
  if (Number.isNaN(x)) return b;
  return (later ? y > x : y < x) ? b : a;
}

function sameValue(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => hasOwn(b, key) && sameValue(a[key], b[key]));
}

const COMPARED = Object.freeze(['kind', 'data', 'field_hlcs', 'deleted', 'created_at', 'updated_at']);

/**
 * Merge an incoming record (from a file or another device) into the local one.
 * Pure: neither input is changed.
 * @param {object|null} local  the record on this device, or null
 * @param {object} incoming  a record with the same id and kind
 * @returns {{record: object, won: {[field: string]: string}, deleteWon: string|null, changed: boolean}}
 *   won: the fields the incoming side won, with their stamps; deleteWon: its
 *   delete stamp when that won; changed: whether `record` differs from `local`
 * @throws {TypeError} when the two have different ids or kinds (nothing to merge)
 */
export function mergeRecord(local, incoming) {
  if (!incoming || typeof incoming !== 'object') throw new TypeError('nothing to merge');
  if (local && local.id !== incoming.id) throw new TypeError(`cannot merge ${incoming.id} into ${local.id}`);
  if (local && local.kind !== incoming.kind) {
    throw new TypeError(`record ${local.id} is a ${local.kind} here and a ${incoming.kind} in the import`);
  }
  const inData = incoming.data ?? {};
  const inStamps = incoming.field_hlcs ?? {};
  const inDelete = deleteStampOf(incoming);
  const locData = local?.data ?? {};
  const locStamps = local?.field_hlcs ?? {};
  const locDelete = local ? deleteStampOf(local) : null;

  const data = {};
  const fieldHlcs = {};
  const won = {};
  const fields = new Set([...Object.keys(locData), ...Object.keys(locStamps), ...Object.keys(inData), ...Object.keys(inStamps)]);
  for (const field of fields) {
    const mine = hasOwn(locStamps, field) ? locStamps[field] : undefined;
    const theirs = hasOwn(inStamps, field) ? inStamps[field] : undefined;
    let incomingWins;
    if (theirs !== undefined) incomingWins = mine === undefined || theirs > mine;
    else incomingWins = mine === undefined && !hasOwn(locData, field); // unstamped on both sides: keep what is here
    const [source, stamps] = incomingWins ? [inData, inStamps] : [locData, locStamps];
    if (hasOwn(source, field)) setOwn(data, field, structuredClone(source[field]));
    if (hasOwn(stamps, field)) setOwn(fieldHlcs, field, stamps[field]);
    if (incomingWins && theirs !== undefined) setOwn(won, field, theirs);
  }
  const deletedHlc = maxStamp(locDelete, inDelete);
  const deleteWon = inDelete !== null && (locDelete === null || inDelete > locDelete) ? inDelete : null;
  const record = {
    id: incoming.id,
    kind: incoming.kind,
    data,
    created_at: local ? pickTime(local.created_at, incoming.created_at, false) : incoming.created_at,
    updated_at: local ? pickTime(local.updated_at, incoming.updated_at, true) : incoming.updated_at,
    deleted: isDeletedByStamps(deletedHlc, fieldHlcs),
    field_hlcs: fieldHlcs,
    deleted_hlc: deletedHlc,
  };
  const changed =
    !local ||
    (local.deleted_hlc ?? null) !== record.deleted_hlc ||
    COMPARED.some((key) => !sameValue(key === 'deleted' ? local.deleted === true : local[key], record[key]));
  return { record, won, deleteWon, changed };
}
