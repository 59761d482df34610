import assert from 'node:assert/strict';
import { test } from 'node:test';

import { byTime, newestFirst } from '../../static/js/entry-order.js';

const entry = (id, kind, at, created_at) => ({
  id,
  kind,
  data: kind === 'checkin' ? { date: at } : { [kind === 'dose' ? 'taken_at' : 'started_at']: at },
  created_at,
});
const ids = (list) => list.map((r) => r.id);

test('the same minute: in the order logged, seconds or not', () => {
  // Quick-add keeps the second it was tapped; the form the minute typed in.
  const shower = entry('shower', 'activity', '2026-11-20T10:30:45+00:00', '2026-11-20T10:30:45+00:00');
  const call = entry('call', 'activity', '2026-11-20T10:30:00+00:00', '2026-11-20T10:30:58+00:00');
  assert.deepEqual(ids([call, shower].sort(byTime)), ['shower', 'call']);
  assert.deepEqual(ids([shower, call].sort(byTime)), ['shower', 'call']);
  assert.deepEqual(ids([shower, call].sort(newestFirst)), ['call', 'shower']);
});

test('different minutes: by time, whatever the order logged', () => {
  const later = entry('later', 'dose', '2026-11-20T10:31:00+00:00', '2026-11-20T08:00:00+00:00');
  const earlier = entry('earlier', 'rest', '2026-11-20T10:30:59+00:00', '2026-11-20T12:00:00+00:00');
  assert.deepEqual(ids([later, earlier].sort(byTime)), ['earlier', 'later']);
});

test('times are compared as instants, not as text: two offsets still sort by time', () => {
  // 09:30 in Paris is 08:30 UTC, before 09:00 UTC; as text "09:00" < "09:30".
  const paris = entry('paris', 'activity', '2026-11-20T09:30:00+01:00', '2026-11-20T08:30:00Z');
  const london = entry('london', 'activity', '2026-11-20T09:00:00+00:00', '2026-11-20T09:00:00Z');
  assert.deepEqual(ids([london, paris].sort(byTime)), ['paris', 'london']);
});

test('a check-in (of a day, not a time) first; the same logged second: by id', () => {
  const checkin = entry('c', 'checkin', '2026-11-20', '2026-11-20T20:00:00Z');
  const a = entry('a', 'activity', '2026-11-20T07:00:00Z', '2026-11-20T07:00:00Z');
  const b = entry('b', 'activity', '2026-11-20T07:00:00Z', '2026-11-20T07:00:00Z');
  assert.deepEqual(ids([b, a, checkin].sort(byTime)), ['c', 'a', 'b']);
  const noCreated = { ...a, id: 'z', created_at: undefined };
  assert.deepEqual(ids([a, noCreated].sort(byTime)), ['z', 'a']);
});
