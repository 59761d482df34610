// Sync: the account API client and the engine that drains the outbox and
// pulls the account's change feed. Opt-in: with no session nothing is sent.
//
// A cycle pushes the outbox oldest first in batches, drops what the server
// took (applied or stale), keeps what it refused with its reasons, re-stamps
// and retries when the server says this device's clock runs ahead, then pulls
// from the saved cursor and merges each page by the per-field rule (the store
// saves the cursor with the page). It runs on start, when the network comes
// back, when the app becomes visible, about 2 s after each write, every minute
// while open, and on "Sync now". It uses no Background Sync (SyncManager): iOS and
// Firefox have none, and these triggers need nothing the page does not have. A change
// made with the app closed cannot exist, and one made offline goes at the next of them.
//
// A clinician's account has no diary (the server answers its push and pull with 403): for
// a clinician session no cycle runs at all. Its requests for what patients share go
// through `request`, and nothing they answer is stored here.

import { parseStamp } from './hlc.js';
import { SYNC } from './kinds.js';
import { SyncReplica } from './replica.js';

const API = '/api/v1';
// The protocol, the most changes a push takes and a pull page's size, as the server has
// them (server/kind_table.py SYNC, through kinds.js).
const PROTOCOL = SYNC.protocol;
const BATCH = SYNC.max_changes;
const PAGE = SYNC.pull_limit_default;
const AFTER_WRITE_MS = 2000;
const EVERY_MS = 60_000;
// The server refuses stamps more than max_skew_ms (5 minutes) ahead of its clock, so
// any stamp up to that was accepted; a clock a minute short of that off is corrected.
const SERVER_ACCEPTS_MS = SYNC.max_skew_ms;
const CORRECT_BEYOND_MS = SERVER_ACCEPTS_MS - 60_000;
const SESSION_KEY = 'session';
const SYNCED_ACCOUNT_KEY = 'synced-account';
const LAST_SYNCED_KEY = 'last-synced';

/** An answer from the API in its one error shape (status 0: no answer at all). */
export class ApiError extends Error {
  constructor(status, body) {
    const error = body?.error ?? {};
    super(error.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = error.code ?? (status ? 'error' : 'offline');
    this.fields = error.fields ?? {};
  }
}

async function call(method, path, { token, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(API + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, null);
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

export class Sync {
  /** @param {import('./store.js').RecordStore} store */
  constructor(store) {
    this.store = store;
    this.replica = new SyncReplica(store); // all sync reads and writes of the store go here
    this.session = null; // {token, account}
    this.state = 'off'; // off, idle, syncing, offline, error
    this.error = null; // the last ApiError, for settings to show
    this.lastSynced = null; // ISO time of the last complete cycle
    this.listeners = new Set();
    this.running = null;
    this.again = false;
    this.timer = null;
  }

  /** Load the session and start the triggers. */
  async start() {
    this.session = (await this.store.getMeta(SESSION_KEY)) ?? null;
    this.lastSynced = (await this.store.getMeta(LAST_SYNCED_KEY)) ?? null;
    this.state = this.stateAtRest();
    window.addEventListener('online', () => this.syncNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.syncNow();
    });
    this.store.subscribe(() => this.soon());
    setInterval(() => this.syncNow(), EVERY_MS);
    this.notify();
    return this.syncNow();
  }

  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  notify() {
    for (const fn of this.listeners) fn(this);
  }

  get signedIn() {
    return this.session !== null;
  }

  /** Signed in with a clinician's account: no diary, so no sync. */
  get isClinician() {
    return this.session?.account?.role === 'clinician';
  }

  /** Whether cycles run: signed in with a patient's account. */
  get syncing() {
    return this.session !== null && !this.isClinician;
  }

  /**
   * A request to the API with this session (sharing, a clinician's reads). Its answer is
   * the caller's, held in memory only. A 401 means the session ended: sign out here too.
   * Throws ApiError.
   */
  async request(method, path, body) {
    if (!this.session) throw new ApiError(401, null);
    try {
      return await call(method, path, { token: this.session.token, body });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) await this.forget();
      throw error;
    }
  }

  /** A cycle about 2 s from now: writes in quick succession go in one push. */
  soon() {
    if (!this.syncing) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.syncNow(), AFTER_WRITE_MS);
  }

  /** Run a cycle now, or once more right after the one running. */
  syncNow() {
    if (!this.syncing) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.cycle();
      } while (this.again && this.syncing);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async cycle() {
    // "Delete all data on this device" also removes the session: stop here.
    if (!(await this.store.getMeta(SESSION_KEY))) return this.forget();
    this.state = 'syncing';
    this.notify();
    try {
      await this.push();
      await this.pull();
      this.lastSynced = new Date().toISOString();
      await this.store.setMeta(LAST_SYNCED_KEY, this.lastSynced);
      this.state = 'idle';
      this.error = null;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.error = error;
      if (error.status === 401) await this.forget(); // the session ended elsewhere
      else this.state = error.status === 0 ? 'offline' : 'error';
    }
    this.notify();
  }

  async push() {
    const { replica } = this;
    // Read once and send in batches; read again only after a re-stamp changed it.
    let queue = await replica.unsent();
    for (let round = 0; queue.length && round < 1000; round += 1) {
      const batch = queue.slice(0, BATCH);
      const answer = await call('POST', '/sync/push', {
        token: this.session.token,
        body: {
          protocol: PROTOCOL,
          device_id: this.store.nodeId,
          changes: batch.map(({ change }) => ({
            id: change.id,
            kind: change.kind,
            data: change.data,
            hlc: change.hlc,
            deleted: change.deleted,
          })),
        },
      });
      const receivedAt = Date.now();
      const stampedAt = replica.wallTime(); // the wall time stamps are made from
      const settled = [];
      let newestSettled = null;
      const refused = [];
      let skewed = false;
      answer.results.forEach((result, i) => {
        const { seq } = batch[i];
        if (result.status === 'applied' || result.status === 'stale') {
          settled.push(seq);
          const { hlc } = batch[i].change;
          if (!newestSettled || hlc > newestSettled) newestSettled = hlc;
        }
        else if (result.code === 'clock_skew') skewed = true;
        else refused.push({ seq, errors: result.errors ?? {}, codes: result.codes ?? null, code: result.code ?? null });
      });
      await replica.settleOutbox(settled, newestSettled);
      await replica.markRejected(refused);
      // A clock running ahead is refused; one running far behind makes stamps
      // that lose to everyone's. Either way: take the server's time, re-stamp.
      if (skewed || Math.abs(parseStamp(answer.server_hlc).millis - stampedAt) > CORRECT_BEYOND_MS) {
        await replica.correctClock(answer.server_hlc, receivedAt, SERVER_ACCEPTS_MS);
        queue = await replica.unsent();
      } else {
        queue = queue.slice(BATCH);
      }
    }
  }

  async pull() {
    let cursor = await this.replica.cursor();
    for (;;) {
      const query = new URLSearchParams({ limit: String(PAGE) });
      if (cursor) query.set('cursor', cursor);
      const page = await call('GET', `/sync/pull?${query}`, { token: this.session.token });
      await this.replica.applyPulled(page.changes, page.cursor);
      cursor = page.cursor;
      if (!page.has_more) return;
    }
  }

  // -------------------------------------------------------------- account

  /** The state with no cycle running: off, idle, or clinician (no cycles at all). */
  stateAtRest() {
    if (!this.session) return 'off';
    return this.isClinician ? 'clinician' : 'idle';
  }

  async signUp({ email, password, display_name: displayName = '', role = 'patient' }) {
    await call('POST', '/accounts', { body: { email, password, display_name: displayName, role } });
    return this.signIn({ email, password });
  }

  async signIn({ email, password }) {
    const answer = await call('POST', '/sessions', {
      body: { email, password, device_name: deviceName() },
    });
    const synced = await this.store.getMeta(SYNCED_ACCOUNT_KEY);
    // A clinician's account takes no diary: nothing here is queued for it.
    if (answer.account.role !== 'clinician' && synced !== answer.account.id) {
      // A new account for this device: upload everything here, read everything there.
      await this.replica.queueEverything();
      await this.replica.forgetCursor();
      await this.store.setMeta(SYNCED_ACCOUNT_KEY, answer.account.id);
    }
    this.session = { token: answer.token, account: answer.account };
    await this.store.setMeta(SESSION_KEY, this.session);
    this.state = this.stateAtRest();
    this.error = null;
    this.notify();
    this.syncNow();
    return answer.account;
  }

  /** Sign out: the token stops working; the diary stays here unless asked. */
  async signOut({ removeData = false } = {}) {
    const token = this.session?.token;
    await this.forget();
    if (token) await call('DELETE', '/sessions/current', { token }).catch(() => {});
    if (removeData) await this.store.wipe();
  }

  /**
   * Sign out every device of the account, this one too; the diary stays on each.
   * Throws ApiError (offline: nothing changed, this device stays signed in).
   */
  async signOutEverywhere() {
    try {
      await call('DELETE', '/sessions', { token: this.session.token });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
    }
    await this.forget();
  }

  /**
   * Change the password: this device stays signed in, every other one is signed out.
   * Throws ApiError (403 wrong_password, 422 with new_password).
   */
  async changePassword(password, newPassword) {
    try {
      await call('PUT', '/account/password', {
        token: this.session.token,
        body: { password, new_password: newPassword },
      });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) await this.forget();
      throw error;
    }
  }

  /**
   * Delete the account, and everything of it on the server, for good; the
   * diary on this device is kept. Throws ApiError (403 wrong_password).
   */
  async deleteAccount(password) {
    try {
      await call('DELETE', '/account', { token: this.session.token, body: { password } });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) await this.forget();
      throw error;
    }
    // The account is gone: a later sign-up is a new account, sent everything.
    await this.store.setMeta(SYNCED_ACCOUNT_KEY, undefined);
    await this.replica.forgetCursor();
    await this.forget();
  }

  async forget() {
    this.session = null;
    this.state = 'off';
    clearTimeout(this.timer);
    await this.store.setMeta(SESSION_KEY, undefined);
    this.notify();
  }

  /** Drop a change the server refused: the person chose not to fix it. */
  discard(seq) {
    return this.replica.discardRejected(seq);
  }

  /** How many changes wait to be sent, and the time of the oldest (from its stamp). */
  async pending() {
    const entries = await this.store.outbox();
    const waiting = entries.filter((entry) => !entry.change.rejected);
    const oldest = waiting.length ? Math.min(...waiting.map((e) => parseStamp(e.change.hlc).millis)) : null;
    return {
      count: waiting.length,
      since: oldest === null ? null : new Date(oldest).toISOString(),
      rejected: entries.filter((entry) => entry.change.rejected),
    };
  }
}

/** A name the person will recognise in a list of signed-in devices. */
function deviceName() {
  const ua = navigator.userAgent;
  const platform = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iPhone or iPad' : /Mac/.test(ua) ? 'Mac' : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : 'Browser';
  return platform.slice(0, 100);
}
