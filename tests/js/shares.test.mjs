import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  CODE_ALPHABET, codeFromRoute, codeGroups, entriesByDay, entriesQuery, formatCode, fullScope,
  isCodeShaped, normaliseCode, redeemUrl, SHARE_KINDS,
} from '../../static/js/shares.js';

test('a code typed with spaces, hyphens or lower case reads as the server reads it', () => {
  assert.equal(normaliseCode(' 7kqm 4xrt-9bcd '), '7KQM4XRT9BCD');
  assert.equal(normaliseCode('7KQM--4XRT\t9BCD'), '7KQM4XRT9BCD');
  assert.equal(normaliseCode(null), '');
});

test('only 12 characters of the alphabet without look-alikes can be a code', () => {
  assert.ok(isCodeShaped('7KQM-4XRT-9BCD'));
  assert.ok(isCodeShaped('7kqm4xrt9bcd'));
  assert.ok(!isCodeShaped('7KQM-4XRT-9BC')); // 11
  assert.ok(!isCodeShaped('7KQM-4XRT-9BCDE')); // 13
  for (const lookAlike of ['0', '1', 'I', 'L', 'O']) {
    assert.ok(!CODE_ALPHABET.includes(lookAlike));
    assert.ok(!isCodeShaped(`7KQM-4XRT-9BC${lookAlike}`), lookAlike);
  }
  assert.ok(!isCodeShaped(''));
});

test('a code is written in groups of four, and read aloud group by group', () => {
  assert.equal(formatCode('7kqm4xrt9bcd'), '7KQM-4XRT-9BCD');
  assert.equal(formatCode('7KQM 4XRT 9BCD', ' '), '7KQM 4XRT 9BCD');
  assert.deepEqual(codeGroups('7KQM-4XRT-9BCD'), [['7', 'K', 'Q', 'M'], ['4', 'X', 'R', 'T'], ['9', 'B', 'C', 'D']]);
  assert.deepEqual(codeGroups(''), []);
});

test('the QR address opens the redeem route, which gives the code back', () => {
  const url = redeemUrl('http://127.0.0.1:8000', '7kqm4xrt9bcd');
  assert.equal(url, 'http://127.0.0.1:8000/#patients/redeem/7KQM-4XRT-9BCD');
  assert.equal(codeFromRoute(new URL(url).hash), '7KQM-4XRT-9BCD');
  assert.equal(codeFromRoute('#patients'), null);
  assert.equal(codeFromRoute('#patients/redeem/7kqm%204xrt%209bcd'), '7KQM-4XRT-9BCD');
});

test('a scope in full: every kind and all notes unless it says otherwise, in catalogue order', () => {
  assert.deepEqual(fullScope(null, SHARE_KINDS), { kinds: [...SHARE_KINDS], notes: 'all' });
  assert.deepEqual(fullScope({ kinds: ['dose', 'checkin', 'nonsense'], notes: 'marked' }, SHARE_KINDS),
    { kinds: ['checkin', 'dose'], notes: 'marked' });
  assert.deepEqual(fullScope({ kinds: [], notes: 'weird' }, SHARE_KINDS), { kinds: [], notes: 'all' });
});

test("a patient's entries as days, newest first, in time order within a day; settings left out", () => {
  const entries = [
    { id: 'a', kind: 'activity', data: { started_at: '2026-11-20T15:00:00+00:00' } },
    { id: 'c', kind: 'checkin', data: { date: '2026-11-21' } },
    { id: 'd', kind: 'dose', data: { taken_at: '2026-11-20T08:00:00+00:00' } },
    { id: 's', kind: 'settings', data: { daily_budget_points: 80 } },
    { id: 'e', kind: 'episode', data: { started_at: '2026-11-21T09:30:00-05:00' } },
  ];
  const days = entriesByDay(entries);
  assert.deepEqual(days.map((d) => d.day), ['2026-11-21', '2026-11-20']);
  assert.deepEqual(days[0].entries.map((e) => e.id), ['c', 'e']);
  assert.deepEqual(days[1].entries.map((e) => e.id), ['d', 'a']);
  assert.deepEqual(entriesByDay([]), []);
});

test('the diary query sends only the filters that are set', () => {
  assert.equal(entriesQuery({}), '');
  assert.equal(entriesQuery({ kind: 'dose' }), '?kind=dose');
  assert.equal(entriesQuery({ kind: '', from: '2026-11-01', to: '2026-11-30' }), '?from=2026-11-01&to=2026-11-30');
});
