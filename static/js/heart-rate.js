// Heart rate from a standard Bluetooth heart-rate strap, and the figures made from it:
// reading the Heart Rate Measurement and Battery Level characteristics, cleaning
// RR intervals of artefacts, RMSSD, a resting rate, and time above a threshold.
//
// Figures only: time above a threshold is information for pacing, not an alarm or a
// fault. The threshold is the person's own (see envelope.js's `hrEstimates`).
// Pure module: no DOM, no Web Bluetooth, runs under `node --test`. The feature that
// connects to a strap and uses it is still to come.

/** RR intervals outside these bounds (30-200 bpm) are not heart beats one can use. */
export const RR_MIN_MS = 300;
export const RR_MAX_MS = 2000;
/** A beat more than this fraction away from the median of its neighbours is an artefact. */
export const RR_MAX_DEVIATION = 0.2;
/** Neighbours either side of a beat that make its local median: a window of 5 beats. */
export const RR_NEIGHBOURS = 2;
/** RMSSD needs at least this many successive differences, or it is null. */
export const RMSSD_MIN_DIFFERENCES = 10;
/** A gap between heart-rate samples counts at most this long: the rest is a dropout. */
export const MAX_SAMPLE_GAP_MS = 5000;

// Heart Rate Measurement flags (Bluetooth GATT Specification Supplement, Heart Rate
// Measurement; Heart Rate Service 1.0). Bits 5-7 are reserved and ignored.
const FLAG_UINT16 = 0x01; // bit 0: the heart rate value is a uint16, else a uint8
const FLAG_CONTACT_DETECTED = 0x02; // bit 1: skin contact detected (only with bit 2)
const FLAG_CONTACT_SUPPORTED = 0x04; // bit 2: the sensor reports contact at all
const FLAG_ENERGY = 0x08; // bit 3: Energy Expended present, uint16 kJ
const FLAG_RR = 0x10; // bit 4: one or more RR intervals present, uint16 each in 1/1024 s

const isNumber = (value) => typeof value === 'number' && Number.isFinite(value);

/**
 * A DataView over a characteristic's value: a DataView as given, an ArrayBuffer whole,
 * or any typed array over just its own bytes (a Uint8Array may be a slice of a larger
 * buffer). Web Bluetooth hands over a DataView; tests pass byte arrays.
 */
function viewOf(value) {
  if (value instanceof DataView) return value;
  if (value instanceof ArrayBuffer) return new DataView(value);
  if (ArrayBuffer.isView(value)) {
    return new DataView(value.buffer, value.byteOffset, value.byteLength);
  }
  throw new TypeError('a characteristic value must be a DataView, an ArrayBuffer or a Uint8Array');
}

/**
 * Reads a Heart Rate Measurement (characteristic 0x2A37) as the GATT specification lays it
 * out: a flags octet, the heart rate (uint8, or uint16 little-endian when bit 0 is set),
 * then Energy Expended (uint16 LE, kJ) when bit 3 is set, then RR intervals (uint16 LE in
 * 1/1024 s) filling the rest of the value when bit 4 is set.
 *
 * `contact` is true or false when the sensor supports contact detection (bit 2) and null
 * when it does not (bit 1 is then meaningless). `energyKj` is null when absent; the
 * specification has a sensor hold it at 65535 once it saturates, and that value is passed
 * on as it is. `bpm` is passed on as sent, 0 included (some straps send 0 without contact).
 *
 * RR intervals are converted exactly, not rounded: raw x 1000/1024 ms is a multiple of
 * 1/128 ms, which a double holds exactly (raw 1024 is 1000 ms; raw 1 is 0.9765625 ms).
 *
 * Malformed values throw a RangeError that says what is wrong, rather than returning null:
 * a broken packet is then told apart from "no reading", and the caller (a notification
 * handler) can skip it and keep its reason for a log. Malformed is: no octets; fewer octets
 * than the flagged fields need; the RR flag with no RR interval (the specification says one
 * or more); an odd octet left in the RR intervals. Octets after the fields the flags
 * declare, when the RR flag is clear, are ignored like the reserved bits, so a later
 * version of the characteristic that appends a field still reads.
 *
 * @param {DataView|ArrayBuffer|ArrayBufferView} value
 * @returns {{bpm: number, contact: boolean|null, energyKj: number|null, rrMs: number[]}}
 */
export function parseHeartRateMeasurement(value) {
  const view = viewOf(value);
  const length = view.byteLength;
  if (length === 0) throw new RangeError('heart rate measurement: empty value, no flags octet');
  const flags = view.getUint8(0);
  let offset = 1;

  const need = (octets, field) => {
    if (offset + octets > length) {
      throw new RangeError(
        `heart rate measurement: ${length} octets, too short for ${field} ` +
          `(needs ${octets} at offset ${offset})`,
      );
    }
  };

  let bpm;
  if (flags & FLAG_UINT16) {
    need(2, 'the uint16 heart rate');
    bpm = view.getUint16(offset, true);
    offset += 2;
  } else {
    need(1, 'the uint8 heart rate');
    bpm = view.getUint8(offset);
    offset += 1;
  }

  const contact = flags & FLAG_CONTACT_SUPPORTED ? Boolean(flags & FLAG_CONTACT_DETECTED) : null;

  let energyKj = null;
  if (flags & FLAG_ENERGY) {
    need(2, 'the energy expended');
    energyKj = view.getUint16(offset, true);
    offset += 2;
  }

  const rrMs = [];
  if (flags & FLAG_RR) {
    const rest = length - offset;
    if (rest === 0) {
      throw new RangeError(
        'heart rate measurement: the RR-interval flag is set but no RR interval follows',
      );
    }
    if (rest % 2 !== 0) {
      throw new RangeError(
        `heart rate measurement: ${rest} octets of RR intervals, an odd one left over ` +
          '(each interval is 2 octets)',
      );
    }
    for (; offset < length; offset += 2) rrMs.push((view.getUint16(offset, true) * 1000) / 1024);
  }

  return { bpm, contact, energyKj, rrMs };
}

/**
 * Reads a Battery Level (characteristic 0x2A19): one uint8, a percentage 0-100. Throws a
 * RangeError on an empty value or a level above 100 (the specification reserves 101-255).
 * Octets after the first are ignored, as in `parseHeartRateMeasurement`.
 * @param {DataView|ArrayBuffer|ArrayBufferView} value
 * @returns {number}
 */
export function parseBatteryLevel(value) {
  const view = viewOf(value);
  if (view.byteLength === 0) throw new RangeError('battery level: empty value, no level octet');
  const percent = view.getUint8(0);
  if (percent > 100) throw new RangeError(`battery level: ${percent} is above 100 %`);
  return percent;
}

/** The median of a non-empty array of numbers (the mean of the middle two when even). */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Removes artefacts from RR intervals given in beat order, by two rules:
 * 1. an interval outside 300-2000 ms (30-200 bpm) is dropped;
 * 2. of the rest, an interval that differs by more than 20 % from the median of its
 *    neighbours is dropped. The neighbours are the other 4 beats in a window of 5 centred
 *    on it (among those rule 1 keeps), shifted inwards at a segment's ends, fewer only
 *    when the segment is shorter. This is the common percentage rule of HRV practice (an
 *    interval more than about 20 % away from its neighbours is taken as ectopic or an
 *    artefact), measured against a local median in the way threshold-based correction
 *    such as Kubios HRV's compares each interval with a median-filtered local average.
 *    A median, unlike the previous interval, is not thrown by an ectopic beat's own
 *    compensatory pause. All beats are judged against the same input in one pass.
 * The HRV standards of the 1996 Task Force (ESC and NASPE) compute from normal-to-normal
 * intervals only; removal, not interpolation, is chosen here so no interval is invented.
 *
 * A non-number in the input (null) marks a gap where beats are unknown, such as a lost
 * notification or lost contact: it is neither kept nor counted as removed, and no window
 * or run reaches across it.
 *
 * @param {Array<number|null>} rrMs
 * @returns {{kept: number[], removed: number, runs: number[][]}} `runs` holds the kept
 *   intervals split wherever one was removed or a gap was marked: within a run every
 *   interval follows the one before it directly, so a successive difference is real.
 */
export function cleanRr(rrMs) {
  const kept = [];
  const runs = [];
  let removed = 0;
  let run = [];
  const endRun = () => {
    if (run.length) runs.push(run);
    run = [];
  };

  // Segments between gap markers; each interval marked whether rule 1 keeps it.
  const segments = [[]];
  for (const rr of rrMs ?? []) {
    if (!isNumber(rr)) segments.push([]);
    else segments.at(-1).push({ rr, inBounds: rr >= RR_MIN_MS && rr <= RR_MAX_MS });
  }

  for (const segment of segments) {
    const plausible = segment.filter((beat) => beat.inBounds).map((beat) => beat.rr);
    let index = 0; // position of the current beat among `plausible`
    for (const beat of segment) {
      if (!beat.inBounds) {
        removed += 1;
        endRun();
        continue;
      }
      // The window of 5 around the beat, shifted inwards at a segment's ends so an edge
      // beat still has 4 neighbours (with 2, one ectopic neighbour would move the median).
      const width = 2 * RR_NEIGHBOURS + 1;
      const start = Math.max(0, Math.min(index - RR_NEIGHBOURS, plausible.length - width));
      const neighbours = plausible.slice(start, start + width);
      neighbours.splice(index - start, 1);
      index += 1;
      // A lone beat has nothing to be compared with; it is kept (and makes no difference).
      if (neighbours.length) {
        const local = median(neighbours);
        if (Math.abs(beat.rr - local) > RR_MAX_DEVIATION * local) {
          removed += 1;
          endRun();
          continue;
        }
      }
      kept.push(beat.rr);
      run.push(beat.rr);
    }
    endRun();
  }
  return { kept, removed, runs };
}

/**
 * RMSSD, the root mean square of successive differences, in ms: over the RR intervals
 * `cleanRr` keeps, differencing only consecutive kept beats (within a run), never across
 * a removed beat or a gap. Null with fewer than `minDifferences` differences (10 by
 * default): a floor for the arithmetic, not a claim that so short a stretch is a
 * standard recording (those are minutes long).
 * @param {Array<number|null>} rrMs intervals in beat order; null marks a gap
 * @param {{minDifferences?: number}} [options]
 * @returns {number|null}
 */
export function rmssd(rrMs, { minDifferences = RMSSD_MIN_DIFFERENCES } = {}) {
  let count = 0;
  let sumSquares = 0;
  for (const run of cleanRr(rrMs).runs) {
    for (let i = 1; i < run.length; i += 1) {
      const difference = run[i] - run[i - 1];
      sumSquares += difference * difference;
      count += 1;
    }
  }
  if (count === 0 || count < minDifferences) return null;
  return Math.sqrt(sumSquares / count);
}

/**
 * A resting heart rate: the median of the samples given (say, a few quiet minutes lying
 * down), in bpm. Non-numbers are skipped; null when none is left.
 * @param {Array<number|null>} bpmSamples
 * @returns {number|null}
 */
export function restingHr(bpmSamples) {
  const values = (bpmSamples ?? []).filter(isNumber);
  return values.length ? median(values) : null;
}

/**
 * Milliseconds spent above a heart-rate threshold (strictly above, as `hrMark` marks).
 * Samples are `{t: ms, bpm}` sorted by time. Each interval between a sample and the next
 * counts by its starting sample: if that sample is above the threshold the interval
 * counts, up to `maxGapMs` (5 s by default), since a longer gap is a dropout whose rate is
 * unknown and only its first 5 s are counted. The last sample starts no interval and adds
 * nothing. A sample without a number for bpm (no reading) is not above.
 * Null when the threshold is not a number; a RangeError when samples go back in time.
 * @param {Array<{t: number, bpm: number|null}>} samples
 * @param {number} threshold
 * @param {{maxGapMs?: number}} [options]
 * @returns {number|null}
 */
export function timeAbove(samples, threshold, { maxGapMs = MAX_SAMPLE_GAP_MS } = {}) {
  if (!isNumber(threshold)) return null;
  const list = samples ?? [];
  let total = 0;
  for (let i = 0; i + 1 < list.length; i += 1) {
    const gap = list[i + 1].t - list[i].t;
    if (!(gap >= 0)) {
      throw new RangeError(`heart-rate samples must be sorted by time (sample ${i + 1})`);
    }
    if (isNumber(list[i].bpm) && list[i].bpm > threshold) total += Math.min(gap, maxGapMs);
  }
  return total;
}
