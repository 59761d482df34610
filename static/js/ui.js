// Pieces the views share: the Undo toast, field errors, entry summaries.

import { formatNumber, formatTime } from './dates.js';
import { h } from './dom.js';
import { activityPoints, hrMark } from './envelope.js';
import { dsqPemScore } from './insights/questionnaire.js';
import { TIME_FIELD } from './kinds.js';
import { has, t } from './messages.js';

const UNDO_MS = 8000;

/**
 * Show a calm note with an optional Undo button for a few seconds.
 * @param {string} message
 * @param {(() => Promise<void>)|null} undo
 */
export function toast(message, undo = null) {
  const region = document.getElementById('toast');
  clearTimeout(region.timer);
  const children = [h('p', {}, message)];
  if (undo) {
    children.push(
      h(
        'button',
        {
          type: 'button',
          class: 'button',
          onclick: async () => {
            region.hidden = true;
            await undo();
          },
        },
        t('toast.undo'),
      ),
    );
  }
  region.replaceChildren(...children);
  region.hidden = false;
  region.timer = setTimeout(() => {
    region.hidden = true;
  }, UNDO_MS);
}

/** The message for one validation error {code, params}. */
export function errorMessage({ code, params = {} }) {
  if (code === 'range' && params.exclusiveMin) return t('validation.rangeExclusive', params);
  const key = `validation.${code}`;
  return has(key) ? t(key, params) : t('validation.other');
}

/**
 * Show errors ({field: [{code, params}]}) next to their fields in `form`, and
 * clear old ones. Each field has a `[data-error-for=name]` element. Nested
 * paths (symptoms.fatigue) are shown at their own element when the form has
 * one (a questionnaire's rating, frequency.2), else at their top-level field.
 * @returns {boolean} whether there were errors
 */
export function showFieldErrors(form, errors) {
  for (const slot of form.querySelectorAll('[data-error-for]')) {
    slot.hidden = true;
    slot.textContent = '';
    const control = form.querySelector(`[aria-describedby~="${slot.id}"]`);
    control?.removeAttribute('aria-invalid');
  }
  let first = null;
  for (const [path, list] of Object.entries(errors)) {
    const field = path.split('.')[0];
    const slot =
      (path !== field ? form.querySelector(`[data-error-for="${CSS.escape(path)}"]`) : null) ??
      form.querySelector(`[data-error-for="${field}"]`) ??
      form.querySelector('[data-error-for="_form"]');
    if (!slot) continue;
    const text = list.map(errorMessage).join(' ');
    slot.textContent = slot.textContent ? `${slot.textContent} ${text}` : text;
    slot.hidden = false;
    const control = form.querySelector(`[aria-describedby~="${slot.id}"]`);
    control?.setAttribute('aria-invalid', 'true');
    first ??= control;
  }
  first?.focus();
  return Object.keys(errors).length > 0;
}

/** One line saying what an entry is, in the person's words. */
export function entrySummary(record, settings) {
  const d = record.data;
  switch (record.kind) {
    case 'activity': {
      const points = d.points ?? activityPoints(d, settings.points_per_hour);
      return t('entry.activity', {
        name: d.name,
        category: t(`category.${d.category}`),
        intensity: t(`intensity.${d.intensity}`).toLowerCase(),
        minutes: d.duration_min,
        points: formatNumber(points),
      });
    }
    case 'rest':
      return t(d.quality == null ? 'entry.rest' : 'entry.restQuality', {
        kind: t(`rest.${d.kind}`),
        minutes: d.duration_min,
        quality: d.quality,
      });
    case 'dose':
      return t(d.effect == null ? 'entry.dose' : 'entry.doseEffect', {
        substance: d.substance,
        amount: formatNumber(d.amount),
        unit: t(`unit.${d.unit}`),
        effect: d.effect == null ? '' : t(`effect.${d.effect}`),
      });
    case 'episode':
      return d.severity
        ? t('entry.episodeSeverity', { severity: t(`severity.${d.severity}`) })
        : t('entry.episode');
    case 'checkin':
      return d.energy == null ? t('checkin.summaryNoEnergy') : t('entry.checkin', { energy: d.energy });
    case 'questionnaire':
      return t('entry.questionnaire', { answered: dsqPemScore(d).answered });
    case 'snapshot':
      return snapshotSummary(d);
    default:
      return record.kind;
  }
}

/** A snapshot in a line: its energy, then each symptom it rates ("fatigue 6, pain 3"). */
export function snapshotSummary(data) {
  const ratings = Object.entries(data.symptoms ?? {})
    .map(([name, rating]) => t('entry.symptomRating', { name, rating }))
    .join(t('entry.listSeparator'));
  return ratings
    ? t('entry.snapshotSymptoms', { energy: data.energy, symptoms: ratings })
    : t('entry.snapshot', { energy: data.energy });
}

/** When an entry happened, as the locale writes a time ('' for day-only entries). */
export function entryTime(record) {
  const field = TIME_FIELD[record.kind];
  const iso = field && field !== 'date' ? record.data[field] : null;
  return iso ? formatTime(iso) : '';
}

/** A neutral note for an activity whose heart rate passed the threshold, or null. */
export function heartRateNote(record, settings) {
  if (record.kind !== 'activity') return null;
  const mark = hrMark(record.data, settings.hr_threshold);
  if (!mark) return null;
  return h(
    'p',
    { class: 'hr-mark' },
    h('span', { class: 'hr-icon', 'aria-hidden': 'true' }, '♡'),
    ' ',
    t('hr.mark', {
      threshold: settings.hr_threshold,
      avg: record.data.avg_hr ?? '–',
      peak: record.data.peak_hr ?? '–',
    }),
  );
}
