// The partner portal demo. It uses only the public package, loaded from /pkg through the import
// map: "partner-ordering" always, "partner-ordering/sandbox" only in the in-page sandbox mode.
// boot.js loads this module (and, before it, shows any error that escapes the views).
import { version } from "partner-ordering";
import { $, scrollRegions, setupTabs, showError } from "./js/ui.js";
import { createContext, modeFromUrl } from "./js/context.js";
import { initOmnissa } from "./js/omnissa.js";
import { initCloudBlue } from "./js/cloudblue.js";
import { initCloudmore } from "./js/cloudmore.js";
import { initRenewals } from "./js/renewals.js";

// One entry per view. To add one: a role="tab" button (id "tab-NAME", aria-controls
// "view-NAME") and a role="tabpanel" section (id "view-NAME") in index.html, and NAME here with
// a function (ctx) => ({ load(): Promise<void>, startFlow?(what) }) whose load never rejects.
const VIEWS = {
  omnissa: initOmnissa,
  cloudblue: initCloudBlue,
  cloudmore: initCloudmore,
  renewals: initRenewals,
};

const appError = $("app-error");

const mode = modeFromUrl();
const toggle = $("mode-switch");
toggle.checked = mode === "page";
$("mode-desc").textContent = mode === "page"
  ? "The sandbox runs inside this page (partner-ordering/sandbox): no request leaves the page. Its sandbox-only credentials are in the page."
  : "Talking over HTTP to the demo server's sandbox; passwords and API secrets stay on the server, which mints the tokens.";
document.body.dataset.mode = mode;
toggle.addEventListener("change", () => {
  const url = new URL(location.href);
  if (toggle.checked) url.searchParams.set("sandbox", "page");
  else url.searchParams.delete("sandbox");
  location.assign(url);
});
$("version").textContent = `partner-ordering ${version()} · ${mode === "page" ? "in-page sandbox" : "sandbox over HTTP"}`;

try {
  const ctx = await createContext(mode);
  const started = new Map();   // name → { view, settled: Promise }
  const tabs = setupTabs($("tabs"), (name) => {
    history.replaceState(null, "", `${location.pathname}${location.search}#${name}`);
    const init = VIEWS[name];
    if (!init || started.has(name)) return;
    const view = init(ctx);
    // Settled, not loaded: load() shows its own failures and resolves either way.
    const settled = view.load().then(() => { $(`view-${name}`).dataset.settled = "true"; });
    started.set(name, { view, settled });
  });
  /** Shows another view (once its first load settled) and starts one of its flows there. */
  ctx.startFlow = async (name, what) => {
    tabs.select(name);
    const { view, settled } = started.get(name);
    await settled;
    await view.startFlow?.(what);
  };
  scrollRegions();
  tabs.select(location.hash.slice(1) in VIEWS ? location.hash.slice(1) : "omnissa");
  document.body.dataset.ready = "true";
} catch (e) {
  showError(appError, e);
}
