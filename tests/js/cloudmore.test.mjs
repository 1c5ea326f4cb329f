// Cloudmore through the built npm package: the subscription lifecycle across organization and
// seller levels, price-list validation, credential levels, and both 400 shapes over real HTTP.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { CloudmoreClient, isPartnerOrderingError } from "partner-ordering";
import { Sandbox } from "partner-ordering/sandbox";
import { startServer } from "../../www/server.mjs";

const creds = Sandbox.credentials().cloudmore;
const seller = { sellerId: creds.seller.sellerId, username: creds.seller.username, password: creds.seller.password, apiSecret: creds.seller.apiSecret };
const broker = { resellerId: creds.broker.resellerId, username: creds.broker.username, password: creds.broker.password, apiSecret: creds.broker.apiSecret };
const acme = { organizationId: creds.organizationId, serviceId: creds.serviceId };

let server;
before(async () => { server = await startServer({ port: 0 }); });
after(async () => { await server?.close(); });

test("lifecycle: create → update quantity → seller sets licence key → history → cancel → still listed", async () => {
  const sandbox = new Sandbox();
  const client = new CloudmoreClient({ baseUrl: "https://api.cloudmore.sandbox.test", seller, broker, fetch: sandbox.fetch });

  const sub = await client.createOrganizationSubscription(acme, { productId: creds.organizationOnlyProductId, quantity: 3, name: "Backup for HQ" });
  assert.equal(sub.status, "Active");
  assert.equal(sub.quantity, 3);
  assert.equal(sub.name, "Backup for HQ");
  assert.equal(sub.organizationName, "Acme Corp");
  assert.equal(sub.serviceName, "Managed Backup", "fields the SDK does not model are kept");

  const updated = await client.updateOrganizationSubscription(acme, sub.id, { quantity: "8" });
  assert.equal(updated.quantity, 8);
  const keyed = await client.setLicenseKey(sub.id, "ACME-ENT-0042");
  assert.equal(keyed.licenseKey, "ACME-ENT-0042");

  const history = await client.getSubscriptionHistory(acme, sub.id);
  assert.equal(history.subscriptionId, sub.id);
  assert.deepEqual(history.entries.map((e) => e.action), ["Created", "QuantityChanged", "LicenseKeySet"]);
  assert.deepEqual([history.entries[1].oldValue, history.entries[1].newValue], ["3", "8"]);
  assert.equal(history.entries[2].user, creds.seller.username, "the licence key was set at seller level");

  await client.cancelOrganizationSubscription(acme, sub.id);
  const listed = await client.listOrganizationSubscriptions(acme);
  assert.equal(listed.find((s) => s.id === sub.id)?.status, "Cancelled");
  const everything = await client.listSellerSubscriptions();
  assert.equal(everything.find((s) => s.id === sub.id)?.status, "Cancelled", "the seller sees it too");

  const paths = sandbox.calls().map((c) => `${c.method} ${c.path}`);
  assert.ok(paths.includes(`GET /api/resellers/${broker.resellerId}/organizations/${acme.organizationId}/services/${acme.serviceId}/Subscriptionshistory/${sub.id}`));
  assert.ok(paths.includes(`PUT /api/sellers/${seller.sellerId}/subscriptions/SetLicenseKey/${sub.id}`));
  assert.equal(paths.filter((p) => p.endsWith("/connect/token")).length, 2, "one token per level, cached");

  // Cancelling again is refused before sending.
  const before = sandbox.calls().length;
  await assert.rejects(client.cancelOrganizationSubscription(acme, sub.id), (e) => {
    assert.ok(e instanceof Error && isPartnerOrderingError(e));
    assert.equal(e.code, "INVALID_REQUEST");
    assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [["subscriptionId", "already_cancelled"]]);
    return true;
  });
  assert.equal(sandbox.calls().length, before);
});

test("price lists: the organization's own list takes precedence, checked before sending", async () => {
  const sandbox = new Sandbox();
  const client = new CloudmoreClient({ baseUrl: "https://api.cloudmore.sandbox.test", broker, fetch: sandbox.fetch });
  const list = await client.getApplicablePriceList(acme);
  assert.equal(list.level, "organization");
  assert.deepEqual(list.products.map((p) => [p.name, p.price]), [["Backup 100 GB", "4.50"], ["Backup Enterprise", "99.00"]]);
  const resellerList = await client.getResellerPriceList(acme.serviceId, { currencyCode: "EUR" });
  assert.equal(resellerList.products.find((p) => p.productId === creds.productId)?.price, "5.00");

  const bad = { productId: creds.resellerOnlyProductId, quantity: 0 };
  const report = client.validateCreate(acme, bad, list);
  assert.deepEqual(report.issues.map((i) => [i.path, i.code]), [["productId", "product_not_in_price_list"], ["quantity", "quantity_not_positive"]]);
  client.setPriceList(list);
  assert.equal(client.validateCreate(acme, { productId: creds.productId, quantity: 1 }).ok, true);
  const posts = () => sandbox.calls().filter((c) => c.method === "POST" && c.path.startsWith("/api")).length;
  await assert.rejects(client.createOrganizationSubscription(acme, { productId: creds.resellerOnlyProductId, quantity: 1 }), { code: "INVALID_REQUEST" });
  assert.equal(posts(), 0, "nothing sent");
  // Globex has no list of its own: the broker's applies, so the same product is accepted.
  const globex = { organizationId: creds.organization2Id, serviceId: creds.serviceId };
  const sub = await client.createOrganizationSubscription(globex, { productId: creds.resellerOnlyProductId, quantity: 1 });
  assert.equal(sub.productName, "Backup 1 TB");
});

test("seller operations need seller credentials; the server's two 400 shapes over HTTP", async () => {
  const brokerOnly = new CloudmoreClient({ baseUrl: server.url, broker });
  await assert.rejects(brokerOnly.listSellerSubscriptions(), (e) => {
    assert.equal(e.code, "CONFIGURATION_ERROR");
    assert.match(e.message, /seller-level operation and needs seller-level credentials/);
    return true;
  });
  // Each level names its own id: a broker given a seller's id is told which key it lacks.
  const provider = async () => "t";
  for (const [opts, message] of [
    [{ broker: { sellerId: "x", tokenProvider: provider } }, /`broker\.resellerId` is required/],
    [{ seller: { resellerId: "x", tokenProvider: provider } }, /`seller\.sellerId` is required/],
    [{ seller: { sellerId: "x" } }, /`seller` needs `username`, `password` and `apiSecret`, or a `tokenProvider`/],
  ]) {
    assert.throws(() => new CloudmoreClient({ baseUrl: server.url, ...opts }), (e) => e.code === "CONFIGURATION_ERROR" && message.test(e.message), JSON.stringify(opts));
  }
  const unchecked = new CloudmoreClient({ baseUrl: server.url, broker, validate: false });
  await assert.rejects(unchecked.createOrganizationSubscription(acme, { productId: creds.productId, quantity: 0 }), (e) => {
    assert.equal(e.kind, "api");
    assert.equal(e.status, 400);
    assert.deepEqual(e.issues.map((i) => i.path), ["quantity"], "ModelState dictionary → field issues");
    assert.ok(e.traceId, "correlation id kept");
    return true;
  });
  await assert.rejects(unchecked.createOrganizationSubscription(acme, { productId: creds.resellerOnlyProductId, quantity: 1 }), (e) => {
    assert.equal(e.apiCode, "InvalidValue", "error array → API code");
    assert.match(e.message, /is not in the organization price list/);
    return true;
  });
  const all = await new CloudmoreClient({ baseUrl: server.url, seller }).listSellerSubscriptions();
  assert.ok(all.some((s) => s.status === "Cancelled"), "cancelled subscriptions are listed");
});
