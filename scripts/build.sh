#!/usr/bin/env bash
# Builds pkg/: the npm package, from the production wasm (no sandbox) and the sandbox build.
#   pkg/wasm/          production wasm + wasm-bindgen glue (--target web), wasm-opt -Oz
#   pkg/sandbox/wasm/  the same crate with the `sandbox` feature, for demos and tests
#   pkg/*.mjs          per-runtime entry points from pkg-template/
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_OPT_FLAGS=(-Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)

build_variant() { # <features> <cargo target dir> <out dir>
  local features=$1 target_dir=$2 out=$3
  cargo build --release --locked --target wasm32-unknown-unknown --features "$features" --target-dir "$target_dir"
  rm -rf "$out" && mkdir -p "$out"
  wasm-bindgen --target web --out-dir "$out" --out-name partner_ordering \
    "$target_dir/wasm32-unknown-unknown/release/partner_ordering.wasm"
  node_modules/.bin/wasm-opt "${WASM_OPT_FLAGS[@]}" "$out/partner_ordering_bg.wasm" -o "$out/partner_ordering_bg.wasm"
}

rm -rf pkg.tmp && mkdir -p pkg.tmp
build_variant wasm target pkg.tmp/wasm
build_variant wasm,sandbox target/sandbox pkg.tmp/sandbox/wasm

cp pkg-template/*.mjs pkg-template/*.d.ts pkg-template/README.md pkg.tmp/
cp pkg-template/sandbox/*.mjs pkg-template/sandbox/*.d.ts pkg.tmp/sandbox/
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
sed "s/\"version\": \"0.0.0\"/\"version\": \"$version\"/" pkg-template/package.json > pkg.tmp/package.json
rm -rf pkg && mv pkg.tmp pkg

# Let tests and the demo import the package by name, exactly as a user would.
mkdir -p node_modules && ln -sfn ../pkg node_modules/partner-ordering
echo "built pkg/ (partner-ordering $version)"
