// update.mjs - the page takes a newer bundle only as `segel-trust check
// --against OLD NEW` would: for each pair (an update, a rollback, a
// replay, a backdated one, a stranger's) seal.js's bundleUpdate gives
// the code segel-trust gives.  BIN: segel-trust's folder.
import "./compat.mjs";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { bundleLoad, bundleUpdate } from "../src/seal.js";

// makeBundles: b1, b2 (sequence 1, 2), back (5, made earlier), sb (a
// stranger's PKI, 9) into dir, with segel-trust of tt from the tree top.
export function makeBundles(dir, top, tt) {
  const pki = path.join(top, "testdata/pki");
  for (const k of ["bundle", "stranger-7501"]) {
    fs.copyFileSync(path.join(pki, `keys/${k}.key.pem`), path.join(dir, `${k}.key.pem`));
    fs.chmodSync(path.join(dir, `${k}.key.pem`), 0o600);
  }
  const mk = (out, tdir, key, cert, today, ...more) =>
    execFileSync(tt, ["bundle", "-q", "-t", tdir, "-k", path.join(dir, key), "-c", path.join(pki, cert),
      "-o", path.join(dir, out), ...more],
    { env: { ...process.env, SEGEL_FORMATS: path.join(top, "formats"), SEGEL_TODAY: today }, stdio: ["ignore", "ignore", "inherit"] });
  const tr = path.join(pki, "trust");
  mk("b1", tr, "bundle.key.pem", "certs/bundle.pem", "2026-11-28", "--sequence", "1");
  mk("b2", tr, "bundle.key.pem", "certs/bundle.pem", "2026-11-28", "--sequence", "2");
  mk("back", tr, "bundle.key.pem", "certs/bundle.pem", "2026-11-20", "--sequence", "5");
  const sdir = path.join(dir, "sdir");
  fs.mkdirSync(sdir);
  fs.copyFileSync(path.join(pki, "certs/stranger-root.pem"), path.join(sdir, "root-stranger.pem"));
  fs.copyFileSync(path.join(pki, "certs/stranger-7501.pem"), path.join(sdir, "stranger-7501.pem"));
  mk("sb", sdir, "stranger-7501.key.pem", "certs/stranger-bundle.pem", "2026-11-28", "--sequence", "9");
}
if (import.meta.url === `file://${process.argv[1]}`) {
  const top = path.resolve(process.argv[2] ?? "..");
  const tt = path.join(path.resolve(top, process.env.BIN ?? "bin"), "segel-trust");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "segel-web-upd-"));
  makeBundles(tmp, top, tt);
  let bad = 0;
  const load = async (f) => bundleLoad(new Uint8Array(fs.readFileSync(path.join(tmp, f))));
  for (const [o, n, want] of [["b1", "b2", ""], ["b2", "b1", "E-BUNDLE-SEQUENCE"], ["b2", "b2", "E-BUNDLE-SEQUENCE"],
    ["b1", "back", "E-BUNDLE-SEQUENCE"], ["b1", "sb", "E-BUNDLE-ROOT"], ["sb", "b2", "E-BUNDLE-ROOT"]]) {
    const js = await bundleUpdate(await load(o), await load(n));
    const c = spawnSync(tt, ["check", "--against", path.join(tmp, o), path.join(tmp, n)],
      { encoding: "utf8", env: { ...process.env, SEGEL_FORMATS: path.join(top, "formats"), SEGEL_TODAY: "2026-11-28" } });
    const ccode = c.status === 0 ? "" : (c.stderr.match(/\[([A-Z0-9-]+)\]\s*$/m)?.[1] ?? `exit ${c.status}`);
    const ok = js === want && ccode === want;
    console.log(`${ok ? "ok" : "FAIL"} ${o} -> ${n}: page ${js || "accepts"}, segel-trust ${ccode || "accepts"}`);
    if (!ok) bad++;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(bad ? 1 : 0);
}
