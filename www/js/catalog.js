// The CloudBlue catalog browser: one SimpleAPI page at a time (listProducts with offset/limit),
// with previous/next and "page x of y" from the API's pagination.
import { $, el, setStatus } from "./ui.js";
import { formatMoney } from "./format.js";

const price = (list) => (list?.length
  ? list.map((p) => el("div", { text: `${formatMoney(p.amount, p.currency)}${p.type ? `, ${p.type}` : ""}` }))
  : el("span", { class: "muted", text: "—" }));
const period = (p) => (p ? `${p.duration} ${p.type}${p.duration === 1 ? "" : "s"}` : "?");

export function setupCatalog(ctx, { status }) {
  const table = $("cb-products");
  const prev = $("cb-prev");
  const next = $("cb-next");
  const size = $("cb-page-size");
  const names = new Map();   // MPN → a name, to label dependencies seen on earlier pages
  const state = { offset: 0, total: 0 };

  const limit = () => Number(size.value);
  // aria-disabled rather than disabled, so a focused button keeps focus at either end.
  const enable = (button, on) => button.setAttribute("aria-disabled", String(!on));
  const enabled = (button) => button.getAttribute("aria-disabled") !== "true";

  function row(p) {
    const deps = p.dependsOn ?? [];
    return el("tr", { "data-mpn": p.mpn },
      el("td", {}, el("code", { text: p.mpn })),
      el("th", { scope: "row", text: p.name ?? "(no name)" }),
      el("td", { text: p.vendor ?? "—" }),
      el("td", { class: "num" }, price(p.prices)),
      el("td", { class: "num" }, price(p.costs)),
      el("td", { text: `${period(p.subscriptionPeriod)}, billed every ${period(p.billingPeriod)}` }),
      el("td", { class: "deps" }, deps.length
        ? el("ul", {}, deps.map((d) => el("li", {}, "Add-on of ", el("code", { text: d.mpn }),
          names.has(d.mpn) ? ` (${names.get(d.mpn)})` : "")))
        : el("span", { class: "muted", text: "—" })));
  }

  async function load(offset) {
    setStatus(status, "Loading the catalog…");
    const page = await ctx.simple.listProducts({ offset: Math.max(0, offset), limit: limit() });
    const items = page.data ?? [];
    for (const p of items) if (p.name && !names.has(p.mpn)) names.set(p.mpn, p.name);
    const { offset: at, limit: per, total } = page.pagination;
    Object.assign(state, { offset: at, total });
    table.tBodies[0].replaceChildren(...items.map(row));
    const pages = Math.max(1, Math.ceil(total / (per || limit())));
    const number = Math.floor(at / (per || limit())) + 1;
    $("cb-page").textContent = `Page ${number} of ${pages} (${total} products)`;
    enable(prev, at > 0);
    enable(next, at + items.length < total);
    setStatus(status, `Catalog page ${number} of ${pages}`);
  }

  return {
    load,
    wire(act) {
      prev.addEventListener("click", act(() => (enabled(prev) ? load(state.offset - limit()) : undefined)));
      next.addEventListener("click", act(() => (enabled(next) ? load(state.offset + limit()) : undefined)));
      size.addEventListener("change", act(() => load(0)));
    },
  };
}
