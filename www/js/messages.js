// What the portal says to its users. The SDK's issues and errors are written for developers
// (field paths, GUIDs, API limits, exact timestamps); here their stable codes and paths become
// plain sentences. The SDK's own messages are left as they are, and kept for support.
import { formatDay, inDays, vendorName } from "./format.js";

// What a path that is not a field on the form refers to, by its last segment.
const NOUNS = {
  serviceInstanceId: "subscription", subscriptionId: "subscription", organizationId: "organization",
  serviceId: "service", accountId: "customer", resellerId: "reseller account", productId: "product",
  commitContractReference: "commit contract", planId: "service plan", resourceId: "resource",
  paymentMethodId: "payment method", licenseKey: "licence key", sku: "SKU", fromSku: "SKU", toSku: "SKU",
  quantity: "quantity", fromQuantity: "current quantity", toQuantity: "new quantity", amount: "amount",
  email: "email address", login: "login", password: "password", name: "name", mpn: "product", requestId: "order",
};
// Paths the user fills by choosing, not typing: "Choose a … first."
const CHOSEN = new Set(["serviceInstanceId", "subscriptionId", "organizationId", "serviceId", "accountId", "productId", "mpn", "paymentMethodId", "planId"]);

const last = (path) => String(path ?? "").split(".").at(-1).replace(/\[\d+\]$/, "");
const article = (noun) => (/^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`);
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const sentence = (s) => { const t = cap(s.trim()); return /[.!?:]$/.test(t) ? t : `${t}.`; };

/**
 * Developer text made readable, for codes this table does not know yet and for the APIs' own
 * messages: no backticks, dates without times, no lists of ids.
 */
export function tidy(message) {
  return sentence(String(message ?? "")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})/g, (iso) => formatDay(iso))
    .replace(/\s*\((it has |products?: )?[0-9a-f-]{36}(, [0-9a-f-]{36})+\)/gi, "")
    .replace(/\b(\d+) day\(s\)/g, (_, n) => `${n} day${n === "1" ? "" : "s"}`));
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/**
 * The API's own words in an SDK message: without its "Omnissa API error 404 NOT_FOUND: " or
 * "Omnissa order … ended in ERROR: " lead and its trace id.
 */
const apiMessage = (e) => String(e.message)
  .replace(new RegExp(`^.*?\\bAPI error \\d+${e.apiCode ? ` ${escape(e.apiCode)}` : ""}:\\s*`), "")
  .replace(/^.*?\border \S+ ended in [A-Z]+:\s*/, "")
  .replace(/\s*\(trace id [^)]*\)\s*$/, "");

/** The window sentence of a renewal or cancellation outside its window. */
function windowSentence(what, c) {
  const w = c.window;
  const whose = c.subscription?.serviceInstanceId ?? "This subscription";
  if (!w) return `${whose} can be ${what} only in the last 30 days of its term.`;
  if (w.state === "closed") return `${whose} can no longer be ${what}: its term ended on ${formatDay(w.closesAt)}.`;
  return `${whose} can be ${what} only in the last 30 days of its term, from ${formatDay(w.opensAt)} to `
    + `${formatDay(w.closesAt)}: that is ${inDays(w.daysUntilOpen)}.`;
}

const required = (i, c) => {
  const key = last(i.path);
  if (key === "resellerId") return "The reseller account is not loaded yet: wait a moment, or reload the page.";
  if (CHOSEN.has(key) && !c.field) return `Choose ${article(c.noun)} first.`;
  return `${c.Label} is required.`;
};
const wholeNumber = (i, c) => (c.value === "" ? `${c.Label} is required.` : `${c.Label} must be a whole number, such as 10.`);

/** Issue code → sentence. `c`: { Label, noun, value, field, window, subscription }. */
const ISSUES = {
  required, id_required: required, sid_required: required, sku_required: required, commit_contract_required: required,
  customer_field_required: required, address_field_required: required, contact_field_required: required,
  company_name_required: required, customer_name_required: required, language_required: required,
  login_required: required, password_required: required, mpn_required: required, product_id_required: required,
  account_id_required: required, reseller_id_required: required, customer_id_required: required,
  subscription_id_required: required, request_id_required: required,
  invalid_type: (i, c) => `${c.Label} is not in the expected format.`,
  unknown_field: () => "The portal sent something the provider does not know. Please report this to your administrator.",
  invalid_header: () => "The portal sent an invalid request header. Please report this to your administrator.",
  limit_exceeded: (i, c) => `${c.Label} is too long.`,
  // Quantities
  quantity_not_integer: wholeNumber, quantity_invalid: wholeNumber,
  quantity_not_positive: (i, c) => (c.value === "" ? `${c.Label} is required.` : `${c.Label} must be at least 1.`),
  quantity_too_large: (i, c) => `${c.Label} is more than can be ordered at once.`,
  quantity_above_maximum: (i, c) => `${c.Label} is more than this product allows.`,
  quantity_below_minimum: (i, c) => `${c.Label} is less than this product requires.`,
  amount_not_positive: (i, c) => `${c.Label} must be a number above 0.`,
  to_quantity_not_greater: () => "The new quantity must be more than the current quantity.",
  from_quantity_mismatch: () => "This is not the subscription's current quantity: choose the SKU again to fill it in.",
  upgrade_quantity_exceeds: () => "That is more licences than the subscription has.",
  // Omnissa
  sid_invalid: () => "Enter a subscription ID such as M000000001.",
  sku_malformed: () => "This is not an Omnissa SKU. SKUs look like WSD-AWOSP-12PT0-C1S.",
  sku_lowercase: (i, c) => `SKUs are written in capitals${c.value ? `: ${c.value.toUpperCase()}` : ""}.`,
  sku_whitespace: () => "Remove the spaces from the SKU.",
  sku_duplicate: () => "This SKU is in the order twice.",
  sku_not_on_subscription: () => "This SKU is not on the subscription.",
  sku_already_on_subscription: () => "The subscription already has this SKU: use Quantity increase instead.",
  upgrade_same_sku: () => "Choose a different SKU to upgrade to.",
  offers_empty: () => "Add at least one SKU.",
  commit_contract_mismatch: () => "This is not the subscription's commit contract.",
  renewal_window_closed: (i, c) => windowSentence("renewed", c),
  cancellation_window_closed: (i, c) => windowSentence("cancelled", c),
  subscription_end_unknown: () => "This subscription has no end date, so its renewal window is not known.",
  request_id_invalid: () => "This order reference is not valid.",
  // Contacts and accounts
  email_invalid: () => "Enter an email address such as name@example.com.",
  country_code_invalid: () => "Enter the two-letter country code, such as US or DE.",
  date_invalid: () => "Enter a date such as 2026-12-01.",
  country_not_iso2: () => "Use the two-letter country code, such as US or DE.",
  login_invalid: () => "The login has characters that cannot be used.",
  contact_type_invalid: () => "This contact type is not supported.",
  admin_contact_required: () => "Add an admin contact.",
  contacts_empty: () => "Add at least one contact.",
  id_invalid: (i, c) => `This ${c.noun} is not valid: choose one from the list.`,
  aps_id_invalid: (i, c) => `This ${c.noun} is not valid: choose one from the list.`,
  customer_id_invalid: () => "This customer is not valid: choose one from the list.",
  // CloudBlue catalog and orders
  dependency_missing: () => "This product is an add-on: order the product it belongs to as well.",
  product_not_found: () => "This product is not in the catalog.",
  product_ambiguous: () => "More than one catalog product matches: choose one from the catalog.",
  products_empty: () => "Add at least one product.",
  order_type_unknown: () => "This type of order is not supported.",
  period_duration_not_positive: () => "Choose a subscription period.",
  period_unit_invalid: () => "Choose a subscription period.",
  estimate_currency_mismatch: () => "The estimate is in another currency than expected.",
  estimate_total_mismatch: () => "The estimated total differs from the expected total.",
  // Cloudmore
  product_not_in_price_list: () => "This product is not in the price list that applies here, so it cannot be ordered.",
  name_invalid: () => "The name cannot be blank or contain line breaks.",
  license_key_empty: () => "Enter a licence key.",
  license_key_control_chars: () => "The licence key cannot contain tabs or line breaks.",
  license_key_too_long: () => "The licence key is too long.",
  already_cancelled: () => "This subscription is already cancelled.",
  subscription_cancelled: () => "This subscription is cancelled and can no longer be changed.",
  update_empty: () => "Nothing to change: enter a new quantity.",
  remove_action_invalid: () => "Choose whether to cancel or delete the subscription.",
  invalid_field: (i, c) => `The provider did not accept this ${c.noun}.`,
};

/**
 * One issue as a sentence. `context`: `label(path)` (the form's label for a path, if it has a
 * field for it), `value(path)`, `nouns` (what a path without a field means on this form) and,
 * for the window rules, `window` and `subscription`.
 */
export function explainIssue(issue, context = {}) {
  const field = context.label?.(issue.path);
  const noun = field ? field.toLowerCase() : context.nouns?.[last(issue.path)] ?? NOUNS[last(issue.path)] ?? "value";
  const c = { ...context, field, noun, Label: field ?? cap(noun), value: context.value?.(issue.path) };
  const plain = ISSUES[issue.code]?.(issue, c) ?? tidy(issue.message);
  return issue.severity === "warning" ? `Warning: ${plain}` : plain;
}

/** A form's labels by data-path: what explainIssue calls the fields of `form`. */
export function formContext(form, extra = () => ({})) {
  const fieldFor = (path) => form?.querySelector(`[data-path="${CSS.escape(path ?? "")}"]`);
  const label = (path) => {
    const f = fieldFor(path);
    return f?.id ? form.querySelector(`label[for="${CSS.escape(f.id)}"]`)?.textContent.trim() : undefined;
  };
  return () => ({ label, value: (path) => fieldFor(path)?.value?.trim(), ...extra() });
}

const STATUS = {
  400: (v) => `${v} refused the request.`,
  401: (v) => `${v} did not accept the portal's sign-in. Reload the page; if it happens again, contact your administrator.`,
  403: (v) => `${v} does not allow this account to do that.`,
  404: (v) => `${v} has no such record.`,
  409: (v) => `${v} refused the request: it conflicts with something that already exists.`,
  422: (v) => `${v} could not process the request.`,
  429: (v) => `${v} is receiving too many requests. Wait a moment and try again.`,
};

/** What to tell the user about an error: { title, lines, issues, support }. */
export function explainError(e, explain = explainIssue) {
  if (!e?.code || !("mayHaveBeenSent" in e)) {
    // The portal's own errors are written for its users already.
    return { title: sentence(e?.message ?? String(e)), lines: [], issues: [], support: e?.name && e.name !== "Error" ? [e.name] : [] };
  }
  const v = vendorName(e.api);
  const own = tidy(apiMessage(e));   // an API's field error often repeats its message: said once
  const issues = [...new Set((e.issues ?? []).map((i) => explain(i)))].filter((t) => e.code === "INVALID_REQUEST" || t !== own);
  const maybeSent = e.mayHaveBeenSent ? " The change may have reached the provider: check before trying again." : "";
  const said = e.message && e.code !== "INVALID_REQUEST" ? `${v} said: ${own}` : null;
  const head = {
    INVALID_REQUEST: ["Nothing was sent", issues.length ? "Please check the following:" : tidy(e.message)],
    CONFIGURATION_ERROR: ["The portal is not set up correctly", "Please contact your administrator."],
    TRANSPORT_ERROR: [`${v} could not be reached`, `Check your connection and try again.${maybeSent}`],
    TIMEOUT: [`${v} did not answer in time`, `Try again in a moment.${maybeSent}`],
    ABORTED: ["Stopped", `The request was stopped.${maybeSent}`],
    UNEXPECTED_RESPONSE: [`${v} is not available right now`, `It answered with an error page${e.status ? ` (HTTP ${e.status})` : ""}. Try again later.`],
    DECODE_ERROR: [`${v} sent an answer the portal cannot read`, "Please report this to your administrator."],
    ORDER_FAILED: [`${v} could not complete the order`, said],
    INTERNAL_ERROR: ["Something went wrong in the portal", "Try again."],
    API_ERROR: [e.status >= 500 ? `${v} had a problem` : (STATUS[e.status] ?? STATUS[400])(v).replace(/\.$/, ""),
      e.status >= 500 ? `Try again later.${maybeSent}` : said],
  }[e.code] ?? [`${v}: the request failed`, said];
  const trace = e.traceId ? `trace id ${e.traceId}` : e.mayHaveBeenSent ? "no trace id" : "nothing was sent";
  const codes = [...new Set((e.issues ?? []).map((i) => i.code))].filter((c) => c !== e.apiCode);
  return {
    title: head[0],
    lines: [head[1], e.code === "API_ERROR" && e.status < 500 && e.retryable ? "This is temporary: trying again later may work." : null].filter(Boolean),
    issues,
    // For partner support: the SDK's code, the HTTP status, the API's code and the trace id.
    support: [e.code, e.status && `HTTP ${e.status}`, e.apiCode && `API code ${e.apiCode}`, codes.join(", "), trace].filter(Boolean),
  };
}
