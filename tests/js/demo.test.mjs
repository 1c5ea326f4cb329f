// The partner-portal demo (www/) in headless Chromium: the browser entry of the package, under
// the page's CSP, against the sandbox over real HTTP, and with the sandbox inside the page.
// The Cloudmore view is tested in demo-cloudmore.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { OmnissaClient, renewalWindow } from "partner-ordering";
import { Sandbox } from "partner-ordering/sandbox";
import { cloudblueLoaded, cloudmoreLoaded, demoHarness, DEVELOPER_TEXT, done, isApi, omnissaLoaded, shot, text } from "./demo-page.mjs";

const demo = demoHarness();
const open = demo.open;
const SEEDED = ["M000000001", "M000000002", "M000000003", "M000000004", "M000000005"];
/** A date as the page writes it in sentences (the tests' pages are en-US). */
const day = (iso) => new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(Date.parse(iso));
const DATE = "[A-Z][a-z]{2} \\d{1,2}, \\d{4}";
/** No backticks, GUID lists, API limits or millisecond timestamps in what `sel` shows. */
async function plainWords(page, sel) {
  const shown = await page.locator(sel).allTextContents();
  for (const s of shown) for (const re of DEVELOPER_TEXT) assert.doesNotMatch(s, re, `${sel}: ${s}`);
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
  const w = renewalWindow(sub, demo.server.sandbox.now());
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
  // Ended terms are marked Expired, in words and not only in grey; M000000005's still runs.
  for (const sid of SEEDED) {
    const tr = page.locator(`#om-subscriptions tr[data-sid="${sid}"]`);
    const ended = sid !== "M000000005";
    assert.equal(await tr.getAttribute("class"), ended ? "expired" : null, sid);
    assert.deepEqual(await tr.locator(".badge.expired").allTextContents(), ended ? ["Expired"] : [], sid);
  }
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
  assert.match(await text(page, "#om-ren .form-msg"),
    new RegExp(`^${sid} can be renewed only in the last 30 days of its term, from ${DATE} to ${DATE}: that is in \\d+ days\\.$`));
  await shot(page, "demo-omnissa-order.png");
  await done(t);
});

test("an invalid quantity shows the library's judgement in plain words as it is typed, before any request", async () => {
  const t = await open();
  const { page, requests } = t;
  await omnissaLoaded(page);
  const sub = { serviceInstanceId: "M000000001", customerName: "Company ABC", commitContractReference: "AMER00000MOBILITY", endDate: "2026-02-15T08:00:00.000+00:00", offers: [{ sku: "WSU-ASUPSPSSP-12MT0-C1S", quantity: 500 }] };
  // What the library itself says about this request (a client that never sends anything).
  const om = new OmnissaClient({ partnerId: "P", tokenProvider: async () => "t" });
  const judge = (toQuantity) => om.validateQuantityIncrease({
    commitContractReference: sub.commitContractReference, serviceInstanceId: sub.serviceInstanceId,
    offers: [{ sku: sub.offers[0].sku, fromQuantity: "500", toQuantity }],
  }, { subscription: sub }).issues.find((i) => i.path === "offers[0].toQuantity");
  const expected = judge("-3");
  assert.equal(expected?.code, "quantity_not_positive", "the library flags the quantity");
  assert.equal(judge("-30")?.code, expected.code, "the same for -30");
  const words = "New quantity must be at least 1.";   // the page's sentence for that code and field

  const sentBefore = requests.length;
  const callsBefore = demo.server.sandbox.calls().length;
  await page.selectOption("#om-change-sid", "M000000001");
  assert.equal(await page.inputValue("#om-inc-from"), "500");
  await page.fill("#om-inc-to", "");
  await page.locator("#om-inc-to").pressSequentially("-3", { delay: 40 });
  await page.waitForFunction((msg) => document.querySelector("#om-inc-to-msg")?.textContent === msg, words);
  assert.equal(await page.getAttribute("#om-inc-to-msg span", "data-code"), expected.code);
  assert.equal(await page.getAttribute("#om-inc-to", "aria-invalid"), "true");
  assert.equal(await page.getAttribute("#om-inc-to", "aria-describedby"), "om-inc-to-msg");
  // A keystroke that leaves the message as it is does not rebuild it (a live region: it would
  // be announced again).
  await page.evaluate(() => {
    window.msgMutations = 0;
    new MutationObserver((m) => { window.msgMutations += m.length; })
      .observe(document.querySelector("#om-inc-to-msg"), { childList: true, subtree: true, characterData: true });
  });
  await page.locator("#om-inc-to").pressSequentially("0", { delay: 40 });
  assert.equal(await page.inputValue("#om-inc-to"), "-30");
  assert.equal(await text(page, "#om-inc-to-msg"), words);
  assert.equal(await page.evaluate(() => window.msgMutations), 0);
  // Fixing it clears the message, still without a request.
  await page.fill("#om-inc-to", "");
  await page.locator("#om-inc-to").pressSequentially("600", { delay: 40 });
  await page.waitForFunction(() => document.querySelector("#om-inc-to-msg")?.textContent === "");
  assert.equal(await page.getAttribute("#om-inc-to", "aria-invalid"), null);
  assert.deepEqual(requests.slice(sentBefore), [], "no request left the page while typing");
  assert.equal(demo.server.sandbox.calls().length, callsBefore);
  await done(t);
});

test("every SKU choice of the change forms refreshes the quantities that follow it", async () => {
  const t = await open();
  const { page } = t;
  await omnissaLoaded(page);
  // M000000002 has two offers: 250 × WSD-AWOAP-12PT0-C1S and 100 × WSD-AWOSP-12PT0-C1S.
  await page.selectOption("#om-change-sid", "M000000002");
  const quantities = () => Promise.all(["#om-inc-from", "#om-inc-to", "#om-upg-qty", "#om-ren-qty"].map((q) => page.inputValue(q)));
  assert.deepEqual(await quantities(), ["250", "260", "250", "250"]);
  await page.selectOption("#om-inc-sku", "WSD-AWOSP-12PT0-C1S");
  assert.deepEqual(await quantities(), ["100", "110", "250", "250"]);
  await page.selectOption("#om-upg-from", "WSD-AWOSP-12PT0-C1S");
  assert.deepEqual(await quantities(), ["100", "110", "100", "250"]);
  await page.selectOption("#om-ren-sku", "WSD-AWOSP-12PT0-C1S");
  assert.deepEqual(await quantities(), ["100", "110", "100", "100"]);
  await done(t);
});

test("a renewal outside the window is refused with the window's dates; inside it, it succeeds", async () => {
  const t = await open();
  const { page, requests } = t;
  await omnissaLoaded(page);
  const sub = { serviceInstanceId: "M000000001", customerName: "Company ABC", commitContractReference: "AMER00000MOBILITY", endDate: "2026-02-15T08:00:00.000+00:00", offers: [] };
  const w = renewalWindow(sub, demo.server.sandbox.now());
  assert.equal(w.isOpen, false);
  await page.selectOption("#om-change-sid", "M000000001");
  // Shown as soon as the subscription is chosen (validateRenewal with the subscription as
  // context), in words: its term ended, so the window has closed…
  assert.equal(await text(page, "#om-ren .form-msg"), `M000000001 can no longer be renewed: its term ended on ${day(w.closesAt)}.`);
  assert.equal(await page.getAttribute("#om-ren .form-msg span", "data-code"), "renewal_window_closed");
  // …and refused by the client when tried: nothing is sent but the precheck GET.
  const sentBefore = requests.length;
  await page.click("#om-ren button[type=submit]");
  await page.waitForSelector("#om-error:not([hidden])");
  const alert = await text(page, "#om-error");
  assert.match(alert, /^Nothing was sentDismissPlease check the following:/);
  assert.ok(alert.includes(`M000000001 can no longer be renewed: its term ended on ${day(w.closesAt)}.`), alert);
  assert.match(alert, /For support: INVALID_REQUEST · renewal_window_closed · nothing was sent$/);
  await plainWords(page, "#om-error, #view-omnissa .form-msg");
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
  assert.match(await text(page, "#om-error"), /Nothing was sent.*Enter a subscription ID such as M000000001\..*INVALID_REQUEST · sid_invalid/s);
  assert.equal(requests.length, sentBefore, "nothing left the page");

  await page.fill("#om-sid", "M404");
  await page.click("#om-lookup button");
  await page.waitForFunction(() => /API_ERROR/.test(document.querySelector("#om-error").textContent));
  assert.match(await text(page, "#om-error"), /^Omnissa has no such record.*Omnissa said: Subscription M404 not found\..*For support: API_ERROR · HTTP 404 · API code NOT_FOUND · trace id [0-9a-f]{16}$/s);
  await done(t, { httpErrors: [404] });
});

test("upstream failures are shown, never silent: an HTML 502 and a failed order", async () => {
  const t = await open();
  const { page } = t;
  await omnissaLoaded(page);
  demo.server.sandbox.injectFault({ kind: { htmlStatus: 502 }, count: 3, pathContains: "/api/sdp/subscriptions" });
  await page.click("#om-reload");
  await page.waitForSelector("#om-error:not([hidden])");
  assert.match(await text(page, "#om-error"), /^Omnissa is not available right now.*error page \(HTTP 502\)\. Try again later\..*UNEXPECTED_RESPONSE · HTTP 502/s);
  assert.match(await text(page, "#om-status"), /Failed/);

  demo.server.sandbox.failNextOmnissaOrder("Edition not available for this commit contract");
  await page.click("#om-new button[type=submit]");
  await page.waitForFunction(() => /ORDER_FAILED/.test(document.querySelector("#om-error").textContent), null, { timeout: 20_000 });
  assert.match(await text(page, "#om-error"), /Omnissa could not complete the order.*Omnissa said: Edition not available for this commit contract\./s);
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
  assert.match(await addon.textContent(), /Office 365 Extra File Storage.*Microsoft.*\$1\.15, recurring.*\$1\.05, recurring.*Add-on of 91fd106f-4b2c-4938-95ac-f54f74e9a239 \(Office 365 Enterprise E1\)/s);
  // Money in the currency's format, from the API's decimal strings ("19.8" is $19.80).
  assert.match(await text(page, '#cb-products tr[data-mpn="91fd106f-4b2c-4938-95ac-f54f74e9a239"]'), /\$19\.80, recurring.*\$17\.50, recurring/s);
  assert.doesNotMatch(await text(page, "#cb-products tbody"), /\d USD/);
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
  await page.waitForSelector("#view-cloudblue[data-settled]", { timeout: 20_000 });
  // Validation as the user types, here on the admin contact's email.
  await page.fill("#cb-c-email", "");
  await page.locator("#cb-c-email").pressSequentially("bad", { delay: 20 });
  await page.waitForFunction(() => document.querySelector("#cb-c-email-msg").textContent === "Enter an email address such as name@example.com.");
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
  assert.equal(await text(page, "#cb-est-total"), "$7.31");
  assert.equal(await text(page, "#cb-cost-total"), "$6.26");
  assert.equal(await text(page, "#cb-margin"), "$1.08");
  const est = await page.locator("#cb-est-total").boundingBox();
  const cost = await page.locator("#cb-cost-total").boundingBox();
  assert.ok(Math.abs(est.y - cost.y) < 2 && est.x < cost.x, "side by side");
  const rows = await page.locator("#cb-estimate-lines tbody tr").allTextContents();
  assert.deepEqual(rows.slice(-3), ["Subtotal$6.52$5.44", "Tax$0.79$0.82", "Total$7.31$6.26"]);

  await page.click("#cb-o-place");
  await page.waitForFunction(() => /reseller cost \$6\.26/.test(document.querySelector("#cb-order-progress").textContent), null, { timeout: 20_000 });
  assert.match(await text(page, "#cb-order-progress"), /Provisioning COMPLETED/);
  await shot(page, "demo-cloudblue.png");

  // Creating the same admin login twice is the API's 409, shown with its code.
  const login = await page.inputValue("#cb-u-login");
  await page.click("#cb-customer button[type=submit]");
  await page.waitForFunction(() => /Invitation sent/.test(document.querySelector("#cb-customer-progress").textContent), null, { timeout: 20_000 });
  await page.fill("#cb-u-login", login);
  await page.click("#cb-customer button[type=submit]");
  await page.waitForSelector("#cb-error:not([hidden])");
  assert.match(await text(page, "#cb-error"), /^CloudBlue refused the request: it conflicts with something that already exists.*For support: API_ERROR · HTTP 409 · API code APS::Util::Conflict · (trace id \S+|no trace id)$/s);
  assert.match(await text(page, "#cb-error"), /CloudBlue said: Login \S+ is taken\./);
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

  const callsBefore = demo.server.sandbox.calls().length;
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
  await page.waitForFunction(() => document.querySelector("#cb-est-total").textContent === "$7.31");
  assert.deepEqual(requests.slice(sentBefore).filter(isApi), [], "no API or token request left the page");
  assert.equal(demo.server.sandbox.calls().length, callsBefore, "the server's sandbox saw nothing");
  await shot(page, "demo-in-page.png");

  await page.click("#mode-switch");
  await page.waitForURL((u) => !u.search.includes("sandbox"));
  await page.waitForSelector("body[data-ready][data-mode=http]", { timeout: 20_000 });
  assert.equal(new URL(page.url()).hash, "#cloudblue", "the view is kept across the switch");
  await done(t);
});

test("over HTTP no secret reaches the page: tokens come from the backend, same-origin only", async () => {
  // Every /demo/ answer the page receives, from the first; each body is awaited below, so none
  // goes unchecked.
  const bodies = [];
  const t = await open("", "", {
    beforeLoad: (page) => page.on("response", (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith("/demo/")) bodies.push(r.text().then((body) => ({ path, body }), (e) => ({ path, error: String(e) })));
    }),
  });
  const { page, requests } = t;
  await omnissaLoaded(page);
  await cloudblueLoaded(page);
  await cloudmoreLoaded(page);
  await page.selectOption("#cm-level", "seller");   // the seller level's token too
  await page.waitForSelector('#cm-subscriptions[data-level="seller"]');
  const TOKENS = ["/demo/omnissa-token", "/demo/simple-token", "/demo/aps-token", "/demo/cloudmore-token"];
  for (const p of TOKENS) assert.ok(requests.includes(`POST ${p}`), p);
  const answers = await Promise.all(bodies);
  assert.deepEqual(answers.filter((a) => a.error || !a.body), [], "every /demo/ body was read");
  // The config, the four token endpoints, and Cloudmore's second level.
  assert.ok(answers.length >= 6, `${answers.length} /demo/ bodies checked`);
  assert.deepEqual([...new Set(answers.map((a) => a.path))].sort(), ["/demo/config", ...TOKENS].sort());
  const creds = Sandbox.credentials();
  const secrets = [creds.omnissa.appSecret, creds.cloudblueSimple.password, creds.cloudblueAps.consumerSecret,
    creds.cloudmore.seller.password, creds.cloudmore.seller.apiSecret, creds.cloudmore.broker.password, creds.cloudmore.broker.apiSecret];
  const seen = (await page.content()) + answers.map((a) => a.body).join("\n")
    + await page.evaluate(() => JSON.stringify(performance.getEntries().map((e) => e.name)));
  for (const s of secrets) assert.ok(!seen.includes(s), `the page never sees ${s}`);

  // Every token endpoint: POST only, same-origin only, never with CORS headers.
  const url = (p) => `${demo.server.url}${p}${p.endsWith("cloudmore-token") ? "?level=broker" : ""}`;
  for (const p of TOKENS) {
    const get = await fetch(url(p));
    assert.equal(get.status, 405, `GET ${p}`);
    assert.equal(get.headers.get("allow"), "POST");
    for (const headers of [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }]) {
      const evil = await fetch(url(p), { method: "POST", headers });
      assert.equal(evil.status, 403, `POST ${p} ${JSON.stringify(headers)}`);
      assert.equal(evil.headers.get("access-control-allow-origin"), null);
      assert.ok(!("accessToken" in await evil.json()));
    }
    const ok = await fetch(url(p), { method: "POST", headers: { origin: demo.server.url, "sec-fetch-site": "same-origin" } });
    assert.equal(ok.status, 200, p);
    assert.ok((await ok.json()).accessToken, p);
  }
  // Cloudmore's: one of the two levels.
  const cm = await fetch(`${demo.server.url}/demo/cloudmore-token?level=admin`, { method: "POST" });
  assert.equal(cm.status, 400);
  const broker = await fetch(`${demo.server.url}/demo/cloudmore-token?level=broker`, { method: "POST", headers: { origin: demo.server.url } });
  assert.deepEqual(Object.keys(await broker.json()).sort(), ["accessToken", "expiresIn"]);
  await done(t);
});

test("the page's CSP: 'wasm-unsafe-eval' and the import map's hash, no 'unsafe-inline' or 'unsafe-eval'", async () => {
  const r = await fetch(`${demo.server.url}/`);
  const csp = r.headers.get("content-security-policy");
  assert.ok(csp, "the page is served with a CSP");
  const directives = Object.fromEntries(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.ok(directives["script-src"].includes("'wasm-unsafe-eval'"), csp);
  assert.ok(!csp.includes("'unsafe-inline'"), csp);
  assert.ok(!csp.replaceAll("'wasm-unsafe-eval'", "").includes("unsafe-eval"), csp);
  // The one inline script allowed is the import map, by its hash; every other script is 'self'.
  const html = await r.text();
  const map = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)[1];
  const hash = `'sha256-${createHash("sha256").update(map).digest("base64")}'`;
  assert.deepEqual(directives["script-src"], ["'self'", "'wasm-unsafe-eval'", hash]);
  assert.equal(html.match(/<script\b/g).length, 2, "the import map and one module by src");
  assert.match(html, /<script type="module" src="\/boot\.js"><\/script>/);
});

test("when the package cannot load, the page says so instead of staying blank", async () => {
  const cases = {
    "the .wasm request fails": (page) => page.route("**/*.wasm", (route) => route.abort()),
    "the .wasm is a 404": (page) => page.route("**/*.wasm", (route) => route.fulfill({ status: 404, contentType: "text/plain", body: "not found" })),
    "the CSP lacks 'wasm-unsafe-eval'": (page) => page.route((u) => u.pathname === "/", async (route) => {
      const response = await route.fetch();
      const headers = response.headers();
      headers["content-security-policy"] = headers["content-security-policy"].replace(" 'wasm-unsafe-eval'", "");
      await route.fulfill({ response, headers });
    }),
  };
  for (const [name, breakIt] of Object.entries(cases)) {
    const page = await demo.browser.newPage();
    await breakIt(page);
    await page.goto(`${demo.server.url}/`);
    await page.waitForSelector("#app-error:not([hidden])", { timeout: 20_000 });
    const alert = await text(page, "#app-error");
    assert.match(alert, /The demo could not start: the partner-ordering package did not load/, name);
    assert.match(alert, /Message: \S/, name);
    assert.match(alert, /'wasm-unsafe-eval'/, name);
    assert.equal(await page.locator("#app-error").getAttribute("role"), "alert");
    assert.equal(await page.locator("#app-error").isVisible(), true, name);
    assert.equal(await page.getAttribute("body", "data-ready"), null, name);
    await shot(page, `demo-no-package-${Object.keys(cases).indexOf(name) + 1}.png`);
    await page.close();
  }
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
  assert.equal(await page.getAttribute("#tab-renewals", "aria-selected"), "true");
  assert.equal(await page.locator("#view-renewals").isVisible(), true);
  assert.equal(new URL(page.url()).hash, "#renewals");
  await page.waitForSelector("#view-renewals[data-settled]", { timeout: 20_000 });
  await page.keyboard.press("ArrowRight");   // wraps around
  assert.equal(await page.getAttribute("#tab-omnissa", "aria-selected"), "true");
  assert.equal(await page.locator("[role=tab][tabindex='0']").count(), 1, "roving tabindex");
  await done(t);
});
