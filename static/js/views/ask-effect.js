// The in-app question "How did <substance> go?", for doses the person marked "ask me how
// it went": while the app is open (or installed and running), a few hours after the dose.
// It is a calm card above the screen, covering nothing; "Rate it" opens the dose, "Close"
// puts it away. Each dose is asked about once: what was asked is kept on this device
// (IndexedDB's meta store, so "Delete all data on this device" clears it too), and never
// synced. The web has no local scheduled notifications, so nothing comes while the app is
// closed (README "Reminders").

import { formatNumber, formatTime } from '../dates.js';
import { h } from '../dom.js';
import { ASK_AFTER_HOURS, askedToKeep, nextQuestionAt, questionsDue } from '../ask-effect.js';
import { t } from '../messages.js';
import { withRecent } from './entries.js';
import { openEntryForm } from './entry-form.js';

const AFTER_HOURS_KEY = 'ask-effect-after-hours';
const ASKED_KEY = 'ask-effect-asked';
/**
 * Look again at least hourly: a phone that slept runs its timers late, and the clock may
 * have been changed. Also when the app is shown again (visibilitychange).
 */
const MAX_WAIT_MS = 3_600_000;

/** Hours after a dose before the app asks (this device's setting, 3 by default). */
export async function askAfterHours(store) {
  const value = await store.getMeta(AFTER_HOURS_KEY);
  return Number.isInteger(value) ? value : ASK_AFTER_HOURS.default;
}

export async function setAskAfterHours(context, hours) {
  await context.store.setMeta(AFTER_HOURS_KEY, hours);
  context.doseQuestions?.check();
}

/**
 * Watch the doses and show the question for the first one due, from now on.
 * @returns {{check: () => Promise<void>}} look again now (after a setting changed)
 */
export function watchDoseQuestions(context) {
  const { store } = context;
  const slot = h('div', { id: 'ask-effect', class: 'nudge-slot', role: 'status', 'aria-live': 'polite' });
  document.getElementById('view').before(slot);
  let timer = null;
  let running = Promise.resolve();
  let queued = false;

  async function look() {
    clearTimeout(timer);
    const [doses, afterHours, asked = []] = await Promise.all([
      store.byKind('dose'), askAfterHours(store), store.getMeta(ASKED_KEY),
    ]);
    const now = Date.now();
    const options = { afterHours, asked };
    const [due] = questionsDue(doses, now, options);
    show(due ?? null);
    const next = nextQuestionAt(doses, now, options);
    if (next !== null) timer = setTimeout(check, Math.min(next - now, MAX_WAIT_MS));
  }

  /** Look once more after the look in progress; writes in a burst (a sync) make one look. */
  function check() {
    if (queued) return running;
    queued = true;
    running = running.then(() => {
      queued = false;
      return look();
    }).catch((error) => console.warn('dose questions', error));
    return running;
  }

  async function markAsked(id) {
    const [doses, afterHours, asked = []] = await Promise.all([
      store.byKind('dose'), askAfterHours(store), store.getMeta(ASKED_KEY),
    ]);
    await store.setMeta(ASKED_KEY, askedToKeep([...asked, id], doses, Date.now(), { afterHours }));
  }

  function show(dose) {
    if (!dose) {
      slot.replaceChildren();
      delete slot.dataset.dose;
      return;
    }
    if (slot.dataset.dose === dose.id) return; // already shown: keep focus where it is
    slot.dataset.dose = dose.id;
    const d = dose.data;
    const question = t('askEffect.question', { substance: d.substance });
    const card = h(
      'aside',
      { class: 'card nudge', 'aria-labelledby': 'ask-effect-question' },
      h('p', { class: 'nudge-question', id: 'ask-effect-question' }, question),
      h('p', { class: 'quiet' }, t('askEffect.detail', {
        amount: formatNumber(d.amount), unit: t(`unit.${d.unit}`), time: formatTime(d.taken_at),
      })),
      h(
        'div',
        { class: 'actions' },
        h('button', {
          type: 'button',
          class: 'button primary',
          onclick: async () => {
            await markAsked(dose.id);
            const record = await store.get(dose.id);
            await check();
            if (!record || record.deleted) return;
            const dialog = openEntryForm('dose', { record, context: await withRecent(context) });
            // Straight to what the question is about: the effect, then side effects.
            dialog.querySelector('[data-field="effect"] input:checked, [data-field="effect"] input')?.focus();
          },
        }, t('askEffect.rate')),
        h('button', {
          type: 'button',
          class: 'button',
          'aria-label': `${t('askEffect.close')}: ${question}`,
          onclick: async () => {
            await markAsked(dose.id);
            document.getElementById('view').focus({ preventScroll: true }); // not lost with the button
            await check();
          },
        }, t('askEffect.close')),
      ),
    );
    slot.replaceChildren(card);
  }

  store.subscribe(() => check());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  check();
  return { check };
}
