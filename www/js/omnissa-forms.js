// The Omnissa order forms: new order, quantity increase, secondary add-on, upgrade, renewal and
// cancellation. Each field is checked as the user types by the client's own validate…()
// function (with the selected subscription and the client's clock as context); on submit the
// client call itself refuses what is invalid, so the page never decides what is allowed.
import { renewalWindow } from "partner-ordering";
import { $, action, bindForms, el, progressList, sleep, val } from "./ui.js";

export function setupOmnissaForms(ctx, { box, state, reload }) {
  const om = ctx.omnissa;
  const sidSelect = $("om-change-sid");
  const progress = progressList($("om-progress"));
  const resultSid = $("om-result-sid");
  const current = () => state.subs.find((s) => s.serviceInstanceId === sidSelect.value);
  const on = () => ({ commitContractReference: current()?.commitContractReference ?? "", serviceInstanceId: sidSelect.value });
  const against = () => ({ subscription: current(), now: ctx.now() });
  // What the messages say about the selected subscription (its window's dates).
  const context = () => ({ subscription: current(), window: current() ? renewalWindow(current(), ctx.now()) : null });

  const FORMS = {
    "om-new": {
      label: "New subscription",
      build: () => ({
        commitContractReference: val("om-new-contract"),
        offers: [{ sku: val("om-new-sku"), quantity: val("om-new-qty") }],
        endCustomerInfo: {
          customerName: val("om-new-company"), firstName: val("om-new-first"), lastName: val("om-new-last"),
          email: val("om-new-email"), country: val("om-new-country"), zipCode: val("om-new-zip"),
        },
      }),
      validate: (r) => om.validateOrder(r),
      send: (r) => om.createOrder(r),
    },
    "om-inc": {
      label: "Quantity increase",
      build: () => ({ ...on(), offers: [{ sku: val("om-inc-sku"), fromQuantity: val("om-inc-from"), toQuantity: val("om-inc-to") }] }),
      validate: (r) => om.validateQuantityIncrease(r, against()),
      send: (r) => om.increaseQuantity(r),
    },
    "om-addon": {
      label: "Secondary add-on",
      build: () => ({ ...on(), offers: [{ sku: val("om-addon-sku"), quantity: val("om-addon-qty") }] }),
      validate: (r) => om.validateSecondaryAddOn(r, against()),
      send: (r) => om.addSecondaryAddOn(r),
    },
    "om-upg": {
      label: "Upgrade",
      build: () => ({ ...on(), offers: [{ fromSku: val("om-upg-from"), toSku: val("om-upg-to"), quantity: val("om-upg-qty") }] }),
      validate: (r) => om.validateUpgrade(r, against()),
      send: (r) => om.upgradeSubscription(r),
    },
    "om-ren": {
      label: "Renewal",
      build: () => ({ ...on(), offers: [{ sku: val("om-ren-sku"), quantity: val("om-ren-qty") }] }),
      validate: (r) => om.validateRenewal(r, against()),
      send: (r) => om.renewSubscription(r),
    },
    "om-cancel": {
      label: "Cancellation",
      build: () => on(),
      validate: (r) => om.validateCancellation(r, against()),
      send: (r) => om.cancelSubscription(r),
    },
  };

  for (const [id, def] of Object.entries(FORMS)) if (id !== "om-new") def.context = context;
  const bindings = bindForms(FORMS, {
    run: (fn, opts) => action(box, fn, opts),
    then: (accepted, def) => track(def.label, accepted),
  });

  /** Shows the order's way from PENDING to SUCCESS (and its SID), polling getOrderStatus. */
  async function track(label, { requestId }) {
    progress.reset();
    resultSid.textContent = "…";
    progress.add(`${label}: accepted${requestId ? `, request id ${requestId}` : ""}`);
    if (!requestId) {
      progress.add("Done (Omnissa gives no order reference for this change): reloading the subscriptions.", "ok");
      resultSid.textContent = sidSelect.value || "—";
      await reload();
      return;
    }
    const deadline = Date.now() + 60_000;
    let delay = 400;
    for (let poll = 1; ; poll++) {
      const st = await om.getOrderStatus(requestId);
      if (st.status === "SUCCESS") {
        progress.add(`SUCCESS: SID ${st.serviceInstanceId}`, "ok");
        resultSid.textContent = st.serviceInstanceId;
        await reload();
        select(st.serviceInstanceId);
        return;
      }
      if (st.status === "ERROR") {
        progress.add(`ERROR${st.message ? `: ${st.message}` : ""}`, "bad");
        resultSid.textContent = "—";
        // waitForOrder turns an ERROR into the library's ORDER_FAILED error, shown in the alert.
        await om.waitForOrder(requestId, { intervalMs: 1, deadlineMs: 15_000 });
        return;
      }
      progress.add(`${st.status} (status check ${poll})`, "pending");
      if (Date.now() > deadline) throw new Error(`Order ${requestId} is still ${st.status} after a minute; check it later.`);
      await sleep(delay);
      delay = Math.min(delay * 1.5, 3_000);
    }
  }

  // The quantity fields that follow each SKU choice (select[data-offers]), from that offer's
  // current quantity on the selected subscription.
  const QUANTITIES = {
    "om-inc-sku": { "om-inc-from": (q) => q, "om-inc-to": (q) => q + 10 },
    "om-upg-from": { "om-upg-qty": (q) => q },
    "om-ren-sku": { "om-ren-qty": (q) => q },
  };
  const offerSelects = () => [...document.querySelectorAll("#view-omnissa select[data-offers]")];

  /** Fills the quantities that follow `sel` from the selected subscription (empty when unknown). */
  function refreshQuantities(sel) {
    const q = current()?.offers.find((o) => o.sku === sel.value)?.quantity;
    for (const [id, from] of Object.entries(QUANTITIES[sel.id] ?? {})) $(id).value = q == null ? "" : String(from(Number(q)));
  }
  // Before the form's own change listener, so validation sees the new quantities.
  for (const sel of offerSelects()) sel.addEventListener("change", () => refreshQuantities(sel));

  /** Prefills SKU choices and current quantities from the selected subscription. */
  function prefill() {
    const offers = current()?.offers ?? [];
    for (const sel of offerSelects()) {
      const keep = sel.value;
      sel.replaceChildren(...offers.map((o) => el("option", { value: o.sku, text: o.sku })));
      if (offers.some((o) => o.sku === keep)) sel.value = keep;
      refreshQuantities(sel);
    }
  }

  function revalidateChangeForms() {
    for (const id of Object.keys(FORMS)) {
      if (id === "om-new") continue;
      bindings[id].touch("serviceInstanceId", "commitContractReference");
      bindings[id].check(false);
    }
  }

  /** Selects a subscription for the change forms, and shows at once what the library says. */
  function select(sid, { focus = false } = {}) {
    sidSelect.value = sid;
    for (const tr of document.querySelectorAll("#om-subscriptions tbody tr")) tr.classList.toggle("highlight", tr.dataset.sid === sid);
    prefill();
    revalidateChangeForms();
    if (focus) sidSelect.focus();
  }
  sidSelect.addEventListener("change", () => select(sidSelect.value));

  return {
    select,
    subscriptionsChanged() {
      const keep = sidSelect.value;
      sidSelect.replaceChildren(...state.subs.map((s) => el("option", { value: s.serviceInstanceId, text: `${s.serviceInstanceId} — ${s.customerName}` })));
      if (state.subs.some((s) => s.serviceInstanceId === keep)) sidSelect.value = keep;
      prefill();
      if (keep) revalidateChangeForms();
    },
  };
}
