// The page's first module, with no static imports, so that it runs even when the package cannot
// load (a missing or unreachable .wasm, a Content-Security-Policy without 'wasm-unsafe-eval').
// It installs the safety net (anything that escapes a view's own handling is shown in
// #app-error, never silent) and then loads the app with import(): a failure there is shown too,
// where a static import would have left the page blank.
const box = document.getElementById("app-error");

/** Shows an error without the package's help (it may be what failed to load). */
function plain(e, title = "Error") {
  const line = (text) => Object.assign(document.createElement("div"), { textContent: text });
  const head = Object.assign(document.createElement("strong"), { className: "code", textContent: title });
  box.replaceChildren(head, line(`Message: ${e?.message ?? String(e)}`));
  box.hidden = false;
  return box;
}

let show = (e) => plain(e);
window.addEventListener("unhandledrejection", (ev) => show(ev.reason));
window.addEventListener("error", (ev) => show(ev.error ?? ev.message));

let ui;
try {
  ui = await import("./js/ui.js");   // imports "partner-ordering": fetches and compiles the .wasm
} catch (e) {
  plain(e, "The demo could not start: the partner-ordering package did not load").append(
    Object.assign(document.createElement("div"), {
      textContent: "Check that pkg/ is built (make build) and that its .wasm is served as application/wasm; "
        + "under a Content-Security-Policy, script-src needs 'wasm-unsafe-eval'.",
    }));
}
if (ui) {
  show = (e) => ui.showError(box, e);   // the package loaded: errors with their code and trace id
  try { await import("./app.js"); } catch (e) { show(e); }
}
