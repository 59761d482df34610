// A calendar reminder made on the device: an iCalendar file (RFC 5545) with one repeating
// event and an alarm at its time, which the person opens in their own calendar. Their
// calendar then reminds them; nothing is sent anywhere and no server is involved (README
// "Reminders": why there is no push reminder). Pure module.
//
// Times are floating local times (RFC 5545 3.3.5, form 1: no "Z", no TZID): "19:00"
// means 19:00 on the wall clock of wherever the phone is, which is what "remind me at
// 19:00 every day" means, also after travel or a change of summer time. The other choice,
// the device's IANA zone with a VTIMEZONE, would need the zone's rules written out, which
// Intl does not expose, and a VTIMEZONE got wrong moves the reminder by an hour.

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
export const FREQUENCIES = ['daily', 'weekly'];
/** The event's length: a reminder, not an appointment (it is also marked free time). */
export const EVENT_MINUTES = 15;
const CRLF = '\r\n';
const MAX_OCTETS = 75;

const pad = (n, width = 2) => String(n).padStart(width, '0');

/**
 * What is wrong with a reminder as chosen, by field ({} when nothing is), in the
 * validation errors' shape ({field: [{code}]}), so the form shows each at its field.
 */
export function reminderProblems({ frequency, weekdays = [], time }) {
  const problems = {};
  if (!FREQUENCIES.includes(frequency)) problems.frequency = [{ code: 'enum' }];
  if (frequency === 'weekly' && !weekdays.some((day) => WEEKDAYS.includes(day))) {
    problems.weekdays = [{ code: 'no_weekday' }];
  }
  if (!time) problems.time = [{ code: 'required' }];
  else if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) problems.time = [{ code: 'format', params: { format: 'time' } }];
  return problems;
}

/** The weekday code of a YYYY-MM-DD day ('MO'..'SU'), the same in every time zone. */
export function weekdayOf(day) {
  const [y, m, d] = day.split('-').map(Number);
  return WEEKDAYS[(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7];
}

function addDay(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/**
 * The reminder's first day: `today` when it repeats daily, else the first chosen weekday
 * from today on (RFC 5545 wants DTSTART to be one of the rule's own occurrences).
 */
export function firstDay({ frequency, weekdays = [] }, today) {
  if (frequency !== 'weekly') return today;
  for (let n = 0; n < 7; n += 1) {
    const day = addDay(today, n);
    if (weekdays.includes(weekdayOf(day))) return day;
  }
  return today;
}

/** The recurrence rule: FREQ=DAILY, or FREQ=WEEKLY;BYDAY=MO,TH in the week's order. */
export function recurrenceRule({ frequency, weekdays = [] }) {
  if (frequency !== 'weekly') return 'FREQ=DAILY';
  return `FREQ=WEEKLY;BYDAY=${WEEKDAYS.filter((day) => weekdays.includes(day)).join(',')}`;
}

/** A TEXT value escaped (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks. */
export function escapeText(text) {
  return String(text)
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * One content line folded (RFC 5545 3.1): at most 75 octets of UTF-8 a line, each
 * continuation starting with a space; never inside a character's bytes.
 */
export function foldLine(line) {
  const encoder = new TextEncoder();
  const lines = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > MAX_OCTETS) {
      lines.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join(CRLF);
}

/** A moment as UTC DATE-TIME: 20261203T131000Z (DTSTAMP is always UTC). */
export function utcStamp(moment) {
  const date = new Date(moment);
  return (
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T` +
    `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`
  );
}

/**
 * The .ics text of a repeating reminder.
 * @param {object} reminder
 * @param {'daily'|'weekly'} reminder.frequency
 * @param {string[]} [reminder.weekdays]  'MO'..'SU', for weekly
 * @param {string} reminder.time  HH:MM on the wall clock
 * @param {string} reminder.today  YYYY-MM-DD, the device's day: the first one it may start
 * @param {number|Date} reminder.now  when the file is made (DTSTAMP)
 * @param {string} reminder.uid  the same for the same reminder, so a calendar that is
 *   given the file again updates its event rather than adding a second one
 * @param {string} reminder.url  the link back to the app
 * @param {string} reminder.summary  the event's title
 * @param {string} reminder.description  its text (the link is added on a line of its own)
 * @param {string} reminder.alarm  what the alarm says
 * @returns {string} CRLF lines, folded, ending in CRLF
 */
export function calendarReminder(reminder) {
  const { time, today, now, uid, url, summary, description, alarm } = reminder;
  const [hours, minutes] = time.split(':');
  const start = `${firstDay(reminder, today).replaceAll('-', '')}T${hours}${minutes}00`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Envelope//Reminder//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:${utcStamp(now)}`,
    `DTSTART:${start}`,
    `DURATION:PT${EVENT_MINUTES}M`,
    `RRULE:${recurrenceRule(reminder)}`,
    `SUMMARY:${escapeText(summary)}`,
    `DESCRIPTION:${escapeText(`${description}\n${url}`)}`,
    `URL:${url}`,
    // Free time: a reminder never makes the person look busy to others.
    'TRANSP:TRANSPARENT',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    `DESCRIPTION:${escapeText(alarm)}`,
    'TRIGGER:PT0S',
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
