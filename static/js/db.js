// The IndexedDB schema and its upgrade steps, through the vendored idb library.
//
// Each step moves the schema from version i to i+1 and never touches data, so
// a device that skipped releases runs every missing step in order, in the one
// versionchange transaction the browser gives us.

import { openDB, deleteDB } from '../vendor/idb-8.0.4.js';
import { dayOf } from './kinds.js';

export const DB_NAME = 'envelope';

const UPGRADES = [
  // 0 -> 1: records by id, the outbox (a queue in write order), and meta
  // (this device's node id and the newest clock stamp).
  (db) => {
    db.createObjectStore('records', { keyPath: 'id' });
    db.createObjectStore('outbox', { autoIncrement: true });
    db.createObjectStore('meta');
  },
  // 1 -> 2: look records up by kind (history filters, per-kind views) without
  // reading every record.
  (db, tx) => {
    tx.objectStore('records').createIndex('kind', 'kind');
  },
  // 2 -> 3: look records up by the person's local day (today, history), and
  // give the records already stored their day.
  (db, tx) => {
    const records = tx.objectStore('records');
    records.createIndex('day', 'day');
    backfillDays(records);
  },
];

async function backfillDays(records) {
  // Runs inside the versionchange transaction; the open waits for it.
  for (let cursor = await records.openCursor(); cursor; cursor = await cursor.continue()) {
    const record = cursor.value;
    const day = dayOf(record.kind, record.data ?? {});
    if (day && record.day !== day) cursor.update({ ...record, day });
  }
}

export const DB_VERSION = UPGRADES.length;

/**
 * Open (and create or upgrade) the app's database.
 * @param {object} [options]
 * @param {string} [options.name]
 * @param {number} [options.version]  tests open older versions
 * @param {() => void} [options.onNewerVersion]  another tab needs to upgrade the schema
 */
export async function openDatabase({ name = DB_NAME, version = DB_VERSION, onNewerVersion } = {}) {
  // async: a browser without IndexedDB rejects rather than throws.
  return openDB(name, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion; v < newVersion; v += 1) UPGRADES[v](db, tx);
    },
    blocking(currentVersion, blockedVersion, event) {
      // Another tab runs a newer release and must upgrade the schema: let it
      // (a held connection would block it), and let this page offer a reload
      // rather than reload by itself and lose what is being typed.
      event.target.close();
      onNewerVersion?.();
    },
  });
}

export function deleteDatabase(name = DB_NAME) {
  return deleteDB(name);
}
