// The Cloudmore view: custom-service subscriptions at seller, broker and organization level,
// the applicable price list, creating and changing subscriptions against it, licence keys,
// cancellation and each subscription's history.
//
// Every rule comes from the client: the forms are checked as the user types by its
// validateCreate / validateUpdate / validateLicenseKey (with the loaded price list), and its
// calls refuse on submit what is invalid, so the page never decides what is allowed. The one
// thing the page does know is whose credentials it holds: organization-level calls (history,
// changes, cancellation) need the broker of the organization, and this portal is one broker.
import { $, action, bindForms, day, el, setStatus, showError, val } from "./ui.js";
import { formatMoney } from "./format.js";

const same = (a, b) => String(a ?? "").trim().toLowerCase() === String(b ?? "").trim().toLowerCase();
const isCancelled = (sub) => sub.status === "Cancelled";
/** `2026-08-25T12:05:47.905Z` as `2026-08-25 12:05` (UTC, as the API sends it). */
const when = (iso) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}`.trim() : "?");

// One entry per level: what it lists and how the table's caption explains it.
const LEVELS = {
  seller: {
    caption: "Seller level: every subscription of the seller, across its brokers and their organizations, cancelled ones included.",
    list: (cm, at, o) => cm.listSellerSubscriptions(o),
  },
  "seller-service": {
    caption: "Seller level: the chosen service's subscriptions across every broker and organization.",
    list: (cm, at, o) => cm.listSellerSubscriptionsByService(at.serviceId, o),
  },
  broker: {
    caption: "Broker level: the chosen service's subscriptions across this broker's organizations.",
    list: (cm, at, o) => cm.listResellerServiceSubscriptions(at.serviceId, o),
  },
  organization: {
    caption: "Organization level: the chosen organization's subscriptions to the chosen service, cancelled ones included.",
    list: (cm, at, o) => cm.listOrganizationSubscriptions(at, o),
  },
};

export function initCloudmore(ctx) {
  const cm = ctx.cloudmore;
  const conf = ctx.cloudmoreConfig;
  const box = $("cm-error");
  const status = $("cm-status");
  const table = $("cm-subscriptions");
  const levelSel = $("cm-level");
  const orgSel = $("cm-org");
  const svcSel = $("cm-service");
  const subSel = $("cm-sub");
  const state = {
    subs: [],               // the current listing
    lists: new Map(),       // "org|service" → the applicable price list, as loaded
    listing: 0,             // tickets: a slower, older answer never overwrites a newer one
    pricing: 0,
    history: 0,
  };
  const act = (fn, opts) => action(box, fn, { status, ...opts });
  const at = () => ({ organizationId: orgSel.value, serviceId: svcSel.value });
  const atOf = (sub) => ({ organizationId: sub?.organizationId ?? "", serviceId: sub?.serviceId ?? "" });
  const keyOf = (a) => `${a.organizationId}|${a.serviceId}`.toLowerCase();
  const orgName = (id) => conf.organizations.find((o) => same(o.id, id))?.name;
  const svcName = (id) => conf.services.find((s) => same(s.id, id))?.name;
  // An organization of this portal's broker: its organization-level calls are ours to make.
  const ours = (sub) => conf.organizations.some((o) => same(o.id, sub?.organizationId));
  const label = (sub) => `${sub.name ?? sub.productName ?? sub.id} (${sub.organizationName ?? orgName(sub.organizationId) ?? "?"})`;
  const selected = () => state.subs.find((s) => same(s.id, subSel.value));
  const listFor = (a) => state.lists.get(keyOf(a)) ?? null;

  orgSel.replaceChildren(...conf.organizations.map((o) => el("option", { value: o.id, text: o.name })));
  svcSel.replaceChildren(...conf.services.map((s) => el("option", { value: s.id, text: s.name })));

  const notOurs = (sub, what) => `${sub.organizationName ?? "This organization"} is managed by `
    + `${sub.resellerName ?? "another broker"}: only they can see or change ${what} of its subscriptions.`;

  /** Only what the broker's credentials cannot do is refused here, and said, before sending. */
  function needOurs(sub, what) {
    if (!sub) throw new Error("Select a subscription in the table first.");
    if (!ours(sub)) throw new Error(notOurs(sub, what));
  }

  // ── The subscriptions table ─────────────────────────────────────────────────────────────

  function actions(sub, level) {
    const name = label(sub);
    const cell = el("td", { class: "actions" });
    const select = el("button", {
      type: "button", class: "small secondary", "aria-pressed": String(same(sub.id, subSel.value)),
      "aria-label": `Select ${name}: history and changes`, "data-action": "select",
      onclick: () => selectSub(sub.id, { focus: true }),
    }, "Select");
    const buttons = [select];
    if (level.startsWith("seller")) {
      buttons.push(el("button", {
        type: "button", class: "small", "aria-label": `Set the licence key of ${name}`, "data-action": "key",
        onclick: () => { selectSub(sub.id); $("cm-k-key").focus(); },
      }, "Set licence key"));
    }
    if (level === "organization" && !isCancelled(sub) && ours(sub)) {
      const cancel = el("button", {
        type: "button", class: "small danger", "aria-label": `Cancel ${name}…`, "data-action": "cancel",
        onclick: () => confirmCancel(sub, cell, buttons),
      }, "Cancel…");
      buttons.push(cancel);
    }
    cell.replaceChildren(...buttons);
    return cell;
  }

  /** An inline confirmation instead of a modal dialog: "Cancel X?" [Yes, cancel] [Keep]. */
  function confirmCancel(sub, cell, buttons) {
    const keep = el("button", {
      type: "button", class: "small secondary",
      onclick: () => { cell.replaceChildren(...buttons); buttons.at(-1).focus(); },
    }, "Keep it");
    const yes = el("button", {
      type: "button", class: "small danger", "data-action": "confirm-cancel",
      onclick: act(async () => {
        needOurs(sub, "the cancellation");
        yes.disabled = true;
        keep.disabled = true;
        setStatus(status, `Cancelling ${label(sub)}…`);
        try {
          await cm.cancelOrganizationSubscription(atOf(sub), sub.id);
        } catch (e) {
          cell.replaceChildren(...buttons);   // back to the row's buttons; the error is shown above
          buttons.at(-1).focus();
          throw e;
        }
        try {
          await reload({ select: sub.id });
          setStatus(status, `Cancelled ${label(sub)}; it stays listed as Cancelled.`);
        } finally {
          // The focused button is gone with its row: focus the new row's Select button, or
          // the status line when the row is not listed (or the reload failed).
          const again = [...table.tBodies[0].rows].find((tr) => same(tr.dataset.id, sub.id));
          (again?.querySelector('[data-action="select"]') ?? status).focus();
        }
      }),
    }, "Yes, cancel");
    cell.replaceChildren(el("span", { class: "confirm", role: "group", "aria-label": `Cancel ${label(sub)}?` },
      el("span", { text: "Cancel it?" }), yes, keep));
    yes.focus();
  }

  function row(sub, level) {
    const cancelled = isCancelled(sub);
    const expired = !cancelled && Date.parse(sub.endDate ?? "") < ctx.now();
    const product = sub.productName && sub.productName !== sub.name ? sub.productName : null;
    return el("tr", { "data-id": sub.id, "data-status": sub.status ?? "", class: cancelled ? "cancelled" : expired ? "expired" : null },
      el("th", { scope: "row" }, el("div", { text: sub.name ?? sub.productName ?? "(no name)" }),
        product ? el("div", { class: "muted", text: product }) : null,
        sub.serviceName || svcName(sub.serviceId) ? el("div", { class: "muted small", text: sub.serviceName ?? svcName(sub.serviceId) }) : null),
      el("td", { text: sub.organizationName ?? orgName(sub.organizationId) ?? sub.organizationId ?? "—" }),
      el("td", { text: sub.resellerName ?? "—" }),
      el("td", { class: "num", text: sub.quantity ?? "—" }),
      el("td", {}, el("span", { class: `badge ${String(sub.status ?? "unknown").toLowerCase()}`, text: sub.status ?? "Unknown" }),
        expired ? [" ", el("span", { class: "badge expired", text: "Expired" })] : null),
      el("td", {}, sub.licenseKey ? el("code", { text: sub.licenseKey }) : el("span", { class: "muted", text: "—" })),
      el("td", { class: "dates", text: `${day(sub.startDate)} → ${day(sub.endDate)}` }),
      actions(sub, level));
  }

  /** Lists the level's subscriptions; then selects `select` (by default, the one selected before). */
  async function reload({ select = subSel.value } = {}) {
    const ticket = ++state.listing;
    const level = levelSel.value;
    const def = LEVELS[level];
    const a = at();
    setStatus(status, "Loading subscriptions…");
    table.setAttribute("aria-busy", "true");
    try {
      let subs = await def.list(cm, a, { deadlineMs: 15_000 });
      if (ticket !== state.listing) return;
      // Fill in what the level implies, should a view model leave it out.
      if (level === "organization") subs = subs.map((s) => ({ ...a, ...s }));
      else if (level !== "seller") subs = subs.map((s) => ({ serviceId: a.serviceId, ...s }));
      state.subs = subs;
      $("cm-caption").textContent = def.caption;
      table.dataset.level = level;
      table.tBodies[0].replaceChildren(...subs.map((s) => row(s, level)));
      subscriptionsChanged(select);
      const cancelled = subs.filter(isCancelled).length;
      setStatus(status, `${subs.length} subscription${subs.length === 1 ? "" : "s"}${cancelled ? ` (${cancelled} cancelled)` : ""}`);
    } finally {
      if (ticket === state.listing) table.removeAttribute("aria-busy");
    }
  }

  // ── The price list ──────────────────────────────────────────────────────────────────────

  async function loadPrices() {
    const ticket = ++state.pricing;
    const a = at();
    const where = `${orgName(a.organizationId)} · ${svcName(a.serviceId)}`;
    $("cm-prices-level").textContent = `Loading the price list for ${where}…`;
    $("cm-create-for").textContent = `For ${where}`;
    let list;
    try {
      list = await cm.getApplicablePriceList(a);
    } catch (e) {
      if (ticket === state.pricing) $("cm-prices-level").textContent = `The price list for ${where} could not be loaded: see the error above.`;
      throw e;
    }
    // The client's create then checks against the organization's own list without fetching it.
    // Only organization-level lists are loaded into the client: a loaded broker list would also
    // stand in for organizations whose own list was never loaded (reported as a library issue);
    // for those the client fetches the applicable list itself before creating.
    if (list.level === "organization") cm.setPriceList(list);
    state.lists.set(keyOf(a), list);
    if (ticket !== state.pricing) return;
    renderPrices(list, where);
    fillProducts(list);
    bindings.create.check(false);
  }

  function renderPrices(list, where) {
    const cur = list.currencyCode ?? "";
    $("cm-prices-h").textContent = `Price list: ${where}`;
    const p = $("cm-prices-level");
    p.replaceChildren(
      el("span", { class: `badge level ${list.level}`, "data-level": list.level, text: list.level }), " ",
      list.level === "organization"
        ? `${orgName(list.organizationId) ?? "The organization"} has its own price list for this service; it applies instead of the broker's.`
        : `${orgName(orgSel.value) ?? "The organization"} has no price list of its own for this service: the broker's applies.`,
      cur ? ` Currency ${cur}.` : "");
    const money = (v, c) => (v ? formatMoney(v, c ?? cur) : "—");
    $("cm-prices").tBodies[0].replaceChildren(...list.products.map((pr) => el("tr", { "data-product": pr.productId },
      el("th", { scope: "row" }, el("div", { text: pr.name ?? pr.productId }), el("code", { class: "muted small", text: pr.productId })),
      el("td", { text: pr.sku ?? "—" }),
      el("td", { class: "num", text: money(pr.price, pr.currencyCode) }),
      el("td", { class: "num", text: money(pr.costPrice, pr.currencyCode) }),
      el("td", { text: pr.billingFrequency ?? "—" }))));
    $("cm-prices").dataset.level = list.level;
  }

  /** Offers exactly what the applicable price list allows: the organization's own, or else the broker's. */
  function fillProducts(list) {
    const sel = $("cm-c-product");
    const keep = sel.value;
    const price = (pr) => (pr.price ? ` — ${formatMoney(pr.price, pr.currencyCode ?? list.currencyCode)}` : "");
    sel.replaceChildren(...list.products.map((pr) => el("option", { value: pr.productId, text: `${pr.name ?? pr.productId}${price(pr)}` })));
    if ([...sel.options].some((o) => o.value === keep)) sel.value = keep;
  }

  // ── The forms: create, change quantity, licence key ─────────────────────────────────────

  const FORMS = {
    create: {
      form: $("cm-create"),
      build: () => ({ productId: $("cm-c-product").value, quantity: val("cm-c-qty"), name: val("cm-c-name") || undefined }),
      validate: (r) => cm.validateCreate(at(), r, listFor(at())),
      async send(r) {
        const a = at();
        setStatus(status, "Creating the subscription…");
        const sub = await cm.createOrganizationSubscription(a, r);
        const what = sub.name && sub.productName && sub.name !== sub.productName ? `“${sub.name}” (${sub.productName})` : sub.name ?? sub.productName;
        const done = `Created ${what} for ${sub.organizationName ?? orgName(a.organizationId)}.`;
        Object.assign($("cm-create-result"), { textContent: done }).dataset.subscription = sub.id;
        return [sub.id, done];
      },
    },
    update: {
      form: $("cm-update"),
      build: () => ({ quantity: val("cm-u-qty") }),
      // The organization and the service are the selected subscription's.
      context: () => ({ nouns: { organizationId: "subscription", serviceId: "subscription" } }),
      validate: (u) => { const s = selected(); return cm.validateUpdate(atOf(s), subSel.value, u, listFor(atOf(s))); },
      async send(u) {
        const sub = selected();
        needOurs(sub, "the quantity");
        setStatus(status, `Updating ${label(sub)}…`);
        await cm.updateOrganizationSubscription(atOf(sub), sub.id, u);
        return [sub.id, `Updated ${label(sub)}: quantity ${u.quantity}`];
      },
    },
    key: {
      form: $("cm-key"),
      build: () => ({ licenseKey: val("cm-k-key") }),
      context: () => ({ nouns: { organizationId: "subscription", serviceId: "subscription" } }),
      validate: (r) => cm.validateLicenseKey(r.licenseKey),
      async send(r) {
        const id = subSel.value;
        setStatus(status, "Setting the licence key…");
        await cm.setLicenseKey(id, r.licenseKey);
        return [id, `Licence key set on ${selected() ? label(selected()) : id}`];
      },
    },
  };

  const bindings = bindForms(FORMS, {
    run: act,
    async then([id, done]) {
      await reload({ select: id });
      setStatus(status, done);
    },
  });

  // ── Selection and history ───────────────────────────────────────────────────────────────

  // Not an action(): a history load must not clear an error another call is showing.
  const loadHistory = (sub) => history(sub).catch((e) => {
    $("cm-history-for").textContent = "The history could not be loaded: see the error above.";
    showError(box, e);
  });
  async function history(sub) {
    const ticket = ++state.history;
    const tbl = $("cm-history");
    const note = $("cm-history-for");
    tbl.hidden = true;
    tbl.tBodies[0].replaceChildren();
    delete tbl.dataset.subscription;
    if (!sub) { note.textContent = "Select a subscription to see its history."; return; }
    if (!ours(sub)) {
      note.textContent = notOurs(sub, "the history");
      return;
    }
    note.textContent = `Loading the history of ${label(sub)}…`;
    const h = await cm.getSubscriptionHistory(atOf(sub), sub.id);
    if (ticket !== state.history) return;
    note.textContent = `${label(sub)}: ${h.entries.length} change${h.entries.length === 1 ? "" : "s"}, oldest first.`;
    tbl.tBodies[0].replaceChildren(...h.entries.map((e) => el("tr", { "data-action": e.action ?? "" },
      el("td", { class: "dates" }, el("time", { datetime: e.date ?? "", text: when(e.date) })),
      el("th", { scope: "row", text: e.action ?? "—" }),
      el("td", { text: e.description ?? "" }),
      el("td", { class: "change", text: e.oldValue != null || e.newValue != null ? `${e.oldValue ?? "—"} → ${e.newValue ?? "—"}` : "—" }),
      el("td", { text: e.user ?? "—" }))));
    tbl.dataset.subscription = h.subscriptionId ?? sub.id;
    tbl.hidden = false;
  }

  /** With a subscription selected, what the library says about it at once; without one, nothing yet. */
  function revalidateChangeForms() {
    for (const name of ["update", "key"]) {
      if (!selected()) { bindings[name].reset(); continue; }
      bindings[name].touch("subscriptionId", "organizationId", "serviceId");
      bindings[name].check(false);
    }
  }

  /** Selects a subscription: highlighted in the table, the target of the forms, its history shown. */
  function selectSub(id, { focus = false } = {}) {
    subSel.value = state.subs.some((s) => same(s.id, id)) ? state.subs.find((s) => same(s.id, id)).id : "";
    const sub = selected();
    for (const tr of table.tBodies[0].rows) {
      const on = !!sub && same(tr.dataset.id, sub.id);
      tr.classList.toggle("highlight", on);
      tr.querySelector('[data-action="select"]')?.setAttribute("aria-pressed", String(on));
    }
    $("cm-u-qty").value = sub?.quantity != null ? String(sub.quantity) : "";
    revalidateChangeForms();
    loadHistory(sub);
    if (focus) subSel.focus();
  }
  subSel.addEventListener("change", () => selectSub(subSel.value));

  function subscriptionsChanged(select) {
    subSel.replaceChildren(el("option", { value: "", text: "— select one in the table —" }),
      ...state.subs.map((s) => el("option", { value: s.id, text: `${label(s)} — ${s.status ?? "?"} — ${s.id}` })));
    selectSub(select ?? "");   // refreshes its history, or clears the panel when it is not listed
  }

  // ── Scope: level, organization, service ─────────────────────────────────────────────────

  // Both, even when one fails; every failure is shown (an AggregateError when both fail).
  const reloadAll = act(async () => {
    const settled = await Promise.allSettled([reload(), loadPrices()]);
    const failed = settled.filter((r) => r.status === "rejected").map((r) => r.reason);
    if (failed.length > 1) throw new AggregateError(failed, "The subscriptions and the price list could not be loaded");
    if (failed.length) throw failed[0];
  });
  levelSel.addEventListener("change", act(() => reload()));
  orgSel.addEventListener("change", reloadAll);
  svcSel.addEventListener("change", reloadAll);
  $("cm-scope").addEventListener("submit", (ev) => { ev.preventDefault(); reloadAll(); });

  return {
    load: reloadAll,
    /**
     * From the Renewals view: the subscription at organization level with its inline cancel
     * confirmation focused; at seller level, selected, when another broker manages it.
     */
    startFlow: act(async ({ id, raw }) => {
      const org = conf.organizations.find((o) => same(o.id, raw?.organizationId));
      const svc = conf.services.find((v) => same(v.id, raw?.serviceId));
      levelSel.value = org && svc ? "organization" : "seller";
      if (org && svc) { orgSel.value = org.id; svcSel.value = svc.id; }
      await Promise.all([reload({ select: id }), org && svc ? loadPrices() : null]);
      const tr = [...table.tBodies[0].rows].find((r) => same(r.dataset.id, id));
      const cancel = tr?.querySelector('[data-action="cancel"]');
      if (!tr) throw new Error("This subscription is no longer listed.");
      if (cancel) { cancel.scrollIntoView({ block: "center" }); cancel.click(); return; }
      selectSub(id, { focus: true });
      setStatus(status, selected() && !ours(selected()) ? notOurs(selected(), "the cancellation") : `${label(selected())} cannot be cancelled here.`);
    }),
  };
}
