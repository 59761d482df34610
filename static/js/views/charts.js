// Charts for Insights, drawn with uPlot. uPlot and its stylesheet load the first time a
// chart is drawn (the service worker has both precached, so offline too), never in the
// first load. A chart is a picture of a table the screen also shows: the canvas is
// hidden from assistive technology and the table beside it carries the numbers.

import { formatAxisDate, formatNumber } from '../dates.js';
import { h } from '../dom.js';
import { chartColumns } from '../insights/timeline.js';

const STYLESHEET = 'vendor/uPlot-1.6.32.min.css';
let uPlotLoading = null;

/** uPlot, and its stylesheet linked beside app.css (styles come from 'self' only). */
export function loadCharts() {
  uPlotLoading ??= Promise.all([import('../../vendor/uPlot-1.6.32.js'), linkStylesheet()]).then(
    ([module]) => module.default,
  );
  return uPlotLoading;
}

function linkStylesheet() {
  const app = document.querySelector('link[rel="stylesheet"][href$="/app.css"]');
  const href = app ? app.href.replace(/app\.css$/, STYLESHEET) : `/${STYLESHEET}`;
  if ([...document.styleSheets].some((sheet) => sheet.href === href)) return Promise.resolve();
  return new Promise((resolve) => {
    const link = h('link', { rel: 'stylesheet', href });
    link.addEventListener('load', resolve, { once: true });
    link.addEventListener('error', resolve, { once: true }); // a chart without its legend style still draws
    document.head.append(link);
  });
}

/**
 * Draw a chart of daily values into `host` (an empty element in the page).
 * @param {HTMLElement} host
 * @param {{days: string[], series: {label: string, values?: (number|null)[], moments?: {at: number, value: number}[],
 *   color: string, dash?: number[], dots?: boolean}[], y?: [number, number]|null, stepped?: boolean}} chart
 *   `color` names a CSS custom property (--accent), so the chart follows the theme; null
 *   values are gaps; a `dots` series is marks without a line; a series of `moments` is
 *   drawn at each reading's own time (timeline.js), the others at each day's midnight
 */
export async function drawChart(host, { days, series, y = null, stepped = false }) {
  const uPlot = await loadCharts();
  const style = getComputedStyle(document.documentElement);
  const color = (name) => style.getPropertyValue(name).trim() || 'currentColor';
  const axis = { stroke: color('--muted'), grid: { stroke: color('--border'), width: 1 }, ticks: { stroke: color('--border') } };
  const few = days.length <= 31;
  const options = {
    width: Math.max(240, host.clientWidth || 320),
    height: 180,
    scales: { x: { time: true }, y: y ? { range: y } : { auto: true } },
    // Dates and numbers as the person's locale writes them (uPlot's own are US-style).
    axes: [
      {
        ...axis,
        space: 60,
        values: (plot, splits, axisIndex, foundSpace, foundIncr) =>
          splits.map((s) => formatAxisDate(new Date(s * 1000), { months: foundIncr >= 28 * 86400 })),
      },
      { ...axis, size: 44, values: (plot, splits) => splits.map((s) => formatNumber(s)) },
    ],
    legend: { show: false }, // the caption says what each line is; the table has the values
    cursor: { drag: { x: false, y: false } },
    series: [
      {},
      ...series.map((s) => ({
        label: s.label,
        stroke: color(s.color),
        width: 2,
        dash: s.dash,
        spanGaps: false, // a day with nothing logged is a gap, never a line through it
        points: { show: s.dots || few, size: s.dots ? 8 : 6, fill: color(s.color) },
        paths: s.dots ? () => null : stepped ? uPlot.paths.stepped({ align: 1 }) : undefined,
      })),
    ],
  };
  host.replaceChildren();
  const plot = new uPlot(options, chartColumns(days, series), host);
  // The table beside it says the same; the canvas is a picture.
  host.setAttribute('aria-hidden', 'true');
  return plot;
}
