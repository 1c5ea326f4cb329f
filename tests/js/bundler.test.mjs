// Consumers' toolchains: a Vite 7 production build of a page importing "partner-ordering" (and
// the page run in Chromium), and strict TypeScript projects type-checking every client (with the
// esnext.disposable lib, and with only ES2022 + DOM). The dev server: vite-dev.test.mjs.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { OUTPUT } from "./browser.mjs";
import { checkConsumerPage } from "./consumer-page.mjs";

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
  try {
    const responses = await checkConsumerPage(`http://127.0.0.1:${server.address().port}/`);
    // Each wasm loaded at the first try, from its emitted asset (the browser entry's second URL,
    // for Vite's dev server, is not needed here).
    const wasm = responses.filter((r) => /\.wasm$/.test(new URL(r.url).pathname));
    assert.equal(wasm.length, 2, JSON.stringify(wasm));
    for (const r of wasm) assert.ok(r.status === 200 && r.type === "application/wasm" && /\/assets\/partner_ordering_bg-/.test(r.url), JSON.stringify(r));
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

const tsc = (project) => spawnSync(process.execPath, [join(repo, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", join(repo, project)], { encoding: "utf8" });

test("a strict TypeScript consumer type-checks every client (tsc --noEmit exits 0)", () => {
  const r = tsc("tests/consumer/ts");
  assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
});

test("every entry's .d.ts compiles with lib ES2022 + DOM only (no esnext.disposable), skipLibCheck off", () => {
  const r = tsc("tests/consumer/ts-es2022");
  assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
});
