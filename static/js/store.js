// The record store and its outbox. Every write changes a record and appends its
// outbox change in one IndexedDB transaction: either both are saved or neither.

import { HybridClock } from './hlc.js';
import { newNodeId } from './ids.js';
import { applyLocalWrite, restoreWrite } from './record.js';

const NODE_KEY = 'node';
const CLOCK_KEY = 'clock';

export class RecordStore {
  /** Use RecordStore.open(db). */
  constructor(db, clock) {
    this.db = db;
    this.clock = clock;
    this.listeners = new Set();
  }

  /** Load (or make, once per device) the node id and the clock's last stamp. */
  static async open(db, { now } = {}) {
    const tx = db.transaction('meta', 'readwrite');
    let node = await tx.store.get(NODE_KEY);
    if (!node) {
      node = newNodeId();
      await tx.store.put(node, NODE_KEY);
    }
    const last = await tx.store.get(CLOCK_KEY);
    await tx.done;
    return new RecordStore(db, new HybridClock({ node, last, now }));
  }

  get nodeId() {
    return this.clock.node;
  }

  /** Call fn after every write (views re-render, sync schedules a push). */
  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Set fields of a record (creating it if new) and queue the change.
   * @param {{id: string, kind: string, fields: object}} write
   * @returns {Promise<object>} the record as saved
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
      records.put(result.record);
      tx.objectStore('outbox').add(result.change);
      tx.objectStore('meta').put(stamp, CLOCK_KEY);
    } catch (error) {
      tx.abort();
      await tx.done.catch(() => {});
      throw error;
    }
    await tx.done;
    for (const fn of this.listeners) fn(result.record);
    return result.record;
  }

  get(id) {
    return this.db.get('records', id);
  }

  /** Every record of a kind, tombstones included (callers filter `deleted`). */
  byKind(kind) {
    return this.db.getAllFromIndex('records', 'kind', kind);
  }

  all() {
    return this.db.getAll('records');
  }

  /** The changes not yet sent, oldest first, each with its queue position. */
  async outbox() {
    const tx = this.db.transaction('outbox');
    const entries = [];
    for await (const cursor of tx.store) entries.push({ seq: cursor.key, change: cursor.value });
    return entries;
  }

  outboxCount() {
    return this.db.count('outbox');
  }
}
