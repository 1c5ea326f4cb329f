// Cloudflare Workers entry: Workers cannot compile wasm bytes at run time, so the bundler
// (wrangler, esbuild) imports the .wasm file as a compiled WebAssembly.Module.
import wasmModule from "./wasm/partner_ordering_bg.wasm";
import { __createGlue } from "./wasm/partner_ordering.js";
import { install } from "./core.mjs";
import manifest from "./manifest.mjs";

const api = install(__createGlue, wasmModule, manifest);
// @exports (the names are written by scripts/gen-dts.mjs)
