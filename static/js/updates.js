// Service worker registration and the update prompt.
//
// The first worker takes control at once (it calls skipWaiting itself). A later
// one waits: the page says "A new version is ready" and reloads only when the
// person taps Reload, so nothing being typed is lost.

import { h } from './dom.js';
import { t } from './messages.js';

const HOUR = 60 * 60 * 1000;

export async function registerServiceWorker(banner) {
  if (!('serviceWorker' in navigator)) return null;
  const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  let reloadAgreed = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // Also fires when the very first worker claims this page: reload only
    // after the person asked for the new version.
    if (reloadAgreed) location.reload();
  });

  const offer = (worker) => {
    showUpdateBanner(banner, () => {
      reloadAgreed = true;
      worker.postMessage({ type: 'skip-waiting' });
    });
  };
  if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    if (!worker) return;
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
    });
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

function showUpdateBanner(banner, onReload) {
  banner.replaceChildren(
    h('p', {}, t('update.ready')),
    h('button', { type: 'button', class: 'button', onclick: onReload }, t('update.reload')),
  );
  banner.hidden = false;
}
