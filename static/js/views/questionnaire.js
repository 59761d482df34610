// The questionnaire screen: the DSQ-PEM's five post-exertional malaise items in a few taps,
// saved as an entry like any other (validated, written with its outbox change, synced),
// then its answers and, neutrally, whether DePaul's threshold was met.
//   #questionnaire            a new answer
//   #questionnaire/<id>       a saved one: its answers and the threshold line
//   #questionnaire/<id>/edit  change a saved one
// Every item and rating is optional; the wording, the recall period and the rating words
// are the instrument's own (messages.js). Nothing here says what an answer means.

import { formatDay, formatTime, fromInputValue, localDay, toInputValue, toLocalIso } from '../dates.js';
import { append, h, replaceChildren } from '../dom.js';
import { uuidv7 } from '../ids.js';
import { DSQ_PEM_ITEMS, dsqPemScore } from '../insights/questionnaire.js';
import { INSTRUMENTS, KINDS, dayOf, valuesOf } from '../kinds.js';
import { t } from '../messages.js';
import { toast } from '../ui.js';
import { changedFields, saveOrShowErrors, undoOf } from './entry-form.js';
import { OWN_SCREEN } from './entries.js';

const KIND = 'questionnaire';
const INSTRUMENT = INSTRUMENTS[0]; // dsq_pem, the one the app offers
const ROWS = ['frequency', 'severity'];
const PREFIX = 'dsq';
const RATINGS = valuesOf(KINDS.questionnaire.frequency.value); // 0-4

/** Where a saved questionnaire is shown, and where it is changed. */
const { show: shownAt, edit: changedAt } = OWN_SCREEN[KIND];

/**
 * Draw the screen for `id` (null: a new answer); with `edit`, the form for a saved one.
 * @param {{store, settings}} context
 */
export async function renderQuestionnaire(container, context, id = null, { edit = false } = {}) {
  const record = id ? await context.store.get(id) : null;
  const found = record && !record.deleted && record.kind === KIND ? record : null;
  const heading = h('h1', { id: 'questionnaire-heading' }, t('questionnaire.heading'));
  if (id && !found) {
    replaceChildren(
      container,
      heading,
      h('p', { class: 'card' }, t('questionnaire.missing')),
      h('a', { class: 'button primary', href: '#questionnaire' }, t('questionnaire.open')),
    );
  } else if (found && !edit) {
    replaceChildren(container, heading, ...answers(found), credit());
  } else {
    replaceChildren(container, heading, questionnaireForm(context, found), credit());
  }
}

function credit() {
  return h('p', { class: 'quiet' }, t('questionnaire.credit'));
}

const when = (iso) => `${formatDay(iso.slice(0, 10))} ${formatTime(iso)}`;

// ------------------------------------------------------------------ the form

function questionnaireForm(context, record) {
  const data = record?.data ?? {};
  const answeredId = `${PREFIX}-answered_at`;
  const noteId = `${PREFIX}-note`;
  const answered = h('input', {
    id: answeredId,
    type: 'datetime-local',
    value: toInputValue(data.answered_at ?? toLocalIso()),
    'aria-describedby': `${answeredId}-error`,
  });
  const note = h('textarea', { id: noteId, rows: 3, 'aria-describedby': `${noteId}-error` }, data.note ?? '');
  // The same mark as every entry form's: ticked saves true, unticked leaves it out.
  const flag = h('input', {
    id: `${PREFIX}-for_clinician`, type: 'checkbox', checked: data.for_clinician === true,
    'aria-describedby': `${PREFIX}-for_clinician-error`,
  });
  const form = h(
    'form',
    { novalidate: true, class: 'questionnaire', 'aria-labelledby': 'questionnaire-heading' },
    record ? h('p', { class: 'quiet' }, t('questionnaire.editing', { when: when(data.answered_at) })) : null,
    h('p', {}, t('questionnaire.intro')),
    DSQ_PEM_ITEMS.map((number) => itemSection(number, data)),
    h(
      'div',
      { class: 'card' },
      field(answeredId, 'answered_at', t('questionnaire.answered_at'), answered),
      field(noteId, 'note', t('field.note'), note),
      h('div', { class: 'field' },
        h('div', { class: 'check' }, flag, h('label', { for: flag.id }, t('field.for_clinician'))),
        errorSlot(`${PREFIX}-for_clinician-error`, 'for_clinician')),
    ),
    errorSlot(`${PREFIX}-_form-error`, '_form'),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary' }, t('action.save')),
      h('a', { class: 'button', href: record ? shownAt(record.id) : '#today' }, t('action.cancel')),
    ),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = {
      // An unchanged time stays as it was written (the input shows minutes only).
      answered_at:
        record && answered.value === toInputValue(data.answered_at)
          ? data.answered_at
          : fromInputValue(answered.value),
      instrument: data.instrument ?? INSTRUMENT,
      frequency: readRatings(form, 'frequency'),
      severity: readRatings(form, 'severity'),
      note: note.value.trim() || null,
      for_clinician: flag.checked ? true : null,
    };
    const id = record?.id ?? uuidv7();
    const fields = changedFields(values, record?.data ?? null);
    // Errors show next to their field, and a rating's next to its own row.
    const saved = await saveOrShowErrors(form, context.store, { id, kind: KIND, fields, before: record });
    if (!saved) return;
    // Replace, not push: Back from the answers does not open a second blank form. The
    // note after: it belongs to the answers, where the person now is.
    location.replace(shownAt(id));
    toast(t('toast.saved'), undoOf(context.store, id, record));
  });
  return form;
}

function errorSlot(id, name) {
  return h('p', { class: 'field-error', id, 'data-error-for': name, hidden: true });
}

function field(id, name, label, control) {
  return h(
    'div',
    { class: 'field' },
    h('label', { class: 'field-label', for: id }, label),
    control,
    errorSlot(`${id}-error`, name),
  );
}

/** One item: its text, a row of five choices for frequency and one for severity. */
function itemSection(number, data) {
  const headingId = `${PREFIX}-item-${number}`;
  const section = h(
    'section',
    { class: 'card dsq-item', 'aria-labelledby': headingId, dataset: { item: number } },
    h('h2', { id: headingId }, t('questionnaire.itemHeading', { number, text: t(`questionnaire.item.${number}`) })),
    ROWS.map((row) => ratingRow(number, row, data[row]?.[number], headingId)),
  );
  // Radios cannot be unchosen: this takes an item back to unanswered.
  append(section,
    h(
      'button',
      {
        type: 'button',
        class: 'button quiet-button',
        onclick: () => {
          for (const input of section.querySelectorAll('input:checked')) input.checked = false;
        },
      },
      t('questionnaire.clear', { number }),
    ),
  );
  return section;
}

function ratingRow(number, row, value, headingId) {
  const id = `${PREFIX}-${row}-${number}`;
  return h(
    'div',
    { class: 'field' },
    h('p', { class: 'field-label', id: `${id}-label` }, t(`questionnaire.${row}`)),
    h(
      'div',
      {
        role: 'radiogroup',
        class: 'likert',
        id,
        'aria-labelledby': `${headingId} ${id}-label`,
        'aria-describedby': `${id}-error`,
      },
      RATINGS.map((option) =>
        h(
          'label',
          { class: 'choice' },
          h('input', { type: 'radio', name: id, value: String(option), checked: option === value }),
          h('span', {}, h('strong', {}, String(option)), ' ', h('small', {}, t(`questionnaire.${row}.${option}`))),
        ),
      ),
    ),
    // A refusal of this rating ("frequency.2") shows here, next to its row.
    errorSlot(`${id}-error`, `${row}.${number}`),
  );
}

/** The chosen ratings of a row across the items, {"1": 0-4, ...}, or null when none is. */
function readRatings(form, row) {
  const ratings = {};
  for (const number of DSQ_PEM_ITEMS) {
    const chosen = form.querySelector(`input[name="${PREFIX}-${row}-${number}"]:checked`);
    if (chosen) ratings[number] = Number(chosen.value);
  }
  return Object.keys(ratings).length ? ratings : null;
}

// --------------------------------------------------------------- the answers

/** A saved answer: each item's ratings, the threshold line, and where to go next. */
function answers(record) {
  const score = dsqPemScore(record.data);
  const met = score.items.filter((item) => item.meets).map((item) => t('questionnaire.itemNumber', { number: item.item }));
  const threshold = !score.answered
    ? t('questionnaire.threshold.none')
    : met.length
      ? t('questionnaire.threshold.met', { items: met.join(', ') })
      : t('questionnaire.threshold.notMet');
  const rating = (item, row) =>
    item[row] === null
      ? t('questionnaire.notAnswered', { row: t(`questionnaire.${row}`) })
      : t('questionnaire.rating', {
          row: t(`questionnaire.${row}`),
          value: item[row],
          words: t(`questionnaire.${row}.${item[row]}`),
        });
  const day = dayOf(KIND, record.data);
  return [
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'questionnaire-answers' },
      h('h2', { id: 'questionnaire-answers' }, t('questionnaire.answers')),
      h('p', { class: 'quiet' }, t('questionnaire.answeredOn', { when: when(record.data.answered_at) })),
      h(
        'ol',
        { class: 'dsq-answers' },
        score.items.map((item) =>
          h(
            'li',
            { dataset: { item: item.item } },
            h('p', { class: 'field-label' }, t(`questionnaire.item.${item.item}`)),
            h('p', {}, rating(item, 'frequency')),
            h('p', {}, rating(item, 'severity')),
          ),
        ),
      ),
      h('p', {}, t('questionnaire.bothRated', { answered: score.answered })),
      h('p', { class: 'threshold', id: 'questionnaire-threshold', dataset: { met: String(score.indicated) } }, threshold),
      record.data.note ? [h('p', { class: 'field-label' }, t('field.note')), h('p', {}, record.data.note)] : null,
    ),
    h(
      'div',
      { class: 'actions' },
      h('a', { class: 'button primary', href: changedAt(record.id) }, t('questionnaire.change')),
      day
        ? h('a', { class: 'button', href: day === localDay() ? '#today' : `#day/${day}` }, t('questionnaire.toDay', { day: formatDay(day) }))
        : null,
    ),
  ];
}
