// The record store and its outbox. Every write changes a record and appends its
// outbox change in one IndexedDB transaction: either both are saved or neither.
// Every record is validated whole (as it would be after the write) before
// anything is written, by the same module the forms use.

import { HybridClock, maxStamp } from './hlc.js';
import { newNodeId } from './ids.js';
import { dayOf, validateData } from './kinds.js';
import { applyLocalWrite, changesByStamp, mergeRecord, restoreWrite } from './record.js';

const NODE_KEY = 'node';
/** The clock's last stamp, saved with every write (replica.js saves it with pulls too). */
export const CLOCK_KEY = 'clock';
/** How far this device's wall clock is off the server's, in ms, once a sync has seen it
 * refused for running ahead (the clock then stamps from server time; replica.js). */
export const OFFSET_KEY = 'clock-offset';

/** A write refused by validation; `errors` is {field: [{code, params}]}. */
export class ValidationError extends Error {
  constructor(errors) {
    super(`invalid: ${Object.keys(errors).join(', ')}`);
    this.name = 'ValidationError';
    this.errors = errors;
  }
}

export class RecordStore {
  /** Use RecordStore.open(db). */
  constructor(db, clock) {
    this.db = db;
    this.clock = clock;
    this.listeners = new Set();
    /** Counts the changes announced (notify): what was read at one revision is still true. */
    this.revision = 0;
  }

  /** Load (or make, once per device) the node id and the clock's last stamp. */
  static async open(db, { now } = {}) {
    // Read-only: on every start but the first, nothing is written, and a
    // read-write commit here would wait on the disk before the first screen.
    const tx = db.transaction('meta', 'readonly');
    const [stored, last, offset = 0] = await Promise.all(
      [NODE_KEY, CLOCK_KEY, OFFSET_KEY].map((key) => tx.store.get(key)),
    );
    const node = stored ?? (await RecordStore.#makeNodeId(db));
    const wall = now ?? (() => Date.now() + offset);
    const store = new RecordStore(db, new HybridClock({ node, last, now: wall }));
    store.clockOffset = offset;
    store.wallClock = now ?? null;
    return store;
  }

  /** This device's node id, made once: a second tab starting at once may have made it first. */
  static async #makeNodeId(db) {
    const tx = db.transaction('meta', 'readwrite');
    let node = await tx.store.get(NODE_KEY);
    if (!node) {
      node = newNodeId();
      await tx.store.put(node, NODE_KEY);
    }
    await tx.done;
    return node;
  }

  /** A value kept beside the records (session, cursor, sync times), or undefined. */
  getMeta(key) {
    return this.db.get('meta', key);
  }

  setMeta(key, value) {
    return value === undefined ? this.db.delete('meta', key) : this.db.put('meta', value, key);
  }

  get nodeId() {
    return this.clock.node;
  }

  /**
   * Stamp from `clock` from now on (sync corrected it after a skew; replica.js).
   * @param {HybridClock} clock
   * @param {number} offset  ms the wall clock is off the server's
   */
  useClock(clock, offset) {
    this.clock = clock;
    this.clockOffset = offset;
  }

  /** Call fn(record) after every write (views re-render, sync schedules a push). */
  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  notify(record) {
    this.revision += 1;
    for (const fn of this.listeners) fn(record);
  }

  /**
   * Set fields of a record (creating it if new) and queue the change.
   * @param {{id: string, kind: string, fields: object}} write
   * @returns {Promise<object>} the record as saved
   * @throws {ValidationError} when the record would be invalid; nothing is written
   */
  put(write) {
    return this.write({ ...write, deleted: false });
  }

  /** Delete a record (a tombstone; its data is kept for Undo). */
  async remove(id) {
    const existing = await this.get(id);
    if (!existing) throw new Error(`no record ${id}`);
    return this.write({ id, kind: existing.kind, deleted: true });
  }

  /** Undo a delete: every field written again, with a newer stamp than the delete. */
  async restore(id) {
    const existing = await this.get(id);
    if (!existing) throw new Error(`no record ${id}`);
    return this.write({ ...restoreWrite(existing), deleted: false });
  }

  /**
   * Put a record back as it was before a write (Undo of a create, edit or delete).
   * @param {string} id
   * @param {object|null|undefined} before  the record before that write
   */
  async revert(id, before) {
    if (!before || before.deleted) return this.remove(id);
    const fields = { ...before.data };
    const now = await this.get(id);
    // Fields the write added are cleared; null means "not set" for optional fields.
    for (const field of Object.keys(now?.data ?? {})) if (!(field in fields)) fields[field] = null;
    return this.write({ id, kind: before.kind, fields, deleted: false });
  }

  async write(write) {
    const tx = this.db.transaction(['records', 'outbox', 'meta'], 'readwrite');
    const records = tx.objectStore('records');
    // Another tab of this device may have stamped since we last looked: take
    // its newest stamp first, inside this transaction, so stamps stay unique.
    const [existing, lastStamp] = await Promise.all([
      records.get(write.id),
      tx.objectStore('meta').get(CLOCK_KEY),
    ]);
    if (lastStamp) this.clock.receive(lastStamp);
    let result;
    try {
      const stamp = this.clock.tick();
      result = applyLocalWrite(existing, write, stamp, new Date().toISOString());
      if (!write.deleted) {
        const errors = validateData(result.record.kind, result.record.data, { id: write.id });
        if (Object.keys(errors).length) throw new ValidationError(errors);
      }
      result.record.day = dayOf(result.record.kind, result.record.data);
      // Not awaited one by one: tx.done settles after all three, and rejects
      // if any fails (then the browser has rolled all of them back).
      for (const request of [
        records.put(result.record),
        tx.objectStore('outbox').add(result.change),
        tx.objectStore('meta').put(stamp, CLOCK_KEY),
      ]) {
        request.catch(() => {});
      }
    } catch (error) {
      tx.abort();
      await tx.done.catch(() => {});
      throw error;
    }
    await tx.done;
    this.notify(result.record);
    return result.record;
  }

  /**
   * Merge records from an export (already validated whole) into this device:
   * per field, the newer stamp wins. What the file won is queued for sync with
   * its own stamps, so importing the same file twice changes nothing.
   * @returns {Promise<{added: number, updated: number, unchanged: number}>}
   */
  async importRecords(incoming) {
    const tx = this.db.transaction(['records', 'outbox', 'meta'], 'readwrite');
    const records = tx.objectStore('records');
    const outbox = tx.objectStore('outbox');
    const counts = { added: 0, updated: 0, unchanged: 0 };
    let newest = await tx.objectStore('meta').get(CLOCK_KEY);
    // Work out every merge before the first write: one that fails (a record
    // whose kind differs from ours) aborts the import with nothing written.
    const merges = [];
    try {
      for (const record of incoming) {
        const existing = await records.get(record.id);
        merges.push({ existing, ...mergeRecord(existing ?? null, record) });
      }
    } catch (error) {
      tx.abort();
      await tx.done.catch(() => {});
      throw error;
    }
    for (const { existing, record: merged, won, deleteWon, changed } of merges) {
      if (!changed) {
        counts.unchanged += 1;
        continue;
      }
      counts[existing ? 'updated' : 'added'] += 1;
      merged.day = dayOf(merged.kind, merged.data);
      records.put(merged);
      for (const change of changesByStamp(merged, won, deleteWon)) {
        outbox.add(change);
        newest = maxStamp(newest, change.hlc);
      }
    }
    if (newest) {
      // Later local writes must sort after everything imported.
      this.clock.receive(newest);
      tx.objectStore('meta').put(maxStamp(newest, this.clock.last), CLOCK_KEY);
    }
    await tx.done;
    this.notify(null);
    return counts;
  }

  /** Remove every record, the outbox and this device's ids. Local only: nothing is sent. */
  async wipe() {
    const tx = this.db.transaction(['records', 'outbox', 'meta'], 'readwrite');
    await Promise.all([
      tx.objectStore('records').clear(),
      tx.objectStore('outbox').clear(),
      tx.objectStore('meta').clear(),
      tx.done,
    ]);
    this.notify(null);
  }

  get(id) {
    return this.db.get('records', id);
  }

  /** Every record of a kind, tombstones included (callers filter `deleted`). */
  byKind(kind) {
    return this.db.getAllFromIndex('records', 'kind', kind);
  }

  /** The live (not deleted) records of one local day. */
  async ofDay(day) {
    const records = await this.db.getAllFromIndex('records', 'day', day);
    return records.filter((record) => !record.deleted);
  }

  /**
   * The live records of the `count` most recent days that have any, on or
   * before `until`, newest day first: [{day, records}].
   */
  async recentDays(until, count) {
    const tx = this.db.transaction('records');
    const index = tx.store.index('day');
    const days = [];
    let cursor = await index.openCursor(IDBKeyRange.upperBound(until), 'prev');
    while (cursor) {
      const record = cursor.value;
      if (!record.deleted) {
        if (days.at(-1)?.day !== record.day) {
          if (days.length === count) break;
          days.push({ day: record.day, records: [] });
        }
        days.at(-1).records.push(record);
      }
      cursor = await cursor.continue();
    }
    await tx.done;
    return days;
  }

  all() {
    return this.db.getAll('records');
  }

  /**
   * The stamp of the oldest change in the outbox (waiting or refused: either way it is only
   * on this device), or null when the outbox is empty. Reads one entry, not the queue.
   */
  async oldestOutboxStamp() {
    const cursor = await this.db.transaction('outbox').store.openCursor();
    return cursor ? cursor.value.hlc : null;
  }

  /** The changes not yet sent, oldest first, each with its queue position. */
  async outbox() {
    const tx = this.db.transaction('outbox');
    const entries = [];
    for await (const cursor of tx.store) entries.push({ seq: cursor.key, change: cursor.value });
    return entries;
  }
}
