// The clinician's view: redeem a patient's invite code, the patients who share, a patient's
// diary read-only (days newest first, filtered by kind and dates), and the report.
//
// Privacy: nothing of a patient is kept in this browser's storage. What the server answers
// lives only in the page: in what each screen draws, and in `memory`, a Map in this module
// (the shares list and the diary's filters), cleared when the clinician signs out (and gone
// with the page). No IndexedDB, localStorage, sessionStorage or Cache Storage: the
// requests are made with cache: 'no-store', and the service worker never caches /api/.
// When a read answers 404 the share has ended: that patient is dropped from memory at once.

import { formatDay, formatTime, localDay, toLocalIso } from '../dates.js';
import { h, replaceChildren } from '../dom.js';
import { effectiveSettings, symptomsInUse } from '../kinds.js';
import { t } from '../messages.js';
import { combineRecords } from '../record.js';
import { SHARE_KINDS, entriesByDay, entriesQuery, fullScope, isCodeShaped, normaliseCode } from '../shares.js';
import { entrySummary, entryTime, showFieldErrors, toast } from '../ui.js';
import { endSheet } from './sharing.js';

/** What is kept between screens: 'shares' -> the list; `patient:<id>` -> {filters}, the
 * diary's last filters (which the report's period starts from). Entries are fetched for each
 * screen and live only in what it draws. */
const memory = new Map();
let watching = null;

/** Forget every patient (sign-out). */
export function forgetPatients() {
  memory.clear();
}

function watch(context) {
  if (watching === context.sync) return;
  watching = context.sync;
  context.sync.subscribe((sync) => {
    if (!sync.isClinician) forgetPatients();
  });
}

function forgetPatient(id) {
  memory.delete(`patient:${id}`);
  const shares = memory.get('shares');
  if (shares) memory.set('shares', shares.filter((share) => share.patient?.id !== id));
}

const when = (iso) => `${formatDay(localDay(new Date(iso)))} ${formatTime(toLocalIso(new Date(iso)))}`;
const CODE_ERRORS = ['invite_unknown', 'invite_used', 'invite_expired', 'rate_limited'];

async function loadShares(context) {
  const shares = await context.sync.request('GET', '/shares');
  memory.set('shares', shares);
  return shares;
}

// ------------------------------------------------------------------ patients

/** '#patients' (and '#patients/redeem/<code>', from an invite's QR code: redeemed at once). */
export async function renderPatients(container, context, code = null) {
  watch(context);
  const list = h('div', { id: 'patients-list' });
  const form = redeemForm(context, list);
  replaceChildren(
    container,
    h('h1', {}, t('clinician.patients')),
    form,
    h('section', { class: 'card', 'aria-labelledby': 'patients-heading' },
      h('h2', { id: 'patients-heading' }, t('clinician.patients')), list),
  );
  if (code) {
    form.querySelector('#redeem-code').value = code;
    form.requestSubmit();
  }
  await showPatients(list, context);
}

async function showPatients(list, context) {
  let shares;
  try {
    shares = await loadShares(context);
  } catch (error) {
    if (error?.name !== 'ApiError') throw error;
    replaceChildren(list, h('p', { role: 'alert' }, t(error.code === 'offline' ? 'share.error.offline' : 'share.error.loadFailed')));
    return;
  }
  replaceChildren(list, shares.length
    ? h('ul', { class: 'entries patients' }, shares.map((share) => {
        const name = share.patient?.display_name ?? '';
        const { kinds } = fullScope(share.scope, SHARE_KINDS);
        return h(
          'li',
          { class: 'entry', dataset: { patient: share.patient?.id } },
          h('p', { class: 'share-name' }, h('strong', {}, name)),
          h('p', {}, t('clinician.since', { when: when(share.created_at) })),
          h('p', { class: 'quiet' }, kinds.map((kind) => t(`kind.${kind}`)).join(', ')),
          h('div', { class: 'actions' },
            h('a', { class: 'button primary', href: `#patient/${encodeURIComponent(share.patient.id)}` },
              t('clinician.open', { name })),
            h('a', { class: 'button', href: `#patient/${encodeURIComponent(share.patient.id)}/report`,
              'aria-label': t('clinician.report', { name }) }, t('clinician.openReport'))),
          endControl(list, context, share, name),
        );
      }))
    : h('p', {}, t('clinician.none')));
}

/** The clinician's side of ending a share: a button, one short confirm, then gone. */
function endControl(list, context, share, name) {
  const sheet = endSheet(context, share, {
    title: t('clinician.end', { name }),
    body: t('clinician.endConfirm', { name }),
    yes: t('clinician.endYes'),
    done: t('clinician.endDone', { name }),
  }, () => {
    forgetPatient(share.patient.id);
    return showPatients(list, context);
  });
  return h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'button danger', onclick: () => sheet.showModal() }, t('clinician.end', { name })),
    sheet);
}

function redeemForm(context, list) {
  const input = h('input', {
    id: 'redeem-code', type: 'text', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false',
    'aria-describedby': 'redeem-code-hint redeem-code-error',
  });
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'redeem-heading' },
    h('h2', { id: 'redeem-heading' }, t('clinician.redeem')),
    h('div', { class: 'field' },
      h('label', { class: 'field-label', for: input.id }, t('clinician.code')),
      h('p', { class: 'hint', id: 'redeem-code-hint' }, t('clinician.codeHint')),
      input,
      h('p', { class: 'field-error', id: 'redeem-code-error', 'data-error-for': 'code', role: 'alert', hidden: true })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary' }, t('clinician.redeemButton'))),
  );
  const say = (key) => showFieldErrors(form, { code: [{ code: 'sync', params: { text: t(key) } }] });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!isCodeShaped(input.value)) return say('clinician.error.shape');
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const share = await context.sync.request('POST', '/shares', { code: normaliseCode(input.value) });
      showFieldErrors(form, {});
      input.value = '';
      toast(t('clinician.added', { name: share.patient?.display_name ?? '' }));
      if (location.hash.startsWith('#patients/redeem/')) history.replaceState(null, '', '#patients');
      await showPatients(list, context);
    } catch (error) {
      if (error?.name !== 'ApiError') throw error;
      if (CODE_ERRORS.includes(error.code)) say(`clinician.error.${error.code}`);
      else say(error.code === 'offline' ? 'share.error.offline' : 'share.error.other');
    } finally {
      button.disabled = false;
    }
    return null;
  });
  return form;
}

// ------------------------------------------------------------------ one patient

/** Who a patient is: from the shares list (fetched if not in memory), or null (no share). */
async function patientShare(context, id) {
  const shares = memory.get('shares') ?? (await loadShares(context));
  return shares.find((share) => share.patient?.id === id) ?? null;
}

/**
 * The patient's entries for `filters`, and their settings; null when the share has ended.
 * A diary of one kind needs the settings apart (one more read, in the access log too),
 * unless `known` holds them from this visit's first load.
 * @returns {Promise<{entries: object[], settings: object, shared: boolean, filters: object}|null>}
 *   shared: whether the patient shares their settings (else `settings` are the defaults)
 */
async function loadPatient(context, id, filters, known = null) {
  const base = `/patients/${encodeURIComponent(id)}/entries`;
  const apart = filters.kind && filters.kind !== 'settings';
  try {
    const [{ entries }, settingsAnswer] = await Promise.all([
      context.sync.request('GET', base + entriesQuery(filters)),
      apart && !known ? context.sync.request('GET', `${base}?kind=settings`) : Promise.resolve(null),
    ]);
    if (apart && known) return { entries, ...known, filters };
    const settingsRecords = (settingsAnswer?.entries ?? entries).filter((e) => e.kind === 'settings');
    const settings = effectiveSettings(settingsRecords.length ? combineRecords(settingsRecords, 'settings') : null, {
      symptomsInUse: symptomsInUse(entries),
    });
    return { entries, settings, shared: settingsRecords.length > 0, filters };
  } catch (error) {
    if (error?.name === 'ApiError' && error.status === 404) {
      forgetPatient(id);
      return null;
    }
    throw error;
  }
}

function ended(container) {
  replaceChildren(
    container,
    h('section', { class: 'card', role: 'alert', id: 'share-ended' },
      h('h1', { tabindex: '-1' }, t('clinician.ended')),
      h('p', {}, t('clinician.endedBody'))),
    h('p', {}, h('a', { class: 'button', href: '#patients' }, t('clinician.back'))),
  );
}

function failed(container, error) {
  replaceChildren(
    container,
    h('p', { class: 'card', role: 'alert' }, t(error?.code === 'offline' ? 'share.error.offline' : 'share.error.loadFailed')),
    h('p', {}, h('a', { class: 'button', href: '#patients' }, t('clinician.back'))),
  );
}

/** '#patient/<id>': the diary, read-only, newest day first, with its filters. */
export async function renderPatientDiary(container, context, id) {
  watch(context);
  let share;
  let patient;
  const filters = memory.get(`patient:${id}`)?.filters ?? { kind: '', from: '', to: '' };
  try {
    share = await patientShare(context, id);
    patient = share ? await loadPatient(context, id, filters) : null;
  } catch (error) {
    if (error?.name !== 'ApiError') throw error;
    return failed(container, error);
  }
  if (!patient) return ended(container);
  memory.set(`patient:${id}`, { filters });
  const name = share.patient.display_name ?? '';
  const days = h('div', { id: 'patient-days' });
  const known = { settings: patient.settings, shared: patient.shared };
  const form = filterForm(share, filters, async (chosen) => {
    memory.set(`patient:${id}`, { filters: chosen });
    let again;
    try {
      again = await loadPatient(context, id, chosen, known);
    } catch (error) {
      if (error?.name !== 'ApiError') throw error;
      return failed(container, error);
    }
    if (!again) return ended(container);
    return showDays(days, again);
  });
  replaceChildren(
    container,
    h('p', { class: 'no-print' }, h('a', { class: 'button', href: '#patients' }, t('clinician.back'))),
    h('h1', {}, t('clinician.diary', { name })),
    h('p', { class: 'quiet' }, t('clinician.readOnly', { name })),
    h('p', { class: 'no-print' }, h('a', { class: 'button', href: `#patient/${encodeURIComponent(id)}/report` },
      t('clinician.report', { name }))),
    form,
    days,
  );
  showDays(days, patient);
  return null;
}

function filterForm(share, filters, apply) {
  const { kinds } = fullScope(share.scope, SHARE_KINDS);
  const kind = h('select', { id: 'patient-kind' },
    h('option', { value: '' }, t('clinician.allKinds')),
    kinds.filter((k) => k !== 'settings').map((k) => h('option', { value: k, selected: filters.kind === k }, t(`kind.${k}`))));
  const from = h('input', { id: 'patient-from', type: 'date', value: filters.from });
  const to = h('input', { id: 'patient-to', type: 'date', value: filters.to });
  const form = h(
    'form',
    { class: 'card filters patient-filters no-print', novalidate: true },
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: kind.id }, t('clinician.filterKind')), kind),
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: from.id }, t('clinician.from')), from),
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: to.id }, t('clinician.to')), to),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary' }, t('clinician.apply'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      await apply({ kind: kind.value, from: from.value, to: to.value });
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function showDays(container, patient) {
  const days = entriesByDay(patient.entries);
  const count = days.reduce((n, d) => n + d.entries.length, 0);
  // What is shown answers this query (for tests and assistive tech: the state in words too).
  container.dataset.query = entriesQuery(patient.filters);
  replaceChildren(
    container,
    h('p', { id: 'patient-count', role: 'status' }, t('clinician.count', { count })),
    days.length
      ? days.map(({ day, entries }) => h(
          'section',
          { class: 'card day-card', dataset: { day } },
          h('h2', {}, formatDay(day)),
          h('ul', { class: 'entries' }, entries.map((entry) => h(
            'li',
            { class: 'entry', dataset: { kind: entry.kind, id: entry.id } },
            h('div', { class: 'entry-text' },
              h('span', { class: 'entry-time' }, entryTime(entry)),
              h('span', {}, entrySummary(entry, patient.settings))),
            entry.data.note ? h('p', { class: 'entry-note' }, entry.data.note) : null,
            entry.data.for_clinician === true ? h('p', { class: 'quiet' }, t('clinician.marked')) : null,
          ))),
        ))
      : h('p', {}, t('clinician.empty')),
  );
}

// ------------------------------------------------------------------ report

/**
 * '#patient/<id>/report': the appointment report (views/report.js, the patient's own report
 * too) of what the patient shares, with their settings and name; its own period picker,
 * Print and CSV. The period starts as the diary's date filter when one is set (the report
 * fills a missing end: 30 days, or up to today), else the report's default, the last 30
 * days. Every entry is fetched whatever the period: the look-back before a crash is set
 * beside the person's usual over their whole record, as on their own device. Another
 * period is fetched again, so an ended or narrowed share shows at once, and each look is
 * in the patient's access log.
 */
export async function renderPatientReport(container, context, id, period = null) {
  watch(context);
  let share;
  let patient;
  try {
    share = await patientShare(context, id);
    patient = share ? await loadPatient(context, id, { kind: '', from: '', to: '' }) : null;
  } catch (error) {
    if (error?.name !== 'ApiError') throw error;
    return failed(container, error);
  }
  if (!patient) return ended(container);
  const { from = '', to = '' } = period ?? memory.get(`patient:${id}`)?.filters ?? {};
  performance.mark('envelope-report-fetched'); // the benchmark's split: fetched, then drawn
  const name = share.patient.display_name ?? '';
  const records = patient.entries.map(({ id: recordId, kind, data, updated_at: updatedAt }) => ({
    id: recordId, kind, data, updated_at: updatedAt,
  }));
  const body = h('div', { id: 'patient-report' });
  replaceChildren(
    container,
    h('p', { class: 'no-print' }, h('a', { class: 'button', href: `#patient/${encodeURIComponent(id)}` }, t('clinician.diary', { name }))),
    body,
  );
  const { renderReport } = await import('./report.js');
  renderReport(body, {
    records,
    settings: patient.settings,
    settingsShared: patient.shared,
    from: from || null,
    to: to || null,
    title: t('clinician.report', { name }),
    subject: name,
    csvName: name || 'patient',
    onPeriod: (start, end) => renderPatientReport(container, context, id, { from: start, to: end }),
  });
  return null;
}
