// The app controller: opens storage, wires the shell, and routes between views.

import { watchConnectivity } from './connectivity.js';
import { openDatabase } from './db.js';
import { h, replaceChildren } from './dom.js';
import { t } from './messages.js';
import { requestPersistence } from './persistence.js';
import { RecordStore } from './store.js';
import { registerServiceWorker } from './updates.js';
import { renderSettings } from './views/settings.js';
import { renderToday } from './views/today.js';

const ROUTES = {
  today: { label: 'nav.today', render: renderToday },
  settings: { label: 'nav.settings', render: renderSettings },
};
const DEFAULT_ROUTE = 'today';

export async function start() {
  const root = document.documentElement;
  const view = document.getElementById('view');
  const nav = document.getElementById('nav');

  watchConnectivity(document.getElementById('connectivity'));
  // The worker is not needed to show the first screen: register it after.
  const worker = registerServiceWorker(document.getElementById('update-banner')).catch((error) =>
    console.warn('service worker registration failed', error),
  );

  let store;
  try {
    store = await RecordStore.open(await openDatabase());
  } catch (error) {
    console.error(error);
    replaceChildren(view, h('p', { class: 'card', role: 'alert' }, t('error.storage')));
    root.dataset.ready = 'error';
    return;
  }

  const context = { store, version: root.dataset.version, persistence: 'unsupported' };
  const links = renderNav(nav);

  async function show() {
    const name = location.hash.slice(1) in ROUTES ? location.hash.slice(1) : DEFAULT_ROUTE;
    for (const [route, link] of Object.entries(links)) {
      if (route === name) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    await ROUTES[name].render(view, context);
    root.dataset.route = name;
  }
  window.addEventListener('hashchange', () => {
    show().then(() => view.focus());
  });
  await show();
  root.dataset.ready = 'true';
  performance.mark('envelope-ready');

  // After first paint: ask the browser to keep our data, and say so in settings.
  context.persistence = await requestPersistence();
  if (root.dataset.route === 'settings') await show();
  await worker;
}

function renderNav(nav) {
  const links = {};
  for (const [route, { label }] of Object.entries(ROUTES)) {
    links[route] = h('a', { href: `#${route}`, class: 'nav-link' }, t(label));
  }
  nav.setAttribute('aria-label', t('nav.label'));
  replaceChildren(nav, Object.values(links));
  return links;
}
