// The APS order builder: the customer's estimate (estimateOrder) and the reseller's cost
// (estimateCosts) of the same order side by side, then placing it and following provisioning.
import { Rql } from "partner-ordering";
import { $, action, bindValidation, cents, el, fromCents, money, progressList, withIssues } from "./ui.js";
import { formatMoney } from "./format.js";

export function setupOrder(ctx, { box }) {
  const aps = ctx.aps;
  const form = $("cb-order");
  const account = $("cb-o-account");
  const payment = $("cb-o-payment");
  const progress = progressList($("cb-order-progress"));
  const { planId, resourceId } = ctx.apsConfig;
  $("cb-o-plan").replaceChildren(el("option", { value: planId, text: `The guide's service plan (${planId.slice(0, 8)}…), monthly` }));

  const build = () => ({
    type: "SALES",
    accountId: account.value,
    paymentMethodId: payment.value || undefined,
    products: [{ planId: $("cb-o-plan").value, period: { unit: "MONTHS", duration: 1 } }],
    resources: [{ resourceId, amount: $("cb-o-amount").value.trim() }],
  });
  const binding = bindValidation(form, { build, validate: (o) => aps.validateOrder(o) });

  function addAccount(id, name, select = false) {
    if (![...account.options].some((o) => o.value === id)) account.append(el("option", { value: id, text: `${name ?? "(unnamed)"} — ${id}` }));
    if (select) {
      account.value = id;
      loadPayments();
    }
  }

  const loadPayments = action(box, async () => {
    payment.replaceChildren();
    if (!account.value) return;
    const methods = await aps.listPaymentMethods(account.value);
    payment.replaceChildren(...methods.map((m) => el("option", { value: m.id, text: `${m.name ?? m.id}${m.defaultMethod ? " (default)" : ""}` })));
    const dflt = methods.find((m) => m.defaultMethod);
    if (dflt) payment.value = dflt.id;
    binding.check(false);
  });
  account.addEventListener("change", loadPayments);

  /** Customers of the reseller that already exist (the server's sandbox outlives page loads). */
  async function loadAccounts(resellerId) {
    const found = await aps.findAccounts(Rql.join([Rql.eq("parent.aps.id", resellerId), Rql.select(["aps.id", "companyName"])]));
    for (const a of found) if (a.aps?.id) addAccount(a.aps.id, a.companyName);
  }

  function renderEstimate(est, cost) {
    $("cb-est-total").textContent = money(est.total);
    $("cb-cost-total").textContent = money(cost.total);
    const sameCurrency = est.subTotal && cost.subTotal && est.subTotal.code === cost.subTotal.code;
    $("cb-margin").textContent = sameCurrency
      ? formatMoney(fromCents(cents(est.subTotal.value) - cents(cost.subTotal.value)), est.subTotal.code) : "—";
    const lines = est.details ?? [];
    const costLines = cost.details ?? [];
    const body = lines.map((d, i) => el("tr", {},
      el("th", { scope: "row", text: d.description ?? d.type ?? `Line ${i + 1}` }),
      el("td", { class: "num", text: money(d.extendedPrice) }),
      el("td", { class: "num", text: money(costLines[i]?.extendedPrice) })));
    const sum = (label, key) => el("tr", { class: "sum" }, el("th", { scope: "row", text: label }),
      el("td", { class: "num", text: money(est[key]) }), el("td", { class: "num", text: money(cost[key]) }));
    const warnings = [...(est.issues ?? []), ...(cost.issues ?? [])];
    const table = $("cb-estimate-lines");
    table.tBodies[0].replaceChildren(...body, sum("Subtotal", "subTotal"), sum("Tax", "taxTotal"), sum("Total", "total"));
    table.nextElementSibling?.classList.contains("warnings") && table.nextElementSibling.remove();
    if (warnings.length) table.after(el("ul", { class: "warnings" }, warnings.map((w) => el("li", { class: "warn", text: w.message }))));
    $("cb-estimate").hidden = false;
  }

  const estimate = action(box, async () => {
    binding.check(true);
    const order = build();
    progress.reset();
    const step = progress.add("Estimating the customer's price and the reseller's cost…", "pending");
    const [est, cost] = await withIssues(binding, () => Promise.all([aps.estimateOrder(order), aps.estimateCosts(order)]));
    renderEstimate(est, cost);
    Object.assign(step, { className: "ok", textContent: `Estimate ${money(est.total)}; reseller cost ${money(cost.total)}` });
  }, { form });

  const place = action(box, async () => {
    binding.check(true);
    progress.reset();
    const { orderId } = await withIssues(binding, () => aps.placeOrder(build()));
    progress.add(`Order placed: ${orderId}`, "ok");
    const step = progress.add("Provisioning…", "pending");
    const done = await aps.waitForOrder(orderId, { intervalMs: 400, maxIntervalMs: 2_000, deadlineMs: 60_000 });
    Object.assign(step, { className: "ok", textContent: `Provisioning ${done.provisioningStatus ?? "finished"}${done.orderNumber ? ` (order ${done.orderNumber})` : ""}` });
    const details = await aps.getOrder(orderId);
    progress.add(`Order ${details.orderNumber ?? orderId}: total ${money(details.total)}, reseller cost ${money(details.resellerCosts)}`, "ok");
  }, { form });

  form.addEventListener("submit", (ev) => { ev.preventDefault(); estimate(); });
  $("cb-o-place").addEventListener("click", place);
  return { addAccount, loadAccounts };
}
