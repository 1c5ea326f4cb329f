#!/usr/bin/env bash
# Speed side by side with the TypeScript peer (../shared/bench): three runs with zod's JIT (as in
# Node and browsers), then three with JITLESS=1 (as on Cloudflare Workers or under a strict CSP).
# Several runs, because one run on a shared machine is noisy. Expects a built pkg/ (make bench
# builds first). BENCH_RUNS=1 for a single run of each; BENCH_SCALE as in run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${BENCH_RUNS:-3}
bench=$root/../shared/bench/run.sh
[ -f "$bench" ] || { echo "no $bench" >&2; exit 1; }

for mode in jit jitless; do
  for i in $(seq 1 "$runs"); do
    if [ "$mode" = jit ]; then
      echo "===== bench $i/$runs: speed, zod with its JIT ====="
      "$bench" speed "$root/pkg"
    else
      echo "===== bench $i/$runs: speed, JITLESS=1 (zod without its JIT) ====="
      JITLESS=1 "$bench" speed "$root/pkg"
    fi
  done
done
