// A logged entry as a list item (Edit, Delete with Undo, a crash's look-back), and the
// person's recent entries, which the forms offer first. The day and history both list
// entries with these.

import { addDays, formatDay, localDay } from '../dates.js';
import { append, h } from '../dom.js';
import { lookBack } from '../envelope.js';
import { newestFirst } from '../entry-order.js';
import { SETTINGS_DEFAULTS } from '../kinds.js';
import { t } from '../messages.js';
import { entrySummary, entryTime, heartRateNote, toast } from '../ui.js';
import { openEntryForm } from './entry-form.js';

/** The person's recent activities and doses, offered first in the forms. */
export async function withRecent(context) {
  const days = await context.store.recentDays(localDay(), 30);
  const recent = days.flatMap((d) => d.records).reverse();
  recent.sort(newestFirst);
  return {
    ...context,
    recent: {
      activities: recent.filter((r) => r.kind === 'activity'),
      doses: recent.filter((r) => r.kind === 'dose'),
    },
  };
}

/**
 * Kinds drawn on a screen of their own rather than in a dialog form: where an entry of
 * the kind is shown, and where it is changed. (Its module loads only when opened.)
 */
export const OWN_SCREEN = {
  questionnaire: {
    show: (id) => `#questionnaire/${encodeURIComponent(id)}`,
    edit: (id) => `#questionnaire/${encodeURIComponent(id)}/edit`,
  },
};

/** One entry with Edit and Delete (Delete has Undo). */
export function entryItem(context, record) {
  const label = entrySummary(record, context.settings);
  const screen = OWN_SCREEN[record.kind];
  return h(
    'li',
    { class: 'entry', dataset: { kind: record.kind, id: record.id } },
    h(
      'div',
      { class: 'entry-text' },
      h('span', { class: 'entry-time' }, entryTime(record)),
      screen ? h('a', { href: screen.show(record.id) }, label) : h('span', {}, label),
    ),
    heartRateNote(record, context.settings),
    record.kind === 'episode' ? beforeCrash(context, record) : null,
    h(
      'div',
      { class: 'entry-actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'button',
          'aria-label': `${t('action.edit')}: ${label}`,
          onclick: async () => {
            if (screen) location.hash = screen.edit(record.id);
            else openEntryForm(record.kind, { record, context: await withRecent(context) });
          },
        },
        t('action.edit'),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'button',
          'aria-label': `${t('action.delete')}: ${label}`,
          onclick: async () => {
            // A day's check-ins shown as one are deleted (and restored) as one.
            const ids = (record.parts ?? [record]).map((part) => part.id);
            for (const id of ids) await context.store.remove(id);
            toast(t('toast.deleted'), async () => {
              for (const id of ids) await context.store.restore(id);
            });
          },
        },
        t('action.delete'),
      ),
    ),
  );
}

/**
 * What the log holds in the hours before a crash, beside the person's usual, and one tap
 * further every entry of those hours: associations, not causes.
 */
function beforeCrash(context, episode) {
  const hours = context.settings.look_back_hours ?? SETTINGS_DEFAULTS.look_back_hours;
  const details = h(
    'details',
    { class: 'look-back' },
    h('summary', {}, t('lookBack.summary', { hours })),
  );
  details.addEventListener('toggle', async () => {
    if (!details.open || details.dataset.loaded) return;
    details.dataset.loaded = 'true';
    // The summary's modules load when it is first opened: Today's first screen stays small.
    const { episodeLookBack, lookBackTable } = await import('./look-back.js');
    const from = addDays(episode.day ?? episode.data.started_at.slice(0, 10), -Math.ceil(hours / 24) - 1);
    const days = await context.store.recentDays(episode.day ?? localDay(), Math.ceil(hours / 24) + 2);
    const records = days.flatMap((d) => d.records).filter((r) => r.day >= from);
    const before = lookBack(records, episode.data.started_at, hours);
    append(details,
      lookBackTable(await episodeLookBack(context, episode)),
      h('p', { class: 'quiet' }, t('lookBack.note', { hours, count: before.length })),
      before.length
        ? h('details', { class: 'look-back-list' },
            h('summary', {}, t('lookBack.list', { count: before.length })),
            h('ul', { class: 'entries compact' },
              before.map((r) => h('li', {}, `${formatDay(r.day)} ${entryTime(r)} · ${entrySummary(r, context.settings)}`))))
        : null,
    );
  });
  return details;
}
