import assert from 'node:assert/strict';
import { test } from 'node:test';

import { en, t } from '../../static/js/messages.js';

test('placeholders are filled and unknown keys fail loudly', () => {
  assert.equal(t('checkin.summary', { energy: 6 }), 'Energy 6 of 10');
  assert.throws(() => t('no.such.key'));
});

test('the names outside tests and assistive technology rely on are in the catalogue', () => {
  assert.equal(en['checkin.button'], 'Check in');
  assert.equal(en['field.energy'], 'Energy');
  assert.equal(en['action.save'], 'Save');
  assert.equal(en['crash.button'], 'Crash');
  assert.equal(en['update.ready'], 'A new version is ready');
  assert.equal(en['update.reload'], 'Reload');
});

test('every message key the app uses is in the catalogue, and every entry is used', async () => {
  const { readdir, readFile } = await import('node:fs/promises');
  const root = new URL('../../static/js/', import.meta.url);
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.js'));
  const prefixes = [...new Set(Object.keys(en).map((key) => key.split('.')[0]))];
  const literal = new RegExp(`['"]((?:${prefixes.join('|')})\\.[\\w.-]+)['"]`, 'g');
  const used = new Set();
  const dynamic = new Set();
  for (const file of files) {
    if (file === 'messages.js') continue;
    const source = await readFile(new URL(file, root), 'utf8');
    for (const match of source.matchAll(literal)) used.add(match[1]);
    // `category.${value}` and the like: every key under that prefix may be used.
    for (const match of source.matchAll(/`([\w.]+\.)\$\{/g)) dynamic.add(match[1]);
  }
  const missing = [...used].filter((key) => !(key in en));
  assert.deepEqual(missing, []);
  const unused = Object.keys(en).filter(
    (key) => !used.has(key) && ![...dynamic].some((prefix) => key.startsWith(prefix)),
  );
  assert.deepEqual(unused, []);
});

test('no button name but the Crash button contains "crash", no label but Energy contains "energy"', () => {
  // Assistive technology and outside tests find these by name; Playwright's
  // default name match is a case-insensitive substring.
  const buttons = ['action.', 'crashMode.', 'kind.', 'toast.undo', 'update.reload', 'checkin.button',
    'settings.export', 'settings.wipe', 'history.', 'doses.rate', 'presets.item', 'day.'];
  for (const [key, text] of Object.entries(en)) {
    if (!buttons.some((p) => key.startsWith(p))) continue;
    if (key !== 'crash.button') assert.ok(!/crash/i.test(text), `${key}: ${text}`);
  }
  for (const [key, text] of Object.entries(en)) {
    if (key.startsWith('field.') && key !== 'field.energy' && key !== 'field.energyHint') {
      assert.ok(!/energy/i.test(text), `${key}: ${text}`);
    }
  }
});
