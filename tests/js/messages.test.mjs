import assert from 'node:assert/strict';
import { test } from 'node:test';

import { en, t } from '../../static/js/messages.js';

test('placeholders are filled and unknown keys fail loudly', () => {
  assert.equal(t('today.energyToday', { energy: 6 }), 'Energy today: 6 of 10');
  assert.throws(() => t('no.such.key'));
});

test('the names outside tests and assistive technology rely on are in the catalogue', () => {
  assert.equal(en['today.checkin'], 'Check in');
  assert.equal(en['today.energy'], 'Energy');
  assert.equal(en['today.save'], 'Save');
  assert.equal(en['update.ready'], 'A new version is ready');
  assert.equal(en['update.reload'], 'Reload');
});

test('every message key the app uses is in the catalogue, and every entry is used', async () => {
  const { readdir, readFile } = await import('node:fs/promises');
  const root = new URL('../../static/js/', import.meta.url);
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.js'));
  const used = new Set();
  for (const file of files) {
    const source = await readFile(new URL(file, root), 'utf8');
    for (const match of source.matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(match[1]);
    for (const match of source.matchAll(/'((?:settings|today|nav|status|update|error)\.[\w.]+)'/g)) {
      used.add(match[1]);
    }
  }
  const missing = [...used].filter((key) => !(key in en));
  assert.deepEqual(missing, []);
  const unused = Object.keys(en).filter((key) => !used.has(key));
  assert.deepEqual(unused, []);
});
