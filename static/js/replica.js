// This device's side of sync: what the record store keeps for the sync engine (sync.js).
// The outbox's settling and refusals, the upload of everything after signing in, a pulled
// page applied with its cursor in one transaction, and the clock corrected after a skew.
// The store (store.js) keeps the records and every local write; this module is the only
// other writer of its database, and the only one that knows the sync's keys.

import { HybridClock, formatStamp, maxStamp, parseStamp } from './hlc.js';
import { dayOf } from './kinds.js';
import { changesByStamp, mergeRecord } from './record.js';
import { CLOCK_KEY, OFFSET_KEY } from './store.js';

// The newest stamp this device knows the server holds (pulled, or taken from a
// push): a clock corrected after a skew must restart after it.
const SEEN_KEY = 'server-seen';
// Where the pull feed was read up to (saved only after a page is applied).
const CURSOR_KEY = 'sync-cursor';

export class SyncReplica {
  /** @param {import('./store.js').RecordStore} store */
  constructor(store) {
    this.store = store;
  }

  /** The wall time, in ms, that this device's stamps are made from (its server-corrected clock). */
  wallTime() {
    return this.store.clock.now();
  }

  /** The changes waiting to be sent (not refused), oldest first, each with its queue position. */
  async unsent() {
    return (await this.store.outbox()).filter((entry) => !entry.change.rejected);
  }

  /** Where the pull feed was read up to, or null: from the beginning. */
  async cursor() {
    return (await this.store.getMeta(CURSOR_KEY)) ?? null;
  }

  /** Read the feed from the beginning next time (another account, or a deleted one). */
  forgetCursor() {
    return this.store.setMeta(CURSOR_KEY, undefined);
  }

  /**
   * Drop changes the server has taken (applied or stale) from the outbox.
   * @param {number[]} seqs  their queue positions
   * @param {string|null} newest  the newest of their stamps (the server holds it now)
   */
  async settleOutbox(seqs, newest = null) {
    if (!seqs.length) return;
    const tx = this.store.db.transaction(['outbox', 'meta'], 'readwrite');
    for (const seq of seqs) tx.objectStore('outbox').delete(seq).catch(() => {});
    if (newest) await this.noteSeen(tx.objectStore('meta'), newest);
    await tx.done;
  }

  async noteSeen(meta, stamp) {
    meta.put(maxStamp(await meta.get(SEEN_KEY), stamp), SEEN_KEY).catch(() => {});
  }

  /**
   * Keep changes the server refused, with its reasons, until the person fixes
   * the entry (a later change goes through) or discards them.
   * @param {{seq: number, errors?: object, codes?: object, code?: string}[]} refusals  codes:
   *   {field: [{code, params}]}, as the server words them for the app (older servers: none)
   */
  async markRejected(refusals) {
    if (!refusals.length) return;
    const tx = this.store.db.transaction('outbox', 'readwrite');
    for (const { seq, errors = {}, codes = null, code = null } of refusals) {
      const change = await tx.store.get(seq);
      if (change) tx.store.put({ ...change, rejected: { errors, codes, code } }, seq).catch(() => {});
    }
    await tx.done;
    this.store.notify(null);
  }

  async discardRejected(seq) {
    await this.store.db.delete('outbox', seq);
    this.store.notify(null);
  }

  /**
   * Queue every record as changes (one per stamp, as import does), replacing the
   * outbox: after signing in to an account this device has not synced with, so
   * everything already here is uploaded; the server merges, so nothing is doubled.
   */
  async queueEverything() {
    const tx = this.store.db.transaction(['records', 'outbox'], 'readwrite');
    const outbox = tx.objectStore('outbox');
    await outbox.clear();
    for (const record of await tx.objectStore('records').getAll()) {
      const changes = changesByStamp(record, record.field_hlcs ?? {}, record.deleted_hlc ?? null);
      for (const change of changes) outbox.add(change).catch(() => {});
    }
    await tx.done;
    this.store.notify(null);
  }

  /**
   * Merge a page of pulled changes by the per-field rule and save the cursor
   * after it, in one transaction: a page is applied whole or not at all, and
   * the cursor never runs ahead of what is stored.
   * @param {{id, kind, data, deleted, hlc, field_hlcs}[]} changes
   * @param {string} cursor
   * @returns {Promise<number>} how many records changed here
   */
  async applyPulled(changes, cursor) {
    const tx = this.store.db.transaction(['records', 'meta'], 'readwrite');
    const records = tx.objectStore('records');
    const now = new Date().toISOString();
    let newest = null;
    let changed = 0;
    for (const change of changes) {
      const local = await records.get(change.id);
      newest = maxStamp(newest, change.hlc);
      if (local && local.kind !== change.kind) continue; // cannot happen with ids made here
      const incoming = {
        id: change.id,
        kind: change.kind,
        data: change.data,
        field_hlcs: change.field_hlcs,
        deleted: change.deleted,
        // A deleted record's newest stamp is its delete; a live record's older
        // delete stamp can never win again, so it is not needed here.
        deleted_hlc: change.deleted ? change.hlc : null,
        created_at: local?.created_at ?? now,
        updated_at: now,
      };
      const merged = mergeRecord(local ?? null, incoming);
      if (!merged.changed) continue;
      merged.record.day = dayOf(merged.record.kind, merged.record.data);
      records.put(merged.record).catch(() => {});
      changed += 1;
    }
    const meta = tx.objectStore('meta');
    if (newest) {
      this.store.clock.receive(newest); // later local writes sort after what was seen
      meta.put(this.store.clock.last, CLOCK_KEY).catch(() => {});
      await this.noteSeen(meta, newest);
    }
    meta.put(cursor, CURSOR_KEY).catch(() => {});
    await tx.done;
    if (changed) this.store.notify(null);
    return changed;
  }

  /**
   * The server refused stamps as too far ahead of its clock: stamp from the
   * server's time from now on (its time plus the time elapsed since), and
   * re-stamp the queued changes it refused, in their order, here and in their
   * records. The only time this device's stamps step back: those stamps were
   * never accepted anywhere, so no other replica holds them.
   * @param {string} serverStamp  server_hlc of the answer
   * @param {number} receivedAt  Date.now() when the answer arrived
   * @param {number} allowedMs  how far ahead of its clock the server accepts stamps
   */
  async correctClock(serverStamp, receivedAt, allowedMs) {
    const serverMillis = parseStamp(serverStamp).millis;
    const offset = serverMillis - receivedAt;
    const limit = formatStamp({ millis: serverMillis + allowedMs, counter: 0, node: '0'.repeat(16) });
    const tx = this.store.db.transaction(['records', 'outbox', 'meta'], 'readwrite');
    const records = tx.objectStore('records');
    const outbox = tx.objectStore('outbox');
    // Start from the newest stamp that the server would take.
    let last = null;
    const all = await records.getAll();
    for (const record of all) {
      for (const stamp of [...Object.values(record.field_hlcs ?? {}), record.deleted_hlc]) {
        if (stamp && stamp <= limit) last = maxStamp(last, stamp);
      }
    }
    const { clock: current } = this.store;
    if (current.last && current.last <= limit) last = maxStamp(last, current.last);
    // And after every stamp the server holds that this device has seen, even one
    // since overwritten here by a refused stamp: else a re-stamped edit could sort
    // before it, and lose on every other replica while it shows here.
    const seen = await tx.objectStore('meta').get(SEEN_KEY);
    if (seen && seen <= limit) last = maxStamp(last, seen);
    const wall = this.store.wallClock ?? (() => Date.now() + offset);
    const clock = new HybridClock({ node: current.node, last, now: wall });
    const renamed = new Map();
    for (let cursor = await outbox.openCursor(); cursor; cursor = await cursor.continue()) {
      const change = cursor.value;
      if (change.hlc <= limit) continue;
      if (!renamed.has(change.hlc)) renamed.set(change.hlc, clock.tick());
      const { rejected, ...unrefused } = change;
      cursor.update({ ...unrefused, hlc: renamed.get(change.hlc) });
    }
    for (const record of all) {
      let touched = false;
      const stamps = { ...record.field_hlcs };
      for (const [field, stamp] of Object.entries(stamps)) {
        if (renamed.has(stamp)) {
          stamps[field] = renamed.get(stamp);
          touched = true;
        }
      }
      const deletedHlc = renamed.get(record.deleted_hlc) ?? record.deleted_hlc ?? null;
      if (touched || deletedHlc !== (record.deleted_hlc ?? null)) {
        records.put({ ...record, field_hlcs: stamps, deleted_hlc: deletedHlc }).catch(() => {});
      }
    }
    const meta = tx.objectStore('meta');
    meta.put(clock.last, CLOCK_KEY).catch(() => {});
    meta.put(offset, OFFSET_KEY).catch(() => {});
    await tx.done;
    this.store.useClock(clock, offset);
    return renamed.size;
  }
}
