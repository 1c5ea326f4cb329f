// Node entry: compiles the wasm synchronously at import, so no init call is needed.
import { readFileSync } from "node:fs";
import { __createGlue } from "./wasm/partner_ordering.js";
import { install } from "./core.mjs";
import manifest from "./manifest.mjs";

const api = install(__createGlue, new WebAssembly.Module(readFileSync(new URL("./wasm/partner_ordering_bg.wasm", import.meta.url))), manifest);
// @exports (the names are written by scripts/gen-dts.mjs)
