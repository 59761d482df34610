import assert from 'node:assert/strict';
import { test } from 'node:test';

import { applyLocalWrite, combineRecords, ownPart, restoreWrite } from '../../static/js/record.js';

const S1 = '2026-11-25T08:30:00.000Z-0000-0123456789abcdef';
const S2 = '2026-11-25T08:30:00.000Z-0001-0123456789abcdef';
const S3 = '2026-11-25T09:00:00.000Z-0000-0123456789abcdef';
const NOW = '2026-11-25T08:30:00.000Z';
const LATER = '2026-11-25T09:00:00.000Z';

test('a new record gets every field stamped, and the change carries just those fields', () => {
  const { record, change } = applyLocalWrite(
    null,
    { id: 'checkin-2026-11-25', kind: 'checkin', fields: { date: '2026-11-25', energy: 4 } },
    S1,
    NOW,
  );
  assert.deepEqual(record, {
    id: 'checkin-2026-11-25',
    kind: 'checkin',
    data: { date: '2026-11-25', energy: 4 },
    created_at: NOW,
    updated_at: NOW,
    deleted: false,
    field_hlcs: { date: S1, energy: S1 },
    deleted_hlc: null,
  });
  assert.deepEqual(change, {
    id: 'checkin-2026-11-25',
    kind: 'checkin',
    data: { date: '2026-11-25', energy: 4 },
    hlc: S1,
    deleted: false,
  });
});

test('an edit restamps only the fields it sets and leaves the stored record untouched', () => {
  const { record: first } = applyLocalWrite(null, { id: 'a', kind: 'checkin', fields: { date: 'd', energy: 4 } }, S1, NOW);
  const frozen = structuredClone(first);
  const { record, change } = applyLocalWrite(first, { id: 'a', kind: 'checkin', fields: { energy: 6 } }, S2, LATER);
  assert.deepEqual(first, frozen);
  assert.deepEqual(record.data, { date: 'd', energy: 6 });
  assert.deepEqual(record.field_hlcs, { date: S1, energy: S2 });
  assert.equal(record.created_at, NOW);
  assert.equal(record.updated_at, LATER);
  assert.deepEqual(change.data, { energy: 6 });
});

test('a delete is a tombstone that keeps the data, and undo rewrites every field newer', () => {
  const { record: first } = applyLocalWrite(null, { id: 'a', kind: 'checkin', fields: { date: 'd', energy: 4 } }, S1, NOW);
  const { record: gone, change } = applyLocalWrite(first, { id: 'a', kind: 'checkin', deleted: true }, S2, NOW);
  assert.equal(gone.deleted, true);
  assert.equal(gone.deleted_hlc, S2);
  assert.deepEqual(gone.data, first.data);
  assert.deepEqual(change, { id: 'a', kind: 'checkin', data: {}, hlc: S2, deleted: true });

  const { record: back, change: undo } = applyLocalWrite(gone, restoreWrite(gone), S3, LATER);
  assert.equal(back.deleted, false);
  assert.deepEqual(back.field_hlcs, { date: S3, energy: S3 });
  assert.deepEqual(undo.data, { date: 'd', energy: 4 });
});

test('bad ids and a change of kind are refused', () => {
  assert.throws(() => applyLocalWrite(null, { id: 'no spaces', kind: 'checkin' }, S1, NOW));
  assert.throws(() => applyLocalWrite(null, { id: 'a', kind: '' }, S1, NOW));
  const { record } = applyLocalWrite(null, { id: 'a', kind: 'checkin', fields: {} }, S1, NOW);
  assert.throws(() => applyLocalWrite(record, { id: 'a', kind: 'dose', fields: {} }, S2, NOW), /is a checkin/);
});

// ------------------------------------------------- several records shown as one

const part = (id, data, stamps, extra = {}) => ({
  id, kind: 'checkin', data, field_hlcs: stamps, deleted: false, deleted_hlc: null,
  created_at: NOW, updated_at: NOW, day: '2026-11-25', ...extra,
});

test('two check-ins of a day show as one: each field from the newest stamp, the app id', () => {
  const own = part('checkin-2026-11-25', { date: '2026-11-25', energy: 4, mood: 5 }, { date: S1, energy: S1, mood: S3 });
  const other = part('01a2374e-2e48-71fe-b772-edacede00001', { date: '2026-11-25', energy: 2, note: 'from the watch' },
    { date: S1, energy: S2, note: S1 }, { updated_at: LATER });
  for (const records of [[own, other], [other, own]]) {
    const one = combineRecords(records, 'checkin-2026-11-25');
    assert.equal(one.id, 'checkin-2026-11-25');
    assert.deepEqual(one.data, { date: '2026-11-25', energy: 2, mood: 5, note: 'from the watch' });
    assert.deepEqual(one.field_hlcs, { date: S1, energy: S2, mood: S3, note: S1 });
    assert.equal(one.updated_at, LATER);
    assert.deepEqual(one.parts.map((p) => p.id), [other.id, own.id]); // id order
    assert.equal(ownPart(one), own);
  }
});

test('a field cleared at a newer stamp stays cleared; deleted parts take no part', () => {
  const own = part('checkin-2026-11-25', { date: '2026-11-25', energy: null }, { date: S1, energy: S3 });
  const other = part('x', { date: '2026-11-25', energy: 7 }, { date: S1, energy: S2 });
  const gone = part('y', { date: '2026-11-25', mood: 9 }, { date: S1, mood: S3 }, { deleted: true, deleted_hlc: S3 });
  const one = combineRecords([other, gone, own], 'checkin-2026-11-25');
  assert.deepEqual(one.data, { date: '2026-11-25', energy: null });
  assert.deepEqual(one.parts.map((p) => p.id), ['checkin-2026-11-25', 'x']);
});

test('equal stamps keep the first record in id order, whatever order they came in', () => {
  const a = part('a', { date: '2026-11-25', energy: 1 }, { date: S1, energy: S2 });
  const b = part('b', { date: '2026-11-25', energy: 9 }, { date: S1, energy: S2 });
  assert.equal(combineRecords([b, a], 'checkin-2026-11-25').data.energy, 1);
  assert.equal(combineRecords([a, b], 'checkin-2026-11-25').data.energy, 1);
});

test('one record with the app id is itself; none live is null; a foreign one alone has no own part', () => {
  const own = part('checkin-2026-11-25', { date: '2026-11-25', energy: 4 }, { date: S1, energy: S1 });
  const one = combineRecords([own], 'checkin-2026-11-25');
  assert.deepEqual({ ...one, parts: undefined }, { ...own, parts: undefined });
  assert.equal(combineRecords([], 'settings'), null);
  assert.equal(combineRecords([{ ...own, deleted: true }], 'checkin-2026-11-25'), null);
  const foreign = combineRecords([{ ...own, id: 'x' }], 'checkin-2026-11-25');
  assert.equal(foreign.id, 'checkin-2026-11-25');
  assert.equal(ownPart(foreign), null);
});
