// Find anything: a search over the person's own entries, in their own words.
//
// Every free text an entry carries is searched: an activity's name, a dose's substance,
// reason and side effects, a check-in's symptoms, a crash's symptoms and suspected
// triggers, every note. Which fields those are is read from the kinds' table (KINDS), so
// a new kind's text is found without a change here. Text and query are folded alike
// (case, accents and other diacritics, typographic quotes, any whitespace), so "cafe"
// finds "Café" and "magnesium" finds "MAGNÉSIUM". Every word of the query must match,
// each in any field. What matched is given as ranges of the original text, for the view
// to mark up without innerHTML.
// Pure module: no DOM, no storage, runs under `node --test`.

import { combineRecords } from './record.js';
import { KINDS, TIME_FIELD } from './kinds.js';

/**
 * Text fields that are not the person's words: a questionnaire's ratings are keyed by
 * item number ("1"), and searching "1" should not find every questionnaire.
 */
export const NOT_SEARCHED = Object.freeze({ questionnaire: ['frequency', 'severity'] });

/** Field types whose value, item or key is free text. */
const TEXT_TYPES = new Set(['string', 'list', 'symptomRatings']);

/** The searched fields of each kind of entry (settings are not an entry): {kind: [field]}. */
export const SEARCHED_FIELDS = Object.freeze(
  Object.fromEntries(
    Object.keys(TIME_FIELD).map((kind) => [
      kind,
      Object.freeze(
        Object.entries(KINDS[kind] ?? {})
          .filter(([field, spec]) => TEXT_TYPES.has(spec.type) && !NOT_SEARCHED[kind]?.includes(field))
          .map(([field]) => field),
      ),
    ]),
  ),
);

// Letters that Unicode decomposition leaves whole, and marks people type either way.
const SPECIAL = {
  ß: 'ss', ẞ: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', ł: 'l', Ł: 'l',
  đ: 'd', Đ: 'd', ð: 'd', Ð: 'd', þ: 'th', Þ: 'th', ı: 'i', ς: 'σ',
  '‘': "'", '’': "'", 'ʼ': "'", '“': '"', '”': '"',
};
const MARKS = /\p{M}/gu;
const SPACE = /\s/u;
// Text that folds by lower-casing alone (whitespace is never inside a word, so its kind
// does not matter to matching).
const ASCII = /^[\x00-\x7f]*$/;

/** One character (a code point) folded: may be '' (a lone mark) or longer ('ß' -> 'ss'). */
function foldChar(char) {
  if (char < '\x80') return char.toLowerCase();
  if (SPACE.test(char)) return ' ';
  if (Object.hasOwn(SPECIAL, char)) return SPECIAL[char];
  const bare = char.normalize('NFKD').replace(MARKS, '').toLowerCase();
  let out = '';
  for (const part of bare) out += Object.hasOwn(SPECIAL, part) ? SPECIAL[part] : part;
  return out.replace(MARKS, '');
}

/**
 * Text as search compares it: lower case, without accents or other diacritics, with
 * typographic quotes plain and every run of whitespace one space, trimmed.
 */
export function fold(text) {
  return foldText(String(text)).replace(/\s+/g, ' ').trim();
}

const SPECIALS = new RegExp(`[${Object.keys(SPECIAL).join('')}]`, 'gu');

/**
 * Text folded, with nothing kept of where each character came from: the same as folding
 * it character by character (foldMapped), done on the whole text at once, which is many
 * times faster.
 */
function foldText(text) {
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(MARKS, '')
    .replace(SPECIALS, (char) => SPECIAL[char])
    .replace(/\s/gu, ' ');
}

/**
 * Text folded, and where each folded character came from: `starts[i]` and `ends[i]` are
 * the original's code-unit offsets of the character folded character i came from (null
 * when the two line up, as ASCII does). Whitespace is not collapsed, so offsets stay one
 * to one.
 */
function foldMapped(text) {
  if (ASCII.test(text)) return { folded: text.toLowerCase(), starts: null, ends: null };
  let folded = '';
  const starts = [];
  const ends = [];
  let at = 0;
  for (const char of text) {
    const piece = foldChar(char);
    // A mark typed apart ("e" then U+0301) folds to nothing: it belongs to the letter before.
    if (!piece && ends.length) ends[ends.length - 1] = at + char.length;
    for (let i = 0; i < piece.length; i += 1) {
      starts.push(at);
      ends.push(at + char.length);
    }
    folded += piece;
    at += char.length;
  }
  return { folded, starts, ends };
}

/** A query's words, folded, each once. */
export function queryWords(query) {
  return [...new Set(fold(query).split(' ').filter(Boolean))];
}

/** Call fn(field, text) for each searched text of a record, a list's items and a rating's names each apart. */
function eachText(record, fn) {
  const data = record.data;
  if (!data) return;
  for (const field of SEARCHED_FIELDS[record.kind]) {
    const value = data[field];
    if (typeof value === 'string') {
      if (value.trim()) fn(field, value);
    } else if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'string' && item.trim()) fn(field, item);
    } else if (value && typeof value === 'object') {
      for (const name of Object.keys(value)) if (name.trim()) fn(field, name);
    }
  }
}

/** The searched texts of a record: [{field, text}], a list's items and a rating's names each apart. */
export function textsOf(record) {
  const texts = [];
  if (Object.hasOwn(SEARCHED_FIELDS, record.kind)) eachText(record, (field, text) => texts.push({ field, text }));
  return texts;
}

/**
 * Every searched text of a record in one string, a newline before each: a record is
 * turned away, or kept, with one look per word (whitespace is never inside a word, so
 * no word matches across two texts). Which field matched, and where, is worked out only
 * for what is shown. Written as a plain loop: it runs for every record of the diary.
 */
function joinedText(record) {
  const data = record.data;
  let all = '';
  if (!data) return all;
  for (const field of SEARCHED_FIELDS[record.kind]) {
    const value = data[field];
    if (typeof value === 'string') all += `\n${value}`;
    else if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'string') all += `\n${item}`;
    } else if (value && typeof value === 'object') {
      for (const name in value) if (Object.hasOwn(value, name)) all += `\n${name}`;
    }
  }
  return all;
}

/** When an entry happened, in ms, for ordering (a check-in's date at 00:00 UTC). */
function timeOf(entry) {
  if (entry.time === undefined) {
    const value = entry.record.data?.[TIME_FIELD[entry.record.kind]];
    const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    entry.time = Number.isNaN(ms) ? 0 : ms;
  }
  return entry.time;
}

/**
 * The live entries of `records`, folded once for searching: a day's check-in records
 * shown as one (as everywhere else), settings and tombstones left out. Build it once per
 * read of the records (indexOf keeps it), then search it as often as the person types.
 * Ten thousand records are folded in a few tens of milliseconds: what costs is left for
 * the entries found (a time parsed, what matched where) or avoided (a check-in combined
 * only when it has several parts).
 * @param {object[]} records  every record, as the store reads them
 * @returns {{entries: object[]}}
 */
export function searchIndex(records) {
  const checkins = new Map();
  const entries = [];
  const add = (record) => {
    const all = joinedText(record);
    if (all) entries.push({ record, day: record.day, time: undefined, all: foldText(all) });
  };
  for (const record of records) {
    if (record.deleted || !record.day || !Object.hasOwn(SEARCHED_FIELDS, record.kind)) continue;
    if (record.kind !== 'checkin') add(record);
    else if (checkins.has(record.day)) checkins.get(record.day).push(record);
    else checkins.set(record.day, [record]);
  }
  for (const [day, parts] of checkins) {
    const id = `checkin-${day}`;
    add(parts.length === 1 && parts[0].id === id ? parts[0] : combineRecords(parts, id));
  }
  return { entries };
}

const built = new WeakMap();

/** searchIndex(records), kept for as long as that same array of records is in use. */
export function indexOf(records) {
  let index = built.get(records);
  if (!index) {
    index = searchIndex(records);
    built.set(records, index);
  }
  return index;
}

/** Where each word occurs in `folded`, as sorted, merged [start, end) ranges. */
function rangesIn(folded, words) {
  const found = [];
  for (const word of words) {
    for (let at = folded.indexOf(word); at !== -1; at = folded.indexOf(word, at + 1)) {
      found.push([at, at + word.length]);
    }
  }
  found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged = [];
  for (const range of found) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/**
 * A found entry: its record, and what matched in it, worked out when first asked for (a
 * common word finds a thousand entries, of which the view shows a few days' worth).
 */
function result(entry, words) {
  let matches = null;
  return {
    record: entry.record,
    get matches() {
      if (!matches) {
        matches = [];
        eachText(entry.record, (field, text) => {
          const { folded, starts, ends } = foldMapped(text);
          const ranges = rangesIn(folded, words);
          if (!ranges.length) return;
          matches.push({ field, text, ranges: starts ? ranges.map(([from, to]) => [starts[from], ends[to - 1]]) : ranges });
        });
      }
      return matches;
    },
  };
}

/**
 * The entries that have every word of `query`, each word in any of their fields.
 * @param {{entries: object[]}} index  searchIndex's
 * @param {string} query  as typed
 * @returns {{words: string[], count: number, days: {day: string, results: {record: object,
 *   matches: {field: string, text: string, ranges: [number, number][]}[]}[]}[]}}  days newest
 *   first, a day's entries in time order; each match's ranges are offsets into its `text`
 *   (`matches` is worked out when first read)
 */
export function findEntries(index, query) {
  const words = queryWords(query);
  const days = [];
  if (!words.length) return { words, count: 0, days };
  const hits = [];
  for (const entry of index.entries) {
    if (words.every((word) => entry.all.includes(word))) hits.push(entry);
  }
  hits.sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0) || timeOf(a) - timeOf(b) ||
    (a.record.created_at ?? '').localeCompare(b.record.created_at ?? ''));
  for (const entry of hits) {
    if (days.at(-1)?.day !== entry.day) days.push({ day: entry.day, results: [] });
    days.at(-1).results.push(result(entry, words));
  }
  return { words, count: hits.length, days };
}

/**
 * A matched text cut to a window around its first match (long notes), as pieces to show:
 * [{text, mark}], `mark` true for the matched parts; '…' where text was left out.
 * @param {string} text
 * @param {[number, number][]} ranges  sorted, not overlapping (findEntries's)
 * @param {number} around  characters kept either side of the first match
 */
export function snippet(text, ranges, around = 40) {
  let from = 0;
  let to = text.length;
  if (text.length > 2 * around + 20 && ranges.length) {
    from = Math.max(0, ranges[0][0] - around);
    to = Math.min(text.length, ranges[0][1] + around);
    // Cut between words where one is near, never inside a surrogate pair.
    const space = text.lastIndexOf(' ', ranges[0][0]);
    if (from > 0 && space >= from - 10 && space < ranges[0][0]) from = space + 1;
    const after = text.indexOf(' ', ranges[0][1]);
    if (to < text.length && after !== -1 && after <= to + 10) to = after;
    if (/[\uDC00-\uDFFF]/.test(text[from] ?? '')) from -= 1;
    if (/[\uD800-\uDBFF]/.test(text[to - 1] ?? '')) to += 1;
  }
  const pieces = [];
  if (from > 0) pieces.push({ text: '…', mark: false });
  let at = from;
  for (const [start, end] of ranges) {
    if (end <= from || start >= to) continue;
    const markFrom = Math.max(start, from);
    const markTo = Math.min(end, to);
    if (markFrom > at) pieces.push({ text: text.slice(at, markFrom), mark: false });
    pieces.push({ text: text.slice(markFrom, markTo), mark: true });
    at = markTo;
  }
  if (at < to) pieces.push({ text: text.slice(at, to), mark: false });
  if (to < text.length) pieces.push({ text: '…', mark: false });
  return pieces;
}
