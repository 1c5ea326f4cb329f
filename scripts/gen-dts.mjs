// Writes an entry's public `index.d.ts` and export list from what its wasm-bindgen build holds.
//   node scripts/gen-dts.mjs <entry dir>     (after the entry templates were copied into it)
// - index.d.ts: the wasm-bindgen declarations (types generated from the Rust types by tsify, and
//   the classes) without the layer's private parameters (`_host`, `_stop`) and without the wasm
//   internals (initSync, InitOutput, …), plus pkg-template/core.d.ts (the error class,
//   diagnostics). It needs no lib beyond ES2022 and DOM (`[Symbol.dispose]` below).
// - node.mjs / browser.mjs / workerd.mjs: `export const { … } = api` with exactly this build's names.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { ERROR_CLASSES } from "../pkg-template/errors.mjs";

const dir = process.argv[2];
const wasmDts = readFileSync(path.join(dir, "wasm/partner_ordering.d.ts"), "utf8");
const core = readFileSync(new URL("../pkg-template/core.d.ts", import.meta.url), "utf8");
// Sub-entries (omnissa/, sandbox/, …) share the root's JS layer: they have no core.mjs of their own.
const subEntry = existsSync(path.join(dir, "core.mjs")) ? null : path.basename(dir);

// Keep everything before wasm-bindgen's init section.
let body = wasmDts.split(/^export type InitInput\b/m)[0];
// A doc comment that passed through a macro (crates/wasm/src/calls.rs) reaches wasm-bindgen as a
// raw string literal, which it prints with the `r"` (or `r#"` … `"#`) of its source.
body = body.replace(/^(\s*\*) r#*"(.*?)(?:"#+)?$/gm, (_, star, text) => (text ? `${star}${text}` : star));
// A client's options hold the common ones (`common: CommonClientOptions`, flattened), which the
// wasm reads on its own (crates/wasm/src/options.rs, `WithCommon`): the field is skipped when
// deserializing, and tsify then leaves it out of the declaration. Put it back.
for (const name of ["OmnissaClientOptions", "SimpleClientOptions", "ApsClientOptions", "CloudmoreClientOptions"]) {
  const decl = new RegExp(`^export interface ${name} \\{`, "m");
  if (decl.test(body)) body = body.replace(decl, `export interface ${name} extends CommonClientOptions {`);
  else if (new RegExp(`^export interface ${name}\\b`, "m").test(body)) throw new Error(`gen-dts: ${name} is not declared as expected`);
}
// `precheck` means something only to orders on an existing subscription (`options => precheck`
// in crates/wasm/src/calls.rs, typed `OrderOptions`). The Rust reader is one struct for every
// method, so that one options object can serve all calls; the declarations say where it applies.
{
  const decl = /^export interface RequestOptions \{\n([\s\S]*?)^\}\n/m.exec(body);
  if (!decl) throw new Error("gen-dts: RequestOptions is not declared as expected");
  const member = /^ {4}\/\*\*\n(?: {5}\*.*\n)*? {5}\*\/\n {4}precheck\?: boolean;\n/m.exec(decl[1]);
  if (!member) throw new Error("gen-dts: RequestOptions.precheck is not declared as expected");
  body = body.replace(decl[0], `export interface RequestOptions {\n${decl[1].replace(member[0], "")}}\n
/**
 * Options of an order on an existing subscription: the per-call options, and \`precheck\`.
 */
export interface OrderOptions extends RequestOptions {\n${member[0]}}\n`);
}
// Methods that take the layer's stop are the async ones the layer wraps: they get withResponse().
body = body.replace(/^(.*_stop\?: any.*\): )Promise<(.*)>;$/gm, "$1ApiPromise<$2>;");
// Paged lists are one object (core.mjs, `paged`): a page with hasNextPage()/getNextPage(), and
// under `for await` every item.
const PAGES = { ApsOrderPage: "ApsOrder", ApsSubscriptionPage: "ApsSubscription", ProductPage: "Product", CustomerPage: "Customer", SubscriptionPage: "SimpleSubscription", OrderPage: "SimpleOrder" };
body = body.replace(/\): ApiPromise<(\w+Page)>;$/gm, (m, page) => (PAGES[page] ? `): PagePromise<${page}, ${PAGES[page]}>;` : m));
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
// wasm-bindgen gives every class `[Symbol.dispose](): void`, which does not compile without the
// `esnext.disposable` lib (TS2550 under skipLibCheck: false). Instead each class merges with an
// interface that has that member exactly when the consumer's lib declares `Symbol.dispose`, so
// `using` type-checks where it can run, and ES2022 + DOM consumers see no error.
const disposable = [];
body = body.replace(/^export class (\w+) \{\n((?:(?!^\}).*\n)*?)^    \[Symbol\.dispose\]\(\): void;\n/gm, (_, name, before) => {
  disposable.push(name);
  return `export class ${name} {\n${before}`;
});
if (/Symbol\.dispose|\bDisposable\b/.test(body)) throw new Error("gen-dts: a [Symbol.dispose] member was not rewritten");
const dispose = disposable.length === 0 ? "" : `
/** \`Symbol.dispose\` where the consumer's lib declares it (esnext.disposable, or a later lib with it), else none. */
type DisposeSymbol = SymbolConstructor extends { readonly dispose: infer S extends symbol } ? S : never;
/** \`[Symbol.dispose](): void\` (what \`using\` calls: the same as \`free()\`), typed only where it exists. */
type MaybeDisposable = { [K in DisposeSymbol]: () => void };
${disposable.map((n) => `export interface ${n} extends MaybeDisposable {}`).join("\n")}
`;
// `export {}`: only what is marked `export` is public (a .d.ts otherwise exports every declaration).
writeFileSync(path.join(dir, "index.d.ts"), `${body.trimEnd()}\n${dispose}\n${core.trimEnd()}\n\nexport {};\n`);

// The parameter names of every export, read from wasm-bindgen's unminified glue, for the JS layer
// (a bundler's minifier renames parameters, so core.mjs cannot read them at run time).
const glue = readFileSync(path.join(dir, "wasm/partner_ordering.js"), "utf8");
const manifest = { classes: {}, functions: {} };
let current;
const exported = new Set([...wasmDts.matchAll(/^export (?:class|function) (\w+)/gm)].map((m) => m[1]));
for (const line of glue.split("\n")) {
  let m;
  if ((m = /^(?:export )?class (\w+) \{$/.exec(line))) {
    current = manifest.classes[m[1]] = { ctor: null, methods: {}, statics: {} };
  } else if ((m = /^\}$/.exec(line))) {
    current = undefined;
  } else if (current && (m = /^    (static )?(\w+)\(([^)]*)\) \{$/.exec(line))) {
    const params = m[3].split(",").map((x) => x.trim()).filter(Boolean);
    if (m[2] === "constructor") current.ctor = params;
    else if (!m[2].startsWith("__")) (m[1] ? current.statics : current.methods)[m[2]] = params;
  } else if (!current && (m = /^(?:export )?function (\w+)\(([^)]*)\) \{$/.exec(line)) && exported.has(m[1])) {
    manifest.functions[m[1]] = m[2].split(",").map((x) => x.trim()).filter(Boolean);
  }
}
writeFileSync(path.join(dir, "manifest.mjs"), `// Generated by scripts/gen-dts.mjs: the parameters of each wasm export, for core.mjs.\nexport default ${JSON.stringify(manifest)};\n`);

const names = [...wasmDts.matchAll(/^export (?:class|function) (\w+)/gm)].map((m) => m[1])
  .filter((n) => !["initSync", "Pager"].includes(n) && !n.startsWith("__wbg"));
const all = [...Object.keys(ERROR_CLASSES), "isPartnerOrderingError", "diagnostics", ...new Set(names)];
for (const f of ["node.mjs", "browser.mjs", "workerd.mjs"]) {
  const file = path.join(dir, f);
  if (!existsSync(file)) continue;
  let src = readFileSync(file, "utf8").replace(/^\/\/ @exports.*$/m, `export const { ${all.join(", ")} } = api;`);
  if (subEntry) {
    // Sub-entries share the root's JS layer, and so its error class.
    src = src.replace('from "./core.mjs"', 'from "../core.mjs"');
    // The browser entry's package path of its wasm (see pkg-template/entry/browser.mjs).
    src = src.replace('"partner-ordering/partner_ordering_bg.wasm"', `"partner-ordering/${subEntry}/partner_ordering_bg.wasm"`);
  }
  writeFileSync(file, src);
}
