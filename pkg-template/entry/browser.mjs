// Browser and bundler entry: fetches and compiles the wasm with top-level await, so
// `import { OmnissaClient } from "partner-ordering"` resolves only once the module is ready.
// A strict Content-Security-Policy needs 'wasm-unsafe-eval' in script-src.
import { __createGlue } from "./wasm/partner_ordering.js";
import { install } from "./core.mjs";
import manifest from "./manifest.mjs";

// The wasm next to this file. Bundlers that follow `new URL("./…", import.meta.url)` (Vite build,
// webpack 5, Parcel, Rollup plugins) emit it as an asset and rewrite this URL to it.
const local = new URL("./wasm/partner_ordering_bg.wasm", import.meta.url);
// The same file by its package path (`exports` maps it), for Vite's dev server. Vite pre-bundles
// this module into node_modules/.vite/deps/ and leaves the wasm behind, so there `local` answers
// with index.html; but Vite rewrites `new URL("<package path>", import.meta.url)` to the file's
// real URL through its resolver, in pre-bundled code too. Everywhere else it is only tried after
// `local` failed. webpackIgnore: webpack would resolve it too, and fail the build if the package
// were installed under another name. (scripts/gen-dts.mjs puts the sub-entry's path here.)
const byName = new URL(/* webpackIgnore: true */ "partner-ordering/partner_ordering_bg.wasm", import.meta.url);

async function compile(url) {
  const resp = await fetch(url);
  if (!resp.ok) throw new Error(`partner-ordering: failed to fetch ${url}: ${resp.status}`);
  try {
    return await WebAssembly.compileStreaming(resp.clone());
  } catch {
    return WebAssembly.compile(await resp.arrayBuffer()); // a server without application/wasm
  }
}
async function load() {
  try {
    return await compile(local);
  } catch (e) {
    if (byName.href === local.href) throw e;
    return compile(byName).catch(() => { throw e; }); // the first failure is the one to report
  }
}
const api = install(__createGlue, await load(), manifest);
// @exports (the names are written by scripts/gen-dts.mjs)
