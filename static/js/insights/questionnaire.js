// The DSQ-PEM's answers, scored as DePaul University scores them, and when to offer it.
//
// The DePaul Symptom Questionnaire's post-exertional malaise items 1-5 (Cotler et al.,
// Diagnostics 2018, 8(3):66): each rated for frequency (0 none of the time .. 4 all of the
// time) and severity (0 not present .. 4 very severe) over the past 6 months. The DePaul
// rule: frequency 2 or more AND severity 2 or more on any one item. The app shows whether
// that threshold was met, in those words, and draws no conclusion from it.
// Pure module: no DOM, no storage, runs under `node --test`.

import { parseDateTime } from '../kinds.js';
import { hasOwn, isPlainObject, toMillis } from '../values.js';

/** The items, by the numbers the instrument gives them (the keys of the ratings). */
export const DSQ_PEM_ITEMS = Object.freeze(['1', '2', '3', '4', '5']);

/** Both ratings of an item at least this: the DePaul rule's threshold. */
export const DSQ_PEM_THRESHOLD = 2;

/** At most this often: an answer within this many days means no offer. */
export const OFFER_EVERY_DAYS = 30;

const DAY_MS = 86_400_000;

/** A rating as given (a whole number 0-4), or null: unanswered is never 0. */
function ratingOf(ratings, item) {
  if (!isPlainObject(ratings) || !hasOwn(ratings, item)) return null;
  const value = ratings[item];
  return Number.isInteger(value) && value >= 0 && value <= 4 ? value : null;
}

const sum = (values) => (values.length ? values.reduce((a, b) => a + b, 0) : null);

/**
 * Score a DSQ-PEM answer (a questionnaire entry's data).
 * An item is scored only when both its ratings are given; a lone rating is shown, and
 * counted in its total, but neither meets nor fails the threshold.
 * @param {object|null|undefined} data  {frequency: {"1": 0-4, ...}, severity: {...}}
 * @returns {{answered: number, indicated: boolean, frequencyTotal: number|null,
 *   severityTotal: number|null,
 *   items: {item: string, frequency: number|null, severity: number|null, meets: boolean|null}[]}}
 *   answered: items with both ratings; indicated: the DePaul rule's threshold was met on at
 *   least one item; the totals add the ratings given over items 1-5 (null when none is).
 */
export function dsqPemScore(data) {
  const items = DSQ_PEM_ITEMS.map((item) => {
    const frequency = ratingOf(data?.frequency, item);
    const severity = ratingOf(data?.severity, item);
    const both = frequency !== null && severity !== null;
    return {
      item,
      frequency,
      severity,
      meets: both ? frequency >= DSQ_PEM_THRESHOLD && severity >= DSQ_PEM_THRESHOLD : null,
    };
  });
  return {
    answered: items.filter((i) => i.meets !== null).length,
    indicated: items.some((i) => i.meets === true),
    frequencyTotal: sum(items.map((i) => i.frequency).filter((v) => v !== null)),
    severityTotal: sum(items.map((i) => i.severity).filter((v) => v !== null)),
    items,
  };
}

/**
 * Whether to offer the questionnaire now: only when no questionnaire was answered in the
 * last 30 days (by answered_at; a deleted one does not count). At most monthly, and only
 * ever an offer: nothing requires it.
 * @param {{kind: string, data: object, deleted?: boolean}[]} records
 * @param {number|Date} now  ms since the epoch, or a Date
 */
export function questionnaireOffer(records, now) {
  const since = toMillis(now) - OFFER_EVERY_DAYS * DAY_MS;
  return !records.some((record) => {
    if (record.deleted || record.kind !== 'questionnaire') return false;
    const answered = parseDateTime(record.data?.answered_at);
    return answered !== null && answered > since;
  });
}

/**
 * Every DSQ-PEM answered, oldest first, each with its score: the trend Insights shows.
 * @returns {{id: string, answered_at: string, day: string, score: object}[]}  `score` as
 *   dsqPemScore gives it
 */
export function dsqPemHistory(records) {
  return records
    .filter((r) => !r.deleted && r.kind === 'questionnaire' && r.data?.instrument === 'dsq_pem')
    .map((r) => ({ record: r, at: parseDateTime(r.data.answered_at) }))
    .filter(({ at }) => at !== null)
    .sort((a, b) => a.at - b.at || (a.record.id < b.record.id ? -1 : 1))
    .map(({ record }) => ({
      id: record.id,
      answered_at: record.data.answered_at,
      day: record.data.answered_at.slice(0, 10),
      score: dsqPemScore(record.data),
    }));
}
