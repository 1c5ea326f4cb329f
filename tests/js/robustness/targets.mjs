// What the package exposes, how to make a working instance of each class, a valid argument
// list for each method (that the fuzzer then spoils), and the health checks run afterwards.

export const ENTRIES = [
  "partner-ordering",
  "partner-ordering/sandbox",
  "partner-ordering/omnissa",
  "partner-ordering/cloudblue",
  "partner-ordering/cloudmore",
];

/** Exports that are not calls of the API: the wasm-bindgen loader, and the trap switch (its own test). */
export const NOT_FUZZED = {
  initSync: "wasm-bindgen loader (re-initialisation is not part of the API)",
  default: "wasm-bindgen loader",
  __forceTrap: "traps the instance on purpose; covered by the self-healing test",
  __forceTrapLater: "traps inside async work on purpose; covered by tests/js/package.test.mjs",
};
/** wasm-bindgen internals on classes (`__wrap`, `__destroy_into_raw`), not API. */
export const isInternal = (name) => typeof name === "string" && name.startsWith("__");

const isClass = (v) => typeof v === "function" && /^class\b/.test(Function.prototype.toString.call(v));
const keyName = (k) => (typeof k === "symbol" ? `[${k.description ?? k.toString()}]` : k);

/**
 * Every callable of an entry module:
 *   { id, cls?, kind: "function"|"static"|"method"|"getter"|"constructor", name, key, fn }
 * plus what was left out and why.
 */
export function surface(M) {
  const callables = [];
  const skipped = [];
  for (const [name, v] of Object.entries(M)) {
    if (typeof v !== "function") continue;
    if (!isClass(v)) {
      if (name in NOT_FUZZED) skipped.push(`${name}: ${NOT_FUZZED[name]}`);
      else callables.push({ id: `${name}()`, kind: "function", name, fn: v });
      continue;
    }
    callables.push({ id: `new ${name}()`, cls: name, kind: "constructor", name: "constructor", fn: v });
    for (const k of Object.getOwnPropertyNames(v)) {
      if (["length", "name", "prototype"].includes(k)) continue;
      if (typeof v[k] !== "function") continue;
      if (isInternal(k)) { skipped.push(`${name}.${k}: wasm-bindgen internal`); continue; }
      callables.push({ id: `${name}.${k}()`, cls: name, kind: "static", name: k, fn: v[k] });
    }
    for (const k of Reflect.ownKeys(v.prototype)) {
      if (k === "constructor") continue;
      const d = Object.getOwnPropertyDescriptor(v.prototype, k);
      if (isInternal(k)) { skipped.push(`${name}.prototype.${keyName(k)}: wasm-bindgen internal`); continue; }
      if (d.get) callables.push({ id: `${name}#${keyName(k)}`, cls: name, kind: "getter", name: keyName(k), key: k, fn: d.get });
      else if (typeof d.value === "function") callables.push({ id: `${name}#${keyName(k)}()`, cls: name, kind: "method", name: keyName(k), key: k, fn: d.value });
    }
  }
  return { callables, skipped, classes: Object.keys(M).filter((n) => isClass(M[n])) };
}

/** `toJSON()` and `util.inspect`: they describe the object, so they work after `free()` too. */
export const isDescription = (c) => c.kind === "method" && (c.name === "toJSON" || c.key === Symbol.for("nodejs.util.inspect.custom"));

export const isDisposal = (c) => c.kind === "method" && (c.name === "free" || c.key === Symbol.dispose || c.key === Symbol.asyncDispose);

// ---- valid data -------------------------------------------------------------------------

export function fixtures(creds) {
  const uuid = "00000000-0000-4000-8000-000000000000";
  const contract = "AMER00000MOBILITY";
  const customer = () => ({ customerName: "Acme", firstName: "Jane", lastName: "Smith", email: "jane@acme.example", country: "US", zipCode: "94943" });
  const cm = creds.cloudmore;
  const acme = () => ({ organizationId: cm.organizationId, serviceId: cm.serviceId });
  const subscription = () => ({
    serviceInstanceId: "M000000001", customerName: "C", commitContractReference: contract,
    endDate: "2026-02-15T08:00:00.000+00:00", offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 100 }],
  });
  const priceList = () => ({
    level: "organization", serviceId: cm.serviceId, organizationId: cm.organizationId, currencyCode: "EUR",
    products: [{ productId: cm.productId, name: "Backup 100 GB", price: "4.50" }], extra: { note: "x" },
  });
  const product = () => ({
    mpn: "ACR-BACKUP-100", vendor: "BackupCo", name: "Backup", minimumQuantity: "0.0", maximumQuantity: "5000.0",
    prices: [{ currency: "USD", amount: "1.15", type: "recurring" }], billingPeriod: { type: "month", duration: 1 },
    subscriptionPeriod: { type: "month", duration: 1 }, dependsOn: [{ mpn: "X" }],
  });
  const simpleOrder = () => ({ type: "sales", customerId: creds.cloudblueSimple.customerId, products: [{ mpn: "ACR-BACKUP-100", vendor: "BackupCo", quantity: "3" }] });
  const apsOrder = () => ({
    type: "SALES", accountId: uuid, paymentMethodId: "12",
    products: [{ planId: creds.cloudblueAps.planId, period: { unit: "MONTHS", duration: 1 } }],
    resources: [{ resourceId: creds.cloudblueAps.resourceId, amount: 2 }],
  });
  const apsCustomer = () => ({
    resellerId: uuid, companyName: "1st APS inc",
    addressPostal: { countryName: "us", locality: "APS", postalCode: "12345", region: "VA", streetAddress: "11, APS" },
    adminContact: { email: "ps1@aps.test", givenName: "Peter", familyName: "Snape", telVoice: "1(888)1234567" },
  });
  const staff = () => ({ login: "annp1@aps.test", password: "p@$$w0rd", email: "ann@mailinator.com", givenName: "Ann", familyName: "Peterson" });
  const simpleCustomer = () => ({
    name: "Acme", address: { streetAddress: "1 Main", postalCode: "12345", city: "X", countryCode: "US" },
    contactPersons: [{ type: "admin", firstName: "J", lastName: "S", email: "j@acme.example", phoneNumber: "+1 555 1234" }], language: "en",
  });
  const estimate = () => ({ total: { value: "7.31", code: "USD" }, subTotal: { value: "6.52", code: "USD" }, taxTotal: { value: "0.79", code: "USD" }, details: [], issues: [] });
  const omnissaOrder = () => ({ commitContractReference: contract, offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 25 }], endCustomerInfo: customer() });
  return { uuid, contract, customer, acme, subscription, priceList, product, simpleOrder, apsOrder, apsCustomer, staff, simpleCustomer, estimate, omnissaOrder };
}

/** Per-call options: a live signal, a deadline, no precheck (fewer requests). */
const reqOpts = () => ({ signal: new AbortController().signal, timeoutMs: 3000, precheck: false });
const waitOpts = () => ({ signal: new AbortController().signal, intervalMs: 1, maxIntervalMs: 5, timeoutMs: 500 });

/** Client options against the sandbox (through `ctx.fetch`), quick to give up. */
export function clientOptions(cls, ctx, extra = {}) {
  const c = ctx.creds;
  const common = { fetch: ctx.fetch, timeoutMs: 2000, maxRetries: 0, ...extra };
  switch (cls) {
    case "OmnissaClient":
      return { ...c.omnissa, baseUrl: "https://apigw.sandbox.test", ...common };
    case "CloudBlueApsClient":
      return { baseUrl: "https://cbc.sandbox.test", consumerKey: c.cloudblueAps.consumerKey, consumerSecret: c.cloudblueAps.consumerSecret, ...common };
    case "CloudBlueSimpleClient": {
      const s = c.cloudblueSimple;
      return { baseUrl: `https://gw.sandbox.test${s.basePath}`, subscriptionKey: s.subscriptionKey, username: s.username, password: s.password, marketplace: s.marketplace, ...common };
    }
    case "CloudmoreClient": {
      const m = c.cloudmore;
      return {
        baseUrl: "https://api.cloudmore.sandbox.test",
        seller: { sellerId: m.seller.sellerId, username: m.seller.username, password: m.seller.password, apiSecret: m.seller.apiSecret },
        broker: { resellerId: m.broker.resellerId, username: m.broker.username, password: m.broker.password, apiSecret: m.broker.apiSecret },
        ...common,
      };
    }
    default:
      return undefined;
  }
}

/** Where each client takes a token provider: (options, provider) => options. */
export const WITH_TOKEN_PROVIDER = {
  OmnissaClient: (o, p) => ({ partnerId: o.partnerId, baseUrl: o.baseUrl, fetch: o.fetch, timeoutMs: o.timeoutMs, maxRetries: o.maxRetries, tokenProvider: p }),
  CloudBlueApsClient: (o, p) => ({ baseUrl: o.baseUrl, fetch: o.fetch, timeoutMs: o.timeoutMs, maxRetries: o.maxRetries, apsToken: p }),
  CloudBlueSimpleClient: (o, p) => ({ baseUrl: o.baseUrl, subscriptionKey: o.subscriptionKey, fetch: o.fetch, timeoutMs: o.timeoutMs, maxRetries: o.maxRetries, tokenProvider: p }),
  CloudmoreClient: (o, p) => ({ ...o, seller: { sellerId: o.seller.sellerId, tokenProvider: p }, broker: { resellerId: o.broker.resellerId, tokenProvider: p } }),
};

/** A working instance of class `cls` of module `M`, or undefined when we do not know how. */
export function makeInstance(M, cls, ctx, extra) {
  const C = M[cls];
  if (!C) return undefined;
  if (cls === "Sandbox") return new C();
  if (cls === "Rql") return C.eq("a", "b");
  if (cls === "Portfolio") {
    const client = (name) => makeInstance(M, name, ctx, extra);
    return new C({ omnissa: client("OmnissaClient"), cloudblueAps: client("CloudBlueApsClient"), cloudblueSimple: client("CloudBlueSimpleClient"), cloudmore: client("CloudmoreClient") }, { now: () => 1_767_225_600_000 });
  }
  const opts = clientOptions(cls, ctx, extra);
  return opts ? new C(opts) : undefined;
}

/** Valid arguments per callable id. Unknown callables get `fn.length` strings. */
export function validArgs(callable, ctx) {
  const F = ctx.fx;
  const cm = ctx.creds.cloudmore;
  const sid = "M000000001";
  const { uuid, contract } = F;
  const T = {
    // Omnissa
    "OmnissaClient#addSecondaryAddOn()": () => [{ commitContractReference: contract, serviceInstanceId: sid, offers: [{ sku: "WSD-ABXAP-12PT0-C1S", quantity: 25 }] }, reqOpts()],
    "OmnissaClient#cancelSubscription()": () => [{ serviceInstanceId: sid, commitContractReference: contract }, reqOpts()],
    "OmnissaClient#createOrder()": () => [F.omnissaOrder(), reqOpts()],
    "OmnissaClient#getOrderStatus()": () => ["REQ-00000000", reqOpts()],
    "OmnissaClient#getSubscription()": () => [sid, reqOpts()],
    "OmnissaClient#increaseQuantity()": () => [{ commitContractReference: contract, serviceInstanceId: sid, offers: [{ sku: "WSD-AWOSP-12PT0-C1S", fromQuantity: 25, toQuantity: "40" }] }, reqOpts()],
    "OmnissaClient#listSubscriptions()": () => [reqOpts()],
    "OmnissaClient#renewSubscription()": () => [{ commitContractReference: contract, serviceInstanceId: sid, offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 45 }] }, reqOpts()],
    "OmnissaClient#upgradeSubscription()": () => [{ commitContractReference: contract, serviceInstanceId: sid, offers: [{ fromSku: "WSD-AWOSP-12PT0-C1S", toSku: "WSD-AWOAP-12PT0-C1S", quantity: 40 }] }, reqOpts()],
    "OmnissaClient#validateCancellation()": () => [{ serviceInstanceId: sid }, { subscription: F.subscription(), now: 1_767_225_600_000 }],
    "OmnissaClient#validateOrder()": () => [F.omnissaOrder()],
    "OmnissaClient#validateQuantityIncrease()": () => [{ commitContractReference: contract, serviceInstanceId: sid, offers: [{ sku: "WSD-AWOSP-12PT0-C1S", fromQuantity: 100, toQuantity: 120 }] }, { subscription: F.subscription() }],
    "OmnissaClient#validateRenewal()": () => [{ commitContractReference: contract, serviceInstanceId: sid, offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 100 }] }, { subscription: F.subscription(), now: 1_770_000_000_000 }],
    "OmnissaClient#validateSecondaryAddOn()": () => [{ commitContractReference: contract, serviceInstanceId: sid, offers: [{ sku: "WSD-ABXAP-12PT0-C1S", quantity: 5 }] }, { subscription: F.subscription() }],
    "OmnissaClient#validateUpgrade()": () => [{ commitContractReference: contract, serviceInstanceId: sid, offers: [{ fromSku: "WSD-AWOSP-12PT0-C1S", toSku: "WSD-AWOAP-12PT0-C1S", quantity: 40 }] }, { subscription: F.subscription() }],
    "OmnissaClient#waitForOrder()": () => ["REQ-00000000", waitOpts()],
    "new OmnissaClient()": () => [clientOptions("OmnissaClient", ctx)],
    // CloudBlue APS
    "CloudBlueApsClient#activate()": () => [uuid, reqOpts()],
    "CloudBlueApsClient#checkEstimate()": () => [F.estimate()],
    "CloudBlueApsClient#createCustomer()": () => [F.apsCustomer(), reqOpts()],
    "CloudBlueApsClient#createStaffMember()": () => [uuid, F.staff(), reqOpts()],
    "CloudBlueApsClient#estimateCosts()": () => [F.apsOrder(), reqOpts()],
    "CloudBlueApsClient#estimateOrder()": () => [F.apsOrder(), reqOpts()],
    "CloudBlueApsClient#findAccountIdByEmail()": () => ["mw@aps.test", reqOpts()],
    "CloudBlueApsClient#findAccounts()": () => [ctx.M.Rql ? ctx.M.Rql.eq("techContact.email", "mw@aps.test") : "eq(a,b)", reqOpts()],
    "CloudBlueApsClient#findResources()": () => ["accounts", "eq(id,1)", reqOpts()],
    "CloudBlueApsClient#getOrder()": () => [uuid, reqOpts()],
    "CloudBlueApsClient#invite()": () => [uuid, reqOpts()],
    "CloudBlueApsClient#iterateOrders()": () => [{ start: 0, count: 1 }],
    "CloudBlueApsClient#listOrders()": () => [{ start: 0, count: 2 }, reqOpts()],
    "CloudBlueApsClient#iterateSubscriptions()": () => [{ count: 2, status: ["ACTIVE"], resellerId: ctx.creds.cloudblueAps.resellerId }],
    "CloudBlueApsClient#listPaymentMethods()": () => [uuid, reqOpts()],
    "CloudBlueApsClient#listSubscriptions()": () => [{ start: 0, count: 2, expiresBefore: "2027-01-01", period: { unit: "MONTHS", duration: 1 } }, reqOpts()],
    "CloudBlueApsClient#placeOrder()": () => [F.apsOrder(), reqOpts()],
    "CloudBlueApsClient#resetPassword()": () => [uuid, reqOpts()],
    "CloudBlueApsClient#validateCustomer()": () => [F.apsCustomer()],
    "CloudBlueApsClient#validateOrder()": () => [F.apsOrder()],
    "CloudBlueApsClient#validateStaffMember()": () => [uuid, F.staff()],
    "CloudBlueApsClient#waitForOrder()": () => [uuid, waitOpts()],
    "new CloudBlueApsClient()": () => [clientOptions("CloudBlueApsClient", ctx)],
    // CloudBlue SimpleAPI
    "CloudBlueSimpleClient#createCustomer()": () => [F.simpleCustomer(), reqOpts()],
    "CloudBlueSimpleClient#createOrder()": () => [F.simpleOrder(), reqOpts()],
    "CloudBlueSimpleClient#estimateOrder()": () => [F.simpleOrder(), reqOpts()],
    "CloudBlueSimpleClient#getCustomer()": () => [ctx.creds.cloudblueSimple.customerId, reqOpts()],
    "CloudBlueSimpleClient#getOrder()": () => ["ORD-1", reqOpts()],
    "CloudBlueSimpleClient#getPlan()": () => ["10005", reqOpts()],
    "CloudBlueSimpleClient#getSubscription()": () => ["SUB-1", reqOpts()],
    "CloudBlueSimpleClient#iterateCustomers()": () => [{ name: "a", limit: 2 }],
    "CloudBlueSimpleClient#iterateOrders()": () => [{ customerId: "1000027", limit: 2 }],
    "CloudBlueSimpleClient#iterateProducts()": () => [{ serviceName: "O365", limit: 2 }],
    "CloudBlueSimpleClient#iterateSubscriptions()": () => [{ customerId: "1000027", limit: 2 }],
    "CloudBlueSimpleClient#listCustomers()": () => [{ limit: 2, offset: 0 }, reqOpts()],
    "CloudBlueSimpleClient#listOrders()": () => [{ limit: 2 }, reqOpts()],
    "CloudBlueSimpleClient#listPlans()": () => [{ limit: 2 }, reqOpts()],
    "CloudBlueSimpleClient#listProducts()": () => [{ limit: 3, offset: 0, mpn: "ACR-BACKUP-100" }, reqOpts()],
    "CloudBlueSimpleClient#listSubscriptions()": () => [{ limit: 2 }, reqOpts()],
    "CloudBlueSimpleClient#setCatalog()": () => [[F.product()]],
    "CloudBlueSimpleClient#validateCustomer()": () => [F.simpleCustomer()],
    "CloudBlueSimpleClient#validateOrder()": () => [F.simpleOrder(), { products: [F.product()], subscribedMpns: ["X"] }],
    "CloudBlueSimpleClient#waitForOrder()": () => ["ORD-1", waitOpts()],
    "new CloudBlueSimpleClient()": () => [clientOptions("CloudBlueSimpleClient", ctx)],
    // Cloudmore
    "CloudmoreClient#cancelOrganizationSubscription()": () => [F.acme(), uuid, reqOpts()],
    "CloudmoreClient#clearPriceLists()": () => [],
    "CloudmoreClient#createOrganizationSubscription()": () => [F.acme(), { productId: cm.productId, quantity: 1, name: "x", extra: { tag: "t" } }, reqOpts()],
    "CloudmoreClient#getApplicablePriceList()": () => [F.acme(), reqOpts()],
    "CloudmoreClient#getOrganizationPriceList()": () => [F.acme(), reqOpts()],
    "CloudmoreClient#getOrganizationSubscription()": () => [F.acme(), uuid, reqOpts()],
    "CloudmoreClient#getResellerPriceList()": () => [cm.serviceId, { currencyCode: "EUR" }, reqOpts()],
    "CloudmoreClient#getSellerSubscription()": () => [uuid, reqOpts()],
    "CloudmoreClient#getSubscriptionHistory()": () => [F.acme(), uuid, reqOpts()],
    "CloudmoreClient#lastKnownStatus()": () => [uuid],
    "CloudmoreClient#listOrganizationSubscriptions()": () => [F.acme(), reqOpts()],
    "CloudmoreClient#listResellerServiceSubscriptions()": () => [cm.serviceId, reqOpts()],
    "CloudmoreClient#listSellerSubscriptionsByService()": () => [cm.serviceId, reqOpts()],
    "CloudmoreClient#listSellerSubscriptions()": () => [reqOpts()],
    "CloudmoreClient#removeSellerSubscription()": () => [uuid, "Cancel", reqOpts()],
    "CloudmoreClient#setLicenseKey()": () => [uuid, "ACME-ENT-0042", reqOpts()],
    "CloudmoreClient#setPriceList()": () => [F.priceList()],
    "CloudmoreClient#updateOrganizationSubscription()": () => [F.acme(), uuid, { quantity: "2", extra: { tag: "t" } }, reqOpts()],
    "CloudmoreClient#validateCreate()": () => [F.acme(), { productId: cm.productId, quantity: 1, extra: { a: [1] } }, F.priceList()],
    "CloudmoreClient#validateLicenseKey()": () => ["ACME-ENT-0042"],
    "CloudmoreClient#validateUpdate()": () => [F.acme(), uuid, { quantity: 2 }, F.priceList()],
    "new CloudmoreClient()": () => [clientOptions("CloudmoreClient", ctx)],
    // Rql
    "Rql.and()": () => [[ctx.M.Rql.eq("a", 1), "raw(x)"]],
    "Rql.composing()": () => ["http://aps-standard.org/types/core/resource/1.0"],
    "Rql.eq()": () => ["companyName", "x),or(eq(a,b)"],
    "Rql.ge()": () => ["n", 1],
    "Rql.gt()": () => ["n", "1"],
    "Rql.implementing()": () => ["http://parallels.com/aps/types/pa/account/1.2"],
    "Rql.in()": () => ["a", ["x", 1, true, null]],
    "Rql.join()": () => [[ctx.M.Rql.eq("a", 1), ctx.M.Rql.select(["b"])]],
    "Rql.le()": () => ["n", 2],
    "Rql.like()": () => ["name", "ab*c?\\*"],
    "Rql.limit()": () => [0, 10],
    "Rql.linkedWith()": () => [uuid],
    "Rql.lt()": () => ["n", 3],
    "Rql.ne()": () => ["a", false],
    "Rql.not()": () => [ctx.M.Rql.eq("a", 1)],
    "Rql.or()": () => [[ctx.M.Rql.eq("a", 1), ctx.M.Rql.eq("b", 2)]],
    "Rql.out()": () => ["a", ["x", 2]],
    "Rql.select()": () => [["a", "b"]],
    "Rql.sort()": () => [["+a", "-b"]],
    "Rql#toString()": () => [],
    // Portfolio
    "new Portfolio()": () => [{}, { cloudblueAps: { resellerId: uuid } }],
    "Portfolio#list()": () => [{ now: 1_767_225_600_000, signal: new AbortController().signal }],
    "Portfolio#toJSON()": () => [],
    "normalizePortfolio()": () => ["omnissa", [F.subscription()], 1_767_225_600_000, { C: "Company C" }],
    "portfolioDueWithin()": () => [[{ vendor: "omnissa", id: "M1", customer: "C", products: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 1 }], status: "ACTIVE", termEnd: "2026-02-15T08:00:00.000Z", renewal: { opensAt: "2026-01-16T08:00:00.000Z", closesAt: "2026-02-15T08:00:00.000Z", isOpen: true }, raw: {} }], 30, 1_767_225_600_000],
    // Sandbox
    "new Sandbox()": () => [{ now: 1_767_225_600_000 }],
    "Sandbox.credentials()": () => [],
    "Sandbox#advanceOrders()": () => [],
    "Sandbox#advanceTime()": () => [1000],
    "Sandbox#apsToken()": () => [],
    "Sandbox#calls()": () => [],
    "Sandbox#clock": () => [],
    "Sandbox#expireTokens()": () => [],
    "Sandbox#failNextOmnissaOrder()": () => ["Edition not available"],
    "Sandbox#fetch": () => [],
    "Sandbox#handle()": () => [{ method: "GET", url: "https://apigw.sandbox.test/api/sdp/v1/partners/x/subscriptions", headers: { authorization: "Bearer x" }, body: "" }],
    "Sandbox#injectFault()": () => [{ kind: { htmlStatus: 502 }, count: 1, pathContains: "/never-matches" }],
    "Sandbox#now()": () => [],
    "Sandbox#setOmnissaOrderSettings()": () => [{ pendingPolls: 1, pendingMs: 10 }],
    // functions
    "parseSku()": () => ["WSD-AWOSP-12PT0-C1S"],
    "renewalWindow()": () => [F.subscription(), 1_767_225_600_000],
    "isPartnerOrderingError()": () => [new Error("x")],
    "version()": () => [],
    "hasSandbox()": () => [],
    "diagnostics()": () => [],
    // functions handed out by Sandbox getters
    "sandbox.fetch()": () => ["https://apigw.sandbox.test/api/sdp/v1/partners/SANDBOX-PARTNER/subscriptions", { method: "GET", headers: { partnerId: "SANDBOX-PARTNER" } }],
    "sandbox.clock()": () => [],
  };
  const t = T[callable.id];
  if (t) return t();
  return Array.from({ length: callable.fn.length }, () => "x");
}

// ---- calling --------------------------------------------------------------------------

/** Calls `callable` with `self` as `this` (constructors with `new`). */
export function invoke(callable, self, args) {
  switch (callable.kind) {
    case "constructor": {
      const inst = Reflect.construct(callable.fn, args);
      try { inst?.free?.(); } catch { /* a construct that succeeded is all we judge */ }
      return inst;
    }
    case "getter":
      return Reflect.apply(callable.fn, self, []);
    default:
      return Reflect.apply(callable.fn, self, args);
  }
}

// ---- health ---------------------------------------------------------------------------

const fail = (what, got) => `${what}; got ${typeof got === "object" ? JSON.stringify(got)?.slice(0, 200) : String(got)}`;

/** Quick synchronous checks that an instance still works (used on victims of wrong `this`). */
export const QUICK_HEALTH = {
  OmnissaClient: (c, ctx) => { const r = c.validateOrder(ctx.fx.omnissaOrder()); return r?.ok === true ? null : fail("validateOrder(valid).ok should be true", r); },
  CloudBlueApsClient: (c, ctx) => { const r = c.checkEstimate(ctx.fx.estimate()); return r?.ok === true ? null : fail("checkEstimate(valid).ok should be true", r); },
  CloudBlueSimpleClient: (c, ctx) => { const r = c.validateCustomer(ctx.fx.simpleCustomer()); return r?.ok === true ? null : fail("validateCustomer(valid).ok should be true", r); },
  CloudmoreClient: (c) => { const r = c.validateLicenseKey("ACME-ENT-0042"); return r?.ok === true ? null : fail("validateLicenseKey(valid).ok should be true", r); },
  Sandbox: (s) => { const n = s.now(); return typeof n === "number" && Array.isArray(s.calls()) ? null : fail("now() should be a number", n); },
  Rql: (r) => { const s = r.toString(); return s === "eq(a,b)" ? null : fail('toString() should be "eq(a,b)"', s); },
  Portfolio: (p) => { const v = p.toJSON()?.Portfolio?.vendors; return Array.isArray(v) && v.length === 4 ? null : fail("toJSON() should name the four vendors", v); },
};

/** Full checks, network included (the sandbox behind `ctx.fetch` should be fresh). */
export const HEALTH = {
  async OmnissaClient(c, ctx) {
    const subs = await c.listSubscriptions();
    if (!Array.isArray(subs) || subs.length !== 5) return fail("listSubscriptions() should give 5 subscriptions", subs?.length);
    return QUICK_HEALTH.OmnissaClient(c, ctx);
  },
  async CloudBlueApsClient(c, ctx) {
    const id = await c.findAccountIdByEmail(ctx.creds.cloudblueAps.resellerEmail);
    if (!/^[0-9a-f-]{36}$/.test(id)) return fail("findAccountIdByEmail should find the reseller", id);
    return QUICK_HEALTH.CloudBlueApsClient(c, ctx);
  },
  async CloudBlueSimpleClient(c, ctx) {
    const page = await c.listProducts({ limit: 3 });
    if (page?.pagination?.total !== 11) return fail("listProducts() should report 11 products", page?.pagination);
    return QUICK_HEALTH.CloudBlueSimpleClient(c, ctx);
  },
  async CloudmoreClient(c, ctx) {
    const subs = await c.listSellerSubscriptions();
    if (!Array.isArray(subs) || subs.length < 1) return fail("listSellerSubscriptions() should list the seeded subscriptions", subs);
    return QUICK_HEALTH.CloudmoreClient(c, ctx);
  },
  async Sandbox(s, ctx) {
    // Any Response: the fuzz may have injected faults into this sandbox (never "hang").
    const r = await s.fetch("https://apigw.sandbox.test/nothing");
    if (!(r instanceof Response)) return fail("sandbox.fetch(unknown route) should give a Response", r);
    return QUICK_HEALTH.Sandbox(s, ctx);
  },
  async Portfolio(p, ctx) {
    const view = await p.list();
    if (!view?.complete || view.entries.length < 10) return fail("list() should give every vendor's subscriptions", view?.errors);
    return QUICK_HEALTH.Portfolio(p, ctx);
  },
  async Rql(r, ctx) {
    const s = String(ctx.M.Rql.select(["a", "b"]));
    if (s !== "select(a,b)") return fail('Rql.select(["a","b"]) should be "select(a,b)"', s);
    return QUICK_HEALTH.Rql(r, ctx);
  },
};

/** Checks of the module's functions. */
export function moduleHealth(M) {
  if (M.parseSku && M.parseSku("WSD-AWOSP-12PT0-C1S")?.wellFormed !== true) return "parseSku(valid).wellFormed should be true";
  if (M.version && !/^\d+\.\d+\.\d+/.test(M.version())) return "version() should be semver";
  if (M.Rql && String(M.Rql.eq("a", "b")) !== "eq(a,b)") return 'Rql.eq("a","b") should be "eq(a,b)"';
  if (M.isPartnerOrderingError && M.isPartnerOrderingError(new Error("x")) !== false) return "isPartnerOrderingError(new Error) should be false";
  return null;
}

// ---- spoiling arguments ------------------------------------------------------------------

const isPlain = (v) => v !== null && typeof v === "object" && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype);

/** Every path into plain data of `root` (arrays and plain objects only), depth-first. */
export function paths(root, max = 6) {
  const out = [];
  const walk = (v, p) => {
    if (p.length >= max || !isPlain(v)) return;
    for (const k of Object.keys(v)) {
      out.push([...p, Array.isArray(v) ? Number(k) : k]);
      walk(v[k], [...p, Array.isArray(v) ? Number(k) : k]);
    }
  };
  walk(root, []);
  return out;
}

export const getPath = (root, path) => path.reduce((v, k) => (v == null ? undefined : v[k]), root);

/** Replaces the value at `path` in `root` (mutates; the templates are fresh each time). */
export function setPath(root, path, value) {
  let v = root;
  for (const k of path.slice(0, -1)) v = v[k];
  v[path[path.length - 1]] = value;
  return root;
}

export const pathName = (path) => path.map((k, i) => (i === 0 ? `arg${k}` : typeof k === "number" ? `[${k}]` : `.${k}`)).join("");

/** Paths that end at `signal` (where the signal factories matter most). */
export const signalPaths = (root) => paths(root).filter((p) => p[p.length - 1] === "signal");
