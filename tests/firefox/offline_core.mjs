// The offline core in Firefox (Gecko), driven over WebDriver BiDi by puppeteer-core.
// Run by tests/browser/test_firefox.py, which serves the app and reads what this prints:
//
//   node tests/firefox/offline_core.mjs URL EMAIL PASSWORD
//
// One JSON line per step on stdout, {"step", "ok", "ms", "error"?}; it stops at the first failed
// step. For the server it asks on stdout ({"ask": "stop-server"}, {"ask": "start-server"})
// and waits for a line on stdin saying it is done, so that "offline" means both the
// network cut in the browser and no server at all behind it.
//
// The reload offline comes last, after the sync: in a document that Firefox loaded while its
// network was emulated offline, the first return online sets navigator.onLine but fires no
// 'online' event (seen with Firefox ESR 153), so the app would not know to sync; a document
// loaded online gets the event, as a person's open app does.
//
// One browser launch for every step keeps this cheap (CI's whole run has a budget).
// Assertions are on success or failure and on the app's own signals, never on an engine's
// error text, which differs between engines.

import { createInterface } from 'node:readline';

import puppeteer from 'puppeteer-core';

const [url, email, password] = process.argv.slice(2);
const FIREFOX = process.env.ENVELOPE_FIREFOX || '/usr/bin/firefox-esr';
const WAIT_MS = 20_000; // a loaded 2-core machine; every wait names what it waited for

const answers = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

function say(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** Ask the test to stop or start the server, and wait until it has. */
async function ask(what) {
  say({ ask: what });
  const { value, done } = await answers.next();
  if (done || value.trim() !== 'done') throw new Error(`the test did not ${what}: ${value}`);
}

/** Evaluate `fn` in the page until it returns something truthy. */
async function until(page, what, fn, ...args) {
  const deadline = Date.now() + WAIT_MS;
  let value;
  while (Date.now() < deadline) {
    try {
      value = await page.evaluate(fn, ...args);
    } catch {
      value = undefined; // a navigation in progress: the next try sees the new document
    }
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`still not ${what} after ${WAIT_MS} ms (last: ${JSON.stringify(value)})`);
}

/**
 * A control by its accessible name (and role, where the engines agree on it), as assistive
 * technology finds it. A password field has no ARIA role; Firefox gives it none here.
 */
async function control(page, role, name) {
  const query = role ? `[name="${name}"][role="${role}"]` : `[name="${name}"]`;
  const found = await page.waitForSelector(`::-p-aria(${query})`,
    { visible: true, timeout: WAIT_MS });
  await found.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  return found;
}

function stored(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('envelope');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['records', 'outbox']);
      const out = {};
      tx.objectStore('records').getAll().onsuccess = (event) => {
        out.energies = event.target.result
          .filter((record) => record.kind === 'checkin' && !record.deleted_hlc)
          .map((record) => record.data.energy);
      };
      tx.objectStore('outbox').count().onsuccess = (event) => { out.outbox = event.target.result; };
      tx.oncomplete = () => { db.close(); resolve(out); };
    };
  }));
}

const ready = () => document.documentElement.dataset.ready;
const controlled = () => navigator.serviceWorker.controller !== null;
const shows = (text) => document.body.innerText.includes(text);

const steps = [
  ['page load', async (page) => {
    await page.goto(`${url}/`);
    const state = await until(page, 'ready', ready);
    if (state !== 'true') throw new Error(`the app did not start: data-ready=${state}`);
  }],
  ['service worker control', async (page) => {
    // No Firefox preference is set for this: 127.0.0.1 is a secure context to Firefox, and
    // service workers are on in a normal window (puppeteer's page is not a private one).
    if (!(await page.evaluate(() => window.isSecureContext))) throw new Error('not secure');
    await until(page, 'controlled by the service worker', controlled);
  }],
  ['sign up', async (page) => {
    await (await control(page, 'link', 'Settings')).click();
    await (await control(page, 'textbox', 'Email')).type(email);
    await (await control(page, null, 'Password')).type(password);
    await (await control(page, 'button', 'Create account')).click();
    await until(page, 'signed in', shows, `Signed in as ${email}.`);
    await until(page, 'synced once', () => document.getElementById('sync-state')?.dataset
      .lastSynced);
  }],
  ['network cut', async (page) => {
    await page.setOfflineMode(true);
    await ask('stop-server');
    await until(page, 'showing offline',
      () => document.getElementById('connectivity').dataset.state === 'offline');
  }],
  ['log an entry offline', async (page) => {
    await (await control(page, 'link', 'Today')).click();
    await (await control(page, 'button', 'Check in')).click();
    await (await control(page, 'radio', '7')).click();
    await (await control(page, 'button', 'Save')).click();
    await until(page, 'showing the entry', shows, 'Energy 7 of 10');
  }],
  ['IndexedDB', async (page) => {
    const { energies, outbox } = await stored(page);
    if (energies.join() !== '7') throw new Error(`check-ins stored: ${energies}`);
    if (outbox < 1) throw new Error('nothing waits in the outbox');
  }],
  ['sync waits offline', async (page) => {
    // The cycle 2 s after the write has failed: what syncs next is the return online.
    await (await control(page, 'link', 'Settings')).click();
    await until(page, 'sync waiting offline',
      () => document.getElementById('sync-state')?.dataset.state === 'offline');
  }],
  ['sync after reconnecting', async (page) => {
    await ask('start-server');
    await page.setOfflineMode(false); // the 'online' event starts a cycle, no tap needed
    await until(page, 'synced', () => document.getElementById('sync-state')?.dataset.state ===
      'idle' && document.getElementById('sync-pending')?.textContent === 'Every change is synced.');
    const { outbox } = await stored(page);
    if (outbox > 0) throw new Error(`${outbox} changes still wait in the outbox`);
  }],
  ['reload offline', async (page) => {
    await page.setOfflineMode(true);
    await ask('stop-server');
    await page.reload();
    const state = await until(page, 'ready', ready);
    if (state !== 'true') throw new Error(`the app did not start offline: data-ready=${state}`);
    await until(page, 'controlled by the service worker', controlled);
    await (await control(page, 'link', 'Today')).click();
    await until(page, 'showing the entry', shows, 'Energy 7 of 10');
  }],
];

let browser;
let failed = false;
try {
  const started = Date.now();
  browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
  say({ step: 'launch', ok: true, ms: Date.now() - started });
  const page = await browser.newPage();
  await page.setViewport({ width: 390, height: 844 });
  page.setDefaultTimeout(WAIT_MS);
  for (const [name, run] of steps) {
    const started = Date.now();
    try {
      await run(page);
      say({ step: name, ok: true, ms: Date.now() - started });
    } catch (error) {
      const ms = Date.now() - started;
      say({ step: name, ok: false, ms, error: String(error?.message ?? error) });
      failed = true;
      break;
    }
  }
} catch (error) {
  say({ step: 'launch', ok: false, error: String(error?.message ?? error) });
  failed = true;
} finally {
  await browser?.close();
}
process.exit(failed ? 1 : 0);
