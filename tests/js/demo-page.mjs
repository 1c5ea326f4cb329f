// What the demo tests (demo*.test.mjs) share: the demo server and Chromium for the file's tests,
// opening the page, axe-core and the checks every test ends with.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as pkg from "partner-ordering";
import { startServer } from "../../www/server.mjs";
import { launch, OUTPUT } from "./browser.mjs";

export const shot = (page, name) => page.screenshot({ path: fileURLToPath(new URL(name, OUTPUT)), fullPage: true });
export const text = (page, sel) => page.locator(sel).textContent();
export const isApi = (path) => !/\.(m?js|css|html|wasm)$/.test(path) && path !== "/";
/** The built package has the Portfolio the Renewals view is built on (another branch adds it). */
export const hasPortfolio = typeof pkg.Portfolio === "function";
/** What the page's messages must never show a partner-portal user. */
export const DEVELOPER_TEXT = [/`/, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}, [0-9a-f]{8}-/i, /2147483647/,
  /\d{2}:\d{2}:\d{2}\.\d{3}/, /\bday\(s\)/];

const AXE = readFileSync(fileURLToPath(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url)), "utf8");
/**
 * axe-core's serious and critical violations on what is visible, as "rule: target" lines. The
 * script goes in through the DevTools protocol (page.evaluate), so the page's CSP stays as served.
 */
export async function axeViolations(page) {
  if (!await page.evaluate(() => typeof window.axe === "object")) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const { violations } = await window.axe.run(document, { resultTypes: ["violations"] });
    return violations.filter((v) => v.impact === "serious" || v.impact === "critical")
      .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")}`));
  });
}

/** No sideways scrolling of the page itself (tables scroll inside their own regions). */
export const pageWidth = (page) => page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth }));

/**
 * Starts the demo server and Chromium before the calling file's tests (closed after them).
 * Returns the helpers bound to them; `demo.server` is the server once started.
 */
export function demoHarness() {
  const demo = { server: undefined, browser: undefined };
  before(async () => {
    demo.server = await startServer({ port: 0 });
    demo.browser = await launch();
  });
  after(async () => {
    await demo.browser?.close();
    await demo.server?.close();
  });

  /**
   * Opens the demo; every page error, console error and failed request is a problem.
   * `beforeLoad(page)` runs before the page is requested (to listen from the first response).
   */
  demo.open = async (query = "", hash = "", { beforeLoad, width = 1280, server = demo.server } = {}) => {
    // en-US, so that money and dates are formatted the same on every machine.
    const page = await demo.browser.newPage({ viewport: { width, height: 900 }, locale: "en-US" });
    await beforeLoad?.(page);
    const problems = [];
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    page.on("requestfailed", (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
    const requests = [];
    page.on("request", (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await page.goto(`${server.url}/${query}${hash}`);
    await page.waitForSelector("body[data-ready]", { timeout: 20_000 });
    return { page, problems, requests };
  };
  return demo;
}

/**
 * Requirement 7: no console or page errors in any test. The only exception: a test that
 * provokes an HTTP error status on purpose names it, since Chromium logs every such response
 * as "Failed to load resource" (and the test checks that the page showed it).
 */
export async function done({ page, problems }, { httpErrors = [] } = {}) {
  const expected = (p) => httpErrors.some((s) => p.startsWith(`console: Failed to load resource: the server responded with a status of ${s} `));
  assert.deepEqual(problems.filter((p) => !expected(p)), []);
  for (const s of httpErrors) assert.ok(problems.some((p) => p.includes(`status of ${s} `)), `the provoked HTTP ${s} happened`);
  await page.close();
}

/** Waits until the view's first load settled, and checks it showed no error. */
async function settled(page, view, errorBox) {
  await page.waitForSelector(`#view-${view}[data-settled]`, { timeout: 20_000 });
  assert.equal(await page.locator(errorBox).isHidden(), true, await text(page, errorBox));
}

export const omnissaLoaded = (page) => settled(page, "omnissa", "#om-error");

export async function cloudblueLoaded(page) {
  await page.click("#tab-cloudblue");
  await settled(page, "cloudblue", "#cb-error");
}

export async function cloudmoreLoaded(page) {
  if (await page.getAttribute("#tab-cloudmore", "aria-selected") !== "true") await page.click("#tab-cloudmore");
  await settled(page, "cloudmore", "#cm-error");
}

export async function renewalsLoaded(page) {
  if (await page.getAttribute("#tab-renewals", "aria-selected") !== "true") await page.click("#tab-renewals");
  await settled(page, "renewals", "#rn-error");
}
