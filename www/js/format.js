// Money and dates for people, in the browser's locale. No imports: the tests load it in Node too.

const VENDOR_NAMES = { omnissa: "Omnissa", cloudblueAps: "CloudBlue", cloudblueSimple: "CloudBlue", cloudmore: "Cloudmore" };
/** "omnissa" → "Omnissa" (the API a client or an error belongs to). */
export const vendorName = (api) => VENDOR_NAMES[api] ?? "The provider";

const DECIMAL = /^-?\d+(\.\d+)?$/;
const formatters = new Map();
function currencyFormat(currency, fraction) {
  const key = `${currency}|${fraction}`;
  if (!formatters.has(key)) {
    const base = new Intl.NumberFormat(undefined, { style: "currency", currency });
    const { minimumFractionDigits: min, maximumFractionDigits: max } = base.resolvedOptions();
    formatters.set(key, fraction > max
      ? new Intl.NumberFormat(undefined, { style: "currency", currency, minimumFractionDigits: min, maximumFractionDigits: Math.min(fraction, 20) })
      : base);
  }
  return formatters.get(key);
}

/**
 * A decimal string (or number) in a currency, e.g. ("1.8", "USD") → "$1.80". The string goes to
 * Intl.NumberFormat as it is, which formats it as an exact decimal (no float rounding), and no
 * digit the API sent is dropped ("0.125" stays "$0.125"). Anything unformattable is shown raw.
 */
export function formatMoney(amount, currency) {
  const s = String(amount ?? "").trim();
  if (!s) return "—";
  if (!DECIMAL.test(s) || !/^[A-Za-z]{3}$/.test(currency ?? "")) return `${s} ${currency ?? ""}`.trim();
  try {
    return currencyFormat(currency.toUpperCase(), (s.split(".")[1] ?? "").length).format(s);
  } catch {
    return `${s} ${currency}`;
  }
}

/** `{value, code}` (APS) or `{amount, currency}` (SimpleAPI), formatted; "—" when absent. */
export const money = (m) => (m ? formatMoney(m.value ?? m.amount, m.code ?? m.currency) : "—");

let dayFormat;
/** An ISO timestamp as a date ("2026-02-15T08:00:00.000Z" → "Feb 15, 2026"), in UTC like the APIs. */
export function formatDay(iso) {
  const t = Date.parse(iso ?? "");
  if (!Number.isFinite(t)) return iso ? String(iso) : "?";
  dayFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });
  return dayFormat.format(t);
}

/** "in 1 day", "in 12 days", "today". */
export const inDays = (n) => (n <= 0 ? "today" : `in ${n} day${n === 1 ? "" : "s"}`);
