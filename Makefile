# partner-ordering: the two commands are `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export CARGO_TERM_COLOR ?= never

WASM_TEST_ENV := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
DEMO_PORT ?= 8787

.PHONY: help setup build demo test rust-suites build-logged test-native test-wasm-node test-wasm-chromium test-js lint fmt size twiggy bench clean

help:
	@echo "make demo   build, then serve the demo page against the embedded sandbox"
	@echo "make test   install what is missing, build, and run every suite"
	@echo "make size   wasm and JS size of every entry (raw and gzip -9)"
	@echo "make twiggy what the wasm is made of, per variant (target/size/*.twiggy.txt)"
	@echo "make bench  speed against the TypeScript peer, with and without zod's JIT (3 runs each)"
	@echo "make build  pkg/ (incremental; BUILD_VARIANTS=\"root sandbox\" builds only those)"

setup:
	@scripts/setup.sh

build: setup
	@scripts/build.sh

demo: build
	node www/server.mjs --port $(DEMO_PORT)

lint: setup
	cargo fmt --check
	cargo clippy --locked --all-targets --features sandbox -- -D warnings
	cargo clippy --locked -p partner-ordering-json --all-targets -- -D warnings
	cargo clippy --locked -p partner-ordering-derive --all-targets -- -D warnings
	cargo clippy --locked -p partner-ordering-wasm --all-targets --target wasm32-unknown-unknown --features sandbox -- -D warnings
	cargo clippy --locked -p partner-ordering-wasm --lib --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --locked -p partner-ordering-wasm --lib --target wasm32-unknown-unknown --no-default-features --features omnissa -- -D warnings

test-native:
	cargo test --locked --features sandbox
	cargo test --locked -p partner-ordering-json

test-wasm-node: setup
	$(WASM_TEST_ENV) cargo test --locked -p partner-ordering-wasm --target wasm32-unknown-unknown --features sandbox --test wasm

test-wasm-chromium: setup
	$(WASM_TEST_ENV) WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver \
	  WASM_BINDGEN_TEST_TIMEOUT=120 cargo test --locked -p partner-ordering-wasm --target wasm32-unknown-unknown --features sandbox --test wasm

test-js: build
	node --test --test-reporter=spec tests/js/

# The Rust suites and the package build side by side: the wasm builds' long single-threaded steps
# (LTO, wasm-opt) use the core the suites leave idle, and neither waits for the other's cargo lock
# (the suites build in target/debug, the package in target/*/release). The JS suites then run
# alone, as their time budgets assume. The build's output goes to target/build.log.
test: setup
	@$(MAKE) --no-print-directory -j2 rust-suites build-logged
	node --test --test-reporter=spec tests/js/
	@echo "all suites passed"

# Each part in a make of its own, without the -j2 make's jobserver (env -u): cargo and rustdoc
# would otherwise find its variables but not its file descriptors, and warn.
NO_JOBSERVER := env -u MAKEFLAGS -u MFLAGS
rust-suites: # one after another (they share target/debug)
	@$(NO_JOBSERVER) $(MAKE) --no-print-directory lint
	@$(NO_JOBSERVER) $(MAKE) --no-print-directory test-native
	@$(NO_JOBSERVER) $(MAKE) --no-print-directory test-wasm-node
	@$(NO_JOBSERVER) $(MAKE) --no-print-directory test-wasm-chromium

build-logged:
	@mkdir -p target
	@echo "==> building pkg/ beside the Rust suites (log: target/build.log)"
	@$(NO_JOBSERVER) scripts/build.sh >target/build.log 2>&1 || { cat target/build.log; echo "build failed" >&2; exit 1; }
	@tail -n 1 target/build.log

size: build
	@node scripts/size.mjs

twiggy: build
	@command -v twiggy >/dev/null || [ -x "$$HOME/.cargo/bin/twiggy" ] || cargo install --locked twiggy
	@node scripts/twiggy.mjs

bench: build
	@scripts/bench.sh

fmt:
	cargo fmt

clean:
	cargo clean
	rm -rf pkg pkg.tmp test-output
