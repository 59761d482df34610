// Service worker registration and the update prompt.
//
// The first worker takes control at once (it calls skipWaiting itself). A later
// one waits: the page says "A new version is ready" and reloads only when the
// person taps Reload, so nothing being typed is lost.

import { h, replaceChildren } from './dom.js';
import { t } from './messages.js';

const HOUR = 60 * 60 * 1000;

export async function registerServiceWorker(banner) {
  if (!('serviceWorker' in navigator)) return null;
  const hadController = Boolean(navigator.serviceWorker.controller);
  const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  let reloadAgreed = false;

  const reload = () => {
    if (registration.waiting) {
      // Activate the new worker; the page reloads once it has taken over.
      reloadAgreed = true;
      registration.waiting.postMessage({ type: 'skip-waiting' });
    } else {
      // Another tab already let it take over: this page only needs a reload.
      location.reload();
    }
  };
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloadAgreed) location.reload();
    // A new worker took over from another tab: this page still runs the old
    // release. Offer the reload; never force it.
    else if (hadController) showUpdateBanner(banner, reload);
  });

  const watch = (worker) => {
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) {
        showUpdateBanner(banner, reload);
      }
    });
  };
  if (registration.waiting && navigator.serviceWorker.controller) showUpdateBanner(banner, reload);
  // An update may already be installing when this page loads.
  if (registration.installing) watch(registration.installing);
  registration.addEventListener('updatefound', () => {
    if (registration.installing) watch(registration.installing);
  });

  // Look for a new release when the app comes back into view and hourly while
  // open; an installed app may stay open for days.
  const check = () => registration.update().catch(() => {});
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  setInterval(check, HOUR);
  return registration;
}

/** "A new version is ready - Reload", reloading only when the person taps it. */
export function showUpdateBanner(banner, onReload) {
  replaceChildren(banner,
    h('p', {}, t('update.ready')),
    h('button', { type: 'button', class: 'button', onclick: onReload }, t('update.reload')),
  );
  banner.hidden = false;
}
