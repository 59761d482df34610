// Doses: each substance's dose ladder over time, and doses still waiting for
// an effect rating, shown quietly (a note, never a badge or a reminder).

import { formatDay, formatNumber } from '../dates.js';
import { h, replaceChildren } from '../dom.js';
import { awaitingEffect, doseLadder, substances } from '../envelope.js';
import { KINDS, valuesOf } from '../kinds.js';
import { t } from '../messages.js';
import { toast } from '../ui.js';
import { undoOf } from './entry-form.js';

const EFFECTS = valuesOf(KINDS.dose.effect);

export async function renderDoses(container, context, selected = null) {
  const doses = (await context.store.byKind('dose')).filter((r) => !r.deleted);
  const names = substances(doses);
  const current = selected && names.find((n) => n.toLowerCase() === selected.toLowerCase());
  const waiting = awaitingEffect(doses, Date.now());

  replaceChildren(
    container,
    h('h1', {}, t('doses.heading')),
    names.length
      ? h(
          'nav',
          { class: 'chips', 'aria-label': t('doses.heading') },
          names.map((name) =>
            h(
              'a',
              {
                class: 'button chip',
                href: `#doses/${encodeURIComponent(name)}`,
                'aria-current': name === current ? 'page' : null,
              },
              name,
            ),
          ),
        )
      : h('p', { class: 'quiet' }, t('doses.none')),
    current ? ladder(doses, current) : null,
    waiting.length ? awaitingCard(context, waiting) : null,
  );
}

function ladder(doses, substance) {
  const rows = doseLadder(doses, substance);
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'ladder-heading' },
    h('h2', { id: 'ladder-heading' }, t('doses.ladder', { substance })),
    h(
      'table',
      { class: 'ladder' },
      h(
        'thead',
        {},
        h('tr', {}, ['doses.date', 'doses.amount', 'doses.effect', 'doses.sideEffects'].map((k) => h('th', { scope: 'col' }, t(k)))),
      ),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            {},
            h('td', {}, formatDay(row.day)),
            h('td', {}, `${formatNumber(row.amount)} ${t(`unit.${row.unit}`)}`),
            h('td', {}, row.effect == null ? '–' : t(`effect.${row.effect}`)),
            h('td', {}, (row.side_effects ?? []).join(', ') || '–'),
          ),
        ),
      ),
    ),
  );
}

function awaitingCard(context, waiting) {
  return h(
    'section',
    { class: 'card quiet-card', 'aria-labelledby': 'awaiting-heading' },
    h('h2', { id: 'awaiting-heading' }, t('doses.awaiting')),
    h(
      'ul',
      { class: 'entries' },
      waiting.map((dose) =>
        h(
          'li',
          { class: 'entry' },
          h('p', {}, `${formatDay(dose.data.taken_at.slice(0, 10))} · ${dose.data.substance} ${formatNumber(dose.data.amount)} ${t(`unit.${dose.data.unit}`)}`),
          h(
            'div',
            { class: 'chips', role: 'group', 'aria-label': `${t('doses.rate')}: ${dose.data.substance}` },
            EFFECTS.map((effect) =>
              h(
                'button',
                {
                  type: 'button',
                  class: 'button chip',
                  onclick: async () => {
                    await context.store.put({ id: dose.id, kind: 'dose', fields: { effect } });
                    toast(t('toast.saved'), undoOf(context.store, dose.id, dose));
                  },
                },
                t(`effect.${effect}`),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
