// Writes an entry's public `index.d.ts` and export list from what its wasm-bindgen build holds.
//   node scripts/gen-dts.mjs <entry dir>     (after the entry templates were copied into it)
// - index.d.ts: the wasm-bindgen declarations (types generated from the Rust types by tsify, and
//   the classes) without the layer's private parameters (`_host`, `_stop`) and without the wasm
//   internals (initSync, InitOutput, …), plus core.d.ts (the error class, diagnostics).
// - node.mjs / browser.mjs / workerd.mjs: `export const { … } = api` with exactly this build's names.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2];
const wasmDts = readFileSync(path.join(dir, "wasm/partner_ordering.d.ts"), "utf8");
const core = readFileSync(path.join(dir, "core.d.ts"), "utf8");

// Keep everything before wasm-bindgen's init section.
let body = wasmDts.split(/^export type InitInput\b/m)[0];
body = body
  .replace(/,\s*_stop\?: any(?: \| null)?/g, "")
  .replace(/\(\s*_stop\?: any(?: \| null)?\s*\)/g, "()")
  .replace(/,\s*_host: any/g, "")
  // wasm-bindgen refuses `void` as a return type name; the layer returns undefined.
  .replace(/\): undefined;$/gm, "): void;")
  .replace(/\): Promise<undefined>;$/gm, "): Promise<void>;");
// The pager is internal: iterate methods return real async iterators.
body = body.replace(/^export class Pager \{[\s\S]*?^\}\n/m, "");
// Members the JS layer adds.
body = body.replace(/^(export class Sandbox \{\n)/m, "$1    /** A `fetch`-compatible function answered by this sandbox: pass it as a client's `fetch`. */\n    readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;\n    /** The sandbox's clock, `() => epochMilliseconds`: pass it as a client's `now`. */\n    readonly clock: () => number;\n");
body = body.replace(/^(export class Rql \{\n)/m, "$1    private constructor();\n    /** The encoded query text. */\n    toString(): string;\n    /** The encoded query text (so `JSON.stringify` and string parameters accept an `Rql`). */\n    toJSON(): string;\n");
writeFileSync(path.join(dir, "index.d.ts"), `${body.trimEnd()}\n\n${core}`);

const names = [...wasmDts.matchAll(/^export (?:class|function) (\w+)/gm)].map((m) => m[1])
  .filter((n) => !["initSync", "Pager"].includes(n) && !n.startsWith("__wbg"));
const all = ["PartnerOrderingError", "isPartnerOrderingError", "diagnostics", ...new Set(names)];
for (const f of ["node.mjs", "browser.mjs", "workerd.mjs"]) {
  const file = path.join(dir, f);
  if (!existsSync(file)) continue;
  const src = readFileSync(file, "utf8");
  writeFileSync(file, src.replace(/^\/\/ @exports.*$/m, `export const { ${all.join(", ")} } = api;`));
}
