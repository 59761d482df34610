// History: day by day, newest first, filtered by kind and by substance. Any
// day opens, and any day can be added to: back-filling is normal.

import { formatDay, isDay, localDay, addDays } from '../dates.js';
import { h, replaceChildren } from '../dom.js';
import { oneCheckinADay, substances } from '../envelope.js';
import { t } from '../messages.js';
import { entryItem } from './entries.js';

const DAYS_PER_PAGE = 14;
const KINDS = ['checkin', 'snapshot', 'activity', 'rest', 'dose', 'episode', 'questionnaire'];

export async function renderHistory(container, context) {
  const filter = (context.historyFilter ??= { kind: '', substance: '' });
  const doses = (await context.store.byKind('dose')).filter((r) => !r.deleted);
  const names = substances(doses);
  if (filter.substance && !names.includes(filter.substance)) filter.substance = '';

  const list = h('div', { class: 'days', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'button', hidden: true }, t('history.more'));
  let until = localDay();
  let shown = 0;

  const matches = (record) =>
    (!filter.kind || record.kind === filter.kind) &&
    (!filter.substance ||
      (record.kind === 'dose' && record.data.substance.trim().toLowerCase() === filter.substance.toLowerCase()));

  async function loadPage() {
    let found = 0;
    // Fetch in pages of days until a page's worth of matching days is shown.
    for (let round = 0; round < 20 && found < DAYS_PER_PAGE && until; round += 1) {
      const days = await context.store.recentDays(until, DAYS_PER_PAGE);
      if (!days.length) {
        until = null;
        break;
      }
      for (const { day, records } of days) {
        const shownRecords = oneCheckinADay(records).filter(matches);
        if (!shownRecords.length) continue;
        found += 1;
        list.append(dayCard(context, day, shownRecords));
      }
      until = days.length < DAYS_PER_PAGE ? null : addDays(days.at(-1).day, -1);
    }
    shown += found;
    more.hidden = !until;
    if (!shown) list.replaceChildren(h('p', { class: 'quiet' }, t('history.empty')));
  }
  more.addEventListener('click', loadPage);

  const kindSelect = h(
    'select',
    { id: 'history-kind' },
    h('option', { value: '' }, t('history.allKinds')),
    KINDS.map((kind) => h('option', { value: kind, selected: filter.kind === kind }, t(`kind.${kind}`))),
  );
  const substanceSelect = h(
    'select',
    { id: 'history-substance', disabled: names.length === 0 },
    h('option', { value: '' }, t('history.allSubstances')),
    names.map((name) => h('option', { value: name, selected: filter.substance === name }, name)),
  );
  const refilter = () => {
    filter.kind = kindSelect.value;
    filter.substance = substanceSelect.value;
    if (filter.substance) filter.kind = 'dose';
    renderHistory(container, context);
  };
  kindSelect.addEventListener('change', refilter);
  substanceSelect.addEventListener('change', refilter);

  const dayInput = h('input', { id: 'history-day', type: 'date', max: localDay(), value: localDay() });
  const go = h('form', { class: 'inline-form', novalidate: true },
    h('label', { for: 'history-day', class: 'field-label' }, t('history.goToDay')),
    dayInput,
    h('button', { type: 'submit', class: 'button' }, t('history.go')));
  go.addEventListener('submit', (event) => {
    event.preventDefault();
    if (isDay(dayInput.value)) location.hash = dayInput.value === localDay() ? '#today' : `#day/${dayInput.value}`;
  });

  replaceChildren(
    container,
    h('h1', {}, t('history.heading')),
    h(
      'div',
      { class: 'card filters' },
      h('label', { for: 'history-kind', class: 'field-label' }, t('history.filterKind')),
      kindSelect,
      h('label', { for: 'history-substance', class: 'field-label' }, t('history.filterSubstance')),
      substanceSelect,
    ),
    h('div', { class: 'card' }, go),
    list,
    more,
  );
  await loadPage();
}

function dayCard(context, day, records) {
  const title = formatDay(day);
  return h(
    'section',
    { class: 'card day-card', 'aria-label': title, dataset: { day } },
    h(
      'h2',
      {},
      h('a', { href: day === localDay() ? '#today' : `#day/${day}`, 'aria-label': t('history.openDay', { day: title }) }, title),
    ),
    h('ul', { class: 'entries' }, records.map((record) => entryItem(context, record))),
  );
}
