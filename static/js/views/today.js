// Today: the day's check-in, reachable in three taps (Check in, Energy, Save).
// The diary issue adds the envelope bar, quick-add presets and the Crash button.

import { localDay } from '../dates.js';
import { h, replaceChildren } from '../dom.js';
import { t } from '../messages.js';

export async function renderToday(container, { store }) {
  const day = localDay();
  const id = `checkin-${day}`;
  const checkin = await store.get(id);
  const energy = checkin && !checkin.deleted ? checkin.data.energy : undefined;

  const summary = h(
    'p',
    { class: 'summary', id: 'checkin-summary' },
    energy === undefined ? t('today.noCheckin') : t('today.energyToday', { energy }),
  );
  const form = checkinForm({ energy, onCancel: close, onSave: save });
  const open = h(
    'button',
    { type: 'button', class: 'button primary', 'aria-expanded': 'false', onclick: toggle },
    t('today.checkin'),
  );

  function toggle() {
    const opening = form.hidden;
    form.hidden = !opening;
    open.setAttribute('aria-expanded', String(opening));
    if (opening) form.querySelector('input:checked, input')?.focus();
  }
  function close() {
    form.hidden = true;
    open.setAttribute('aria-expanded', 'false');
    open.focus();
  }
  async function save(value) {
    await store.put({ id, kind: 'checkin', fields: { date: day, energy: value } });
    summary.textContent = t('today.energyToday', { energy: value });
    close();
  }

  replaceChildren(
    container,
    h('h1', {}, t('today.heading')),
    summary,
    open,
    form,
  );
}

function checkinForm({ energy, onCancel, onSave }) {
  const error = h('p', { class: 'field-error', id: 'energy-error', hidden: true });
  const choices = Array.from({ length: 11 }, (_, value) =>
    h(
      'label',
      { class: 'choice' },
      h('input', {
        type: 'radio',
        name: 'energy',
        value,
        checked: value === energy,
      }),
      h('span', {}, String(value)),
    ),
  );
  const group = h(
    'div',
    {
      role: 'radiogroup',
      'aria-labelledby': 'energy-label',
      'aria-describedby': 'energy-hint energy-error',
      class: 'scale',
    },
    choices,
  );
  const form = h(
    'form',
    { class: 'card', hidden: true, novalidate: true, 'aria-label': t('today.checkin') },
    h('p', { class: 'field-label', id: 'energy-label' }, t('today.energy')),
    h('p', { class: 'hint', id: 'energy-hint' }, t('today.energyHint')),
    group,
    error,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary' }, t('today.save')),
      h('button', { type: 'button', class: 'button', onclick: onCancel }, t('today.cancel')),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = form.querySelector('input[name="energy"]:checked');
    if (!chosen) {
      error.textContent = t('today.energyRequired');
      error.hidden = false;
      group.setAttribute('aria-invalid', 'true');
      return;
    }
    error.hidden = true;
    group.removeAttribute('aria-invalid');
    try {
      await onSave(Number(chosen.value));
    } catch {
      error.textContent = t('error.save');
      error.hidden = false;
    }
  });
  return form;
}
