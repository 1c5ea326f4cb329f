// Omnissa orders through the built npm package, as a user would write them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { OmnissaClient, parseSku, renewalWindow } from "partner-ordering";
import { Sandbox } from "partner-ordering/sandbox";

const creds = Sandbox.credentials().omnissa;
const DAY = 86_400_000;

function setup(extra = {}) {
  const sandbox = new Sandbox();
  const omnissa = new OmnissaClient({ ...creds, baseUrl: "https://apigw.sandbox.test", fetch: sandbox.fetch, now: sandbox.clock, ...extra });
  return { sandbox, omnissa };
}

const fast = { intervalMs: 1, maxIntervalMs: 5 };
const contract = "AMER00000MOBILITY";
const customer = { customerName: "Acme", firstName: "Jane", lastName: "Smith", email: "jane@acme.example", country: "US", zipCode: "94943" };

async function expectReject(promise, check) {
  try { await promise; } catch (e) { check(e); return e; }
  assert.fail("expected a rejection");
}

test("the whole lifecycle: order, wait, add-on, upgrade, renewal in the window, cancel", async () => {
  const { sandbox, omnissa } = setup();
  const { requestId } = await omnissa.createOrder({ commitContractReference: contract, offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 10 }], endCustomerInfo: customer });
  assert.deepEqual(await omnissa.getOrderStatus(requestId), { status: "PENDING" });
  const done = await omnissa.waitForOrder(requestId, fast);
  const sid = done.serviceInstanceId;
  assert.match(sid, /^M\d{9}$/);
  assert.equal(done.groupId, "Sbx1234");

  const orderOn = async (call, req) => (await omnissa.waitForOrder((await call.call(omnissa, { commitContractReference: contract, serviceInstanceId: sid, ...req })).requestId, fast)).serviceInstanceId;
  await orderOn(omnissa.increaseQuantity, { offers: [{ sku: "WSD-AWOSP-12PT0-C1S", fromQuantity: 10, toQuantity: 40 }] });
  await orderOn(omnissa.addSecondaryAddOn, { offers: [{ sku: "WSD-ABXAP-12PT0-C1S", quantity: "25" }] });
  await orderOn(omnissa.upgradeSubscription, { offers: [{ fromSku: "WSD-AWOSP-12PT0-C1S", toSku: "WSD-AWOAP-12PT0-C1S", quantity: 40 }] });
  let sub = await omnissa.getSubscription(sid);
  assert.deepEqual(sub.offers, [{ sku: "WSD-ABXAP-12PT0-C1S", quantity: 25 }, { sku: "WSD-AWOAP-12PT0-C1S", quantity: 40 }]);

  const renewal = { commitContractReference: contract, serviceInstanceId: sid, offers: [{ sku: "WSD-AWOAP-12PT0-C1S", quantity: 45 }] };
  const before = sandbox.calls().length;
  const refused = await expectReject(omnissa.renewSubscription(renewal), (e) => {
    assert.equal(e.code, "INVALID_REQUEST");
    assert.equal(e.mayHaveBeenSent, false);
    assert.equal(e.issues[0].code, "renewal_window_closed");
  });
  const w = renewalWindow(sub, sandbox.now());
  assert.ok(refused.issues[0].message.includes(w.opensAt) && refused.issues[0].message.includes(w.closesAt), refused.issues[0].message);
  assert.equal(sandbox.calls().length - before, 1, "only the precheck GET");

  sandbox.advanceTime((w.daysUntilOpen + 1) * DAY);
  assert.equal(renewalWindow(sub, sandbox.now()).isOpen, true);
  await orderOn(omnissa.renewSubscription, { offers: renewal.offers });
  await omnissa.waitForOrder((await omnissa.cancelSubscription({ serviceInstanceId: sid })).requestId, fast);
  sub = await omnissa.getSubscription(sid);
  assert.equal(sub.renewalPreference, "OPT_OUT");
  assert.deepEqual(sub.offers, [{ sku: "WSD-AWOAP-12PT0-C1S", quantity: 45 }]);
});

test("with validation off the sandbox answers with Omnissa's own 400 bodies", async () => {
  const { omnissa } = setup({ validate: false });
  await expectReject(omnissa.renewSubscription({ commitContractReference: contract, serviceInstanceId: "M000000001", offers: [{ sku: "WSU-ASUPSPSSP-12MT0-C1S", quantity: 500 }] }), (e) => {
    assert.equal(e.code, "API_ERROR");
    assert.equal(e.status, 400);
    assert.equal(e.apiCode, "INVALID_REQUEST");
    assert.equal(e.message.includes("Renewal allowed only during last 30 days of active term"), true);
    assert.match(e.traceId, /^[0-9a-f]{16}$/);
  });
  await expectReject(omnissa.cancelSubscription({ serviceInstanceId: "M000000001" }), (e) => {
    assert.equal(e.apiCode, "INVALID_REQUEST");
    assert.match(e.message, /Cancellation allowed only during last 30 days of active term/);
  });
  await expectReject(omnissa.createOrder({ commitContractReference: contract, offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 0 }], endCustomerInfo: customer }), (e) => {
    assert.equal(e.apiCode, "VALIDATION FAILED");
  });
});

test("an order that fails is an ORDER_FAILED error with the API's message", async () => {
  const { sandbox, omnissa } = setup();
  sandbox.failNextOmnissaOrder("Edition not available for this commit contract");
  const { requestId } = await omnissa.createOrder({ commitContractReference: contract, offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 1 }], endCustomerInfo: customer });
  await expectReject(omnissa.waitForOrder(requestId, fast), (e) => {
    assert.equal(e.code, "ORDER_FAILED");
    assert.match(e.message, /Edition not available/);
  });
  sandbox.setOmnissaOrderSettings({ pendingPolls: 1e6, pendingMs: 4e9 });
  const again = await omnissa.createOrder({ commitContractReference: contract, offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 1 }], endCustomerInfo: customer });
  await expectReject(omnissa.waitForOrder(again.requestId, { intervalMs: 5, deadlineMs: 60 }), (e) => assert.equal(e.code, "TIMEOUT"));
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 20);
  await expectReject(omnissa.waitForOrder(again.requestId, { intervalMs: 5, signal: ac.signal }), (e) => assert.equal(e.code, "ABORTED"));
});

test("validate…() returns every issue and never throws", () => {
  const { omnissa } = setup();
  const report = omnissa.validateOrder({ commitContractReference: "", offers: [{ sku: "wsd-awosp", quantity: 2.5 }], endCustomerInfo: { ...customer, email: "nope", country: "United States" } });
  assert.equal(report.ok, false);
  assert.deepEqual(report.issues.map((i) => [i.path, i.code, i.severity]), [
    ["commitContractReference", "commit_contract_required", "error"],
    ["offers[0].sku", "sku_lowercase", "error"],
    ["offers[0].quantity", "quantity_not_integer", "error"],
    ["endCustomerInfo.email", "email_invalid", "error"],
    ["endCustomerInfo.country", "country_not_iso2", "warning"],
  ]);
  assert.deepEqual(omnissa.validateOrder(null).ok, false);
  assert.deepEqual(omnissa.validateOrder({ commitContractReference: "C", offers: [] }).issues[0], {
    path: "endCustomerInfo", code: "required", message: "order: `endCustomerInfo` is required", severity: "error",
  });
  const sub = { serviceInstanceId: "M1", customerName: "C", commitContractReference: contract, endDate: "2026-02-15T08:00:00.000+00:00", offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 100 }] };
  const inc = omnissa.validateQuantityIncrease({ commitContractReference: contract, serviceInstanceId: "M1", offers: [{ sku: "WSD-AWOSP-12PT0-C1S", fromQuantity: 90, toQuantity: 80 }] }, { subscription: sub });
  assert.deepEqual(inc.issues.map((i) => i.code), ["to_quantity_not_greater", "from_quantity_mismatch"]);
  const cancelEarly = omnissa.validateCancellation({ serviceInstanceId: "M1" }, { subscription: sub, now: Date.parse("2026-01-16T07:59:59Z") });
  assert.equal(cancelEarly.issues[0].code, "cancellation_window_closed");
  assert.equal(omnissa.validateCancellation({ serviceInstanceId: "M1" }, { subscription: sub, now: Date.parse("2026-01-16T08:00:00Z") }).ok, true);
});

test("parseSku decodes what is documented and never throws", () => {
  assert.deepEqual(parseSku("WSD-AWOSP-12PT0-C1S"), {
    sku: "WSD-AWOSP-12PT0-C1S", wellFormed: true, family: "WSD", product: "Workspace ONE", metric: "device",
    editionCode: "AWOSP", edition: "Standard", termMonths: 12, billing: "prepaid", suffix: "C1S",
  });
  assert.equal(parseSku("WSU-ASUPSPSSP-12MT0-C1S").billing, "monthly");
  assert.equal(parseSku("nonsense").wellFormed, false);
  assert.equal(parseSku("").wellFormed, false);
});

test("renewalWindow reports the window to the second", () => {
  const sub = { serviceInstanceId: "M1", customerName: "C", commitContractReference: "X", endDate: "2026-02-15T08:00:00.000+00:00", offers: [] };
  assert.deepEqual(renewalWindow(sub, Date.parse("2026-01-01T00:00:00Z")), {
    opensAt: "2026-01-16T08:00:00.000Z", closesAt: "2026-02-15T08:00:00.000Z", isOpen: false, state: "notYetOpen", daysUntilOpen: 16, now: "2026-01-01T00:00:00.000Z",
  });
  assert.equal(renewalWindow(sub, Date.parse("2026-02-15T08:00:00Z")).isOpen, true);
  assert.equal(renewalWindow(sub, Date.parse("2026-02-15T08:00:01Z")).state, "closed");
  assert.equal(renewalWindow({ ...sub, endDate: "sometime" }), undefined);
});
