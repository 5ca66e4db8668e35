// Cairn's service worker: keeps the app's own files so Cairn opens with no network once it has
// been visited (a member at an event with no signal can still enter data). The data itself is
// in IndexedDB, and the sync API is never cached: it always goes to the network.
const CACHE = 'cairn-shell-v3';
const API = new URL('api/', self.registration.scope).pathname;
// The public report cards are the server's own pages, not the app's: never kept, never
// answered with the app (a card taken down must be gone at once).
const PUBLIC = new URL('public/', self.registration.scope).pathname;
// Trunk names built files with a content hash: such a file never changes.
const HASHED = /-[0-9a-f]{12,16}(_bg)?\.(js|wasm|css)$/;

/**
 * The files a page names (stylesheet, script, wasm, icon, manifest), and the lazily loaded
 * modules of the screens it lists in `<meta name="cairn-later">` (scripts/split.mjs) and the
 * report's stylesheet, so that a screen never opened online still opens offline.
 */
function named(html) {
  const linked = [...html.matchAll(/(?:href|src|module_or_path:\s*)=?\s*["']([^"']+)["']/g)]
    .map((m) => m[1])
    .filter((url) => !/^(https?:|#|data:)/.test(url));
  const later = html.match(/<meta name="cairn-later" content="([^"]*)"/)?.[1].split(' ') ?? [];
  // The report's stylesheet is linked by the report screen, not by the page.
  return [...linked, ...later.filter(Boolean), 'report.css'];
}

/** Caches a page and, first, every file it names, so a kept page never lacks its files. */
async function keepPage(response) {
  if (!response.ok || !(response.headers.get('content-type') ?? '').includes('text/html')) return;
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  // A hashed file already kept never changes; the others are fetched again.
  const keep = async (url) => {
    if (HASHED.test(url) && await cache.match(url)) return;
    await cache.add(url);
  };
  await Promise.all(named(html).map((url) => keep(url).catch(() => {})));
  await cache.put('./', response);
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    try {
      await keepPage(await fetch('./', { cache: 'reload' }));
    } catch {
      // Offline at install: the next visit keeps the page.
    }
    await self.skipWaiting();
  })());
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
  if (url.pathname.startsWith(API) || url.pathname.startsWith(PUBLIC)) return;
  if (request.mode === 'navigate' || !HASHED.test(url.pathname)) {
    // The page, the icon, the manifest: fresh when online, the kept copy when not.
    event.respondWith((async () => {
      try {
        const response = await fetch(request);
        if (request.mode === 'navigate') {
          event.waitUntil(keepPage(response.clone()).catch(() => {}));
        } else if (response.ok) {
          const cache = await caches.open(CACHE);
          event.waitUntil(cache.put(request, response.clone()).catch(() => {}));
        }
        return response;
      } catch {
        const kept = await caches.match(request.mode === 'navigate' ? './' : request);
        return kept ?? Response.error();
      }
    })());
    return;
  }
  // Hashed files: the kept copy, else the network (and keep it).
  event.respondWith((async () => {
    const kept = await caches.match(request);
    if (kept) return kept;
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(CACHE);
      event.waitUntil(cache.put(request, response.clone()).catch(() => {}));
    }
    return response;
  })());
});
