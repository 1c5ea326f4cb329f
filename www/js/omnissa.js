// The Omnissa view: the subscriptions table with term timelines, lookup by SID, and the order
// forms (in omnissa-forms.js).
import { $, action, el, setStatus } from "./ui.js";
import { termCell } from "./timeline.js";
import { setupOmnissaForms } from "./omnissa-forms.js";

export function initOmnissa(ctx) {
  const box = $("om-error");
  const status = $("om-status");
  const table = $("om-subscriptions");
  const state = { subs: [] };
  const forms = setupOmnissaForms(ctx, { box, state, reload: () => reload() });

  function row(sub) {
    const expired = Date.parse(sub.endsAt ?? "") < ctx.now();
    const manage = el("button", {
      type: "button", class: "small", "aria-label": `Manage ${sub.serviceInstanceId}`,
      onclick: () => forms.select(sub.serviceInstanceId, { focus: true }),
    }, "Manage");
    return el("tr", { "data-sid": sub.serviceInstanceId, class: expired ? "expired" : null },
      el("th", { scope: "row" }, el("code", { text: sub.serviceInstanceId }),
        expired ? el("div", {}, el("span", { class: "badge expired", text: "Expired" })) : null),
      el("td", { text: sub.customerName }),
      el("td", { text: sub.commitContractReference }),
      el("td", { class: "offers" }, sub.offers.map((o) => el("div", {}, `${o.quantity} × `, el("code", { text: o.sku })))),
      el("td", {}, termCell(sub, ctx.now()),
        sub.renewalPreference ? el("div", { class: "muted", text: `Renewal preference: ${sub.renewalPreference}` }) : null),
      el("td", {}, manage));
  }

  async function reload() {
    setStatus(status, "Loading subscriptions…");
    const subs = await ctx.omnissa.listSubscriptions({ deadlineMs: 15_000 });
    state.subs = subs;
    table.tBodies[0].replaceChildren(...subs.map(row));
    forms.subscriptionsChanged();
    setStatus(status, `${subs.length} subscriptions`);
  }

  $("om-reload").addEventListener("click", action(box, reload, { status }));
  const lookup = action(box, async () => {
    const detail = $("om-detail");
    detail.hidden = true;
    const sid = $("om-sid").value.trim();
    setStatus(status, `Looking up ${sid}…`);
    const sub = await ctx.omnissa.getSubscription(sid);
    detail.textContent = JSON.stringify(sub, null, 2);
    detail.hidden = false;
    setStatus(status, `Found ${sub.serviceInstanceId} (${sub.customerName})`);
    if (state.subs.some((s) => s.serviceInstanceId === sub.serviceInstanceId)) forms.select(sub.serviceInstanceId);
  }, { form: $("om-lookup"), status });
  $("om-lookup").addEventListener("submit", (ev) => { ev.preventDefault(); lookup(); });

  return {
    load: action(box, reload, { status }),
    /** From the Renewals view: the subscription selected, its renewal (or cancellation) form focused. */
    startFlow: action(box, async ({ id, intent }) => {
      if (!state.subs.some((s) => s.serviceInstanceId === id)) await reload();
      if (!state.subs.some((s) => s.serviceInstanceId === id)) throw new Error(`Subscription ${id} is no longer in the Omnissa list.`);
      forms.select(id);
      const target = intent === "cancel" ? $("om-cancel").querySelector("button[type=submit]") : $("om-ren-qty");
      target.scrollIntoView({ block: "center" });
      target.focus();
      setStatus(status, `${intent === "cancel" ? "Cancel" : "Renew"} ${id}: check the form, then confirm.`);
    }, { status }),
  };
}
