// The service worker of the pages: when the service cannot be reached at all (connection down,
// every instance and nginx stopped), a page the browser asks for is answered with
// /indisponible.html, in French, instead of the browser's own error. Nothing else is cached or
// intercepted: every page and API call goes to the service as usual.
const CACHE = 'formations-indisponible-v1';
const OFFLINE_PAGE = '/indisponible.html';
const OFFLINE_FILES = [OFFLINE_PAGE, '/css/site.css', '/img/logo.svg'];

self.addEventListener('install', (event) => {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(OFFLINE_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
    event.waitUntil(caches.keys()
        .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
        .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
    const { request } = event;
    const url = new URL(request.url);
    if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {
        return;
    }
    if (request.mode === 'navigate' && request.destination === 'document') {
        event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_PAGE)));
    } else if (OFFLINE_FILES.includes(url.pathname)) {
        event.respondWith(fetch(request).catch(() => caches.match(url.pathname)));
    }
});
