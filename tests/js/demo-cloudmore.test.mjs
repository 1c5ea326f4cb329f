// The demo's Cloudmore view in headless Chromium: organization, broker and seller levels against
// the sandbox over real HTTP, and with the sandbox inside the page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CloudmoreClient } from "partner-ordering";
import { Sandbox } from "partner-ordering/sandbox";
import { startServer } from "../../www/server.mjs";
import { cloudmoreLoaded, demoHarness, DEVELOPER_TEXT, done, isApi, shot, text } from "./demo-page.mjs";

const demo = demoHarness();
const open = demo.open;

const CM = Sandbox.credentials().cloudmore;
const ACME = { organizationId: CM.organizationId, serviceId: CM.serviceId };
/** The library's own judgement, from a client on a private sandbox (nothing reaches the server's). */
async function cloudmoreOracle() {
  const sandbox = new Sandbox();
  const client = new CloudmoreClient({ baseUrl: "https://oracle.sandbox.test", broker: CM.broker, seller: CM.seller, fetch: sandbox.fetch });
  return { client, acmeList: await client.getApplicablePriceList(ACME) };
}
const cmRow = (page, id) => page.locator(`#cm-subscriptions tr[data-id="${id}"]`);
const historyActions = (page) => page.locator("#cm-history tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.action));

/** Creates a subscription through the form (organization level) and returns its id. */
async function createCloudmore(page, { org, product, quantity, name }) {
  if (await page.inputValue("#cm-org") !== org) {
    await page.selectOption("#cm-org", org);
    await page.waitForFunction((o) => document.querySelector("#cm-prices").dataset.level
      && document.querySelector("#cm-create-for").textContent.includes(o), org === CM.organizationId ? "Acme Corp" : "Globex");
  }
  await page.waitForSelector(`#cm-c-product option[value="${product}"]`, { state: "attached" });
  await page.selectOption("#cm-c-product", product);
  await page.fill("#cm-c-qty", String(quantity));
  await page.fill("#cm-c-name", name);
  await page.click("#cm-create button[type=submit]");
  await page.waitForFunction(() => /^Created /.test(document.querySelector("#cm-create-result").textContent), null, { timeout: 20_000 });
  const id = await page.getAttribute("#cm-create-result", "data-subscription");
  await page.waitForSelector(`#cm-history[data-subscription="${id}"]`);
  return id;
}

test("Cloudmore: create at organization level against its price list, see it in the history, update the quantity", async () => {
  const t = await open("", "#cloudmore");
  const { page, requests } = t;
  await cloudmoreLoaded(page);
  assert.equal(await page.inputValue("#cm-level"), "organization");
  // Acme Corp's own price list applies, with price and cost per product.
  assert.equal(await page.getAttribute("#cm-prices", "data-level"), "organization");
  assert.match(await text(page, "#cm-prices-level"), /^organization Acme Corp has its own price list/);
  assert.match(await text(page, `#cm-prices tr[data-product="${CM.organizationOnlyProductId}"]`), /Backup Enterprise.*BK-ENT.*€99\.00.*€70\.00/s);

  const name = `Playwright backup ${Date.now()}`;
  const id = await createCloudmore(page, { org: CM.organizationId, product: CM.organizationOnlyProductId, quantity: 3, name });
  assert.equal(await text(page, "#cm-create-result"), `Created “${name}” (Backup Enterprise) for Acme Corp.`);
  const row = cmRow(page, id);
  assert.match(await row.textContent(), new RegExp(`${name}.*Backup Enterprise.*Acme Corp.*Blue Harbor IT.*3.*Active`, "s"));
  assert.equal(await row.getAttribute("class"), "highlight");
  assert.equal(await page.inputValue("#cm-sub"), id);
  assert.deepEqual(await historyActions(page), ["Created"]);
  assert.match(await text(page, "#cm-history tbody"), /Subscription created with 3 × Backup Enterprise.*— → 3.*broker-api@sandbox\.cloudmore\.test/s);

  assert.equal(await page.inputValue("#cm-u-qty"), "3");
  await page.fill("#cm-u-qty", "8");
  await page.click("#cm-update button[type=submit]");
  await page.waitForFunction(() => [...document.querySelectorAll("#cm-history tbody tr")].some((tr) => tr.dataset.action === "QuantityChanged"), null, { timeout: 20_000 });
  assert.deepEqual(await historyActions(page), ["Created", "QuantityChanged"]);
  assert.match(await page.locator('#cm-history tr[data-action="QuantityChanged"]').textContent(), /Quantity changed from 3 to 8.*3 → 8/s);
  assert.equal(await row.locator("td.num").textContent(), "8");
  assert.match(await text(page, "#cm-status"), /Updated .*quantity 8/);
  assert.ok(requests.includes("POST /demo/cloudmore-token"), "the broker token came from the backend");
  assert.equal(requests.filter((r) => r === "POST /demo/cloudmore-token").length, 1, "one broker token for the whole view, cached");
  assert.equal(await page.locator("#cm-error").isHidden(), true, await text(page, "#cm-error"));
  await shot(page, "demo-cloudmore.png");
  await done(t);
});

test("Cloudmore: the product picker offers exactly what the applicable price list allows", async () => {
  const { client, acmeList } = await cloudmoreOracle();
  const globexList = await client.getApplicablePriceList({ organizationId: CM.organization2Id, serviceId: CM.serviceId });
  const t = await open("", "#cloudmore");
  const { page } = t;
  await cloudmoreLoaded(page);
  const offered = () => page.locator("#cm-c-product option").evaluateAll((os) => os.map((o) => o.value));
  // Acme Corp has its own list: the broker's other products are not offered (the library would refuse them).
  assert.deepEqual(await offered(), acmeList.products.map((p) => p.productId));
  assert.ok(!(await offered()).includes(CM.resellerOnlyProductId));
  assert.equal(client.validateCreate(ACME, { productId: CM.resellerOnlyProductId, quantity: "1" }, acmeList).issues[0]?.code, "product_not_in_price_list");
  // Every product offered is one the library accepts for Acme.
  for (const productId of await offered()) assert.deepEqual(client.validateCreate(ACME, { productId, quantity: "1" }, acmeList).issues, [], productId);
  // Globex has none of its own: the broker's list applies, and is offered whole.
  await page.selectOption("#cm-org", CM.organization2Id);
  await page.waitForFunction(() => document.querySelector("#cm-prices").dataset.level === "reseller");
  assert.deepEqual(await offered(), globexList.products.map((p) => p.productId));
  // Prices in the list's currency: "4.50" EUR is €4.50.
  assert.match(await page.locator("#cm-c-product option").first().textContent(), /^Backup 100 GB — €\d+\.\d{2}$/);
  await done(t);
});

test("Cloudmore: invalid quantities and keys get plain sentences from the library's codes, and nothing is sent", async () => {
  const { client, acmeList } = await cloudmoreOracle();
  const quantity = client.validateCreate(ACME, { productId: CM.productId, quantity: "0", name: "x" }, acmeList).issues.find((i) => i.path === "quantity");
  assert.equal(quantity?.code, "quantity_not_positive");
  const seeded = "c0ffee00-0000-4000-8000-000000000001";   // Acme Corp's seeded backup
  const update = client.validateUpdate(ACME, seeded, { quantity: "0" }, acmeList).issues.find((i) => i.path === "quantity");
  assert.equal(update?.code, "quantity_not_positive");
  assert.match(update.message, /2147483647/, "the SDK's own message is for developers");
  const emptyKey = client.validateLicenseKey("").issues.find((i) => i.path === "licenseKey");
  assert.equal(emptyKey?.code, "license_key_empty");

  const t = await open("", "#cloudmore");
  const { page, requests } = t;
  await cloudmoreLoaded(page);
  const sentBefore = requests.length;
  const callsBefore = demo.server.sandbox.calls().length;
  await page.fill("#cm-c-qty", "");
  await page.locator("#cm-c-qty").pressSequentially("0", { delay: 30 });
  await page.waitForFunction(() => document.querySelector("#cm-c-qty-msg")?.textContent === "Quantity must be at least 1.");
  assert.equal(await page.getAttribute("#cm-c-qty-msg span", "data-code"), quantity.code);
  assert.equal(await page.getAttribute("#cm-c-qty", "aria-invalid"), "true");
  assert.equal(await page.getAttribute("#cm-c-qty", "aria-describedby"), "cm-c-qty-msg");
  // Submitting is refused by the client itself, before any request.
  await page.click("#cm-create button[type=submit]");
  await page.waitForSelector("#cm-error:not([hidden])");
  const alert = await text(page, "#cm-error");
  assert.match(alert, /^Nothing was sentDismissPlease check the following:Quantity must be at least 1\./);
  assert.match(alert, /For support: INVALID_REQUEST · quantity_not_positive · nothing was sent$/);

  // The update form: quantity 0 on the selected subscription.
  await cmRow(page, seeded).locator('[data-action="select"]').click();
  await page.waitForSelector(`#cm-history[data-subscription="${seeded}"]`);
  const sentAfterSelect = requests.length;   // selecting loads the history: a read, on purpose
  await page.fill("#cm-u-qty", "");
  await page.locator("#cm-u-qty").pressSequentially("0", { delay: 30 });
  await page.waitForFunction(() => document.querySelector("#cm-u-qty-msg")?.textContent === "New quantity must be at least 1.");
  assert.equal(await page.getAttribute("#cm-u-qty", "aria-invalid"), "true");
  await page.click("#cm-update button[type=submit]");
  await page.waitForFunction(() => /quantity_not_positive/.test(document.querySelector("#cm-error").textContent));
  // And an empty licence key.
  await page.locator("#cm-k-key").pressSequentially("K", { delay: 30 });
  await page.keyboard.press("Backspace");
  await page.waitForFunction(() => document.querySelector("#cm-k-key-msg")?.textContent === "Enter a licence key.");
  for (const shown of await page.locator("#cm-error, #view-cloudmore .field-msg, #view-cloudmore .form-msg").allTextContents()) {
    for (const re of DEVELOPER_TEXT) assert.doesNotMatch(shown, re, shown);
  }

  // Fixing the fields clears the messages, still without a request.
  await page.fill("#cm-c-qty", "2");
  await page.waitForFunction(() => document.querySelector("#cm-c-qty-msg").textContent === "");
  assert.equal(await page.getAttribute("#cm-c-qty", "aria-invalid"), null);
  assert.deepEqual(requests.slice(sentBefore).filter((r) => !r.includes("/Subscriptionshistory/")), [], "only the history read left the page");
  assert.equal(requests.length, sentAfterSelect, "nothing left the page after the selection");
  assert.deepEqual(demo.server.sandbox.calls().slice(callsBefore).map((c) => `${c.method} ${c.path}`),
    [`GET /api/resellers/${CM.broker.resellerId}/organizations/${ACME.organizationId}/services/${ACME.serviceId}/Subscriptionshistory/${seeded}`],
    "the server's sandbox saw only the history read");
  await done(t);
});

test("Cloudmore: Change quantity says nothing until the user does something", async () => {
  const t = await open("", "#cloudmore");
  const { page } = t;
  await cloudmoreLoaded(page);
  assert.equal(await page.inputValue("#cm-sub"), "", "nothing selected");
  for (const form of ["#cm-update", "#cm-key"]) {
    assert.equal(await text(page, `${form} .form-msg`), "", form);
    assert.equal(await page.locator(`${form} [aria-invalid]`).count(), 0, form);
  }
  // Submitting without a selection says what to do, once, in words.
  await page.click("#cm-update button[type=submit]");
  await page.waitForSelector("#cm-error:not([hidden])");
  assert.equal(await text(page, "#cm-update .form-msg"), "Choose a subscription first.");
  await done(t);
});

test("Cloudmore: a subscription past its end date is marked Expired", async () => {
  // A second server whose sandbox is a year and a half ahead: the seeded terms have ended.
  const sandbox = new Sandbox();
  sandbox.advanceTime(540 * 86_400_000);
  const server = await startServer({ port: 0, sandbox });
  try {
    const t = await open("", "#cloudmore", { server });
    const { page } = t;
    await cloudmoreLoaded(page);
    const seeded = cmRow(page, "c0ffee00-0000-4000-8000-000000000001");
    assert.equal(await seeded.getAttribute("class"), "expired");
    assert.equal(await seeded.locator(".badge.expired").textContent(), "Expired", "said in words, not only by colour");
    await done(t);
  } finally {
    await server.close();
  }
});

test("Cloudmore: the seller level lists across both brokers, cancelled included; the broker level only its own", async () => {
  const t = await open("", "#cloudmore");
  const { page } = t;
  await cloudmoreLoaded(page);
  await page.selectOption("#cm-level", "seller");
  await page.waitForSelector('#cm-subscriptions[data-level="seller"]');
  const rows = () => page.locator("#cm-subscriptions tbody tr").evaluateAll((trs) => trs.map((tr) => ({
    reseller: tr.cells[2].textContent, org: tr.cells[1].textContent, status: tr.dataset.status, cls: tr.className,
    badge: tr.querySelector(".badge").className, name: tr.querySelector("th").textContent,
  })));
  const seller = await rows();
  assert.deepEqual([...new Set(seller.map((r) => r.reseller))].sort(), ["Blue Harbor IT", "Northwind Partners"]);
  assert.ok(seller.some((r) => r.org === "Initech"));
  const fw = seller.find((r) => r.name.startsWith("Firewall SMB"));
  assert.deepEqual([fw.status, fw.cls, fw.badge], ["Cancelled", "cancelled", "badge cancelled"], "cancelled and visibly marked");
  assert.match(await text(page, "#cm-caption"), /^Seller level: every subscription/);
  assert.match(await text(page, "#cm-status"), /\(\d+ cancelled\)/);

  // Seller level: the licence key of Northwind's organization, checked as it is typed.
  const initech = "c0ffee00-0000-4000-8000-000000000004";
  await cmRow(page, initech).locator('[data-action="key"]').click();
  assert.equal(await page.evaluate(() => document.activeElement.id), "cm-k-key");
  assert.equal(await page.inputValue("#cm-sub"), initech);
  // Its history is an organization-level call for Northwind's credentials: said, not attempted.
  assert.equal(await text(page, "#cm-history-for"), "Initech is managed by Northwind Partners: only they can see or change the history of its subscriptions.");
  assert.equal(await page.locator("#cm-history").isHidden(), true);
  const key = `INIT-${Date.now()}`;
  await page.locator("#cm-k-key").pressSequentially(key, { delay: 5 });
  await page.click("#cm-key button[type=submit]");
  await page.waitForFunction(([id, k]) => document.querySelector(`#cm-subscriptions tr[data-id="${id}"]`)?.textContent.includes(k), [initech, key], { timeout: 20_000 });
  assert.match(await text(page, "#cm-status"), /Licence key set on Backup 100 GB \(Initech\)/);

  // Seller level for one service: the firewall only.
  await page.selectOption("#cm-service", CM.service2Id);
  await page.selectOption("#cm-level", "seller-service");
  await page.waitForFunction(() => document.querySelector("#cm-subscriptions").dataset.level === "seller-service"
    && [...document.querySelectorAll("#cm-subscriptions tbody tr")].every((tr) => tr.textContent.includes("Firewall")));
  // A firewall has no licence keys: the API's refusal is shown with its code and trace id.
  await cmRow(page, "c0ffee00-0000-4000-8000-000000000003").locator('[data-action="key"]').click();
  await page.fill("#cm-k-key", "FW-1");
  await page.click("#cm-key button[type=submit]");
  await page.waitForSelector("#cm-error:not([hidden])");
  assert.match(await text(page, "#cm-error"), /^Cloudmore refused the request.*Cloudmore said: .*For support: API_ERROR · HTTP 400 · API code LicenseKeysNotEnabled · trace id [0-9a-f]{16}$/s);

  // Broker level: this broker's organizations only.
  await page.selectOption("#cm-service", CM.serviceId);
  await page.selectOption("#cm-level", "broker");
  await page.waitForSelector('#cm-subscriptions[data-level="broker"]');
  await page.waitForFunction(() => !document.querySelector("#cm-subscriptions").hasAttribute("aria-busy"));
  const broker = await rows();
  assert.ok(broker.length >= 2);
  assert.deepEqual([...new Set(broker.map((r) => r.reseller))], ["Blue Harbor IT"]);

  // An upstream failure (after the client's retries) is shown, never silent.
  demo.server.sandbox.injectFault({ kind: { htmlStatus: 502 }, count: 3, pathContains: `/services/${CM.serviceId}/subscriptions` });
  await page.click("#cm-reload");
  await page.waitForFunction(() => /UNEXPECTED_RESPONSE/.test(document.querySelector("#cm-error").textContent), null, { timeout: 20_000 });
  assert.match(await text(page, "#cm-error"), /^Cloudmore is not available right now.*UNEXPECTED_RESPONSE · HTTP 502/s);
  assert.match(await text(page, "#cm-status"), /Failed/);
  await done(t, { httpErrors: [400, 502] });
});

test("Cloudmore: a cancelled subscription stays listed as Cancelled, with the cancellation in its history", async () => {
  const t = await open("", "#cloudmore");
  const { page } = t;
  await cloudmoreLoaded(page);
  // Globex has no price list of its own: the broker's applies, with its 1 TB product.
  await page.selectOption("#cm-org", CM.organization2Id);
  await page.waitForFunction(() => document.querySelector("#cm-prices").dataset.level === "reseller");
  assert.match(await text(page, "#cm-prices-level"), /^reseller Globex has no price list of its own/);
  const id = await createCloudmore(page, { org: CM.organization2Id, product: CM.resellerOnlyProductId, quantity: 1, name: `To cancel ${Date.now()}` });

  const row = cmRow(page, id);
  await row.locator('[data-action="cancel"]').click();
  // An inline confirmation, focused; "Keep it" backs out.
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), "confirm-cancel");
  await row.getByRole("button", { name: "Keep it" }).click();
  assert.equal(await row.getAttribute("data-status"), "Active");
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), "cancel", "back on the Cancel button");
  await row.locator('[data-action="cancel"]').click();
  await row.locator('[data-action="confirm-cancel"]').click();
  await page.waitForSelector(`#cm-subscriptions tr[data-id="${id}"][data-status="Cancelled"]`, { timeout: 20_000 });
  const cancelled = cmRow(page, id);
  // The focused button went with the old row: focus is on the new row's Select, not lost.
  await page.waitForFunction(() => document.activeElement?.dataset.action === "select");
  assert.equal(await page.evaluate(() => document.activeElement.closest("tr")?.dataset.id), id);
  assert.equal(await cancelled.getAttribute("class"), "cancelled highlight");
  assert.equal(await cancelled.locator(".badge").textContent(), "Cancelled");
  assert.equal(await cancelled.locator('[data-action="cancel"]').count(), 0, "nothing to cancel any more");
  await page.waitForFunction(() => [...document.querySelectorAll("#cm-history tbody tr")].some((tr) => tr.dataset.action === "Cancelled"));
  assert.deepEqual(await historyActions(page), ["Created", "Cancelled"]);
  assert.match(await text(page, "#cm-status"), /stays listed as Cancelled/);
  // The seller sees it cancelled too.
  await page.selectOption("#cm-level", "seller");
  await page.waitForSelector(`#cm-subscriptions[data-level="seller"] tr[data-id="${id}"][data-status="Cancelled"]`);
  await done(t);
});

test("Cloudmore in the in-page sandbox: the same flows with nothing leaving the page", async () => {
  const t = await open("?sandbox=page", "#cloudmore");
  const { page, requests } = t;
  const callsBefore = demo.server.sandbox.calls().length;
  await cloudmoreLoaded(page);
  assert.equal(await page.getAttribute("body", "data-mode"), "page");
  const id = await createCloudmore(page, { org: CM.organizationId, product: CM.productId, quantity: 4, name: "In-page backup" });
  assert.deepEqual(await historyActions(page), ["Created"]);
  await page.fill("#cm-u-qty", "6");
  await page.click("#cm-update button[type=submit]");
  await page.waitForFunction(() => [...document.querySelectorAll("#cm-history tbody tr")].some((tr) => tr.dataset.action === "QuantityChanged"));
  await page.selectOption("#cm-level", "seller");
  await page.waitForSelector(`#cm-subscriptions[data-level="seller"] tr[data-id="${id}"]`);
  // In-page, the page's own sandbox holds the new subscription; the server's never saw it.
  assert.equal(await page.locator('#cm-subscriptions tr[data-status="Cancelled"]').count(), 1);
  assert.deepEqual(requests.filter((r) => isApi(r.split(" ")[1])), [], "no API, token or config request left the page");
  assert.equal(demo.server.sandbox.calls().length, callsBefore, "the server's sandbox saw nothing");
  await done(t);
});

test("Cloudmore: when the subscriptions and the price list both fail to load, both failures are shown", async () => {
  const t = await open("", "#cloudmore");
  const { page } = t;
  await cloudmoreLoaded(page);
  // Both reads are under the organization's service; each is tried three times (two retries).
  demo.server.sandbox.injectFault({ kind: { htmlStatus: 502 }, count: 6, pathContains: `/organizations/${ACME.organizationId}/services/${ACME.serviceId}/` });
  await page.click("#cm-reload");
  await page.waitForFunction(() => /2 requests failed/.test(document.querySelector("#cm-error").textContent), null, { timeout: 20_000 });
  const items = await page.locator("#cm-error .alert-item").allTextContents();
  assert.equal(items.length, 2, items.join(" | "));
  for (const item of items) assert.match(item, /^Cloudmore is not available right now.*For support: UNEXPECTED_RESPONSE · HTTP 502/);
  assert.match(await text(page, "#cm-prices-level"), /could not be loaded/);
  assert.match(await text(page, "#cm-status"), /Failed/);
  await done(t, { httpErrors: [502] });
});
