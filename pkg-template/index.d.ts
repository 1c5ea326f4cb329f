// Types of every entry point. Data types are generated from the Rust types by tsify.
export * from "./wasm/partner_ordering.js";
