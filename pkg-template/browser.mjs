// Browser and bundler entry: fetches and compiles the wasm with top-level await, so
// `import { OmnissaClient } from "partner-ordering"` resolves only once the module is ready.
// A strict Content-Security-Policy needs 'wasm-unsafe-eval' in script-src.
import init from "./wasm/partner_ordering.js";

await init({ module_or_path: new URL("./wasm/partner_ordering_bg.wasm", import.meta.url) });

export * from "./wasm/partner_ordering.js";
