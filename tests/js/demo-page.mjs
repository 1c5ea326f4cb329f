// What the demo tests (demo.test.mjs, demo-cloudmore.test.mjs) share: the demo server and
// Chromium for the file's tests, opening the page, and the checks every test ends with.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { startServer } from "../../www/server.mjs";
import { launch, OUTPUT } from "./browser.mjs";

export const shot = (page, name) => page.screenshot({ path: fileURLToPath(new URL(name, OUTPUT)), fullPage: true });
export const text = (page, sel) => page.locator(sel).textContent();
export const isApi = (path) => !/\.(m?js|css|html|wasm)$/.test(path) && path !== "/";

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
  demo.open = async (query = "", hash = "", { beforeLoad } = {}) => {
    const page = await demo.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await beforeLoad?.(page);
    const problems = [];
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    page.on("requestfailed", (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
    const requests = [];
    page.on("request", (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await page.goto(`${demo.server.url}/${query}${hash}`);
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
