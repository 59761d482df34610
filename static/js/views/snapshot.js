// "How I feel now": a snapshot of energy (and up to three symptoms) any number of times a
// day, beside the day's one check-in. From Today it takes two taps: "How I feel now", then
// the energy value, which saves. Symptoms, optional, are one tap further in the same sheet,
// rated before the energy tap that saves them. Editing a snapshot is the ordinary entry
// form (entry-form.js, LAYOUTS.snapshot).

import { formatTime, localDay, toLocalIso } from '../dates.js';
import { h } from '../dom.js';
import { uuidv7 } from '../ids.js';
import { KINDS, valuesOf } from '../kinds.js';
import { t } from '../messages.js';
import { toast } from '../ui.js';
import { buildFields, readFields, saveOrShowErrors } from './entry-form.js';

const ENERGY = valuesOf(KINDS.snapshot.energy);
/** The sheet shows only these of the kind's fields; the time is the tap's. */
const SHEET_SYMPTOMS = [['symptoms', 'ratings']];

/** The day's snapshots (live, in time order) as "08:10 · 3, 14:05 · 5". */
function throughTheDay(snapshots) {
  return snapshots
    .map((record) => t('snapshot.at', { time: formatTime(record.data.taken_at), value: record.data.energy }))
    .join(t('entry.listSeparator'));
}

/**
 * The day's readings in a line, and on Today the "How I feel now" button. A past day
 * shows the card only when it has snapshots (one is added there from the Add row).
 * @param {object[]} snapshots  the day's snapshot records, in time order
 */
export function snapshotCard(context, day, snapshots) {
  const isToday = day === localDay();
  if (!isToday && !snapshots.length) return null;
  return h(
    'section',
    { class: 'card', id: 'snapshot-card', 'aria-labelledby': 'snapshot-heading' },
    h('h2', { id: 'snapshot-heading' }, t('snapshot.heading')),
    snapshots.length
      ? h('p', { class: 'summary', id: 'snapshot-summary' }, t('snapshot.through', { list: throughTheDay(snapshots) }))
      : h('p', { class: 'quiet', id: 'snapshot-summary' }, t('snapshot.intro')),
    isToday
      ? h('button', { type: 'button', class: 'button primary', onclick: () => openSnapshotSheet(context) },
          t('snapshot.button'))
      : null,
  );
}

/**
 * The sheet: a row of energy buttons, each of which saves a snapshot taken now; above
 * them, "Add symptoms" shows the person's symptoms to rate first. Buttons, not radios:
 * a radio changes with an arrow key, and a key press must never save by itself.
 */
export function openSnapshotSheet(context) {
  const prefix = 'snapshot-now';
  const labelId = `${prefix}-energy-label`;
  const hintId = `${prefix}-energy-hint`;
  const errorId = `${prefix}-energy-error`;
  let symptoms = null; // built on the first tap on "Add symptoms"
  const form = h('form', { novalidate: true, class: 'entry-form' });
  const addSymptoms = h('button', {
    type: 'button',
    class: 'button',
    onclick: () => {
      symptoms = h('div', { class: 'more' }, buildFields('snapshot', {}, context, prefix, SHEET_SYMPTOMS));
      addSymptoms.replaceWith(symptoms);
      symptoms.querySelector('select, input')?.focus();
    },
  }, t('snapshot.addSymptoms'));
  const energy = h(
    'div',
    { class: 'scale', role: 'group', id: `${prefix}-energy`, 'aria-labelledby': labelId, 'aria-describedby': `${hintId} ${errorId}` },
    ENERGY.map((value) => h('button', { type: 'button', class: 'button', value: String(value), onclick: () => save(value) },
      String(value))),
  );
  const dialog = h(
    'dialog',
    { class: 'sheet', 'aria-labelledby': `${prefix}-title` },
    h('h2', { id: `${prefix}-title` }, t('snapshot.title')),
    form,
  );
  const close = () => {
    dialog.close();
    dialog.remove();
  };
  form.append(
    addSymptoms,
    h('div', { class: 'field', dataset: { field: 'energy' } },
      h('p', { class: 'field-label', id: labelId }, t('snapshot.energy')),
      h('p', { class: 'hint', id: hintId }, t('snapshot.tapHint')),
      energy,
      h('p', { class: 'field-error', id: errorId, 'data-error-for': 'energy', hidden: true })),
    h('p', { class: 'field-error', id: `${prefix}-_form-error`, 'data-error-for': '_form', hidden: true }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button', onclick: close }, t('action.cancel'))),
  );

  // Only a tap on an energy value saves: Enter in a field submits nothing.
  form.addEventListener('submit', (event) => event.preventDefault());
  let saving = false; // a shaky double tap saves one snapshot, not two
  async function save(value) {
    if (saving) return;
    saving = true;
    const fields = { taken_at: toLocalIso(), energy: value };
    if (symptoms) {
      const read = readFields('snapshot', form, prefix, SHEET_SYMPTOMS);
      if (read.symptoms) fields.symptoms = read.symptoms;
    }
    const id = uuidv7();
    const saved = await saveOrShowErrors(form, context.store, { id, kind: 'snapshot', fields, before: null });
    saving = false;
    if (!saved) return;
    close();
    toast(t('snapshot.saved', { energy: value }), () => context.store.remove(id));
  }
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}
