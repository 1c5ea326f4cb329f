// The order gateway example (examples/order-gateway) in real workerd: bundled with esbuild using
// the `workerd`/`worker` conditions, its upstreams pointed at the sandbox HTTP server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { CloudBlueApsClient, OmnissaClient } from "partner-ordering";
import { Sandbox } from "partner-ordering/sandbox";
import { startServer } from "../../www/server.mjs";
import { sandboxBindings, startGateway } from "../../examples/order-gateway/dev.mjs";
import { OUTPUT } from "./browser.mjs";

const PORTAL = "https://portal.example.test";
const TOKEN = "gw-test-token-0123456789";
const creds = Sandbox.credentials();
let upstream, gateway, bindings;

const customer = { customerName: "Acme", firstName: "Jane", lastName: "Smith", email: "jane@acme.example", country: "US", zipCode: "94943" };
const omnissaOrder = { commitContractReference: "AMER00000MOBILITY", offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 10 }], endCustomerInfo: customer };

/** POSTs JSON to the gateway as the portal would. */
function post(path, body, headers = {}) {
  return fetch(`${gateway.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: PORTAL, authorization: `Bearer ${TOKEN}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** The upstream calls recorded by the sandbox server, read over HTTP like any client would. */
async function recordedCalls() {
  return (await fetch(`${upstream.url}/__sandbox/calls`)).json();
}

async function injectFault(fault) {
  const r = await fetch(`${upstream.url}/__sandbox/fault`, { method: "POST", body: JSON.stringify(fault) });
  assert.equal(r.status, 204);
}

before(async () => {
  upstream = await startServer({ port: 0 });
  bindings = { ...(await sandboxBindings(upstream.url)), ALLOWED_ORIGIN: `https://other.example.test, ${PORTAL}`, GATEWAY_TOKEN: TOKEN, UPSTREAM_TIMEOUT_MS: "10000" };
  gateway = await startGateway({ bindings, outdir: fileURLToPath(new URL("order-gateway/", OUTPUT)) });
});

after(async () => {
  await gateway?.close();
  await upstream?.close();
});

test("a valid Omnissa order is forwarded upstream and answered 202 with its requestId", async () => {
  const before = (await recordedCalls()).length;
  const r = await post("/orders/omnissa", omnissaOrder);
  assert.equal(r.status, 202, await r.clone().text());
  assert.equal(r.headers.get("access-control-allow-origin"), PORTAL);
  const body = await r.json();
  assert.equal(body.api, "omnissa");
  assert.match(body.requestId, /^[0-9a-f-]{36}$/);
  assert.deepEqual(body.warnings, []);
  const calls = (await recordedCalls()).slice(before);
  assert.deepEqual(calls.map((c) => [c.method, c.path, c.status]), [
    ["POST", "/v1/m0/application/oauth2/token", 200],
    ["POST", "/v2/m4/api/sdp/subscriptions", 202],
  ]);
  // The order really exists upstream: its status can be read with the same id.
  const omnissa = new OmnissaClient({ ...creds.omnissa, baseUrl: upstream.url });
  assert.equal((await omnissa.getOrderStatus(body.requestId)).status, "PENDING");
  const text = JSON.stringify(body);
  for (const secret of [creds.omnissa.appSecret, creds.omnissa.appId]) assert.ok(!text.includes(secret));
});

test("an invalid order gets 422 with the library's issues and never reaches upstream", async () => {
  const before = (await recordedCalls()).length;
  const r = await post("/orders/omnissa", { ...omnissaOrder, offers: [{ sku: "wsd-awosp-12pt0-c1s", quantity: 0 }] });
  assert.equal(r.status, 422);
  const body = await r.json();
  assert.equal(body.error, "invalid_request");
  assert.deepEqual(body.issues.map((i) => [i.path, i.code]), [
    ["offers[0].sku", "sku_lowercase"],
    ["offers[0].quantity", "quantity_not_positive"],
  ]);
  for (const i of body.issues) assert.equal(typeof i.message, "string");

  const missing = await post("/orders/omnissa", { commitContractReference: "AMER00000MOBILITY", offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 1 }] });
  assert.equal(missing.status, 422);
  assert.deepEqual((await missing.json()).issues.map((i) => [i.path, i.code]), [["endCustomerInfo", "required"]]);

  const simple = await post("/orders/cloudblue", { type: "sales", customerId: creds.cloudblueSimple.customerId, products: [{ mpn: "ACR-BACKUP-100", quantity: "abc" }] });
  assert.equal(simple.status, 422);
  assert.deepEqual((await simple.json()).issues.map((i) => [i.path, i.code]), [["products[0].quantity", "quantity_invalid"]]);

  const notObject = await post("/orders/omnissa", "[1, 2]");
  assert.equal(notObject.status, 422);
  assert.equal((await notObject.json()).issues[0].code, "invalid_type");

  assert.equal((await recordedCalls()).length, before, "no upstream call, not even a token request");
});

test("an upstream 503 is passed on as a structured error", async () => {
  await injectFault({ kind: { jsonStatus: 503 }, count: 1, pathContains: "/api/sdp/subscriptions" });
  const r = await post("/orders/omnissa", omnissaOrder);
  assert.equal(r.status, 503);
  assert.equal(r.headers.get("access-control-allow-origin"), PORTAL);
  const body = await r.json();
  assert.deepEqual(
    { error: body.error, kind: body.kind, code: body.code, api: body.api, status: body.status, apiCode: body.apiCode, retryable: body.retryable, mayHaveBeenSent: body.mayHaveBeenSent },
    { error: "api_error", kind: "api", code: "API_ERROR", api: "omnissa", status: 503, apiCode: "SERVER_ERROR", retryable: true, mayHaveBeenSent: true },
  );
  assert.match(body.traceId, /^[0-9a-f]{16}$/);
  assert.match(body.message, /503/);
  const calls = await recordedCalls();
  assert.deepEqual(calls.at(-1), { method: "POST", path: "/v2/m4/api/sdp/subscriptions", status: 503 });

  // A gateway's HTML 502 page upstream: not the API's error body, still structured, 502.
  await injectFault({ kind: { htmlStatus: 502 }, count: 1, pathContains: "/api/sdp/subscriptions" });
  const html = await post("/orders/omnissa", omnissaOrder);
  assert.equal(html.status, 502);
  const hb = await html.json();
  assert.equal(hb.error, "unexpected_response");
  assert.equal(hb.status, 502);
  assert.equal(hb.traceId, null);

  // The gateway's own upstream credentials rejected: 502, never a 401 the portal would misread.
  const bad = await startGatewayWith({ OMNISSA_APP_SECRET: "wrong-secret-value" });
  try {
    const denied = await fetch(`${bad.url}/orders/omnissa`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(omnissaOrder) });
    assert.equal(denied.status, 502);
    const db = await denied.json();
    assert.equal(db.status, 401);
    assert.equal(db.apiCode, "UNAUTHORIZED");
    assert.ok(!JSON.stringify(db).includes("wrong-secret-value"));
  } finally {
    await bad.close();
  }
  assert.ok(!gateway.logs.join("").includes(creds.omnissa.appSecret), "secrets never reach the logs");
});

async function startGatewayWith(overrides) {
  return startGateway({
    bindings: { ...bindings, GATEWAY_TOKEN: undefined, ALLOWED_ORIGIN: PORTAL, ...overrides },
    outdir: fileURLToPath(new URL("order-gateway-alt/", OUTPUT)),
  });
}

test("a CloudBlue SimpleAPI order is checked against the catalog and placed", async () => {
  const before = (await recordedCalls()).length;
  const order = { type: "sales", customerId: creds.cloudblueSimple.customerId, products: [{ mpn: "ACR-BACKUP-100", vendor: "BackupCo", quantity: "3" }] };
  const r = await post("/orders/cloudblue", order);
  assert.equal(r.status, 202, await r.clone().text());
  const body = await r.json();
  assert.equal(body.api, "cloudblueSimple");
  assert.ok(body.orderId);
  assert.match(body.orderNumber, /^SO\d+$/);
  assert.equal(body.orderStatus, "submitted");
  assert.deepEqual(body.total, { currency: "USD", amount: "33.0" });
  const calls = (await recordedCalls()).slice(before).map((c) => `${c.method} ${c.path} ${c.status}`);
  assert.deepEqual(calls, [
    "POST /marketplace/sandbox/token 200",
    "GET /marketplace/sandbox/products 200",
    "POST /marketplace/sandbox/orders 201",
  ]);

  // Ambiguous MPN: the catalog lookup (read-only) happens, the order POST does not.
  const n = (await recordedCalls()).length;
  const amb = await post("/orders/cloudblue", { ...order, products: [{ mpn: "ACR-BACKUP-100", quantity: 1 }] });
  assert.equal(amb.status, 422);
  assert.equal((await amb.json()).issues[0].code, "product_ambiguous");
  assert.ok((await recordedCalls()).slice(n).every((c) => c.method === "GET" || c.path.endsWith("/token")));
});

test("a CloudBlue APS order is placed through the order manager", async () => {
  // The customer account is set up beforehand, as the portal's back office would.
  const aps = new CloudBlueApsClient({ baseUrl: upstream.url, consumerKey: creds.cloudblueAps.consumerKey, consumerSecret: creds.cloudblueAps.consumerSecret });
  const resellerId = await aps.findAccountIdByEmail(creds.cloudblueAps.resellerEmail);
  const { accountId } = await aps.createCustomer({
    resellerId, companyName: "Gateway APS inc",
    addressPostal: { countryName: "us", locality: "APS", postalCode: "12345", region: "VA", streetAddress: "11, APS" },
    adminContact: { email: "gw@aps.test", givenName: "Gale", familyName: "Way", telVoice: "1(888)1234567" },
  });
  const order = {
    type: "SALES", accountId, paymentMethodId: "12",
    products: [{ planId: creds.cloudblueAps.planId, period: { unit: "MONTHS", duration: 1 } }],
    resources: [{ resourceId: creds.cloudblueAps.resourceId, amount: 2 }],
  };
  const bad = await post("/orders/cloudblue-aps", { ...order, accountId: "not-a-uuid" });
  assert.equal(bad.status, 422);
  assert.deepEqual((await bad.json()).issues.map((i) => i.code), ["aps_id_invalid"]);

  const r = await post("/orders/cloudblue-aps", order);
  assert.equal(r.status, 202, await r.clone().text());
  const body = await r.json();
  assert.equal(body.api, "cloudblueAps");
  assert.match(body.orderId, /^[0-9a-f-]{36}$/);
  assert.equal((await aps.getOrder(body.orderId)).orderId, body.orderId);
});

test("a Cloudmore subscription is checked against the organization's price list and created", async () => {
  const cm = creds.cloudmore;
  const order = { organizationId: cm.organizationId, serviceId: cm.serviceId, productId: cm.organizationOnlyProductId, quantity: 2, name: "Gateway backup" };
  const bad = await post("/orders/cloudmore", { ...order, quantity: 0, organizationId: "acme" });
  assert.equal(bad.status, 422);
  assert.deepEqual((await bad.json()).issues.map((i) => [i.path, i.code]), [["organizationId", "id_invalid"], ["quantity", "quantity_not_positive"]]);

  // A product only the broker's list has: Acme's own list takes precedence, so the gateway
  // refuses it after read-only price-list GETs, and no POST goes upstream.
  const n = (await recordedCalls()).length;
  const notListed = await post("/orders/cloudmore", { ...order, productId: cm.resellerOnlyProductId });
  assert.equal(notListed.status, 422);
  assert.equal((await notListed.json()).issues[0].code, "product_not_in_price_list");
  assert.ok((await recordedCalls()).slice(n).every((c) => c.method === "GET" || c.path === "/connect/token"));

  const r = await post("/orders/cloudmore", order);
  assert.equal(r.status, 202, await r.clone().text());
  const body = await r.json();
  assert.equal(body.api, "cloudmore");
  assert.equal(body.status, "Active");
  assert.match(body.subscriptionId, /^[0-9a-f-]{36}$/);
  const calls = await recordedCalls();
  assert.deepEqual(calls.at(-1), { method: "POST", path: `/api/resellers/${cm.broker.resellerId}/organizations/${cm.organizationId}/services/${cm.serviceId}/subscriptions`, status: 201 });
  assert.ok(!JSON.stringify(body).includes(cm.broker.password));
});

test("routing, methods, CORS, auth and malformed JSON", async () => {
  const before = (await recordedCalls()).length;
  const notFound = await post("/orders/nowhere", omnissaOrder);
  assert.equal(notFound.status, 404);
  assert.equal((await notFound.json()).error, "not_found");
  assert.equal((await fetch(`${gateway.url}/`)).status, 404);

  const get = await fetch(`${gateway.url}/orders/omnissa`, { headers: { origin: PORTAL } });
  assert.equal(get.status, 405);
  assert.equal(get.headers.get("allow"), "POST, OPTIONS");
  assert.equal((await get.json()).error, "method_not_allowed");

  const preflight = await fetch(`${gateway.url}/orders/omnissa`, {
    method: "OPTIONS",
    headers: { origin: PORTAL, "access-control-request-method": "POST", "access-control-request-headers": "content-type, authorization" },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), PORTAL);
  assert.match(preflight.headers.get("access-control-allow-headers"), /Authorization/);
  assert.match(preflight.headers.get("access-control-allow-methods"), /POST/);

  const foreignPreflight = await fetch(`${gateway.url}/orders/omnissa`, { method: "OPTIONS", headers: { origin: "https://evil.example" } });
  assert.equal(foreignPreflight.status, 403);
  assert.equal(foreignPreflight.headers.get("access-control-allow-origin"), null);
  const foreign = await post("/orders/omnissa", omnissaOrder, { origin: "https://evil.example" });
  assert.equal(foreign.status, 403);
  assert.equal((await foreign.json()).error, "origin_not_allowed");

  const noToken = await post("/orders/omnissa", omnissaOrder, { authorization: "" });
  assert.equal(noToken.status, 401);
  assert.equal((await noToken.json()).error, "unauthorized");
  assert.equal((await post("/orders/omnissa", omnissaOrder, { authorization: "Bearer nope" })).status, 401);

  const malformed = await post("/orders/omnissa", "{\"commitContractReference\": ");
  assert.equal(malformed.status, 400);
  assert.equal((await malformed.json()).error, "malformed_json");
  const form = await post("/orders/omnissa", "a=b", { "content-type": "application/x-www-form-urlencoded" });
  assert.equal(form.status, 415);
  const huge = await post("/orders/omnissa", JSON.stringify({ pad: "x".repeat(70_000) }));
  assert.equal(huge.status, 413);
  assert.equal((await recordedCalls()).length, before, "none of these reached upstream");
});

test("an upstream 429 keeps its status; no answer in time is a 504 timeout", async () => {
  await injectFault({ kind: { jsonStatus: 429 }, count: 1, pathContains: "/api/sdp/subscriptions" });
  const limited = await post("/orders/omnissa", omnissaOrder);
  assert.equal(limited.status, 429);
  assert.equal((await limited.json()).status, 429);

  const quick = await startGatewayWith({ UPSTREAM_TIMEOUT_MS: "700" });
  try {
    await injectFault({ kind: "hang", count: 1, pathContains: "/api/sdp/subscriptions" });
    const r = await fetch(`${quick.url}/orders/omnissa`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(omnissaOrder) });
    assert.equal(r.status, 504);
    const body = await r.json();
    assert.equal(body.error, "timeout");
    assert.equal(body.status, null);
    assert.equal(body.mayHaveBeenSent, true);
  } finally {
    await quick.close();
  }
});

test("an API whose settings are missing answers 500 without naming them", async () => {
  const bare = await startGatewayWith({ CLOUDBLUE_SUBSCRIPTION_KEY: undefined });
  try {
    const r = await fetch(`${bare.url}/orders/cloudblue`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "sales", customerId: "1", products: [{ mpn: "X", quantity: 1 }] }),
    });
    assert.equal(r.status, 500);
    const body = await r.json();
    assert.equal(body.error, "configuration_error");
    assert.equal(body.message, "the gateway is not configured for this API");
    assert.ok(!JSON.stringify(body).includes("subscriptionKey"));
    const until = Date.now() + 5000;   // the log line may arrive just after the response
    while (!/cloudblueSimple is not configured/.test(bare.logs.join("")) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    assert.match(bare.logs.join(""), /cloudblueSimple is not configured: .*subscriptionKey/);
  } finally {
    await bare.close();
  }
});
