// Cairn's service worker: keeps the app's own files so Cairn opens with no network once it has
// been visited (a member at an event with no signal can still enter data). The data itself is
// in local storage and the sync API is never cached: it always goes to the network.
const CACHE = 'cairn-shell-v1';

// Caches the page and every file it names (Trunk gives them content hashes).
async function cacheShell() {
  const cache = await caches.open(CACHE);
  const response = await fetch('./', { cache: 'reload' });
  if (!response.ok) return;
  const html = await response.clone().text();
  await cache.put('./', response);
  const files = [...html.matchAll(/(?:href|src|module_or_path:\s*)=?\s*["']([^"']+)["']/g)]
    .map((m) => m[1])
    .filter((url) => !url.startsWith('http') && !url.startsWith('#') && !url.startsWith('data:'));
  await Promise.all(files.map((url) => cache.add(url).catch(() => {})));
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // The page: fresh when online, the kept copy when not.
    event.respondWith((async () => {
      try {
        const response = await fetch(request);
        const cache = await caches.open(CACHE);
        await cache.put('./', response.clone());
        return response;
      } catch {
        return (await caches.match('./')) ?? Response.error();
      }
    })());
    return;
  }
  // Hashed files never change: the kept copy, else the network (and keep it).
  event.respondWith((async () => {
    const kept = await caches.match(request);
    if (kept) return kept;
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(CACHE);
      await cache.put(request, response.clone());
    }
    return response;
  })());
});
