import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  ASK_AFTER_HOURS,
  askAfterProblems,
  askedToKeep,
  nextQuestionAt,
  questionsDue,
} from '../../static/js/ask-effect.js';

const HOUR = 3_600_000;
const TAKEN = '2026-12-03T08:00:00+01:00';
const T = Date.parse(TAKEN);

function dose(id, data = {}, extra = {}) {
  return {
    id,
    kind: 'dose',
    deleted: false,
    data: { taken_at: TAKEN, substance: 'LDN', amount: 1.5, unit: 'mg', ask_effect: true, ...data },
    ...extra,
  };
}
const ids = (records) => records.map((r) => r.id);

test('a marked dose is due from three hours after it was taken, by default', () => {
  assert.equal(ASK_AFTER_HOURS.default, 3);
  const records = [dose('a')];
  assert.deepEqual(ids(questionsDue(records, T + 3 * HOUR - 1)), []);
  assert.deepEqual(ids(questionsDue(records, T + 3 * HOUR)), ['a']);
  assert.deepEqual(ids(questionsDue(records, T + 10 * HOUR)), ['a']);
});

test('the person chooses how many hours after', () => {
  const records = [dose('a')];
  assert.deepEqual(ids(questionsDue(records, T + HOUR, { afterHours: 1 })), ['a']);
  assert.deepEqual(ids(questionsDue(records, T + 5 * HOUR, { afterHours: 6 })), []);
});

test('never a dose not marked, already rated, deleted, or already asked about', () => {
  const now = T + 4 * HOUR;
  const records = [
    dose('unmarked', { ask_effect: undefined }),
    dose('false', { ask_effect: false }),
    dose('rated', { effect: 0 }),
    dose('rated-low', { effect: -2 }),
    dose('deleted', {}, { deleted: true }),
    dose('asked'),
    { id: 'activity', kind: 'activity', deleted: false, data: { started_at: TAKEN, ask_effect: true } },
    dose('due'),
  ];
  assert.deepEqual(ids(questionsDue(records, now, { asked: ['asked'] })), ['due']);
  assert.deepEqual(ids(questionsDue(records, now, { asked: new Set(['asked', 'due']) })), []);
});

test('a question is due for a day, then left to the Doses screen', () => {
  const records = [dose('a')];
  assert.deepEqual(ids(questionsDue(records, T + 26 * HOUR)), ['a']);
  assert.deepEqual(ids(questionsDue(records, T + 27 * HOUR)), []);
});

test('several due: the one taken first first; offsets are times, not text', () => {
  const records = [
    dose('later', { taken_at: '2026-12-03T09:00:00+01:00' }),
    // 07:30Z is 08:30+01:00: after 'first', though as text it sorts before it.
    dose('utc', { taken_at: '2026-12-03T07:30:00Z' }),
    dose('first'),
  ];
  assert.deepEqual(ids(questionsDue(records, T + 6 * HOUR)), ['first', 'utc', 'later']);
});

test('the next question: the soonest not yet due, or null', () => {
  const records = [dose('a'), dose('b', { taken_at: '2026-12-03T10:00:00+01:00' }), dose('c', { effect: 1 })];
  assert.equal(nextQuestionAt(records, T), T + 3 * HOUR);
  assert.equal(nextQuestionAt(records, T + 3 * HOUR), T + 5 * HOUR);
  assert.equal(nextQuestionAt(records, T + 5 * HOUR), null);
  assert.equal(nextQuestionAt(records, T, { asked: ['a'] }), T + 5 * HOUR);
  assert.equal(nextQuestionAt([], T), null);
});

test('the asked list keeps only ids that could still be due', () => {
  const records = [dose('a'), dose('rated', { effect: 1 }), dose('old', { taken_at: '2026-11-01T08:00:00+01:00' })];
  assert.deepEqual(askedToKeep(['a', 'a', 'rated', 'old', 'gone'], records, T + 4 * HOUR), ['a']);
  assert.deepEqual(askedToKeep(['a'], records, T + 30 * HOUR), []);
});

test('the hours setting: a whole number from 1 to 24', () => {
  assert.deepEqual(askAfterProblems(3), {});
  assert.deepEqual(askAfterProblems(1), {});
  assert.deepEqual(askAfterProblems(24), {});
  assert.deepEqual(askAfterProblems(0), { ask_after_hours: [{ code: 'range', params: { min: 1, max: 24 } }] });
  assert.deepEqual(askAfterProblems(25).ask_after_hours[0].code, 'range');
  assert.deepEqual(askAfterProblems(2.5).ask_after_hours[0].code, 'type');
  assert.deepEqual(askAfterProblems('x').ask_after_hours[0].code, 'type');
  assert.deepEqual(askAfterProblems(null).ask_after_hours[0].code, 'required');
});
