// The order gateway's Idempotency-Key support (examples/order-gateway, README "Idempotency") in
// real workerd, with its SQLite Durable Object, against the sandbox HTTP server. Every test
// counts the order writes the sandbox saw: the point is how many orders exist upstream.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Sandbox } from "partner-ordering/sandbox";
import { startServer } from "../../www/server.mjs";
import { sandboxBindings, startGateway } from "../../examples/order-gateway/dev.mjs";
import { OUTPUT } from "./browser.mjs";

const PORTAL = "https://portal.example.test";
const TOKEN_A = "gw-idem-token-a-0123456789";
const TOKEN_B = "gw-idem-token-b-0123456789";
const creds = Sandbox.credentials();
const OMNISSA_WRITE = "/api/sdp/subscriptions";
let upstream, gateway, strict, bindings;

const customer = { customerName: "Acme", firstName: "Jane", lastName: "Smith", email: "jane@acme.example", country: "US", zipCode: "94943" };
const order = { commitContractReference: "AMER00000MOBILITY", offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 10 }], endCustomerInfo: customer };
const newKey = () => crypto.randomUUID();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** POSTs an order as the portal would; `key` becomes the Idempotency-Key header. */
function post(path, body, { key, token = TOKEN_A, at = gateway, headers = {}, signal } = {}) {
  return fetch(`${at.url}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json", origin: PORTAL, authorization: `Bearer ${token}`,
      ...(key === undefined ? {} : { "idempotency-key": key }), ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal,
  });
}

const recordedCalls = async () => (await fetch(`${upstream.url}/__sandbox/calls`)).json();
/** Upstream calls after this point, as a function: `const since = await mark(); …; await since()`. */
async function mark() {
  const n = (await recordedCalls()).length;
  return async () => (await recordedCalls()).slice(n);
}
/** The requests that may place an order: writes other than token requests. */
const writes = (calls) => calls.filter((c) => c.method !== "GET" && !c.path.endsWith("/token"));

async function injectFault(fault) {
  const r = await fetch(`${upstream.url}/__sandbox/fault`, { method: "POST", body: JSON.stringify(fault) });
  assert.equal(r.status, 204);
}

/** Waits until `check()` is truthy (polling), failing after `ms`. */
async function until(check, what, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
/** Resolves once the sandbox holds an Omnissa order write unanswered (a "hang" fault). */
const orderWriteHangs = (since) => until(async () => (await since()).some((c) => c.path.includes(OMNISSA_WRITE) && c.status === 0), "the hung order write");

/**
 * Checks that `answer` (the first request under `key`) has `status` and `error`, says the order
 * may have been sent, and is what a retry with the key gets back, marked as replayed.
 */
async function expectKeptFailure(answer, key, status, error) {
  assert.equal(answer.status, status);
  const body = await answer.json();
  assert.equal(body.error, error);
  assert.equal(body.mayHaveBeenSent, true);
  const retry = await post("/orders/omnissa", order, { key });
  assert.equal(retry.status, status);
  assert.equal(retry.headers.get("idempotent-replayed"), "true");
  assert.deepEqual(await retry.json(), body);
}

function startAlt(name, overrides, options = {}) {
  return startGateway({ bindings: { ...bindings, ...overrides }, outdir: fileURLToPath(new URL(`${name}/`, OUTPUT)), ...options });
}

before(async () => {
  upstream = await startServer({ port: 0 });
  bindings = {
    ...(await sandboxBindings(upstream.url)),
    ALLOWED_ORIGIN: PORTAL,
    GATEWAY_TOKENS: JSON.stringify({ "portal-a": TOKEN_A, "portal-b": TOKEN_B }),
    // Short, so that a hung order write ends (as a timeout) within a test.
    UPSTREAM_TIMEOUT_MS: "1000",
  };
  gateway = await startAlt("order-gateway-idem", {});
  strict = await startAlt("order-gateway-idem-strict", { IDEMPOTENCY_KEY_REQUIRED: "true", IDEMPOTENCY_TTL_SECONDS: "1" });
});

after(async () => {
  await gateway?.close();
  await strict?.close();
  await upstream?.close();
});

test("the same key twice places one order; the repeat is replayed without any upstream call", async () => {
  const key = newKey();
  const since = await mark();
  const first = await post("/orders/omnissa", order, { key });
  assert.equal(first.status, 202, await first.clone().text());
  assert.equal(first.headers.get("idempotent-replayed"), null);
  const placed = await first.json();
  const n = (await since()).length;

  const again = await post("/orders/omnissa", order, { key });
  assert.equal(again.status, 202);
  assert.equal(again.headers.get("idempotent-replayed"), "true");
  assert.match(again.headers.get("access-control-expose-headers"), /Idempotent-Replayed/);
  assert.deepEqual(await again.json(), placed);
  // The same order with its keys in another order, and the key in the IETF draft's quoted form.
  const { offers, ...rest } = order;
  const reordered = await post("/orders/omnissa", { offers, ...rest }, { key: `"${key}"` });
  assert.equal(reordered.headers.get("idempotent-replayed"), "true");
  assert.equal((await reordered.json()).requestId, placed.requestId);

  const calls = await since();
  assert.equal(calls.length, n, "the repeats made no upstream call, not even a token request");
  assert.equal(writes(calls).length, 1);
});

test("a key reused for a different order gets 422 and sends nothing", async () => {
  const key = newKey();
  assert.equal((await post("/orders/omnissa", order, { key })).status, 202);
  const since = await mark();
  const other = await post("/orders/omnissa", { ...order, offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 11 }] }, { key });
  assert.equal(other.status, 422);
  assert.deepEqual(await other.json(), {
    error: "idempotency_key_reused", message: "this Idempotency-Key was used for a different order; use a new key for a new order",
    retryable: false, mayHaveBeenSent: false,
  });
  // The route is part of the request: the same key for another API is another order.
  const elsewhere = await post("/orders/cloudblue", { type: "sales", customerId: creds.cloudblueSimple.customerId, products: [{ mpn: "ACR-BACKUP-100", vendor: "BackupCo", quantity: "1" }] }, { key });
  assert.equal(elsewhere.status, 422);
  assert.equal((await elsewhere.json()).error, "idempotency_key_reused");
  assert.deepEqual(await since(), [], "nothing reached upstream");
  assert.equal((await post("/orders/omnissa", order, { key })).headers.get("idempotent-replayed"), "true");
});

test("repeats while the first request is in flight get 409; its timeout is kept and replayed", async () => {
  const key = newKey();
  const since = await mark();
  await injectFault({ kind: "hang", count: 1, pathContains: OMNISSA_WRITE });
  const first = post("/orders/omnissa", order, { key });
  await orderWriteHangs(since);
  const repeats = await Promise.all([1, 2, 3].map(() => post("/orders/omnissa", order, { key })));
  for (const r of repeats) {
    assert.equal(r.status, 409);
    assert.equal(r.headers.get("retry-after"), "1");
    const body = await r.json();
    assert.equal(body.error, "idempotency_key_in_use");
    assert.equal(body.retryable, true);
  }
  // The first ends in a timeout after its write left: the order may exist, so the key keeps
  // that answer and a retry gets it back rather than a second order.
  await expectKeptFailure(await first, key, 504, "timeout");
  assert.equal(writes(await since()).length, 1, "one order write upstream, the hung one");
});

test("a transport failure or a 5xx after the write left is kept: the retry gets it, a new key places the order", async () => {
  const key = newKey();
  const since = await mark();
  await injectFault({ kind: "networkError", count: 1, pathContains: OMNISSA_WRITE });
  await expectKeptFailure(await post("/orders/omnissa", order, { key }), key, 502, "transport_error");
  assert.equal(writes(await since()).length, 1);
  // The portal looked the order up, found none, and decided to order again: a new key.
  assert.equal((await post("/orders/omnissa", order, { key: newKey() })).status, 202);
  assert.equal(writes(await since()).length, 2);

  // A 5xx answer to the write: the API may have placed it before failing.
  const k2 = newKey();
  await injectFault({ kind: { jsonStatus: 503 }, count: 1, pathContains: OMNISSA_WRITE });
  await expectKeptFailure(await post("/orders/omnissa", order, { key: k2 }), k2, 503, "api_error");
  assert.equal(writes(await since()).length, 3);
});

test("answers that place no order release the key, so the same key may try again", async () => {
  // The validator refused the order: fixed, it goes out under the same key.
  const k1 = newKey();
  const bad = await post("/orders/omnissa", { ...order, offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 0 }] }, { key: k1 });
  assert.equal(bad.status, 422);
  assert.equal((await bad.json()).error, "invalid_request");
  assert.equal((await post("/orders/omnissa", order, { key: k1 })).status, 202);

  // The API answered the write 429: refused, not placed; the retry places it once.
  const k2 = newKey();
  const since = await mark();
  await injectFault({ kind: { jsonStatus: 429 }, count: 1, pathContains: OMNISSA_WRITE });
  assert.equal((await post("/orders/omnissa", order, { key: k2 })).status, 429);
  assert.equal((await post("/orders/omnissa", order, { key: k2 })).status, 202);
  assert.deepEqual(writes(await since()).map((c) => c.status), [429, 202]);

  // SimpleAPI: the catalog read failed (after its retries) before the order's write: the answer
  // says the order was not sent, and the same key places it.
  const k3 = newKey();
  const simple = { type: "sales", customerId: creds.cloudblueSimple.customerId, products: [{ mpn: "ACR-BACKUP-100", vendor: "BackupCo", quantity: "2" }] };
  await injectFault({ kind: "networkError", count: 3, pathContains: "/products" });
  const readFailed = await post("/orders/cloudblue", simple, { key: k3 });
  assert.equal(readFailed.status, 502);
  const rb = await readFailed.json();
  assert.equal(rb.error, "transport_error");
  assert.equal(rb.mayHaveBeenSent, false, "the failed request was a catalog read, not the order");
  assert.equal((await post("/orders/cloudblue", simple, { key: k3 })).status, 202);

  // Each key now holds its placed order.
  for (const [path, body, key] of [["/orders/omnissa", order, k1], ["/orders/omnissa", order, k2], ["/orders/cloudblue", simple, k3]]) {
    const r = await post(path, body, { key });
    assert.equal(r.status, 202);
    assert.equal(r.headers.get("idempotent-replayed"), "true");
  }
  assert.equal(writes(await since()).filter((c) => c.status === 201 || c.status === 202).length, 2);
});

test("keys are scoped to the caller: two callers, one key, two orders", async () => {
  const key = newKey();
  const since = await mark();
  const a = await post("/orders/omnissa", order, { key, token: TOKEN_A });
  const b = await post("/orders/omnissa", order, { key, token: TOKEN_B });
  assert.equal(a.status, 202);
  assert.equal(b.status, 202);
  assert.equal(b.headers.get("idempotent-replayed"), null);
  const [ida, idb] = [(await a.json()).requestId, (await b.json()).requestId];
  assert.notEqual(ida, idb);
  // Each caller's repeat replays its own order.
  assert.equal((await (await post("/orders/omnissa", order, { key, token: TOKEN_A })).json()).requestId, ida);
  assert.equal((await (await post("/orders/omnissa", order, { key, token: TOKEN_B })).json()).requestId, idb);
  assert.equal(writes(await since()).length, 2);
  assert.equal((await post("/orders/omnissa", order, { key, token: "gw-idem-token-c-0123456789" })).status, 401);
});

test("kept answers expire after IDEMPOTENCY_TTL_SECONDS; the alarm purges them unasked", async () => {
  // strict: IDEMPOTENCY_TTL_SECONDS = 1. Caller B's object gets one key and no more requests:
  // only its alarm can purge it.
  assert.equal((await post("/orders/omnissa", order, { key: newKey(), token: TOKEN_B, at: strict })).status, 202);
  await until(() => /idempotency: purged 1 expired key\(s\)/.test(strict.logs.join("")), "the alarm's purge");

  const key = newKey();
  const since = await mark();
  const first = await (await post("/orders/omnissa", order, { key, at: strict })).json();
  const again = await post("/orders/omnissa", order, { key, at: strict });
  assert.equal(again.headers.get("idempotent-replayed"), "true");
  assert.equal((await again.json()).requestId, first.requestId);
  await sleep(1100);
  const later = await post("/orders/omnissa", order, { key, at: strict });
  assert.equal(later.status, 202);
  assert.equal(later.headers.get("idempotent-replayed"), null, "expired: a new order");
  assert.notEqual((await later.json()).requestId, first.requestId);
  assert.equal(writes(await since()).length, 2);
});

test("the key is checked; IDEMPOTENCY_KEY_REQUIRED refuses orders without one; unkeyed orders work as before", async () => {
  const since = await mark();
  for (const key of ["short", "a key with spaces in it", "x".repeat(256), `${newKey()}, ${newKey()}`, "ünïcode-key-0123456789"]) {
    const r = await post("/orders/omnissa", order, { key });
    assert.equal(r.status, 400, key);
    assert.equal((await r.json()).error, "idempotency_key_invalid");
  }
  const missing = await post("/orders/omnissa", order, { at: strict });
  assert.equal(missing.status, 400);
  assert.equal((await missing.json()).error, "idempotency_key_missing");
  assert.deepEqual(await since(), [], "none of these reached upstream");

  // Without IDEMPOTENCY_KEY_REQUIRED, an order without a key is placed as before, every time.
  for (let i = 0; i < 2; i++) {
    const r = await post("/orders/omnissa", order);
    assert.equal(r.status, 202);
    assert.equal(r.headers.get("idempotent-replayed"), null);
  }
  assert.equal(writes(await since()).length, 2);

  const preflight = await fetch(`${gateway.url}/orders/omnissa`, { method: "OPTIONS", headers: { origin: PORTAL, "access-control-request-headers": "content-type, idempotency-key" } });
  assert.equal(preflight.status, 204);
  assert.match(preflight.headers.get("access-control-allow-headers"), /Idempotency-Key/);
});

test("the portal disconnecting mid-order does not lose the outcome", async () => {
  const key = newKey();
  const since = await mark();
  await injectFault({ kind: "hang", count: 1, pathContains: OMNISSA_WRITE });
  const abort = new AbortController();
  const gone = post("/orders/omnissa", order, { key, signal: abort.signal }).catch((e) => e);
  await orderWriteHangs(since);
  abort.abort();
  assert.equal((await gone).name, "AbortError");
  // The gateway carries on: the write times out (UPSTREAM_TIMEOUT_MS 1000) and that is kept.
  await sleep(1300);
  const retry = await post("/orders/omnissa", order, { key });
  assert.equal(retry.status, 504);
  assert.equal(retry.headers.get("idempotent-replayed"), "true");
  assert.equal((await retry.json()).mayHaveBeenSent, true);
  assert.equal(writes(await since()).length, 1);
});

test("a crash mid-order: after the lease the key answers outcome_unknown, never a second order", async () => {
  // The Durable Object's files outlive the crash, as they do on Cloudflare.
  const storageDir = fileURLToPath(new URL("order-gateway-idem-disk-data/", OUTPUT));
  rmSync(storageDir, { recursive: true, force: true });
  const options = { storageDir };
  const key = newKey();
  const since = await mark();
  let gw = await startAlt("order-gateway-idem-disk", {}, options);
  try {
    await injectFault({ kind: "hang", count: 1, pathContains: OMNISSA_WRITE });
    const lost = post("/orders/omnissa", order, { key, at: gw }).catch((e) => e);
    await orderWriteHangs(since);
    await gw.kill();                       // workerd dies with the order write in flight
    assert.ok((await lost) instanceof Error);
    gw = await startAlt("order-gateway-idem-disk", {}, options);
    // The claim survived the restart. Its lease (2 × UPSTREAM_TIMEOUT_MS) ends 2 s after it began.
    await sleep(2100);
    const r = await post("/orders/omnissa", order, { key, at: gw });
    assert.equal(r.status, 500);
    assert.equal(r.headers.get("idempotent-replayed"), "true");
    const body = await r.json();
    assert.equal(body.error, "outcome_unknown");
    assert.equal(body.mayHaveBeenSent, true);
    assert.equal(writes(await since()).length, 1);
  } finally {
    await gw.close();
  }
});

test("fails closed: a key without the Durable Object, or malformed GATEWAY_TOKENS, is a 500", async () => {
  const bare = await startAlt("order-gateway-idem-bare", {}, { storageDir: null });
  const broken = await startAlt("order-gateway-idem-broken", { GATEWAY_TOKENS: "portal-a=gw-idem-token-a-0123456789" });
  try {
    const since = await mark();
    const keyed = await post("/orders/omnissa", order, { key: newKey(), at: bare });
    assert.equal(keyed.status, 500);
    assert.equal((await keyed.json()).error, "configuration_error");
    assert.equal((await post("/orders/omnissa", order, { at: broken })).status, 500);
    assert.deepEqual(await since(), [], "nothing placed");
    assert.equal((await post("/orders/omnissa", order, { at: bare })).status, 202, "unkeyed orders need no store");
    // Why, in the logs only (a log line may arrive just after its response).
    const logs = () => bare.logs.join("") + broken.logs.join("");
    await until(() => /idempotency is not configured: the IDEMPOTENCY Durable Object binding is missing/.test(logs()), "the binding's log line");
    await until(() => /authentication is not configured: GATEWAY_TOKENS is not a JSON object/.test(logs()), "the tokens' log line");
    assert.ok(!logs().includes(TOKEN_A), "no token in the logs");
  } finally {
    await bare.close();
    await broken.close();
  }
});
