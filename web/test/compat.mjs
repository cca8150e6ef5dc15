// compat.mjs - imported first by the Node tests: what Debian 12's Node 18
// lacks and browsers have.  WebCrypto as globalThis.crypto (Node 19+), and
// raw inflate for seal.js where DecompressionStream has no "deflate-raw"
// (Node < 20.12): zlib's, with the same 16 KiB bound and "one whole
// stream, nothing after it" rule.
import { webcrypto } from "node:crypto";
import zlib from "node:zlib";
globalThis.crypto ??= webcrypto;
globalThis.segelInflateRaw = (b, max) => {
  try {
    const r = zlib.inflateRawSync(b, { maxOutputLength: max, info: true });
    return r.engine.bytesWritten === b.length ? new Uint8Array(r.buffer) : null; // input left over: junk
  } catch { return null; }
};
