// Consumers' toolchains: a Vite 7 production build of a page importing "partner-ordering" (and
// the page run in Chromium), and a strict TypeScript project type-checking every client.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { launch, OUTPUT } from "./browser.mjs";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const viteConfig = join(repo, "tests/consumer/vite/vite.config.ts");
const dist = fileURLToPath(new URL("vite-consumer/", OUTPUT));
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

// A failed build fails the hook, and with it every test; the config's emptyOutDir means no test
// can pass on a previous run's files.
before(async () => {
  await build({ configFile: viteConfig, logLevel: "error" });
});

test("vite build emits the page, its JS and the package's .wasm as assets", () => {
  const assets = readdirSync(join(dist, "assets"));
  const js = assets.filter((f) => f.endsWith(".js"));
  const wasm = assets.filter((f) => f.endsWith(".wasm"));
  assert.equal(js.length, 1, `one JS chunk: ${assets}`);
  // The production entry's wasm and the sandbox entry's wasm, each hashed.
  assert.equal(wasm.length, 2, `two .wasm assets: ${assets}`);
  for (const f of wasm) {
    assert.match(f, /^partner_ordering_bg-[\w-]+\.wasm$/);
    assert.deepEqual([...readFileSync(join(dist, "assets", f)).subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], "wasm magic");
  }
  const code = readFileSync(join(dist, "assets", js[0]), "utf8");
  // `new URL("./wasm/…_bg.wasm", import.meta.url)` was rewritten to the emitted, hashed files.
  for (const f of wasm) assert.ok(code.includes(f), `the JS refers to ${f}`);
  assert.match(code, /\bawait\b/, "top-level await kept, not lowered");
  const html = readFileSync(join(dist, "index.html"), "utf8");
  assert.ok(html.includes(`assets/${js[0]}`));
});

test("a pre-ES2022 target cannot bundle the browser entry (it needs top-level await)", async () => {
  await assert.rejects(
    build({ configFile: viteConfig, logLevel: "silent", build: { target: "es2020", write: false, outDir: join(dist, "..", "vite-es2020") } }),
    /Top-level await is not available in the configured target environment/,
  );
});

test("the built page runs in Chromium: clients, validation, RQL and a sandbox order", async () => {
  const server = createServer(async (req, res) => {
    const rel = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "") || "index.html";
    const path = normalize(join(dist, rel));
    if (!path.startsWith(dist) || !existsSync(path)) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(await readFile(path));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForSelector("#out[data-state=done], #out[data-state=error]", { timeout: 20_000 }).catch((e) => {
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
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
});

test("a strict TypeScript consumer type-checks every client (tsc --noEmit exits 0)", () => {
  const tsc = join(repo, "node_modules/typescript/bin/tsc");
  const r = spawnSync(process.execPath, [tsc, "--noEmit", "-p", join(repo, "tests/consumer/ts")], { encoding: "utf8" });
  assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
});
