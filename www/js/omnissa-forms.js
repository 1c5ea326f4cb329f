// The Omnissa order forms: new order, quantity increase, secondary add-on, upgrade, renewal and
// cancellation. Each field is checked as the user types by the client's own validate…()
// function (with the selected subscription and the client's clock as context); on submit the
// client call itself refuses what is invalid, so the page never decides what is allowed.
import { isPartnerOrderingError } from "partner-ordering";
import { $, action, bindValidation, el, progressList, sleep } from "./ui.js";

export function setupOmnissaForms(ctx, { box, state, reload }) {
  const om = ctx.omnissa;
  const sidSelect = $("om-change-sid");
  const progress = progressList($("om-progress"));
  const resultSid = $("om-result-sid");
  const val = (id) => $(id).value.trim();
  const current = () => state.subs.find((s) => s.serviceInstanceId === sidSelect.value);
  const on = () => ({ commitContractReference: current()?.commitContractReference ?? "", serviceInstanceId: sidSelect.value });
  const against = () => ({ subscription: current(), now: ctx.now() });

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

  const bindings = {};
  for (const [id, def] of Object.entries(FORMS)) {
    const form = $(id);
    const binding = bindValidation(form, def);
    bindings[id] = binding;
    const submit = action(box, async () => {
      binding.check(true);
      let accepted;
      try {
        accepted = await def.send(def.build());
      } catch (e) {
        if (isPartnerOrderingError(e)) binding.showIssues(e.issues);
        throw e;
      }
      await track(def.label, accepted);
    }, { form });
    form.addEventListener("submit", (ev) => { ev.preventDefault(); submit(); });
  }

  /** Shows the order's way from PENDING to SUCCESS (and its SID), polling getOrderStatus. */
  async function track(label, { requestId }) {
    progress.reset();
    resultSid.textContent = "…";
    progress.add(`${label}: accepted${requestId ? `, request id ${requestId}` : ""}`);
    if (!requestId) {
      progress.add("The API returned no request id (it may not for a cancellation): reloading.", "ok");
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
        await om.waitForOrder(requestId, { intervalMs: 1, timeoutMs: 15_000 });
        return;
      }
      progress.add(`${st.status} (status check ${poll})`, "pending");
      if (Date.now() > deadline) throw new Error(`Order ${requestId} is still ${st.status} after a minute; check it later.`);
      await sleep(delay);
      delay = Math.min(delay * 1.5, 3_000);
    }
  }

  /** Prefills SKU choices and current quantities from the selected subscription. */
  function prefill() {
    const sub = current();
    const offers = sub?.offers ?? [];
    for (const sel of document.querySelectorAll("#view-omnissa select[data-offers]")) {
      const keep = sel.value;
      sel.replaceChildren(...offers.map((o) => el("option", { value: o.sku, text: o.sku })));
      if (offers.some((o) => o.sku === keep)) sel.value = keep;
    }
    const qty = (sku) => String(offers.find((o) => o.sku === sku)?.quantity ?? "");
    $("om-inc-from").value = qty(val("om-inc-sku"));
    $("om-inc-to").value = offers.length ? String(Number(qty(val("om-inc-sku"))) + 10) : "";
    $("om-upg-qty").value = qty(val("om-upg-from"));
    $("om-ren-qty").value = qty(val("om-ren-sku"));
  }
  $("om-inc-sku").addEventListener("change", () => { $("om-inc-from").value = String(current()?.offers.find((o) => o.sku === val("om-inc-sku"))?.quantity ?? ""); });

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
