import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  EVICTION_WARN_DAYS,
  isInstalled,
  isIos,
  needsHomeScreen,
  shouldWarnEviction,
} from '../../static/js/home-screen.js';

// User agents as the browsers send them.
const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const IPHONE_CHROME =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1';
// iPadOS 13+ asks for desktop sites by default: a Mac's user agent, but a touch screen.
const IPAD_DESKTOP =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15';
const ANDROID_CHROME =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 3, 12);

test('iPhone, iPod and iPad are iOS in any browser; a Mac is not, an iPad posing as one is', () => {
  assert.equal(isIos({ userAgent: IPHONE_SAFARI, maxTouchPoints: 5 }), true);
  assert.equal(isIos({ userAgent: IPHONE_CHROME, maxTouchPoints: 5 }), true);
  assert.equal(isIos({ userAgent: IPAD_DESKTOP, maxTouchPoints: 5 }), true);
  assert.equal(isIos({ userAgent: IPAD_DESKTOP, maxTouchPoints: 0 }), false); // a Mac
  assert.equal(isIos({ userAgent: ANDROID_CHROME, maxTouchPoints: 5 }), false);
  assert.equal(isIos({}), false);
});

test('installed: iOS says navigator.standalone, the rest say their display-mode', () => {
  assert.equal(isInstalled({ standalone: true }), true);
  assert.equal(isInstalled({ standalone: false }), false);
  assert.equal(isInstalled({ standalone: undefined, displayModeStandalone: true }), true);
  assert.equal(isInstalled({ standalone: undefined, displayModeStandalone: false }), false);
  assert.equal(isInstalled(), false);
});

test('the steps show on iOS in the browser only', () => {
  assert.equal(needsHomeScreen({ ios: true, standalone: false }), true);
  assert.equal(needsHomeScreen({ ios: true, standalone: true }), false);
  assert.equal(needsHomeScreen({ ios: false, standalone: false }), false);
  assert.equal(needsHomeScreen(), false); // a context that never asked: nothing shown
});

test('the warning: iOS in the browser, and the oldest unsynced change over 3 days old', () => {
  const at = (days) => NOW - days * DAY;
  const warn = (over) => shouldWarnEviction({ ios: true, standalone: false, now: NOW, ...over });
  assert.equal(EVICTION_WARN_DAYS, 3);
  assert.equal(warn({ oldestUnsynced: at(10) }), true);
  assert.equal(warn({ oldestUnsynced: at(3) + 1 }), false); // not yet over 3 days
  assert.equal(warn({ oldestUnsynced: at(3) - 1 }), true);
  assert.equal(warn({ oldestUnsynced: at(1) }), false);
  assert.equal(warn({ oldestUnsynced: new Date(at(4)).toISOString() }), true); // ISO too
  assert.equal(warn({ oldestUnsynced: null }), false); // everything synced
  assert.equal(warn({ oldestUnsynced: 'not a time' }), false);
  // From the Home Screen, or not iOS at all: never, however old.
  assert.equal(warn({ oldestUnsynced: at(30), standalone: true }), false);
  assert.equal(warn({ oldestUnsynced: at(30), ios: false }), false);
  // A clock set back after writing (the change seems to be from the future): no warning.
  assert.equal(warn({ oldestUnsynced: NOW + DAY }), false);
});
