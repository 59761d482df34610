// The shared merge cases (tests/cases/merge.json), against the app's own merge:
// the server runs the same file against server/merge.py (tests/test_merge.py).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { mergeRecord } from '../../static/js/record.js';

const { cases } = JSON.parse(readFileSync(new URL('../cases/merge.json', import.meta.url), 'utf8'));
const AT = '2026-11-25T08:30:00Z';

function* orders(items) {
  if (items.length <= 1) {
    yield items;
    return;
  }
  for (let i = 0; i < items.length; i += 1) {
    for (const rest of orders([...items.slice(0, i), ...items.slice(i + 1)])) yield [items[i], ...rest];
  }
}

/** A sync change as the record the app merges: every field it sets carries its stamp. */
function asRecord(kind, change) {
  const data = change.deleted ? {} : change.data;
  return {
    id: 'r',
    kind,
    data,
    field_hlcs: Object.fromEntries(Object.keys(data).map((field) => [field, change.hlc])),
    deleted: change.deleted,
    deleted_hlc: change.deleted ? change.hlc : null,
    created_at: AT,
    updated_at: AT,
  };
}

for (const c of cases) {
  test(`merge: ${c.why}`, () => {
    for (const order of orders(c.changes)) {
      let held = c.start && {
        id: 'r',
        kind: c.kind,
        ...structuredClone(c.start),
        deleted: c.start.deleted_hlc !== null && Object.values(c.start.field_hlcs).every((s) => c.start.deleted_hlc > s),
        created_at: AT,
        updated_at: AT,
      };
      for (const change of order) held = mergeRecord(held, asRecord(c.kind, change)).record;
      const got = { data: held.data, field_hlcs: held.field_hlcs, deleted: held.deleted, deleted_hlc: held.deleted_hlc };
      assert.deepEqual(got, c.expect, `order: ${order.map((o) => o.hlc.slice(17, 19)).join(', ')}`);
    }
  });
}

test('the cases file has a unique why for each case', () => {
  assert.equal(new Set(cases.map((c) => c.why)).size, cases.length);
});
