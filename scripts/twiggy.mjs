// Size profile of each variant's wasm with twiggy, from target/size/<variant>.wasm: the build's
// copy taken after wasm-bindgen and before wasm-opt, so it still has function names (wasm-opt
// strips them; its -Os output is smaller, but in roughly the same proportions).
// Writes target/size/<variant>.twiggy.txt (by crate, twiggy top, dominators, monos) and prints a
// short summary per variant.
import { execFileSync } from "node:child_process";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const VARIANTS = ["root", "omnissa", "cloudblue", "cloudmore", "sandbox"];
const dir = fileURLToPath(new URL("../target/size/", import.meta.url));
// scripts/setup.sh does not install twiggy; cargo install puts it in ~/.cargo/bin.
const cargoBin = join(homedir(), ".cargo/bin/twiggy");
const TWIGGY = process.env.TWIGGY ?? (existsSync(cargoBin) ? cargoBin : "twiggy");

const twiggy = (...args) => execFileSync(TWIGGY, args, { encoding: "utf8", maxBuffer: 256 << 20 });

// Which crate (and, for this crate, which module) an item belongs to, from its demangled name.
// A heuristic: the first `path::` in the name, so `<serde_json::de::Deserializer<R> as
// serde_core::de::Deserializer>::deserialize_struct` counts for serde_json.
function bucket(name) {
  if (name === '"function names" subsection' || name.startsWith('"')) return "(name section)";
  if (name.startsWith("data segment")) return "(data segments)";
  const m = /([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::([A-Za-z_][A-Za-z0-9_]*)?/.exec(name);
  if (!m) return /^[\w$]+$/.test(name) ? "(wasm-bindgen exports)" : "(other)";
  return m[1] === "partner_ordering" && m[2] ? `partner_ordering::${m[2]}` : m[1];
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const pct = (n, total) => `${((100 * n) / total).toFixed(1)}%`;
let found = 0;
for (const v of VARIANTS) {
  const wasm = join(dir, `${v}.wasm`);
  if (!existsSync(wasm)) {
    console.log(`${v}: no ${wasm} (not built)`);
    continue;
  }
  found++;
  const total = statSync(wasm).size;
  const items = JSON.parse(twiggy("top", "-f", "json", wasm));
  const byBucket = new Map();
  for (const { name, shallow_size } of items) {
    const b = bucket(name);
    byBucket.set(b, (byBucket.get(b) ?? 0) + shallow_size);
  }
  const buckets = [...byBucket].sort((a, b) => b[1] - a[1]);
  const names = byBucket.get("(name section)") ?? 0;

  const report = [
    `# ${v}: ${wasm}, ${total} B (${total - names} B without the name section)`,
    "",
    "## shallow bytes by crate (heuristic: first path in the item's name)",
    ...buckets.map(([b, n]) => `${String(n).padStart(10)}  ${pct(n, total).padStart(6)}  ${b}`),
    "",
    "## twiggy top -n 40",
    twiggy("top", "-n", "40", wasm),
    "## twiggy dominators -d 2 -r 40",
    twiggy("dominators", "-d", "2", "-r", "40", wasm),
    "## twiggy monos -m 20 -n 3 (generic functions: bytes beyond one copy each)",
    twiggy("monos", "-m", "20", "-n", "3", wasm),
  ];
  const out = join(dir, `${v}.twiggy.txt`);
  writeFileSync(out, report.join("\n"));

  const code = buckets.filter(([b]) => !b.startsWith("("));
  console.log(`${v}: ${kb(total)} before wasm-opt, ${kb(total - names)} without names -> ${out}`);
  console.log(
    `  largest: ${code
      .slice(0, 6)
      .map(([b, n]) => `${b} ${kb(n)}`)
      .join(", ")}; data ${kb(byBucket.get("(data segments)") ?? 0)}`,
  );
}
if (!found) {
  console.error("no target/size/*.wasm: run `make build` first");
  process.exit(1);
}
