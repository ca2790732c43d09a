// Keeps the verifier page, its script and stylesheet, so /verify opens without network after the
// first visit. Network first (a new deployment is seen at once), the cached copy when offline.
'use strict';
const CACHE = 'openvin-verify-v1';
const FILES = ['/verify', '/js/verify.js', '/css/openvin.css'];

self.addEventListener('install', e => e.waitUntil(caches.open(CACHE).then(c => c.addAll(FILES)).then(() => self.skipWaiting())));
self.addEventListener('activate', e => e.waitUntil(self.clients.claim()));
self.addEventListener('fetch', e => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== self.location.origin || !FILES.includes(url.pathname)) return;
  e.respondWith(fetch(e.request).then(response => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then(c => c.put(url.pathname, copy));
    }
    return response;
  }).catch(() => caches.match(url.pathname)));
});
