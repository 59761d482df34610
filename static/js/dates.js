// Dates as people live them: the local calendar day. Pure module.

/** The local calendar day of a Date as YYYY-MM-DD (not UTC: a check-in at 1 am is that day). */
export function localDay(date = new Date()) {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** A day as the person's locale writes it, e.g. "Wednesday 25 November". */
export function formatDay(day, locale = undefined) {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long' }).format(
    new Date(y, m - 1, d),
  );
}
