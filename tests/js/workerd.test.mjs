// The package in real workerd: bundled with esbuild using the `workerd` export condition (as
// wrangler does), the .wasm imported as a compiled module, served on loopback.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { startServer } from "../../www/server.mjs";
import { OUTPUT } from "./browser.mjs";

const outdir = fileURLToPath(new URL("workerd/", OUTPUT));
let upstream, workerd, base;

const freePort = () => new Promise((resolve, reject) => {
  const s = createServer().once("error", reject).listen(0, "127.0.0.1", () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});

async function waitForUp(url, ms = 20_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try { await fetch(url); return; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  throw new Error(`workerd did not start at ${url}`);
}

before(async () => {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [fileURLToPath(new URL("../workerd/worker.mjs", import.meta.url))],
    bundle: true, format: "esm", platform: "neutral", outdir,
    conditions: ["workerd", "worker", "browser"],
    loader: { ".wasm": "copy" }, assetNames: "[name]-[hash]", logLevel: "error",
  });
  upstream = await startServer({ port: 0 });
  const port = await freePort();
  const { Sandbox } = await import("partner-ordering/sandbox");
  const creds = Sandbox.credentials().omnissa;
  const wasmModules = readdirSync(outdir).filter((f) => f.endsWith(".wasm"))
    .map((f) => `(name = "${f}", wasm = embed "${f}")`).join(", ");
  writeFileSync(`${outdir}config.capnp`, `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "net", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js"), ${wasmModules}],
  compatibilityDate = "2026-01-01",
  globalOutbound = "net",
  bindings = [
    (name = "UPSTREAM", text = "${upstream.url}"),
    (name = "OMNISSA_PARTNER_ID", text = "${creds.partnerId}"),
    (name = "OMNISSA_APP_ID", text = "${creds.appId}"),
    (name = "OMNISSA_APP_SECRET", text = "${creds.appSecret}"),
  ],
);
`);
  const bin = fileURLToPath(new URL("../../node_modules/.bin/workerd", import.meta.url));
  workerd = spawn(bin, ["serve", `${outdir}config.capnp`, "--verbose"], { stdio: ["ignore", "inherit", "inherit"] });
  base = `http://127.0.0.1:${port}`;
  await waitForUp(base);
});

after(async () => {
  workerd?.kill("SIGTERM");
  await upstream?.close();
});

test("the Worker lists the in-Worker sandbox's subscriptions", async () => {
  const r = await fetch(`${base}/sandbox/subscriptions`);
  assert.equal(r.status, 200);
  const subs = await r.json();
  assert.equal(subs.length, 5);
  assert.equal(subs[4].serviceInstanceId, "M000000005");
});

test("the production build in workerd calls upstream with the global fetch", async () => {
  const r = await fetch(`${base}/upstream/subscriptions`);
  assert.equal(r.status, 200, await r.clone().text());
  assert.equal((await r.json()).length, 5);
  const paths = upstream.sandbox.calls().map((c) => c.path);
  assert.ok(paths.includes("/v1/m0/application/oauth2/token"));
  assert.ok(paths.includes("/v2/m4/api/sdp/subscriptions"));
});

test("errors in workerd keep their kind and status", async () => {
  const bad = await fetch(`${base}/upstream/subscription?sid=${encodeURIComponent("../x")}`);
  assert.equal(bad.status, 422);
  assert.equal((await bad.json()).code, "INVALID_REQUEST");
  upstream.sandbox.injectFault({ kind: { htmlStatus: 502 }, count: 3, pathContains: "/api/sdp/" });
  const r = await fetch(`${base}/upstream/subscriptions`);
  const body = await r.json();
  assert.equal(body.code, "UNEXPECTED_RESPONSE");
  assert.equal(body.status, 502);
});
