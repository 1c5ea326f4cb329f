#!/usr/bin/env bash
# Builds pkg/, the npm package: one wasm build per entry point, plus the per-runtime entry files.
#
#   variant    cargo features                                 entry dir      import as
#   (of the wasm crate, crates/wasm: -p partner-ordering-wasm)
#   root       (default: all three APIs)                 pkg/           partner-ordering
#   omnissa    --no-default-features --features omnissa   pkg/omnissa/   partner-ordering/omnissa
#   cloudblue  --no-default-features --features cloudblue pkg/cloudblue/ partner-ordering/cloudblue
#   cloudmore  --no-default-features --features cloudmore pkg/cloudmore/ partner-ordering/cloudmore
#   sandbox    --features sandbox                        pkg/sandbox/   partner-ordering/sandbox
#
# Each entry dir holds wasm/ (wasm-bindgen --target web glue + the wasm-opt -Os'd wasm: smaller than -Oz here, measured;
# --converge repeats the passes until the size stops falling: 1.3 KB gzip less, ~9 s more per variant) and the
# entry files from pkg-template/.
#
# Incremental: a variant is rebuilt (cargo, wasm-bindgen, patch-glue, wasm-opt) only when the hash
# of its inputs differs from the stamp of its last successful build; within a rebuild, cargo is
# skipped when only patch-glue or a tool changed, and wasm-opt when its input is unchanged.
# Finished variants live in
#   target/pkg-cache/<variant>/      stamp, wasm/ (what goes into pkg/), cargo's output and keys
#   target/size/<variant>.wasm       after wasm-bindgen (and patch-glue), before wasm-opt: it still
#                                    has its name section, for twiggy (make twiggy)
# and pkg/ is assembled from that cache on every run (cheap), in a staging dir that replaces pkg/
# only once complete, so pkg/ is never half-written.
#
#   BUILD_VARIANTS="root sandbox" scripts/build.sh   build only these (default: all five). Variants
#                                                    left out keep their cached output in pkg/, with
#                                                    a warning if it is out of date.
set -euo pipefail
cd "$(dirname "$0")/.."

ALL_VARIANTS=(root omnissa cloudblue cloudmore sandbox)
WASM_OPT_FLAGS=(-Os --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)
CARGO_WASM=target/wasm32-unknown-unknown/release/partner_ordering_wasm.wasm
CACHE=target/pkg-cache
SIZE=target/size

features_of() { # <variant> -> cargo feature arguments
  case $1 in
    root) echo "-p partner-ordering-wasm" ;;
    omnissa | cloudblue | cloudmore) echo "-p partner-ordering-wasm --no-default-features --features $1" ;;
    sandbox) echo "-p partner-ordering-wasm --features sandbox" ;;
    *) return 1 ;;
  esac
}
entry_dir() { # <base dir> <variant> -> that variant's entry dir under base (root: base itself)
  if [ "$2" = root ]; then echo "$1"; else echo "$1/$2"; fi
}

read -r -a variants <<<"${BUILD_VARIANTS:-${ALL_VARIANTS[*]}}"
[ "${#variants[@]}" -gt 0 ] || { echo "BUILD_VARIANTS is empty" >&2; exit 2; }
for v in "${variants[@]}"; do
  features_of "$v" >/dev/null ||
    { echo "unknown variant '$v' in BUILD_VARIANTS (known: ${ALL_VARIANTS[*]})" >&2; exit 2; }
done

mkdir -p "$CACHE" "$SIZE"
# Two builds in one checkout would share pkg-cache/ and the staging dir: take turns.
exec 9>target/.build.lock
flock -n 9 || { echo "waiting for another scripts/build.sh in this checkout..."; flock 9; }

# ---- input hashes ------------------------------------------------------------------------------

# Two levels, so that a change to the glue patch or to a tool after cargo does not redo cargo
# (each variant switch recompiles the whole crate with LTO: ~25 s a variant):
#   cargo inputs  sources, manifests, this script, rustc, RUSTFLAGS (+ the variant's features)
#   later inputs  patch-glue.mjs, wasm-bindgen and binaryen versions
# A variant is up to date when the hash of both matches its stamp.
cargo_inputs() {
  find src crates -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
  sha256sum Cargo.toml Cargo.lock scripts/build.sh
  rustc -vV
  echo "RUSTFLAGS=${RUSTFLAGS:-} CARGO_ENCODED_RUSTFLAGS=${CARGO_ENCODED_RUSTFLAGS:-}"
}
BINARYEN_VERSION=$(sed -n 's/^ *"version": *"\(.*\)".*/\1/p' node_modules/binaryen/package.json | head -1)
later_inputs() {
  if [ -f scripts/patch-glue.mjs ]; then sha256sum scripts/patch-glue.mjs; else echo "no patch-glue.mjs"; fi
  wasm-bindgen --version
  echo "binaryen $BINARYEN_VERSION"
}
sha() { sha256sum | cut -d' ' -f1; }

cargo_common=$(cargo_inputs | sha)
later_common=$(later_inputs | sha)
declare -A cargo_key stamp
for v in "${ALL_VARIANTS[@]}"; do
  cargo_key[$v]=$(printf '%s\n%s\n' "$cargo_common" "$(features_of "$v")" | sha)
  stamp[$v]=$(printf '%s\n%s\n' "${cargo_key[$v]}" "$later_common" | sha)
done

is_fresh() { # <variant>: the cache holds a complete build of exactly the current inputs
  [ "$(cat "$CACHE/$1/stamp" 2>/dev/null)" = "${stamp[$1]}" ] &&
    [ -f "$CACHE/$1/wasm/partner_ordering_bg.wasm" ] && [ -f "$CACHE/$1/wasm/partner_ordering.js" ] &&
    [ -f "$SIZE/$1.wasm" ]
}

# ---- build the stale variants ------------------------------------------------------------------
#
# target/pkg-cache/<variant>/ holds: stamp, wasm/ (what goes into pkg/), cargo.wasm + cargo.key
# (cargo's output and the hash of its inputs), opt.key (hash of wasm-opt's input). A variant is
# built in <variant>.work/ and replaces <variant>/ only when complete.

# After cargo: wasm-bindgen, patch-glue, keep a named copy for twiggy, wasm-opt. Runs in the
# background so that wasm-opt (~30 s, single-threaded) of one variant overlaps cargo's build of
# the next. Output goes to <work>/log; <work>/ok marks success.
postprocess() { # <variant> <work dir>
  local v=$1 work=$2 out=$2/wasm key
  wasm-bindgen --target web --out-dir "$out" --out-name partner_ordering "$work/cargo.wasm"
  if [ -f scripts/patch-glue.mjs ]; then node scripts/patch-glue.mjs "$out"; fi
  cp "$out/partner_ordering_bg.wasm" "$work/named.wasm"
  # wasm-opt is the slow step; skip it when its input is byte-for-byte last build's.
  key=$({ sha256sum <"$work/named.wasm"; echo "${WASM_OPT_FLAGS[*]} binaryen $BINARYEN_VERSION"; } | sha)
  if [ "$(cat "$CACHE/$v/opt.key" 2>/dev/null)" = "$key" ] && [ -f "$CACHE/$v/wasm/partner_ordering_bg.wasm" ]; then
    echo "wasm-opt skipped: same input as the cached build"
    cp "$CACHE/$v/wasm/partner_ordering_bg.wasm" "$out/partner_ordering_bg.wasm"
  else
    node_modules/.bin/wasm-opt "${WASM_OPT_FLAGS[@]}" "$out/partner_ordering_bg.wasm" -o "$out/partner_ordering_bg.wasm"
  fi
  echo "$key" >"$work/opt.key"
  touch "$work/ok"
}

max_jobs=$(nproc 2>/dev/null || echo 2)
started=()
failed=()
for v in "${variants[@]}"; do
  if is_fresh "$v"; then
    echo "==> $v: up to date"
    continue
  fi
  # The old output stays in $CACHE/$v (with a stamp that no longer matches) until this one is done.
  work=$CACHE/$v.work
  rm -rf "$work" && mkdir -p "$work"
  if [ "$(cat "$CACHE/$v/cargo.key" 2>/dev/null)" = "${cargo_key[$v]}" ] && [ -f "$CACHE/$v/cargo.wasm" ]; then
    echo "==> $v: cargo output unchanged, reusing it"
    cp "$CACHE/$v/cargo.wasm" "$work/cargo.wasm"
  else
    echo "==> $v: cargo build $(features_of "$v")"
    # shellcheck disable=SC2046 # the feature arguments are meant to split into words
    if ! cargo build --release --locked --target wasm32-unknown-unknown --target-dir target $(features_of "$v"); then
      failed+=("$v")
      rm -rf "$work"
      continue
    fi
    # One target dir for every variant: the next cargo build overwrites this file.
    cp "$CARGO_WASM" "$work/cargo.wasm"
  fi
  echo "${cargo_key[$v]}" >"$work/cargo.key"
  while [ "$(jobs -rp | wc -l)" -ge "$max_jobs" ]; do wait -n || true; done
  echo "==> $v: wasm-bindgen, wasm-opt (in the background)"
  postprocess "$v" "$work" >"$work/log" 2>&1 &
  started+=("$v")
done
wait # for every postprocess; each one's result is its ok file

# Stamp only what was built from the inputs that are there now: if a source changed while we
# were building, the output may mix old and new, so leave it unstamped to be rebuilt next time.
unchanged=false
if [ "$(cargo_inputs | sha)" = "$cargo_common" ] && [ "$(later_inputs | sha)" = "$later_common" ]; then
  unchanged=true
fi
for v in "${started[@]}"; do
  work=$CACHE/$v.work
  if [ ! -f "$work/ok" ]; then
    echo "==> $v: wasm-bindgen, patch-glue or wasm-opt failed:" >&2
    cat "$work/log" >&2
    failed+=("$v")
    rm -rf "$work"
    continue
  fi
  if [ -s "$work/log" ]; then sed "s/^/    $v: /" "$work/log"; fi
  mv "$work/named.wasm" "$SIZE/$v.wasm"
  rm -f "$work/ok" "$work/log"
  rm -rf "$CACHE/$v" && mv "$work" "$CACHE/$v"
  if $unchanged; then
    echo "${stamp[$v]}" >"$CACHE/$v/stamp"
  else
    echo "==> $v: sources changed during the build; it will be rebuilt next time" >&2
    rm -f "$CACHE/$v/cargo.key"
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "build failed for: ${failed[*]}; pkg/ left as it was." >&2
  echo "(BUILD_VARIANTS=\"...\" builds a subset, e.g. BUILD_VARIANTS=\"root sandbox\")" >&2
  exit 1
fi

# ---- assemble pkg/ from the cache --------------------------------------------------------------

# Entry files: pkg-template/entry/* in every entry dir; the JS layer (core.mjs, errors.mjs,
# host.mjs, portfolio.mjs) only in the root, imported by every entry, so that one PartnerOrderingError class
# serves them all (`instanceof` holds across entries; scripts/gen-dts.mjs points the sub-entries
# at ../core.mjs, and writes index.d.ts from wasm-bindgen's and pkg-template/core.d.ts).
copy_entry_files() { # <variant> <entry dir>
  local v=$1 dir=$2
  if [ "$v" = root ]; then cp pkg-template/core.mjs pkg-template/errors.mjs pkg-template/host.mjs pkg-template/portfolio.mjs "$dir/"; fi
  cp -R pkg-template/entry/. "$dir/"
}

stage=target/pkg-staging
rm -rf "$stage" && mkdir -p "$stage"
selected=" ${variants[*]} "
for v in "${ALL_VARIANTS[@]}"; do
  if [ ! -f "$CACHE/$v/wasm/partner_ordering_bg.wasm" ]; then
    echo "warning: $v was never built, so $(entry_dir pkg "$v")/ is missing" >&2
    continue
  fi
  if [[ $selected != *" $v "* ]] && ! is_fresh "$v"; then
    echo "warning: $(entry_dir pkg "$v")/ is from an older build (not in BUILD_VARIANTS)" >&2
  fi
  dir=$(entry_dir "$stage" "$v")
  mkdir -p "$dir"
  # Real copies, not hard links: nothing done to pkg/ can reach back into the cache.
  cp -R "$CACHE/$v/wasm" "$dir/wasm"
  copy_entry_files "$v" "$dir"
  node scripts/gen-dts.mjs "$dir"
  # wasm-bindgen's own declarations (initSync, InitOutput, the raw wasm exports) were only
  # gen-dts's input: index.d.ts is the public one.
  rm -f "$dir/wasm/partner_ordering.d.ts" "$dir/wasm/partner_ordering_bg.wasm.d.ts"
done
# Every entry's JS as shipped: comments and white space out, names kept (stack traces and a
# debugger stay readable), and a source map beside each file with its readable source. About
# 9 KB gzip less per entry for whoever loads the package unbundled (a CDN import, a Worker
# uploaded as is); an app's own minifier gets the same bytes either way. Run after gen-dts,
# which reads parameter names from wasm-bindgen's glue as written. bin/ (the sandbox server
# CLI) stays as written.
minify_in_place() { # <extension> : every such file of the stage but bin/'s
  local files
  mapfile -t files < <(find "$stage" -path "$stage/bin" -prune -o -type f -name "*.$1" -print | LC_ALL=C sort)
  node_modules/.bin/esbuild "${files[@]}" --outdir="$stage" --outbase="$stage" --allow-overwrite \
    --out-extension:.js=".$1" --minify-whitespace --minify-syntax --sourcemap --sources-content=true \
    --log-level=warning
}
minify_in_place mjs
minify_in_place js
cp pkg-template/README.md LICENSE-MIT LICENSE-APACHE "$stage/"
# The standalone sandbox server (package.json `bin`): plain Node scripts beside the entries.
cp -R pkg-template/bin "$stage/bin"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
sed "s/\"version\": \"0.0.0\"/\"version\": \"$version\"/" pkg-template/package.json >"$stage/package.json"

# Two renames: pkg/ is either the old or the new complete package (absent only between them).
rm -rf target/pkg.old
if [ -e pkg ]; then mv pkg target/pkg.old; fi
mv "$stage" pkg
rm -rf target/pkg.old pkg.tmp # pkg.tmp: the staging dir of earlier versions of this script

# Let tests and the demo import the package by name, exactly as a user would.
mkdir -p node_modules && ln -sfn ../pkg node_modules/partner-ordering
echo "built pkg/ (partner-ordering $version)"
