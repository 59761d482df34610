// Settings' "Reminders" card: a reminder in the person's own calendar, made as a file on
// this device (reminders.js), and how long after a dose the app asks how it went
// (ask-effect.js). Nothing here is on until the person asks for it, nothing is sent
// anywhere, and nothing counts days missed (README "Reminders").

import { localDay } from '../dates.js';
import { h } from '../dom.js';
import { ASK_AFTER_HOURS, askAfterProblems } from '../ask-effect.js';
import { t } from '../messages.js';
import { FREQUENCIES, WEEKDAYS, calendarReminder, reminderProblems, weekdayOf } from '../reminders.js';
import { showFieldErrors, toast } from '../ui.js';
import { download } from './data.js';
import { choiceGroup } from './entry-form.js';
import { askAfterHours, setAskAfterHours } from './ask-effect.js';

const P = 'reminder';
/** A time most people are home by; the person changes it before making the file. */
const DEFAULT_TIME = '19:00';
/** Where the calendar's link opens: the day, whose first card is the check-in. */
const LINK_HASH = '#today';

/** The card; async because the "ask after" hours are kept in the device's storage. */
export async function remindersSection(context) {
  const hours = await askAfterHours(context.store);
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'reminders-heading', id: 'reminders' },
    h('h2', { id: 'reminders-heading' }, t('reminders.heading')),
    calendarForm(context),
    askAfterForm(context, hours),
  );
}

function errorSlot(name) {
  return h('p', { class: 'field-error', id: `${P}-${name}-error`, 'data-error-for': name, hidden: true });
}

/** Monday to Sunday as the locale names them (a week of December 2026 starts on the 7th). */
function weekdayNames() {
  const format = new Intl.DateTimeFormat(undefined, { weekday: 'long' });
  return WEEKDAYS.map((code, i) => [code, format.format(new Date(2026, 11, 7 + i))]);
}

function calendarForm(context) {
  const today = localDay();
  const frequency = choiceGroup(P, 'frequency', FREQUENCIES, 'daily', (v) => t(`reminders.${v}`));
  frequency.setAttribute('aria-labelledby', `${P}-frequency-label`);
  frequency.setAttribute('aria-describedby', `${P}-frequency-error`);
  const days = h(
    'div',
    { class: 'options', role: 'group', id: `${P}-weekdays`, 'aria-labelledby': `${P}-weekdays-label`,
      'aria-describedby': `${P}-weekdays-error` },
    weekdayNames().map(([code, name]) =>
      h('label', { class: 'choice' },
        h('input', { type: 'checkbox', name: `${P}-weekdays`, value: code, checked: code === weekdayOf(today) }),
        h('span', {}, name)),
    ),
  );
  // Shown only for a weekly reminder, by the stylesheet (.reminder-days), so it follows the
  // choice also when a redraw puts the person's choice back (dom.js keepEdits).
  const daysField = h(
    'div',
    { class: 'field reminder-days' },
    h('p', { class: 'field-label', id: `${P}-weekdays-label` }, t('reminders.weekdays')),
    days,
    errorSlot('weekdays'),
  );
  const time = h('input', { id: `${P}-time`, type: 'time', value: DEFAULT_TIME, 'aria-describedby': `${P}-time-error` });
  const made = h('p', { id: `${P}-made`, role: 'status', class: 'hint' });
  const chosenFrequency = () => form.querySelector(`input[name="${P}-frequency"]:checked`)?.value ?? null;

  const form = h(
    'form',
    { novalidate: true, class: 'reminder-form', 'aria-labelledby': `${P}-calendar-heading` },
    h('h3', { id: `${P}-calendar-heading` }, t('reminders.calendar')),
    h('p', {}, t('reminders.calendarIntro')),
    h('div', { class: 'field' },
      h('p', { class: 'field-label', id: `${P}-frequency-label` }, t('reminders.frequency')),
      frequency,
      errorSlot('frequency')),
    daysField,
    h('div', { class: 'field' },
      h('label', { class: 'field-label', for: time.id }, t('reminders.time')),
      time,
      errorSlot('time')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary' }, t('reminders.make'))),
    made,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const reminder = {
      frequency: chosenFrequency(),
      weekdays: [...days.querySelectorAll('input:checked')].map((input) => input.value),
      time: time.value,
    };
    made.textContent = '';
    if (showFieldErrors(form, reminderProblems(reminder))) return;
    const text = calendarReminder({
      ...reminder,
      today: localDay(),
      now: Date.now(),
      // The same on this device whatever is chosen: a calendar given the file again can
      // update the reminder it has rather than add a second one.
      uid: `envelope-checkin-reminder-${context.store.nodeId}`,
      url: `${location.origin}/${LINK_HASH}`,
      summary: t('reminders.eventSummary'),
      description: t('reminders.eventDescription'),
      alarm: t('reminders.eventSummary'),
    });
    download('envelope-reminder.ics', 'text/calendar;charset=utf-8', text);
    made.textContent = t('reminders.made');
  });
  return form;
}

function askAfterForm(context, hours) {
  const { min, max } = ASK_AFTER_HOURS;
  const input = h('input', {
    id: `${P}-ask_after_hours`, type: 'number', inputmode: 'numeric', min, max, step: 1, value: hours,
    'aria-describedby': `${P}-ask_after_hours-hint ${P}-ask_after_hours-error`,
  });
  const form = h(
    'form',
    { novalidate: true, class: 'reminder-form', 'aria-labelledby': `${P}-ask-heading` },
    h('h3', { id: `${P}-ask-heading` }, t('reminders.ask')),
    h('p', { id: `${P}-ask_after_hours-hint` }, t('reminders.askIntro')),
    h('div', { class: 'field' },
      h('label', { class: 'field-label', for: input.id }, t('reminders.askAfter')),
      input,
      errorSlot('ask_after_hours')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, t('reminders.askSave'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = input.validity.badInput ? 'not a number' : input.value === '' ? null : Number(input.value);
    if (showFieldErrors(form, askAfterProblems(value))) return;
    await setAskAfterHours(context, value);
    input.defaultValue = String(value);
    toast(t('settings.saved'));
  });
  return form;
}
