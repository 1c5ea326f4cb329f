// The built npm package in Node, imported by name exactly as a user would.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as prod from "partner-ordering";
import { Sandbox, OmnissaClient as SandboxBuildClient } from "partner-ordering/sandbox";
import { startServer } from "../../www/server.mjs";

const { OmnissaClient, isPartnerOrderingError } = prod;
const creds = Sandbox.credentials().omnissa;

function client(sandbox, extra = {}) {
  return new OmnissaClient({ ...creds, baseUrl: "https://apigw.sandbox.test", fetch: sandbox.fetch, ...extra });
}

const tokenCalls = (sb) => sb.calls().filter((c) => c.path.endsWith("/oauth2/token")).length;

async function rejects(promise, check) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof Error, "a real Error");
    assert.ok(e instanceof prod.PartnerOrderingError, "a PartnerOrderingError (or a subclass)");
    assert.equal(e.name, e.constructor.name, "named after its class");
    assert.ok(isPartnerOrderingError(e));
    assert.ok(Array.isArray(e.issues));
    check(e);
    return e;
  }
  assert.fail("expected a rejection");
}

test("the production entry has no sandbox", () => {
  assert.equal(prod.hasSandbox(), false);
  assert.equal(prod.Sandbox, undefined);
  assert.equal(typeof prod.OmnissaClient, "function");
  assert.match(prod.version(), /^\d+\.\d+\.\d+/);
});

test("the .d.ts names each type once, types every parameter, and never nests promises", async () => {
  const { readFile } = await import("node:fs/promises");
  // The public declarations: the wasm-bindgen ones without the JS layer's private parameters.
  const dts = await readFile(new URL("../../pkg/index.d.ts", import.meta.url), "utf8");
  assert.doesNotMatch(dts, /_host|_stop|initSync|InitOutput/, "no private parameters or wasm internals");
  const names = [...dts.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]);
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  assert.deepEqual(twice, [], "declaration merging would mix two APIs' types");
  assert.doesNotMatch(dts, /Promise<Promise</);
  const untyped = dts.split("\n").filter((l) => /^\s+\w+\(.*\b\w+: any\b/.test(l));
  assert.deepEqual(untyped, [], "public methods take typed parameters");
  const snake = dts.split("\n").filter((l) => /[(,] ?\w*_\w+[?]?: /.test(l) && !l.includes("__wbg_init"));
  assert.deepEqual(snake, [], "parameter names are camelCase");
});

test("lists and gets subscriptions through an injected fetch (the sandbox)", async () => {
  const sb = new Sandbox();
  const c = client(sb);
  const subs = await c.listSubscriptions();
  assert.equal(subs.length, 5);
  assert.deepEqual(subs[0].offers, [{ sku: "WSU-ASUPSPSSP-12MT0-C1S", quantity: 500 }]);
  assert.equal(subs[0].endsAt, "2026-02-15T08:00:00.000Z");
  const one = await c.getSubscription("M000000002");
  assert.equal(one.customerName, "Company EFG");
  assert.equal(tokenCalls(sb), 1, "the token is cached");
});

test("concurrent calls share one token request", async () => {
  const sb = new Sandbox();
  const c = client(sb);
  const results = await Promise.all([c.listSubscriptions(), c.getSubscription("M000000001"), c.listSubscriptions()]);
  assert.equal(results.length, 3);
  assert.equal(tokenCalls(sb), 1);
});

test("a 401 refreshes the token once and retries", async () => {
  const sb = new Sandbox();
  const c = client(sb);
  await c.listSubscriptions();
  sb.expireTokens();
  assert.equal((await c.listSubscriptions()).length, 5);
  assert.equal(tokenCalls(sb), 2);
});

test("a custom fetch is called with `this` undefined", async () => {
  const sb = new Sandbox();
  const seen = [];
  const fetch = function (input, init) {
    "use strict";
    seen.push({ self: this, url: String(input), partnerId: new Headers(init.headers).get("partnerId") });
    return sb.fetch(input, init);
  };
  await client(sb, { fetch }).listSubscriptions();
  assert.equal(seen.length, 2);
  assert.ok(seen.every((s) => s.self === undefined));
  assert.equal(seen[1].partnerId, creds.partnerId);
  assert.equal(seen[0].url, "https://apigw.sandbox.test/v1/m0/application/oauth2/token?grant_type=client_credentials");
});

test("tokenProvider replaces client credentials", async () => {
  const sb = new Sandbox();
  let minted = 0;
  const c = new OmnissaClient({
    partnerId: creds.partnerId,
    baseUrl: "https://apigw.sandbox.test",
    fetch: sb.fetch,
    tokenProvider: async () => {
      minted++;
      const r = await sb.fetch("https://apigw.sandbox.test/v1/m0/application/oauth2/token?grant_type=client_credentials", {
        method: "POST",
        headers: { authorization: "Basic " + btoa(`${creds.appId}:${creds.appSecret}`) },
      });
      const t = await r.json();
      return { accessToken: t.access_token, expiresIn: t.expires_in };
    },
  });
  await c.listSubscriptions();
  await c.listSubscriptions();
  assert.equal(minted, 1);
});

test("an HTML 502 is an UNEXPECTED_RESPONSE carrying the status", async () => {
  const sb = new Sandbox();
  sb.injectFault({ kind: { htmlStatus: 502 }, count: 3, pathContains: "/api/sdp/" });
  await rejects(client(sb).listSubscriptions(), (e) => {
    assert.equal(e.code, "UNEXPECTED_RESPONSE");
    assert.equal(e.kind, "unexpectedResponse");
    assert.equal(e.status, 502);
    assert.equal(e.retryable, true);
    assert.match(e.body, /Bad Gateway/);
  });
});

test("a JSON error body is an API_ERROR with error, message and traceId", async () => {
  const sb = new Sandbox();
  await rejects(client(sb).getSubscription("M404"), (e) => {
    assert.equal(e.code, "API_ERROR");
    assert.equal(e.status, 404);
    assert.equal(e.apiCode, "NOT_FOUND");
    assert.match(e.message, /Subscription M404 not found/);
    assert.match(e.traceId, /^[0-9a-f]{16}$/);
    assert.equal(e.retryable, false);
  });
});

test("wrong credentials are a 401 API_ERROR that never shows the secret", async () => {
  const sb = new Sandbox();
  await rejects(client(sb, { appSecret: "not-the-secret" }).listSubscriptions(), (e) => {
    assert.equal(e.status, 401);
    assert.ok(!JSON.stringify({ ...e, m: e.message, s: e.stack }).includes("not-the-secret"));
  });
});

test("a network failure is a TRANSPORT_ERROR", async () => {
  const sb = new Sandbox();
  // The token request fails: the call's own request was never sent.
  sb.injectFault({ kind: "networkError", count: 3 });
  const c = client(sb);
  await rejects(c.listSubscriptions(), (e) => {
    assert.equal(e.code, "TRANSPORT_ERROR");
    assert.equal(e.mayHaveBeenSent, false);
  });
  // With a token, the call's request itself fails: it may have been sent.
  await c.listSubscriptions();
  sb.injectFault({ kind: "networkError", count: 3 });
  await rejects(c.listSubscriptions(), (e) => {
    assert.equal(e.code, "TRANSPORT_ERROR");
    assert.equal(e.mayHaveBeenSent, true);
    assert.equal(e.attempts, 3);
  });
});

test("a hanging server gives a TIMEOUT; an AbortSignal gives ABORTED", async () => {
  const sb = new Sandbox();
  const c = client(sb, { timeoutMs: 100, maxRetries: 0 });
  await c.listSubscriptions(); // token cached
  sb.injectFault({ kind: "hang", count: 1 });
  await rejects(c.listSubscriptions(), (e) => assert.equal(e.code, "TIMEOUT"));
  sb.injectFault({ kind: "hang", count: 1 });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 20);
  await rejects(client(sb).listSubscriptions({ signal: ac.signal }), (e) => assert.equal(e.code, "ABORTED"));
  const pre = new AbortController();
  pre.abort();
  await rejects(c.listSubscriptions({ signal: pre.signal }), (e) => assert.equal(e.code, "ABORTED"));
  sb.injectFault({ kind: "hang", count: 1 });
  await rejects(client(sb).listSubscriptions({ deadlineMs: 30 }), (e) => assert.equal(e.code, "TIMEOUT"));
});

test("a timed-out or aborted attempt aborts the fetch's own signal, even one read late", async () => {
  const token = async () => ({ accessToken: "t", expiresIn: 3600 });
  // A fetch that never answers and reports when its signal fires.
  const hanging = (readLate) => {
    const seen = [];
    const fetch = (url, init) => new Promise((_, reject) => {
      const listen = () => {
        const signal = init.signal;
        assert.ok(signal instanceof AbortSignal, "init.signal is an AbortSignal");
        if (signal.aborted) seen.push("aborted before it was read");
        else signal.addEventListener("abort", () => { seen.push("aborted"); reject(new DOMException("aborted", "AbortError")); });
      };
      if (readLate) setTimeout(listen, 150); else listen();
    });
    return { fetch, seen };
  };
  for (const readLate of [false, true]) {
    const h = hanging(readLate);
    const c = new OmnissaClient({ partnerId: creds.partnerId, tokenProvider: token, fetch: h.fetch, timeoutMs: 60, maxRetries: 0 });
    await rejects(c.listSubscriptions(), (e) => assert.equal(e.code, "TIMEOUT"));
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(h.seen, [readLate ? "aborted before it was read" : "aborted"], `timeout, signal read ${readLate ? "late" : "at once"}`);
    const h2 = hanging(readLate);
    const c2 = new OmnissaClient({ partnerId: creds.partnerId, tokenProvider: token, fetch: h2.fetch, maxRetries: 0 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    await rejects(c2.listSubscriptions({ signal: ac.signal }), (e) => assert.equal(e.code, "ABORTED"));
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(h2.seen, [readLate ? "aborted before it was read" : "aborted"], `caller's abort, signal read ${readLate ? "late" : "at once"}`);
  }
});

test("invalid input is refused before anything is sent", async () => {
  const sb = new Sandbox();
  await rejects(client(sb).getSubscription("M1/../addon"), (e) => {
    assert.equal(e.code, "INVALID_REQUEST");
    assert.equal(e.mayHaveBeenSent, false);
    assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [["serviceInstanceId", "sid_invalid"]]);
  });
  assert.equal(sb.calls().length, 0);
});

test("bad options are typed errors, never crashes", () => {
  const ok = { partnerId: "P", appId: "a", appSecret: "s" };
  // [options, what the message must name]
  const bad = [
    [{}, /`partnerId` is required/],
    [{ partnerId: 5 }, /`partnerId`/],
    [{ ...ok, baseUrl: "not a url" }, /baseUrl|URL/i],
    [{ partnerId: "P" }, /appId.*tokenProvider/],
    [{ ...ok, partnerId: " " }, /partnerId/],
    // The settings every client shares are reported by name too.
    [{ ...ok, fetch: 42 }, /`fetch` must be a fetch-compatible function/],
    [{ ...ok, now: "x" }, /`now` must be a function/],
    [{ ...ok, timeoutMs: "x" }, /`timeoutMs`/],
    [{ ...ok, maxRetries: -1 }, /`maxRetries`/],
    [{ ...ok, dangerouslyAllowBrowser: "yes" }, /`dangerouslyAllowBrowser`/],
    ["x", /must be an object/],
    [null, /must be an object/],
    [[ok], /must be an object/],
  ];
  for (const [opts, message] of bad) {
    assert.throws(
      () => new OmnissaClient(opts),
      (e) => e instanceof Error && e.code === "CONFIGURATION_ERROR" && message.test(e.message) && !/Error: /.test(e.message),
      JSON.stringify(opts),
    );
  }
  // Unknown settings, functions among them, are refused by name (a typo must not pass silently).
  for (const extra of [{ onRetry: () => {} }, { extra: 1 }]) {
    assert.throws(() => new OmnissaClient({ ...ok, ...extra }), (e) => e.code === "CONFIGURATION_ERROR" && /no setting `(onRetry|extra)`/.test(e.message));
  }
  // The instance survives all of the above.
  assert.equal(typeof new OmnissaClient({ ...creds }).listSubscriptions, "function");
});

test("client credentials are refused in a browser page unless dangerouslyAllowBrowser", () => {
  globalThis.window = {};
  globalThis.document = {};
  try {
    assert.throws(() => new OmnissaClient({ ...creds }), (e) => e.code === "CONFIGURATION_ERROR" && /dangerouslyAllowBrowser/.test(e.message));
    assert.ok(new OmnissaClient({ ...creds, dangerouslyAllowBrowser: true }));
    assert.ok(new OmnissaClient({ partnerId: "P", tokenProvider: async () => "t" }));
  } finally {
    delete globalThis.window;
    delete globalThis.document;
  }
});

test("the global fetch (gloo-net) over real HTTP to the sandbox server", async () => {
  const server = await startServer({ port: 0 });
  try {
    const c = new OmnissaClient({ ...creds, baseUrl: server.url });
    assert.equal((await c.listSubscriptions()).length, 5);
    server.sandbox.injectFault({ kind: "networkError", count: 3, pathContains: "/subscriptions" });
    await rejects(c.listSubscriptions(), (e) => assert.equal(e.code, "TRANSPORT_ERROR"));
  } finally {
    await server.close();
  }
  const refused = new OmnissaClient({ ...creds, baseUrl: "http://127.0.0.1:9", maxRetries: 0 });
  await rejects(refused.listSubscriptions(), (e) => assert.equal(e.code, "TRANSPORT_ERROR"));
});

test("the sandbox build's own client works the same", async () => {
  const sb = new Sandbox();
  const c = new SandboxBuildClient({ ...creds, baseUrl: "https://x.test", fetch: sb.fetch });
  assert.equal((await c.getSubscription("M000000005")).serviceInstanceId, "M000000005");
});

test("arguments of the wrong type are INVALID_REQUEST, never a wasm trap", async () => {
  const { CloudmoreClient, CloudBlueApsClient, Rql, parseSku } = prod;
  const cm = new CloudmoreClient({ seller: { sellerId: "5e11e700-0000-4000-8000-000000000001", tokenProvider: async () => "t" }, fetch: async () => { throw new Error("must not be called"); } });
  const omnissa = new OmnissaClient({ ...creds, fetch: async () => { throw new Error("must not be called"); } });
  const aps = new CloudBlueApsClient({ baseUrl: "https://cbc.test", apsToken: async () => "t", fetch: async () => { throw new Error("must not be called"); } });
  // Before the check, a number or an object here was written into wasm memory and trapped.
  for (const bad of [42, {}, null, undefined, Symbol("s"), 10n, ["x"]]) {
    const calls = [
      ["subscriptionId", () => cm.getSellerSubscription(bad)],
      ["sid", () => omnissa.getSubscription(bad)],
      ["requestId", () => omnissa.getOrderStatus(bad)],
      ["orderId", () => aps.getOrder(bad)],
    ];
    for (const [name, call] of calls) {
      await assert.rejects(call(), (e) => {
        assert.ok(e instanceof Error);
        assert.equal(e.code, "INVALID_REQUEST", `${name} ← ${String(bad?.toString?.() ?? bad)}`);
        assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [[name, "invalid_type"]]);
        return true;
      });
    }
    assert.equal(parseSku(bad).wellFormed, false, "parseSku never throws: not a string is an unknown SKU");
    assert.throws(() => Rql.eq(bad, 1), { code: "INVALID_REQUEST" });
  }
  assert.throws(() => Rql.select(["a", 1]), (e) => e.issues[0].path === "props[1]");
  assert.throws(() => Rql.sort(null), { code: "INVALID_REQUEST" });
  // The instance is intact: strings still work.
  assert.equal(String(Rql.select(["a", "b"])), "select(a,b)");
  assert.equal(typeof parseSku("VCF-ENT-12M").wellFormed, "boolean");
});

test("every entry shares one PartnerOrderingError class, so instanceof holds across entries", async () => {
  const om = await import("partner-ordering/omnissa");
  const cm = await import("partner-ordering/cloudmore");
  const sb = await import("partner-ordering/sandbox");
  assert.equal(om.PartnerOrderingError, prod.PartnerOrderingError);
  assert.equal(cm.PartnerOrderingError, prod.PartnerOrderingError);
  assert.equal(sb.PartnerOrderingError, prod.PartnerOrderingError);
  const c = new om.OmnissaClient({ partnerId: "P", tokenProvider: async () => "t", fetch: async () => new Response("<html>", { status: 502 }), maxRetries: 0 });
  const e = await c.listSubscriptions().then(() => assert.fail("expected a rejection"), (x) => x);
  assert.ok(e instanceof prod.PartnerOrderingError && e instanceof sb.PartnerOrderingError);
  assert.equal(e.code, "UNEXPECTED_RESPONSE");
  // The per-API entries hold only their API.
  assert.equal(om.CloudmoreClient, undefined);
  assert.equal(typeof cm.CloudmoreClient, "function");
  assert.equal(cm.OmnissaClient, undefined);
});

test("an already-aborted signal sends nothing and says so", async () => {
  const sb = new Sandbox();
  const c = client(sb);
  const before = sb.calls().length;
  const ac = new AbortController();
  ac.abort();
  const e = await c.listSubscriptions({ signal: ac.signal }).then(() => assert.fail("expected a rejection"), (x) => x);
  assert.equal(e.code, "ABORTED");
  assert.equal(e.mayHaveBeenSent, false);
  assert.equal(sb.calls().length, before, "no request reached the sandbox");
});

test("a trap inside async work fails the calls in flight, cancels their timers, and a fresh instance serves", async () => {
  const sbm = await import("partner-ordering/sandbox");
  const sb = new sbm.Sandbox();
  const c = new sbm.OmnissaClient({ ...sbm.Sandbox.credentials().omnissa, baseUrl: "https://apigw.sandbox.test", fetch: sb.fetch, dangerouslyAllowBrowser: true });
  assert.equal((await c.listSubscriptions()).length, 5);
  // A call that would otherwise wait ten minutes on a fetch that never answers.
  const stuck = new sbm.OmnissaClient({ partnerId: "P", tokenProvider: async () => "t", fetch: () => new Promise(() => {}), timeoutMs: 600_000 });
  const inflight = stuck.listSubscriptions();
  await new Promise((r) => setTimeout(r, 20));
  const generation = sbm.diagnostics().generation;
  const trapped = sbm.__forceTrapLater().then(() => assert.fail("expected a rejection"), (x) => x);
  const e = await inflight.then(() => assert.fail("expected a rejection"), (x) => x);
  assert.equal((await trapped).code, "INTERNAL_ERROR", "the trapping call itself fails too");
  assert.equal(e.code, "INTERNAL_ERROR");
  assert.equal(e.mayHaveBeenSent, true);
  assert.equal(sbm.diagnostics().generation, generation + 1);
  // Clients made before the trap rebuild on the new instance.
  assert.equal((await c.listSubscriptions()).length, 5);
  // (If the stuck call's timers were left running, this file would not end for ten minutes.)
});
