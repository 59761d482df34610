import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  DSQ_PEM_ITEMS,
  dsqPemScore,
  questionnaireOffer,
} from '../../static/js/insights/questionnaire.js';
import { isValid } from '../../static/js/kinds.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-25T12:00:00Z');
const BASE = { answered_at: '2026-11-25T10:00:00+01:00', instrument: 'dsq_pem' };

/** The items as [frequency, severity] pairs, for reading the fixtures by eye. */
const pairs = (score) => score.items.map((i) => [i.item, i.frequency, i.severity, i.meets]);

test('the items are 1 to 5, in order, and cannot change', () => {
  assert.deepEqual(DSQ_PEM_ITEMS, ['1', '2', '3', '4', '5']);
  assert.ok(Object.isFrozen(DSQ_PEM_ITEMS));
});

test('no answers: every item null, never 0; nothing indicated', () => {
  for (const data of [BASE, { ...BASE, frequency: {}, severity: {} }, {}, null, undefined]) {
    const score = dsqPemScore(data);
    assert.deepEqual(score, {
      answered: 0,
      indicated: false,
      frequencyTotal: null,
      severityTotal: null,
      items: DSQ_PEM_ITEMS.map((item) => ({ item, frequency: null, severity: null, meets: null })),
    });
  }
});

test('a full answer, worked by hand', () => {
  // item:       1  2  3  4  5
  // frequency:  1  3  2  0  4   total 10
  // severity:   3  1  2  0  4   total 10
  // meets:      -  -  y  -  y   (item 1: frequency 1; item 2: severity 1)
  const data = {
    ...BASE,
    frequency: { 1: 1, 2: 3, 3: 2, 4: 0, 5: 4 },
    severity: { 1: 3, 2: 1, 3: 2, 4: 0, 5: 4 },
  };
  assert.ok(isValid('questionnaire', data, { now: NOW }));
  const score = dsqPemScore(data);
  assert.deepEqual(pairs(score), [
    ['1', 1, 3, false],
    ['2', 3, 1, false],
    ['3', 2, 2, true],
    ['4', 0, 0, false],
    ['5', 4, 4, true],
  ]);
  assert.equal(score.answered, 5);
  assert.equal(score.indicated, true);
  assert.equal(score.frequencyTotal, 10);
  assert.equal(score.severityTotal, 10);
});

test('exactly at the threshold 2/2 meets it; 2/1 and 1/2 do not', () => {
  assert.equal(dsqPemScore({ frequency: { 1: 2 }, severity: { 1: 2 } }).indicated, true);
  assert.deepEqual(pairs(dsqPemScore({ frequency: { 4: 2 }, severity: { 4: 2 } }))[3], ['4', 2, 2, true]);
  const twoOne = dsqPemScore({ frequency: { 1: 2 }, severity: { 1: 1 } });
  assert.deepEqual([twoOne.answered, twoOne.indicated, twoOne.items[0].meets], [1, false, false]);
  const oneTwo = dsqPemScore({ frequency: { 1: 1 }, severity: { 1: 2 } });
  assert.deepEqual([oneTwo.answered, oneTwo.indicated, oneTwo.items[0].meets], [1, false, false]);
  // 2/1 on one item and 1/2 on another: the rule is per item, so still not met.
  const split = dsqPemScore({ frequency: { 1: 2, 2: 1 }, severity: { 1: 1, 2: 2 } });
  assert.equal(split.indicated, false);
  // All 4 on frequency, all 1 on severity: not met either.
  const often = dsqPemScore({ frequency: { 1: 4, 2: 4, 3: 4, 4: 4, 5: 4 }, severity: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 } });
  assert.deepEqual([often.answered, often.indicated, often.frequencyTotal, often.severityTotal], [5, false, 20, 5]);
});

test('partial answers: an item needs both ratings to be scored; lone ratings still shown and totalled', () => {
  // item:       1  2  3  4  5
  // frequency:  3  -  2  -  -   total 5
  // severity:   -  4  2  -  -   total 6
  const score = dsqPemScore({ ...BASE, frequency: { 1: 3, 3: 2 }, severity: { 2: 4, 3: 2 } });
  assert.deepEqual(pairs(score), [
    ['1', 3, null, null],
    ['2', null, 4, null],
    ['3', 2, 2, true],
    ['4', null, null, null],
    ['5', null, null, null],
  ]);
  assert.deepEqual([score.answered, score.indicated, score.frequencyTotal, score.severityTotal], [1, true, 5, 6]);
  // Only frequencies given: nothing scored, a total for frequency only.
  const lone = dsqPemScore({ frequency: { 1: 4, 2: 4 } });
  assert.deepEqual([lone.answered, lone.indicated, lone.frequencyTotal, lone.severityTotal], [0, false, 8, null]);
  // 0 is an answer (none of the time / not present), not a gap.
  const zeros = dsqPemScore({ frequency: { 2: 0 }, severity: { 2: 0 } });
  assert.deepEqual([zeros.answered, zeros.items[1].meets, zeros.frequencyTotal, zeros.severityTotal], [1, false, 0, 0]);
});

test('what is not a rating of items 1-5 is left out, never counted', () => {
  const score = dsqPemScore({
    frequency: { 6: 4, 1: 5, 2: 2.5, 3: '3', 4: -1, 5: null },
    severity: { 6: 4, 1: 2, 2: 2, 3: 2, 4: 2, 5: 2 },
  });
  assert.deepEqual(score.items.map((i) => i.frequency), [null, null, null, null, null]);
  assert.deepEqual([score.answered, score.indicated, score.frequencyTotal, score.severityTotal], [0, false, null, 10]);
  assert.equal(dsqPemScore({ frequency: [2, 2], severity: 'x' }).answered, 0);
});

const answered = (at, extra = {}) => ({ kind: 'questionnaire', deleted: false, data: { ...BASE, answered_at: at }, ...extra });

test('offered when never answered, and not for other kinds of entry', () => {
  assert.equal(questionnaireOffer([], NOW), true);
  const others = [
    { kind: 'checkin', deleted: false, data: { date: '2026-11-25' } },
    { kind: 'episode', deleted: false, data: { started_at: '2026-11-25T08:00:00Z', answered_at: '2026-11-25T08:00:00Z' } },
  ];
  assert.equal(questionnaireOffer(others, NOW), true);
});

test('at most monthly: not within 30 days of the last answer, by answered_at', () => {
  assert.equal(questionnaireOffer([answered('2026-11-25T10:00:00Z')], NOW), false); // today
  assert.equal(questionnaireOffer([answered('2026-11-01T09:00:00+01:00')], NOW), false); // 24 days
  assert.equal(questionnaireOffer([answered('2026-09-01T09:00:00Z')], NOW), true); // long ago
  // One old and one recent: the recent one decides.
  assert.equal(questionnaireOffer([answered('2026-09-01T09:00:00Z'), answered('2026-11-20T09:00:00Z')], NOW), false);
  // An answer up to a day ahead (a clock, a time zone) counts as recent too.
  assert.equal(questionnaireOffer([answered('2026-11-26T08:00:00Z')], NOW), false);
});

test('the 30-day boundary: exactly 30 days after, it is offered again; a millisecond before, not', () => {
  const thirty = new Date(NOW - 30 * DAY).toISOString(); // 2026-10-26T12:00:00.000Z
  assert.equal(thirty, '2026-10-26T12:00:00.000Z');
  assert.equal(questionnaireOffer([answered(thirty)], NOW), true);
  assert.equal(questionnaireOffer([answered(thirty)], NOW - 1), false);
  assert.equal(questionnaireOffer([answered('2026-10-26T12:00:00.001Z')], NOW), false);
  // The same instant written with an offset is the same boundary.
  assert.equal(questionnaireOffer([answered('2026-10-26T13:00:00+01:00')], NOW), true);
  assert.equal(questionnaireOffer([answered('2026-10-26T13:00:01+01:00')], NOW), false);
  // now as a Date works the same.
  assert.equal(questionnaireOffer([answered(thirty)], new Date(NOW)), true);
});

test('a deleted answer, or one without a readable time, does not hold the offer back', () => {
  assert.equal(questionnaireOffer([answered('2026-11-24T10:00:00Z', { deleted: true })], NOW), true);
  assert.equal(questionnaireOffer([answered('yesterday')], NOW), true);
  assert.equal(questionnaireOffer([{ kind: 'questionnaire', deleted: false, data: null }], NOW), true);
});

test('the history: every DSQ-PEM answered, oldest first, each scored; deleted and other kinds left out', async () => {
  const { dsqPemHistory } = await import('../../static/js/insights/questionnaire.js');
  const answer = (id, answered_at, frequency, severity, extra = {}) =>
    ({ id, kind: 'questionnaire', deleted: false, data: { answered_at, instrument: 'dsq_pem', frequency, severity }, ...extra });
  const history = dsqPemHistory([
    answer('b', '2026-11-20T09:00:00+00:00', { 1: 3, 2: 1 }, { 1: 2, 2: 4 }), // item 1 meets 3/2
    answer('a', '2026-10-20T09:00:00+00:00', { 1: 1 }, { 1: 1 }),
    answer('c', '2026-11-21T09:00:00+00:00', { 1: 4 }, { 1: 4 }, { deleted: true }),
    { id: 'd', kind: 'checkin', deleted: false, data: { date: '2026-11-20' } },
  ]);
  assert.deepEqual(history.map((h) => [h.id, h.day, h.score.frequencyTotal, h.score.severityTotal, h.score.indicated]), [
    ['a', '2026-10-20', 1, 1, false],
    ['b', '2026-11-20', 4, 6, true],
  ]);
});
