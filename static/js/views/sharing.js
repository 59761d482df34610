// Settings, for a patient signed in: share with a clinician. Make an invite (first what it
// covers), show its code large and as a QR code drawn here, who has access and what they
// see (changed at once), ending a share in one tap and a short confirm, and who looked.
// Everything here is read from the server when shown; nothing of it is stored.

import { formatDay, formatTime, localDay, toLocalIso } from '../dates.js';
import { h } from '../dom.js';
import { t } from '../messages.js';
import { SHARE_KINDS, codeGroups, formatCode, fullScope, redeemUrl } from '../shares.js';
import { showFieldErrors, toast } from '../ui.js';
import { choiceGroup } from './entry-form.js';
import { whileAsking } from './account.js';

const NOTES = ['all', 'marked', 'none'];
const SVG = 'http://www.w3.org/2000/svg';
let scopeCount = 0;

const when = (iso) => `${formatDay(localDay(new Date(iso)))} ${formatTime(toLocalIso(new Date(iso)))}`;
const errorText = (error) =>
  t(error?.code === 'offline' ? 'share.error.offline' : error?.status === 404 ? 'share.error.not_found' : 'share.error.other');
const formError = (error) => ({ _form: [{ code: 'sync', params: { text: errorText(error) } }] });

/** The section; it fills itself when signed in as a patient, and follows sign-in and out. */
export function sharingSection(context) {
  const heading = h('h2', { id: 'share-heading', tabindex: '-1' }, t('share.heading'));
  const section = h('section', { class: 'card', id: 'share', 'aria-labelledby': 'share-heading' }, heading);
  let shownFor = null;
  let refresh = null; // reads who has access and who looked again, when signed in
  const fill = () => {
    const { sync } = context;
    if (shownFor === sync.syncing) return;
    shownFor = sync.syncing;
    section.replaceChildren(heading);
    refresh = null;
    if (!sync.syncing) {
      section.append(h('p', {}, t('share.needsAccount')));
      return;
    }
    const access = h('div', { id: 'share-access', 'aria-live': 'polite' });
    const log = h('div', { id: 'share-log' });
    refresh = () => Promise.all([showAccess(access, context, refresh), showLog(log, context)]);
    section.append(h('p', {}, t('share.intro')), inviteForm(context, refresh), access, log);
    refresh();
  };
  // Coming back to the app (after reading a code out, say) shows who has access now.
  const onVisible = () => {
    if (!section.isConnected) return document.removeEventListener('visibilitychange', onVisible);
    if (document.visibilityState === 'visible') refresh?.();
    return null;
  };
  document.addEventListener('visibilitychange', onVisible);
  fill();
  const unsubscribe = context.sync.subscribe(() => {
    if (!section.isConnected) return unsubscribe();
    fill();
  });
  return section;
}

/**
 * What a share covers, as controls: a checkbox per kind, by its catalogue name (all ticked
 * by default), and the notes (all / marked only / none). read() gives the scope to send.
 */
function scopeFields(scope) {
  scopeCount += 1;
  const prefix = `scope${scopeCount}`;
  const { kinds, notes } = fullScope(scope, SHARE_KINDS);
  const boxes = SHARE_KINDS.map((kind) => h('input', {
    id: `${prefix}-kind-${kind}`, type: 'checkbox', value: kind, checked: kinds.includes(kind),
  }));
  const kindsGroup = h(
    'fieldset',
    { class: 'field', 'aria-describedby': `${prefix}-kinds-hint ${prefix}-kinds-error` },
    h('legend', { class: 'field-label' }, t('share.kinds')),
    h('p', { class: 'hint', id: `${prefix}-kinds-hint` }, t('share.kindsHint')),
    boxes.map((box) => h('div', { class: 'check' }, box, h('label', { for: box.id }, t(`kind.${box.value}`)))),
    h('p', { class: 'field-error', id: `${prefix}-kinds-error`, 'data-error-for': 'kinds', hidden: true }),
  );
  const notesGroup = choiceGroup(prefix, 'notes', NOTES, notes, (v) => t(`share.notes.${v}`));
  notesGroup.setAttribute('aria-labelledby', `${prefix}-notes-label`);
  const element = h('div', {},
    kindsGroup,
    h('div', { class: 'field' },
      h('p', { class: 'field-label', id: `${prefix}-notes-label` }, t('share.notes')),
      notesGroup));
  const read = () => ({
    kinds: boxes.filter((box) => box.checked).map((box) => box.value),
    notes: element.querySelector(`input[name="${prefix}-notes"]:checked`)?.value ?? 'all',
  });
  return { element, read };
}

function inviteForm(context, refresh) {
  const scope = scopeFields(null);
  // While an invite is asked for or on show, the app holds back redraws (a sync pull, a
  // save elsewhere), which would fold the code away, or draw the screen again under the
  // request so that its answer lands nowhere; it redraws on 'close' (app.js).
  const result = h('div', { id: 'share-invite', hidden: true, 'data-holds-redraw': true });
  const form = h(
    'form',
    { class: 'share-form', novalidate: true, 'aria-labelledby': 'share-new-heading' },
    h('h3', { id: 'share-new-heading' }, t('share.new')),
    scope.element,
    h('p', { class: 'field-error', id: 'share-invite-_form-error', 'data-error-for': '_form', role: 'alert', hidden: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary' }, t('share.create'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = scope.read();
    if (!chosen.kinds.length) {
      showFieldErrors(form, { kinds: [{ code: 'sync', params: { text: t('share.noKinds') } }] });
      return null;
    }
    result.hidden = false; // empty: holds redraws while the request is out
    return whileAsking(form, async () => {
      try {
        const invite = await context.sync.request('POST', '/shares/invites', { scope: chosen });
        showFieldErrors(form, {});
        await showInvite(result, invite);
        refresh();
      } catch (error) {
        closeInvite(result);
        if (error?.name !== 'ApiError') throw error;
        showFieldErrors(form, formError(error));
      }
    });
  });
  return h('div', {}, form, result);
}

function closeInvite(result) {
  result.hidden = true;
  result.replaceChildren();
  result.dispatchEvent(new Event('close')); // a redraw held back meanwhile runs now
}

/** The code large, in groups, easy to read aloud; its expiry; and its QR code. */
async function showInvite(result, invite) {
  const code = formatCode(invite.code);
  const spoken = codeGroups(code).map((group) => group.join(' ')).join(', ');
  const picture = h('figure', { class: 'share-qr' });
  const done = h('button', { type: 'button', class: 'button' }, t('share.done'));
  done.addEventListener('click', () => closeInvite(result));
  result.replaceChildren(
    h('h3', { id: 'share-code-heading', tabindex: '-1' }, t('share.code')),
    // Shown in large groups; a screen reader reads it character by character instead.
    h('p', { class: 'share-code', id: 'share-code', dataset: { code } },
      codeGroups(code).map((group) => h('span', { class: 'share-code-group', 'aria-hidden': 'true' }, group.join(''))),
      h('span', { class: 'visually-hidden' }, t('share.codeAloud', { spoken }))),
    h('p', { class: 'hint' }, t('share.codeHint', { when: when(invite.expires_at) })),
    picture,
    h('div', { class: 'actions' }, done),
  );
  result.hidden = false;
  result.querySelector('#share-code-heading').focus();
  // The generator loads only now, from this app (the worker's cache offline).
  const { default: qrcode } = await import('../../vendor/qrcode-generator-2.0.4.js');
  picture.append(qrSvg(qrcode, redeemUrl(location.origin, code)));
}

/** A QR code as SVG elements (no markup strings, no data: URL): dark modules on light. */
function qrSvg(qrcode, text) {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const count = qr.getModuleCount();
  const margin = 4; // the quiet zone scanners need
  const size = count + margin * 2;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('share.qr'));
  svg.setAttribute('class', 'qr');
  const background = document.createElementNS(SVG, 'rect');
  background.setAttribute('width', String(size));
  background.setAttribute('height', String(size));
  background.setAttribute('fill', '#ffffff');
  const dark = [];
  for (let row = 0; row < count; row += 1) {
    for (let col = 0; col < count; col += 1) {
      if (qr.isDark(row, col)) dark.push(`M${col + margin} ${row + margin}h1v1h-1z`);
    }
  }
  const modules = document.createElementNS(SVG, 'path');
  modules.setAttribute('d', dark.join(''));
  modules.setAttribute('fill', '#000000');
  svg.append(background, modules);
  return svg;
}

const coversText = (scope) => {
  const { kinds, notes } = fullScope(scope, SHARE_KINDS);
  return t('share.covers', {
    kinds: kinds.length ? kinds.map((kind) => t(`kind.${kind}`)).join(', ') : t('share.coversNothing'),
    notes: t(`share.notes.${notes}`),
  });
};

/** Who has access: name, since when, what it covers; change it, or end it. */
async function showAccess(container, context, refresh) {
  let shares;
  try {
    shares = await context.sync.request('GET', '/shares');
  } catch (error) {
    if (error?.name !== 'ApiError') throw error;
    container.replaceChildren(h('h3', {}, t('share.access')), h('p', { role: 'alert' }, errorText(error)));
    return;
  }
  container.replaceChildren(
    h('h3', { id: 'share-access-heading' }, t('share.access')),
    shares.length
      ? h('ul', { class: 'entries shares' }, shares.map((share) => shareItem(context, share, refresh)))
      : h('p', {}, t('share.accessNone')),
  );
}

function shareItem(context, share, refresh) {
  const name = share.clinician?.display_name ?? '';
  const scope = scopeFields(share.scope);
  const change = h(
    'form',
    { class: 'share-change', novalidate: true, 'aria-label': t('share.change', { name }) },
    scope.element,
    h('p', { class: 'field-error', id: `share-${share.id}-_form-error`, 'data-error-for': '_form', role: 'alert', hidden: true }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary' }, t('share.changeSave', { name }))),
  );
  change.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = scope.read();
    if (!chosen.kinds.length) {
      showFieldErrors(change, { kinds: [{ code: 'sync', params: { text: t('share.noKinds') } }] });
      return null;
    }
    return whileAsking(change, async () => {
      try {
        await context.sync.request('PATCH', `/shares/${encodeURIComponent(share.id)}`, { scope: chosen });
        toast(t('share.changed', { name }));
        refresh();
      } catch (error) {
        if (error?.name !== 'ApiError') throw error;
        showFieldErrors(change, formError(error));
      }
    });
  });
  const confirm = endSheet(context, share, {
    title: t('share.end', { name }), body: t('share.endConfirm', { name }), yes: t('share.endYes'), done: t('share.ended', { name }),
  }, refresh);
  return h(
    'li',
    { class: 'entry share', dataset: { share: share.id } },
    h('p', { class: 'share-name' }, h('strong', {}, name)),
    h('p', {}, t('share.since', { when: when(share.created_at) })),
    h('p', { class: 'share-covers' }, coversText(share.scope)),
    h('details', { class: 'share-details' }, h('summary', {}, t('share.change', { name })), change),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button danger', onclick: () => confirm.showModal() }, t('share.end', { name }))),
    confirm,
  );
}

/**
 * "End sharing with …?": one short confirm, then the share is gone at once. Either side
 * ends a share (the clinician's Patients too), each in its own words: {title, body, yes, done}.
 */
export function endSheet(context, share, words, refresh) {
  const titleId = `share-${share.id}-end-title`;
  const cancel = h('button', { type: 'button', class: 'button' }, t('action.cancel'));
  const form = h(
    'form',
    { novalidate: true },
    h('h2', { id: titleId }, words.title),
    h('p', {}, words.body),
    h('p', { class: 'field-error', id: `${titleId}-_form-error`, 'data-error-for': '_form', role: 'alert', hidden: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button danger' }, words.yes), cancel),
  );
  const sheet = h('dialog', { class: 'sheet', 'aria-labelledby': titleId }, form);
  cancel.addEventListener('click', () => sheet.close());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    return whileAsking(form, async () => {
      try {
        await context.sync.request('DELETE', `/shares/${encodeURIComponent(share.id)}`);
      } catch (error) {
        if (error?.name !== 'ApiError') throw error;
        if (error.status !== 404) return showFieldErrors(form, formError(error)); // 404: ended already
      }
      sheet.close();
      toast(words.done);
      refresh();
      return null;
    });
  });
  return sheet;
}

/** Who looked, when, and at what; newest first, as the server lists it. */
async function showLog(container, context) {
  let log;
  try {
    log = await context.sync.request('GET', '/access-log');
  } catch (error) {
    if (error?.name !== 'ApiError') throw error;
    container.replaceChildren(h('h3', {}, t('share.log')), h('p', { role: 'alert' }, errorText(error)));
    return;
  }
  const what = ({ kind, from, to } = {}) => (kind || from || to
    ? t('share.logFilter', {
        kind: kind ? t(`kind.${kind}`) : t('share.logAny'),
        from: from ? formatDay(from) : t('share.logStart'),
        to: to ? formatDay(to) : t('share.logNow'),
      })
    : t('share.logAll'));
  container.replaceChildren(
    h('h3', { id: 'share-log-heading' }, t('share.log')),
    log.length
      ? h('ul', { class: 'entries compact access-log' }, log.map((item) => h(
          'li',
          { dataset: { share: item.share_id ?? '' } },
          t('share.logItem', { name: item.clinician?.display_name ?? '', what: what(item.query ?? {}), when: when(item.at) }),
        )))
      : h('p', {}, t('share.logNone')),
  );
}
