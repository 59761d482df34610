// Account and sync: sign in or up when signed out; when signed in, the sync state, Sync
// now, what the server refused, Sign out, and the account actions (change the password,
// sign out everywhere, delete the account). The engine itself is sync.js.

import { formatDay, formatTime, localDay, toLocalIso } from '../dates.js';
import { append, h, replaceChildren } from '../dom.js';
import { has, t } from '../messages.js';
import { entrySummary, errorMessage, showFieldErrors, toast } from '../ui.js';

/** Sign in or up when signed out; the sync state, Sync now and Sign out when signed in. */
export function syncSection(context) {
  const heading = h('h2', { id: 'sync-heading', tabindex: '-1' }, t('sync.heading'));
  const section = h('section', { class: 'card', id: 'sync', 'aria-labelledby': 'sync-heading' }, heading);
  const fill = () => {
    const { sync } = context;
    // A sheet open in here (deleting the account) closes first, so whatever
    // waits for it to close (a held-back redraw) runs.
    section.querySelector('dialog[open]')?.close();
    const hadFocus = section.contains(document.activeElement);
    replaceChildren(section, heading);
    if (sync.signedIn) signedInPart(section, context);
    else append(section, h('p', {}, t('sync.off')), accountForm(context));
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
  // Sign-up only: the name the other side of a share sees, and the clinician's role.
  const displayName = h('input', { id: `${S}-display_name`, type: 'text', autocomplete: 'name', maxlength: 100 });
  const clinician = h('input', { id: `${S}-clinician`, type: 'checkbox', 'aria-describedby': `${S}-clinician-hint` });
  const slot = (name) => h('p', { class: 'field-error', id: `${S}-${name}-error`, 'data-error-for': name, hidden: true });
  email.setAttribute('aria-describedby', `${S}-email-error`);
  password.setAttribute('aria-describedby', `${S}-password-hint ${S}-password-error`);
  displayName.setAttribute('aria-describedby', `${S}-display_name-hint ${S}-display_name-error`);
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
    h(
      'div',
      { class: 'field' },
      h('label', { class: 'field-label', for: displayName.id }, t('clinician.displayName')),
      h('p', { class: 'hint', id: `${S}-display_name-hint` }, t('clinician.displayNameHint')),
      displayName,
      slot('display_name'),
    ),
    h('div', { class: 'field' },
      h('div', { class: 'check' }, clinician, h('label', { for: clinician.id }, t('clinician.role'))),
      h('p', { class: 'hint', id: `${S}-clinician-hint` }, t('clinician.roleHint'))),
    h('p', { class: 'field-error', id: `${S}-_form-error`, 'data-error-for': '_form', role: 'alert', hidden: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary' }, t('sync.signIn')), signUp),
  );
  const attempt = (how) => whileAsking(form, async () => {
    const credentials = { email: email.value.trim(), password: password.value };
    const role = clinician.checked ? 'clinician' : 'patient';
    // Patients see a clinician by name, so a clinician's account needs one.
    if (how === 'up' && role === 'clinician' && !displayName.value.trim()) {
      showFieldErrors(form, { display_name: [{ code: 'required' }] });
      return;
    }
    try {
      if (how === 'up') await context.sync.signUp({ ...credentials, display_name: displayName.value.trim(), role });
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
export async function whileAsking(form, ask) {
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

/** A clinician's account: who is signed in, that nothing syncs, and the account actions. */
function clinicianPart(section, context) {
  const { sync } = context;
  const signOut = h('button', { type: 'button', class: 'button' }, t('sync.signOut'));
  signOut.addEventListener('click', async () => {
    await sync.signOut();
    toast(t('sync.signedOut'));
  });
  append(section,
    h('p', { id: 'sync-state', role: 'status', dataset: { state: sync.state } },
      t('clinician.signedIn', { email: sync.session.account.email })),
    h('p', {}, t('clinician.noSync')),
    h('div', { class: 'actions' }, signOut),
    ...accountActions(context),
  );
}

function signedInPart(section, context) {
  const { sync } = context;
  if (sync.isClinician) return clinicianPart(section, context);
  const now = h('button', { type: 'button', class: 'button primary', onclick: () => sync.syncNow() }, t('sync.now'));
  const remove = h('input', { id: 'sync-remove-data', type: 'checkbox' });
  const signOut = h('button', { type: 'button', class: 'button' }, t('sync.signOut'));
  signOut.addEventListener('click', async () => {
    const removeData = remove.checked;
    await sync.signOut({ removeData });
    toast(t(removeData ? 'sync.signedOutRemoved' : 'sync.signedOut'));
  });
  append(section,
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
  if (!state || sync.isClinician) return;
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
  replaceChildren(
    list,
    rejected.length ? h('h3', {}, t('sync.rejected.heading')) : null,
    rejected.length
      ? h('ul', { class: 'entries' }, rejected.map(({ seq, change }, i) => h(
          'li',
          { class: 'entry' },
          h('span', {}, t('sync.rejected.item', {
            what: records[i] ? entrySummary(records[i], settings) : t(`kind.${change.kind}`),
            fields: refusedFields(change.rejected),
          })),
          h('button', { type: 'button', class: 'button', onclick: () => context.sync.discard(seq) }, t('sync.rejected.discard')),
        )))
      : null,
  );
}

const hasField = (name) => has(`field.${name}`);

/** What the server refused, field by field, in the app's own words ("Energy: Use a number
 * from 0 to 10."); only the fields' names when it sent no codes (an older server). */
function refusedFields({ errors = {}, codes = null }) {
  const label = (path) => {
    const top = path.split('.')[0];
    return hasField(top) ? t(`field.${top}`) : top;
  };
  if (!codes) return Object.keys(errors).map(label).join(', ');
  return Object.entries(codes)
    .map(([path, list]) => t('sync.rejected.field', { field: label(path), why: list.map(errorMessage).join(' ') }))
    .join(' ');
}
