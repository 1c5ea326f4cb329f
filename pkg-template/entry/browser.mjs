// Browser and bundler entry: fetches and compiles the wasm with top-level await, so
// `import { OmnissaClient } from "partner-ordering"` resolves only once the module is ready.
// A strict Content-Security-Policy needs 'wasm-unsafe-eval' in script-src.
import { __createGlue } from "./wasm/partner_ordering.js";
import { install } from "./core.mjs";
import manifest from "./manifest.mjs";

const url = new URL("./wasm/partner_ordering_bg.wasm", import.meta.url);
async function compile() {
  const resp = await fetch(url);
  if (!resp.ok) throw new Error(`partner-ordering: failed to fetch ${url}: ${resp.status}`);
  try {
    return await WebAssembly.compileStreaming(resp.clone());
  } catch {
    return WebAssembly.compile(await resp.arrayBuffer()); // a server without application/wasm
  }
}
const api = install(__createGlue, await compile(), manifest);
// @exports (the names are written by scripts/gen-dts.mjs)
