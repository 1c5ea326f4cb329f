// Prints the production package's wasm size (raw and gzipped) and its JS glue size.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const row = (label, file) => {
  const bytes = readFileSync(new URL(`../pkg/${file}`, import.meta.url));
  const gz = gzipSync(bytes, { level: 9 }).length;
  console.log(`${label.padEnd(28)} ${String(bytes.length).padStart(9)} B raw  ${String(gz).padStart(8)} B gzip`);
};
row("production wasm", "wasm/partner_ordering_bg.wasm");
row("production JS glue", "wasm/partner_ordering.js");
row("sandbox build wasm (tests)", "sandbox/wasm/partner_ordering_bg.wasm");
