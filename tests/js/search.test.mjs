import assert from 'node:assert/strict';
import { test } from 'node:test';

import { KINDS, TIME_FIELD } from '../../static/js/kinds.js';
import {
  NOT_SEARCHED,
  SEARCHED_FIELDS,
  findEntries,
  fold,
  indexOf,
  queryWords,
  searchIndex,
  snippet,
  textsOf,
} from '../../static/js/search.js';

const S = '2026-11-25T08:30:00.000Z-0000-0123456789abcdef';
let next = 0;
function rec(kind, data, { id = `${kind}-${(next += 1)}`, deleted = false, created = '2026-11-25T08:30:00Z' } = {}) {
  const at = data[TIME_FIELD[kind]];
  const field_hlcs = Object.fromEntries(Object.keys(data).map((field) => [field, S]));
  return { id, kind, data, day: at ? at.slice(0, 10) : null, created_at: created, updated_at: created,
    deleted, field_hlcs, deleted_hlc: deleted ? S : null };
}
const activity = (started_at, name, extra = {}, options) =>
  rec('activity', { started_at, duration_min: 20, category: 'social', intensity: 'moderate', name, ...extra }, options);
const dose = (taken_at, substance, extra = {}, options) =>
  rec('dose', { taken_at, substance, amount: 1, unit: 'mg', ...extra }, options);

/** What a search found, as `day: id[field=marked text, ...]` lines, to compare whole. */
function found(records, query) {
  const { days } = findEntries(searchIndex(records), query);
  return days.flatMap(({ day, results }) =>
    results.map(({ record, matches }) => `${day}: ${record.id}[${matches
      .map(({ field, text, ranges }) => `${field}=${ranges.map(([a, b]) => text.slice(a, b)).join('+')}`)
      .join(', ')}]`));
}

test('fold: case, accents and other diacritics, typographic quotes, whitespace', () => {
  assert.equal(fold('Café'), 'cafe');
  assert.equal(fold('MAGNÉSIUM'), 'magnesium');
  assert.equal(fold('Zoë Ærø Łódź Straße'), 'zoe aero lodz strasse');
  assert.equal(fold('I’m  tired\t\n again '), "i'm tired again");
  assert.equal(fold('ﬁne'), 'fine'); // a ligature
  assert.equal(fold('e\u0301te\u0301'), 'ete'); // accents typed as combining marks
  assert.equal(fold('Ｂ１２'), 'b12'); // full-width, as some keyboards type
  assert.equal(fold('\u00a0non-breaking\u2003spaces\u00a0'), 'non-breaking spaces');
});

test('queryWords: folded words, each once, none for blank input', () => {
  assert.deepEqual(queryWords('  Brain   FOG fog '), ['brain', 'fog']);
  assert.deepEqual(queryWords(' \t '), []);
  assert.deepEqual(queryWords(''), []);
});

test('every free-text field of every kind of entry is searched, unless named as not', () => {
  // A new kind (or a new text field) in server/kind_table.py is found with no change to
  // search.js: the searched fields are read from the table.
  for (const kind of Object.keys(TIME_FIELD)) {
    const text = Object.entries(KINDS[kind])
      .filter(([, spec]) => ['string', 'list', 'symptomRatings'].includes(spec.type))
      .map(([field]) => field);
    const expected = text.filter((field) => !(NOT_SEARCHED[kind] ?? []).includes(field));
    assert.deepEqual(SEARCHED_FIELDS[kind], expected, kind);
    assert.ok(expected.includes('note'), `${kind} has a note`);
  }
  assert.equal(SEARCHED_FIELDS.settings, undefined);
  assert.deepEqual(SEARCHED_FIELDS.dose, ['substance', 'reason', 'side_effects', 'note']);
  assert.deepEqual(SEARCHED_FIELDS.episode, ['symptoms', 'suspected_triggers', 'note']);
  assert.deepEqual(SEARCHED_FIELDS.checkin, ['symptoms', 'note']);
  assert.deepEqual(SEARCHED_FIELDS.activity, ['name', 'note']);
});

test('textsOf: strings, every item of a list and every symptom rated, apart', () => {
  const checkin = rec('checkin', { date: '2026-11-20', energy: 3, symptoms: { 'brain fog': 4, headache: 0 }, note: 'Slow' });
  assert.deepEqual(textsOf(checkin), [
    { field: 'symptoms', text: 'brain fog' },
    { field: 'symptoms', text: 'headache' },
    { field: 'note', text: 'Slow' },
  ]);
  const episode = rec('episode', { started_at: '2026-11-20T07:00:00Z', symptoms: ['fatigue'],
    suspected_triggers: ['Wedding', ' '], note: '' });
  assert.deepEqual(textsOf(episode), [
    { field: 'symptoms', text: 'fatigue' },
    { field: 'suspected_triggers', text: 'Wedding' },
  ]);
  const questionnaire = rec('questionnaire', { answered_at: '2026-11-20T09:00:00Z', instrument: 'dsq_pem',
    frequency: { 1: 2 }, severity: { 1: 3 } });
  assert.deepEqual(textsOf(questionnaire), []); // item numbers are not words
});

test('an entry is found by any of its text fields, case and accents folded', () => {
  const records = [
    dose('2026-11-20T08:30:00Z', 'Magnésium', { reason: 'Cramps', side_effects: ['Loose stomach'] }, { id: 'd1' }),
    activity('2026-11-19T10:00:00Z', 'Café with Zoë', { note: 'Felt DIZZY after, lay down' }, { id: 'a1' }),
    rec('checkin', { date: '2026-11-18', symptoms: { 'brain fog': 6 } }, { id: 'checkin-2026-11-18' }),
    rec('episode', { started_at: '2026-11-18T20:00:00Z', suspected_triggers: ['Crowded cafe'] }, { id: 'e1' }),
  ];
  assert.deepEqual(found(records, 'MAGNESIUM'), ['2026-11-20: d1[substance=Magnésium]']);
  assert.deepEqual(found(records, 'cramps'), ['2026-11-20: d1[reason=Cramps]']);
  assert.deepEqual(found(records, 'stomach'), ['2026-11-20: d1[side_effects=stomach]']);
  assert.deepEqual(found(records, 'dizzy'), ['2026-11-19: a1[note=DIZZY]']);
  assert.deepEqual(found(records, 'zoe'), ['2026-11-19: a1[name=Zoë]']);
  assert.deepEqual(found(records, 'Brain Fog'), ['2026-11-18: checkin-2026-11-18[symptoms=brain+fog]']);
  // Days newest first: the café on the 19th, the crash on the 18th.
  assert.deepEqual(found(records, 'café'), [
    '2026-11-19: a1[name=Café]',
    '2026-11-18: e1[suspected_triggers=cafe]',
  ]);
});

test('every word must match, each in any field; none matching finds nothing', () => {
  const records = [
    activity('2026-11-19T10:00:00Z', 'Café with Zoë', { note: 'Felt dizzy after' }, { id: 'a1' }),
    activity('2026-11-19T15:00:00Z', 'Café again', { note: 'Fine' }, { id: 'a2' }),
    rec('episode', { started_at: '2026-11-18T20:00:00Z', suspected_triggers: ['Crowded cafe'],
      note: 'dizzy all evening' }, { id: 'e1' }),
  ];
  // Both words in one entry, in different fields (its name and its note).
  assert.deepEqual(found(records, 'cafe dizzy'), [
    '2026-11-19: a1[name=Café, note=dizzy]',
    '2026-11-18: e1[suspected_triggers=cafe, note=dizzy]',
  ]);
  assert.deepEqual(found(records, 'zoe dizzy'), ['2026-11-19: a1[name=Zoë, note=dizzy]']);
  assert.deepEqual(found(records, 'cafe xylophone'), []);
  assert.deepEqual(found(records, 'xylophone'), []);
  assert.deepEqual(found(records, '   '), []);
  const { count, words, days } = findEntries(searchIndex(records), 'cafe');
  assert.equal(count, 3);
  assert.deepEqual(words, ['cafe']);
  // A day's entries in time order, as the day lists them.
  assert.deepEqual(days[0].results.map((r) => r.record.id), ['a1', 'a2']);
});

test('deleted entries and settings are never found; a day\'s check-ins are found as one', () => {
  const records = [
    activity('2026-11-19T10:00:00Z', 'Garden', {}, { id: 'a1', deleted: true }),
    rec('settings', { symptoms: ['Garden pain'] }, { id: 'settings' }),
    rec('checkin', { date: '2026-11-18', note: 'garden in the morning' }, { id: 'checkin-2026-11-18' }),
    // Another device's check-in of the same day (an older client's UUID id).
    rec('checkin', { date: '2026-11-18', symptoms: { 'sore throat': 2 } }, { id: '0193a000-0000-7000-8000-000000000001' }),
  ];
  const { days, count } = findEntries(searchIndex(records), 'garden');
  assert.equal(count, 1);
  const [{ record }] = days[0].results;
  assert.equal(record.id, 'checkin-2026-11-18');
  assert.equal(record.parts.length, 2); // edited and deleted as one, like History's
  assert.deepEqual(found(records, 'throat garden'),
    ['2026-11-18: checkin-2026-11-18[symptoms=throat, note=garden]']);
});

test('ranges point into the original text, whatever folding changed its length', () => {
  const records = [activity('2026-11-19T10:00:00Z', 'Große Straße', { note: 'e\u0301te\u0301 and then ete' }, { id: 'a1' })];
  // "ss" matched inside "ß": the whole letter is marked.
  assert.deepEqual(found(records, 'strasse'), ['2026-11-19: a1[name=Straße]']);
  assert.deepEqual(found(records, 'ss'), ['2026-11-19: a1[name=ß+ß]']);
  assert.deepEqual(found(records, 'ete'), ['2026-11-19: a1[note=e\u0301te\u0301+ete]']);
  const { days } = findEntries(searchIndex(records), 'gro');
  assert.deepEqual(days[0].results[0].matches, [{ field: 'name', text: 'Große Straße', ranges: [[0, 3]] }]);
});

test('overlapping words mark one stretch', () => {
  const records = [activity('2026-11-19T10:00:00Z', 'Headache walk', {}, { id: 'a1' })];
  const { days } = findEntries(searchIndex(records), 'head ache headache');
  assert.deepEqual(days[0].results[0].matches[0].ranges, [[0, 8]]);
});

test('snippet: short texts whole, long ones cut around the first match, marked pieces', () => {
  assert.deepEqual(snippet('Felt dizzy after', [[5, 10]]), [
    { text: 'Felt ', mark: false },
    { text: 'dizzy', mark: true },
    { text: ' after', mark: false },
  ]);
  const long = `${'word '.repeat(40)}dizzy ${'more '.repeat(40)}`.trim();
  const at = long.indexOf('dizzy');
  const pieces = snippet(long, [[at, at + 5]], 20);
  assert.equal(pieces[0].text, '…');
  assert.equal(pieces.at(-1).text, '…');
  assert.deepEqual(pieces.filter((p) => p.mark).map((p) => p.text), ['dizzy']);
  const shown = pieces.map((p) => p.text).join('');
  assert.ok(shown.length < 70, shown);
  assert.ok(!/^…\S*ord /.test(shown) || shown.startsWith('…word'), `cut between words: ${shown}`);
  assert.deepEqual(snippet('abc', []), [{ text: 'abc', mark: false }]);
});

test('indexOf keeps one index per array of records, and builds a new one for a new read', () => {
  const records = [activity('2026-11-19T10:00:00Z', 'Walk', {}, { id: 'a1' })];
  assert.equal(indexOf(records), indexOf(records));
  assert.notEqual(indexOf([...records]), indexOf(records));
});

test('a text is always found by itself, and marked whole, however it folds', () => {
  // The index folds whole texts at once, the marks are found character by character:
  // both must fold alike, or an entry would be found with nothing marked.
  const texts = ['Σίσυφος', 'İstanbul', 'ǅemal', 'Straße', 'ﬁne', 'Ｂ１２', 'e\u0301te\u0301', 'Ærø',
    '한국어', 'Việt Nam', 'I’m “fine”', 'Łódź', 'ĳssel', 'Ⅻ', 'Ǆ'];
  for (const text of texts) {
    const records = [activity('2026-11-19T10:00:00Z', text, {}, { id: 'a1' })];
    const { days } = findEntries(searchIndex(records), text);
    assert.equal(days.length, 1, text);
    const [match] = days[0].results[0].matches;
    const words = text.split(' ');
    assert.equal(match.ranges.length, words.length, text);
    assert.equal(match.ranges.map(([a, b]) => text.slice(a, b)).join(' '), text, text);
  }
});
