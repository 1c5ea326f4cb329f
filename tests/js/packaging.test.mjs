// The npm package as published: what `npm pack` puts in it, what each entry exports under each
// export condition (and declares in its .d.ts), and `require()` from CommonJS in the Node range
// that `engines` promises.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import ts from "typescript";
import { OUTPUT } from "./browser.mjs";
import { PKG, REPO, installPackage, pack } from "./install.mjs";

const manifest = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));

// The documented API of each entry (README: one entry per API, `diagnostics()` in every entry,
// the sandbox's `__forceTrap` hooks for the robustness suite). Nothing else may be exported.
// The error classes (README, "Errors"): one per kind, plus ApiError's per-status subclasses.
const ERRORS = ["PartnerOrderingError", "InvalidRequestError", "ConfigurationError", "TransportError", "TimeoutError",
  "AbortError", "ApiError", "BadRequestError", "AuthenticationError", "PermissionDeniedError", "NotFoundError", "ConflictError",
  "UnprocessableEntityError", "RateLimitError", "InternalServerError", "UnexpectedResponseError", "DecodeError", "OrderFailedError", "InternalError"];
const SHARED = [...ERRORS, "isPartnerOrderingError", "diagnostics", "hasSandbox", "version"];
const ALL_CLIENTS = ["CloudBlueApsClient", "CloudBlueSimpleClient", "CloudmoreClient", "OmnissaClient", "Rql", "parseSku", "renewalWindow"];
// The portfolio takes clients of every API: only in the entries that have them all.
const PORTFOLIO = ["Portfolio", "normalizePortfolio", "portfolioDueWithin"];
const API = {
  ".": [...SHARED, ...ALL_CLIENTS, ...PORTFOLIO],
  "./omnissa": [...SHARED, "OmnissaClient", "parseSku", "renewalWindow"],
  "./cloudblue": [...SHARED, "CloudBlueApsClient", "CloudBlueSimpleClient", "Rql"],
  "./cloudmore": [...SHARED, "CloudmoreClient"],
  "./sandbox": [...SHARED, ...ALL_CLIENTS, ...PORTFOLIO, "Sandbox", "__forceTrap", "__forceTrapLater"],
};
// wasm-bindgen's loader API and glue: the entries load the wasm themselves.
const INTERNAL = /^(default|initSync|__wbg_init|InitInput|InitOutput|SyncInitInput|Pager|__wbg\w*|__wbindgen\w*|__createGlue|install|manifest|memory)$/;

const sorted = (xs) => [...xs].sort();
const entryFile = (subpath, condition) => join(PKG, manifest.exports[subpath][condition]);

test("the exports map has exactly the documented entries, each with types, workerd, browser, node and default", () => {
  const entries = Object.keys(manifest.exports).filter((k) => typeof manifest.exports[k] === "object");
  assert.deepEqual(sorted(entries), sorted(Object.keys(API)));
  for (const subpath of entries) {
    assert.deepEqual(Object.keys(manifest.exports[subpath]), ["types", "workerd", "worker", "browser", "node", "default"], subpath);
    assert.equal(manifest.exports[subpath].default, manifest.exports[subpath].browser, `${subpath}: bundlers without a browser condition get the browser entry`);
  }
});

test("every entry exports the documented names under every condition, and no wasm internals", async () => {
  for (const subpath of Object.keys(API)) {
    for (const condition of ["workerd", "browser", "node"]) {
      // esbuild reads the module's export list without running it (the browser entry fetches
      // and the workerd one imports a .wasm, neither of which Node does).
      const r = await build({ entryPoints: [entryFile(subpath, condition)], bundle: false, write: false, metafile: true, format: "esm", logLevel: "silent" });
      const names = Object.values(r.metafile.outputs)[0].exports;
      assert.deepEqual(sorted(names), sorted(API[subpath]), `${subpath} (${condition})`);
    }
    // And what Node really gets.
    const mod = await import(entryFile(subpath, "node"));
    assert.deepEqual(sorted(Object.keys(mod)), sorted(API[subpath]), `${subpath}: import in Node`);
  }
});

test("each entry's index.d.ts declares exactly those names as values, and no internals", () => {
  for (const subpath of Object.keys(API)) {
    const file = join(PKG, manifest.exports[subpath].types);
    const program = ts.createProgram([file], { noEmit: true, strict: true, target: ts.ScriptTarget.ES2022, lib: ["lib.es2022.d.ts", "lib.dom.d.ts"], types: [] });
    const checker = program.getTypeChecker();
    const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)));
    const values = exports.filter((s) => s.flags & ts.SymbolFlags.Value).map((s) => s.name);
    assert.deepEqual(sorted(values), sorted(API[subpath]), `${subpath}: the .d.ts values are the runtime exports`);
    assert.deepEqual(exports.map((s) => s.name).filter((n) => INTERNAL.test(n)), [], `${subpath}: internals in the .d.ts`);
    // Helpers of the declarations themselves stay private (the file has `export {}`).
    assert.ok(!exports.some((s) => /^(DisposeSymbol|MaybeDisposable)$/.test(s.name)), subpath);
  }
});

test("the package ships no other .d.ts (wasm-bindgen's declares initSync, InitOutput, the raw wasm exports)", () => {
  const dts = pack({ dryRun: true }).files.map((f) => f.path).filter((p) => p.endsWith(".d.ts"));
  assert.deepEqual(sorted(dts), sorted(Object.keys(API).map((s) => manifest.exports[s].types.slice(2))));
});

test("the package and the repository carry the licence texts of MIT OR Apache-2.0", () => {
  assert.equal(manifest.license, "MIT OR Apache-2.0");
  const files = pack({ dryRun: true }).files.map((f) => f.path);
  for (const name of ["LICENSE-MIT", "LICENSE-APACHE"]) {
    assert.ok(files.includes(name), `npm pack lists ${name}`);
    assert.equal(readFileSync(join(PKG, name), "utf8"), readFileSync(join(REPO, name), "utf8"), `${name} is the repository's`);
  }
  assert.match(readFileSync(join(REPO, "LICENSE-MIT"), "utf8"), /^MIT License\n[\s\S]*Permission is hereby granted, free of charge/);
  assert.match(readFileSync(join(REPO, "LICENSE-APACHE"), "utf8"), /Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/);
});

// `require()` of an ES module (no top-level await: the node entries compile the wasm
// synchronously) is unflagged from Node 20.19 and 22.12; 21.x and 22.0-22.11 need a flag.
test("engines.node is the range where require(esm) works, and this Node is in it", () => {
  assert.equal(manifest.engines.node, "^20.19.0 || >=22.12.0");
  const [major, minor] = process.versions.node.split(".").map(Number);
  assert.ok((major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22, process.version);
});

test("a CommonJS file can require() every entry, and gets the same modules as import", () => {
  const project = fileURLToPath(new URL("cjs-consumer/", OUTPUT));
  installPackage(project);
  writeFileSync(join(project, "main.cjs"), `"use strict";
const entries = ${JSON.stringify(Object.keys(API).map((s) => `partner-ordering${s.slice(1)}`))};
(async () => {
  const out = {};
  for (const name of entries) {
    const cjs = require(name);
    const esm = await import(name);
    out[name] = { names: Object.keys(cjs).sort(), same: cjs.PartnerOrderingError === esm.PartnerOrderingError && cjs.version === esm.version };
  }
  const { OmnissaClient } = require("partner-ordering");
  out.valid = new OmnissaClient({ partnerId: "P", tokenProvider: async () => "t" })
    .validateOrder({ commitContractReference: "C", offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 0 }], endCustomerInfo: {} }).ok;
  console.log(JSON.stringify(out));
})();
`);
  const stdout = execFileSync(process.execPath, [join(project, "main.cjs")], { cwd: project, encoding: "utf8" });
  const out = JSON.parse(stdout);
  for (const subpath of Object.keys(API)) {
    const name = `partner-ordering${subpath.slice(1)}`;
    assert.deepEqual(out[name], { names: sorted(API[subpath]), same: true }, name);
  }
  assert.equal(out.valid, false, "the validators run");
});
