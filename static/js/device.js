// What the browser says about this device: online or not, whether it promises to keep
// Envelope's data, and whether it is an iPhone or iPad running Envelope in the browser.

import { isInstalled, isIos } from './home-screen.js';
import { t } from './messages.js';

/** The online/offline indicator: visually quiet when online, a plain note when not. */
export function watchConnectivity(indicator) {
  const show = () => {
    const online = navigator.onLine;
    indicator.dataset.state = online ? 'online' : 'offline';
    indicator.textContent = online ? t('status.online') : t('status.offline');
  };
  window.addEventListener('online', show);
  window.addEventListener('offline', show);
  show();
}

/**
 * Ask the browser to keep Envelope's data (it may otherwise clear it when space
 * runs low, or, in Safari, after 7 days without use of a non-installed app).
 * @returns {Promise<'persisted'|'not-persisted'|'unsupported'>}
 */
export async function requestPersistence() {
  if (!navigator.storage?.persist) return 'unsupported';
  try {
    if (await navigator.storage.persisted()) return 'persisted';
    return (await navigator.storage.persist()) ? 'persisted' : 'not-persisted';
  } catch {
    return 'unsupported';
  }
}

/**
 * iOS or iPadOS, and whether Envelope runs from the Home Screen (home-screen.js decides
 * from these answers what to show).
 * @returns {{ios: boolean, standalone: boolean}}
 */
export function homeScreenState() {
  const displayModeStandalone = ['standalone', 'fullscreen', 'minimal-ui'].some(
    (mode) => window.matchMedia?.(`(display-mode: ${mode})`).matches,
  );
  return {
    ios: isIos({ userAgent: navigator.userAgent, maxTouchPoints: navigator.maxTouchPoints }),
    standalone: isInstalled({ standalone: navigator.standalone, displayModeStandalone }),
  };
}
