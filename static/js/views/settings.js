// Settings: the person's own settings record (the envelope, heart rate, theme), and the
// screen that holds it with the other rooms: reminders (reminders.js), account and sync
// (account.js), the data on this device (data.js), its storage, and the app's version.

import { localDay } from '../dates.js';
import { h, markSaved, replaceChildren } from '../dom.js';
import { checkinOf, hrEstimates } from '../envelope.js';
import { INTENSITIES, KINDS, THEMES, inputLimits } from '../kinds.js';
import { t } from '../messages.js';
import { ownPart } from '../record.js';
import { showFieldErrors, toast } from '../ui.js';
import { syncSection } from './account.js';
import { dataSection } from './data.js';
// Today's eviction warning exports through here (views/home-screen.js says why).
export { exportJson } from './data.js';
import { evictionWarning, homeScreenAdvice } from './home-screen.js';
import { needsHomeScreen } from '../home-screen.js';
import { remindersSection } from './reminders.js';
import { changedFields, choiceGroup, saveOrShowErrors, undoOf } from './entry-form.js';

const STORAGE_MESSAGES = {
  persisted: 'settings.storage.persisted',
  'not-persisted': 'settings.storage.notPersisted',
  unsupported: 'settings.storage.unsupported',
};
const P = 'settings';
const FIELDS = KINDS.settings;

export async function renderSettings(container, context) {
  const { store, persistence, version } = context;
  if (context.sync?.isClinician) return renderClinicianSettings(container, context);
  const restingHr = await latestRestingHr(store);
  const [reminders, eviction] = await Promise.all([remindersSection(context), evictionWarning(context)]);
  replaceChildren(
    container,
    h('h1', {}, t('settings.heading')),
    settingsForm(context, restingHr),
    reminders,
    context.sync ? syncSection(context) : null,
    context.sync ? sharingSlot(context) : null,
    dataSection(context),
    eviction,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'storage-heading' },
      h('h2', { id: 'storage-heading' }, t('settings.storage')),
      // What is not yet synced is said once, live, in the sync section.
      h('p', { id: 'storage-state', dataset: { state: persistence } }, t(STORAGE_MESSAGES[persistence])),
      // iOS has no install prompt: say how, where the person looks for why data may go.
      needsHomeScreen(context.homeScreen) ? homeScreenAdvice() : null,
    ),
    h(
      'section',
      { class: 'card quiet' },
      h('p', {}, t('settings.version', { version })),
      h('p', {}, t('settings.device', { node: store.nodeId })),
    ),
  );
}

/** A clinician's settings: the account (no diary, no envelope, no data here), the version. */
function renderClinicianSettings(container, context) {
  replaceChildren(
    container,
    h('h1', {}, t('settings.heading')),
    syncSection(context),
    h('section', { class: 'card quiet' }, h('p', {}, t('settings.version', { version: context.version }))),
  );
}

/**
 * Sharing with a clinician, for a patient signed in: its module loads only then (and on a
 * later sign-in), so Settings without an account never fetches it.
 */
function sharingSlot(context) {
  const slot = h('div', { id: 'share-slot' });
  const place = () => {
    if (!slot.isConnected && slot.dataset.placed) return unsubscribe();
    if (!context.sync.syncing || slot.dataset.placed) return null;
    slot.dataset.placed = 'true';
    return import('./sharing.js').then(({ sharingSection }) => replaceChildren(slot, sharingSection(context)));
  };
  const unsubscribe = context.sync.subscribe(place);
  place();
  return slot;
}

function field(name, label, control, hint = null) {
  const errorId = `${P}-${name}-error`;
  const hintId = hint ? `${P}-${name}-hint` : null;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  return h(
    'div',
    { class: 'field' },
    h('label', { class: 'field-label', for: control.id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    control,
    h('p', { class: 'field-error', id: errorId, 'data-error-for': name, hidden: true }),
  );
}

/** A number input for a settings field, with its range and step from KINDS. */
const number = (name, value, spec) =>
  h('input', { id: `${P}-${name}`, type: 'number', inputmode: 'decimal', ...inputLimits(spec), value: value ?? '' });

const readNumber = (input) =>
  input.validity.badInput ? input.value || 'not a number' : input.value === '' ? null : Number(input.value);

/** "Shower, physical, moderate, 15" lines <-> activity presets. */
function presetsToText(presets) {
  return (presets ?? [])
    .map((p) => [p.name, p.category, p.intensity, p.minutes, p.points].filter((x) => x != null).join(', '))
    .join('\n');
}

function textToPresets(text) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name, category, intensity, minutes, points] = line.split(',').map((s) => s.trim());
      const preset = { name, category: category?.toLowerCase(), intensity: intensity?.toLowerCase() };
      preset.minutes = minutes === undefined || minutes === '' ? undefined : Number(minutes);
      if (points !== undefined && points !== '') preset.points = Number(points);
      for (const key of Object.keys(preset)) if (preset[key] === undefined) delete preset[key];
      return preset;
    });
}

/** The resting heart rate of the latest check-in of the last two weeks that has one. */
async function latestRestingHr(store) {
  const days = await store.recentDays(localDay(), 14);
  const checkin = days.map((d) => checkinOf(d.records, d.day)).find((c) => c?.data.resting_hr != null);
  return checkin?.data.resting_hr ?? null;
}

function settingsForm(context, restingHr) {
  const { settings, settingsRecord } = context;
  const rates = settings.points_per_hour ?? {};
  const inputs = {
    daily_budget_points: number('daily_budget_points', settings.daily_budget_points, FIELDS.daily_budget_points),
    ...Object.fromEntries(INTENSITIES.map((level) => [
      level, number(`rate-${level}`, rates[level], FIELDS.points_per_hour.fields[level]),
    ])),
    activity_presets: h('textarea', { id: `${P}-activity_presets`, rows: 6 }, presetsToText(settings.activity_presets)),
    symptoms: h('textarea', { id: `${P}-symptoms`, rows: 6 }, (settings.symptoms ?? []).join('\n')),
    hr_threshold: number('hr_threshold', settings.hr_threshold, FIELDS.hr_threshold),
    age: number('age', settings.age, FIELDS.age),
    look_back_hours: number('look_back_hours', settings.look_back_hours, FIELDS.look_back_hours),
  };
  const theme = choiceGroup(P, 'theme', THEMES, settings.theme ?? 'system', (v) => t(`theme.${v}`));
  theme.setAttribute('aria-labelledby', `${P}-theme-label`);
  theme.setAttribute('aria-describedby', `${P}-theme-error`);

  const estimates = hrEstimates({ resting_hr: restingHr, age: settings.age });
  const unknown = t('settings.hrUnknown');
  const ratesGroup = h(
    'fieldset',
    { class: 'field rates' },
    h('legend', { class: 'field-label' }, t('field.points_per_hour')),
    ...INTENSITIES.map((level) =>
      h('label', { class: 'rate' }, h('span', {}, t(`intensity.${level}`)), inputs[level]),
    ),
    h('p', { class: 'field-error', id: `${P}-points_per_hour-error`, 'data-error-for': 'points_per_hour', hidden: true }),
  );
  for (const level of INTENSITIES) inputs[level].setAttribute('aria-describedby', `${P}-points_per_hour-error`);

  const form = h(
    'form',
    { class: 'card settings-form', novalidate: true, 'aria-labelledby': 'settings-envelope-heading' },
    h('h2', { id: 'settings-envelope-heading' }, t('settings.envelope')),
    field('daily_budget_points', t('field.daily_budget_points'), inputs.daily_budget_points),
    ratesGroup,
    field('activity_presets', t('field.activity_presets'), inputs.activity_presets, t('settings.presetsHint')),
    field('symptoms', t('field.settings_symptoms'), inputs.symptoms, t('settings.symptomsHint')),
    field('look_back_hours', t('field.look_back_hours'), inputs.look_back_hours),
    h('h2', {}, t('settings.heart')),
    field('hr_threshold', t('field.hr_threshold'), inputs.hr_threshold),
    h('p', { class: 'hint', id: 'hr-estimates' },
      t('settings.hrEstimates', {
        resting: estimates.resting_plus_15 ?? unknown,
        workwell: estimates.workwell ?? unknown,
        own: settings.hr_threshold ?? unknown,
      })),
    h('p', { class: 'hint' }, t('settings.hrNote')),
    field('age', t('field.age'), inputs.age),
    h('div', { class: 'field' },
      h('p', { class: 'field-label', id: `${P}-theme-label` }, t('field.theme')),
      theme,
      h('p', { class: 'field-error', id: `${P}-theme-error`, 'data-error-for': 'theme', hidden: true })),
    h('p', { class: 'field-error', id: `${P}-_form-error`, 'data-error-for': '_form', hidden: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary' }, t('action.save'))),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosenTheme = form.querySelector(`input[name="${P}-theme"]:checked`)?.value ?? null;
    const values = {
      daily_budget_points: readNumber(inputs.daily_budget_points),
      points_per_hour: Object.fromEntries(
        INTENSITIES.map((level) => [level, readNumber(inputs[level])]).filter(([, v]) => v !== null),
      ),
      activity_presets: textToPresets(inputs.activity_presets.value),
      symptoms: inputs.symptoms.value.split('\n').map((s) => s.trim()).filter(Boolean),
      hr_threshold: readNumber(inputs.hr_threshold),
      age: readNumber(inputs.age),
      look_back_hours: readNumber(inputs.look_back_hours),
      theme: chosenTheme,
    };
    // Compare with what is in effect, so only what the person changed becomes
    // part of their record; defaults never enter it on their own.
    const fields = changedFields(values, settings);
    for (const [name, value] of Object.entries(fields)) {
      if (value === null && !(settingsRecord?.data && name in settingsRecord.data)) delete fields[name];
    }
    if (!Object.keys(fields).length) {
      showFieldErrors(form, {});
      markSaved(form); // "80.0" where 80 was saved: nothing to save, and nothing edited
      toast(t('settings.saved'));
      return;
    }
    // Saved in the app's own settings record, which may not exist yet even when settings
    // synced from elsewhere do (settingsRecord is all of them as one).
    const own = ownPart(settingsRecord);
    const saved = await saveOrShowErrors(form, context.store, {
      id: 'settings',
      kind: 'settings',
      fields,
      before: own,
    });
    if (!saved) return;
    // The save draws the screen again (the estimates, the sync state): said once that is
    // done, so typing straight after the note goes into the form that stays.
    await context.redrawn;
    toast(t('settings.saved'), undoOf(context.store, 'settings', own));
  });
  return form;
}
