// The data on this device: export it (JSON, CSV), import an export, or delete
// everything here. Local only: nothing here sends anything anywhere.

import { formatNumber } from '../dates.js';
import { append, h, replaceChildren } from '../dom.js';
import { t } from '../messages.js';
import { buildExport, parseExport, toCsv } from '../transfer.js';
import { errorMessage } from '../ui.js';

/** Settings' "Your data" card. */
export function dataSection(context) {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'data-heading' },
    h('h2', { id: 'data-heading' }, t('settings.data')),
    exportButtons(context),
    importField(context),
    wipeButton(context),
  );
}

/** Save `text` as a file called `name`, made on this device (nothing is sent). */
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href: url, download: name, hidden: true });
  append(document.body, link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const stamp = () => new Date().toISOString().slice(0, 10);

/** The whole diary on this device as a JSON export file (also the eviction warning's). */
export async function exportJson(context) {
  const records = await context.store.all();
  download(`envelope-${stamp()}.json`, 'application/json',
    JSON.stringify(buildExport(records, new Date().toISOString()), null, 1));
}

function exportButtons(context) {
  return h(
    'div',
    { class: 'actions' },
    h('button', {
      type: 'button',
      class: 'button',
      onclick: () => exportJson(context),
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
      replaceChildren(result,
        h('p', { class: 'field-error' }, t('settings.importFailed', { count: outcome.errors.length })),
        h('ul', {}, outcome.errors.map((error) => h('li', {}, importProblem(error)))),
      );
    } else if (outcome?.counts) {
      input.removeAttribute('aria-invalid');
      replaceChildren(result, h('p', {}, t('settings.importDone', outcome.counts)));
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
