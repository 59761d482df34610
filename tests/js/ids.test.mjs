import assert from 'node:assert/strict';
import { test } from 'node:test';

import './webcrypto.mjs';

import { ID_PATTERN, isRecordId, newNodeId, uuidv7 } from '../../static/js/ids.js';
import { isNodeId } from '../../static/js/hlc.js';

test('uuidv7 has version 7, the RFC variant, and the time in its first 48 bits', () => {
  const millis = Date.parse('2026-11-25T08:30:00.000Z');
  const id = uuidv7(millis);
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(parseInt(id.replace(/-/g, '').slice(0, 12), 16), millis);
  assert.ok(isRecordId(id));
});

test('uuidv7 ids sort by creation time and do not repeat', () => {
  const ids = Array.from({ length: 2000 }, (_, i) => uuidv7(1_700_000_000_000 + i));
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(Array.from({ length: 5000 }, () => uuidv7())).size, 5000);
});

test('node ids are 16 lower-case hex digits', () => {
  const node = newNodeId();
  assert.ok(isNodeId(node), node);
  assert.notEqual(newNodeId(), node);
});

test('record ids: 1-64 characters of A-Za-z0-9_-', () => {
  for (const good of ['a', 'checkin-2026-11-25', 'settings', 'x'.repeat(64), 'A_b-9']) {
    assert.ok(isRecordId(good), good);
  }
  for (const bad of ['', 'x'.repeat(65), 'has space', 'slash/no', 'dot.no', 'é', null, 7]) {
    assert.equal(isRecordId(bad), false, String(bad));
  }
  assert.equal(ID_PATTERN.source, '^[A-Za-z0-9_-]{1,64}$');
});
