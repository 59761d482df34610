import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  HybridClock,
  MAX_COUNTER,
  STAMP_LENGTH,
  compareStamps,
  formatStamp,
  isStamp,
  maxStamp,
  parseStamp,
} from '../../static/js/hlc.js';

const NODE = '0123456789abcdef';
const T = Date.parse('2026-11-25T08:30:00.000Z');

test('stamps have the contract form exactly', () => {
  const stamp = formatStamp({ millis: T, counter: 0, node: NODE });
  assert.equal(stamp, '2026-11-25T08:30:00.000Z-0000-0123456789abcdef');
  assert.equal(stamp.length, STAMP_LENGTH);
  assert.equal(formatStamp({ millis: T, counter: 0xabc, node: NODE }).slice(25, 29), '0abc');
});

test('parse is the inverse of format', () => {
  const parts = { millis: T + 123, counter: 0x1f, node: 'ffffffffffffffff' };
  assert.deepEqual(parseStamp(formatStamp(parts)), parts);
});

test('malformed stamps are refused', () => {
  for (const bad of [
    '',
    null,
    42,
    '2026-11-25T08:30:00.000Z-0000-0123456789ABCDEF', // upper-case hex
    '2026-11-25T08:30:00Z-0000-0123456789abcdef', // no milliseconds
    '2026-11-25T08:30:00.000Z-000-0123456789abcdef', // short counter
    '2026-11-25T08:30:00.000Z-0000-0123456789abcde', // short node
    '2026-02-30T08:30:00.000Z-0000-0123456789abcdef', // no such day
    '2026-11-25T08:30:00.000+01:00-0000-0123456789abcdef', // not UTC
  ]) {
    assert.equal(isStamp(bad), false, String(bad));
    assert.throws(() => parseStamp(bad));
  }
  assert.throws(() => formatStamp({ millis: T, counter: MAX_COUNTER + 1, node: NODE }));
  assert.throws(() => formatStamp({ millis: T, counter: 0, node: 'xyz' }));
  assert.throws(() => new HybridClock({ node: 'ABCDEF0123456789' }));
});

test('string order is time order, then counter, then node', () => {
  const stamps = [
    formatStamp({ millis: T + 1, counter: 0, node: NODE }),
    formatStamp({ millis: T, counter: 0x10, node: NODE }),
    formatStamp({ millis: T, counter: 2, node: 'ffffffffffffffff' }),
    formatStamp({ millis: T, counter: 2, node: '0000000000000000' }),
    formatStamp({ millis: T - 86_400_000 * 400, counter: 0xffff, node: NODE }),
  ];
  const byString = [...stamps].sort();
  const byParts = [...stamps].sort((a, b) => {
    const x = parseStamp(a);
    const y = parseStamp(b);
    return x.millis - y.millis || x.counter - y.counter || (x.node < y.node ? -1 : 1);
  });
  assert.deepEqual(byString, byParts);
  assert.equal(compareStamps(stamps[0], stamps[1]), 1);
  assert.equal(maxStamp(stamps[1], stamps[0]), stamps[0]);
  assert.equal(maxStamp(null, stamps[0]), stamps[0]);
});

test('ticks strictly increase while the wall clock moves forward, stands still or goes back', () => {
  let wall = T;
  const clock = new HybridClock({ node: NODE, now: () => wall });
  const stamps = [];
  for (const step of [0, 5, 0, 0, -3_600_000, -1, 10, 0, 7_200_000, -7_200_000]) {
    wall += step;
    stamps.push(clock.tick());
  }
  for (let i = 1; i < stamps.length; i += 1) assert.ok(stamps[i] > stamps[i - 1], stamps[i]);
  // While the wall clock is behind, time stays at the highest seen and the counter counts.
  assert.ok(stamps[4].startsWith('2026-11-25T08:30:00.005Z-0003'));
});

test('the counter overflowing borrows the next millisecond instead of failing', () => {
  const clock = new HybridClock({ node: NODE, now: () => T });
  let previous = clock.tick();
  for (let i = 0; i < MAX_COUNTER + 5; i += 1) {
    const next = clock.tick();
    assert.ok(next > previous);
    previous = next;
  }
  assert.equal(parseStamp(previous).millis, T + 1);
});

test('received stamps, even from a clock hours ahead, are never undercut', () => {
  const clock = new HybridClock({ node: NODE, now: () => T });
  const remote = formatStamp({ millis: T + 3 * 3_600_000, counter: 7, node: 'ffffffffffffffff' });
  clock.receive(remote);
  const next = clock.tick();
  assert.ok(next > remote);
  assert.ok(next.endsWith(`-0008-${NODE}`));
  // An older stamp received later changes nothing.
  clock.receive(formatStamp({ millis: T - 1000, counter: 0, node: NODE }));
  assert.ok(clock.tick() > next);
});

test('a clock restored from its last stamp continues after it (e.g. after a reload)', () => {
  const first = new HybridClock({ node: NODE, now: () => T + 50 });
  const last = first.tick();
  const restored = new HybridClock({ node: NODE, last, now: () => T }); // wall clock went back
  assert.equal(restored.last, last);
  assert.ok(restored.tick() > last);
});
