// The app controller: opens storage, wires the shell, and routes between views.

import { isDay, localDay, prepareFormatters } from './dates.js';
import { homeScreenState, requestPersistence, watchConnectivity } from './device.js';
import { openDatabase } from './db.js';
import { needsHomeScreen } from './home-screen.js';
import { watchTableFit } from './fit.js';
import { h, keepEdits, replaceChildren } from './dom.js';
import { effectiveSettings, symptomsInUse } from './kinds.js';
import { combineRecords } from './record.js';
import { pseudoCatalogue, t, useCatalogue } from './messages.js';
import { RecordStore } from './store.js';
import { leaveScreen, toast, watchDock } from './ui.js';
import { registerServiceWorker, showUpdateBanner } from './updates.js';
import { changeVisit, startVisits } from './visits.js';
import { renderCrashMode, renderDay } from './views/day.js';
import { homeScreenNote } from './views/home-screen.js';

// Screens other than the day load when first shown (from the worker's cache
// when offline), so a cold start compiles only what the first screen needs.
const renderHistory = lazy(() => import('./views/history.js'), 'renderHistory');
const renderDoses = lazy(() => import('./views/doses.js'), 'renderDoses');
const renderSettings = lazy(() => import('./views/settings.js'), 'renderSettings');
const renderInsights = lazy(() => import('./views/insights.js'), 'renderInsights');
const renderQuestionnaire = lazy(() => import('./views/questionnaire.js'), 'renderQuestionnaire');
const renderOwnReport = lazy(() => import('./views/report.js'), 'renderOwnReport');
// The clinician's view: only ever loaded for a clinician's session.
const clinicianView = () => import('./views/clinician.js');

function lazy(load, name) {
  return async (...args) => (await load())[name](...args);
}

const TABS = [
  ['today', 'nav.today'],
  ['history', 'nav.history'],
  ['doses', 'nav.doses'],
  ['insights', 'nav.insights'],
  ['settings', 'nav.settings'],
];
// A clinician's account has no diary: its patients, and Settings for the account.
const CLINICIAN_TABS = [
  ['patients', 'clinician.nav.patients'],
  ['settings', 'nav.settings'],
];
const CLINICIAN_ROUTES = new Set(['patients', 'patient', 'settings']);
const CRASH_MODE_KEY = 'envelope:crash-mode';
const WELCOMED_KEY = 'envelope:welcomed';
const HOME_SCREEN_NOTED_KEY = 'envelope:home-screen-noted';

/**
 * '#day/2026-11-20' -> {name: 'day', arg: '2026-11-20'}; '#questionnaire/<id>/edit' ->
 * {name: 'questionnaire', arg: '<id>', edit: true}; '#report/2026-11-01/2026-11-30' ->
 * {name: 'report', from, to} (both null for '#report': the last 30 days); unknown -> today.
 */
export function parseRoute(hash) {
  const [name, ...rest] = hash.replace(/^#/, '').split('/');
  const arg = rest.length ? decodeURIComponent(rest.join('/')) : null;
  if (name === 'day' && isDay(arg)) return arg === localDay() ? { name: 'today' } : { name, arg };
  if (name === 'doses' || name === 'insights') return { name, arg };
  if (name === 'questionnaire') {
    const [id = null, mode] = rest.map((part) => decodeURIComponent(part));
    return { name, arg: id, edit: mode === 'edit' };
  }
  if (name === 'report') {
    const [from, to] = rest;
    return isDay(from) && isDay(to) ? { name, from, to } : { name, from: null, to: null };
  }
  if (name === 'history' || name === 'settings') return { name };
  // A clinician's: '#patients', '#patients/redeem/<code>', '#patient/<id>[/report]'.
  if (name === 'patients') {
    const code = rest[0] === 'redeem' && rest[1] ? decodeURIComponent(rest[1]) : null;
    return { name, arg: code };
  }
  if (name === 'patient' && rest[0]) {
    return { name, arg: decodeURIComponent(rest[0]), report: rest[1] === 'report' };
  }
  return { name: 'today' };
}

export async function start() {
  if (navigator.language === 'en-XA') useCatalogue(pseudoCatalogue());
  const root = document.documentElement;
  const view = document.getElementById('view');
  const banner = document.getElementById('update-banner');

  // Storage opens off the main thread, and a cold start waits on it more than
  // on anything else; so ask first, and build the shell meanwhile.
  const opening = openDatabase({
    onNewerVersion: () => showUpdateBanner(banner, () => location.reload()),
  });
  watchConnectivity(document.getElementById('connectivity'));
  // The worker is not needed to show the first screen: register it after.
  const worker = registerServiceWorker(banner).catch((error) =>
    console.warn('service worker registration failed', error),
  );
  const nav = document.getElementById('nav');
  let links = renderNav(nav, TABS);
  const crashToggle = document.getElementById('crash-mode');
  crashToggle.textContent = t('crashMode.enter');
  // The first read of localStorage loads it from disk, and the first Intl
  // formatter loads locale data (tens of ms each when throttled): both now.
  const crashMode = () => localStorage.getItem(CRASH_MODE_KEY) === 'on';
  crashMode();
  prepareFormatters();

  let store;
  try {
    store = await RecordStore.open(await opening);
  } catch (error) {
    console.error(error);
    replaceChildren(view, h('p', { class: 'card', role: 'alert' }, t('error.storage')));
    root.dataset.ready = 'error';
    return;
  }

  const context = {
    store,
    version: root.dataset.version,
    persistence: 'unsupported',
    homeScreen: homeScreenState(), // iOS, and whether from the Home Screen
  };
  watchTableFit();
  await loadSettings(context);
  // A clinician's session shows the clinician's view from the first screen, so its sync
  // (which runs no cycle: it has no diary) is made now, before that screen needs it.
  const session = await store.getMeta('session');
  if (session?.account?.role === 'clinician') await startSync(context, { wait: true });
  let clinician = false;
  const applyRole = () => {
    clinician = context.sync?.isClinician ?? false;
    root.dataset.role = clinician ? 'clinician' : 'patient';
    links = renderNav(nav, clinician ? CLINICIAN_TABS : TABS);
    crashToggle.hidden = clinician;
    // The welcome speaks of a diary: a clinician's account has none.
    if (clinician) document.querySelector('dialog.welcome')?.close();
  };
  applyRole();

  let rendering = Promise.resolve();
  let shown = null; // the screen on view: its hash and mode
  async function show() {
    const inCrashMode = crashMode() && !clinician;
    const screen = `${location.hash}|${inCrashMode}`;
    // Drawn again in place (a save, a sync): keep what is being typed.
    const restoreEdits = screen === shown ? keepEdits(view) : () => {};
    shown = screen;
    root.dataset.mode = inCrashMode ? 'crash' : 'normal';
    crashToggle.setAttribute('aria-pressed', String(inCrashMode));
    let route = parseRoute(location.hash);
    // Each side sees only its own screens; anything else opens the side's first one.
    if (clinician && !CLINICIAN_ROUTES.has(route.name)) route = { name: 'patients' };
    if (!clinician && (route.name === 'patients' || route.name === 'patient')) route = { name: 'today' };
    // A day is under History, a patient under Patients; the appointment report opens from Insights.
    const tab = { day: 'history', report: 'insights', patient: 'patients' }[route.name] ?? route.name;
    for (const [name, link] of Object.entries(links)) {
      if (name === tab) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    if (clinician && route.name === 'patients') await (await clinicianView()).renderPatients(view, context, route.arg);
    else if (clinician && route.name === 'patient') {
      const module = await clinicianView();
      if (route.report) await module.renderPatientReport(view, context, route.arg);
      else await module.renderPatientDiary(view, context, route.arg);
    }
    else if (inCrashMode) await renderCrashMode(view, context, () => setCrashMode(false));
    else if (route.name === 'today') await renderDay(view, context);
    else if (route.name === 'day') await renderDay(view, context, route.arg);
    else if (route.name === 'history') await renderHistory(view, context);
    else if (route.name === 'doses') await renderDoses(view, context, route.arg);
    else if (route.name === 'insights') await renderInsights(view, context, route.arg);
    else if (route.name === 'report') await renderOwnReport(view, context, route);
    else if (route.name === 'questionnaire') {
      await renderQuestionnaire(view, context, route.arg, { edit: route.edit });
    }
    else await renderSettings(view, context);
    restoreEdits();
    root.dataset.route = inCrashMode ? 'crash' : route.name;
    performance.mark(`envelope-route:${root.dataset.route}`);
  }
  // Renders run one after another, so a slow one never paints over a newer one.
  const rerender = () => {
    rendering = rendering.then(show, show);
    return rendering;
  };
  function setCrashMode(on) {
    localStorage.setItem(CRASH_MODE_KEY, on ? 'on' : 'off');
    rerender().then(() => view.focus());
  }
  crashToggle.addEventListener('click', () => setCrashMode(!crashMode()));
  startVisits();
  watchDock();
  window.addEventListener('hashchange', () => {
    context.importOutcome = null; // an outcome belongs to the visit that made it
    // Another screen opens at its top, as a page does (the questionnaire, opened from the
    // end of Today, would otherwise open at its third item); Back returns to where the
    // person was. Also when drawing failed: the screen left is gone either way.
    const scroll = changeVisit();
    leaveScreen();
    rerender().finally(() => {
      scroll();
      view.focus({ preventScroll: true });
    });
  });
  store.subscribe((record) => {
    // What a save waits for before it says "saved" (Settings): the screen drawn again, so
    // whatever the person does next lands in the form that stays.
    context.redrawn = (async () => {
      if (!record || record.kind === 'settings') await loadSettings(context);
      // Keep an open form's typing: a change elsewhere re-renders once it closes.
      const form = document.querySelector(
        'dialog.sheet[open]:not(.welcome), [data-holds-redraw]:not([hidden])',
      );
      if (form) form.addEventListener('close', rerender, { once: true });
      else await rerender();
    })().catch((error) => console.error('redraw failed', error));
  });

  await rerender();
  root.dataset.ready = 'true';
  performance.mark('envelope-ready');

  welcomeOnce({ homeScreen: !clinician && needsHomeScreen(context.homeScreen) });
  // "Ask me how it went" on doses: a question in the app while it is open (no push: README).
  if (!clinician) {
    import('./views/ask-effect.js')
      .then(({ watchDoseQuestions }) => { context.doseQuestions = watchDoseQuestions(context); })
      .catch((error) => console.warn('dose questions failed to start', error));
  }
  const notice = sessionStorage.getItem('envelope:notice');
  if (notice) {
    sessionStorage.removeItem('envelope:notice');
    toast(notice);
  }
  // After first paint: ask the browser to keep our data, and say so in settings; and start
  // sync (it sends nothing without an account). Sync does not wait for the answer: Firefox
  // answers persist() only once the person answers its prompt, which may be never.
  requestPersistence().then((persistence) => {
    context.persistence = persistence;
    if (root.dataset.route === 'settings') rerender();
  });
  if (!context.sync) {
    await startSync(context);
    if (root.dataset.route === 'settings') await rerender();
  }
  // Signing in as a clinician, or out of it, changes the whole app: its tabs and screens.
  context.sync.subscribe((sync) => {
    if (sync.isClinician === clinician) return;
    applyRole();
    if (clinician) location.hash = '#patients';
    else rerender();
  });
  await worker;
}

/** Make the sync engine; `wait` until it has read its session (a clinician's: no cycle). */
async function startSync(context, { wait = false } = {}) {
  const { Sync } = await import('./sync.js');
  context.sync = new Sync(context.store);
  const started = context.sync.start().catch((error) => console.warn('sync failed to start', error));
  if (wait) await started;
}

async function loadSettings(context) {
  // Every settings record as one: another client or an import may have named one otherwise.
  context.settingsRecord = combineRecords(await context.store.byKind('settings'), 'settings');
  // With no list of their own, the names the diary already rates choose the starting list.
  const inUse = context.settingsRecord?.data?.symptoms
    ? undefined
    : symptomsInUse((await Promise.all(['checkin', 'episode'].map((k) => context.store.byKind(k)))).flat());
  context.settings = effectiveSettings(context.settingsRecord, { symptomsInUse: inUse });
  document.documentElement.dataset.theme = context.settings.theme ?? 'system';
}

function renderNav(nav, tabs) {
  const links = {};
  for (const [route, label] of tabs) {
    links[route] = h('a', { href: `#${route}`, class: 'nav-link' }, t(label));
  }
  nav.setAttribute('aria-label', t('nav.label'));
  replaceChildren(nav, Object.values(links));
  return links;
}

/**
 * A welcome that never blocks: a dismissible dialog, once per device. On an iPhone or iPad
 * in the browser (`homeScreen`) it also says, once, how to add Envelope to the Home Screen
 * (iOS has no install prompt); someone welcomed before gets that note alone.
 */
function welcomeOnce({ homeScreen }) {
  const welcome = !localStorage.getItem(WELCOMED_KEY);
  const note = homeScreen && !localStorage.getItem(HOME_SCREEN_NOTED_KEY);
  if (!welcome && !note) return;
  localStorage.setItem(WELCOMED_KEY, 'yes');
  if (note) localStorage.setItem(HOME_SCREEN_NOTED_KEY, 'yes');
  const dialog = h(
    'dialog',
    { class: 'sheet welcome', 'aria-labelledby': welcome ? 'welcome-title' : 'home-screen-note-heading' },
    welcome ? h('h2', { id: 'welcome-title' }, t('welcome.title')) : null,
    welcome ? h('p', {}, t('welcome.body')) : null,
    note ? homeScreenNote({ alone: !welcome }) : null,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button primary', onclick: () => dialog.close() },
        t(welcome ? 'welcome.close' : 'homeScreen.close'))),
  );
  dialog.addEventListener('close', () => dialog.remove());
  // Non-modal and in the page's flow, above Today: it covers nothing, so Today
  // is usable at once and the welcome can be read or ignored.
  document.getElementById('view').before(dialog);
  dialog.show();
}
