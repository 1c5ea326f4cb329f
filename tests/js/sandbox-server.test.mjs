// `npx partner-ordering-sandbox`, run as a user runs it: the packed tarball installed with npm
// into a fresh project (so the `bin` link, `files` and the shebang are what ships), started
// with npx, driven over plain HTTP (token, list, order, control endpoints, faults, request log)
// and with the package's own clients pointed at it, then stopped with a signal and restarted
// from its --state file. Each process is its own group, killed at the end whatever happens.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { OUTPUT } from "./browser.mjs";
import { pack } from "./install.mjs";

const PROJECT = fileURLToPath(new URL("sandbox-server-consumer/", OUTPUT));
const STATE = join(PROJECT, "state.json");
const NOW = "2026-12-01T00:00:00Z";
const DAY = 86_400_000;
// A secret the sandbox never issued, as a misconfigured client would send a real one.
const FOREIGN_SECRET = "not-a-sandbox-secret-7f3a";
const running = new Set();
let M; // the installed package's Node entry (clients, error classes)

/** `npx partner-ordering-sandbox ...args` in the project; resolves when it exits or prints its URL. */
function start(args) {
  const child = spawn("npx", ["partner-ordering-sandbox", ...args], {
    cwd: PROJECT,
    detached: true, // its own process group: a signal reaches npx, its shell and the server, as Ctrl-C does
    stdio: ["ignore", "pipe", "pipe"],
    // Never the registry: the command must come from the installed tarball.
    env: { ...process.env, npm_config_offline: "true", npm_config_yes: "false", npm_config_update_notifier: "false" },
  });
  running.add(child);
  const proc = { child, out: "", err: "" };
  child.stdout.on("data", (d) => { proc.out += d; });
  child.stderr.on("data", (d) => { proc.err += d; });
  // Closed once every process of the group that holds the pipe has exited.
  proc.closed = new Promise((resolve) => child.stdout.once("close", resolve)).then(() => running.delete(child));
  proc.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  proc.ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner after 15 s:\n${proc.out}\n${proc.err}`)), 15_000);
    child.stdout.on("data", () => {
      const m = /listening on (http:\/\/\S+)/.exec(proc.out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.exited.then((code) => { clearTimeout(timer); resolve(null); void code; });
  });
  proc.stop = async (signal = "SIGTERM") => {
    process.kill(-child.pid, signal);
    await proc.closed;
  };
  return proc;
}

/** Runs the command to its end: { code, out, err }. */
async function run(args) {
  const p = start(args);
  const code = await p.exited;
  await p.closed;
  return { code, out: p.out, err: p.err };
}

const basic = (user, secret) => "Basic " + Buffer.from(`${user}:${secret}`).toString("base64");
const getJson = async (url, init) => {
  const r = await fetch(url, init);
  return { status: r.status, headers: r.headers, body: await r.json() };
};
const control = (base, path, body, method = "POST") =>
  fetch(`${base}/__sandbox${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

before(() => {
  rmSync(PROJECT, { recursive: true, force: true });
  mkdirSync(PROJECT, { recursive: true });
  writeFileSync(join(PROJECT, "package.json"), JSON.stringify({ name: "sandbox-consumer", private: true, type: "module" }));
  const packed = pack({ destination: PROJECT });
  // A real `npm install` of the tarball: it links node_modules/.bin/partner-ordering-sandbox.
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", `./${packed.filename}`],
    { cwd: PROJECT, stdio: ["ignore", "pipe", "pipe"] });
});

before(async () => {
  const entry = createRequire(join(PROJECT, "package.json")).resolve("partner-ordering");
  M = await import(pathToFileURL(entry).href);
});

after(() => {
  for (const child of running) {
    try { process.kill(-child.pid, "SIGKILL"); } catch { /* already gone */ }
  }
});

test("--help, bad flags, and a non-loopback host without --allow-remote", async () => {
  const help = await run(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.out, /Usage: partner-ordering-sandbox[\s\S]*--allow-remote[\s\S]*--state FILE/);
  for (const [args, message] of [
    [["--bogus"], /Unknown option '--bogus'/],
    [["--port", "http"], /--port must be 0-65535/],
    [["--now", "yesterday"], /--now must be epoch milliseconds or an ISO 8601 time/],
  ]) {
    const r = await run(args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.err, message);
  }
  for (const host of ["0.0.0.0", "::", "192.0.2.10"]) {
    const r = await run(["--host", host, "--port", "0"]);
    assert.equal(r.code, 2, host);
    assert.match(r.err, new RegExp(`refusing to listen on ${host.replace(/\./g, "\\.")}: it is not a loopback address[\\s\\S]*--allow-remote`));
    assert.doesNotMatch(r.out, /listening/);
  }
});

test("serves the three APIs, the control endpoints and faults; keeps its state across a restart", async () => {
  rmSync(STATE, { force: true });
  let server = start(["--port", "0", "--now", NOW, "--state", STATE, "--quiet"]);
  let url = await server.ready;
  assert.ok(url, server.err);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);

  // The banner: the URL, the clock set by --now, and the sandbox's own credentials.
  const creds = (await getJson(`${url}/__sandbox/credentials`)).body;
  const { omnissa: om, cloudblueSimple: sc, cloudmore: cm } = creds;
  assert.match(server.out, /clock {6}2026-12-01T00:00:0/);
  for (const v of [om.appId, om.appSecret, om.partnerId, sc.subscriptionKey, cm.seller.password]) assert.ok(server.out.includes(v), v);

  // Omnissa over plain HTTP: token, list, order, PENDING, advanced by the control endpoint.
  const tok = await getJson(`${url}/v1/m0/application/oauth2/token?grant_type=client_credentials`, {
    method: "POST", headers: { authorization: basic(om.appId, om.appSecret) },
  });
  assert.equal(tok.status, 200);
  const omh = { authorization: `Bearer ${tok.body.access_token}`, partnerId: om.partnerId, "content-type": "application/json" };
  const subs = `${url}/v2/m4/api/sdp/subscriptions`;
  assert.equal((await getJson(subs, { headers: omh })).body.subscriptions.length, 5);
  const order = {
    commitContractReference: "AMER00000MOBILITY", offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 10 }],
    endCustomerInfo: { customerName: "Acme", firstName: "Jane", lastName: "Smith", email: "jane@acme.example", country: "US", zipCode: "94943" },
  };
  const placed = await getJson(subs, { method: "POST", headers: omh, body: JSON.stringify(order) });
  assert.equal(placed.status, 202);
  const status = () => getJson(`${url}/v2/m4/api/sdp/status/${placed.body.requestId}`, { headers: omh });
  assert.equal((await status()).body.status, "PENDING");
  assert.deepEqual((await (await control(url, "/orders/advance")).json()), { advanced: 1 });
  const done = (await status()).body;
  assert.equal(done.status, "SUCCESS");
  const sid = done.serviceInstanceId;

  // SimpleAPI and Cloudmore over plain HTTP: token and a list each.
  const simpleTok = await getJson(`${url}${sc.basePath}/token`, {
    method: "POST", body: JSON.stringify({ marketplace: sc.marketplace }),
    headers: { authorization: basic(sc.username, sc.password), "x-subscription-key": sc.subscriptionKey, "content-type": "application/json" },
  });
  const products = await getJson(`${url}${sc.basePath}/products?limit=100`, {
    headers: { authorization: `Bearer ${simpleTok.body.token}`, "x-subscription-key": sc.subscriptionKey },
  });
  assert.equal(products.body.pagination.total, 11);
  const cmTok = await getJson(`${url}/connect/token`, {
    method: "POST",
    headers: { authorization: basic("ro.customer.client", cm.seller.apiSecret), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "password", username: cm.seller.username, password: cm.seller.password, scope: "api" }).toString(),
  });
  const cmSubs = await getJson(`${url}/api/sellers/${cm.seller.sellerId}/subscriptions`, { headers: { authorization: `Bearer ${cmTok.body.access_token}` } });
  assert.equal(cmSubs.body.length, 4);
  // A real-looking secret the sandbox does not know: refused, and never written to the state file.
  const foreign = await fetch(`${url}/connect/token`, {
    method: "POST",
    headers: { authorization: basic("ro.customer.client", FOREIGN_SECRET), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "password", username: "me", password: FOREIGN_SECRET, scope: "api" }).toString(),
  });
  assert.equal(foreign.status, 400);

  // Faults: a 429 with Retry-After, an HTML 502, a delay, a connection reset, a hang.
  assert.equal((await control(url, "/fault", { kind: { jsonStatus: 429 }, retryAfter: 7, pathContains: "/api/sdp/subscriptions" })).status, 204);
  const limited = await fetch(subs, { headers: omh });
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get("retry-after"), "7");
  assert.equal((await control(url, "/fault", { kind: { htmlStatus: 502 } })).status, 204);
  const gateway = await fetch(subs, { headers: omh });
  assert.equal(gateway.status, 502);
  assert.match(gateway.headers.get("content-type"), /text\/html/);
  await control(url, "/fault", { kind: { delayMs: 300 }, pathContains: "/api/sdp/subscriptions" });
  const t0 = Date.now();
  assert.equal((await fetch(subs, { headers: omh })).status, 200);
  assert.ok(Date.now() - t0 >= 290, "answered after the delay");
  await control(url, "/fault", { kind: "networkError", pathContains: "/api/sdp/subscriptions" });
  await assert.rejects(fetch(subs, { headers: omh }), (e) => e instanceof TypeError && /ECONNRESET|socket|other side closed/i.test(String(e.cause?.code ?? e.cause?.message)));
  await control(url, "/fault", { kind: "hang", pathContains: "/api/sdp/subscriptions" });
  await assert.rejects(fetch(subs, { headers: omh, signal: AbortSignal.timeout(300) }), (e) => e.name === "TimeoutError");
  const bad = await control(url, "/fault", { kind: "explode" });
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).message, /bad kind "explode"/);
  assert.deepEqual((await getJson(`${url}/__sandbox/fault`)).body, []);

  // The package's own clients, pointed at the server with baseUrl (http is allowed to loopback).
  const omnissa = new M.OmnissaClient({ baseUrl: url, ...om });
  assert.equal((await omnissa.getSubscription(sid)).customerName, "Acme");
  const { requestId } = await omnissa.createOrder({ ...order, endCustomerInfo: { ...order.endCustomerInfo, customerName: "Globex" } });
  const result = await omnissa.waitForOrder(requestId, { intervalMs: 10, maxIntervalMs: 20 });
  assert.match(result.serviceInstanceId, /^M\d{9}$/);
  // Retry-After reaches the client: too long to wait here, so it comes back as RateLimitError.
  await control(url, "/fault", { kind: { jsonStatus: 429 }, retryAfter: 600, pathContains: "/api/sdp/subscriptions" });
  await assert.rejects(omnissa.listSubscriptions(), (e) => e instanceof M.RateLimitError && e.retryAfterMs === 600_000);
  // A short one is honoured: one retry after a second, then the list.
  await control(url, "/fault", { kind: { htmlStatus: 503 }, retryAfter: 1, pathContains: "/api/sdp/subscriptions" });
  const t1 = Date.now();
  assert.equal((await omnissa.listSubscriptions()).length, 7);
  assert.ok(Date.now() - t1 >= 900, "waited for Retry-After");
  const simple = new M.CloudBlueSimpleClient({ baseUrl: `${url}${sc.basePath}`, subscriptionKey: sc.subscriptionKey, username: sc.username, password: sc.password, marketplace: sc.marketplace });
  const sale = await simple.createOrder({ type: "sales", customerId: sc.customerId, products: [{ mpn: "ACR-BACKUP-100", vendor: "BackupCo", quantity: "3" }] });
  assert.deepEqual(await (await control(url, "/orders/advance")).json(), { advanced: 1 });
  assert.equal((await simple.getOrder(sale.id)).status, "completed", "advanced without being read");
  const aps = new M.CloudBlueApsClient({ baseUrl: url, consumerKey: creds.cloudblueAps.consumerKey, consumerSecret: creds.cloudblueAps.consumerSecret });
  assert.ok(await aps.findAccountIdByEmail(creds.cloudblueAps.resellerEmail), "OAuth 1.0a signature of host:port verified");
  const cloudmore = new M.CloudmoreClient({ baseUrl: url, seller: cm.seller });
  assert.equal((await cloudmore.listSellerSubscriptions()).length, 4);

  // The clock: set by --now, moved forward, never back.
  const clock = (await getJson(`${url}/__sandbox/clock`)).body;
  assert.ok(clock.epochMs >= Date.parse(NOW) && clock.epochMs < Date.parse(NOW) + 60_000, clock.now);
  const moved = await (await control(url, "/clock", { advanceMs: DAY })).json();
  assert.ok(moved.epochMs >= clock.epochMs + DAY);
  const back = await control(url, "/clock", { now: "2020-01-01T00:00:00Z" });
  assert.equal(back.status, 409);
  assert.match((await back.json()).message, /only moves forward/);

  // The request log: method, path, status; no header, token or secret.
  const calls = (await getJson(`${url}/__sandbox/calls`)).body;
  assert.deepEqual(Object.keys(calls[0]).sort(), ["method", "path", "status"]);
  assert.deepEqual(calls.filter((c) => c.path === "/v2/m4/api/sdp/subscriptions" && c.method === "GET").map((c) => c.status),
    [200, 429, 502, 200, 0, 0, 429, 503, 200]);
  const log = JSON.stringify(calls);
  for (const secret of [om.appSecret, tok.body.access_token, FOREIGN_SECRET, "authorization"]) assert.ok(!log.includes(secret), secret);

  // Stopped as Ctrl-C would: it saves, and the file holds no foreign secret.
  await server.stop("SIGINT");
  assert.match(server.out, /stopped \(SIGINT\), state saved to/);
  const saved = readFileSync(STATE, "utf8");
  assert.ok(!saved.includes(FOREIGN_SECRET), "a secret the sandbox did not issue is not persisted");
  assert.match(saved, /\[redacted\]/);

  // Restarted from the file: same request log, same data, same clock.
  server = start(["--port", "0", "--state", STATE, "--quiet"]);
  url = await server.ready;
  assert.ok(url, server.err);
  assert.match(server.out, /\d+ requests replayed/);
  assert.deepEqual((await getJson(`${url}/__sandbox/calls`)).body, calls);
  assert.equal((await new M.OmnissaClient({ baseUrl: url, ...om }).getSubscription(sid)).customerName, "Acme");
  assert.ok((await getJson(`${url}/__sandbox/clock`)).body.epochMs >= moved.epochMs, "the clock continues");
  // The first token was issued a sandbox day ago: it expired with the advanced clock.
  assert.equal((await fetch(`${url}/v2/m4/api/sdp/subscriptions/${sid}`, { headers: omh })).status, 401);

  // Reset: back to the seed data and an empty log.
  const reset = await (await control(url, "/reset", { now: NOW })).json();
  assert.equal(reset.now.slice(0, 16), "2026-12-01T00:00");
  assert.deepEqual((await getJson(`${url}/__sandbox/calls`)).body, []);
  const fresh = await getJson(`${url}/v1/m0/application/oauth2/token?grant_type=client_credentials`, {
    method: "POST", headers: { authorization: basic(om.appId, om.appSecret) },
  });
  assert.equal(fresh.body.access_token, tok.body.access_token, "the first token again: numbering restarted");
  const seeded = await fetch(`${url}/v2/m4/api/sdp/subscriptions/${sid}`, { headers: { ...omh, authorization: `Bearer ${fresh.body.access_token}` } });
  assert.equal(seeded.status, 404, "the ordered subscription is gone");

  // A page on another site cannot drive it, and a rebound DNS name is refused.
  const crossSite = await fetch(`${url}/__sandbox/reset`, { method: "POST", headers: { origin: "https://evil.example" } });
  assert.equal(crossSite.status, 403);
  const rebound = await new Promise((resolve, reject) => {
    request(`${url}/__sandbox/calls`, { headers: { host: "evil.example" } }, (r) => { r.resume(); resolve(r.statusCode); }).once("error", reject).end();
  });
  assert.equal(rebound, 403);

  await server.stop("SIGTERM");
  assert.match(server.out, /stopped \(SIGTERM\)/);
  assert.ok(existsSync(STATE));
});
