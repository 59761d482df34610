import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  cleanRr,
  parseBatteryLevel,
  parseHeartRateMeasurement,
  restingHr,
  rmssd,
  timeAbove,
} from '../../static/js/heart-rate.js';

// Heart Rate Measurement values laid out as the GATT specification has them: a flags octet
// (bit 0 uint16 value, bit 1 contact detected, bit 2 contact supported, bit 3 energy
// expended, bit 4 RR intervals), the heart rate, then energy and RR intervals, all LE.
const bytes = (...octets) => new Uint8Array(octets);
const hrm = (...octets) => parseHeartRateMeasurement(new DataView(bytes(...octets).buffer));

test('heart rate: uint8 value, no contact feature, no energy, no RR', () => {
  assert.deepEqual(hrm(0x00, 72), { bpm: 72, contact: null, energyKj: null, rrMs: [] });
  assert.equal(hrm(0x00, 255).bpm, 255);
  assert.equal(hrm(0x00, 0).bpm, 0); // passed on as sent
});

test('heart rate: uint16 value is little-endian', () => {
  assert.equal(hrm(0x01, 0x48, 0x00).bpm, 72);
  assert.equal(hrm(0x01, 0x00, 0x01).bpm, 256); // read as a uint8 it would be 0
  assert.equal(hrm(0x01, 0x2c, 0x01).bpm, 300);
});

test('heart rate: sensor contact from bits 1-2, null when the feature is not supported', () => {
  assert.equal(hrm(0x00, 72).contact, null); // 00: not supported
  assert.equal(hrm(0x02, 72).contact, null); // 01: not supported (bit 1 alone means nothing)
  assert.equal(hrm(0x04, 72).contact, false); // 10: supported, not detected
  assert.equal(hrm(0x06, 72).contact, true); // 11: supported and detected
  assert.equal(hrm(0x07, 0x48, 0x00).contact, true); // with a uint16 value
});

test('heart rate: energy expended without RR intervals', () => {
  assert.deepEqual(hrm(0x08, 72, 0x34, 0x12), { bpm: 72, contact: null, energyKj: 0x1234, rrMs: [] });
});

test('heart rate: energy expended with RR intervals, after it', () => {
  // energy 16 kJ, then RR 0x0400 = 1024/1024 s = 1000 ms
  assert.deepEqual(hrm(0x18, 72, 0x10, 0x00, 0x00, 0x04), {
    bpm: 72, contact: null, energyKj: 16, rrMs: [1000],
  });
  // every field: uint16 72 bpm, contact detected, energy saturated at 65535, RR 1000 and 500 ms
  assert.deepEqual(hrm(0x1f, 0x48, 0x00, 0xff, 0xff, 0x00, 0x04, 0x00, 0x02), {
    bpm: 72, contact: true, energyKj: 65535, rrMs: [1000, 500],
  });
});

test('heart rate: several RR intervals, converted from 1/1024 s exactly', () => {
  // raw 819 -> 819000/1024 = 799.8046875; raw 820 -> 800.78125; raw 1 -> 0.9765625 ms
  const { rrMs } = hrm(0x10, 75, 0x33, 0x03, 0x34, 0x03, 0x01, 0x00);
  assert.deepEqual(rrMs, [799.8046875, 800.78125, 0.9765625]);
  // a strap's typical packet: contact detected, RR present, one interval of 1 s
  assert.deepEqual(hrm(0x16, 60, 0x00, 0x04), { bpm: 60, contact: true, energyKj: null, rrMs: [1000] });
});

test('heart rate: reserved bits 5-7 and octets after the declared fields are ignored', () => {
  assert.deepEqual(hrm(0xe0, 72), { bpm: 72, contact: null, energyKj: null, rrMs: [] });
  assert.deepEqual(hrm(0x00, 72, 0x99), { bpm: 72, contact: null, energyKj: null, rrMs: [] });
});

test('heart rate: malformed values throw a RangeError saying what is wrong', () => {
  const cases = [
    [[], /empty/],
    [[0x00], /too short for the uint8 heart rate/],
    [[0x01, 0x48], /too short for the uint16 heart rate/],
    [[0x08, 72, 0x10], /too short for the energy expended/],
    [[0x19, 0x48, 0x00, 0x10], /too short for the energy expended/],
    [[0x10, 72], /no RR interval follows/],
    [[0x18, 72, 0x10, 0x00], /no RR interval follows/],
    [[0x10, 72, 0x00, 0x04, 0x00], /3 octets of RR intervals, an odd one/],
    [[0x10, 72, 0x00], /1 octets of RR intervals, an odd one/],
  ];
  for (const [octets, message] of cases) {
    assert.throws(() => hrm(...octets), (error) => error instanceof RangeError && message.test(error.message), `${octets}`);
  }
});

test('heart rate: accepts a DataView, an ArrayBuffer, a Uint8Array, and a slice of one', () => {
  const expected = { bpm: 72, contact: null, energyKj: null, rrMs: [1000] };
  const packet = bytes(0x10, 72, 0x00, 0x04);
  assert.deepEqual(parseHeartRateMeasurement(new DataView(packet.buffer)), expected);
  assert.deepEqual(parseHeartRateMeasurement(packet.buffer), expected);
  assert.deepEqual(parseHeartRateMeasurement(packet), expected);
  // Only the slice's own bytes: read from offset 0 the flags would be 0xff, and read to the
  // buffer's end the RR intervals would have an odd octet.
  const slice = bytes(0xff, 0x10, 72, 0x00, 0x04, 0xee).subarray(1, 5);
  assert.deepEqual(parseHeartRateMeasurement(slice), expected);
  const view = new DataView(bytes(0xff, 0x10, 72, 0x00, 0x04, 0xee).buffer, 1, 4);
  assert.deepEqual(parseHeartRateMeasurement(view), expected);
  assert.throws(() => parseHeartRateMeasurement([0x00, 72]), TypeError);
  assert.throws(() => parseHeartRateMeasurement(null), TypeError);
});

test('battery level: a uint8 percentage, refused above 100 or empty', () => {
  assert.equal(parseBatteryLevel(bytes(85)), 85);
  assert.equal(parseBatteryLevel(new DataView(bytes(0).buffer)), 0);
  assert.equal(parseBatteryLevel(bytes(100).buffer), 100);
  assert.throws(() => parseBatteryLevel(bytes(101)), (e) => e instanceof RangeError && /101 is above 100/.test(e.message));
  assert.throws(() => parseBatteryLevel(bytes(0xff)), RangeError);
  assert.throws(() => parseBatteryLevel(bytes()), (e) => e instanceof RangeError && /empty/.test(e.message));
});

test('cleanRr: intervals outside 300-2000 ms are dropped, the bounds kept', () => {
  assert.deepEqual(cleanRr([300, 300, 300]), { kept: [300, 300, 300], removed: 0, runs: [[300, 300, 300]] });
  assert.deepEqual(cleanRr([2000, 2000]), { kept: [2000, 2000], removed: 0, runs: [[2000, 2000]] });
  // 299 and 2001 go; the run is split where each was
  assert.deepEqual(cleanRr([800, 810, 299, 800, 2001, 810]), {
    kept: [800, 810, 800, 810], removed: 2, runs: [[800, 810], [800], [810]],
  });
});

test('cleanRr: an ectopic 400 ms beat among 800s goes, and the run splits there', () => {
  // The 400's neighbours 810, 800, 800, 810 have median 805; |400 - 805| > 20 % of 805.
  // The 800s either side see a median of 800 (the 400 among their neighbours does not move it).
  const result = cleanRr([800, 810, 800, 810, 800, 400, 800, 810, 800]);
  assert.equal(result.removed, 1);
  assert.deepEqual(result.kept, [800, 810, 800, 810, 800, 800, 810, 800]);
  assert.deepEqual(result.runs, [[800, 810, 800, 810, 800], [800, 810, 800]]);
});

test('cleanRr: a short beat and its compensatory pause both go', () => {
  // 500: neighbours 800, 800, 1100, 800 -> median 800, 37.5 % off; 1100: median 800 too.
  // The first 800, its window shifted inwards, sees 800, 500, 1100, 800 -> 800, and stays.
  const result = cleanRr([800, 800, 500, 1100, 800, 800]);
  assert.equal(result.removed, 2);
  assert.deepEqual(result.runs, [[800, 800], [800, 800]]);
  // Mirrored, the last 800 sees 800, 1100, 500, 800 -> 800 (with only 500 and 800 it would
  // see 650 and go).
  assert.deepEqual(cleanRr([800, 800, 1100, 500, 800, 800]).runs, [[800, 800], [800, 800]]);
});

test('cleanRr: a steady rise in heart rate is not an artefact', () => {
  // Each beat is within 20 % of its neighbours' median (e.g. 850: 950, 900, 800, 750 -> 850).
  const rising = [1000, 950, 900, 850, 800, 750, 700];
  assert.deepEqual(cleanRr(rising), { kept: rising, removed: 0, runs: [rising] });
  // 20 % exactly is kept, just over is not: 960 vs 800 (neighbours 800, 800).
  assert.equal(cleanRr([800, 960, 800]).removed, 0);
  assert.equal(cleanRr([800, 961, 800]).removed, 1);
});

test('cleanRr: null marks a gap that no run or window crosses; empty input is empty', () => {
  assert.deepEqual(cleanRr([800, 810, null, 800, 810]), {
    kept: [800, 810, 800, 810], removed: 0, runs: [[800, 810], [800, 810]],
  });
  // 1200 alone after a gap has no neighbours to be judged by, and is kept
  assert.deepEqual(cleanRr([800, 800, null, 1200]).runs, [[800, 800], [1200]]);
  assert.deepEqual(cleanRr([]), { kept: [], removed: 0, runs: [] });
});

test('rmssd: the worked example, and null below the minimum number of differences', () => {
  // RR 800, 810, 790, 800 -> diffs 10, -20, 10 -> sqrt((100 + 400 + 100) / 3) = sqrt(200)
  const rr = [800, 810, 790, 800];
  assert.ok(Math.abs(rmssd(rr, { minDifferences: 3 }) - 14.142135623730951) < 1e-12);
  assert.equal(rmssd(rr), null); // 3 differences < 10
  assert.equal(rmssd([]), null);
  assert.equal(rmssd([800], { minDifferences: 0 }), null); // no difference at all
});

test('rmssd: ten differences are enough, nine are not', () => {
  // 1000, 1010, 990, 1000, 1020, 1000, 990, 1010, 1000, 1000, 1010
  // diffs 10, -20, 10, 20, -20, -10, 20, -10, 0, 10
  // squares 100 + 400 + 100 + 400 + 400 + 100 + 400 + 100 + 0 + 100 = 2100; /10 = 210
  const rr = [1000, 1010, 990, 1000, 1020, 1000, 990, 1010, 1000, 1000, 1010];
  assert.ok(Math.abs(rmssd(rr) - Math.sqrt(210)) < 1e-12); // 14.491376746...
  assert.equal(rmssd(rr.slice(0, 10)), null); // 9 differences
  // alternating 800, 820: every difference is +-20, so RMSSD is 20
  const alternating = Array.from({ length: 11 }, (_, i) => (i % 2 ? 820 : 800));
  assert.equal(rmssd(alternating), 20);
});

test('rmssd: no difference spans a removed beat or a gap', () => {
  // 13 beats with an ectopic 400 in the middle. Kept runs: 800 810 800 810 800 (4 diffs of
  // 10) and 800 810 800 810 800 810 800 (6 diffs of 10): 10 diffs, all 10 -> RMSSD 10.
  // Differencing across the 400 would add -400 and +400 and give about 163.
  const rr = [800, 810, 800, 810, 800, 400, 800, 810, 800, 810, 800, 810, 800];
  assert.equal(rmssd(rr), 10);
  // The same with a gap instead of the ectopic beat: still 10 differences of 10.
  assert.equal(rmssd([800, 810, 800, 810, 800, null, 800, 810, 800, 810, 800, 810, 800]), 10);
  // 11 beats: across the gap they would make 10 differences; split, 4 + 5 = 9 are too few.
  assert.equal(rmssd([800, 810, 800, 810, 800, null, 810, 800, 810, 800, 810, 800]), null);
});

test('restingHr: the median of the samples, numbers only', () => {
  assert.equal(restingHr([60, 58, 62, 90, 59]), 60); // 58 59 [60] 62 90
  assert.equal(restingHr([60, 62, 58, 64]), 61); // (60 + 62) / 2
  assert.equal(restingHr([null, 70, undefined]), 70);
  assert.equal(restingHr([]), null);
});

test('timeAbove: each interval counts by its starting sample; the last adds nothing', () => {
  const samples = [
    { t: 0, bpm: 100 }, // 0-1000: not above
    { t: 1000, bpm: 120 }, // 1000-2000: above, 1000 ms
    { t: 2000, bpm: 125 }, // 2000-3000: above, 1000 ms
    { t: 3000, bpm: 115 }, // 3000-4000: equal is not above
    { t: 4000, bpm: 130 }, // last: starts no interval
  ];
  assert.equal(timeAbove(samples, 115), 2000);
  assert.equal(timeAbove(samples, 200), 0);
  assert.equal(timeAbove([], 115), 0);
  assert.equal(timeAbove([{ t: 0, bpm: 150 }], 115), 0);
  assert.equal(timeAbove(samples, null), null);
});

test('timeAbove: a dropout counts only its first 5 s', () => {
  const samples = [
    { t: 0, bpm: 120 }, // 1000 ms
    { t: 1000, bpm: 120 }, // 60 s until the next sample: capped at 5000 ms
    { t: 61_000, bpm: 120 }, // 1000 ms
    { t: 62_000, bpm: 100 },
  ];
  assert.equal(timeAbove(samples, 115), 7000);
  assert.equal(timeAbove(samples, 115, { maxGapMs: 2000 }), 4000);
  // a sample with no reading is not above
  assert.equal(timeAbove([{ t: 0, bpm: null }, { t: 1000, bpm: 120 }, { t: 2000, bpm: 120 }], 115), 1000);
});

test('timeAbove: samples out of time order are refused', () => {
  assert.throws(() => timeAbove([{ t: 1000, bpm: 120 }, { t: 0, bpm: 120 }], 115), RangeError);
  assert.equal(timeAbove([{ t: 1000, bpm: 120 }, { t: 1000, bpm: 120 }], 115), 0); // same time
});
