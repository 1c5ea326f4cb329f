// What must never come back into a production wasm: code that one careless line compiles in
// for every user. Each was found with twiggy and removed (README, "What keeps the wasm small"):
// core's float formatting (a `{}` on an f64) and parsing (`parse::<f64>()`), Unicode's case
// tables (`to_lowercase`), and a map type per key and value type. Read from the function names
// of target/size/<entry>.wasm, the build's wasm before wasm-opt (scripts/build.sh), so a failure
// names the culprit's callers' kind of code, and `make twiggy` then shows where it is.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";

const ENTRIES = ["root", "omnissa", "cloudblue", "cloudmore"];

/** The function names of a wasm module's name section. */
function functionNames(bytes) {
  let i = 8;
  const leb = () => {
    let r = 0, s = 0, b;
    do { b = bytes[i++]; r += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80);
    return r;
  };
  const text = (n) => { const t = new TextDecoder().decode(bytes.subarray(i, i + n)); i += n; return t; };
  while (i < bytes.length) {
    const id = bytes[i++];
    const size = leb();
    const end = i + size;
    if (id === 0 && text(leb()) === "name") {
      while (i < end) {
        const sub = bytes[i++];
        const len = leb();
        if (sub !== 1) { i += len; continue; }
        const names = [];
        for (let n = leb(); n > 0; n--) { leb(); names.push(text(leb())); }
        return names;
      }
    }
    i = end;
  }
  return [];
}

const BANNED = [
  [/core\S*::num::flt2dec::/, "core's float formatting: format floats with json::float_text"],
  [/core\S*::num::dec2flt::/, "core's float parsing (14 KB gzip): parse floats with partner_ordering_json::parse_f64"],
  [/core\S*::unicode::unicode_data::conversions::/, "Unicode case tables: lower-case ASCII"],
  [/serde_json::de::Deserializer/, "serde_json's reader: parse with crate::json"],
  [/FlatMapDeserializer/, "serde's flatten, which buffers every field: flatten a map with partner_ordering_json::Deserialize"],
  // serde's derive names its visitor `_::<impl Deserialize for T>`; the library's derive,
  // `<T as Deserialize>`. The one struct-like exception: an untagged enum's struct variant.
  [/_::<impl serde_core::de::Deserialize for (?!\S*DependsOnWire>)\S*>::deserialize::__Visitor as serde_core::de::Visitor>::visit_map/,
    "a struct with serde's Deserialize derive: derive partner_ordering_json::Deserialize"],
];

for (const entry of ENTRIES) {
  test(`the ${entry} wasm has none of the code that was removed for size`, { skip: !existsSync(`target/size/${entry}.wasm`) && "not built" }, () => {
    const names = functionNames(readFileSync(`target/size/${entry}.wasm`));
    assert.ok(names.length > 1000, "the name section was read");
    for (const [pattern, why] of BANNED) {
      const hits = names.filter((n) => pattern.test(n));
      assert.deepEqual(hits.slice(0, 3), [], `${why} (${hits.length} functions)`);
    }
    // One map type at most (serde_json's `Map<String, Value>`, for error bodies and extra
    // fields): every other map is a `Vec` (`common::StrMap`, sorted `Vec`s).
    const inserts = names.filter((n) => /btree::map::BTreeMap<K,V,A>::insert::/.test(n));
    assert.ok(inserts.length <= 1, `${inserts.length} BTreeMap instantiations: use common::StrMap or a sorted Vec`);
  });
}
