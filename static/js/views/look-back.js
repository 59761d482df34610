// The look-back before a crash, as a short table: what the log holds in the window
// before its onset, beside the person's usual for a window of the same length, with
// what is above it said in words (never colour alone). Used on the crash entry and in
// Insights. What came before, not what caused it: the note says so.

import { h } from '../dom.js';
import { formatNumber } from '../dates.js';
import { diaryIndex } from '../insights/days.js';
import { crashLookBack, everyWindow, lookBackHours, usualFigures } from '../insights/lookback.js';
import { CATEGORIES } from '../kinds.js';
import { t } from '../messages.js';
import { toMillis } from '../values.js';

/** The order rows are shown in: categories, named activities, rest, sleep, heart rate, doses. */
function rank(key) {
  const [group, name] = key.split(':'); // a category's name holds no ':'
  if (group === 'category') return CATEGORIES.indexOf(name) * 2 + (key.endsWith(':minutes') ? 1 : 0);
  return { activity: 100, rest: 200, sleep: 300, heart: 400, dose: 500 }[group] ?? 600;
}

/** A row's label, in the person's words where it is theirs (an activity's or substance's name). */
export function figureLabel(key, totals = null) {
  // A person's names may hold ':' themselves: the group is before the first, the measure after the last.
  const group = key.slice(0, key.indexOf(':'));
  const rest = key.slice(group.length + 1);
  const cut = rest.lastIndexOf(':');
  const [name, measure] = cut < 0 || group === 'dose' ? [rest, null] : [rest.slice(0, cut), rest.slice(cut + 1)];
  if (group === 'category') return t(`lookBack.category.${measure}`, { category: t(`category.${name}`) });
  if (group === 'activity') return t('lookBack.activityMinutes', { name: totals?.activities?.[name]?.name ?? name });
  if (group === 'dose') return t('lookBack.doses', { name: totals?.doses?.[name]?.name ?? name });
  return t(`lookBack.${group}.${name}`);
}

const shown = (value) => (value === null || value === undefined ? '–' : formatNumber(value));

/** The table of one look-back (crashLookBack). Rows where both figures are 0 are left out. */
export function lookBackTable(back) {
  const rows = back.rows
    .filter((row) => row.value || row.usual)
    .sort((a, b) => rank(a.key) - rank(b.key) || (b.value ?? 0) - (a.value ?? 0) || (a.key < b.key ? -1 : 1));
  return h(
    'div',
    { class: 'look-back-summary' },
    back.partial ? h('p', { class: 'quiet' }, t('lookBack.partial')) : null,
    rows.length
      ? h(
          'table',
          { class: 'figures' },
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, t('lookBack.what')),
            h('th', { scope: 'col' }, t('lookBack.before', { hours: back.hours })),
            h('th', { scope: 'col' }, t('lookBack.usual')))),
          h('tbody', {}, rows.map((row) =>
            h('tr', { dataset: { key: row.key, above: String(row.above) } },
              h('th', { scope: 'row' }, figureLabel(row.key, back.totals)),
              h('td', {}, shown(row.value), row.above ? h('span', { class: 'above' }, ` ${t('lookBack.above')}`) : null),
              h('td', {}, shown(row.usual))))),
        )
      : h('p', { class: 'quiet' }, t('lookBack.nothing', { hours: back.hours })),
  );
}

/** The look-back of one episode, read from the whole log (the usual needs all of it). */
export async function episodeLookBack(context, episode) {
  const hours = lookBackHours(context.settings);
  const index = diaryIndex(await context.store.all(), context.settings);
  const onset = toMillis(episode.data.started_at);
  return crashLookBack(index, onset, hours, usualFigures(everyWindow(index, hours)));
}
