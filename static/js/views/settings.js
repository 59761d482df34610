// Settings: the person's own settings record, this device's storage, and
// their data: export, import, and deleting everything on this device.

import { formatDay, formatNumber, formatTime, localDay, toLocalIso } from '../dates.js';
import { h, markSaved, replaceChildren } from '../dom.js';
import { checkinOf, hrEstimates } from '../envelope.js';
import { INTENSITIES, THEMES } from '../kinds.js';
import { has, t } from '../messages.js';
import { ownPart } from '../record.js';
import { buildExport, parseExport, toCsv } from '../transfer.js';
import { entrySummary, errorMessage, showFieldErrors, toast } from '../ui.js';
import { changedFields, choiceGroup, saveOrShowErrors, undoOf } from './entry-form.js';

const STORAGE_MESSAGES = {
  persisted: 'settings.storage.persisted',
  'not-persisted': 'settings.storage.notPersisted',
  unsupported: 'settings.storage.unsupported',
};
const P = 'settings';

export async function renderSettings(container, context) {
  const { store, persistence, version } = context;
  const [unsynced, restingHr] = await Promise.all([store.outboxCount(), latestRestingHr(store)]);
  replaceChildren(
    container,
    h('h1', {}, t('settings.heading')),
    settingsForm(context, restingHr),
    context.sync ? syncSection(context) : null,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'data-heading' },
      h('h2', { id: 'data-heading' }, t('settings.data')),
      exportButtons(context),
      importField(context),
      wipeButton(context),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'storage-heading' },
      h('h2', { id: 'storage-heading' }, t('settings.storage')),
      h('p', { id: 'storage-state', dataset: { state: persistence } }, t(STORAGE_MESSAGES[persistence])),
      h('p', {}, t('settings.unsynced', { count: unsynced })),
    ),
    h(
      'section',
      { class: 'card quiet' },
      h('p', {}, t('settings.version', { version })),
      h('p', {}, t('settings.device', { node: store.nodeId })),
    ),
  );
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

const number = (name, value, { step = 1, min, max } = {}) =>
  h('input', { id: `${P}-${name}`, type: 'number', inputmode: 'decimal', step, min, max, value: value ?? '' });

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
    daily_budget_points: number('daily_budget_points', settings.daily_budget_points, { min: 1, max: 1000 }),
    light: number('rate-light', rates.light, { min: 0, max: 100, step: 'any' }),
    moderate: number('rate-moderate', rates.moderate, { min: 0, max: 100, step: 'any' }),
    hard: number('rate-hard', rates.hard, { min: 0, max: 100, step: 'any' }),
    activity_presets: h('textarea', { id: `${P}-activity_presets`, rows: 6 }, presetsToText(settings.activity_presets)),
    symptoms: h('textarea', { id: `${P}-symptoms`, rows: 6 }, (settings.symptoms ?? []).join('\n')),
    hr_threshold: number('hr_threshold', settings.hr_threshold, { min: 40, max: 220 }),
    age: number('age', settings.age, { min: 10, max: 120 }),
    look_back_hours: number('look_back_hours', settings.look_back_hours, { min: 24, max: 168 }),
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
    if (saved) toast(t('settings.saved'), undoOf(context.store, 'settings', own));
  });
  return form;
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function exportButtons(context) {
  const stamp = () => new Date().toISOString().slice(0, 10);
  return h(
    'div',
    { class: 'actions' },
    h('button', {
      type: 'button',
      class: 'button',
      onclick: async () => {
        const records = await context.store.all();
        download(`envelope-${stamp()}.json`, 'application/json',
          JSON.stringify(buildExport(records, new Date().toISOString()), null, 1));
      },
    }, t('settings.exportJson')),
    h('button', {
      type: 'button',
      class: 'button',
      onclick: async () => {
        download(`envelope-${stamp()}.csv`, 'text/csv', toCsv(await context.store.all()));
      },
    }, t('settings.exportCsv')),
  );
}

function importField(context) {
  const input = h('input', {
    id: 'import-file',
    type: 'file',
    accept: '.json,application/json',
    'aria-describedby': 'import-result',
  });
  const result = h('div', { id: 'import-result', role: 'status', class: 'import-result' });
  // The outcome outlives the re-render an import causes (it changes records).
  const show = (outcome) => {
    context.importOutcome = outcome;
    if (outcome?.errors) {
      input.setAttribute('aria-invalid', 'true');
      result.replaceChildren(
        h('p', { class: 'field-error' }, t('settings.importFailed', { count: outcome.errors.length })),
        h('ul', {}, outcome.errors.map((error) => h('li', {}, importProblem(error)))),
      );
    } else if (outcome?.counts) {
      input.removeAttribute('aria-invalid');
      result.replaceChildren(h('p', {}, t('settings.importDone', outcome.counts)));
    }
  };
  show(context.importOutcome);
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    const { records, errors } = parseExport(await file.text(), { now: Date.now() });
    input.value = '';
    if (errors.length) show({ errors });
    else show({ counts: await context.store.importRecords(records) });
  });
  return h(
    'div',
    { class: 'field' },
    h('label', { for: 'import-file', class: 'field-label' }, t('settings.import')),
    input,
    result,
  );
}

function importProblem(error) {
  const own = IMPORT_CODES.has(error.code) ? t(`import.${error.code}`) : null;
  if (error.index == null) return own ?? t('import.not_envelope');
  return t('settings.importProblem', {
    index: formatNumber(error.index + 1),
    id: error.id ?? '?',
    field: error.field ?? '',
    message: own ?? errorMessage(error),
  });
}

// Codes of the file or its stamps (transfer.js); the rest are validation codes.
const IMPORT_CODES = new Set([
  'not_json', 'not_envelope', 'newer_version', 'duplicate_id', 'invalid_stamp',
  'stamp_without_field', 'missing_stamp', 'deleted_mismatch', 'too_many_errors',
]);

function wipeButton(context) {
  const dialog = h(
    'dialog',
    { class: 'sheet', 'aria-labelledby': 'wipe-title' },
    h('h2', { id: 'wipe-title' }, t('settings.wipe')),
    h('p', {}, t('settings.wipeConfirm')),
    h(
      'div',
      { class: 'actions' },
      h('button', {
        type: 'button',
        class: 'button danger',
        onclick: async () => {
          dialog.close();
          await context.store.wipe();
          sessionStorage.setItem('envelope:notice', t('settings.wipeDone'));
          location.reload();
        },
      }, t('settings.wipeYes')),
      h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, t('action.cancel')),
    ),
  );
  return h(
    'div',
    { class: 'actions' },
    h('button', { type: 'button', class: 'button', onclick: () => dialog.showModal() }, t('settings.wipe')),
    dialog,
  );
}

// ------------------------------------------------------------ sync and account

/** Sign in or up when signed out; the sync state, Sync now and Sign out when signed in. */
function syncSection(context) {
  const heading = h('h2', { id: 'sync-heading', tabindex: '-1' }, t('sync.heading'));
  const section = h('section', { class: 'card', id: 'sync', 'aria-labelledby': 'sync-heading' }, heading);
  const fill = () => {
    const { sync } = context;
    // A sheet open in here (deleting the account) closes first, so whatever
    // waits for it to close (a held-back redraw) runs.
    section.querySelector('dialog[open]')?.close();
    const hadFocus = section.contains(document.activeElement);
    section.replaceChildren(heading);
    if (sync.signedIn) signedInPart(section, context);
    else section.append(h('p', {}, t('sync.off')), accountForm(context));
    if (hadFocus) heading.focus(); // not lost to the page's top after signing in or out
  };
  fill();
  let signedIn = context.sync.signedIn;
  const unsubscribe = context.sync.subscribe((sync) => {
    if (!section.isConnected) return unsubscribe();
    // Rebuild only when signing in or out; otherwise update the state lines in place.
    if (sync.signedIn !== signedIn) {
      signedIn = sync.signedIn;
      fill();
    } else if (signedIn) updateSyncState(section, context);
  });
  return section;
}

function accountForm(context) {
  const S = 'sync';
  const email = h('input', { id: `${S}-email`, type: 'email', autocomplete: 'username', inputmode: 'email', spellcheck: 'false' });
  const password = h('input', { id: `${S}-password`, type: 'password', autocomplete: 'current-password' });
  const slot = (name) => h('p', { class: 'field-error', id: `${S}-${name}-error`, 'data-error-for': name, hidden: true });
  email.setAttribute('aria-describedby', `${S}-email-error`);
  password.setAttribute('aria-describedby', `${S}-password-hint ${S}-password-error`);
  const signUp = h('button', { type: 'button', class: 'button' }, t('sync.signUp'));
  const form = h(
    'form',
    { class: 'account-form', novalidate: true, 'aria-labelledby': 'sync-heading' },
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: email.id }, t('sync.email')), email, slot('email')),
    h(
      'div',
      { class: 'field' },
      h('label', { class: 'field-label', for: password.id }, t('sync.password')),
      h('p', { class: 'hint', id: `${S}-password-hint` }, t('sync.passwordHint')),
      password,
      slot('password'),
    ),
    h('p', { class: 'field-error', id: `${S}-_form-error`, 'data-error-for': '_form', role: 'alert', hidden: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary' }, t('sync.signIn')), signUp),
  );
  const attempt = (how) => whileAsking(form, async () => {
    const credentials = { email: email.value.trim(), password: password.value };
    try {
      if (how === 'up') await context.sync.signUp(credentials);
      else await context.sync.signIn(credentials);
    } catch (error) {
      if (error?.name !== 'ApiError') throw error;
      showFieldErrors(form, accountErrors(error));
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    attempt('in');
  });
  signUp.addEventListener('click', () => {
    password.setAttribute('autocomplete', 'new-password');
    attempt('up');
  });
  return form;
}

/** Run `ask` (a request to the server) with the form's buttons off, so a second tap sends nothing. */
async function whileAsking(form, ask) {
  const buttons = [...form.querySelectorAll('button')];
  for (const button of buttons) button.disabled = true;
  try {
    await ask();
  } finally {
    for (const button of buttons) button.disabled = false;
  }
}

/** An API error as {field: [{code}]}, worded by the catalogue next to each field. */
function accountErrors(error) {
  const own = (code) => [{ code: 'sync', params: { text: t(`sync.error.${code}`) } }];
  if (error.code === 'wrong_password') return { password: own('wrong_password') };
  if (error.fields?.new_password) return { new_password: own('password') };
  if (['email_taken', 'wrong_credentials', 'rate_limited', 'offline'].includes(error.code)) {
    return { [error.code === 'email_taken' ? 'email' : '_form']: own(error.code) };
  }
  const fields = {};
  for (const name of Object.keys(error.fields ?? {})) {
    if (name === 'email' || name === 'password') fields[name] = own(name);
  }
  return Object.keys(fields).length ? fields : { _form: own('other') };
}

function signedInPart(section, context) {
  const { sync } = context;
  const now = h('button', { type: 'button', class: 'button primary', onclick: () => sync.syncNow() }, t('sync.now'));
  const remove = h('input', { id: 'sync-remove-data', type: 'checkbox' });
  const signOut = h('button', { type: 'button', class: 'button' }, t('sync.signOut'));
  signOut.addEventListener('click', async () => {
    const removeData = remove.checked;
    await sync.signOut({ removeData });
    toast(t(removeData ? 'sync.signedOutRemoved' : 'sync.signedOut'));
  });
  section.append(
    h('p', {}, t('sync.signedInAs', { email: sync.session.account.email })),
    h('p', { id: 'sync-state', role: 'status' }),
    h('p', { id: 'sync-pending' }),
    h('div', { id: 'sync-rejected' }),
    h('div', { class: 'actions' }, now),
    h('div', { class: 'check' }, remove, h('label', { for: remove.id }, t('sync.removeData'))),
    h('div', { class: 'actions' }, signOut),
    ...accountActions(context),
  );
  updateSyncState(section, context);
}

/**
 * A button that opens a sheet asking to confirm an account action, with the password
 * fields it needs. `act(values)` runs it against the server; an ApiError is shown next
 * to its field (a session that had ended, as a toast). Passwords are cleared whenever
 * the sheet closes, by any way.
 * @param {{id: string, key: string, fields: {name: string, label: string, autocomplete: string}[],
 *   danger?: boolean, act: (values: object) => Promise<void>}} action  key: the catalogue's
 *   `sync.<key>.open|title|body|yes|done`
 */
function accountAction(context, { id, key, fields, danger = false, act }) {
  const inputs = fields.map(({ name, label, autocomplete }) => {
    const input = h('input', {
      id: `${id}-${name}`, type: 'password', autocomplete, 'aria-describedby': `${id}-${name}-error`,
    });
    return { name, input, field: h('div', { class: 'field' },
      h('label', { class: 'field-label', for: input.id }, t(label)),
      input,
      h('p', { class: 'field-error', id: `${id}-${name}-error`, 'data-error-for': name, hidden: true })) };
  });
  const cancel = h('button', { type: 'button', class: 'button' }, t('action.cancel'));
  const form = h(
    'form',
    { novalidate: true },
    h('h2', { id: `${id}-title` }, t(`sync.${key}.title`)),
    h('p', {}, t(`sync.${key}.body`)),
    inputs.map(({ field }) => field),
    h('p', { class: 'field-error', id: `${id}-_form-error`, 'data-error-for': '_form', role: 'alert', hidden: true }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: `button ${danger ? 'danger' : 'primary'}` }, t(`sync.${key}.yes`)),
      cancel),
  );
  const sheet = h('dialog', { class: 'sheet', 'aria-labelledby': `${id}-title` }, form);
  cancel.addEventListener('click', () => sheet.close());
  sheet.addEventListener('close', () => {
    for (const { input } of inputs) input.value = '';
    showFieldErrors(form, {});
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const missing = inputs.filter(({ input }) => !input.value);
    if (missing.length) {
      return showFieldErrors(form, Object.fromEntries(missing.map(({ name }) => [name, [{ code: 'required' }]])));
    }
    const values = Object.fromEntries(inputs.map(({ name, input }) => [name, input.value]));
    return whileAsking(form, async () => {
      try {
        await act(values);
        sheet.close();
        toast(t(`sync.${key}.done`));
      } catch (error) {
        if (error?.name !== 'ApiError') throw error;
        if (error.status === 401) toast(t('sync.sessionEnded'));
        else showFieldErrors(form, accountErrors(error));
      }
    });
  });
  return h(
    'div',
    { class: 'actions' },
    h('button', { type: 'button', class: 'button', onclick: () => sheet.showModal() }, t(`sync.${key}.open`)),
    sheet,
  );
}

/** Change the password, sign out every device, delete the account: each behind a sheet. */
function accountActions(context) {
  const { sync } = context;
  const current = { name: 'password', label: 'sync.password.current', autocomplete: 'current-password' };
  return [
    accountAction(context, {
      id: 'change-password',
      key: 'password',
      fields: [current, { name: 'new_password', label: 'sync.password.new', autocomplete: 'new-password' }],
      act: ({ password, new_password: next }) => sync.changePassword(password, next),
    }),
    accountAction(context, {
      id: 'sign-out-everywhere',
      key: 'everywhere',
      fields: [],
      act: () => sync.signOutEverywhere(),
    }),
    // On success (and on a session that had ended) the device signs out, which
    // closes this sheet and shows the sign-in form.
    accountAction(context, {
      id: 'delete-account',
      key: 'delete',
      fields: [{ ...current, label: 'sync.password' }],
      danger: true,
      act: ({ password }) => sync.deleteAccount(password),
    }),
  ];
}

async function updateSyncState(section, context) {
  const { sync, settings } = context;
  const state = section.querySelector('#sync-state');
  if (!state) return;
  const when = (iso) => `${formatDay(localDay(new Date(iso)))} ${formatTime(toLocalIso(new Date(iso)))}`;
  // For tests and assistive tech alike: the machine-readable state beside the words.
  state.dataset.state = sync.state;
  state.dataset.lastSynced = sync.lastSynced ?? '';
  if (sync.state === 'syncing') state.textContent = t('sync.state.syncing');
  else if (sync.state === 'offline') state.textContent = t('sync.state.offline');
  else if (sync.error?.code === 'forbidden_role') state.textContent = t('sync.state.clinician');
  else if (sync.error?.code === 'unsupported_protocol') state.textContent = t('sync.state.protocol');
  else if (sync.state === 'error') state.textContent = t('sync.state.error');
  else state.textContent = sync.lastSynced ? t('sync.state.last', { when: when(sync.lastSynced) }) : t('sync.state.never');
  const { count, since, rejected } = await sync.pending();
  section.querySelector('#sync-pending').textContent = count
    ? t('sync.pending.some', { count, when: when(since) })
    : t('sync.pending.none');
  const list = section.querySelector('#sync-rejected');
  const records = await Promise.all(rejected.map(({ change }) => context.store.get(change.id)));
  list.replaceChildren(
    rejected.length ? h('h3', {}, t('sync.rejected.heading')) : null,
    rejected.length
      ? h('ul', { class: 'entries' }, rejected.map(({ seq, change }, i) => h(
          'li',
          { class: 'entry' },
          h('span', {}, t('sync.rejected.item', {
            what: records[i] ? entrySummary(records[i], settings) : t(`kind.${change.kind}`),
            fields: Object.keys(change.rejected.errors ?? {}).map((f) => (hasField(f) ? t(`field.${f}`) : f)).join(', '),
          })),
          h('button', { type: 'button', class: 'button', onclick: () => context.store.discardRejected(seq) }, t('sync.rejected.discard')),
        )))
      : null,
  );
}

const hasField = (name) => has(`field.${name}`);
