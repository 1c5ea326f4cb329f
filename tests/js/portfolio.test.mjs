// The portfolio across vendors through the built npm package: the four APIs of the Sandbox in
// one view, fetched concurrently; a vendor failing gives a partial view with its error; the
// dueWithin table; aborts; and the refusals of the constructor and of list().
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CloudBlueApsClient, CloudBlueSimpleClient, CloudmoreClient, OmnissaClient, PartnerOrderingError, Portfolio,
  normalizePortfolio, portfolioDueWithin,
} from "partner-ordering";
import { Sandbox } from "partner-ordering/sandbox";

/** Where the sandbox starts: 2026-11-19T08:53:20Z, after every dated sample of the guides. */
const NOW = 1_795_000_000_000;
const DAY = 86_400_000;
const creds = Sandbox.credentials();
const delay = (ms) => new Promise((r) => setTimeout(r, ms));

/** The four clients against `sandbox`, through `fetch` (default the sandbox's own). */
function clients(sandbox, { fetch = sandbox.fetch, cloudmore = {} } = {}) {
  const common = { fetch, now: sandbox.clock, maxRetries: 0 };
  const s = creds.cloudblueSimple;
  const m = creds.cloudmore;
  return {
    omnissa: new OmnissaClient({ ...creds.omnissa, baseUrl: "https://apigw.sandbox.test", ...common }),
    cloudblueAps: new CloudBlueApsClient({ baseUrl: "https://cbc.sandbox.test", apsToken: async () => sandbox.apsToken(), ...common }),
    cloudblueSimple: new CloudBlueSimpleClient({
      baseUrl: `https://gw.sandbox.test${s.basePath}`, subscriptionKey: s.subscriptionKey, username: s.username,
      password: s.password, marketplace: s.marketplace, ...common,
    }),
    cloudmore: new CloudmoreClient({
      baseUrl: "https://api.cloudmore.sandbox.test",
      seller: { sellerId: m.seller.sellerId, username: m.seller.username, password: m.seller.password, apiSecret: m.seller.apiSecret },
      ...common, ...cloudmore,
    }),
  };
}

const options = (sandbox) => ({ now: sandbox.clock, cloudblueAps: { resellerId: creds.cloudblueAps.resellerId } });
const key = (e) => `${e.vendor}:${e.id}`;
const aps = (n) => `cloudblueAps:5b5c0000-0000-4000-8000-00000${n}`;

test("all four vendors of the Sandbox in one view, fetched concurrently", async () => {
  const sandbox = new Sandbox({ now: NOW });
  let inFlight = 0, most = 0;
  const slow = async (input, init) => {
    most = Math.max(most, ++inFlight);
    try {
      await delay(20);
      return await sandbox.fetch(input, init);
    } finally {
      inFlight--;
    }
  };
  const portfolio = new Portfolio(clients(sandbox, { fetch: slow }), options(sandbox));
  const view = await portfolio.list();
  assert.equal(view.complete, true);
  assert.deepEqual(view.errors, []);
  assert.ok(view.now >= NOW && view.now <= sandbox.clock(), "judged by the portfolio's clock (the sandbox's, which runs on from NOW)");
  assert.ok(most >= 4, `the four vendors' first requests are in flight together (at most ${most} were)`);

  const count = (v) => view.entries.filter((e) => e.vendor === v).length;
  assert.deepEqual(["omnissa", "cloudblueAps", "cloudblueSimple", "cloudmore"].map(count), [5, 5, 1, 4],
    "the reseller's own APS subscription is left out");
  assert.deepEqual([...new Set(view.entries.map((e) => e.vendor))], ["omnissa", "cloudblueAps", "cloudblueSimple", "cloudmore"], "in vendor order");

  const m5 = view.entries.find((e) => e.id === "M000000005");
  assert.equal(m5.customer, "Company OPQ");
  assert.equal(m5.status, "ACTIVE");
  assert.equal(m5.renewal.isOpen, true);
  assert.equal(m5.products[0].sku.length > 0, true);
  assert.equal(m5.raw.serviceInstanceId, "M000000005", "raw is the vendor's subscription");

  const harbor = view.entries.find((e) => key(e) === aps("1000101"));
  assert.equal(harbor.customer, "Blue Harbor Ltd", "APS account names are looked up");
  assert.deepEqual(harbor.products, [{ productId: "6f0c1b2a-3d4e-4f5a-8b6c-7d8e9f0a1b2c", name: "Office Suite", quantity: 1 }]);
  const expired = view.entries.find((e) => key(e) === aps("1000105"));
  assert.equal(expired.status, "EXPIRED");
  assert.equal(expired.renewal, null);

  const acme = view.entries.find((e) => e.vendor === "cloudmore" && e.customer === "Acme Corp");
  assert.equal(acme.status, "Active");
  assert.equal(acme.termEnd, new Date(acme.raw.endDate).toISOString());
  assert.ok(acme.renewal.isOpen === false && Date.parse(acme.renewal.opensAt) === Date.parse(acme.termEnd) - 30 * DAY);
  const simple = view.entries.find((e) => e.vendor === "cloudblueSimple");
  assert.deepEqual([simple.id, simple.status, simple.renewal], ["1000054", "active", null], "no renewal or expiration date listed");
  assert.equal(simple.products[0].quantity, 10);
});

test("one vendor failing gives a partial view with its error, never a rejection", async () => {
  const sandbox = new Sandbox({ now: NOW });
  sandbox.injectFault({ kind: { htmlStatus: 502 }, count: 10, pathContains: "/api/sellers/" });
  const portfolio = new Portfolio(clients(sandbox), options(sandbox));
  const view = await portfolio.list();
  assert.equal(view.complete, false);
  assert.equal(view.errors.length, 1);
  const [{ vendor, error }] = view.errors;
  assert.equal(vendor, "cloudmore");
  assert.ok(error instanceof PartnerOrderingError);
  assert.deepEqual([error.code, error.status, error.api], ["UNEXPECTED_RESPONSE", 502, "cloudmore"]);
  assert.equal(view.entries.some((e) => e.vendor === "cloudmore"), false);
  assert.equal(view.entries.length, 5 + 5 + 1);
  assert.deepEqual(view.dueWithin(0).map(key), ["omnissa:M000000005", aps("1000101"), aps("1000104")], "the others still answer dueWithin");

  // Several failing at once, for different reasons: a client without the credentials its list needs,
  // and a network that drops the Omnissa gateway.
  const sandbox2 = new Sandbox({ now: NOW });
  sandbox2.injectFault({ kind: "networkError", count: 10, pathContains: "/v1/m0/" });
  const c = clients(sandbox2, { cloudmore: { seller: undefined, broker: creds.cloudmore.broker } });
  const partial = await new Portfolio(c, options(sandbox2)).list();
  assert.deepEqual(partial.errors.map((e) => [e.vendor, e.error.code]), [["omnissa", "TRANSPORT_ERROR"], ["cloudmore", "CONFIGURATION_ERROR"]]);
  assert.deepEqual([...new Set(partial.entries.map((e) => e.vendor))], ["cloudblueAps", "cloudblueSimple"]);
});

test("dueWithin: what renews, or can be cancelled, in the next days", async () => {
  const sandbox = new Sandbox({ now: NOW });
  const view = await new Portfolio(clients(sandbox), options(sandbox)).list();
  const cloudmore = view.entries.filter((e) => e.vendor === "cloudmore" && e.renewal).map(key);
  // Windows (30 days before each term's end): Omnissa M000000005 ends in 10 days; APS Blue Harbor's
  // Office Suite in 12 and Cedar Works' held subscription in 25 (both open), Blue Harbor's second in
  // 45 (opens in 15), Cedar Works' trial in 200 (opens in 170); Cloudmore's three active ones in 275
  // (open in 245). Cancelled, expired and the SimpleAPI's (no dates) never come.
  const open = ["omnissa:M000000005", aps("1000101"), aps("1000104")];
  const table = [
    [0, open],
    [14, open],
    [15, [...open, aps("1000102")]],
    [169, [...open, aps("1000102")]],
    [170, [...open, aps("1000102"), aps("1000103")]],
    [244, [...open, aps("1000102"), aps("1000103")]],
    [245, [...open, aps("1000102"), aps("1000103"), ...cloudmore]],
  ];
  assert.equal(cloudmore.length, 3);
  for (const [days, want] of table) assert.deepEqual(view.dueWithin(days).map(key), want, `${days} days`);

  // Judged later: M000000005's term has ended, Blue Harbor's second window has opened.
  const later = view.dueWithin(0, NOW + 16 * DAY);
  assert.deepEqual(later.map(key), [aps("1000104"), aps("1000102")]);
  assert.ok(later.every((e) => e.renewal.isOpen));
  assert.equal(view.entries.find((e) => key(e) === aps("1000102")).renewal.isOpen, false, "the view itself is unchanged");

  for (const bad of [-1, 1.5, NaN, "7", undefined]) {
    assert.throws(() => view.dueWithin(bad), (e) => e.code === "INVALID_REQUEST" && e.issues[0].path === "days", String(bad));
  }
  // The same rule without a Portfolio: normalize what a client returned yourself.
  const entries = normalizePortfolio("omnissa", await clients(sandbox).omnissa.listSubscriptions(), NOW);
  assert.deepEqual(portfolioDueWithin(entries, 30, NOW).map(key), ["omnissa:M000000005"]);
});

test("an abort stops every vendor and rejects with ABORTED", async () => {
  const sandbox = new Sandbox({ now: NOW });
  const slow = (input, init) => delay(50).then(() => sandbox.fetch(input, init));
  const portfolio = new Portfolio(clients(sandbox, { fetch: slow }), options(sandbox));
  const ac = new AbortController();
  const listing = portfolio.list({ signal: ac.signal });
  await delay(5);
  ac.abort();
  await assert.rejects(listing, (e) => e instanceof PartnerOrderingError && e.code === "ABORTED");

  const before = sandbox.calls().length;
  await assert.rejects(portfolio.list({ signal: AbortSignal.abort() }), (e) => e.code === "ABORTED" && e.mayHaveBeenSent === false);
  assert.equal(sandbox.calls().length, before, "nothing sent");
});

test("the constructor, list() and the lifecycle refuse what they cannot use", async () => {
  const sandbox = new Sandbox({ now: NOW });
  const { omnissa, cloudmore } = clients(sandbox);
  const config = (f) => assert.throws(f, (e) => e instanceof PartnerOrderingError && e.code === "CONFIGURATION_ERROR");
  config(() => new Portfolio());
  config(() => new Portfolio("omnissa"));
  config(() => new Portfolio({ omnisa: omnissa }));
  assert.throws(() => new Portfolio({ cloudBlueAps: omnissa }), /did you mean `cloudblueAps`/);
  config(() => new Portfolio({ cloudmore: omnissa }), "an OmnissaClient has no listSellerSubscriptions");
  config(() => new Portfolio({ omnissa: {} }));
  config(() => new Portfolio({ omnissa }, { now: 5 }));
  config(() => new Portfolio({ omnissa }, { cloudblueAps: { resellerId: 1n } }));
  config(() => new Portfolio(new Proxy({}, { ownKeys() { throw new Error("no"); } })));

  const portfolio = new Portfolio({ omnissa, cloudmore }, { now: sandbox.clock });
  assert.deepEqual(JSON.parse(JSON.stringify(portfolio)), { Portfolio: { vendors: ["omnissa", "cloudmore"] } });
  for (const bad of [{ now: "x" }, { signal: {} }, { since: 1 }, 5]) {
    await assert.rejects(portfolio.list(bad), (e) => e.code === "INVALID_REQUEST", JSON.stringify(bad));
  }
  await assert.rejects(Portfolio.prototype.list.call({}), (e) => e.code === "INVALID_REQUEST");
  // A bad APS query is that vendor's INVALID_REQUEST, not a rejection.
  const badQuery = await new Portfolio(clients(sandbox), { cloudblueAps: { resellerId: "mw@aps.test" } }).list({ now: NOW });
  assert.deepEqual(badQuery.errors.map((e) => [e.vendor, e.error.code, e.error.issues[0].code]), [["cloudblueAps", "INVALID_REQUEST", "aps_id_invalid"]]);

  portfolio.free();
  await assert.rejects(portfolio.list(), (e) => e.code === "CONFIGURATION_ERROR");
  portfolio.free();
  assert.equal(omnissa.validateOrder({ offers: [] }).ok, false, "the clients are the caller's and still work");
});
