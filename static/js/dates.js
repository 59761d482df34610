// Dates and times as people live them. Pure module.
//
// Entries keep ISO 8601 times with the offset they were written with
// ("2026-11-25T08:30:00+01:00"), so the date part is the person's local day
// wherever they later open the app.

const pad = (n, width = 2) => String(Math.trunc(Math.abs(n))).padStart(width, '0');

/** The local calendar day of a Date as YYYY-MM-DD (not UTC: a check-in at 1 am is that day). */
export function localDay(date = new Date()) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A Date as ISO 8601 with this device's offset, to the second: 2026-11-25T08:30:00+01:00. */
export function toLocalIso(date = new Date()) {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${localDay(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}

/** The value for <input type="datetime-local"> showing an ISO time's own wall clock. */
export function toInputValue(iso) {
  return typeof iso === 'string' && iso.length >= 16 ? iso.slice(0, 16) : '';
}

/** An <input type="datetime-local"> value (device time) as ISO with offset, or null. */
export function fromInputValue(value) {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : toLocalIso(date);
}

/** The wall time of `day` (YYYY-MM-DD) at the current clock time, for back-filling a day. */
export function atTimeOnDay(day, now = new Date()) {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(y, m - 1, d, now.getHours(), now.getMinutes(), 0);
  return toLocalIso(date);
}

/** YYYY-MM-DD plus `n` days (negative goes back). */
export function addDays(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  return localDay(new Date(y, m - 1, d + n));
}

export function isDay(value) {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
}

// Making an Intl formatter is costly (the first one loads locale data: about
// a seventh of a throttled cold start); formatting with one is cheap. So each
// is made once per locale and options, and kept.
const formatters = new Map();
function formatter(Type, locale, options) {
  const key = `${Type.name}|${locale ?? ''}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) formatters.set(key, (found = new Type(locale, options)));
  return found;
}

const DAY = { weekday: 'long', day: 'numeric', month: 'long' };
const SHORT_DAY = { day: 'numeric', month: 'short' };
const FULL_DAY = { day: 'numeric', month: 'long', year: 'numeric' };
const MONTH = { month: 'short', year: 'numeric' };
const TIME = { hour: 'numeric', minute: '2-digit' };
const NUMBER = { maximumFractionDigits: 1 };
const SHARE = { style: 'percent', maximumFractionDigits: 0 };

/**
 * Make the formatters of the first screen (entry times, envelope figures) now,
 * so their cost is paid while the page waits on storage, not during its first
 * render.
 */
export function prepareFormatters(locale = undefined) {
  formatter(Intl.DateTimeFormat, locale, TIME);
  formatter(Intl.NumberFormat, locale, NUMBER);
}

/** A day as the person's locale writes it, e.g. "Wednesday 25 November". */
export function formatDay(day, locale = undefined) {
  const [y, m, d] = day.split('-').map(Number);
  return formatter(Intl.DateTimeFormat, locale, DAY).format(new Date(y, m - 1, d));
}

/** A day with its year, for what is printed and kept: "25 November 2026". */
export function formatFullDay(day, locale = undefined) {
  const [y, m, d] = day.split('-').map(Number);
  return formatter(Intl.DateTimeFormat, locale, FULL_DAY).format(new Date(y, m - 1, d));
}

/** A moment's date, short, for a chart's axis: "3 Nov", or "Nov 2026" when `months`. */
export function formatAxisDate(date, { months = false } = {}, locale = undefined) {
  return formatter(Intl.DateTimeFormat, locale, months ? MONTH : SHORT_DAY).format(date);
}

/** The wall-clock time of an ISO time as the locale writes it, e.g. "18:30" or "6:30 PM". */
export function formatTime(iso, locale = undefined) {
  const [hours, minutes] = iso.slice(11, 16).split(':').map(Number);
  return formatter(Intl.DateTimeFormat, locale, TIME).format(new Date(2000, 0, 1, hours, minutes));
}

/** A number as the locale writes it, at most one decimal. */
export function formatNumber(value, locale = undefined) {
  return formatter(Intl.NumberFormat, locale, NUMBER).format(value);
}

/**
 * A ratio (spent / budget, used / had: 1 is the whole) as a whole percentage the locale's
 * way, "125%": every ratio on every screen is written so, since one decimal made 1.25
 * read "1.3". Ratios are kept to two decimals, so a whole percent loses nothing.
 */
export function formatShare(ratio, locale = undefined) {
  return formatter(Intl.NumberFormat, locale, SHARE).format(ratio);
}
