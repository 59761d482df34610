// Insights: what the person's own log says, computed here from IndexedDB, offline.
// Composes the pure modules under insights/ (each computed once per visit, from one
// day index); every chart has a table beside it with the same numbers. Figures and
// associations only: no advice, no praise, no "better" or "worse".

import { addDays, formatDay, formatNumber, formatTime } from '../dates.js';
import { h, replaceChildren } from '../dom.js';
import { computeInsights } from '../insights/compute.js';
import { OFFER_EVERY_DAYS } from '../insights/questionnaire.js';
import { CHECKIN_TRENDS, RANGES } from '../insights/trends.js';
import { t } from '../messages.js';
import { drawChart } from './charts.js';
import { figureLabel, lookBackTable } from './look-back.js';
import { everyRecord } from './read.js';

// The model is computed in a pure module the appointment report shares; exported here
// too, where the screen's callers have always found it.
export { computeInsights };

export const DEFAULT_RANGE = 30;
let trendShown = 'energy'; // the trend last chosen, kept while the app is open

/** '7', '30', '90', '365', 'all' -> the range; anything else -> the default. */
export function parseRange(arg) {
  if (arg === 'all') return 'all';
  const days = Number(arg);
  return RANGES.includes(days) ? days : DEFAULT_RANGE;
}

const shown = (value) => (value === null || value === undefined ? '–' : formatNumber(value));
const percent = (value) => (value === null ? '–' : `${formatNumber(Math.round(value * 100))} %`);

function trendLabel(key) {
  return key.startsWith('symptom:') ? key.slice('symptom:'.length) : key === 'points' ? t('insights.points') : t(`field.${key}`);
}

/**
 * A table of daily values, newest day first, days with nothing left out (the chart shows
 * them as gaps). Built when first opened: three years of rows would slow the screen.
 */
function dailyTable(caption, days, columns) {
  const rows = days
    .map((day, i) => ({ day, cells: columns.map((c) => c.values[i]) }))
    .filter((row) => row.cells.some((v) => v !== null))
    .reverse();
  const details = h('details', { class: 'chart-table' }, h('summary', {}, t('insights.table', { count: rows.length })));
  details.addEventListener('toggle', () => {
    if (!details.open || details.dataset.built) return;
    details.dataset.built = 'true';
    details.append(h('table', { class: 'figures' },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('doses.date')),
        columns.map((c) => h('th', { scope: 'col' }, c.label)))),
      h('tbody', {}, rows.map((row) => h('tr', {}, h('th', { scope: 'row' }, formatDay(row.day)),
        row.cells.map((v, i) => h('td', {}, (columns[i].format ?? shown)(v))))))));
  });
  return details;
}

/** Each day's snapshots as "08:10 · 3, 14:05 · 5" (a table cell), or null for none. */
function momentsByDay(days, moments) {
  const byDay = new Map();
  for (const m of moments) {
    if (!byDay.has(m.day)) byDay.set(m.day, []);
    byDay.get(m.day).push(t('snapshot.at', { time: formatTime(m.time), value: formatNumber(m.value) }));
  }
  return days.map((day) => byDay.get(day)?.join(t('entry.listSeparator')) ?? null);
}

function chartFigure(label, chart) {
  const host = h('div', { class: 'chart' });
  const figure = h('figure', { class: 'chart-figure' }, host, h('figcaption', { class: 'quiet' }, label));
  // Drawn once the host is in the page and has a width.
  requestAnimationFrame(() => drawChart(host, chart).then(() => performance.mark('envelope-chart-drawn'), (error) => {
    console.warn('chart failed', error);
    host.replaceChildren(h('p', { class: 'quiet' }, t('insights.chartFailed')));
  }));
  return figure;
}

function rangePicker(range) {
  return h('nav', { class: 'chips ranges', 'aria-label': t('insights.range') },
    RANGES.map((r) => h('a', {
      class: 'button chip',
      href: `#insights/${r}`,
      'aria-current': r === range ? 'page' : null,
      'aria-label': r === 'all' ? t('insights.rangeAll') : t('insights.rangeDays', { days: r }),
    }, r === 'all' ? t('insights.rangeAll') : formatNumber(r))));
}

function trendsSection(model) {
  const keys = Object.keys(model.trends).filter((key) => model.trends[key].count > 0 || model.trends[key].moments.length > 0);
  if (!keys.length) return section('trends', t('insights.trends'), h('p', { class: 'quiet' }, t('insights.noData')));
  if (!keys.includes(trendShown)) trendShown = keys[0];
  const body = h('div', {});
  const draw = () => {
    const series = model.trends[trendShown];
    const scale = CHECKIN_TRENDS.find(([field]) => field === trendShown)?.[1]
      ?? (trendShown.startsWith('symptom:') ? [0, 10] : null);
    const label = trendLabel(trendShown);
    const lines = [{ label, values: series.values, color: '--accent' }];
    const columns = [{ label, values: series.values }];
    if (series.budget) {
      lines.push({ label: t('insights.budget'), values: series.budget, color: '--muted', dash: [6, 6] });
      columns.push({ label: t('insights.budget'), values: series.budget.map((b, i) => (series.values[i] === null ? null : b)) });
    }
    let caption = t('insights.trendCaption', { what: label, count: series.count, days: model.days.length });
    if (series.moments.length) {
      // The snapshots as dots at their own time, beside the check-in's daily value.
      lines.push({ label: t('insights.snapshots'), moments: series.moments, color: '--focus', dots: true });
      columns.push({ label: t('insights.snapshots'), values: momentsByDay(model.days, series.moments), format: (v) => v ?? '–' });
      caption = `${caption} ${t('insights.snapshotNote', { readings: series.moments.length, days: series.momentDays })}`;
    }
    replaceChildren(body,
      chartFigure(caption, { days: model.days, series: lines, y: scale }),
      dailyTable(label, model.days, columns));
  };
  // A native select: one tap opens every choice, however many symptoms the person rates.
  const picker = h('select', {
    id: 'trend-pick',
    onchange: () => { trendShown = picker.value; draw(); },
  }, keys.map((key) => h('option', { value: key, selected: key === trendShown }, trendLabel(key))));
  draw();
  return section('trends', t('insights.trends'),
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'trend-pick' }, t('insights.trendPick')), picker),
    body);
}

function envelopeSection(model) {
  const { weeks, daily } = model.envelope;
  const { totals } = daily;
  if (!totals.logged && daily.usedOfAvailable.every((v) => v === null) && daily.uprightShare.every((v) => v === null)) {
    return section('envelope', t('insights.envelope'), h('p', { class: 'quiet' }, t('insights.noData')));
  }
  return section('envelope', t('insights.envelope'),
    h('p', { class: 'summary', dataset: { figure: 'envelope-totals' } },
      t('insights.envelopeTotals', { logged: totals.logged, within: totals.within, near: totals.near, over: totals.over })),
    totals.logged ? chartFigure(t('insights.ratioCaption'), {
      days: model.days,
      series: [{ label: t('insights.ratio'), values: daily.ratio, color: '--accent' },
        { label: t('insights.budget'), values: model.days.map(() => 1), color: '--muted', dash: [6, 6] }],
    }) : null,
    dailyTable(t('insights.envelope'), model.days, [
      { label: t('insights.ratio'), values: daily.ratio, format: percent },
      { label: t('insights.usedOfAvailable'), values: daily.usedOfAvailable, format: percent },
      { label: t('insights.uprightShare'), values: daily.uprightShare, format: percent },
    ]),
    h('details', { class: 'chart-table' },
      h('summary', {}, t('insights.byWeek')),
      h('table', { class: 'figures' },
        h('thead', {}, h('tr', {}, ['insights.weekOf', 'insights.within', 'insights.near', 'insights.over', 'insights.unlogged']
          .map((key) => h('th', { scope: 'col' }, t(key))))),
        h('tbody', {}, [...weeks].reverse().map((w) => h('tr', {},
          h('th', { scope: 'row' }, formatDay(w.week)),
          [w.within, w.near, w.over, w.unlogged].map((n) => h('td', {}, formatNumber(n)))))))),
  );
}

function crashesSection(model) {
  const { count, latest, across } = model.crashes;
  const names = acrossNames(model.index);
  if (!model.crashes.episodes) return section('crashes', t('insights.crashes'), h('p', { class: 'quiet' }, t('insights.noCrashes')));
  return section('crashes', t('insights.crashes'),
    h('p', {}, t('insights.crashCount', { count, hours: model.hours })),
    across
      ? h('div', { class: 'across' },
          h('h3', {}, t('insights.across')),
          across.rows.length ? acrossTable(across, names, model.hours)
            : h('p', { class: 'quiet' }, t('insights.acrossNone')),
          h('p', { class: 'quiet' }, t('insights.acrossNote')))
      : h('p', { class: 'quiet' }, t('insights.acrossWait', { count })),
    h('h3', {}, t('insights.latest')),
    latest.map(({ episode, back }) => h('details', { class: 'look-back' },
      h('summary', {}, t('insights.crashOn', { day: formatDay(episode.record.data.started_at.slice(0, 10)) })),
      lookBackTable(back))),
    h('p', { class: 'quiet' }, t('insights.usualNote', { hours: model.hours })),
  );
}

/** The strongest association said in words, then every row as a short table with its counts. */
function acrossTable(across, names, hours) {
  const [first] = across.rows;
  const count = (n, of) => t('insights.ofCount', { n, of });
  return [
    h('p', { dataset: { figure: 'across-first' } }, t('insights.acrossRow', {
      what: figureLabel(first.key, names), hours, above: first.crashesAbove, crashes: across.crashes,
      calmAbove: first.calmAbove, calm: across.calm,
    })),
    h('table', { class: 'figures' },
      h('thead', {}, h('tr', {}, ['insights.acrossWhat', 'insights.acrossBefore', 'insights.acrossCalm']
        .map((key) => h('th', { scope: 'col' }, t(key))))),
      h('tbody', {}, across.rows.slice(0, 10).map((row) => h('tr', { dataset: { key: row.key } },
        h('th', { scope: 'row' }, figureLabel(row.key, names)),
        h('td', {}, count(row.crashesAbove, across.crashes)),
        h('td', {}, count(row.calmAbove, across.calm)))))),
  ];
}

/** Names of activities as the person wrote them, keyed as the figures are. */
function acrossNames(index) {
  const activities = {};
  for (const { record, key } of index.timed) {
    if (record.kind === 'activity' && key) activities[key] ??= { name: record.data.name.trim() };
  }
  return { activities };
}

function titrationSection(model) {
  if (!model.titration.length) return section('titration', t('insights.titration'), h('p', { class: 'quiet' }, t('doses.none')));
  return section('titration', t('insights.titration'),
    model.titration.map(({ substance, ladder, changes }) => {
      const days = [...new Set(ladder.map((dose) => dose.day))];
      const amountOn = new Map(ladder.map((dose) => [dose.day, dose.amount]));
      const sideOn = new Map(ladder.filter((dose) => dose.side_effects.length).map((dose) => [dose.day, dose.amount]));
      return h('section', { class: 'substance', dataset: { substance } },
        h('h3', {}, substance),
        new Set(ladder.map((dose) => dose.unit)).size > 1 ? null : chartFigure(t('insights.ladderCaption', {
          substance, doses: ladder.length, changes: changes.length, unit: t(`unit.${ladder[0].unit}`),
        }), {
          days,
          stepped: true,
          y: [0, Math.max(...ladder.map((dose) => dose.amount)) * 1.1],
          series: [
            { label: t('doses.amount'), values: days.map((d) => amountOn.get(d)), color: '--accent' },
            { label: t('doses.sideEffects'), values: days.map((d) => sideOn.get(d) ?? null), color: '--over', dots: true },
          ],
        }),
        changes.length
          ? changesTable(changes)
          : h('p', { class: 'quiet' }, t('insights.noChanges')),
        h('p', {}, h('a', { class: 'button', href: `#doses/${encodeURIComponent(substance)}` }, t('insights.everyDose'))),
      );
    }),
  );
}

/**
 * For each change of dose, each figure's mean in the 7 days before and from it, with the
 * days it rests on; a figure logged on neither side is left out.
 */
function changesTable(changes) {
  return changes.map((change) => h('div', { class: 'dose-change', dataset: { day: change.day } },
    h('h4', {}, t('insights.changeRow', {
      day: formatDay(change.day),
      from: `${formatNumber(change.from.amount)} ${t(`unit.${change.from.unit}`)}`,
      to: `${formatNumber(change.to.amount)} ${t(`unit.${change.to.unit}`)}`,
    })),
    h('table', { class: 'figures' },
      h('thead', {}, h('tr', {}, ['insights.figure', 'insights.before7', 'insights.from7']
        .map((key) => h('th', { scope: 'col' }, t(key))))),
      h('tbody', {}, change.figures
        .filter((figure) => figure.before.days || figure.after.days)
        .map((figure) => h('tr', { dataset: { key: figure.key } },
          h('th', { scope: 'row' }, trendLabel(figure.key)),
          h('td', {}, t('insights.meanOf', { mean: shown(figure.before.mean), days: figure.before.days })),
          h('td', {}, t('insights.meanOf', { mean: shown(figure.after.mean), days: figure.after.days }))))))));
}

function heartSection(model) {
  const heart = model.heart;
  if (!heart) return section('heart', t('insights.heart'), h('p', { class: 'quiet' }, t('insights.heartNoThreshold')));
  return section('heart', t('insights.heart'),
    h('p', { dataset: { figure: 'heart' } }, t('insights.heartSummary', {
      daysAbove: heart.daysAbove, days: heart.days, threshold: heart.threshold,
      above: heart.above, withHr: heart.withHr, minutes: heart.minutesAbove,
    })),
    heart.activities.length
      ? h('table', { class: 'figures' },
          h('thead', {}, h('tr', {}, ['insights.activity', 'insights.timesAbove', 'insights.minutes']
            .map((key) => h('th', { scope: 'col' }, t(key))))),
          h('tbody', {}, heart.activities.map((a) => h('tr', {},
            h('th', { scope: 'row' }, a.name),
            h('td', {}, t('insights.ofTimes', { above: a.above, of: a.withHr })),
            h('td', {}, formatNumber(a.minutes))))))
      : null,
  );
}

function sleepSection(model) {
  const sleep = model.sleep;
  if (!sleep.nights) return section('sleep', t('insights.sleep'), h('p', { class: 'quiet' }, t('insights.noData')));
  const low = sleep.median - 1;
  const high = sleep.median + 1;
  const label = {
    short: t('insights.nightShort', { hours: formatNumber(low) }),
    usual: t('insights.nightUsual', { low: formatNumber(low), high: formatNumber(high) }),
    long: t('insights.nightLong', { hours: formatNumber(high) }),
  };
  return section('sleep', t('insights.sleep'),
    h('p', {}, t('insights.sleepMedian', { hours: formatNumber(sleep.median), nights: sleep.nights })),
    h('table', { class: 'figures' },
      h('thead', {}, h('tr', {}, ['insights.night', 'insights.nights', 'insights.nextEnergy']
        .map((key) => h('th', { scope: 'col' }, t(key))))),
      h('tbody', {}, ['short', 'usual', 'long'].map((name) => {
        const group = sleep.groups[name];
        return h('tr', { dataset: { group: name } },
          h('th', { scope: 'row' }, label[name]),
          h('td', {}, formatNumber(group.nights)),
          h('td', {}, t('insights.meanOf', { mean: shown(group.energy), days: group.days })));
      }))),
    h('p', { class: 'quiet' }, t('insights.sleepNote')),
  );
}

/**
 * The DSQ-PEM: its scores over time, and, at most monthly, a quiet offer to answer it
 * (never a reminder elsewhere, never required).
 */
function questionnaireSection(model) {
  const { history, offer } = model.questionnaire;
  const last = history.at(-1);
  const met = (score) => (score.answered ? t(score.indicated ? 'insights.dsqMet' : 'insights.dsqNotMet') : '–');
  const total = (value) => (value === null ? '–' : t('insights.ofCount', { n: value, of: 20 }));
  return section('questionnaire', t('insights.dsq'),
    history.length >= 2
      ? chartFigure(t('insights.dsqCaption'), {
          days: history.map((answer) => answer.day),
          y: [0, 20],
          series: [
            { label: t('insights.dsqFrequency'), values: history.map((a) => a.score.frequencyTotal), color: '--accent' },
            { label: t('insights.dsqSeverity'), values: history.map((a) => a.score.severityTotal), color: '--over', dash: [6, 6] },
          ],
        })
      : null,
    history.length
      ? h('table', { class: 'figures' },
          h('thead', {}, h('tr', {}, ['doses.date', 'insights.dsqFrequency', 'insights.dsqSeverity', 'insights.dsqThreshold']
            .map((key) => h('th', { scope: 'col' }, t(key))))),
          h('tbody', {}, [...history].reverse().map((answer) => h('tr', { dataset: { id: answer.id } },
            h('th', { scope: 'row' }, formatDay(answer.day)),
            h('td', {}, total(answer.score.frequencyTotal)),
            h('td', {}, total(answer.score.severityTotal)),
            h('td', {}, met(answer.score))))))
      : null,
    h('p', { class: 'quiet' }, t('insights.dsqAbout')),
    offer
      ? h('p', {}, h('a', { class: 'button', href: '#questionnaire' }, t('insights.dsqAnswer')))
      : last
        ? h('p', { class: 'quiet' }, t('insights.dsqLater', { day: formatDay(addDays(last.day, OFFER_EVERY_DAYS)) }))
        : null,
  );
}

function section(id, title, ...children) {
  return h('section', { class: 'card insight', id: `insight-${id}`, 'aria-labelledby': `insight-${id}-h` },
    h('h2', { id: `insight-${id}-h` }, title), ...children);
}

export async function renderInsights(container, context, arg = null) {
  const range = parseRange(arg);
  const records = await everyRecord(context.store);
  // Marks for bench/insights.py: reading the log, and computing every insight from it.
  performance.mark('envelope-insights-read');
  const model = computeInsights(records, context.settings, range);
  performance.mark('envelope-insights-computed');
  replaceChildren(
    container,
    h('h1', {}, t('insights.heading')),
    h('p', { class: 'quiet' }, t('insights.intro')),
    rangePicker(range),
    h('p', {}, h('a', { class: 'button', href: '#report' }, t('report.link'))),
    trendsSection(model),
    envelopeSection(model),
    crashesSection(model),
    titrationSection(model),
    heartSection(model),
    sleepSection(model),
    questionnaireSection(model),
  );
}
