// One day: today (the first screen) or any past day. The envelope bar, the
// Crash button, quick-add presets, the check-in and the day's entries.
// Crash mode is a very-low-effort version of the same screen.

import { addDays, formatDay, formatNumber, formatShare, localDay, toLocalIso, atTimeOnDay } from '../dates.js';
import { h, replaceChildren } from '../dom.js';
import { byTime } from '../entry-order.js';
import { activityPoints, checkinOf, daySummary } from '../envelope.js';
import { OFFER_EVERY_DAYS, questionnaireOffer } from '../insights/questionnaire.js';
import { KINDS, valuesOf } from '../kinds.js';
import { ownPart } from '../record.js';
import { uuidv7 } from '../ids.js';
import { t } from '../messages.js';
import { toast } from '../ui.js';
import {
  buildFields,
  changedFields,
  choiceGroup,
  openEntryForm,
  readFields,
  saveOrShowErrors,
  undoOf,
} from './entry-form.js';
import { entryItem, withRecent } from './entries.js';
import { evictionWarning } from './home-screen.js';
import { snapshotCard } from './snapshot.js';

const ENERGY = valuesOf(KINDS.checkin.energy);
/** When the person last said "Not now" to the questionnaire (ms; this device only). */
const QUESTIONNAIRE_LATER_KEY = 'envelope:questionnaire-later';

export async function renderDay(container, context, day = localDay()) {
  const { store, settings } = context;
  const isToday = day === localDay();
  const [records, questionnaires, eviction] = await Promise.all([
    store.ofDay(day),
    isToday ? store.byKind('questionnaire') : [],
    isToday ? evictionWarning(context, { onToday: true }) : null,
  ]);
  const checkin = checkinOf(records, day);
  const entries = records
    .filter((r) => r.kind !== 'checkin')
    .sort(byTime);
  const summary = daySummary(records, day, settings);

  replaceChildren(
    container,
    h(
      'div',
      { class: 'day-head' },
      h('h1', {}, isToday ? t('today.heading') : t('day.heading', { day: formatDay(day) })),
      crashButton(context),
    ),
    isToday ? null : dayNav(day),
    eviction,
    envelopeCard(summary),
    checkinCard(context, day, checkin),
    snapshotCard(context, day, entries.filter((r) => r.kind === 'snapshot')),
    presetsCard(context, day),
    entriesCard(context, day, entries),
    isToday ? questionnaireCard(questionnaires) : null,
  );
}

/**
 * The questionnaire, offered quietly at the end of Today: only when none was answered in
 * the last 30 days, and not for 30 days after "Not now". Never required.
 */
function questionnaireCard(questionnaires) {
  const now = Date.now();
  const later = Number(localStorage.getItem(QUESTIONNAIRE_LATER_KEY)) || 0;
  const daysMs = OFFER_EVERY_DAYS * 86_400_000;
  if (!questionnaireOffer(questionnaires, now) || (later <= now && now - later < daysMs)) return null;
  const card = h(
    'div',
    { class: 'card', id: 'questionnaire-offer' },
    h('p', { class: 'quiet' }, t('questionnaire.offer')),
    h(
      'div',
      { class: 'actions' },
      h('a', { class: 'button', href: '#questionnaire' }, t('questionnaire.open')),
      h(
        'button',
        {
          type: 'button',
          class: 'button',
          onclick: () => {
            localStorage.setItem(QUESTIONNAIRE_LATER_KEY, String(Date.now()));
            card.closest('main')?.focus(); // not lost with the button
            card.remove();
          },
        },
        t('questionnaire.later'),
      ),
    ),
  );
  return card;
}


/** One tap logs a crash starting now: no confirmation, Undo for a few seconds. */
export function crashButton(context, extraClass = '') {
  return h(
    'button',
    {
      type: 'button',
      class: `button crash ${extraClass}`,
      onclick: async () => {
        const id = uuidv7();
        await context.store.put({ id, kind: 'episode', fields: { started_at: toLocalIso() } });
        toast(t('toast.crashLogged'), () => context.store.remove(id));
      },
    },
    t('crash.button'),
  );
}

function dayNav(day) {
  const next = addDays(day, 1);
  return h(
    'nav',
    { class: 'day-nav', 'aria-label': t('history.heading') },
    h('a', { class: 'button', href: `#day/${addDays(day, -1)}` }, t('day.previous')),
    next <= localDay()
      ? h('a', { class: 'button', href: next === localDay() ? '#today' : `#day/${next}` }, t('day.next'))
      : null,
  );
}

function envelopeCard(summary) {
  const spent = formatNumber(summary.spent);
  const budget = formatNumber(summary.budget);
  const rest = summary.over > 0
    ? t('envelope.over', { over: formatNumber(summary.over) })
    : t('envelope.left', { left: formatNumber(summary.left) });
  const line = `${t('envelope.summary', { spent, budget })} · ${rest}`;
  const fill = h('div', { class: 'bar-fill' });
  fill.style.setProperty('--fill', `${Math.min(summary.ratio, 1) * 100}%`);
  const details = summary.ratio === null ? [] : [t('envelope.ratio', { ratio: formatShare(summary.ratio) })];
  if (summary.upright_hours != null) {
    details.push(t('envelope.upright', { hours: formatNumber(summary.upright_hours) }));
  }
  if (summary.envelope_score != null) {
    details.push(t('envelope.score', { score: formatShare(summary.envelope_score) }));
  }
  return h(
    'section',
    { class: 'card envelope', 'aria-labelledby': 'envelope-heading', dataset: { state: summary.state } },
    h('h2', { id: 'envelope-heading' }, t('envelope.heading')),
    h(
      'div',
      { class: 'bar', role: 'img', 'aria-label': `${line}. ${t(`envelope.state.${summary.state}`)}` },
      fill,
    ),
    h('p', { class: 'envelope-line', id: 'envelope-line' }, line),
    h('p', { class: 'quiet' }, t(`envelope.state.${summary.state}`)),
    details.length ? h('p', { class: 'quiet' }, details.join(' · ')) : null,
  );
}

function presetsCard(context, day) {
  const presets = context.settings.activity_presets ?? [];
  if (!presets.length) return null;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'presets-heading' },
    h('h2', { id: 'presets-heading' }, t('presets.heading')),
    h(
      'div',
      { class: 'chips' },
      presets.map((preset) =>
        h(
          'button',
          {
            type: 'button',
            class: 'button chip',
            onclick: async () => {
              const id = uuidv7();
              const data = {
                name: preset.name,
                category: preset.category,
                intensity: preset.intensity,
                duration_min: preset.minutes,
                started_at: day === localDay() ? toLocalIso() : atTimeOnDay(day),
              };
              data.points = preset.points ?? activityPoints(data, context.settings.points_per_hour);
              await context.store.put({ id, kind: 'activity', fields: data });
              toast(t('toast.added', { name: preset.name }), () => context.store.remove(id));
            },
          },
          t('presets.item', { name: preset.name, minutes: preset.minutes }),
        ),
      ),
    ),
  );
}

/**
 * The check-in: "Check in", a value on "Energy", "Save" (three taps), the
 * other fields one tap away under "More fields". `checkin` is the day's
 * check-in as one (checkinOf); a save goes to the app's own record of it.
 */
export function checkinCard(context, day, checkin, { minimal = false } = {}) {
  const prefix = `checkin-${day}`;
  const id = `checkin-${day}`;
  const own = ownPart(checkin);
  const data = checkin?.data ?? {};
  const summary = h(
    'p',
    { class: 'summary', id: 'checkin-summary' },
    checkin
      ? data.energy == null
        ? t('checkin.summaryNoEnergy')
        : t('checkin.summary', { energy: data.energy })
      : t('checkin.none'),
  );
  const energy = choiceGroup(prefix, 'energy', ENERGY, data.energy);
  energy.setAttribute('aria-labelledby', `${prefix}-energy-label`);
  energy.setAttribute('aria-describedby', `${prefix}-energy-hint ${prefix}-energy-error`);
  // The other fields are built on the first tap on "More fields": most
  // check-ins never need them, and the first screen opens faster without.
  let more = null;
  const formError = h('p', {
    class: 'field-error', id: `${prefix}-_form-error`, 'data-error-for': '_form', hidden: true,
  });
  const moreButton = minimal
    ? null
    : h('button', { type: 'button', class: 'button', 'aria-expanded': 'false', onclick: toggleMore },
        t('action.more'));
  const form = h(
    'form',
    {
      class: 'checkin-form',
      hidden: true,
      novalidate: true,
      'aria-label': t('checkin.button'),
      'data-holds-redraw': true,
    },
    h('p', { class: 'field-label', id: `${prefix}-energy-label` }, t('field.energy')),
    h('p', { class: 'hint', id: `${prefix}-energy-hint` }, t('field.energyHint')),
    energy,
    h('p', { class: 'field-error', id: `${prefix}-energy-error`, 'data-error-for': 'energy', hidden: true }),
    moreButton,
    formError,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary' }, t('action.save')),
      h('button', { type: 'button', class: 'button', onclick: close }, t('action.cancel')),
    ),
  );
  const open = h(
    'button',
    { type: 'button', class: 'button primary', 'aria-expanded': 'false', onclick: toggle },
    t('checkin.button'),
  );

  function setOpen(opening) {
    form.hidden = !opening;
    open.setAttribute('aria-expanded', String(opening));
    // While open, the app holds back redraws (as for a sheet), so a change
    // saved meanwhile (a crash, a sync) does not fold away what is being
    // chosen; it redraws on 'close'.
    if (!opening) form.dispatchEvent(new Event('close'));
  }
  function toggle() {
    const opening = form.hidden;
    setOpen(opening);
    if (opening) form.querySelector('input:checked, input')?.focus();
  }
  function toggleMore() {
    if (!more) {
      more = h('div', { class: 'more', hidden: true }, buildFields('checkin', data, context, prefix));
      formError.before(more);
    }
    const opening = more.hidden;
    more.hidden = !opening;
    moreButton.setAttribute('aria-expanded', String(opening));
    moreButton.textContent = t(opening ? 'action.fewer' : 'action.more');
  }
  function close() {
    setOpen(false);
    open.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = form.querySelector(`input[name="${CSS.escape(`${prefix}-energy`)}"]:checked`);
    // Fields never shown are not read: they keep what they hold.
    const values = more ? readFields('checkin', form, prefix) : {};
    values.energy = chosen ? Number(chosen.value) : null;
    const fields = changedFields(values, checkin?.data ?? null);
    // Nothing chosen: nothing to save (an empty check-in would say nothing).
    if (!Object.keys(fields).length) return close();
    if (!own) fields.date = day;
    const saved = await saveOrShowErrors(form, context.store, { id, kind: 'checkin', fields, before: own });
    if (!saved) return;
    close();
    toast(t('toast.saved'), undoOf(context.store, id, own));
  });

  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'checkin-heading' },
    h('h2', { id: 'checkin-heading' }, t('kind.checkin')),
    summary,
    open,
    form,
  );
}

function entriesCard(context, day, entries) {
  const add = (kind) =>
    h(
      'button',
      {
        type: 'button',
        class: 'button',
        onclick: async () => openEntryForm(kind, { day, context: await withRecent(context) }),
      },
      t(`kind.${kind}`),
    );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'entries-heading' },
    h('h2', { id: 'entries-heading' }, t('day.entries')),
    entries.length
      ? h('ul', { class: 'entries' }, entries.map((record) => entryItem(context, record)))
      : h('p', { class: 'quiet' }, t('day.empty')),
    h('p', { class: 'field-label' }, t('day.add')),
    h('div', { class: 'chips' }, ['activity', 'rest', 'dose', 'episode', 'snapshot'].map(add)),
  );
}

/** Crash mode: few, huge buttons, minimal text, dim colours. */
export async function renderCrashMode(container, context, leave) {
  const day = localDay();
  const records = await context.store.ofDay(day);
  const checkin = checkinOf(records, day);
  replaceChildren(
    container,
    h('h1', { class: 'visually-hidden' }, t('crashMode.heading')),
    h(
      'div',
      { class: 'crash-grid' },
      crashButton(context, 'huge'),
      h(
        'button',
        {
          type: 'button',
          class: 'button huge',
          onclick: async () => {
            const id = uuidv7();
            await context.store.put({
              id,
              kind: 'rest',
              fields: { started_at: toLocalIso(), duration_min: 30, kind: 'lying' },
            });
            toast(t('toast.saved'), () => context.store.remove(id));
          },
        },
        t('crashMode.rest'),
      ),
      checkinCard(context, day, checkin, { minimal: true }),
      h('button', { type: 'button', class: 'button huge', onclick: leave }, t('crashMode.leave')),
    ),
  );
}
