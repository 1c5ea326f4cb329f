// The demo's Renewals view in headless Chromium: every vendor's subscriptions from the
// package's Portfolio, by renewal window, with buttons into each vendor's own flow. Portfolio
// comes from another branch: until it is in the built package these tests are skipped, and the
// one that checks the view's notice without it runs instead.
import { test } from "node:test";
import assert from "node:assert/strict";
import { OmnissaClient, renewalWindow } from "partner-ordering";
import { Sandbox } from "partner-ordering/sandbox";
import { axeViolations, demoHarness, done, hasPortfolio, omnissaLoaded, pageWidth, renewalsLoaded, shot, text } from "./demo-page.mjs";

const demo = demoHarness();
const CM = Sandbox.credentials().cloudmore;
const VENDORS = ["cloudblueAps", "cloudblueSimple", "cloudmore", "omnissa"];
const day = (iso) => new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(Date.parse(iso));
const rows = (page) => page.locator("#rn-table tbody tr").evaluateAll((trs) => trs.map((tr) => ({ ...tr.dataset, cls: tr.className })));
const row = (page, vendor, id) => page.locator(`#rn-table tr[data-vendor="${vendor}"][data-id="${id}"]`);

test("without Portfolio in the package, the Renewals view says so and the rest of the page works", { skip: hasPortfolio && "Portfolio is in the package" }, async () => {
  const t = await demo.open("", "#renewals");
  const { page } = t;
  await renewalsLoaded(page);
  assert.equal(await page.locator("#rn-missing").isVisible(), true);
  assert.match(await text(page, "#rn-missing"), /Renewals are not available in this version of the package/);
  assert.equal(await page.locator("#rn-table").isVisible(), false);
  assert.deepEqual(await axeViolations(page), []);
  await page.click("#tab-omnissa");
  await omnissaLoaded(page);
  await done(t);
});

test("Renewals: every vendor's subscriptions, soonest window first, on the next 90 days", { skip: !hasPortfolio && "needs Portfolio" }, async () => {
  const t = await demo.open("", "#renewals");
  const { page } = t;
  await renewalsLoaded(page);
  const list = await rows(page);
  assert.deepEqual([...new Set(list.map((r) => r.vendor))].sort(), VENDORS, "all four vendors are listed");
  // Open windows (closing soonest first), upcoming (opening soonest first), closed (latest first), none.
  const RANK = { open: 0, upcoming: 1, closed: 2, none: 3 };
  for (let i = 1; i < list.length; i++) {
    const [a, b] = [list[i - 1], list[i]];
    const where = `${a.vendor} ${a.id} before ${b.vendor} ${b.id}`;
    assert.ok(RANK[a.state] <= RANK[b.state], where);
    if (a.state !== b.state) continue;
    if (a.state === "open") assert.ok(a.closes <= b.closes, where);
    if (a.state === "upcoming") assert.ok(a.opens <= b.opens, where);
    if (a.state === "closed") assert.ok(a.closes >= b.closes, where);
  }
  // M000000005's window is open now (the library's renewalWindow, at the sandbox's clock): due.
  // Read from the server's sandbox, which seeds its end date ten days after the day it starts.
  const sandbox = demo.server.sandbox;
  const omnissa = new OmnissaClient({ ...Sandbox.credentials().omnissa, fetch: sandbox.fetch, now: () => sandbox.now() });
  const sub5 = await omnissa.getSubscription("M000000005");
  const w = renewalWindow(sub5, sandbox.now());
  const r5 = row(page, "omnissa", "M000000005");
  assert.equal(await r5.getAttribute("data-state"), "open");
  assert.match(await r5.getAttribute("class"), /\bdue\b/);
  assert.match(await r5.textContent(), new RegExp(`Omnissa.*Company OPQ.*Open until ${day(w.closesAt)}`, "s"));
  assert.equal(await r5.locator("svg.horizon rect.window.open").count(), 1);
  // An expired one is marked in words, not only in grey.
  const r1 = row(page, "omnissa", "M000000001");
  assert.match(await r1.getAttribute("class"), /\bexpired\b/);
  assert.equal(await r1.locator(".badge.expired").textContent(), "Expired");
  assert.equal(await r1.locator("button").count(), 0, "nothing to renew after the term");
  assert.match(await text(page, "#rn-status"), /^\d+ subscriptions from 4 vendors; \d+ due in the next 90 days\.$/);
  assert.equal(await text(page, "#rn-vendor-errors"), "");
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, "demo-renewals.png");
  await page.setViewportSize({ width: 390, height: 900 });
  assert.deepEqual(await axeViolations(page), [], "at 390 px");
  const { scrollWidth, innerWidth } = await pageWidth(page);
  assert.ok(scrollWidth <= innerWidth, `${scrollWidth} > ${innerWidth}`);
  await done(t);
});

test("Renewals: each row's button opens that vendor's own renewal or cancellation flow", { skip: !hasPortfolio && "needs Portfolio" }, async () => {
  const t = await demo.open("", "#renewals");
  const { page } = t;
  await renewalsLoaded(page);
  // Omnissa: the renewal form, with the subscription selected and its quantity focused.
  await row(page, "omnissa", "M000000005").getByRole("button", { name: /^Renew M000000005/ }).click();
  await page.waitForFunction(() => document.activeElement?.id === "om-ren-qty", null, { timeout: 20_000 });
  assert.equal(await page.getAttribute("#tab-omnissa", "aria-selected"), "true");
  assert.equal(await page.inputValue("#om-change-sid"), "M000000005");
  assert.equal(await page.inputValue("#om-ren-qty"), "50");
  // …and its cancellation.
  await page.click("#tab-renewals");
  await row(page, "omnissa", "M000000005").getByRole("button", { name: /^Cancel M000000005/ }).click();
  await page.waitForFunction(() => document.activeElement?.closest("form")?.id === "om-cancel");
  // Cloudmore: Acme's subscription at organization level, its inline confirmation focused.
  const acme = "c0ffee00-0000-4000-8000-000000000001";
  await page.click("#tab-renewals");
  await row(page, "cloudmore", acme).getByRole("button", { name: /^Cancel / }).click();
  await page.waitForFunction(() => document.activeElement?.dataset.action === "confirm-cancel", null, { timeout: 20_000 });
  assert.equal(await page.getAttribute("#tab-cloudmore", "aria-selected"), "true");
  assert.equal(await page.inputValue("#cm-level"), "organization");
  assert.equal(await page.inputValue("#cm-org"), CM.organizationId);
  assert.equal(await page.evaluate(() => document.activeElement.closest("tr").dataset.id), acme);
  await page.getByRole("button", { name: "Keep it" }).click();   // not cancelled: the next test lists it
  await done(t);
});

test("Renewals: a vendor that cannot be loaded gets its own notice; the others are listed", { skip: !hasPortfolio && "needs Portfolio" }, async () => {
  const t = await demo.open("", "#renewals");
  const { page } = t;
  await renewalsLoaded(page);
  // Every Cloudmore call (seller or broker level) fails, retries included. Last in this file.
  for (const id of [CM.seller.sellerId, CM.broker.resellerId]) {
    demo.server.sandbox.injectFault({ kind: { htmlStatus: 502 }, count: 30, pathContains: id });
  }
  await page.click("#rn-reload");
  await page.waitForSelector('#rn-vendor-errors [data-vendor="cloudmore"]', { timeout: 30_000 });
  const notice = await text(page, '#rn-vendor-errors [data-vendor="cloudmore"]');
  assert.match(notice, /^Cloudmore: its subscriptions are missing from the list below\.Cloudmore is not available right now/);
  assert.match(notice, /For support: UNEXPECTED_RESPONSE · HTTP 502/);
  const vendors = new Set((await rows(page)).map((r) => r.vendor));
  assert.equal(vendors.has("cloudmore"), false);
  assert.equal(vendors.has("omnissa"), true);
  assert.match(await text(page, "#rn-status"), /Some vendors could not be loaded/);
  assert.equal(await page.locator("#rn-error").isHidden(), true, "the view itself loaded");
  await shot(page, "demo-renewals-vendor-error.png");
  assert.deepEqual(await axeViolations(page), []);
  await done(t, { httpErrors: [502] });
});
