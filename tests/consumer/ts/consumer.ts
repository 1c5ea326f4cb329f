// A strict TypeScript consumer of the package: every client and its main methods, with the
// types a user would write. Only type-checked (`tsc --noEmit -p tests/consumer/ts`), never run.
// The `@ts-expect-error` lines prove that wrong types are rejected: if one of them ever
// compiles, tsc fails with "Unused '@ts-expect-error' directive".
import {
  CloudBlueApsClient,
  CloudBlueSimpleClient,
  CloudmoreClient,
  OmnissaClient,
  Rql,
  hasSandbox,
  isPartnerOrderingError,
  parseSku,
  renewalWindow,
  version,
  type ApsOrder,
  type CatalogContext,
  type CommonClientOptions,
  type CreatedCustomer,
  type ErrorKind,
  type Estimate,
  type Issue,
  type NewApsCustomer,
  type NewApsOrder,
  type NewCloudmoreSubscription,
  type NewOrder,
  type NewSimpleOrder,
  type OrderAccepted,
  type OrderResult,
  type OrderStatus,
  type OrgService,
  type PartnerOrderingError,
  type PlacedOrder,
  type Product,
  type QuantityIncrease,
  type RenewalWindow,
  type RequestOptions,
  type Severity,
  type SimpleOrder,
  type SkuInfo,
  type ValidationReport,
  type WaitOptions,
} from "partner-ordering";
import {
  Sandbox,
  OmnissaClient as SandboxOmnissaClient,
  CloudBlueApsClient as SandboxApsClient,
  type Fault,
  type RecordedCall,
  type SandboxCredentials,
} from "partner-ordering/sandbox";

/** True when A and B are the same type (not merely assignable). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const assertType = <T>(_value: T): void => {};

// ---------------------------------------------------------------------------------------------
// Errors: narrowing from `unknown` and an exhaustive switch over the closed `kind` union.

export function describeError(e: unknown): string {
  if (!isPartnerOrderingError(e)) return e instanceof Error ? e.message : String(e);
  const err: PartnerOrderingError = e;
  switch (err.kind) {
    case "invalidRequest":
      return err.issues.map((i: Issue) => `${i.path}: ${i.code} (${i.severity ?? "error"})`).join("; ");
    case "api":
    case "unexpectedResponse":
    case "decode":
      return `${err.api ?? "?"} HTTP ${err.status ?? "-"} ${err.apiCode ?? ""} trace ${err.traceId ?? "-"}`;
    case "transport":
    case "timeout":
    case "aborted":
      return `${err.code} retryable=${err.retryable} sent=${err.mayHaveBeenSent} after=${err.retryAfterMs ?? 0}ms`;
    case "configuration":
    case "orderFailed":
    case "internal":
      return err.message;
    default: {
      const unreachable: never = err.kind;
      return unreachable;
    }
  }
}

export function errorChecks(e: PartnerOrderingError): void {
  // @ts-expect-error: `kind` is a closed union; a typo is caught.
  if (e.kind === "apiError") return;
  // @ts-expect-error: so is `code`.
  if (e.code === "API") return;
  // @ts-expect-error: `status` is optional: `number | undefined`, not `number`.
  const status: number = e.status;
  const issues: Issue[] = e.issues;       // always an array
  const first = issues[0];
  // @ts-expect-error: noUncheckedIndexedAccess: the first issue may not exist.
  first.code;
  assertType<boolean>(e.retryable && e.mayHaveBeenSent);
  assertType<Error>(e);
  void status;
}

const kinds: ErrorKind[] = ["invalidRequest", "configuration", "transport", "timeout", "aborted", "api", "unexpectedResponse", "decode", "orderFailed"];
void kinds;

// ---------------------------------------------------------------------------------------------
// Omnissa

const omnissa = new OmnissaClient({
  partnerId: "PARTNER-1",
  tokenProvider: async () => ({ accessToken: "t", expiresIn: 600 }),
  baseUrl: "https://apigw.omnissa.com",
  timeoutMs: 30_000,
  maxRetries: 2,
  validate: true,
  precheck: true,
  now: () => Date.now(),
});
new OmnissaClient({ partnerId: "P", appId: "id", appSecret: "secret" });
new OmnissaClient({ partnerId: "P", tokenProvider: async () => "a-bare-token" });
// @ts-expect-error: `partnerId` is required.
new OmnissaClient({ appId: "id", appSecret: "secret" });
// One set of shared settings serves every client.
const shared: CommonClientOptions = { timeoutMs: 10_000, maxRetries: 1, fetch: (input, init) => fetch(input, init) };
new OmnissaClient({ ...shared, partnerId: "P", tokenProvider: async () => "t" });
new CloudmoreClient({ ...shared, broker: { resellerId: "r", tokenProvider: async () => "t" } });
// @ts-expect-error: `maxRetries` is a number.
new OmnissaClient({ partnerId: "P", tokenProvider: async () => "t", maxRetries: "2" });

const order: NewOrder = {
  commitContractReference: "AMER00000MOBILITY",
  offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 10 }, { sku: "WSD-ABXAP-12PT0-C1S", quantity: "25" }],
  endCustomerInfo: { customerName: "Acme", firstName: "Jane", lastName: "Smith", email: "jane@acme.example", country: "US", zipCode: "94943", city: "Palo Alto" },
};

// @ts-expect-error: a quantity is a number or a numeric string, not a boolean.
const badQuantity: NewOrder = { ...order, offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: true }] };
// @ts-expect-error: `endCustomerInfo` is required.
const noCustomer: NewOrder = { commitContractReference: "C", offers: [] };
// @ts-expect-error: the end customer needs a zipCode.
const noZip: NewOrder = { ...order, endCustomerInfo: { customerName: "A", firstName: "J", lastName: "S", email: "j@a.example", country: "US" } };
void badQuantity; void noCustomer; void noZip;

export async function omnissaFlow(signal: AbortSignal): Promise<string> {
  const options: RequestOptions = { signal, timeoutMs: 10_000 };
  // @ts-expect-error: exactOptionalPropertyTypes: an optional property is omitted, not undefined.
  const loose: RequestOptions = { signal: undefined };
  void loose;

  const report: ValidationReport = omnissa.validateOrder(order);
  if (!report.ok) return report.issues.map((i) => i.message).join("\n");

  const accepted: OrderAccepted = await omnissa.createOrder(order, options);
  // Always present (a 2xx without one is a DECODE_ERROR), so no narrowing is needed.
  const status: OrderStatus = await omnissa.getOrderStatus(accepted.requestId);
  if (status.status === "ERROR") return status.message ?? "failed";
  const wait: WaitOptions = { signal, intervalMs: 1000, maxIntervalMs: 15_000, timeoutMs: 600_000 };
  const done: OrderResult = await omnissa.waitForOrder(accepted.requestId, wait);
  const sid: string = done.serviceInstanceId;

  const subs = await omnissa.listSubscriptions();
  const sub = await omnissa.getSubscription(sid, options);
  const quantities: number[] = sub.offers.map((o) => o.quantity);
  const window: RenewalWindow | undefined = renewalWindow(sub, Date.now());
  if (window?.isOpen) {
    await omnissa.renewSubscription({ commitContractReference: sub.commitContractReference, serviceInstanceId: sid, offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 12 }] });
    await omnissa.cancelSubscription({ serviceInstanceId: sid });
  }
  const increase: QuantityIncrease = {
    commitContractReference: sub.commitContractReference,
    serviceInstanceId: sid,
    offers: [{ sku: "WSD-AWOSP-12PT0-C1S", fromQuantity: 10, toQuantity: 40 }],
  };
  const checked = omnissa.validateQuantityIncrease(increase, { subscription: sub, now: Date.now() });
  if (checked.ok) await omnissa.increaseQuantity(increase, { precheck: false });
  // @ts-expect-error: `precheck` is an option of orders on an existing subscription only.
  await omnissa.listSubscriptions({ precheck: false });
  await omnissa.addSecondaryAddOn({ commitContractReference: "C", serviceInstanceId: sid, offers: [{ sku: "WSD-ABXAP-12PT0-C1S", quantity: 5 }] });
  await omnissa.upgradeSubscription({ commitContractReference: "C", serviceInstanceId: sid, offers: [{ fromSku: "WSD-AWOSP-12PT0-C1S", toSku: "WSD-AWOAP-12PT0-C1S", quantity: 40 }] });
  omnissa.validateUpgrade({ commitContractReference: "C", serviceInstanceId: sid, offers: [] });
  omnissa.validateRenewal({ commitContractReference: "C", serviceInstanceId: sid, offers: [] }, { subscription: sub });
  omnissa.validateCancellation({ serviceInstanceId: sid });
  omnissa.validateSecondaryAddOn({ commitContractReference: "C", serviceInstanceId: sid, offers: [] });
  // @ts-expect-error: an upgrade change needs `toSku`.
  await omnissa.upgradeSubscription({ commitContractReference: "C", serviceInstanceId: sid, offers: [{ fromSku: "A", quantity: 1 }] });
  // @ts-expect-error: the SID is a string.
  await omnissa.getSubscription(123);

  const sku: SkuInfo = parseSku("WSD-AWOSP-12PT0-C1S");
  const months: number | undefined = sku.termMonths;
  return `${subs.length} ${quantities.join()} ${months ?? "?"} ${sku.metric ?? ""} ${version()} ${hasSandbox()}`;
}

// ---------------------------------------------------------------------------------------------
// CloudBlue Commerce SimpleAPI

const simple = new CloudBlueSimpleClient({
  baseUrl: "https://api.cloud.im/marketplace/eu",
  subscriptionKey: "key",
  tokenProvider: async () => "token",
});
new CloudBlueSimpleClient({ baseUrl: "https://x.test/m", subscriptionKey: "k", username: "u", password: "p", marketplace: "eu" });
// @ts-expect-error: `subscriptionKey` is required.
new CloudBlueSimpleClient({ baseUrl: "https://x.test/m", username: "u", password: "p" });

export async function simpleFlow(): Promise<SimpleOrder> {
  const products: Product[] = [];
  for await (const p of simple.iterateProducts({ limit: 100, vendor: "BackupCo" })) products.push(p);
  const page = await simple.listProducts({ offset: 0, limit: 10 });
  const total: number = page.pagination.total;
  const first: Product | undefined = page.data?.[0];
  simple.setCatalog(products);

  const newOrder: NewSimpleOrder = {
    type: "sales",
    customerId: "1000027",
    poNumber: `PO-${total}`,
    products: [{ mpn: first?.mpn ?? "ACR-BACKUP-100", vendor: "BackupCo", quantity: "3", subscriptionPeriod: { type: "month", duration: 1 } }],
  };
  const context: CatalogContext = { products, subscribedMpns: [] };
  const report = simple.validateOrder(newOrder, context);
  const severities: Severity[] = report.issues.map((i) => i.severity ?? "error");
  void severities;
  // @ts-expect-error: a product line's quantity cannot be an object.
  simple.validateOrder({ type: "sales", customerId: "1", products: [{ mpn: "X", quantity: { value: 1 } }] });
  // @ts-expect-error: `customerId` is required.
  await simple.createOrder({ type: "sales", products: [] });

  const estimate: SimpleOrder = await simple.estimateOrder(newOrder);
  const amount: string | undefined = estimate.total?.amount;
  void amount;
  const placed = await simple.createOrder(newOrder);
  const customers = await simple.listCustomers({ name: "Acme" });
  for await (const s of simple.iterateSubscriptions({ status: "active" })) void s;
  await simple.listPlans({ limit: 5 });
  void customers;
  return simple.waitForOrder(placed.id ?? "", { intervalMs: 500 });
}

// ---------------------------------------------------------------------------------------------
// CloudBlue Commerce APS

const aps = new CloudBlueApsClient({ baseUrl: "https://cbc.example.com", consumerKey: "k", consumerSecret: "s", actorScope: "FULL" });
new CloudBlueApsClient({ baseUrl: "https://cbc.example.com", apsToken: async () => ({ accessToken: "t" }) });

export async function apsFlow(): Promise<ApsOrder> {
  const query = Rql.and([Rql.implementing("http://parallels.com/aps/types/pa/account/1.2"), Rql.eq("type", "CLIENT"), Rql.not(Rql.like("companyName", "Test*"))]);
  const text: string = Rql.join([query, Rql.select(["aps.id", "companyName"]), Rql.limit(0, 10), Rql.sort(["-aps.modified"])]);
  const accounts = await aps.findAccounts(query);
  await aps.findAccounts(text);
  // @ts-expect-error: RQL values are scalars.
  Rql.eq("companyName", { name: "x" });
  // @ts-expect-error: queries are built with the static methods.
  new Rql();

  const customer: NewApsCustomer = {
    resellerId: accounts[0]?.aps?.id ?? "",
    companyName: "1st APS inc",
    addressPostal: { countryName: "us", locality: "APS", postalCode: "12345", region: "VA", streetAddress: "11, APS" },
    adminContact: { email: "ps1@aps.test", givenName: "Peter", familyName: "Snape" },
  };
  aps.validateCustomer(customer);
  const created: CreatedCustomer = await aps.createCustomer(customer);
  const methods = await aps.listPaymentMethods(created.accountId);
  const order: NewApsOrder = {
    type: "SALES",
    accountId: created.accountId,
    paymentMethodId: methods.find((m) => m.defaultMethod)?.id ?? "12",
    products: [{ planId: "plan", period: { unit: "MONTHS", duration: 1 } }],
    resources: [{ resourceId: "res", amount: 2 }],
  };
  // @ts-expect-error: an APS order needs `accountId`.
  aps.validateOrder({ type: "SALES" });
  const estimate: Estimate = await aps.estimateOrder(order);
  const check: ValidationReport = aps.checkEstimate(estimate);
  void check;
  await aps.estimateCosts(order);
  const placed: PlacedOrder = await aps.placeOrder(order);
  const page = await aps.listOrders({ start: 0, count: 10 });
  const next: number | undefined = page.nextStart;
  void next;
  for await (const o of aps.iterateOrders({ count: 50 })) void o.orderNumber;
  const user = await aps.createStaffMember(created.accountId, { login: "l", password: "p", email: "e@x.test", givenName: "G", familyName: "F" });
  if (user.aps?.id) await aps.resetPassword(user.aps.id);
  return aps.waitForOrder(placed.orderId, { intervalMs: 1000 });
}

// ---------------------------------------------------------------------------------------------
// Cloudmore

const cloudmore = new CloudmoreClient({
  baseUrl: "https://api.cloudmore.com",
  seller: { sellerId: "seller-1", tokenProvider: async () => "token" },
});

export async function cloudmoreFlow(): Promise<number> {
  const at: OrgService = { organizationId: "org-1", serviceId: "svc-1" };
  const sub: NewCloudmoreSubscription = { productId: "prod-1", quantity: 5, name: "Backup" };
  const priceList = await cloudmore.getApplicablePriceList(at);
  const report = cloudmore.validateCreate(at, sub, priceList);
  if (!report.ok) return 0;
  const created = await cloudmore.createOrganizationSubscription(at, sub);
  await cloudmore.updateOrganizationSubscription(at, created.id, { quantity: 6 });
  // @ts-expect-error: a subscription needs a productId.
  cloudmore.validateCreate(at, { quantity: 1 });
  const all = await cloudmore.listSellerSubscriptions();
  return all.length;
}

// ---------------------------------------------------------------------------------------------
// The sandbox entry: same clients, plus the in-memory emulator.

export async function sandboxFlow(): Promise<RecordedCall[]> {
  const sandbox = new Sandbox({ now: Date.parse("2026-01-01T00:00:00Z") });
  const creds: SandboxCredentials = Sandbox.credentials();
  const client = new SandboxOmnissaClient({ ...creds.omnissa, fetch: sandbox.fetch, now: sandbox.clock });
  const apsClient = new SandboxApsClient({ baseUrl: "https://cbc.sandbox.test", fetch: sandbox.fetch, apsToken: async () => sandbox.apsToken() });
  const fault: Fault = { kind: { jsonStatus: 503 }, count: 1, pathContains: "/api/sdp/" };
  sandbox.injectFault(fault);
  sandbox.injectFault({ kind: "networkError" });
  // @ts-expect-error: an unknown fault kind.
  sandbox.injectFault({ kind: "slow" });
  try {
    await client.listSubscriptions();
  } catch (e) {
    if (isPartnerOrderingError(e) && e.retryable) sandbox.advanceTime(1000);
  }
  await apsClient.findAccounts(Rql.eq("techContact.email", creds.cloudblueAps.resellerEmail));
  client.free();
  apsClient.free();
  return sandbox.calls();
}
