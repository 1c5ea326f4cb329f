// Node entry: compiles the wasm synchronously at import, so no init call is needed.
import { readFileSync } from "node:fs";
import { initSync } from "./wasm/partner_ordering.js";

initSync({ module: readFileSync(new URL("./wasm/partner_ordering_bg.wasm", import.meta.url)) });

export * from "./wasm/partner_ordering.js";
