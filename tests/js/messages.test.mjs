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
