// Hybrid logical clock: stamps that order every write on every device.
//
// A stamp is a fixed-width string that sorts in time order (a contract):
//   2026-11-25T08:30:00.000Z-0000-0123456789abcdef
//   UTC wall time to the ms, a 4-hex-digit counter, the device's 16-hex-digit node id.
// Stamps never go backwards on a device, even when its wall clock does: the
// clock keeps the highest time it has seen and counts up within it.
// Pure module: no DOM, runs under `node --test`.

export const MAX_COUNTER = 0xffff;
export const STAMP_LENGTH = 46;
const STAMP_PATTERN =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9a-f]{4})-([0-9a-f]{16})$/;
const NODE_PATTERN = /^[0-9a-f]{16}$/;
// toISOString only has the fixed 24-character form for years 0000-9999.
const MAX_MILLIS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function isNodeId(node) {
  return typeof node === 'string' && NODE_PATTERN.test(node);
}

export function isStamp(stamp) {
  return typeof stamp === 'string' && parseStampOrNull(stamp) !== null;
}

/** Build a stamp from its parts; throws on parts that cannot make a valid one. */
export function formatStamp({ millis, counter, node }) {
  if (!Number.isInteger(millis) || millis < 0 || millis > MAX_MILLIS) {
    throw new RangeError(`HLC time out of range: ${millis}`);
  }
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER) {
    throw new RangeError(`HLC counter out of range: ${counter}`);
  }
  if (!isNodeId(node)) throw new TypeError(`HLC node must be 16 lower-case hex digits: ${node}`);
  const time = new Date(millis).toISOString();
  return `${time}-${counter.toString(16).padStart(4, '0')}-${node}`;
}

function parseStampOrNull(stamp) {
  if (typeof stamp !== 'string') return null;
  const match = STAMP_PATTERN.exec(stamp);
  if (!match) return null;
  const millis = Date.parse(match[1]);
  // Date.parse accepts 2026-02-30 by rolling over; a stamp must round-trip.
  if (Number.isNaN(millis) || new Date(millis).toISOString() !== match[1]) return null;
  return { millis, counter: parseInt(match[2], 16), node: match[3] };
}

/** Split a stamp into {millis, counter, node}; throws on anything malformed. */
export function parseStamp(stamp) {
  const parts = parseStampOrNull(stamp);
  if (!parts) throw new TypeError(`not an HLC stamp: ${JSON.stringify(stamp)}`);
  return parts;
}

/** Compare two stamps: they sort as strings, by design. */
export function compareStamps(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The newer of two stamps; a missing one loses. */
export function maxStamp(a, b) {
  if (!a) return b ?? null;
  if (!b) return a;
  return a >= b ? a : b;
}

export class HybridClock {
  /**
   * @param {object} options
   * @param {string} options.node  this device's node id (16 lower-case hex digits)
   * @param {string|null} [options.last]  the newest stamp this device has issued or seen
   * @param {() => number} [options.now]  wall clock in ms; the sync engine may offset it
   */
  constructor({ node, last = null, now = () => Date.now() }) {
    if (!isNodeId(node)) throw new TypeError(`HLC node must be 16 lower-case hex digits: ${node}`);
    this.node = node;
    this.now = now;
    this.millis = 0;
    this.counter = 0;
    if (last) this.receive(last);
  }

  /** The newest time this clock has issued or seen, as a stamp of its own node. */
  get last() {
    return this.millis === 0 && this.counter === 0
      ? null
      : formatStamp({ millis: this.millis, counter: this.counter, node: this.node });
  }

  /** A new stamp for a local write: later than every stamp issued or seen before. */
  tick() {
    const wall = Math.min(Math.floor(this.now()), MAX_MILLIS);
    if (wall > this.millis) {
      this.millis = wall;
      this.counter = 0;
    } else if (this.counter < MAX_COUNTER) {
      this.counter += 1;
    } else {
      // 65,536 stamps in one millisecond: borrow the next millisecond rather
      // than fail a write; the wall clock catches up within a millisecond.
      this.millis += 1;
      this.counter = 0;
    }
    return formatStamp({ millis: this.millis, counter: this.counter, node: this.node });
  }

  /** Take in a stamp from elsewhere (another device, storage), so later ticks sort after it. */
  receive(stamp) {
    const { millis, counter } = parseStamp(stamp);
    if (millis > this.millis || (millis === this.millis && counter > this.counter)) {
      this.millis = millis;
      this.counter = counter;
    }
  }
}
