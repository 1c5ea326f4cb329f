// The demo's words, in Node (no browser): every issue code of the package has a plain sentence
// in www/js/messages.js, and money is formatted from the decimal string, never through a float.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CloudmoreClient, OmnissaClient } from "partner-ordering";
import { explainError, explainIssue } from "../../www/js/messages.js";
import { formatMoney } from "../../www/js/format.js";
import { DEVELOPER_TEXT } from "./demo-page.mjs";

// The IssueCode union of the built package's types: every code the SDK can report.
const dts = readFileSync(fileURLToPath(new URL("../../pkg/index.d.ts", import.meta.url)), "utf8");
const CODES = [...new Set([...dts.matchAll(/^export type \w*IssueCode = (.*);$/gm)].flatMap((m) => [...m[1].matchAll(/"(\w+)"/g)].map((c) => c[1])))];

test("every issue code the package reports has a plain sentence of its own", () => {
  assert.ok(CODES.length > 60, `${CODES.length} codes`);
  for (const code of CODES) {
    const said = explainIssue({ path: "offers[0].quantity", code, message: "`SDK` MESSAGE", severity: "error" });
    assert.doesNotMatch(said, /SDK|MESSAGE/, `${code} has its own sentence, not the SDK's message: ${said}`);
    assert.match(said, /^[A-Z].*[.:]$/, `${code}: a sentence`);
    for (const re of DEVELOPER_TEXT) assert.doesNotMatch(said, re, `${code}: ${said}`);
  }
});

test("the SDK's developer messages become sentences named after the form's fields", () => {
  const om = new OmnissaClient({ partnerId: "P", tokenProvider: async () => "t" });
  const sub = { serviceInstanceId: "M000000001", customerName: "C", commitContractReference: "AMER", endDate: "2026-02-15T08:00:00.000+00:00", offers: [] };
  const [issue] = om.validateRenewal({ commitContractReference: "AMER", serviceInstanceId: "M000000001", offers: [{ sku: "WSU-ASUPSPSSP-12MT0-C1S", quantity: "5" }] },
    { subscription: sub, now: Date.parse("2025-12-01T00:00:00Z") }).issues;
  assert.match(issue.message, /2026-01-16T08:00:00\.000Z.*day\(s\)/, "the SDK's message, for developers");
  const window = { opensAt: "2026-01-16T08:00:00.000Z", closesAt: "2026-02-15T08:00:00.000Z", state: "notYetOpen", daysUntilOpen: 47 };
  const said = explainIssue(issue, { subscription: sub, window });
  assert.match(said, /^M000000001 can be renewed only in the last 30 days of its term, from .+2026 to .+2026: that is in 47 days\.$/);

  const cm = new CloudmoreClient({ baseUrl: "https://x.test", broker: { resellerId: "b0b0b0b0-0000-4000-8000-000000000001", tokenProvider: async () => "t" } });
  const q = cm.validateUpdate({ organizationId: "0a0a0a0a-0000-4000-8000-000000000001", serviceId: "5e7c0000-0000-4000-8000-000000000001" },
    "c0ffee00-0000-4000-8000-000000000001", { quantity: "2.5" }, null).issues[0];
  assert.match(q.message, /`quantity`.*2147483647/);
  assert.equal(explainIssue(q, { label: () => "New quantity", value: () => "2.5" }), "New quantity must be a whole number, such as 10.");
  const none = cm.validateUpdate({ organizationId: "", serviceId: "" }, "", { quantity: "1" }, null).issues;
  const nouns = { organizationId: "subscription", serviceId: "subscription" };
  assert.deepEqual([...new Set(none.map((i) => explainIssue(i, { nouns })))], ["Choose a subscription first."]);
});

test("errors say what happened and what to do; the codes stay for support", () => {
  const apiError = { code: "API_ERROR", api: "omnissa", status: 404, apiCode: "NOT_FOUND", traceId: "abc123", mayHaveBeenSent: true, retryable: false,
    issues: [], message: "Omnissa API error 404 NOT_FOUND: Subscription M404 not found (trace id abc123)" };
  assert.deepEqual(explainError(apiError), {
    title: "Omnissa has no such record", lines: ["Omnissa said: Subscription M404 not found."], issues: [],
    support: ["API_ERROR", "HTTP 404", "API code NOT_FOUND", "trace id abc123"],
  });
  const timeout = explainError({ code: "TIMEOUT", api: "cloudmore", mayHaveBeenSent: true, retryable: true, issues: [], message: "no response within 60000 ms" });
  assert.equal(timeout.title, "Cloudmore did not answer in time");
  assert.match(timeout.lines[0], /may have reached the provider: check before trying again/);
  assert.equal(explainError(new Error("Select a subscription in the table first.")).title, "Select a subscription in the table first.");
});

test("money: Intl.NumberFormat per currency, from the decimal string (no float rounding, no digit dropped)", () => {
  const digits = (s) => s.replace(/\D/g, "");
  const usd = new Intl.NumberFormat(undefined, { style: "currency", currency: "USD" });
  assert.equal(formatMoney("1.8", "USD"), usd.format(1.8));
  assert.equal(digits(formatMoney("1.8", "USD")), "180");
  // A float would print …568.00.
  assert.equal(digits(formatMoney("12345678901234567.89", "USD")), "1234567890123456789");
  assert.notEqual(formatMoney("12345678901234567.89", "USD"), usd.format(12345678901234567.89));
  assert.equal(digits(formatMoney("0.125", "USD")), "0125", "a third decimal the API sent is kept");
  assert.equal(digits(formatMoney("1234.5", "JPY")), "12345", "JPY has no minor unit, but the API's .5 is kept");
  assert.equal(formatMoney("-6.52", "EUR"), new Intl.NumberFormat(undefined, { style: "currency", currency: "EUR" }).format(-6.52));
  assert.equal(formatMoney("abc", "USD"), "abc USD", "anything else is shown as it came");
  assert.equal(formatMoney("1.80", "X1"), "1.80 X1");
  assert.equal(formatMoney("", "USD"), "—");
});
