// The demo page in headless Chromium: the browser entry of the package, under the page's CSP,
// against the sandbox over real HTTP.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
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

async function open() {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${server.url}/`);
  await page.waitForSelector("#subscriptions tbody tr", { timeout: 20_000 });
  return { page, problems, requests };
}

test("the page lists the sandbox's subscriptions", async () => {
  const { page, problems } = await open();
  const rows = await page.locator("#subscriptions tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.sid));
  assert.deepEqual(rows, ["M000000001", "M000000002", "M000000003", "M000000004", "M000000005"]);
  assert.equal(await page.locator("#status").textContent(), "5 subscriptions");
  assert.match(await page.locator("#subscriptions tbody tr").first().textContent(), /Company ABC.*2025-02-16 → 2026-02-15/);
  await page.screenshot({ path: fileURLToPath(new URL("demo-omnissa.png", OUTPUT)), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test("the page never holds the app secret and gets tokens from the backend", async () => {
  const { page, requests } = await open();
  assert.ok(requests.includes("/demo/omnissa-token"));
  const html = await page.content();
  assert.ok(!html.includes("sandbox-app-secret"));
  await page.close();
});

test("lookup by SID, and an invalid SID refused before any request", async () => {
  const { page, requests } = await open();
  await page.fill("#sid", "M000000002");
  await page.click("#lookup button");
  await page.waitForSelector("#detail:not([hidden])");
  assert.match(await page.locator("#detail").textContent(), /Company EFG/);

  const before = requests.length;
  await page.fill("#sid", "M1/../x");
  await page.click("#lookup button");
  await page.waitForSelector("#error:not([hidden])");
  assert.match(await page.locator("#error").textContent(), /INVALID_REQUEST.*sid_invalid/s);
  assert.equal(requests.length, before, "nothing left the page");

  await page.fill("#sid", "M404");
  await page.click("#lookup button");
  await page.waitForFunction(() => /API_ERROR/.test(document.querySelector("#error").textContent));
  assert.match(await page.locator("#error").textContent(), /HTTP 404.*NOT_FOUND.*trace id: [0-9a-f]{16}/s);
  await page.close();
});

test("an upstream HTML 502 is shown as an error with its status", async () => {
  const { page } = await open();
  server.sandbox.injectFault({ kind: { htmlStatus: 502 }, count: 3, pathContains: "/api/sdp/subscriptions" });
  await page.click("#reload");
  await page.waitForSelector("#error:not([hidden])");
  assert.match(await page.locator("#error").textContent(), /UNEXPECTED_RESPONSE \(HTTP 502\)/);
  await page.close();
});
