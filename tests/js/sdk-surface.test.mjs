// The SDK surface of issue 11 through the built package: error classes and their fields, cause,
// attempts, strict options, per-request options, Retry-After, logging, withResponse, inspect
// and secrets. Each test fails on the package before that issue.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import * as root from "partner-ordering";
import * as omnissaEntry from "partner-ordering/omnissa";
import * as cloudblueEntry from "partner-ordering/cloudblue";
import * as cloudmoreEntry from "partner-ordering/cloudmore";
import { Sandbox } from "partner-ordering/sandbox";

const { OmnissaClient, CloudBlueApsClient, CloudmoreClient, Rql, renewalWindow, parseSku } = root;
const creds = Sandbox.credentials();
const BASE = "https://apigw.sandbox.test";
const order = {
  commitContractReference: "AMER00000MOBILITY",
  offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 10 }],
  endCustomerInfo: { customerName: "Acme", firstName: "Jane", lastName: "Smith", email: "jane@acme.example", country: "US", zipCode: "94943" },
};
const tokenProvider = async () => ({ accessToken: "tok-0123456789abcdef", expiresIn: 7500 });

/** A fetch answering from `script` (one function per call; the last repeats), recording calls. */
function scripted(...script) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    const step = script[Math.min(calls.length - 1, script.length - 1)];
    return step(url, init);
  };
  return { fetch, calls };
}
const json = (status, body, headers = {}) => () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
const listOk = json(200, { subscriptions: [] }, { "x-correlation-id": "corr-42" });

async function rejection(p) {
  try { await p; } catch (e) { return e; }
  assert.fail("expected a rejection");
}
function thrown(f) {
  try { f(); } catch (e) { return e; }
  assert.fail("expected a throw");
}

// ---- error classes ------------------------------------------------------------------------------

test("error classes are exported by every entry, shared, and picked by kind and status", async () => {
  const names = ["PartnerOrderingError", "InvalidRequestError", "ConfigurationError", "ApiError", "AuthenticationError", "RateLimitError", "NotFoundError", "TransportError", "TimeoutError", "AbortError", "UnexpectedResponseError", "DecodeError", "OrderFailedError"];
  for (const entry of [omnissaEntry, cloudblueEntry, cloudmoreEntry]) {
    for (const n of names) assert.equal(entry[n], root[n], `${n} is one class across entries`);
  }
  const cases = [
    [json(401, { code: "UNAUTHORIZED", message: "no" }), "AuthenticationError", 401],
    [json(404, { code: "NOT_FOUND", message: "no" }), "NotFoundError", 404],
    [json(429, { code: "TOO_MANY", message: "slow down" }, { "retry-after": "1000" }), "RateLimitError", 429],
    [json(500, { code: "BOOM", message: "no" }), "InternalServerError", 500],
  ];
  for (const [answer, cls, status] of cases) {
    const { fetch } = scripted(answer);
    const c = new OmnissaClient({ partnerId: "p", tokenProvider, fetch, maxRetries: 0 });
    const e = await rejection(c.listSubscriptions());
    assert.ok(e instanceof root[cls], `${status} → ${cls}, got ${e.name}`);
    assert.ok(e instanceof root.ApiError && e instanceof root.PartnerOrderingError && e instanceof Error);
    assert.equal(e.name, cls);
    assert.equal(e.code, "API_ERROR");
    assert.equal(e.status, status);
  }
  const invalid = thrown(() => { throw new root.InvalidRequestError({ kind: "invalidRequest", message: "m" }); });
  assert.equal(invalid.code, "INVALID_REQUEST");
});

test("every throw has a stable code: Rql builders, renewalWindow, parseSku", () => {
  for (const [what, f] of [
    ["Rql.eq with an object", () => Rql.eq("a", {})],
    ["Rql.not with a non-Rql", () => Rql.not({})],
    ["renewalWindow with a BigInt", () => renewalWindow({ endDate: "2026-02-15T08:00:00.000+00:00" }, 1n)],
  ]) {
    const e = thrown(f);
    assert.ok(root.isPartnerOrderingError(e), `${what}: ${e}`);
    assert.equal(typeof e.code, "string", what);
    assert.ok(e.code.length > 0, what);
  }
  // Documented never to throw: an unreadable SKU is all-unknown.
  for (const v of [5, null, {}, ["WSD"]]) assert.equal(parseSku(v).wellFormed, false);
});

// ---- cause, token providers, attempts -------------------------------------------------------------

test("a network failure keeps the fetch error as cause, safely even when it is cyclic", async () => {
  const boom = new TypeError("fetch failed");
  boom.cause = boom; // cyclic
  const c = new OmnissaClient({ partnerId: "p", tokenProvider, fetch: async () => { throw boom; }, maxRetries: 0 });
  const e = await rejection(c.listSubscriptions());
  assert.ok(e instanceof root.TransportError);
  assert.equal(e.cause, boom);
  assert.doesNotThrow(() => JSON.stringify(e));
  assert.doesNotThrow(() => inspect(e));
});

test("a failing tokenProvider is a retryable TRANSPORT_ERROR that was never sent, with its cause", async () => {
  const why = new Error("identity service down");
  let sent = 0;
  const c = new OmnissaClient({ partnerId: "p", tokenProvider: async () => { throw why; }, fetch: async () => { sent++; return listOk(); } });
  const e = await rejection(c.listSubscriptions());
  assert.equal(e.code, "TRANSPORT_ERROR");
  assert.equal(e.retryable, true);
  assert.equal(e.mayHaveBeenSent, false);
  assert.equal(e.cause, why);
  assert.match(e.message, /tokenProvider/);
  assert.equal(sent, 0);
});

test("after retries the error says how many attempts and what failed before", async () => {
  const { fetch, calls } = scripted(
    async () => { throw new TypeError("ECONNRESET"); },
    async () => { throw new TypeError("ECONNREFUSED"); },
    () => new Promise(() => {}), // then no answer
  );
  const c = new OmnissaClient({ partnerId: "p", tokenProvider, fetch, timeoutMs: 30 });
  const e = await rejection(c.listSubscriptions());
  assert.equal(e.code, "TIMEOUT");
  assert.equal(e.attempts, 3);
  assert.equal(calls.length, 3);
  assert.match(e.message, /after 3 attempts/);
  assert.match(e.message, /ECONNRESET/);
  assert.match(e.message, /ECONNREFUSED/);
});

// ---- options ------------------------------------------------------------------------------------

test("unknown option keys are refused, with the nearest valid one", () => {
  const cases = [
    [() => new OmnissaClient({ partnerId: "p", tokenProvider, baseURL: "https://x.test" }), /`baseURL`.*did you mean `baseUrl`/],
    [() => new OmnissaClient({ partnerId: "p", tokenProvider, maxRetry: 1 }), /did you mean `maxRetries`/],
    [() => new CloudBlueApsClient({ baseUrl: BASE, apsToken: async () => "t", actorScop: "FULL" }), /did you mean `actorScope`/],
    [() => new OmnissaClient({ partnerId: "p", tokenProvider, colour: "blue" }), /no setting `colour`$/],
    // Cloudmore's credentials belong to a level; at the top level they were once ignored.
    [() => new CloudmoreClient({ sellerId: "s", username: "u@x.test", password: "pw", apiSecret: "k" }), /`sellerId` belongs to a credential level: give `seller: \{/],
    [() => new CloudmoreClient({ broker: { resellerId: "r", tokenProvider }, tokenProvider }), /`tokenProvider` belongs to a credential level/],
    // The first unknown key is the one named: a misspelt level keeps its hint.
    [() => new CloudmoreClient({ seler: { sellerId: "s", tokenProvider }, tokenProvider }), /no setting `seler`; did you mean `seller`\?/],
  ];
  for (const [make, message] of cases) {
    const e = thrown(make);
    assert.equal(e.code, "CONFIGURATION_ERROR");
    assert.match(e.message, message);
  }
});

test("apsToken as a string says it must be a function returning a token", () => {
  const e = thrown(() => new CloudBlueApsClient({ baseUrl: BASE, apsToken: "a string" }));
  assert.equal(e.code, "CONFIGURATION_ERROR");
  assert.match(e.message, /`apsToken` must be a function that returns a token/);
});

test("mistyped secrets are never echoed", () => {
  const secret = 9876543210123;
  for (const make of [
    () => new OmnissaClient({ partnerId: "p", appId: "a", appSecret: secret }),
    () => new OmnissaClient({ partnerId: "p", appId: "a", appSecret: ["S3CRETVALUE"] }),
    () => new CloudmoreClient({ sellerId: "00000000-0000-0000-0000-000000000001", username: "u", password: secret }),
    () => new OmnissaClient({ partnerId: "p", tokenProvider, baseUrl: "https://x .test/?key=S3CRETVALUE" }),
  ]) {
    const e = thrown(make);
    assert.equal(e.code, "CONFIGURATION_ERROR");
    assert.doesNotMatch(`${e.message} ${inspect(e)}`, /9876543210123|S3CRETVALUE/);
  }
});

test("a mistyped password in an input is not echoed either", () => {
  const aps = new CloudBlueApsClient({ baseUrl: BASE, apsToken: async () => "t" });
  const report = aps.validateStaffMember("4a5b6c7d-0000-4000-8000-000000000001", { login: "jane", password: 8642097531, email: "jane@acme.example", givenName: "Jane", familyName: "Smith" });
  assert.equal(report.ok, false);
  assert.deepEqual(report.issues.map((i) => [i.path, i.code]), [["password", "invalid_type"]]);
  assert.doesNotMatch(JSON.stringify(report), /8642097531/);
});

test("per-request headers, maxRetries, timeoutMs (per attempt) and deadlineMs", async () => {
  const { fetch, calls } = scripted(json(503, { code: "X", message: "busy" }), listOk);
  const c = new OmnissaClient({ partnerId: "p", tokenProvider, fetch });
  // maxRetries: 0 for this call only: the 503 comes back at once.
  const e = await rejection(c.listSubscriptions({ maxRetries: 0, headers: { "X-Portal-Request": "r-1" } }));
  assert.equal(e.status, 503);
  assert.equal(calls.length, 1);
  assert.equal(new Headers(calls[0].init.headers).get("x-portal-request"), "r-1");
  // The credentials cannot be replaced by a per-call header.
  await c.listSubscriptions({ headers: { Authorization: "Bearer forged" } });
  assert.equal(new Headers(calls.at(-1).init.headers).get("authorization"), "Bearer tok-0123456789abcdef");
  // timeoutMs is per attempt: three attempts of 20 ms each, then TIMEOUT (not a 20 ms total).
  const hang = scripted(() => new Promise(() => {}));
  const slow = new OmnissaClient({ partnerId: "p", tokenProvider, fetch: hang.fetch });
  const t = await rejection(slow.listSubscriptions({ timeoutMs: 20 }));
  assert.equal(t.code, "TIMEOUT");
  assert.equal(hang.calls.length, 3);
  // deadlineMs bounds the whole call.
  const d = await rejection(slow.listSubscriptions({ deadlineMs: 30 }));
  assert.equal(d.code, "TIMEOUT");
  assert.match(d.message, /30 ms/);
  // Unknown per-call keys are refused too.
  const u = await rejection(c.listSubscriptions({ timeout: 5 }));
  assert.equal(u.code, "INVALID_REQUEST");
});

test("Retry-After past the cap is returned at once with retryAfterMs; an HTTP date is read", async () => {
  const { fetch, calls } = scripted(json(429, { code: "SLOW", message: "later" }, { "retry-after": "600" }));
  const c = new OmnissaClient({ partnerId: "p", tokenProvider, fetch });
  const t0 = Date.now();
  const e = await rejection(c.listSubscriptions());
  assert.ok(e instanceof root.RateLimitError);
  assert.equal(e.retryAfterMs, 600_000);
  assert.equal(calls.length, 1, "no retry: the server asked for ten minutes");
  assert.ok(Date.now() - t0 < 5_000);
  const date = new Date(Date.now() + 1_000).toUTCString();
  const d = scripted(json(503, { code: "X", message: "busy" }, { "retry-after": date }), listOk);
  const c2 = new OmnissaClient({ partnerId: "p", tokenProvider, fetch: d.fetch });
  await c2.listSubscriptions();
  assert.equal(d.calls.length, 2, "retried after the date");
});

test("a signal that is already aborted sends nothing and says so", async () => {
  const { fetch, calls } = scripted(listOk);
  const c = new OmnissaClient({ partnerId: "p", tokenProvider, fetch });
  const e = await rejection(c.createOrder(order, { signal: AbortSignal.abort() }));
  assert.ok(e instanceof root.AbortError);
  assert.equal(e.mayHaveBeenSent, false);
  assert.equal(calls.length, 0);
});

// ---- observability ----------------------------------------------------------------------------------

test("logger gets one line per attempt, at its level, without secrets", async () => {
  const lines = [];
  const logger = Object.fromEntries(["debug", "info", "warn", "error"].map((l) => [l, (m, d) => lines.push({ l, m, d })]));
  const { fetch } = scripted(json(503, { code: "X", message: "busy" }), listOk);
  const c = new OmnissaClient({ partnerId: "p", tokenProvider, fetch, logger, logLevel: "debug", baseUrl: "https://api.example.test" });
  await c.listSubscriptions();
  const attempts = lines.filter((x) => x.d?.status);
  assert.deepEqual(attempts.map((x) => [x.l, x.d.status, x.d.attempt]), [["warn", 503, 1], ["info", 200, 2]]);
  assert.equal(attempts[1].d.traceId, "corr-42");
  assert.equal(typeof attempts[1].d.durationMs, "number");
  const debug = lines.find((x) => x.l === "debug");
  assert.equal(debug.d.headers.authorization, "[redacted]");
  assert.doesNotMatch(JSON.stringify(lines), /tok-0123456789abcdef/);
  // Below the level: nothing.
  const quiet = [];
  const c2 = new OmnissaClient({ partnerId: "p", tokenProvider, fetch: scripted(listOk).fetch, logger: { info: (m) => quiet.push(m), warn: (m) => quiet.push(m) }, logLevel: "warn" });
  await c2.listSubscriptions();
  assert.deepEqual(quiet, []);
  assert.equal(thrown(() => new OmnissaClient({ partnerId: "p", tokenProvider, logLevel: "verbose" })).code, "CONFIGURATION_ERROR");
});

test("withResponse gives the status, headers and trace id of a successful call", async () => {
  const c = new OmnissaClient({ partnerId: "p", tokenProvider, fetch: scripted(listOk).fetch });
  const { data, response } = await c.listSubscriptions().withResponse();
  assert.deepEqual(data, []);
  assert.equal(response.status, 200);
  assert.equal(response.headers["x-correlation-id"], "corr-42");
  assert.equal(response.traceId, "corr-42");
});

test("an error carries the response's trace id by the same headers as withResponse", async () => {
  // A gateway's HTML 502 (no API error body) and an API error body without a trace id.
  const html = () => new Response("<html>Bad gateway</html>", { status: 502, headers: { "content-type": "text/html", "x-request-id": "req-7" } });
  const c = new OmnissaClient({ partnerId: "p", tokenProvider, fetch: scripted(html).fetch, maxRetries: 0 });
  const e = await rejection(c.listSubscriptions());
  assert.equal(e.code, "UNEXPECTED_RESPONSE");
  assert.equal(e.traceId, "req-7");
  const api = json(404, { code: "NOT_FOUND", message: "no such subscription" }, { "cf-ray": "8a1b-AMS" });
  const c2 = new OmnissaClient({ partnerId: "p", tokenProvider, fetch: scripted(api).fetch });
  const e2 = await rejection(c2.getSubscription("M000000001"));
  assert.equal(e2.code, "API_ERROR");
  assert.equal(e2.traceId, "8a1b-AMS");
});

test("inspect and JSON of a client show a redacted summary", () => {
  const c = new OmnissaClient({ partnerId: "P-1", appId: "app", appSecret: "S3CRETVALUE", baseUrl: "https://api.example.test/?key=K3YVALUE" });
  const shown = `${inspect(c)} ${JSON.stringify(c)}`;
  assert.match(shown, /OmnissaClient/);
  assert.match(shown, /P-1/);
  assert.match(shown, /https:\/\/api\.example\.test\//);
  assert.doesNotMatch(shown, /S3CRETVALUE|K3YVALUE|__wbg_ptr/);
});

test("a token or key echoed by the server in an error is redacted", async () => {
  const echo = (url, init) => new Response(JSON.stringify({ code: "BAD", message: `token ${new Headers(init.headers).get("authorization")} is not valid here` }), { status: 400, headers: { "content-type": "application/json" } });
  const c = new OmnissaClient({ partnerId: "p", tokenProvider, fetch: scripted(echo).fetch });
  const e = await rejection(c.listSubscriptions());
  assert.equal(e.status, 400);
  const shown = `${e.message} ${e.body} ${inspect(e)} ${JSON.stringify(e)}`;
  assert.doesNotMatch(shown, /tok-0123456789abcdef/);
  assert.match(shown, /\[redacted\]/);
});

// ---- pagination -------------------------------------------------------------------------------

test("a paged list is one object: a page with getNextPage(), or every item under for await", async () => {
  const sb = new Sandbox();
  const sc = creds.cloudblueSimple;
  const client = new root.CloudBlueSimpleClient({
    baseUrl: `https://gw.sandbox.test${sc.basePath}`, subscriptionKey: sc.subscriptionKey,
    username: sc.username, password: sc.password, marketplace: sc.marketplace, fetch: sb.fetch,
  });
  const everyId = [];
  for await (const p of client.iterateProducts({ limit: 3 })) everyId.push(p.mpn);
  assert.ok(everyId.length > 3, "the catalog spans pages of 3");
  // Awaited: one page, and the next ones by hand.
  const seen = [];
  let page = await client.listProducts({ limit: 3 });
  assert.equal(page.data.length, 3);
  seen.push(...page.data.map((p) => p.mpn));
  while (page.hasNextPage()) {
    page = await page.getNextPage();
    seen.push(...page.data.map((p) => p.mpn));
  }
  assert.deepEqual(seen, everyId);
  await assert.rejects(page.getNextPage(), { code: "INVALID_REQUEST" });
  assert.deepEqual(Object.keys(page).sort(), ["data", "pagination"], "the page's JSON is unchanged");
  // Under for await: every item, the first page fetched once.
  const before = sb.calls().length;
  const all = [];
  for await (const p of client.listProducts({ limit: 3 })) all.push(p.mpn);
  assert.deepEqual(all, everyId);
  assert.equal(sb.calls().length - before, Math.ceil(everyId.length / 3), "one request per page");
  // And withResponse still works on it.
  const { data, response } = await client.listProducts({ limit: 3 }).withResponse();
  assert.equal(data.data.length, 3);
  assert.equal(response.status, 200);
});

test("each page of an iterate…() is a request under the iteration's options, and its errors redact what it sent", async () => {
  const sb = new Sandbox();
  const sc = creds.cloudblueSimple;
  const traces = [], sent = [];
  let unavailable = 0;
  const fetch = async (url, init) => {
    const h = new Headers(init?.headers);
    const u = String(url);
    if (!u.includes("/products")) return sb.fetch(url, init);
    traces.push(h.get("x-trace"));
    sent.push(h.get("authorization"));
    // The second page: one 503 (retried), then a 400 that echoes the credential sent.
    if (u.includes("offset=3") && unavailable++ === 0) return new Response("{}", { status: 503, headers: { "retry-after": "0" } });
    if (u.includes("offset=3")) return new Response(JSON.stringify({ message: `token ${h.get("authorization")} refused` }), { status: 400, headers: { "content-type": "application/json" } });
    return sb.fetch(url, init);
  };
  const client = new root.CloudBlueSimpleClient({
    baseUrl: `https://gw.sandbox.test${sc.basePath}`, subscriptionKey: sc.subscriptionKey,
    username: sc.username, password: sc.password, marketplace: sc.marketplace, fetch,
  });
  const got = [];
  const e = await rejection((async () => {
    for await (const p of client.iterateProducts({ limit: 3 }, { headers: { "x-trace": "t1" }, maxRetries: 1 })) got.push(p.mpn);
  })());
  assert.equal(got.length, 3, "the first page was delivered");
  assert.equal(e.code, "API_ERROR");
  assert.equal(e.status, 400);
  assert.equal(e.attempts, 2, "the page's own retry settings and attempt count");
  assert.deepEqual(traces, ["t1", "t1", "t1"], "the iteration's headers go with every page's request");
  const shown = `${e.message} ${e.body} ${inspect(e)} ${JSON.stringify(e)}`;
  assert.ok(sent[2]?.length > 8);
  assert.ok(!shown.includes(sent[2]), "the echoed credential is redacted");
  assert.match(shown, /\[redacted\]/);

  // The signal ends the iteration: the next page rejects without a request.
  const ac = new AbortController();
  const it = client.iterateProducts({ limit: 3 }, { signal: ac.signal });
  for (let i = 0; i < 3; i++) assert.equal((await it.next()).done, false);
  const before = traces.length;
  ac.abort();
  await assert.rejects(it.next(), { code: "ABORTED" });
  assert.equal(traces.length, before);
  // Options of the wrong shape are refused when the iteration is made.
  assert.throws(() => client.iterateProducts({}, { maxRetries: "x" }), { code: "INVALID_REQUEST" });
  assert.throws(() => client.iterateProducts({}, { signal: "x" }), { code: "INVALID_REQUEST" });
});
