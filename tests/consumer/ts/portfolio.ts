// The portfolio's types as a consumer writes against them (the demo's "Renewals" view): the
// classes and the view are typed from the Rust types, with nothing `any`. Only type-checked.
import {
  CloudBlueApsClient,
  CloudmoreClient,
  OmnissaClient,
  Portfolio,
  normalizePortfolio,
  portfolioDueWithin,
  type AnyPartnerOrderingError,
  type ApsSubscription,
  type ApsSubscriptionPage,
  type ApsSubscriptionQuery,
  type PagePromise,
  type PortfolioEntry,
  type PortfolioRenewal,
  type PortfolioView,
  type Vendor,
} from "partner-ordering";

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
/** True when T is `any`. */
type IsAny<T> = 0 extends 1 & T ? true : false;

export async function renewals(omnissa: OmnissaClient, cloudblueAps: CloudBlueApsClient, cloudmore: CloudmoreClient, signal: AbortSignal) {
  const portfolio = new Portfolio({ omnissa, cloudblueAps, cloudmore }, { now: () => Date.now(), cloudblueAps: { resellerId: "x", status: ["ACTIVE"] } });
  const view: PortfolioView = await portfolio.list({ now: Date.now(), signal });
  for (const { vendor, error } of view.errors) {
    const v: Vendor = vendor;
    if (error.code === "API_ERROR") console.log(v, error.status.toFixed(0), error.traceId);
  }
  const due: PortfolioEntry[] = view.dueWithin(30);
  const rows = due.map((e) => {
    const r: PortfolioRenewal | null = e.renewal;
    const skus = e.products.map((p) => p.sku ?? p.mpn ?? p.productId ?? p.name ?? "?").join(", ");
    return `${e.vendor} ${e.customer} ${e.status} ${e.termEnd ?? "-"} ${r?.isOpen ? "open" : r?.opensAt ?? "none"} ${skus} ×${e.products[0]?.quantity ?? 0}`;
  });
  portfolio.free();
  return { rows, complete: view.complete, later: view.dueWithin(0, Date.now() + 86_400_000).length };
}

export const entryIsNotAny: IsAny<PortfolioEntry> = false;
export const rawIsUnknown: Equals<PortfolioEntry["raw"], unknown> = true;
export const renewalIsNullable: Equals<PortfolioEntry["renewal"], PortfolioRenewal | null> = true;
export const vendors: Equals<Vendor, "omnissa" | "cloudblueAps" | "cloudblueSimple" | "cloudmore"> = true;
export const errorsAreTyped: Equals<PortfolioView["errors"][number]["error"], AnyPartnerOrderingError> = true;
export const listIsPaged: Equals<ReturnType<CloudBlueApsClient["listSubscriptions"]>, PagePromise<ApsSubscriptionPage, ApsSubscription>> = true;
export const normalized: PortfolioEntry[] = portfolioDueWithin(normalizePortfolio("omnissa", [], 0, { id: "name" }), 30);
export const query: ApsSubscriptionQuery = { expiresBefore: "2027-01-01", period: { unit: "MONTHS", duration: 1 }, count: 50 };

// @ts-expect-error a vendor is one of the four
export const wrongVendor = normalizePortfolio("acme", []);
// @ts-expect-error clients are typed
export const wrongClient = new Portfolio({ omnissa: "x" });
// @ts-expect-error a query has no such filter
export const wrongFilter: ApsSubscriptionQuery = { state: "ACTIVE" };
