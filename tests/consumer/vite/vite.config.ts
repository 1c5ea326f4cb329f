import { defineConfig } from "vite";

// `vite build` (tests/js/bundler.test.mjs) and the dev server (tests/js/vite-dev.test.mjs, on a
// copy that installed the package's tarball) of a page that imports "partner-ordering". There is
// deliberately no `optimizeDeps` entry: the dev server's pre-bundling must work as it comes.
// The package's browser entry uses top-level await (it awaits the wasm before exporting
// anything), so the build target must be one that has it: esbuild refuses to lower top-level
// await. Vite 7's default target
// ("baseline-widely-available": chrome107, edge107, firefox104, safari16) already has it; we
// name 'es2022' (the ECMAScript edition that introduced top-level await) so the requirement is
// explicit and survives a change of Vite's default.
export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  logLevel: "warn",
  build: {
    target: "es2022",
    outDir: "../../../test-output/vite-consumer",
    emptyOutDir: true,
    // Keep the .wasm as a file (it is ~1 MB; inlining would base64 it into the JS).
    assetsInlineLimit: 0,
  },
});
