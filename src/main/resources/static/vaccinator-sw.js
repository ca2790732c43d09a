// Keeps the offline vaccinator console (page, script, stylesheet, manifest) so /vaccinator/offline
// opens without network. Network first (a new deployment and a new sign-in are seen at once), the
// cached copy when offline. A redirect (to the staff login: the session ended) is never cached as
// the console. The records themselves live in IndexedDB, not here.
'use strict';
const CACHE = 'openvin-vaccinator-v1';
const FILES = ['/vaccinator/offline', '/js/offline-console.js', '/css/openvin.css', '/vaccinator.webmanifest'];

self.addEventListener('install', e => e.waitUntil(caches.open(CACHE)
  .then(c => Promise.all(FILES.map(f => fetch(f, {credentials: 'same-origin'})
    .then(r => r.ok && !r.redirected ? c.put(f, r) : null).catch(() => null))))
  .then(() => self.skipWaiting())));
self.addEventListener('activate', e => e.waitUntil(self.clients.claim()));
self.addEventListener('fetch', e => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== self.location.origin || !FILES.includes(url.pathname)) return;
  e.respondWith(fetch(e.request).then(response => {
    if (response.ok && !response.redirected) {
      const copy = response.clone();
      caches.open(CACHE).then(c => c.put(url.pathname, copy));
    }
    return response;
  }).catch(() => caches.match(url.pathname)));
});
