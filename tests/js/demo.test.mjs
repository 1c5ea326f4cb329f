// The partner-portal demo (www/) in headless Chromium: the browser entry of the package, under
// the page's CSP, against the sandbox over real HTTP, and with the sandbox inside the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { CloudmoreClient, OmnissaClient, renewalWindow } from "partner-ordering";
import { Sandbox } from "partner-ordering/sandbox";
import { startServer } from "../../www/server.mjs";
import { launch, OUTPUT } from "./browser.mjs";

let server, browser;
before(async () => {
  server = await startServer({ port: 0 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const SEEDED = ["M000000001", "M000000002", "M000000003", "M000000004", "M000000005"];
const shot = (page, name) => page.screenshot({ path: fileURLToPath(new URL(name, OUTPUT)), fullPage: true });
const text = (page, sel) => page.locator(sel).textContent();
const isApi = (path) => !/\.(m?js|css|html|wasm)$/.test(path) && path !== "/";

/** Opens the demo; every page error, console error and failed request is a problem. */
async function open(query = "", hash = "") {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("requestfailed", (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  const requests = [];
  page.on("request", (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
  await page.goto(`${server.url}/${query}${hash}`);
  await page.waitForSelector("body[data-ready]", { timeout: 20_000 });
  return { page, problems, requests };
}

/**
 * Requirement 7: no console or page errors in any test. The only exception: a test that
 * provokes an HTTP error status on purpose names it, since Chromium logs every such response
 * as "Failed to load resource" (and the test checks that the page showed it).
 */
async function done({ page, problems }, { httpErrors = [] } = {}) {
  const expected = (p) => httpErrors.some((s) => p.startsWith(`console: Failed to load resource: the server responded with a status of ${s} `));
  assert.deepEqual(problems.filter((p) => !expected(p)), []);
  for (const s of httpErrors) assert.ok(problems.some((p) => p.includes(`status of ${s} `)), `the provoked HTTP ${s} happened`);
  await page.close();
}

async function omnissaLoaded(page) {
  await page.waitForSelector("#view-omnissa[data-loaded]", { timeout: 20_000 });
  assert.equal(await page.locator("#om-error").isHidden(), true, await text(page, "#om-error"));
}

async function cloudblueLoaded(page) {
  await page.click("#tab-cloudblue");
  await page.waitForSelector("#view-cloudblue[data-loaded]", { timeout: 20_000 });
  assert.equal(await page.locator("#cb-error").isHidden(), true, await text(page, "#cb-error"));
}

async function cloudmoreLoaded(page) {
  if (await page.getAttribute("#tab-cloudmore", "aria-selected") !== "true") await page.click("#tab-cloudmore");
  await page.waitForSelector("#view-cloudmore[data-loaded]", { timeout: 20_000 });
  assert.equal(await page.locator("#cm-error").isHidden(), true, await text(page, "#cm-error"));
}

/** Places an Omnissa order through the form and waits for the SID. */
async function placeOmnissaOrder(page, company) {
  await page.fill("#om-new-company", company);
  await page.click("#om-new button[type=submit]");
  await page.waitForFunction(() => /^M\d{9}$/.test(document.querySelector("#om-result-sid").textContent), null, { timeout: 20_000 });
  return text(page, "#om-result-sid");
}

test("the Omnissa view lists the subscriptions with a term timeline each", async () => {
  const t = await open();
  const { page } = t;
  await omnissaLoaded(page);
  const sids = await page.locator("#om-subscriptions tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.sid));
  assert.deepEqual(sids.slice(0, 5), SEEDED);
  assert.match(await text(page, "#om-status"), /^\d+ subscriptions$/);
  const first = page.locator('#om-subscriptions tr[data-sid="M000000001"]');
  assert.match(await first.textContent(), /Company ABC.*500 × WSU-ASUPSPSSP-12MT0-C1S.*2025-02-16 → 2026-02-15/s);

  // The window drawn is the library's renewalWindow() at the sandbox's clock.
  const sub = { serviceInstanceId: "M000000001", customerName: "Company ABC", commitContractReference: "AMER00000MOBILITY", endDate: "2026-02-15T08:00:00.000+00:00", offers: [] };
  const w = renewalWindow(sub, server.sandbox.now());
  assert.equal(await first.locator(".window-text").getAttribute("data-window"), `${w.opensAt} ${w.closesAt}`);
  const svg = first.locator("svg.timeline");
  assert.equal(await svg.getAttribute("role"), "img");
  assert.equal(await svg.getAttribute("data-state"), w.state);
  assert.match(await svg.getAttribute("aria-label"), new RegExp(`renewal window ${w.opensAt.slice(0, 10)} to ${w.closesAt.slice(0, 10)}`));
  assert.equal(await svg.locator("rect.window").count(), 1);
  assert.equal(await svg.locator(".today").count(), 1);
  // M000000005 ends in ten days: its window is open and today is inside the term.
  const open5 = page.locator('#om-subscriptions tr[data-sid="M000000005"] svg.timeline');
  assert.equal(await open5.getAttribute("data-state"), "open");
  assert.equal(await open5.locator("line.today").count(), 1);
  await shot(page, "demo-omnissa.png");
  await done(t);
});

test("an Omnissa order goes PENDING → SUCCESS and shows its SID", async () => {
  const t = await open();
  const { page } = t;
  await omnissaLoaded(page);
  const sid = await placeOmnissaOrder(page, "Playwright Inc");
  const steps = await page.locator("#om-progress li").allTextContents();
  assert.match(steps[0], /New subscription: accepted, request id \S+/);
  assert.ok(steps.some((s) => /^PENDING \(status check 1\)$/.test(s)), steps.join(" | "));
  assert.equal(steps.at(-1), `SUCCESS: SID ${sid}`);
  // The table reloads with the new subscription, selected in the change forms.
  await page.waitForSelector(`#om-subscriptions tr[data-sid="${sid}"]`);
  assert.match(await text(page, `#om-subscriptions tr[data-sid="${sid}"]`), /Playwright Inc.*10 × WSD-AWOSP-12PT0-C1S/s);
  assert.equal(await page.inputValue("#om-change-sid"), sid);
  // A fresh term: the library says the renewal window is not open yet, with its dates.
  assert.match(await text(page, "#om-ren .form-msg"), new RegExp(`window for ${sid} opens \\S+ and closes \\S+ \\(opens in \\d+ day`));
  await shot(page, "demo-omnissa-order.png");
  await done(t);
});

test("an invalid quantity shows the library's message as it is typed, before any request", async () => {
  const t = await open();
  const { page, requests } = t;
  await omnissaLoaded(page);
  const sub = { serviceInstanceId: "M000000001", customerName: "Company ABC", commitContractReference: "AMER00000MOBILITY", endDate: "2026-02-15T08:00:00.000+00:00", offers: [{ sku: "WSU-ASUPSPSSP-12MT0-C1S", quantity: 500 }] };
  // What the library itself says about this request (a client that never sends anything).
  const om = new OmnissaClient({ partnerId: "P", tokenProvider: async () => "t" });
  const expected = om.validateQuantityIncrease({
    commitContractReference: sub.commitContractReference, serviceInstanceId: sub.serviceInstanceId,
    offers: [{ sku: sub.offers[0].sku, fromQuantity: "500", toQuantity: "-3" }],
  }, { subscription: sub }).issues.find((i) => i.path === "offers[0].toQuantity");
  assert.ok(expected, "the library flags the quantity");

  const sentBefore = requests.length;
  const callsBefore = server.sandbox.calls().length;
  await page.selectOption("#om-change-sid", "M000000001");
  assert.equal(await page.inputValue("#om-inc-from"), "500");
  await page.fill("#om-inc-to", "");
  await page.locator("#om-inc-to").pressSequentially("-3", { delay: 40 });
  await page.waitForFunction((msg) => document.querySelector("#om-inc-to-msg")?.textContent === msg, expected.message);
  assert.equal(await page.getAttribute("#om-inc-to", "aria-invalid"), "true");
  assert.equal(await page.getAttribute("#om-inc-to", "aria-describedby"), "om-inc-to-msg");
  // Fixing it clears the message, still without a request.
  await page.fill("#om-inc-to", "");
  await page.locator("#om-inc-to").pressSequentially("600", { delay: 40 });
  await page.waitForFunction(() => document.querySelector("#om-inc-to-msg")?.textContent === "");
  assert.equal(await page.getAttribute("#om-inc-to", "aria-invalid"), null);
  assert.deepEqual(requests.slice(sentBefore), [], "no request left the page while typing");
  assert.equal(server.sandbox.calls().length, callsBefore);
  await done(t);
});

test("a renewal outside the window is refused with the window's dates; inside it, it succeeds", async () => {
  const t = await open();
  const { page, requests } = t;
  await omnissaLoaded(page);
  const sub = { serviceInstanceId: "M000000001", customerName: "Company ABC", commitContractReference: "AMER00000MOBILITY", endDate: "2026-02-15T08:00:00.000+00:00", offers: [] };
  const w = renewalWindow(sub, server.sandbox.now());
  assert.equal(w.isOpen, false);
  await page.selectOption("#om-change-sid", "M000000001");
  // Shown as soon as the subscription is chosen (validateRenewal with the subscription as context)…
  assert.match(await text(page, "#om-ren .form-msg"), new RegExp(`opens ${w.opensAt} and closes ${w.closesAt}`));
  // …and refused by the client when tried: nothing is sent but the precheck GET.
  const sentBefore = requests.length;
  await page.click("#om-ren button[type=submit]");
  await page.waitForSelector("#om-error:not([hidden])");
  const alert = await text(page, "#om-error");
  assert.match(alert, /INVALID_REQUEST/);
  assert.ok(alert.includes(`opens ${w.opensAt} and closes ${w.closesAt}`), alert);
  assert.match(alert, /renewal_window_closed/);
  assert.match(alert, /Trace id: none \(the request was not sent\)/);
  await shot(page, "demo-omnissa-refused.png");
  assert.equal(requests.slice(sentBefore).filter((r) => r.startsWith("POST") && r.includes("/renewal")).length, 0);
  // The same for a cancellation.
  await page.click("#om-cancel button[type=submit]");
  await page.waitForFunction(() => /cancellation_window_closed/.test(document.querySelector("#om-error").textContent));

  // M000000005's window is open: the renewal goes through.
  await page.selectOption("#om-change-sid", "M000000005");
  assert.equal(await text(page, "#om-ren .form-msg"), "");
  await page.click("#om-ren button[type=submit]");
  await page.waitForFunction(() => document.querySelector("#om-progress").textContent.includes("SUCCESS: SID M000000005"), null, { timeout: 20_000 });
  assert.equal(await page.locator("#om-error").isHidden(), true);
  await done(t);
});

test("lookup by SID; an invalid SID is refused before any request; a 404 shows its trace id", async () => {
  const t = await open();
  const { page, requests } = t;
  await omnissaLoaded(page);
  await page.fill("#om-sid", "M000000002");
  await page.click("#om-lookup button");
  await page.waitForSelector("#om-detail:not([hidden])");
  assert.match(await text(page, "#om-detail"), /Company EFG/);

  const sentBefore = requests.length;
  await page.fill("#om-sid", "M1/../x");
  await page.click("#om-lookup button");
  await page.waitForSelector("#om-error:not([hidden])");
  assert.match(await text(page, "#om-error"), /INVALID_REQUEST.*sid_invalid/s);
  assert.equal(requests.length, sentBefore, "nothing left the page");

  await page.fill("#om-sid", "M404");
  await page.click("#om-lookup button");
  await page.waitForFunction(() => /API_ERROR/.test(document.querySelector("#om-error").textContent));
  assert.match(await text(page, "#om-error"), /API_ERROR \(HTTP 404\).*Message: .*not found.*API code: NOT_FOUND.*Trace id: [0-9a-f]{16}/s);
  await done(t, { httpErrors: [404] });
});

test("upstream failures are shown, never silent: an HTML 502 and a failed order", async () => {
  const t = await open();
  const { page } = t;
  await omnissaLoaded(page);
  server.sandbox.injectFault({ kind: { htmlStatus: 502 }, count: 3, pathContains: "/api/sdp/subscriptions" });
  await page.click("#om-reload");
  await page.waitForSelector("#om-error:not([hidden])");
  assert.match(await text(page, "#om-error"), /UNEXPECTED_RESPONSE \(HTTP 502\)/);
  assert.match(await text(page, "#om-status"), /Failed/);

  server.sandbox.failNextOmnissaOrder("Edition not available for this commit contract");
  await page.click("#om-new button[type=submit]");
  await page.waitForFunction(() => /ORDER_FAILED/.test(document.querySelector("#om-error").textContent), null, { timeout: 20_000 });
  assert.match(await text(page, "#om-error"), /Edition not available/);
  assert.match(await text(page, "#om-progress"), /ERROR: Edition not available/);
  await done(t, { httpErrors: [502] });
});

test("the CloudBlue catalog pages forward and back", async () => {
  const t = await open();
  const { page } = t;
  await cloudblueLoaded(page);
  const items = () => page.locator("#cb-products tbody tr").evaluateAll((trs) => trs.map((tr) => `${tr.dataset.mpn} ${tr.querySelector("th").textContent}`));
  assert.equal(await text(page, "#cb-page"), "Page 1 of 3 (11 products)");
  const page1 = await items();
  assert.equal(page1.length, 4);
  const addon = page.locator('#cb-products tr[data-mpn="53fc25f7-6639-4f78-bb44-3c2dfec3ed40"]');
  assert.match(await addon.textContent(), /Office 365 Extra File Storage.*Microsoft.*1\.15 USD recurring.*1\.05 USD recurring.*Add-on of 91fd106f-4b2c-4938-95ac-f54f74e9a239 \(Office 365 Enterprise E1\)/s);
  assert.equal(await page.getAttribute("#cb-prev", "aria-disabled"), "true");

  await page.click("#cb-next");
  await page.waitForFunction(() => document.querySelector("#cb-page").textContent.startsWith("Page 2 of 3"));
  const page2 = await items();
  assert.equal(page2.length, 4);
  assert.equal(page2.filter((i) => page1.includes(i)).length, 0, "page 2 shows other products");
  // Keyboard: Enter on the focused button.
  await page.focus("#cb-next");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("#cb-page").textContent.startsWith("Page 3 of 3"));
  assert.equal((await items()).length, 3);
  assert.equal(await page.getAttribute("#cb-next", "aria-disabled"), "true");
  await page.click("#cb-prev");
  await page.waitForFunction(() => document.querySelector("#cb-page").textContent.startsWith("Page 2 of 3"));
  assert.deepEqual(await items(), page2);
  await done(t);
});

test("APS customer creation, then the estimate and the reseller's cost side by side", async () => {
  const t = await open("", "#cloudblue");
  const { page } = t;
  await page.waitForSelector("#view-cloudblue[data-loaded]", { timeout: 20_000 });
  // Validation as the user types, here on the admin contact's email.
  await page.fill("#cb-c-email", "");
  await page.locator("#cb-c-email").pressSequentially("bad", { delay: 20 });
  await page.waitForFunction(() => /"bad" is not a valid email address/.test(document.querySelector("#cb-c-email-msg").textContent));
  await page.fill("#cb-c-email", "ps1@aps.test");

  const company = `Playwright APS ${Date.now()}`;
  await page.fill("#cb-c-company", company);
  await page.click("#cb-customer button[type=submit]");
  await page.waitForFunction(() => /Invitation sent/.test(document.querySelector("#cb-customer-progress").textContent), null, { timeout: 20_000 });
  const steps = await page.locator("#cb-customer-progress li").allTextContents();
  assert.match(steps[0], new RegExp(`Customer created: ${company} \\(account #\\d+, APS id [0-9a-f-]{36}\\)`));
  assert.match(steps[1], /Admin user ann\.\S+@aps\.test created/);
  assert.match(await page.locator("#cb-o-account option:checked").textContent(), new RegExp(company));
  await page.waitForFunction(() => document.querySelector("#cb-o-payment").value === "12");

  await page.fill("#cb-o-amount", "2");
  await page.click("#cb-order button[type=submit]");
  await page.waitForSelector("#cb-estimate:not([hidden])");
  assert.equal(await text(page, "#cb-est-total"), "7.31 USD");
  assert.equal(await text(page, "#cb-cost-total"), "6.26 USD");
  assert.equal(await text(page, "#cb-margin"), "1.08 USD");
  const est = await page.locator("#cb-est-total").boundingBox();
  const cost = await page.locator("#cb-cost-total").boundingBox();
  assert.ok(Math.abs(est.y - cost.y) < 2 && est.x < cost.x, "side by side");
  const rows = await page.locator("#cb-estimate-lines tbody tr").allTextContents();
  assert.deepEqual(rows.slice(-3), ["Subtotal6.52 USD5.44 USD", "Tax0.79 USD0.82 USD", "Total7.31 USD6.26 USD"]);

  await page.click("#cb-o-place");
  await page.waitForFunction(() => /reseller cost 6\.26 USD/.test(document.querySelector("#cb-order-progress").textContent), null, { timeout: 20_000 });
  assert.match(await text(page, "#cb-order-progress"), /Provisioning COMPLETED/);
  await shot(page, "demo-cloudblue.png");

  // Creating the same admin login twice is the API's 409, shown with its code.
  const login = await page.inputValue("#cb-u-login");
  await page.click("#cb-customer button[type=submit]");
  await page.waitForFunction(() => /Invitation sent/.test(document.querySelector("#cb-customer-progress").textContent), null, { timeout: 20_000 });
  await page.fill("#cb-u-login", login);
  await page.click("#cb-customer button[type=submit]");
  await page.waitForSelector("#cb-error:not([hidden])");
  assert.match(await text(page, "#cb-error"), /API_ERROR \(HTTP 409\).*APS::Util::Conflict.*Trace id:/s);
  await done(t, { httpErrors: [409] });
});

test("the in-page sandbox switch: the same flows with nothing leaving the page", async () => {
  const t = await open();
  const { page, requests } = t;
  await omnissaLoaded(page);
  assert.equal(await page.isChecked("#mode-switch"), false);
  await page.click("#mode-switch");
  await page.waitForURL(/\?sandbox=page/);
  await page.waitForSelector("body[data-ready][data-mode=page]", { timeout: 20_000 });
  await omnissaLoaded(page);
  assert.equal(await page.isChecked("#mode-switch"), true);
  assert.match(await text(page, "#mode-desc"), /inside this page/);

  const callsBefore = server.sandbox.calls().length;
  const sentBefore = requests.length;
  const sid = await placeOmnissaOrder(page, "In-page Inc");
  assert.match(sid, /^M\d{9}$/);
  await cloudblueLoaded(page);
  assert.equal(await text(page, "#cb-page"), "Page 1 of 3 (11 products)");
  await page.click("#cb-order button[type=submit]");   // no customer yet: the library says so
  await page.waitForFunction(() => /account_id_required|accountId/.test(document.querySelector("#cb-error").textContent));
  await page.click("#cb-customer button[type=submit]");
  await page.waitForFunction(() => /Invitation sent/.test(document.querySelector("#cb-customer-progress").textContent), null, { timeout: 20_000 });
  await page.click("#cb-order button[type=submit]");
  await page.waitForFunction(() => document.querySelector("#cb-est-total").textContent === "7.31 USD");
  assert.deepEqual(requests.slice(sentBefore).filter(isApi), [], "no API or token request left the page");
  assert.equal(server.sandbox.calls().length, callsBefore, "the server's sandbox saw nothing");
  await shot(page, "demo-in-page.png");

  await page.click("#mode-switch");
  await page.waitForURL((u) => !u.search.includes("sandbox"));
  await page.waitForSelector("body[data-ready][data-mode=http]", { timeout: 20_000 });
  assert.equal(new URL(page.url()).hash, "#cloudblue", "the view is kept across the switch");
  await done(t);
});

test("over HTTP no secret reaches the page: tokens come from the backend, same-origin only", async () => {
  const t = await open();
  const { page, requests } = t;
  const bodies = [];
  page.on("response", async (r) => { if (new URL(r.url()).pathname.startsWith("/demo/")) bodies.push(await r.text().catch(() => "")); });
  await omnissaLoaded(page);
  await cloudblueLoaded(page);
  await cloudmoreLoaded(page);
  await page.selectOption("#cm-level", "seller");   // the seller level's token too
  await page.waitForSelector('#cm-subscriptions[data-level="seller"]');
  for (const p of ["/demo/omnissa-token", "/demo/simple-token", "/demo/aps-token", "/demo/cloudmore-token"]) assert.ok(requests.includes(`POST ${p}`), p);
  const creds = Sandbox.credentials();
  const secrets = [creds.omnissa.appSecret, creds.cloudblueSimple.password, creds.cloudblueAps.consumerSecret,
    creds.cloudmore.seller.password, creds.cloudmore.seller.apiSecret, creds.cloudmore.broker.password, creds.cloudmore.broker.apiSecret];
  const seen = (await page.content()) + bodies.join("\n") + await page.evaluate(() => JSON.stringify(performance.getEntries().map((e) => e.name)));
  for (const s of secrets) assert.ok(!seen.includes(s), `the page never sees ${s}`);
  const r = await fetch(`${server.url}/demo/aps-token`, { method: "POST", headers: { origin: "https://evil.example" } });
  assert.equal(r.headers.get("access-control-allow-origin"), null);
  // The Cloudmore token endpoint: POST, same-origin, one of the two levels.
  const cm = (query, init) => fetch(`${server.url}/demo/cloudmore-token${query}`, init);
  const evil = await cm("?level=seller", { method: "POST", headers: { origin: "https://evil.example" } });
  assert.equal(evil.status, 403);
  assert.equal(evil.headers.get("access-control-allow-origin"), null);
  assert.equal((await cm("?level=broker", { method: "GET" })).status, 405);
  assert.equal((await cm("?level=admin", { method: "POST" })).status, 400);
  const ok = await cm("?level=broker", { method: "POST", headers: { origin: server.url } });
  assert.deepEqual(Object.keys(await ok.json()).sort(), ["accessToken", "expiresIn"]);
  await done(t);
});

test("tabs are keyboard usable", async () => {
  const t = await open();
  const { page } = t;
  await omnissaLoaded(page);
  await page.focus("#tab-omnissa");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.getAttribute("#tab-cloudblue", "aria-selected"), "true");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-cloudblue");
  assert.equal(await page.locator("#view-cloudblue").isVisible(), true);
  assert.equal(await page.locator("#view-omnissa").isVisible(), false);
  await page.keyboard.press("End");
  assert.equal(await page.getAttribute("#tab-cloudmore", "aria-selected"), "true");
  assert.equal(await page.locator("#view-cloudmore").isVisible(), true);
  assert.equal(new URL(page.url()).hash, "#cloudmore");
  await page.waitForSelector("#view-cloudmore[data-loaded]", { timeout: 20_000 });
  await page.keyboard.press("ArrowRight");   // wraps around
  assert.equal(await page.getAttribute("#tab-omnissa", "aria-selected"), "true");
  assert.equal(await page.locator("[role=tab][tabindex='0']").count(), 1, "roving tabindex");
  await done(t);
});

// ───────────── Cloudmore ─────────────

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
  const id = (await text(page, "#cm-create-result")).split(": ").at(-1);
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
  assert.match(await text(page, `#cm-prices tr[data-product="${CM.organizationOnlyProductId}"]`), /Backup Enterprise.*BK-ENT.*99\.00 EUR.*70\.00 EUR/s);

  const name = `Playwright backup ${Date.now()}`;
  const id = await createCloudmore(page, { org: CM.organizationId, product: CM.organizationOnlyProductId, quantity: 3, name });
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

test("Cloudmore: quantity 0 and a product outside the price list get the library's messages, and nothing is sent", async () => {
  const { client, acmeList } = await cloudmoreOracle();
  const create = client.validateCreate(ACME, { productId: CM.resellerOnlyProductId, quantity: "0", name: "x" }, acmeList).issues;
  const product = create.find((i) => i.path === "productId");
  const quantity = create.find((i) => i.path === "quantity");
  assert.equal(product?.code, "product_not_in_price_list");
  assert.equal(quantity?.code, "quantity_not_positive");
  const seeded = "c0ffee00-0000-4000-8000-000000000001";   // Acme Corp's seeded backup
  const update = client.validateUpdate(ACME, seeded, { quantity: "0" }, acmeList).issues.find((i) => i.path === "quantity");
  const emptyKey = client.validateLicenseKey("").issues.find((i) => i.path === "licenseKey");

  const t = await open("", "#cloudmore");
  const { page, requests } = t;
  await cloudmoreLoaded(page);
  const sentBefore = requests.length;
  const callsBefore = server.sandbox.calls().length;

  // The broker's other product is offered, and the library says it is not Acme's to order.
  await page.selectOption("#cm-c-product", CM.resellerOnlyProductId);
  await page.waitForFunction((m) => document.querySelector("#cm-c-product-msg")?.textContent === m, product.message);
  assert.equal(await page.getAttribute("#cm-c-product", "aria-invalid"), "true");
  assert.equal(await page.getAttribute("#cm-c-product", "aria-describedby"), "cm-c-product-msg");
  await page.fill("#cm-c-qty", "");
  await page.locator("#cm-c-qty").pressSequentially("0", { delay: 30 });
  await page.waitForFunction((m) => document.querySelector("#cm-c-qty-msg")?.textContent === m, quantity.message);
  assert.equal(await page.getAttribute("#cm-c-qty", "aria-invalid"), "true");
  // Submitting is refused by the client itself, before any request.
  await page.click("#cm-create button[type=submit]");
  await page.waitForSelector("#cm-error:not([hidden])");
  const alert = await text(page, "#cm-error");
  assert.match(alert, /INVALID_REQUEST/);
  assert.match(alert, /Trace id: none \(the request was not sent\)/);
  assert.match(alert, /productId: .*\[product_not_in_price_list\]/);

  // The update form: quantity 0 on the selected subscription.
  await cmRow(page, seeded).locator('[data-action="select"]').click();
  await page.waitForSelector(`#cm-history[data-subscription="${seeded}"]`);
  const sentAfterSelect = requests.length;   // selecting loads the history: a read, on purpose
  await page.fill("#cm-u-qty", "");
  await page.locator("#cm-u-qty").pressSequentially("0", { delay: 30 });
  await page.waitForFunction((m) => document.querySelector("#cm-u-qty-msg")?.textContent === m, update.message);
  assert.equal(await page.getAttribute("#cm-u-qty", "aria-invalid"), "true");
  await page.click("#cm-update button[type=submit]");
  await page.waitForFunction(() => /quantity_not_positive/.test(document.querySelector("#cm-error").textContent));
  // And an empty licence key.
  await page.locator("#cm-k-key").pressSequentially("K", { delay: 30 });
  await page.keyboard.press("Backspace");
  await page.waitForFunction((m) => document.querySelector("#cm-k-key-msg")?.textContent === m, emptyKey.message);

  // Fixing the fields clears the messages, still without a request.
  await page.selectOption("#cm-c-product", CM.productId);
  await page.fill("#cm-c-qty", "2");
  await page.waitForFunction(() => document.querySelector("#cm-c-qty-msg").textContent === "" && document.querySelector("#cm-c-product-msg").textContent === "");
  assert.equal(await page.getAttribute("#cm-c-qty", "aria-invalid"), null);
  assert.deepEqual(requests.slice(sentBefore).filter((r) => !r.includes("/Subscriptionshistory/")), [], "only the history read left the page");
  assert.equal(requests.length, sentAfterSelect, "nothing left the page after the selection");
  assert.deepEqual(server.sandbox.calls().slice(callsBefore).map((c) => `${c.method} ${c.path}`),
    [`GET /api/resellers/${CM.broker.resellerId}/organizations/${ACME.organizationId}/services/${ACME.serviceId}/Subscriptionshistory/${seeded}`],
    "the server's sandbox saw only the history read");
  await done(t);
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
  assert.match(await text(page, "#cm-history-for"), /belongs to Northwind Partners.*needs that broker's credentials/);
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
  assert.match(await text(page, "#cm-error"), /API_ERROR \(HTTP 400\).*API code: LicenseKeysNotEnabled.*Trace id: [0-9a-f]{16}/s);

  // Broker level: this broker's organizations only.
  await page.selectOption("#cm-service", CM.serviceId);
  await page.selectOption("#cm-level", "broker");
  await page.waitForSelector('#cm-subscriptions[data-level="broker"]');
  await page.waitForFunction(() => !document.querySelector("#cm-subscriptions").hasAttribute("aria-busy"));
  const broker = await rows();
  assert.ok(broker.length >= 2);
  assert.deepEqual([...new Set(broker.map((r) => r.reseller))], ["Blue Harbor IT"]);

  // An upstream failure (after the client's retries) is shown, never silent.
  server.sandbox.injectFault({ kind: { htmlStatus: 502 }, count: 3, pathContains: `/services/${CM.serviceId}/subscriptions` });
  await page.click("#cm-reload");
  await page.waitForFunction(() => /UNEXPECTED_RESPONSE/.test(document.querySelector("#cm-error").textContent), null, { timeout: 20_000 });
  assert.match(await text(page, "#cm-error"), /UNEXPECTED_RESPONSE \(HTTP 502\)/);
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
  await row.locator('[data-action="cancel"]').click();
  await row.locator('[data-action="confirm-cancel"]').click();
  await page.waitForSelector(`#cm-subscriptions tr[data-id="${id}"][data-status="Cancelled"]`, { timeout: 20_000 });
  const cancelled = cmRow(page, id);
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
  const callsBefore = server.sandbox.calls().length;
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
  assert.equal(server.sandbox.calls().length, callsBefore, "the server's sandbox saw nothing");
  await done(t);
});
