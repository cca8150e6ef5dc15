// sw.js - the page's service worker: after the first load the page, its
// modules, the decoder's wasm and the sentences come from this cache, so
// the page works with no network.  build.mjs fills in FILES and VERSION
// (a hash of the files: a new build is a new cache, the old one is
// dropped).  The trust bundle is not cached here: app.js keeps the one it
// accepted (Cache Storage "segel-bundle") and takes a newer one only as
// `segel-trust check --against` would.  Same origin only: any other
// request is not answered here (and the page's CSP refuses it anyway).
const VERSION = "@VERSION@";
const FILES = @FILES@;
const CACHE = "segel-page-" + VERSION;

self.addEventListener("install", (ev) => {
  ev.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (ev) => {
  ev.waitUntil(caches.keys().then((ks) => Promise.all(ks.filter((k) =>
    k.startsWith("segel-page-") && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});
self.addEventListener("fetch", (ev) => {
  const u = new URL(ev.request.url);
  if (ev.request.method !== "GET" || u.origin !== self.location.origin) return;
  if (u.pathname.endsWith("/trust.bundle")) return; // app.js decides
  const scope = new URL(self.registration.scope);
  const rel = u.pathname.startsWith(scope.pathname) ? u.pathname.slice(scope.pathname.length) : null;
  if (rel === null) return;
  const key = rel === "" ? "index.html" : rel;
  ev.respondWith(caches.open(CACHE).then((c) => c.match(key)).then((hit) => hit ?? fetch(ev.request)));
});
