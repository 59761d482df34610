// The appointment report: one period of the person's own log, made to be read in a
// ten-minute appointment and printed (one page where it fits, two at most). Tables, not
// charts; every figure with the days it rests on. Opened by the person on their own
// diary (#report) and by a clinician on entries fetched from the server: it draws from
// the records it is given and never reads the store itself. Figures and associations
// only: no advice, no "better" or "worse".

import { formatAxisDate, formatFullDay, formatNumber, localDay } from '../dates.js';
import { h, replaceChildren } from '../dom.js';
import { dayStart } from '../insights/days.js';
import { recordsInPeriod, reportModel, reportPeriod } from '../insights/report.js';
import { t } from '../messages.js';
import { toCsv } from '../transfer.js';
import { download } from './data.js';
import { figureLabel } from './look-back.js';
import { everyRecord } from './read.js';

/** How many of a crash's look-back rows above the usual are named; the rest are counted. */
const ABOVE_SHOWN = 5;

const shown = (value) => (value === null || value === undefined ? '–' : formatNumber(value));
const days = (count) => t(count === 1 ? 'report.dayOne' : 'report.days', { count });
const shortDay = (day) => formatAxisDate(new Date(dayStart(day)));

/**
 * Draw the report into `container`.
 * @param {HTMLElement} container
 * @param {{records: object[], settings: object, settingsShared?: boolean, from?: string,
 *   to?: string, title?: string, subject?: string|null, csvName?: string|null,
 *   onPeriod?: (from: string, to: string) => void, now?: number}} options
 *   records: the diary ({id, kind, data}; no tombstones); title: the heading (default
 *   "Report for an appointment"); subject: the person's display name, or null; onPeriod:
 *   called when another period is picked (the patient's route puts it in the address,
 *   a clinician's fetches again); without it the report draws itself again for that
 *   period; settingsShared false says the settings are the defaults (a share without
 *   them); csvName: whose entries, in the CSV's file name (a clinician's patients)
 */
export function renderReport(container, options) {
  const {
    records, settings, settingsShared = true, title = null, subject = null, onPeriod = null, now = Date.now(),
  } = options;
  const period = reportPeriod({ from: options.from, to: options.to }, now);
  const model = reportModel(records, settings, period, now);
  const pick = (from, to) => {
    if (onPeriod) onPeriod(from, to);
    else renderReport(container, { ...options, from, to });
  };
  replaceChildren(container, h('article', { class: 'report', 'aria-labelledby': 'report-heading' },
    h('header', { class: 'report-head' },
      h('h1', { id: 'report-heading' }, title ?? t('report.heading')),
      subject ? h('p', { class: 'report-subject' }, t('report.subject', { name: subject })) : null,
      h('p', { dataset: { figure: 'period' } }, t('report.period', {
        from: formatFullDay(model.from), to: formatFullDay(model.to), days: days(model.days), logged: model.logged,
      })),
      h('p', { class: 'quiet' }, t('report.made', { day: formatFullDay(localDay(new Date(now))) })),
      // A share without the settings: the budget and look-back are the app's defaults.
      settingsShared ? null : h('p', { id: 'report-default-settings' }, t('report.defaultSettings'))),
    controls(model, records, pick, options.csvName),
    h('div', { class: 'report-grid' },
      dailySection(model),
      envelopeSection(model),
      activitySection(model),
      scoresSection(model)),
    crashesSection(model),
    medicationSection(model),
    notesSection(model),
    h('p', { class: 'quiet report-foot' }, t('report.foot')),
  ));
  performance.mark('envelope-report-ready'); // the benchmark's end: the report is drawn
}

/** The period picker, Print and the period's CSV: on screen only, never printed. */
function controls(model, records, pick, csvName = null) {
  const from = h('input', { type: 'date', id: 'report-from', value: model.from, required: true });
  const to = h('input', { type: 'date', id: 'report-to', value: model.to, required: true });
  const form = h('form', {
    class: 'report-period',
    onsubmit: (event) => {
      event.preventDefault();
      if (from.value && to.value) pick(from.value, to.value);
    },
  },
  h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'report-from' }, t('report.from')), from),
  h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'report-to' }, t('report.to')), to),
  h('button', { type: 'submit', class: 'button' }, t('report.show')));
  return h('div', { class: 'report-controls no-print' },
    form,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button primary', onclick: () => window.print() }, t('report.print')),
      h('button', {
        type: 'button',
        class: 'button',
        onclick: () => download(csvFile(csvName, model), 'text/csv',
          toCsv(recordsInPeriod(records, model))),
      }, t('report.csv'))));
}

/** envelope-<from>-to-<to>.csv; a clinician's carries the patient's name, so two
 * patients' files of one period do not overwrite each other. */
function csvFile(name, { from, to }) {
  const slug = (text) => text.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
  const who = name ? `-${slug(name) || 'patient'}` : ''; // a name of no Latin letters: "patient"
  return `envelope${who}-${from}-to-${to}.csv`;
}

function section(id, title, ...children) {
  return h('section', { class: 'report-section', id: `report-${id}`, 'aria-labelledby': `report-${id}-h` },
    h('h2', { id: `report-${id}-h` }, title), ...children);
}

function table(caption, headers, rows) {
  return h('table', { class: 'figures' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, headers.map((label) => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, rows));
}

/** Energy, each symptom, sleep, resting heart rate, upright hours: mean, median, days. */
function dailySection(model) {
  const row = (key, label, figure, { mean = true } = {}) => h('tr', { dataset: { key } },
    h('th', { scope: 'row' }, label),
    h('td', {}, mean ? shown(figure.mean) : '–'),
    h('td', {}, shown(figure.median)),
    h('td', {}, days(figure.days)));
  const [energy, ...symptoms] = model.trends;
  return section('daily', t('report.daily'),
    table(t('report.daily'), [t('report.figure'), t('report.mean'), t('report.median'), t('report.on')], [
      row('energy', t('report.energy'), energy),
      ...symptoms.map((s) => row(s.key, t('report.symptom', { name: s.name }), s)),
      row('sleep_hours', t('report.sleepHours'), model.sleep.hours),
      row('sleep_quality', t('report.sleepQuality'), model.sleep.quality),
      row('resting_hr', t('report.restingHr'), model.restingHr, { mean: false }),
      row('upright_hours', t('report.upright'), model.uprightHours),
    ]),
    h('p', { class: 'quiet' }, t('report.scales')));
}

function envelopeSection(model) {
  const e = model.envelope;
  return section('envelope', t('report.envelope'),
    h('p', { dataset: { figure: 'budget' } }, t('report.budget', { budget: e.budget })),
    table(t('report.envelope'), [t('report.within'), t('report.near'), t('report.over'), t('report.unlogged')], [
      h('tr', { dataset: { figure: 'envelope-days' } },
        [e.within, e.near, e.over, e.unlogged].map((n) => h('td', {}, days(n)))),
    ]),
    h('p', { dataset: { figure: 'spent' } }, t('report.spent', {
      mean: shown(e.spent.mean), median: shown(e.spent.median), days: days(e.spent.days),
    })));
}

function activitySection(model) {
  const { categories, points, minutes } = model.activity;
  return section('activity', t('report.activity'),
    table(t('report.activity'), [t('report.category'), t('report.points'), t('report.minutes'), t('report.on')], [
      ...categories.map((c) => h('tr', { dataset: { category: c.category } },
        h('th', { scope: 'row' }, t(`category.${c.category}`)),
        h('td', {}, shown(c.points)), h('td', {}, shown(c.minutes)), h('td', {}, days(c.days)))),
      h('tr', { class: 'total', dataset: { category: 'all' } },
        h('th', { scope: 'row' }, t('report.allCategories')),
        h('td', {}, shown(points)), h('td', {}, shown(minutes)), h('td', {}, days(model.activity.days))),
    ]));
}

/** The Bell scale and the DSQ-PEM, as scored; the threshold line in DePaul's words. */
function scoresSection(model) {
  const { bell, questionnaires } = model;
  const total = (value) => (value === null ? '–' : t('report.ofTwenty', { n: value }));
  return section('scores', t('report.scores'),
    h('p', { dataset: { figure: 'bell' } }, bell.days
      ? t('report.bell', { median: shown(bell.median), lowest: bell.lowest, highest: bell.highest, days: days(bell.days) })
      : t('report.bellNone')),
    questionnaires.length
      ? table(t('report.dsq'), [t('report.date'), t('report.dsqFrequency'), t('report.dsqSeverity'), t('report.dsqThreshold')],
          questionnaires.map((q) => h('tr', { dataset: { id: q.id } },
            h('th', { scope: 'row', class: 'report-day' }, shortDay(q.day)),
            h('td', {}, total(q.frequencyTotal)),
            h('td', {}, total(q.severityTotal)),
            h('td', {}, q.answered ? t(q.indicated ? 'report.dsqMet' : 'report.dsqNotMet') : '–'))))
      : h('p', {}, t('report.dsqNone')));
}

/** What was above the person's usual in the look-back before a crash: named, with both figures. */
function aboveUsual(back) {
  const order = (key) => (key.startsWith('category:') ? 0 : key.startsWith('activity:') ? 1 : 2);
  const rows = back.rows
    .filter((row) => row.above && !/^category:.*:minutes$/.test(row.key) && row.key !== 'heart:minutes')
    .sort((a, b) => order(a.key) - order(b.key) || b.value - a.value || (a.key < b.key ? -1 : 1));
  const named = rows.slice(0, ABOVE_SHOWN).map((row) => t('report.aboveRow', {
    what: figureLabel(row.key, back.totals), value: shown(row.value), usual: shown(row.usual),
  }));
  if (rows.length > ABOVE_SHOWN) named.push(t('report.aboveMore', { count: rows.length - ABOVE_SHOWN }));
  const text = named.length ? named.join('; ') : t('report.aboveNone');
  return back.partial ? `${text} ${t('report.partial')}` : text;
}

function crashesSection(model) {
  if (!model.episodes.length) return section('crashes', t('report.crashes'), h('p', {}, t('report.noCrashes')));
  return section('crashes', t('report.crashes'),
    table(t('report.crashes'), [t('report.date'), t('report.duration'), t('report.severity'),
      t('report.before', { hours: model.hours })],
    model.episodes.map((e) => h('tr', { dataset: { id: e.id } },
      h('th', { scope: 'row', class: 'report-day' }, shortDay(e.day)),
      h('td', {}, e.hours === null ? t('report.noEnd') : t('report.hours', { hours: shown(e.hours) })),
      h('td', {}, e.severity ? t(`severity.${e.severity}`) : '–'),
      h('td', {}, aboveUsual(e.back))))),
    h('p', { class: 'quiet' }, t('report.crashNote', { hours: model.hours, windows: model.usualWindows })));
}

function medicationSection(model) {
  if (!model.medication.length) return section('medication', t('report.medication'), h('p', {}, t('report.noDoses')));
  const dose = (amount, unit) => `${formatNumber(amount)} ${t(`unit.${unit}`)}`;
  const rows = model.medication.flatMap(({ substance, before, steps }) => [
    ...steps.map((step, i) => h('tr', { dataset: { substance, from: step.from } },
      h('th', { scope: 'row' }, i === 0 ? substance : ''),
      h('td', { class: 'report-day' }, step.from === step.to ? shortDay(step.from) : t('report.span', { from: shortDay(step.from), to: shortDay(step.to) })),
      h('td', {}, t('report.doseTimes', {
        dose: dose(step.amount, step.unit),
        times: t(step.doses === 1 ? 'report.doseOne' : 'report.doseMany', { count: step.doses }),
      })),
      h('td', {}, step.effect.rated ? t('report.effect', { mean: shown(step.effect.mean), rated: step.effect.rated }) : '–'),
      h('td', {}, step.side_effects.join(', ') || '–'))),
    before ? h('tr', { class: 'before', dataset: { substance } },
      h('th', { scope: 'row' }, ''),
      h('td', { colspan: '4' }, t('report.doseBefore', { dose: dose(before.amount, before.unit), day: shortDay(before.day) }))) : null,
  ]);
  return section('medication', t('report.medication'),
    table(t('report.medication'), [t('report.substance'), t('report.when'), t('report.dose'),
      t('report.effectRated'), t('report.sideEffects')], rows.filter(Boolean)),
    h('p', { class: 'quiet' }, t('report.effectNote')));
}

function notesSection(model) {
  if (!model.notes.length) return section('notes', t('report.notes'), h('p', {}, t('report.noNotes')));
  return section('notes', t('report.notes'),
    table(t('report.notes'), [t('report.date'), t('report.entry'), t('report.note')],
      model.notes.map((n) => h('tr', { dataset: { id: n.id, kind: n.kind } },
        h('th', { scope: 'row', class: 'report-day' }, shortDay(n.day)),
        h('td', {}, n.summary),
        h('td', { class: 'report-note' }, n.note ?? '–')))));
}

/**
 * The person's own report (#report, #report/<from>/<to>), from the records on this device.
 * Picking a period puts it in the address, so Back returns to the one before.
 */
export async function renderOwnReport(container, context, { from = null, to = null } = {}) {
  const records = (await everyRecord(context.store)).filter((record) => !record.deleted);
  renderReport(container, {
    records,
    settings: context.settings,
    from,
    to,
    onPeriod: (start, end) => { location.hash = `#report/${start}/${end}`; },
  });
}
