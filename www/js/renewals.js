// The Renewals view: every vendor's subscriptions from the package's Portfolio, soonest renewal
// window first, each window drawn on the next 90 days, and a button into that vendor's own
// renewal or cancellation flow. A vendor that fails to load gets its own notice; the others
// are still listed. Without Portfolio in the package (an older build), the view says so.
import * as pkg from "partner-ordering";
import { $, action, el, setStatus } from "./ui.js";
import { formatDay, inDays } from "./format.js";
import { explainError } from "./messages.js";
import { horizonAxis, horizonBar, windowState } from "./timeline.js";

const DAYS = 90;
const DAY_MS = 86_400_000;
export const VENDORS = { omnissa: "Omnissa", cloudblueAps: "CloudBlue (APS)", cloudblueSimple: "CloudBlue (SimpleAPI)", cloudmore: "Cloudmore" };
const RANK = { open: 0, upcoming: 1, closed: 2, none: 3 };
const at = (iso) => Date.parse(iso ?? "");

/**
 * The order of the list: open windows (closing soonest first), then upcoming ones (opening
 * soonest first), then closed ones (most recent first), then subscriptions without a window.
 */
export function byWindow(nowMs) {
  return (a, b) => {
    const sa = windowState(a.renewal, nowMs), sb = windowState(b.renewal, nowMs);
    if (sa !== sb) return RANK[sa] - RANK[sb];
    if (sa === "open") return at(a.renewal.closesAt) - at(b.renewal.closesAt);
    if (sa === "upcoming") return at(a.renewal.opensAt) - at(b.renewal.opensAt);
    if (sa === "closed") return at(b.renewal.closesAt) - at(a.renewal.closesAt);
    return 0;
  };
}

const isCancelled = (e) => /cancel|terminat|removed|deleted/i.test(e.status ?? "");
const daysUntil = (iso, nowMs) => Math.ceil((at(iso) - nowMs) / DAY_MS);

function windowText(e, state, nowMs) {
  const r = e.renewal;
  if (state === "none") return "No renewal window";
  if (state === "open") return `Open until ${formatDay(r.closesAt)} (closes ${inDays(daysUntil(r.closesAt, nowMs))})`;
  if (state === "upcoming") return `Opens ${formatDay(r.opensAt)} (${inDays(daysUntil(r.opensAt, nowMs))}), closes ${formatDay(r.closesAt)}`;
  return `Closed on ${formatDay(r.closesAt)}`;
}

const products = (e) => (e.products ?? []).map((p) => el("div", {},
  `${p.quantity} × `, p.name ?? el("code", { text: p.sku ?? p.mpn ?? p.productId ?? "?" })));
const cap = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : "Unknown");

export function initRenewals(ctx) {
  const box = $("rn-error");
  const status = $("rn-status");
  const table = $("rn-table");
  const notices = $("rn-vendor-errors");
  if (typeof pkg.Portfolio !== "function") {
    $("rn-missing").hidden = false;
    table.closest(".table-wrap").hidden = true;
    $("rn-reload").hidden = true;
    return { load: async () => {} };
  }
  const portfolio = new pkg.Portfolio({ omnissa: ctx.omnissa, cloudblueAps: ctx.aps, cloudblueSimple: ctx.simple, cloudmore: ctx.cloudmore });
  const state = { ticket: 0, controller: null };
  const start = (name, what) => action(box, () => ctx.startFlow(name, what));

  function actions(e, windowNow, expired) {
    const who = `${e.id}${e.customer ? ` (${e.customer})` : ""}`;
    const button = (text, cls, flow, intent) => el("button", {
      type: "button", class: `small ${cls}`, "data-action": intent, "aria-label": `${text} ${who}…`,
      onclick: start(flow, { id: e.id, raw: e.raw, intent }),
    }, `${text}…`);
    if (e.vendor === "omnissa" && (windowNow === "open" || windowNow === "upcoming")) {
      return [button("Renew", "", "omnissa", "renew"), button("Cancel", "secondary", "omnissa", "cancel")];
    }
    if (e.vendor === "cloudmore" && !isCancelled(e) && !expired) {
      // Another broker's organization: shown there, since only that broker can cancel it.
      const ours = ctx.cloudmoreConfig.organizations.some((o) => o.id.toLowerCase() === String(e.raw?.organizationId).toLowerCase());
      return ours ? button("Cancel", "secondary", "cloudmore", "cancel") : button("Show", "secondary", "cloudmore", "show");
    }
    if (e.vendor.startsWith("cloudblue") && !isCancelled(e)) {
      return el("span", { class: "muted small", text: e.raw?.renewalStatus === true ? "Renews automatically" : "Managed in CloudBlue" });
    }
    return null;
  }

  function row(e, nowMs, due) {
    const w = windowState(e.renewal, nowMs);
    const expired = !isCancelled(e) && at(e.termEnd) < nowMs;
    return el("tr", {
      "data-vendor": e.vendor, "data-id": e.id, "data-state": w, "data-opens": e.renewal?.opensAt ?? "", "data-closes": e.renewal?.closesAt ?? "",
      class: [due ? "due" : "", expired ? "expired" : ""].join(" ").trim() || null,
    },
    el("td", {}, el("span", { class: "badge vendor", text: VENDORS[e.vendor] ?? e.vendor })),
    el("td", { text: e.customer || "—" }),
    el("td", { class: `window-cell window-text ${w === "open" ? "open" : ""}` }, windowText(e, w, nowMs),
      due ? el("span", { class: "sr-only", text: " (due in the next 90 days)" }) : null),
    el("td", {}, horizonBar(e.renewal, nowMs, DAYS)),
    el("th", { scope: "row", class: "subscription" }, products(e), el("code", { class: "muted small", text: e.id })),
    el("td", {}, expired && /expired/i.test(e.status ?? "") ? null
      : el("span", { class: `badge ${String(e.status ?? "").toLowerCase()}`, text: cap(e.status) }),
    expired ? [" ", el("span", { class: "badge expired", text: "Expired" }), el("div", { class: "ended", text: `ended ${formatDay(e.termEnd)}` })] : null),
    el("td", {}, el("div", { class: "flows" }, actions(e, w, expired))));
  }

  function notice({ vendor, error }) {
    const d = explainError(error);
    return el("div", { class: "alert", "data-vendor": vendor },
      el("strong", { text: `${VENDORS[vendor] ?? vendor}: its subscriptions are missing from the list below.` }),
      el("div", { text: [d.title, ...d.lines.filter(Boolean)].map((t) => t.replace(/\.?$/, ".")).join(" ") }),
      d.support.length ? el("div", { class: "support", text: `For support: ${d.support.filter(Boolean).join(" · ")}` }) : null);
  }

  function render(view, nowMs) {
    const due = new Set(view.dueWithin(DAYS, nowMs).map((e) => `${e.vendor}|${e.id}`));
    const entries = [...view.entries].sort(byWindow(nowMs));
    notices.replaceChildren(...view.errors.map(notice));
    $("rn-axis").replaceChildren(...horizonAxis(nowMs, DAYS));
    table.tBodies[0].replaceChildren(...entries.map((e) => row(e, nowMs, due.has(`${e.vendor}|${e.id}`))));
    const vendors = new Set(entries.map((e) => e.vendor)).size;
    setStatus(status, `${entries.length} subscription${entries.length === 1 ? "" : "s"} from ${vendors} vendor${vendors === 1 ? "" : "s"}; `
      + `${due.size} due in the next ${DAYS} days${view.complete ? "" : ". Some vendors could not be loaded: see the notice below"}.`);
  }

  async function reload() {
    state.controller?.abort();
    const controller = new AbortController();
    const ticket = ++state.ticket;
    state.controller = controller;
    setStatus(status, "Loading the subscriptions of every vendor…");
    table.setAttribute("aria-busy", "true");
    try {
      const nowMs = ctx.now();
      const view = await portfolio.list({ now: nowMs, signal: controller.signal });
      if (ticket === state.ticket) render(view, nowMs);
    } catch (e) {
      if (ticket === state.ticket) throw e;   // a newer reload replaced this one: not an error
    } finally {
      if (ticket === state.ticket) table.removeAttribute("aria-busy");
    }
  }

  $("rn-reload").addEventListener("click", action(box, reload, { status }));
  return { load: action(box, reload, { status }) };
}
