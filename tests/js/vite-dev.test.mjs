// The Vite 7 dev server with a plain config (tests/consumer/vite's: no optimizeDeps entry), on a
// project that installed the package from its tarball, the page run in Chromium.
//
// Why a test of its own: the dev server pre-bundles dependencies into node_modules/.vite/deps/
// and does not move the .wasm along, so `new URL("./wasm/…", import.meta.url)` in the browser
// entry then points at nothing (Vite answers index.html: "expected magic word 00 61 73 6d"). The
// entry's second URL, by package path, is what Vite rewrites to the real file there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "vite";
import { OUTPUT } from "./browser.mjs";
import { checkConsumerPage } from "./consumer-page.mjs";
import { REPO, installPackage } from "./install.mjs";

const project = fileURLToPath(new URL("vite-dev/", OUTPUT));

test("vite dev (dependencies pre-bundled) serves a page whose SDK calls work in Chromium", async () => {
  // A fresh project each run, so there is no pre-bundle cache from an earlier package.
  installPackage(project);
  for (const f of ["index.html", "main.ts", "vite.config.ts"]) copyFileSync(join(REPO, "tests/consumer/vite", f), join(project, f));
  // Its own package.json, as a user's project has: Vite keeps its pre-bundle cache in the
  // node_modules next to the nearest one (else in the repo's, shared with other checkouts).
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "vite-dev-consumer", private: true, type: "module" }));
  const server = await createServer({
    configFile: join(project, "vite.config.ts"),
    logLevel: "error",
    server: { host: "127.0.0.1", port: 0, watch: null },
  });
  try {
    assert.deepEqual(server.config.optimizeDeps.exclude ?? [], [], "a plain config: nothing excluded from pre-bundling");
    assert.equal(server.config.cacheDir, join(project, "node_modules/.vite"));
    await server.listen();
    const responses = await checkConsumerPage(server.resolvedUrls.local[0]);
    const paths = responses.map((r) => ({ ...r, path: new URL(r.url).pathname }));
    // The package really was pre-bundled (else this test would not cover the case).
    assert.ok(existsSync(join(project, "node_modules/.vite/deps/partner-ordering.js")), "pre-bundled");
    assert.ok(paths.some((r) => r.path === "/node_modules/.vite/deps/partner-ordering.js"), paths.map((r) => r.path).join("\n"));
    // Both builds' wasm (the page uses the root entry and the sandbox's) came from the package.
    const wasm = paths.filter((r) => r.type === "application/wasm").map((r) => `${r.status} ${r.path}`).sort();
    assert.deepEqual(wasm, [
      "200 /node_modules/partner-ordering/sandbox/wasm/partner_ordering_bg.wasm",
      "200 /node_modules/partner-ordering/wasm/partner_ordering_bg.wasm",
    ]);
  } finally {
    await server.close();
  }
});
