// iPhone and iPad: whether Envelope runs in the browser rather than from the Home Screen,
// and when to warn that the browser may delete what is only on this device. Pure: the
// browser's own answers (user agent, navigator.standalone, display-mode) are passed in.
//
// Safari on iOS and iPadOS deletes a site's script-writable storage (IndexedDB, where the
// diary lives) after about 7 days of Safari use without a visit to that site; an app added
// to the Home Screen is not under that rule. iOS has no install prompt
// (no `beforeinstallprompt`), so the app says how to add it, once, and in Settings.

/** How old the oldest change only on this device may get before the warning shows. */
export const EVICTION_WARN_DAYS = 3;
const DAY_MS = 86_400_000;

/**
 * Whether this is iOS or iPadOS (every browser there is WebKit, under Safari's storage
 * rules). iPadOS 13+ says "Macintosh" like a Mac, but a Mac has no touch screen.
 */
export function isIos({ userAgent = '', maxTouchPoints = 0 } = {}) {
  if (/\b(iPhone|iPad|iPod)\b/.test(userAgent)) return true;
  return /\bMacintosh\b/.test(userAgent) && maxTouchPoints > 1;
}

/**
 * Whether the app runs from the Home Screen: iOS says so in `navigator.standalone`
 * (false in the browser, true from the Home Screen; undefined elsewhere), other browsers
 * by the display-mode the manifest asked for.
 */
export function isInstalled({ standalone, displayModeStandalone = false } = {}) {
  return standalone === true || displayModeStandalone === true;
}

/** Whether to show how to add Envelope to the Home Screen: iOS, in the browser. */
export function needsHomeScreen({ ios, standalone } = {}) {
  return Boolean(ios) && !standalone;
}

/**
 * Whether to warn that the browser may delete what is only here: on iOS in the browser
 * (not from the Home Screen), when the oldest change not yet synced (`oldestUnsynced`,
 * ms since the epoch or an ISO time; null when there is none) is older than
 * EVICTION_WARN_DAYS at `now` (ms). With no account every change stays unsynced, and so
 * it counts: it, too, is only on this device.
 */
export function shouldWarnEviction({ ios, standalone, oldestUnsynced, now, days = EVICTION_WARN_DAYS }) {
  if (!needsHomeScreen({ ios, standalone }) || oldestUnsynced == null) return false;
  const oldest = typeof oldestUnsynced === 'number' ? oldestUnsynced : Date.parse(oldestUnsynced);
  if (!Number.isFinite(oldest)) return false;
  return now - oldest > days * DAY_MS;
}
