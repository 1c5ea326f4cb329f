// Prints what each entry of the built package (pkg/) costs a browser: the wasm and the JS it
// loads (the wasm-bindgen glue with its snippets, core.mjs and the browser.mjs entry), raw and
// gzip -9. JS files are gzipped one by one and summed, as a browser fetches them unbundled.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const esbuild = fileURLToPath(new URL("../node_modules/.bin/esbuild", import.meta.url));

// The entry's JS as an app's bundler ships it: one file, minified (as ../shared/bench measures
// the peer: esbuild --bundle --minify, gzip -9). The wasm stays a separate asset.
const bundled = (entry) => {
  if (!existsSync(esbuild)) return undefined;
  const out = execFileSync(esbuild, [fileURLToPath(entry), "--bundle", "--minify", "--format=esm", "--platform=browser", "--log-level=error"], { maxBuffer: 64 << 20 });
  return gzipSync(out, { level: 9 }).length;
};

const pkg = new URL("../pkg/", import.meta.url);
const ENTRIES = [
  ["root", ""],
  ["omnissa", "omnissa/"],
  ["cloudblue", "cloudblue/"],
  ["cloudmore", "cloudmore/"],
  ["sandbox", "sandbox/"],
];

// Every .js file under dir (wasm-bindgen's snippets/ are imported by the glue), as URLs.
const jsUnder = (dir) =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true })
        .filter((f) => f.endsWith(".js"))
        .sort()
        .map((f) => new URL(f, dir))
    : [];

const measure = (files) => {
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const bytes = readFileSync(f);
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gz };
};

const num = (n, w) => String(n).padStart(w);
const header = `${"entry".padEnd(10)} ${num("wasm raw", 10)} ${num("wasm gz", 9)}  ${num("JS raw", 8)} ${num("JS gz", 7)}  ${num("total gz", 9)}  ${num("JS min gz", 9)} ${num("total min gz", 12)}`;
console.log(header);
console.log("-".repeat(header.length));
const notes = new Set();
for (const [name, dir] of ENTRIES) {
  const base = new URL(dir, pkg);
  const wasmFile = new URL("wasm/partner_ordering_bg.wasm", base);
  if (!existsSync(wasmFile)) {
    console.log(`${name.padEnd(10)} not built`);
    continue;
  }
  const wasm = measure([wasmFile]);
  const glue = new URL("wasm/partner_ordering.js", base);
  const js = [glue, ...jsUnder(new URL("wasm/snippets/", base))];
  for (const f of ["core.mjs", "errors.mjs", "host.mjs", "portfolio.mjs", "browser.mjs"]) {
    // Sub-entries load the root's core.mjs (one JS layer, one error class for every entry).
    const u = [new URL(f, base), new URL(`../${f}`, base)].find((x) => existsSync(x));
    if (u) js.push(u);
    else notes.add(`${f} absent from some entries (counted as 0)`);
  }
  const j = measure(js.filter((u) => existsSync(u)));
  const min = bundled(new URL("browser.mjs", base));
  const mins = min === undefined ? `${num("-", 9)} ${num("-", 12)}` : `${num(min, 9)} ${num(wasm.gz + min, 12)}`;
  console.log(
    `${name.padEnd(10)} ${num(wasm.raw, 10)} ${num(wasm.gz, 9)}  ${num(j.raw, 8)} ${num(j.gz, 7)}  ${num(wasm.gz + j.gz, 9)}  ${mins}`,
  );
}
console.log("bytes; gz = gzip -9; JS = wasm/partner_ordering.js (+ snippets) + core.mjs + errors.mjs + host.mjs + portfolio.mjs + browser.mjs, each file gzipped, as shipped");
console.log("JS min = the entry's browser.mjs bundled and minified by esbuild (as the peer is measured), gzip -9");
for (const n of notes) console.log(`note: ${n}`);
