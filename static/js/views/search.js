// Find anything, on History: a search field, and while it holds words, the entries that
// have them in place of History's days, day by day, newest first, each with the words it
// matched marked. Offline like everything else: the records are the ones Insights reads
// (read.js keeps them until something changes), searched by search.js.

import { append, h, replaceChildren } from '../dom.js';
import { has, t } from '../messages.js';
import { findEntries, indexOf, snippet } from '../search.js';
import { entryItem } from './entries.js';
import { everyRecord } from './read.js';

// Keystrokes closer together than this are searched once: a search and its drawing take
// a few milliseconds over three years of entries, so the wait is kept short enough that
// from the last key to the results shown stays under 100 ms (bench/search.py).
const DEBOUNCE_MS = 60;
const DAYS_PER_PAGE = 14;
const READING_NOTICE_MS = 300;

/**
 * The search card and its results, for History.
 * @param {object} context  the app's; `context.historySearch.query` keeps the words across redraws
 * @param {{browsing: HTMLElement, dayCard: Function}} options  `browsing` what History shows
 *   when nothing is searched (hidden while something is); `dayCard(context, day, items)`
 *   History's card of a day
 * @returns {{card: HTMLElement, results: HTMLElement, ready: Promise<void>}}  `ready` settles
 *   once the words kept from before a redraw are searched
 */
export function searchPanel(context, { browsing, dayCard }) {
  const state = (context.historySearch ??= { query: '' });
  const input = h('input', {
    id: 'history-search',
    type: 'search',
    class: 'search-input',
    value: state.query,
    autocomplete: 'off',
    spellcheck: 'false',
    enterkeyhint: 'search',
    'aria-describedby': 'history-search-hint',
  });
  const clear = h('button', { type: 'button', class: 'button', hidden: !state.query.trim() }, t('search.clear'));
  const status = h('p', { id: 'history-search-status', class: 'search-status', role: 'status' });
  const results = h('div', { class: 'days search-results', hidden: true });
  const form = h(
    'form',
    { class: 'card search', role: 'search', novalidate: true },
    h('label', { for: 'history-search', class: 'field-label' }, t('search.label')),
    h('div', { class: 'search-row' }, input, clear),
    h('p', { id: 'history-search-hint', class: 'hint' }, t('search.hint')),
    status,
  );

  let timer = null;
  let runs = 0;
  async function run() {
    clearTimeout(timer);
    const run = (runs += 1);
    const query = input.value;
    state.query = query;
    clear.hidden = !query.trim();
    if (!query.trim()) {
      results.hidden = true;
      browsing.hidden = false;
      replaceChildren(results);
      status.textContent = '';
      delete results.dataset.query;
      return;
    }
    performance.mark('envelope-search-start');
    // The first search after a change reads every record (a second or more on a slow
    // phone): say that it is under way rather than show nothing.
    const slow = setTimeout(() => {
      if (run === runs) status.textContent = t('search.reading');
    }, READING_NOTICE_MS);
    const index = indexOf(await everyRecord(context.store));
    clearTimeout(slow);
    if (run !== runs) return; // newer typing is being searched
    const found = findEntries(index, query);
    show(found, query);
    browsing.hidden = true;
    results.hidden = false;
    results.dataset.query = query;
    performance.mark('envelope-search-shown');
  }

  function show(found, query) {
    status.textContent = countText(found, query);
    if (!found.count) {
      replaceChildren(results, h('p', { class: 'card quiet search-none' }, t('search.noneHint')));
      return;
    }
    replaceChildren(results);
    let shown = 0;
    const more = h('button', { type: 'button', class: 'button' }, t('search.more'));
    const page = () => {
      const days = found.days.slice(shown, shown + DAYS_PER_PAGE);
      shown += days.length;
      more.remove();
      append(results, ...days.map(({ day, results: dayResults }) =>
        dayCard(context, day, dayResults.map((result) => resultItem(context, result)))));
      if (shown < found.days.length) append(results, more);
    };
    more.addEventListener('click', () => {
      const first = shown;
      page();
      // The button is gone from where it was: the first day it added takes the focus.
      results.querySelectorAll('.day-card')[first]?.querySelector('a')?.focus();
    });
    page();
  }

  input.addEventListener('input', () => {
    // Kept at once, so a redraw meanwhile (a sync, a save) searches what is typed now.
    state.query = input.value;
    clear.hidden = !input.value.trim();
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  });
  // The records are read (and folded) on the way to the first word, not after it.
  input.addEventListener('focus', () => {
    everyRecord(context.store).then(indexOf).catch(() => {});
  }, { once: true });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  clear.addEventListener('click', () => {
    input.value = '';
    run();
    input.focus();
  });

  // Drawn again with words kept: the results take History's place from the start.
  if (state.query.trim()) browsing.hidden = true;
  const ready = state.query.trim() ? run() : Promise.resolve();
  return { card: form, results, ready };
}

/** "3 entries found, on 2 days." and so on; calm when nothing is. */
function countText({ count, days }, query) {
  if (!count) return t('search.none', { query: query.trim() });
  if (count === 1) return t('search.foundOne');
  if (days.length === 1) return t('search.foundOneDay', { count });
  return t('search.found', { count, days: days.length });
}

/** A found entry, as History lists it (Edit, Delete with Undo), with what matched marked. */
function resultItem(context, { record, matches }) {
  const item = entryItem(context, record);
  const lines = matches.map(({ field, text, ranges }) =>
    h(
      'p',
      { class: 'search-match', dataset: { field } },
      h('span', { class: 'search-field' }, t('search.inField', { field: fieldName(field) })),
      ' ',
      snippet(text, ranges).map(({ text: piece, mark }) => (mark ? h('mark', {}, piece) : piece)),
    ));
  item.querySelector('.entry-text').after(...lines);
  return item;
}

/** A field's name as the forms label it; a generic word for a field no form names yet. */
function fieldName(field) {
  const key = `field.${field}`;
  return has(key) ? t(key) : t('search.field');
}
