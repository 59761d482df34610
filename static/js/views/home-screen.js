// iPhone and iPad in the browser: how to add Envelope to the Home Screen (iOS has no
// install prompt), and the warning when what is only on this device has waited long
// (Safari may delete a website's data; ../home-screen.js has the rules). Loaded only there.

import { formatDay, localDay } from '../dates.js';
import { h } from '../dom.js';
import { needsHomeScreen, shouldWarnEviction } from '../home-screen.js';
import { parseStamp } from '../hlc.js';
import { t } from '../messages.js';

/** When the person last said "Not now" to the warning on Today (ms; this device only). */
const EVICTION_LATER_KEY = 'envelope:eviction-later';
const LATER_MS = 3 * 86_400_000;

/** The Share, Add to Home Screen steps, as a list named for what it is. */
export function homeScreenSteps(id) {
  return h(
    'ol',
    { class: 'steps', id, 'aria-label': t('homeScreen.stepsLabel') },
    h('li', {}, t('homeScreen.step1')),
    h('li', {}, t('homeScreen.step2')),
    h('li', {}, t('homeScreen.step3')),
  );
}

/** Settings' part of "Storage on this device" on iOS in the browser: why, and how. */
export function homeScreenAdvice() {
  return h(
    'div',
    { class: 'home-screen', id: 'home-screen' },
    h('h3', { id: 'home-screen-heading' }, t('homeScreen.heading')),
    h('p', {}, t('homeScreen.why')),
    homeScreenSteps('home-screen-steps'),
    h('p', { class: 'hint' }, t('homeScreen.copy')),
  );
}

/**
 * The one-time note on iOS in the browser (app.js shows it once, in the welcome or, for
 * someone welcomed before, `alone`).
 */
export function homeScreenNote({ alone = false } = {}) {
  return [
    h(alone ? 'h2' : 'h3', { id: 'home-screen-note-heading' }, t('homeScreen.heading')),
    h('p', {}, t('homeScreen.why')),
    homeScreenSteps('home-screen-note-steps'),
    h('p', { class: 'hint' }, t('homeScreen.later')),
  ];
}

/**
 * The warning that Safari may delete what is only here, or null: on iOS in the browser,
 * when the oldest change not yet synced is older than EVICTION_WARN_DAYS. On Today it
 * offers "Not now" (away for 3 days) and the steps inline; in Settings it stays, beside
 * the steps.
 */
export async function evictionWarning(context, { onToday = false } = {}) {
  if (!needsHomeScreen(context.homeScreen)) return null;
  const now = Date.now();
  if (onToday) {
    const later = Number(localStorage.getItem(EVICTION_LATER_KEY)) || 0;
    if (later <= now && now - later < LATER_MS) return null;
  }
  const stamp = await context.store.oldestOutboxStamp();
  const oldestUnsynced = stamp ? parseStamp(stamp).millis : null;
  if (!shouldWarnEviction({ ...context.homeScreen, oldestUnsynced, now })) return null;
  const id = onToday ? 'eviction-today' : 'eviction';
  const card = h(
    'section',
    { class: 'card eviction', id, 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading` }, t('eviction.heading')),
    h('p', {}, t('eviction.body', { when: formatDay(localDay(new Date(oldestUnsynced))) })),
    h('p', {}, t('eviction.keep')),
    onToday
      ? h('details', { class: 'eviction-steps' },
        h('summary', {}, t('eviction.howTo')),
        homeScreenSteps('eviction-steps'),
        h('p', { class: 'hint' }, t('homeScreen.copy')))
      : null,
    h(
      'div',
      { class: 'actions' },
      h('button', {
        type: 'button',
        class: 'button primary',
        // The export of Settings' data card, loaded with Settings' screen (already a chunk
        // of its own: a new import() target would split the first load's chunks further).
        onclick: async () => (await import('./settings.js')).exportJson(context),
      }, t('eviction.export')),
      onToday
        ? h('button', {
          type: 'button',
          class: 'button',
          onclick: () => {
            localStorage.setItem(EVICTION_LATER_KEY, String(Date.now()));
            card.closest('main')?.focus(); // not lost with the button
            card.remove();
          },
        }, t('eviction.later'))
        : null,
    ),
  );
  return card;
}
