import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  calendarReminder,
  escapeText,
  firstDay,
  foldLine,
  recurrenceRule,
  reminderProblems,
  utcStamp,
  weekdayOf,
} from '../../static/js/reminders.js';

const BASE = {
  time: '19:30',
  today: '2026-12-03', // a Thursday
  now: Date.UTC(2026, 11, 3, 13, 10, 5),
  uid: 'checkin-reminder-abc123@envelope',
  url: 'http://127.0.0.1:8000/#today',
  summary: 'Envelope: a check-in, if you like',
  description: 'If you’d like to, open Envelope and check in.',
  alarm: 'Envelope: a check-in, if you like',
};

/** Content lines unfolded (RFC 5545 3.1): a CRLF followed by a space joins two lines. */
const unfold = (text) => text.replace(/\r\n /g, '').split('\r\n');
const property = (text, name) => unfold(text).filter((line) => line.startsWith(`${name}:`));

test('a daily reminder: its time as floating local time, every day, an alarm at the time', () => {
  const text = calendarReminder({ ...BASE, frequency: 'daily' });
  const lines = unfold(text);
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.equal(lines.at(-1), ''); // ends in CRLF
  assert.equal(lines.at(-2), 'END:VCALENDAR');
  assert.deepEqual(property(text, 'DTSTART'), ['DTSTART:20261203T193000']);
  assert.deepEqual(property(text, 'RRULE'), ['RRULE:FREQ=DAILY']);
  assert.deepEqual(property(text, 'DTSTAMP'), ['DTSTAMP:20261203T131005Z']);
  assert.deepEqual(property(text, 'UID'), [`UID:${BASE.uid}`]);
  assert.deepEqual(property(text, 'URL'), [`URL:${BASE.url}`]);
  assert.ok(property(text, 'DESCRIPTION')[0].endsWith(`\\n${BASE.url}`));
  const alarm = lines.slice(lines.indexOf('BEGIN:VALARM'), lines.indexOf('END:VALARM') + 1);
  assert.ok(alarm.includes('ACTION:DISPLAY'));
  assert.ok(alarm.includes('TRIGGER:PT0S'));
  assert.ok(alarm.some((line) => line.startsWith('DESCRIPTION:')));
  assert.ok(!text.includes('TZID'), 'floating time: no zone');
});

test('a weekly reminder starts on the first chosen weekday and names the days in week order', () => {
  const text = calendarReminder({ ...BASE, frequency: 'weekly', weekdays: ['SA', 'MO'] });
  assert.deepEqual(property(text, 'RRULE'), ['RRULE:FREQ=WEEKLY;BYDAY=MO,SA']);
  assert.deepEqual(property(text, 'DTSTART'), ['DTSTART:20261205T193000']); // Saturday
});

test('the same reminder made twice differs only in when it was made', () => {
  const a = calendarReminder({ ...BASE, frequency: 'daily' });
  const b = calendarReminder({ ...BASE, frequency: 'daily', now: BASE.now + 60_000 });
  assert.notEqual(a, b);
  assert.equal(a.replace(/DTSTAMP:\S+/, ''), b.replace(/DTSTAMP:\S+/, ''));
});

test('every line is CRLF-ended and at most 75 octets, long text folded without splitting a character', () => {
  const long = `${'Envelope – ’ü 🌙 '.repeat(30)}, with; commas\\ and a\nnew line`;
  const text = calendarReminder({ ...BASE, frequency: 'daily', description: long, summary: long });
  assert.ok(!/[^\r]\n/.test(text), 'every LF has its CR');
  assert.ok(!/\r[^\n]/.test(text), 'every CR has its LF');
  for (const line of text.split('\r\n')) {
    assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `${Buffer.byteLength(line)}: ${line}`);
    assert.ok(!line.includes('\uFFFD'));
  }
  // Unfolded, the text is whole again.
  const summary = property(text, 'SUMMARY')[0];
  assert.equal(summary, `SUMMARY:${escapeText(long)}`);
});

test('foldLine: 75 octets fit, 76 fold, a continuation starts with a space', () => {
  assert.equal(foldLine('x'.repeat(75)), 'x'.repeat(75));
  assert.equal(foldLine('x'.repeat(76)), `${'x'.repeat(75)}\r\n x`);
  // A three-byte character that would cross octet 75 moves whole to the next line.
  const folded = foldLine(`${'x'.repeat(74)}€y`);
  assert.equal(folded, `${'x'.repeat(74)}\r\n €y`);
});

test('escapeText: backslash, semicolon, comma, line breaks', () => {
  assert.equal(escapeText('a\\b;c,d\ne\r\nf'), 'a\\\\b\\;c\\,d\\ne\\nf');
});

test('weekdays, the first day and the rule', () => {
  assert.equal(weekdayOf('2026-12-03'), 'TH');
  assert.equal(weekdayOf('2026-12-07'), 'MO');
  assert.equal(weekdayOf('2026-12-06'), 'SU');
  assert.equal(firstDay({ frequency: 'weekly', weekdays: ['TH'] }, '2026-12-03'), '2026-12-03');
  assert.equal(firstDay({ frequency: 'weekly', weekdays: ['WE'] }, '2026-12-03'), '2026-12-09');
  assert.equal(firstDay({ frequency: 'weekly', weekdays: ['MO'] }, '2026-12-31'), '2027-01-04');
  assert.equal(firstDay({ frequency: 'daily' }, '2026-12-03'), '2026-12-03');
  assert.equal(recurrenceRule({ frequency: 'weekly', weekdays: ['SU', 'WE', 'MO'] }), 'FREQ=WEEKLY;BYDAY=MO,WE,SU');
  assert.equal(utcStamp(Date.UTC(2027, 0, 9, 4, 5, 6)), '20270109T040506Z');
});

test('what is wrong with a choice is said by field', () => {
  assert.deepEqual(reminderProblems({ frequency: 'daily', time: '08:00' }), {});
  assert.deepEqual(reminderProblems({ frequency: 'weekly', weekdays: ['FR'], time: '23:59' }), {});
  assert.deepEqual(reminderProblems({ frequency: 'weekly', weekdays: [], time: '08:00' }), {
    weekdays: [{ code: 'no_weekday' }],
  });
  assert.deepEqual(reminderProblems({ frequency: 'daily', time: '' }), { time: [{ code: 'required' }] });
  assert.deepEqual(Object.keys(reminderProblems({ frequency: 'daily', time: '24:00' })), ['time']);
  assert.deepEqual(Object.keys(reminderProblems({ frequency: 'hourly', time: '08:00' })), ['frequency']);
});
