// Cloudflare Workers entry: Workers cannot compile wasm bytes at run time, so the bundler
// (wrangler, esbuild) imports the .wasm file as a compiled WebAssembly.Module and we
// instantiate it synchronously.
import wasmModule from "./wasm/partner_ordering_bg.wasm";
import { initSync } from "./wasm/partner_ordering.js";

initSync({ module: wasmModule });

export * from "./wasm/partner_ordering.js";
