// CloudBlue through the built npm package: the APS reseller flow, SimpleAPI paging as an async
// iterator, RQL, validation, and OAuth 1.0a over real HTTP to the demo server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CloudBlueApsClient, CloudBlueSimpleClient, Rql } from "partner-ordering";
import { Sandbox } from "partner-ordering/sandbox";
import { startServer } from "../../www/server.mjs";

const { cloudblueAps: apsCreds, cloudblueSimple: simpleCreds } = Sandbox.credentials();
const fast = { intervalMs: 1, maxIntervalMs: 5 };

function aps(sandbox, extra = {}) {
  return new CloudBlueApsClient({ baseUrl: "https://cbc.sandbox.test", fetch: sandbox.fetch, ...extra });
}

function simple(sandbox) {
  return new CloudBlueSimpleClient({
    baseUrl: `https://gw.sandbox.test${simpleCreds.basePath}`, subscriptionKey: simpleCreds.subscriptionKey,
    username: simpleCreds.username, password: simpleCreds.password, marketplace: simpleCreds.marketplace, fetch: sandbox.fetch,
  });
}

const customer = (resellerId) => ({
  resellerId, companyName: "1st APS inc",
  addressPostal: { countryName: "us", locality: "APS", postalCode: "12345", region: "VA", streetAddress: "11, APS" },
  adminContact: { email: "ps1@aps.test", givenName: "Peter", familyName: "Snape", telVoice: "1(888)1234567" },
});

const salesOrder = (accountId) => ({
  type: "SALES", accountId, paymentMethodId: "12",
  products: [{ planId: apsCreds.planId, period: { unit: "MONTHS", duration: 1 } }],
  resources: [{ resourceId: apsCreds.resourceId, amount: 2 }],
});

test("the APS reseller flow with an APS-Token provider", async () => {
  const sandbox = new Sandbox();
  let minted = 0;
  const client = aps(sandbox, { apsToken: async () => { minted++; return sandbox.apsToken(); } });

  const resellerId = await client.findAccountIdByEmail(apsCreds.resellerEmail);
  assert.match(resellerId, /^[0-9a-f-]{36}$/);
  const { accountId, account } = await client.createCustomer(customer(resellerId));
  assert.equal(account.companyName, "1st APS inc");

  const admin = await client.createStaffMember(accountId, {
    login: "annp1@aps.test", password: "p@$$w0rd", email: "ann.peterson@mailinator.com", givenName: "Ann", familyName: "Peterson",
  });
  await client.resetPassword(admin.aps.id);
  await client.invite(admin.aps.id);
  await client.activate(admin.aps.id);

  const methods = await client.listPaymentMethods(accountId);
  assert.equal(methods.find((m) => m.defaultMethod).id, "12");

  sandbox.expireTokens();   // APS tokens are short-lived: the client refreshes once on 403
  const estimate = await client.estimateOrder(salesOrder(accountId));
  assert.equal(minted, 2);
  assert.deepEqual([estimate.subTotal.value, estimate.taxTotal.value, estimate.total.value], ["6.52", "0.79", "7.31"]);
  assert.deepEqual(estimate.issues, []);
  const costs = await client.estimateCosts(salesOrder(accountId));
  assert.equal(costs.total.value, "6.26");

  const { orderId } = await client.placeOrder(salesOrder(accountId));
  const done = await client.waitForOrder(orderId, fast);
  assert.equal(done.provisioningStatus, "COMPLETED");
  const details = await client.getOrder(orderId);
  assert.equal(details.resellerCosts.value, "6.26");
  assert.deepEqual(details.details.map((d) => d.resellerCost.value), ["1.73", "3.67", "0.86"]);

  const types = [];
  for await (const o of client.iterateOrders({ count: 1 })) types.push(o.type);
  assert.deepEqual(types, ["SO", "PO"]);
});

test("RQL values never break out of their argument", () => {
  assert.equal(Rql.join([Rql.eq("techContact.email", "mw@aps.test"), Rql.select(["aps.id"])]), "eq(techContact.email,mw@aps.test),select(aps.id)");
  const evil = Rql.eq("companyName", "x),or(eq(a,b)").toString();
  assert.equal(evil, "eq(companyName,x%29%2Cor%28eq%28a%2Cb%29)");
  assert.equal(Rql.and([Rql.eq("a", 1), Rql.not(Rql.eq("b", true))]).toString(), "and(eq(a,1),not(eq(b,true)))");
  assert.equal(Rql.implementing("http://parallels.com/aps/types/pa/account/1.2").toString(), "implementing(http://parallels.com/aps/types/pa/account/1.2)");
});

test("an injected RQL value finds nothing instead of everything", async () => {
  const sandbox = new Sandbox();
  const client = aps(sandbox, { apsToken: async () => sandbox.apsToken() });
  const all = await client.findAccounts("");
  assert.ok(all.length >= 1);
  const none = await client.findAccounts(Rql.eq("techContact.email", "x),or(ne(aps.id,0)"));
  assert.deepEqual(none, []);
});

test("APS bodies are validated before sending", async () => {
  const sandbox = new Sandbox();
  const client = aps(sandbox, { apsToken: async () => sandbox.apsToken() });
  const bad = { ...salesOrder("not-a-uuid"), resources: [{ resourceId: apsCreds.resourceId, amount: -1 }] };
  const report = client.validateOrder(bad);
  assert.deepEqual(report.issues.map((i) => [i.path, i.code]), [["accountId", "aps_id_invalid"], ["resources[0].amount", "amount_not_positive"]]);
  await assert.rejects(client.placeOrder(bad), (e) => e.code === "INVALID_REQUEST" && e.mayHaveBeenSent === false);
  assert.equal(sandbox.calls().length, 0);
  const check = client.checkEstimate({ total: { value: "7.32", code: "USD" }, subTotal: { value: "6.52", code: "USD" }, taxTotal: { value: "0.79", code: "USD" }, details: [], issues: [] });
  assert.equal(check.issues[0].code, "estimate_total_mismatch");
});

test("SimpleAPI: for await over every page, and page-at-a-time", async () => {
  const sandbox = new Sandbox();
  const client = simple(sandbox);
  const page = await client.listProducts({ limit: 3 });
  assert.deepEqual(page.pagination, { offset: 0, limit: 3, total: 11 });
  const names = [];
  for await (const p of client.iterateProducts({ limit: 3 })) names.push(p.name);
  assert.equal(names.length, 11);
  assert.equal(new Set(names).size, 11);
  const productPages = sandbox.calls().filter((c) => c.path.endsWith("/products")).length;
  assert.equal(productPages, 1 + 4);
});

test("SimpleAPI: catalog-aware orders and a completed sale", async () => {
  const sandbox = new Sandbox();
  const client = simple(sandbox);
  await assert.rejects(
    client.createOrder({ type: "sales", customerId: simpleCreds.customerId, products: [{ mpn: "ACR-BACKUP-100", quantity: 1 }] }),
    (e) => e.issues[0].code === "product_ambiguous" && /vendor, then subscriptionPeriod, then billingPeriod/.test(e.issues[0].message),
  );
  const products = [];
  for await (const p of client.iterateProducts({ limit: 100 })) products.push(p);
  const addonOnly = { type: "sales", customerId: "1000999", products: [{ mpn: "53fc25f7-6639-4f78-bb44-3c2dfec3ed40", quantity: 2 }] };
  assert.equal(client.validateOrder(addonOnly, { products }).issues[0].code, "dependency_missing");
  assert.equal(client.validateOrder(addonOnly, { products, subscribedMpns: ["91fd106f-4b2c-4938-95ac-f54f74e9a239"] }).ok, true);

  const order = { type: "sales", customerId: simpleCreds.customerId, products: [{ mpn: "ACR-BACKUP-100", vendor: "BackupCo", quantity: "3" }] };
  const est = await client.estimateOrder(order);
  assert.equal(est.total.amount, "33.0");
  const placed = await client.createOrder(order);
  const done = await client.waitForOrder(placed.id, fast);
  assert.equal(done.status, "completed");
});

test("OAuth 1.0a over real HTTP: the server verifies the signature of what was sent", async () => {
  const server = await startServer({ port: 0 });
  try {
    const client = new CloudBlueApsClient({ baseUrl: server.url, consumerKey: apsCreds.consumerKey, consumerSecret: apsCreds.consumerSecret });
    assert.ok(await client.findAccountIdByEmail(apsCreds.resellerEmail));
    const wrong = new CloudBlueApsClient({ baseUrl: server.url, consumerKey: apsCreds.consumerKey, consumerSecret: "nope" });
    await assert.rejects(wrong.findAccounts(""), (e) => e.status === 403 && e.apiCode === "APS::Util::AuthenticationFailed");
    const gateway = new CloudBlueSimpleClient({
      baseUrl: `${server.url}${simpleCreds.basePath}`, subscriptionKey: simpleCreds.subscriptionKey,
      username: simpleCreds.username, password: simpleCreds.password, marketplace: "eu",
    });
    const plans = await gateway.listPlans();
    assert.equal(plans.data.length, 3);
  } finally {
    await server.close();
  }
});

test("an async iterator queues concurrent next() calls and stops cleanly on return()", async () => {
  const sandbox = new Sandbox();
  const client = simple(sandbox);
  const all = [];
  for await (const p of client.iterateProducts({ limit: 3 })) all.push(p.id);
  const it = client.iterateProducts({ limit: 3 });
  const firstFour = await Promise.all([it.next(), it.next(), it.next(), it.next()]);
  assert.deepEqual(firstFour.map((r) => r.value.id), all.slice(0, 4), "in order, none twice, across a page boundary");
  assert.deepEqual(await it.return(), { value: undefined, done: true });
  assert.deepEqual(await it.next(), { value: undefined, done: true });
});

test("APS subscriptions: a page with hasNextPage()/getNextPage(), for await, typed filters, the FULL scope", async () => {
  const sandbox = new Sandbox({ now: 1_795_000_000_000 });
  const client = aps(sandbox, { apsToken: async () => sandbox.apsToken() });
  const page = await client.listSubscriptions({ count: 4 });
  assert.deepEqual([page.items.length, page.start, page.total, page.nextStart], [4, 0, 6, 4]);
  assert.equal(page.hasNextPage(), true);
  const second = await page.getNextPage();
  assert.deepEqual([second.items.length, second.start, second.hasNextPage()], [2, 4, false]);
  await assert.rejects(second.getNextPage(), (e) => e.code === "INVALID_REQUEST");

  const numbers = [];
  for await (const s of client.listSubscriptions({ count: 2, resellerId: apsCreds.resellerId })) numbers.push(s.subscriptionId);
  assert.deepEqual(numbers, [1000101, 1000102, 1000103, 1000104, 1000105], "every page, without the reseller's own");
  const iterated = [];
  for await (const s of client.iterateSubscriptions({ count: 3, status: ["EXPIRED", "CREDIT_HOLD"] })) iterated.push([s.subscriptionId, s.status]);
  assert.deepEqual(iterated, [[1000104, "CREDIT_HOLD"], [1000105, "EXPIRED"]]);

  const held = (await client.listSubscriptions({ accountId: apsCreds.customerIds[1], period: { unit: "MONTHS", duration: 1 } })).items[0];
  assert.equal(held.subscriptionId, 1000104);
  assert.deepEqual(held.subscriptionPeriod, { unit: "MONTHS", duration: 1 });
  assert.equal(held.account.aps.id, apsCreds.customerIds[1]);
  assert.equal(held.vendor.aps.id, apsCreds.resellerId, "fields the SDK does not type are kept");

  const paths = sandbox.calls().map((c) => c.path);
  assert.ok(paths.includes("/aps/2/collections/bss-subscriptions"));
  const { data, response } = await client.listSubscriptions({ count: 1 }).withResponse();
  assert.equal(data.items.length, 1);
  assert.equal(response.status, 206, "a partial list");
  assert.equal(response.headers["content-range"], "items 0-0/6");

  // Bad filters never leave the client.
  const before = sandbox.calls().length;
  await assert.rejects(client.listSubscriptions({ expiresBefore: "soon", resellerId: "mw@aps.test" }), (e) =>
    e.code === "INVALID_REQUEST" && e.issues.map((i) => i.code).join() === "aps_id_invalid,date_invalid");
  await assert.rejects(client.listSubscriptions({ state: "ACTIVE" }), (e) => e.code === "INVALID_REQUEST" && e.issues[0].code === "unknown_field");
  assert.equal(sandbox.calls().length, before);
});
