// @types (written by scripts/gen-dts.mjs from the wasm-bindgen declarations and core.d.ts)
