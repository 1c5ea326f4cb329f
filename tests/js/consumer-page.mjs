// Runs tests/consumer/vite's page (main.ts) in Chromium and checks what it reports, for both the
// production build (bundler.test.mjs) and the dev server (vite-dev.test.mjs).
import assert from "node:assert/strict";
import { launch } from "./browser.mjs";

/** Loads `url`, waits for the page's result and asserts it; returns every response seen. */
export async function checkConsumerPage(url) {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors = [];
    const responses = [];
    // A module that fails to load (the wasm, say) never reports: fail at its error, not at the timeout.
    let failed;
    const pageError = new Promise((_, reject) => { failed = reject; });
    pageError.catch(() => {});
    page.on("pageerror", (e) => { errors.push(String(e)); failed(new Error(`page error: ${e}`)); });
    page.on("response", (r) => responses.push({ url: r.url(), status: r.status(), type: r.headers()["content-type"] ?? "" }));
    await page.goto(url);
    await Promise.race([page.waitForSelector("#out[data-state=done], #out[data-state=error]", { timeout: 20_000 }), pageError]).catch((e) => {
      throw new Error(`${e.message}\npage errors: ${errors.join("\n") || "none"}`);
    });
    const text = await page.textContent("#out");
    assert.equal(await page.getAttribute("#out", "data-state"), "done", text);
    const result = JSON.parse(text);
    assert.match(result.version, /^\d+\.\d+\.\d+/);
    assert.equal(result.validOrder, true);
    assert.deepEqual(result.invalidCodes, ["quantity_not_positive"]);
    assert.ok(result.apsCodes.includes("aps_id_invalid"), result.apsCodes);
    assert.equal(result.simpleOk, true);
    assert.equal(result.rql, "and(eq(type,CLIENT),like(companyName,Acme*))");
    assert.equal(result.edition, "Standard");
    assert.equal(result.refused, "CONFIGURATION_ERROR", "an app secret in a page is refused");
    assert.match(result.sandboxSid, /^M\d{9}$/);
    assert.deepEqual(errors, []);
    return responses;
  } finally {
    await browser.close();
  }
}
