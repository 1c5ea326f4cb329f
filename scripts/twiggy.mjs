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

// What an item is, by what it does rather than by crate (heuristic, from its name): derive code
// is named after the deserializer it was inlined into, so by crate it would count as JSON code.
function part(name) {
  if (name.startsWith("data segment")) return "data segments";
  if (/serde_json/.test(name) && !/value::/.test(name)) return "serde_json reader/writer";
  if (/partner_ordering_json/.test(name) && !/deserialize_|Fields as|Items as|Variant as|serialize_|Compound/.test(name)) return "json crate (parse and format steps)";
  if (/Deserializ|deserialize|Visitor|visit_|MapAccess|SeqAccess|EnumAccess/.test(name)) return "Deserialize (derive) per type";
  if (/Serializ|serialize|Compound/.test(name)) return "Serialize (derive) per type";
  if (/\{\{closure\}\}/.test(name)) return "async state machines";
  if (/wasm_bindgen|js_sys|__wbindgen|__wbg|^[a-z]+client_|^rql_|^[a-z_]+$/.test(name)) return "wasm-bindgen glue and exports";
  if (/^<?(core|alloc|std|dlmalloc|hashbrown|compiler_builtins)\b/.test(name)) return "core/alloc/std";
  if (/partner_ordering/.test(name)) return "API logic (rules, endpoints, client, wrappers)";
  return "other";
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
  const byPart = new Map();
  for (const { name, shallow_size } of items) {
    if (bucket(name) === "(name section)") continue;
    const p = part(name);
    byPart.set(p, (byPart.get(p) ?? 0) + shallow_size);
  }
  const parts = [...byPart].sort((a, b) => b[1] - a[1]);
  const names = byBucket.get("(name section)") ?? 0;

  const report = [
    `# ${v}: ${wasm}, ${total} B (${total - names} B without the name section)`,
    "",
    "## shallow bytes by crate (heuristic: first path in the item's name)",
    ...buckets.map(([b, n]) => `${String(n).padStart(10)}  ${pct(n, total).padStart(6)}  ${b}`),
    "",
    "## shallow bytes by part (heuristic, from the item's name; without the name section)",
    ...parts.map(([p, n]) => `${String(n).padStart(10)}  ${pct(n, total - names).padStart(6)}  ${p}`),
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
