// Envelope's service worker. The server prepends two constants to this file:
//   VERSION   a hash of every precached file, so any change makes a new worker
//   PRECACHE  the exact list of URLs the app needs offline
// Strategy: the app shell and static files come from the cache (their URLs
// carry the version, so a cached copy is never stale); /api/ is never cached.
/* global VERSION, PRECACHE */

const CACHE = `envelope-${VERSION}`;
const CACHE_PREFIX = 'envelope-';
const SHELL = '/';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // addAll fails the install if any file fails: never a half-filled cache.
      await cache.addAll(PRECACHE);
      // The very first worker takes over at once; later ones wait until the
      // person agrees to reload (the page sends 'skip-waiting').
      if (!self.registration.active) await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE)
          .map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // Other origins (there should be none) and the API go straight to the network.
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/healthz' || url.pathname === '/sw.js') {
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(navigation(request, url));
    return;
  }
  event.respondWith(fromCacheOrNetwork(request));
});

async function navigation(request, url) {
  const cache = await caches.open(CACHE);
  if (url.pathname === SHELL) {
    // The app uses #routes, so every page of it is this one shell.
    const shell = await cache.match(SHELL);
    if (shell) return shell;
  }
  try {
    return await fetch(request);
  } catch (error) {
    const shell = await cache.match(SHELL);
    if (shell) return shell;
    throw error;
  }
}

async function fromCacheOrNetwork(request) {
  const cached = await caches.match(request, { cacheName: CACHE });
  return cached || fetch(request);
}
