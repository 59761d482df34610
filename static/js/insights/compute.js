// Every insight over one diary, computed once: what the Insights screen and the
// appointment report both draw. Composes the pure modules beside it, from one day index.
// Pure module: no DOM, runs under `node --test` (and in the benchmark).

import { localDay } from '../dates.js';
import { acrossCrashes, distinctCrashes } from './crashes.js';
import { diaryIndex } from './days.js';
import { envelopeDaily, envelopeWeeks } from './envelope-time.js';
import { heartRateDays } from './heart.js';
import { crashLookBack, everyWindow, lookBackHours, usualFigures } from './lookback.js';
import { dsqPemHistory, questionnaireOffer } from './questionnaire.js';
import { sleepNextDay } from './sleep.js';
import { titration } from './titration.js';
import { rangeDays, trendKeys, trendSeries } from './trends.js';

/**
 * Everything Insights shows, computed from the records (the benchmark times this).
 * Records need only {id, kind, data}: the store's `day`, stamps and tombstones are
 * read when present (a clinician's fetched entries have none of them).
 * @param {number|'all'} range  days ending `today`
 * @returns {object} one field per section; `usual` is the person's usual window
 *   (usualFigures), which a crash's look-back is set beside
 */
export function computeInsights(records, settings, range, today = localDay(), now = Date.now()) {
  const index = diaryIndex(records, settings);
  const days = rangeDays(index, range, today);
  const hours = lookBackHours(settings);
  const windows = everyWindow(index, hours, today);
  const usual = usualFigures(windows);
  const crashes = distinctCrashes(index, hours);
  return {
    index,
    days,
    hours,
    usual,
    trends: Object.fromEntries(trendKeys(index).map((key) => [key, trendSeries(index, key, days)])),
    envelope: { weeks: envelopeWeeks(index, days), daily: envelopeDaily(index, days) },
    crashes: {
      count: crashes.length,
      episodes: index.episodes.length,
      latest: index.episodes.slice(-5).reverse().map((episode) => ({
        episode,
        back: crashLookBack(index, episode.onset, hours, usual),
      })),
      across: acrossCrashes(index, hours, windows, usual),
    },
    titration: titration(index),
    heart: heartRateDays(index, days),
    sleep: sleepNextDay(index, days),
    questionnaire: { history: dsqPemHistory(records), offer: questionnaireOffer(records, now) },
  };
}
