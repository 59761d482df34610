// The entry forms: one builder for every kind's fields, used by the dialog
// forms (activity, rest, dose, crash) and by the check-in on the day screen.
// Errors come from kinds.js, the same validation the store applies, and are
// shown next to each field. Nothing is saved until the whole entry is valid.

import { fromInputValue, toInputValue, toLocalIso, atTimeOnDay, localDay } from '../dates.js';
import { append, h, markSaved } from '../dom.js';
import { activityPoints } from '../envelope.js';
import { uuidv7 } from '../ids.js';
import { KINDS, inputLimits, validateData, valuesOf } from '../kinds.js';
import { t } from '../messages.js';
import { ownPart } from '../record.js';
import { ValidationError } from '../store.js';
import { showFieldErrors, toast } from '../ui.js';

/**
 * Which fields each form shows, in order, and how: [field, control, options]. The values,
 * ranges and steps come from the field's spec in KINDS (server/kind_table.py); `label`
 * words a value, `optional` adds "none" to a choice, `descending` lists an int high first.
 * A 'flag' is one checkbox for a true/false field: ticked saves true, unticked leaves it
 * out (or clears it on an edit), so an entry never marked carries no field for it.
 */
export const LAYOUTS = {
  activity: [
    ['name', 'text'],
    ['category', 'choice', { label: (v) => t(`category.${v}`) }],
    ['intensity', 'choice', { label: (v) => t(`intensity.${v}`) }],
    ['started_at', 'datetime'],
    ['duration_min', 'number'],
    ['points', 'number'],
    ['avg_hr', 'number'],
    ['peak_hr', 'number'],
    ['note', 'textarea'],
    ['for_clinician', 'flag'],
  ],
  rest: [
    ['kind', 'choice', { label: (v) => t(`rest.${v}`) }],
    ['started_at', 'datetime'],
    ['duration_min', 'number'],
    ['quality', 'scale'],
    ['note', 'textarea'],
    ['for_clinician', 'flag'],
  ],
  dose: [
    ['substance', 'text'],
    ['amount', 'number'],
    ['unit', 'select', { label: (v) => t(`unit.${v}`) }],
    ['taken_at', 'datetime'],
    ['reason', 'text'],
    ['effect', 'choice', { label: (v) => t(`effect.${v}`), optional: true }],
    ['side_effects', 'list'],
    ['ask_effect', 'flag'],
    ['note', 'textarea'],
    ['for_clinician', 'flag'],
  ],
  episode: [
    ['started_at', 'datetime'],
    ['ended_at', 'datetime'],
    ['severity', 'choice', { label: (v) => t(`severity.${v}`), optional: true }],
    ['symptoms', 'checklist'],
    ['suspected_triggers', 'list'],
    ['note', 'textarea'],
    ['for_clinician', 'flag'],
  ],
  // Edited here; logged from Today's "How I feel now" sheet (day.js) in two taps.
  snapshot: [
    ['energy', 'scale'],
    ['symptoms', 'ratings'],
    ['taken_at', 'datetime'],
    ['note', 'textarea'],
    ['for_clinician', 'flag'],
  ],
  // The check-in's energy is its own first control; these are "one tap away".
  checkin: [
    ['mood', 'scale'],
    ['sleep_hours', 'number'],
    ['sleep_quality', 'scale'],
    ['symptoms', 'ratings'],
    ['upright_hours', 'number'],
    ['resting_hr', 'number'],
    ['hrv_ms', 'number'],
    ['bell_score', 'select', { label: (v) => t(`bell.${v}`), descending: true, optional: true }],
    ['energy_available', 'number'],
    ['energy_used', 'number'],
    ['note', 'textarea'],
    ['for_clinician', 'flag'],
  ],
};

const LABEL_KEYS = {
  episode: { symptoms: 'field.episode_symptoms' },
  snapshot: { energy: 'snapshot.energy', symptoms: 'field.snapshot_symptoms', taken_at: 'field.snapshot_taken_at' },
};

let formCount = 0;

/** A labelled field with its error slot; `control` gets aria-describedby. */
function fieldShell(prefix, name, label, control, { hint, group = false } = {}) {
  const errorId = `${prefix}-${name}-error`;
  const hintId = hint ? `${prefix}-${name}-hint` : null;
  const labelId = `${prefix}-${name}-label`;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  const heading = group
    ? h('p', { class: 'field-label', id: labelId }, label)
    : h('label', { class: 'field-label', for: control.id, id: labelId }, label);
  if (group) control.setAttribute('aria-labelledby', labelId);
  return h(
    'div',
    { class: 'field', dataset: { field: name } },
    heading,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    control,
    h('p', { class: 'field-error', id: errorId, 'data-error-for': name, hidden: true }),
  );
}

/** A checkbox with its label beside it (the whole row is the target) and its error slot. */
function flagShell(prefix, name, label, input) {
  const errorId = `${prefix}-${name}-error`;
  input.setAttribute('aria-describedby', errorId);
  return h(
    'div',
    { class: 'field', dataset: { field: name } },
    h('div', { class: 'check' }, input, h('label', { for: input.id, id: `${prefix}-${name}-label` }, label)),
    h('p', { class: 'field-error', id: errorId, 'data-error-for': name, hidden: true }),
  );
}

/** A row of large radio tiles (a scale or a set of options). */
export function choiceGroup(prefix, name, options, value, labelFor = String, { optional } = {}) {
  const all = optional ? [null, ...options] : options;
  return h(
    'div',
    {
      role: 'radiogroup',
      class: options.every((o) => typeof o === 'number') && options.length > 5 ? 'scale' : 'options',
      id: `${prefix}-${name}`,
    },
    all.map((option) =>
      h(
        'label',
        { class: 'choice' },
        h('input', {
          type: 'radio',
          name: `${prefix}-${name}`,
          value: option === null ? '' : String(option),
          checked: option === (value ?? null) || (option === null && value === undefined),
        }),
        h('span', {}, option === null ? t('form.none') : labelFor(option)),
      ),
    ),
  );
}

/**
 * One symptom's rating: its name, "Not rated" (chosen until a number is), and a row of
 * large 0-10 tiles, one tap each; radios, so the arrow keys move along them. Its own
 * error slot (symptoms.<name>) sits under the row.
 */
function ratingRow(id, symptom, values, value) {
  const labelId = `${id}-label`;
  const errorId = `${id}-error`;
  const tile = (option, text) =>
    h(
      'label',
      { class: option === null ? 'choice not-rated' : 'choice' },
      h('input', {
        type: 'radio',
        name: id,
        value: option === null ? '' : String(option),
        checked: option === (value ?? null),
      }),
      h('span', {}, text),
    );
  return h(
    'div',
    { class: 'rating' },
    h(
      'div',
      {
        role: 'radiogroup',
        class: 'rating-group',
        'aria-labelledby': labelId,
        'aria-describedby': errorId,
        dataset: { symptom },
      },
      h('div', { class: 'rating-head' }, h('span', { id: labelId, class: 'rating-name' }, symptom), tile(null, t('form.notRated'))),
      h('div', { class: 'scale rating-scale' }, values.map((n) => tile(n, String(n)))),
    ),
    h('p', { class: 'field-error', id: errorId, 'data-error-for': `symptoms.${symptom}`, hidden: true }),
  );
}

function control(prefix, kind, [name, type, { label = String, optional, descending } = {}], value, context) {
  const id = `${prefix}-${name}`;
  const spec = KINDS[kind][name];
  switch (type) {
    case 'text':
      return h('input', {
        id,
        type: 'text',
        value: value ?? '',
        autocomplete: 'off',
        list: context.suggestions?.[name] ? `${id}-list` : null,
      });
    case 'textarea':
      return h('textarea', { id, rows: 3 }, value ?? '');
    case 'number': {
      const { min, max, step } = inputLimits(spec);
      return h('input', {
        id,
        type: 'number',
        inputmode: step === 1 ? 'numeric' : 'decimal',
        step,
        min,
        max,
        value: value ?? '',
      });
    }
    case 'datetime':
      return h('input', { id, type: 'datetime-local', value: toInputValue(value) });
    case 'scale':
      return choiceGroup(prefix, name, valuesOf(spec), value);
    case 'choice':
      return choiceGroup(prefix, name, valuesOf(spec), value, label, { optional });
    case 'select':
      return h(
        'select',
        { id },
        optional ? h('option', { value: '' }, t('form.none')) : null,
        valuesOf(spec, { descending }).map((option) =>
          h('option', { value: String(option), selected: option === value }, label(option)),
        ),
      );
    case 'list':
      return h('input', { id, type: 'text', value: (value ?? []).join(', '), autocomplete: 'off' });
    case 'checklist': {
      const names = [...new Set([...(context.settings.symptoms ?? []), ...(value ?? [])])];
      return h(
        'div',
        { class: 'options', role: 'group', id },
        names.map((symptom) =>
          h(
            'label',
            { class: 'choice' },
            h('input', { type: 'checkbox', value: symptom, checked: (value ?? []).includes(symptom) }),
            h('span', {}, symptom),
          ),
        ),
      );
    }
    case 'ratings': {
      const names = [...new Set([...(context.settings.symptoms ?? []), ...Object.keys(value ?? {})])];
      return h(
        'div',
        { class: 'ratings', role: 'group', id },
        names.map((symptom, i) => ratingRow(`${id}-${i}`, symptom, valuesOf(spec.value), value?.[symptom])),
      );
    }
    case 'flag':
      return h('input', { id, type: 'checkbox', checked: value === true });
    default:
      throw new Error(`unknown input ${type}`);
  }
}

/**
 * Build the fields of `kind` for `values`; returns the elements to put in a form.
 * `layout`: some of the kind's fields (a sheet that shows only those), LAYOUTS' by default.
 */
export function buildFields(kind, values, context, prefix, layout = LAYOUTS[kind]) {
  return layout.map((spec) => {
    const [name, type] = spec;
    const labelKey = LABEL_KEYS[kind]?.[name] ?? `field.${name}`;
    const element = control(prefix, kind, spec, values[name], context);
    if (type === 'flag') return flagShell(prefix, name, t(labelKey), element);
    const group = ['scale', 'choice', 'checklist', 'ratings'].includes(type);
    let hint;
    if (type === 'list') hint = t('form.listHint');
    if (type === 'ratings') hint = t('field.symptomsHint');
    const shell = fieldShell(prefix, name, t(labelKey), element, { hint, group });
    if (type === 'text' && context.suggestions?.[name]) {
      append(shell,
        h('datalist', { id: `${prefix}-${name}-list` },
          context.suggestions[name].map((s) => h('option', { value: s }))),
      );
    }
    return shell;
  });
}

/** Read the fields of `kind` (of `layout`, as built) from `form`: {field: value}, null where left empty. */
export function readFields(kind, form, prefix, layout = LAYOUTS[kind]) {
  const values = {};
  for (const [name, type] of layout) {
    const id = `${prefix}-${name}`;
    const element = form.querySelector(`#${CSS.escape(id)}`);
    switch (type) {
      case 'text':
      case 'textarea': {
        const text = element.value.trim();
        values[name] = text === '' ? null : text;
        break;
      }
      case 'number':
        // A number field that holds text the browser cannot read is "badInput":
        // keep it as text so validation names the field instead of dropping it.
        values[name] = element.validity.badInput
          ? element.value || 'not a number'
          : element.value === ''
            ? null
            : Number(element.value);
        break;
      case 'datetime':
        values[name] = fromInputValue(element.value);
        break;
      case 'scale':
      case 'choice': {
        const chosen = form.querySelector(`input[name="${CSS.escape(id)}"]:checked`);
        if (!chosen || chosen.value === '') values[name] = null;
        else values[name] = Number.isNaN(Number(chosen.value)) ? chosen.value : Number(chosen.value);
        break;
      }
      case 'select':
        values[name] =
          element.value === '' ? null : KINDS[kind][name].type === 'int' ? Number(element.value) : element.value;
        break;
      case 'list': {
        const items = element.value.split(',').map((s) => s.trim()).filter(Boolean);
        values[name] = items.length ? items : null;
        break;
      }
      case 'checklist': {
        const items = [...element.querySelectorAll('input:checked')].map((input) => input.value);
        values[name] = items.length ? items : null;
        break;
      }
      case 'flag':
        values[name] = element.checked ? true : null;
        break;
      case 'ratings': {
        const ratings = {};
        for (const group of element.querySelectorAll('[data-symptom]')) {
          const chosen = group.querySelector('input:checked');
          if (chosen && chosen.value !== '') ratings[group.dataset.symptom] = Number(chosen.value);
        }
        values[name] = Object.keys(ratings).length ? ratings : null;
        break;
      }
      default:
        break;
    }
  }
  return values;
}

/**
 * The fields a save must write: for a new entry every field given; for an
 * edit only what changed (null clears a field). Only changed fields get new
 * stamps, so an edit on another device to another field is never overwritten.
 */
export function changedFields(values, before) {
  const fields = {};
  for (const [name, value] of Object.entries(values)) {
    const old = before?.[name];
    if (value === null && (old === undefined || old === null)) continue;
    if (JSON.stringify(value) !== JSON.stringify(old ?? null)) fields[name] = value;
  }
  return fields;
}

/** Save a write, or show its errors next to the fields. Returns the record or null. */
export async function saveOrShowErrors(form, store, { id, kind, fields, before }) {
  const merged = { ...(before?.data ?? {}), ...fields };
  for (const [name, value] of Object.entries(merged)) if (value === null) delete merged[name];
  const errors = validateData(kind, merged, { id });
  if (showFieldErrors(form, errors)) return null;
  try {
    const saved = await store.put({ id, kind, fields });
    markSaved(form);
    return saved;
  } catch (error) {
    if (error instanceof ValidationError) showFieldErrors(form, error.errors);
    else showFieldErrors(form, { _form: [{ code: 'save' }] });
    return null;
  }
}

/** Undo for a save: put the record back as it was before. */
export function undoOf(store, id, before) {
  return () => store.revert(id, before);
}

/** Values a new entry starts with: now (or this time on a past day), and the like. */
function startingValues(kind, day) {
  const when = !day || day === localDay() ? toLocalIso() : atTimeOnDay(day);
  switch (kind) {
    case 'activity':
      return { started_at: when, intensity: 'light' };
    case 'rest':
      return { started_at: when, kind: 'lying' };
    case 'dose':
      return { taken_at: when };
    case 'episode':
      return { started_at: when };
    case 'snapshot':
      return { taken_at: when };
    default:
      return {};
  }
}

/**
 * Open the dialog form for a new entry of `kind` on `day`, or to edit `record`.
 * @param {{store, settings, recent: {activities: object[], doses: object[]}}} context
 */
export function openEntryForm(kind, { record = null, day = null, context, onSaved = () => {} }) {
  formCount += 1;
  const prefix = `f${formCount}`;
  const values = record ? { ...record.data } : startingValues(kind, day);
  const autoPoints =
    kind === 'activity' &&
    record &&
    values.points === activityPoints(values, context.settings.points_per_hour);
  if (autoPoints) delete values.points; // worked out again at save if left empty

  const suggestions = {
    name: [...new Set(context.recent.activities.map((r) => r.data.name))],
    substance: [...new Set(context.recent.doses.map((r) => r.data.substance))],
  };
  const fields = buildFields(kind, values, { ...context, suggestions }, prefix);
  const title = t(`form.${record ? 'edit' : 'new'}.${kind}`);
  const titleId = `${prefix}-title`;
  const form = h('form', { novalidate: true, class: 'entry-form' });
  const dialog = h(
    'dialog',
    { class: 'sheet', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, title),
    form,
  );
  const close = () => {
    dialog.close();
    dialog.remove();
  };

  append(form,
    ...[recentPicks(kind, context, form, prefix)].filter(Boolean),
    ...fields,
    h('p', { class: 'field-error', id: `${prefix}-_form-error`, 'data-error-for': '_form', hidden: true }),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary' }, t('action.save')),
      h('button', { type: 'button', class: 'button', onclick: close }, t('action.cancel')),
    ),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const read = readFields(kind, form, prefix);
    if (kind === 'activity' && read.points === null && read.duration_min && read.intensity) {
      read.points = activityPoints(read, context.settings.points_per_hour);
    }
    const id = record?.id ?? uuidv7();
    const changes = record ? changedFields(read, record.data) : changedFields(read, null);
    // A record shown as one of several (a day's check-ins) is edited in the app's own
    // part of it, made on the first edit with what it needs.
    const before = record?.parts ? ownPart(record) : record;
    if (record?.parts && !before) changes.date ??= record.data.date;
    const saved = await saveOrShowErrors(form, context.store, { id, kind, fields: changes, before });
    if (!saved) return;
    close();
    toast(t('toast.saved'), undoOf(context.store, id, before));
    onSaved(saved);
  });
  dialog.addEventListener('close', () => dialog.remove());
  append(document.body, dialog);
  dialog.showModal();
  return dialog;
}

/** The person's own recent activities or substances, one tap to fill the form. */
function recentPicks(kind, context, form, prefix) {
  const source =
    kind === 'activity' ? context.recent.activities : kind === 'dose' ? context.recent.doses : [];
  const seen = new Set();
  const picks = [];
  for (const record of source) {
    const key = kind === 'activity' ? record.data.name : record.data.substance;
    if (seen.has(key.toLowerCase())) continue;
    seen.add(key.toLowerCase());
    picks.push(record);
    if (picks.length === 6) break;
  }
  if (!picks.length) return null;
  const fill = (record) => {
    const d = record.data;
    const set = (name, value) => {
      const input = form.querySelector(`#${CSS.escape(`${prefix}-${name}`)}`);
      if (input && value !== undefined) input.value = value;
    };
    const check = (name, value) => {
      const radio = form.querySelector(
        `input[name="${CSS.escape(`${prefix}-${name}`)}"][value="${CSS.escape(String(value))}"]`,
      );
      if (radio) radio.checked = true;
    };
    if (kind === 'activity') {
      set('name', d.name);
      check('category', d.category);
      check('intensity', d.intensity);
      set('duration_min', d.duration_min);
    } else {
      set('substance', d.substance);
      set('amount', d.amount);
      set('unit', d.unit);
    }
  };
  return h(
    'div',
    { class: 'field' },
    h('p', { class: 'field-label' }, t('form.recent')),
    h(
      'div',
      { class: 'chips' },
      picks.map((record) =>
        h(
          'button',
          { type: 'button', class: 'button chip', onclick: () => fill(record) },
          kind === 'activity' ? record.data.name : record.data.substance,
        ),
      ),
    ),
  );
}
