import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  addDays,
  atTimeOnDay,
  formatDay,
  formatNumber,
  formatShare,
  formatTime,
  fromInputValue,
  isDay,
  localDay,
  toInputValue,
  toLocalIso,
} from '../../static/js/dates.js';

// Node reads TZ again whenever it changes; each test file runs in its own process.
function inZone(zone, fn) {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

test('the local day is the calendar day where the person is, not UTC', () => {
  inZone('Europe/Berlin', () => {
    assert.equal(localDay(new Date('2026-11-24T23:30:00Z')), '2026-11-25'); // 00:30 in Berlin
  });
  inZone('America/New_York', () => {
    assert.equal(localDay(new Date('2026-11-25T03:00:00Z')), '2026-11-24'); // 22:00 the day before
  });
});

test('local ISO times carry the offset in force at that moment', () => {
  inZone('Europe/Berlin', () => {
    assert.equal(toLocalIso(new Date('2026-11-25T07:30:00Z')), '2026-11-25T08:30:00+01:00');
    assert.equal(toLocalIso(new Date('2026-07-01T07:30:00Z')), '2026-07-01T09:30:00+02:00');
  });
  inZone('Asia/Kolkata', () => {
    assert.equal(toLocalIso(new Date('2026-11-25T00:00:00Z')), '2026-11-25T05:30:00+05:30');
  });
  inZone('America/St_Johns', () => {
    assert.equal(toLocalIso(new Date('2026-11-25T12:00:00Z')), '2026-11-25T08:30:00-03:30');
  });
  inZone('UTC', () => {
    assert.equal(toLocalIso(new Date('2026-11-25T12:00:00Z')), '2026-11-25T12:00:00+00:00');
  });
});

test('a form time round-trips: the input shows the entry its own wall clock', () => {
  assert.equal(toInputValue('2026-11-25T08:30:00-05:00'), '2026-11-25T08:30');
  assert.equal(toInputValue(undefined), '');
  assert.equal(toInputValue('08:30'), '');
  inZone('Europe/Berlin', () => {
    assert.equal(fromInputValue('2026-11-25T08:30'), '2026-11-25T08:30:00+01:00');
    assert.equal(fromInputValue(toInputValue('2026-11-25T08:30:00+01:00')), '2026-11-25T08:30:00+01:00');
  });
  assert.equal(fromInputValue(''), null);
  assert.equal(fromInputValue('not a time'), null);
});

test('back-filling a day keeps the clock time of now on that day', () => {
  inZone('Europe/Berlin', () => {
    const now = new Date('2026-11-25T14:07:41Z'); // 15:07 in Berlin
    assert.equal(atTimeOnDay('2026-11-20', now), '2026-11-20T15:07:00+01:00');
    assert.equal(atTimeOnDay('2026-07-01', now), '2026-07-01T15:07:00+02:00'); // summer offset
  });
});

test('adding days crosses months, leap days, years and clock changes', () => {
  inZone('Europe/Berlin', () => {
    assert.equal(addDays('2026-03-28', 1), '2026-03-29');
    assert.equal(addDays('2026-03-29', 1), '2026-03-30'); // the 23-hour day
    assert.equal(addDays('2026-10-25', 1), '2026-10-26'); // the 25-hour day
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2024-03-01', -1), '2024-02-29');
    assert.equal(addDays('2026-11-25', -365), '2025-11-25');
    assert.equal(addDays('2026-11-25', 0), '2026-11-25');
  });
});

test('isDay accepts only YYYY-MM-DD strings', () => {
  assert.ok(isDay('2026-11-25'));
  for (const value of ['2026-11-5', '25/11/2026', '2026-11-25T00:00', '', null, 20261125]) {
    assert.equal(isDay(value), false, String(value));
  }
});

test('days, times and numbers are written the way the locale writes them', () => {
  assert.equal(formatDay('2026-11-25', 'en-GB'), 'Wednesday 25 November');
  assert.equal(formatDay('2026-11-25', 'de'), 'Mittwoch, 25. November');
  assert.equal(formatTime('2026-11-25T18:30:00+01:00', 'en-GB'), '18:30'); // its own wall clock
  assert.match(formatTime('2026-11-25T20:05:00-05:00', 'en-US'), /^8:05\sPM$/u);
  assert.equal(formatNumber(6.25, 'en'), '6.3'); // at most one decimal
  assert.equal(formatNumber(40, 'en'), '40');
  assert.equal(formatNumber(1000, 'en'), '1,000');
  // Formatters are kept per locale: one locale's never answers for another's.
  assert.equal(formatNumber(0.5, 'de'), '0,5');
  assert.equal(formatNumber(0.5, 'en'), '0.5');
  assert.equal(formatNumber(1000, 'de'), '1.000');
});

test('a ratio is a whole percentage, never one decimal of the ratio (1.25 is not "1.3")', () => {
  assert.equal(formatShare(1.25, 'en-GB'), '125%');
  assert.equal(formatShare(0.05, 'en-GB'), '5%');
  assert.equal(formatShare(0.9, 'en-GB'), '90%');
  assert.equal(formatShare(1, 'en-GB'), '100%');
  assert.equal(formatShare(0.13, 'en-GB'), '13%');
  assert.equal(formatShare(1.25, 'de-DE'), '125\u00a0%'); // the locale's own way
});
