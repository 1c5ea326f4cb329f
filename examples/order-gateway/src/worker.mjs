// Order gateway: a Cloudflare Worker between a partner portal (browser) and the partner ordering
// APIs. The portal POSTs an order as JSON; the gateway validates it with the library's own
// validators, and only a valid order is sent upstream, with credentials that live in Worker
// secrets and never leave the Worker.
//
//   POST /orders/omnissa        Omnissa MSP Ordering: a new subscription order (NewOrder)
//   POST /orders/cloudblue      CloudBlue Commerce SimpleAPI: an order (NewSimpleOrder)
//   POST /orders/cloudblue-aps  CloudBlue Commerce APS order manager: an order (NewApsOrder)
//   POST /orders/cloudmore      Cloudmore: a custom-service subscription for an organization
//                               ({ organizationId, serviceId } plus NewCloudmoreSubscription)
//
// Every answer is JSON. See README.md beside this file for the status codes and bodies. An order
// with an `Idempotency-Key` header is placed at most once per caller and key (idempotency.mjs).
//
// `import … from "partner-ordering"` resolves to the package's `workerd` entry when bundled with
// the `workerd`/`worker` conditions (wrangler does this by default): that entry imports the .wasm
// as a compiled WebAssembly.Module and calls `initSync({ module })`, since Workers cannot compile
// wasm bytes at run time.
import {
  CloudBlueApsClient,
  CloudBlueSimpleClient,
  CloudmoreClient,
  OmnissaClient,
  isPartnerOrderingError,
} from "partner-ordering";
import { fingerprint, idempotencySettings, parseKey } from "./idempotency.mjs";

// Durable Object classes must be exported by the Worker's main module.
export { IdempotencyStore } from "./idempotency.mjs";

/** Largest accepted request body, in bytes. */
const MAX_BODY_BYTES = 64 * 1024;
/** Default deadline for one upstream call, retries included (env.UPSTREAM_TIMEOUT_MS overrides). */
const DEFAULT_TIMEOUT_MS = 25_000;

/** Options object without the keys whose value is undefined or "" (unset vars). */
function defined(options) {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined && v !== ""));
}

/** A Cloudmore order: where (`organizationId`, `serviceId`) and what (the rest). */
function cloudmoreParts({ organizationId, serviceId, ...subscription }) {
  return [{ organizationId, serviceId }, subscription];
}

/**
 * One entry per partner API; the route is `/orders/<key>`.
 *
 * - `secrets`: env names that hold credentials. They are redacted from every answer, as a last
 *   line of defence (the library never puts them in messages).
 * - `connect(env, common)`: a client configured from Worker vars and secrets; `common` carries
 *   `timeoutMs`. Throws a CONFIGURATION_ERROR when settings are missing.
 * - `validate(client, order)`: the library's non-throwing validator, `{ ok, issues }`.
 * - `place(client, order, options)`: sends the order (`options`: the per-call `timeoutMs` and `deadlineMs`);
 *   rejects with a PartnerOrderingError.
 * - `accepted(result)`: the ids the portal needs, merged into the 202 body.
 */
export const PROVIDERS = {
  omnissa: {
    api: "omnissa",
    secrets: ["OMNISSA_APP_ID", "OMNISSA_APP_SECRET"],
    connect: (env, common) => new OmnissaClient(defined({
      partnerId: env.OMNISSA_PARTNER_ID,
      appId: env.OMNISSA_APP_ID,
      appSecret: env.OMNISSA_APP_SECRET,
      baseUrl: env.OMNISSA_BASE_URL,      // default https://apigw.omnissa.com
      tokenUrl: env.OMNISSA_TOKEN_URL,    // default <gateway origin>/v1/m0/application/oauth2/token
      ...common,
    })),
    validate: (client, order) => client.validateOrder(order),
    place: (client, order, options) => client.createOrder(order, options),
    accepted: (result) => ({ requestId: result.requestId }),
  },
  cloudblue: {
    api: "cloudblueSimple",
    secrets: ["CLOUDBLUE_SUBSCRIPTION_KEY", "CLOUDBLUE_USERNAME", "CLOUDBLUE_PASSWORD"],
    connect: (env, common) => new CloudBlueSimpleClient(defined({
      baseUrl: env.CLOUDBLUE_BASE_URL,    // with the marketplace path, e.g. https://api.cloud.im/marketplace/eu
      subscriptionKey: env.CLOUDBLUE_SUBSCRIPTION_KEY,
      username: env.CLOUDBLUE_USERNAME,
      password: env.CLOUDBLUE_PASSWORD,
      marketplace: env.CLOUDBLUE_MARKETPLACE,
      ...common,
    })),
    validate: (client, order) => client.validateOrder(order),
    place: (client, order, options) => client.createOrder(order, options),
    accepted: (order) => ({
      orderId: order.id,
      orderNumber: order.orderNumber,
      orderStatus: order.status,
      total: order.total,
    }),
  },
  "cloudblue-aps": {
    api: "cloudblueAps",
    secrets: ["CLOUDBLUE_APS_CONSUMER_KEY", "CLOUDBLUE_APS_CONSUMER_SECRET"],
    connect: (env, common) => new CloudBlueApsClient(defined({
      baseUrl: env.CLOUDBLUE_APS_BASE_URL,            // platform origin, e.g. https://cbc.example.com
      consumerKey: env.CLOUDBLUE_APS_CONSUMER_KEY,    // OAuth 1.0a
      consumerSecret: env.CLOUDBLUE_APS_CONSUMER_SECRET,
      actorScope: env.CLOUDBLUE_APS_ACTOR_SCOPE,
      resourceId: env.CLOUDBLUE_APS_RESOURCE_ID,
      ...common,
    })),
    validate: (client, order) => client.validateOrder(order),
    place: (client, order, options) => client.placeOrder(order, options),
    accepted: (placed) => ({ orderId: placed.orderId }),
  },
  cloudmore: {
    api: "cloudmore",
    secrets: ["CLOUDMORE_USERNAME", "CLOUDMORE_PASSWORD", "CLOUDMORE_API_SECRET"],
    // Broker-level credentials: creating an organization's subscription is a broker operation.
    connect: (env, common) => new CloudmoreClient(defined({
      baseUrl: env.CLOUDMORE_BASE_URL,    // default https://api.cloudmore.com
      broker: {
        resellerId: env.CLOUDMORE_RESELLER_ID,
        username: env.CLOUDMORE_USERNAME,
        password: env.CLOUDMORE_PASSWORD,
        apiSecret: env.CLOUDMORE_API_SECRET,
      },
      ...common,
    })),
    // Ids, quantity and licence rules here; the product is checked against the organization's
    // applicable price list by `createOrganizationSubscription` (read-only GETs) before the POST.
    validate: (client, order) => client.validateCreate(...cloudmoreParts(order)),
    place: (client, order, options) => client.createOrganizationSubscription(...cloudmoreParts(order), options),
    accepted: (sub) => ({ subscriptionId: sub.id, status: sub.status }),
  },
};

/** Env names redacted from every answer: every provider's credentials and the gateway tokens. */
const SECRET_NAMES = ["GATEWAY_TOKEN", "GATEWAY_TOKENS", ...Object.values(PROVIDERS).flatMap((p) => p.secrets)];

// ---------------------------------------------------------------------------------------------
// Responses

function allowedOrigins(env) {
  return String(env.ALLOWED_ORIGIN ?? "").split(",").map((o) => o.trim()).filter(Boolean);
}

function corsHeaders(request, env) {
  const origin = request.headers.get("origin");
  const headers = { vary: "Origin" };
  if (origin && allowedOrigins(env).includes(origin)) {
    headers["access-control-allow-origin"] = origin;
    headers["access-control-expose-headers"] = "Retry-After, Idempotent-Replayed";
  }
  return headers;
}

function redact(text, env) {
  const values = SECRET_NAMES.map((name) => env[name]);
  try { values.push(...gatewayTokens(env).values()); } catch { /* malformed: answered as a configuration error */ }
  for (const value of values) {
    if (typeof value === "string" && value.length >= 4) text = text.split(value).join("[redacted]");
  }
  return text;
}

/** A JSON answer from its (already redacted) text: replays send the kept text as it was. */
function respond(request, env, status, text, extra = {}) {
  return new Response(text, {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      ...corsHeaders(request, env),
      ...extra,
    },
  });
}

function json(request, env, status, body, extra = {}) {
  return respond(request, env, status, redact(JSON.stringify(body), env), extra);
}

const issueOut = ({ path, code, message, severity }) => ({ path, code, message, severity });

/** The 422 body: the library's issues, errors and warnings alike. */
function invalid(request, env, api, issues) {
  return json(request, env, 422, {
    error: "invalid_request",
    api,
    message: "the order is invalid and was not sent",
    issues: issues.map(issueOut),
  });
}

/**
 * The gateway's HTTP status for a PartnerOrderingError from an upstream call:
 *
 * | what happened                                        | gateway status       |
 * | ---------------------------------------------------- | -------------------- |
 * | client-side validation (INVALID_REQUEST)             | 422                  |
 * | upstream 400, 404, 409, 422: the API refused it      | the same status      |
 * | upstream 401, 403, 407: the gateway's credentials    | 502                  |
 * | upstream 429                                         | 429 (+ Retry-After)  |
 * | upstream 503                                         | 503 (+ Retry-After)  |
 * | upstream 504, or TIMEOUT (no answer in time)         | 504                  |
 * | any other upstream status, TRANSPORT_ERROR,          | 502                  |
 * | DECODE_ERROR, UNEXPECTED_RESPONSE without status     |                      |
 * | CONFIGURATION_ERROR (gateway vars/secrets missing)   | 500                  |
 */
export function gatewayStatus(e) {
  if (e.kind === "invalidRequest") return 422;
  if (e.kind === "configuration") return 500;
  if (e.kind === "timeout") return 504;
  const s = e.status;
  if (typeof s === "number" && (e.kind === "api" || e.kind === "unexpectedResponse")) {
    if ([400, 404, 409, 422].includes(s)) return s;
    if (s === 429 || s === 503 || s === 504) return s;
  }
  return 502;
}

/** 500 for a gateway whose vars or secrets are missing or wrong: details go to the logs only. */
function configurationError(request, env, api, e, subject = api) {
  console.error(`order gateway: ${subject} is not configured: ${e?.message ?? e}`);
  return json(request, env, 500, {
    error: "configuration_error", kind: "configuration", code: "CONFIGURATION_ERROR", api,
    message: "the gateway is not configured for this API", retryable: false, mayHaveBeenSent: false,
  });
}

/**
 * The structured error body for an upstream failure (see README.md, "Upstream failure").
 * `mayHaveBeenSent` is the order's: false when the failing request was a token request or a read.
 */
function upstreamError(request, env, api, e, mayHaveBeenSent = e.mayHaveBeenSent) {
  const status = gatewayStatus(e);
  if (e.kind === "invalidRequest") return invalid(request, env, e.api ?? api, e.issues ?? []);
  if (e.kind === "configuration") return configurationError(request, env, api, e);
  if (status >= 500) console.error(`order gateway: ${api}: ${e.code} ${e.status ?? ""} trace ${e.traceId ?? "-"}: ${e.message}`);
  const extra = {};
  if (typeof e.retryAfterMs === "number") extra["retry-after"] = String(Math.max(0, Math.ceil(e.retryAfterMs / 1000)));
  return json(request, env, status, {
    error: e.code.toLowerCase(),          // "api_error", "unexpected_response", "transport_error", …
    kind: e.kind,
    code: e.code,
    api: e.api ?? api,
    status: e.status ?? null,             // the partner API's HTTP status; null when none arrived
    apiCode: e.apiCode ?? null,
    message: e.message,
    traceId: e.traceId ?? null,           // quote it to the partner's support
    retryable: e.retryable,
    mayHaveBeenSent,                      // true: check the order's status before resubmitting
    ...(typeof e.retryAfterMs === "number" ? { retryAfterMs: e.retryAfterMs } : {}),
    issues: (e.issues ?? []).map(issueOut),
  }, extra);
}

// ---------------------------------------------------------------------------------------------
// Request checks

/** Constant-time string comparison (no early exit on the first differing character). */
function sameSecret(a, b) {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** A caller id in GATEWAY_TOKENS: it names the caller and scopes its idempotency keys. */
const CALLER_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The bearer tokens callers may present, caller id → token: the entries of GATEWAY_TOKENS (a
 * JSON object, `{"portal-eu":"…","back-office":"…"}`) and GATEWAY_TOKEN as caller "default".
 * Throws when they are malformed (a configuration error), never naming a token.
 */
function gatewayTokens(env) {
  const tokens = new Map();
  if (env.GATEWAY_TOKENS) {
    let parsed;
    try { parsed = JSON.parse(env.GATEWAY_TOKENS); } catch { /* reported below */ }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("GATEWAY_TOKENS is not a JSON object");
    for (const [id, token] of Object.entries(parsed)) {
      if (!CALLER_ID.test(id) || typeof token !== "string" || token === "") throw new Error(`GATEWAY_TOKENS: entry "${CALLER_ID.test(id) ? id : "?"}" needs an id of 1 to 64 letters, digits, . _ - and a non-empty token`);
      tokens.set(id, token);
    }
  }
  if (env.GATEWAY_TOKEN) {
    if (tokens.has("default")) throw new Error("GATEWAY_TOKENS has a \"default\" entry and GATEWAY_TOKEN is set");
    tokens.set("default", env.GATEWAY_TOKEN);
  }
  if (new Set(tokens.values()).size !== tokens.size) throw new Error("two callers have the same token");
  return tokens;
}

/**
 * Who is calling: a caller id, or null when tokens are configured and the request bears none of
 * them. Without tokens every request is caller "anonymous". To authorize users instead (e.g. by
 * verifying the portal's session JWT), return the user or tenant here: idempotency keys follow.
 */
function callerOf(request, env) {
  const tokens = gatewayTokens(env);
  if (tokens.size === 0) return "anonymous";
  const m = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "");
  if (m === null) return null;
  let caller = null;
  // Every token is compared, so the time taken does not tell which caller a guess came close to.
  for (const [id, token] of tokens) if (sameSecret(m[1].trim(), token)) caller ??= id;
  return caller;
}

async function readOrder(request) {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") return { status: 415, error: "unsupported_media_type", message: "send the order as Content-Type: application/json" };
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) return { status: 413, error: "payload_too_large", message: `the body may be at most ${MAX_BODY_BYTES} bytes` };
  const bytes = await request.arrayBuffer();
  if (bytes.byteLength > MAX_BODY_BYTES) return { status: 413, error: "payload_too_large", message: `the body may be at most ${MAX_BODY_BYTES} bytes` };
  let order;
  try {
    order = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (e) {
    return { status: 400, error: "malformed_json", message: `the body is not valid JSON: ${e.message}` };
  }
  return { order };
}

// ---------------------------------------------------------------------------------------------
// The Worker

/**
 * True for a request that may place the order: a write that is not a token request. Token
 * requests (every API's token path ends in /token) and reads (catalog, price lists) place nothing.
 * A custom token URL without /token counts as a write: wrong only on the safe side.
 */
function isOrderWrite(input, init) {
  const method = String(init?.method ?? "GET").toUpperCase();
  return method !== "GET" && method !== "HEAD" && !new URL(String(input)).pathname.endsWith("/token");
}

/**
 * Validates and places one order. Resolves to `{ response, orderMayExist }`: `orderMayExist` is
 * false when this request certainly placed no order, because it stopped before the order's write
 * left the gateway or the API answered that write with a 4xx (the API refused the order or the
 * gateway's credentials).
 */
async function placeOrder(request, env, provider, order, timeoutMs) {
  // The client's requests, watched: `wrote` once an order write starts; `unrefused` counts the
  // writes not answered with a 4xx. Judged by the write's own answer, not by the error, which
  // may come from another request of the call.
  let wrote = false, unrefused = 0;
  const watched = async (input, init) => {
    if (!isOrderWrite(input, init)) return fetch(input, init);
    wrote = true;
    unrefused++;
    const response = await fetch(input, init);
    if (response.status >= 400 && response.status < 500) unrefused--;
    return response;
  };
  let client;
  try {
    client = provider.connect(env, { timeoutMs, fetch: watched });
  } catch (e) {
    // Everything `connect` reads comes from the Worker's vars and secrets, so any failure here
    // (CONFIGURATION_ERROR: a missing setting, a malformed base URL) is the gateway's own
    // configuration and must not reach the browser as a 422 about the order.
    return { response: configurationError(request, env, provider.api, e), orderMayExist: false };
  }
  try {
    // The library's validator; nothing goes upstream unless it passes.
    const report = provider.validate(client, order);
    if (!report.ok) return { response: invalid(request, env, provider.api, report.issues), orderMayExist: false };
    // Per attempt, and a deadline for the whole call (token, reads with their retries, the
    // write) inside the idempotency key's lease of 2 × UPSTREAM_TIMEOUT_MS: so a key never
    // outlives its lease while its order is still being placed.
    const result = await provider.place(client, order, { timeoutMs, deadlineMs: Math.floor(timeoutMs * 1.8) });
    const response = json(request, env, 202, { api: provider.api, ...provider.accepted(result), warnings: report.issues.map(issueOut) });
    return { response, orderMayExist: true };
  } catch (e) {
    if (!isPartnerOrderingError(e)) {
      console.error(`order gateway: ${provider.api}: unexpected failure`, e);
      const response = json(request, env, 500, { error: "internal_error", api: provider.api, message: "unexpected gateway failure" });
      return { response, orderMayExist: unrefused > 0 };
    }
    return { response: upstreamError(request, env, provider.api, e, wrote && e.mayHaveBeenSent), orderMayExist: unrefused > 0 };
  } finally {
    client?.free();
  }
}

/**
 * Places the order at most once per (caller, key): replays the kept answer, refuses a key that is
 * in flight (409) or was used for another order (422), else places it and records the outcome.
 */
async function placeOnce(request, env, ctx, { route, provider, order, caller, key, settings, timeoutMs }) {
  const store = env.IDEMPOTENCY.get(env.IDEMPOTENCY.idFromName(caller));
  const print = await fingerprint(route, order);
  let claim;
  try {
    claim = await store.begin(key, print, settings.ttlMs, settings.leaseMs);
  } catch (e) {
    console.error(`order gateway: idempotency store unavailable: ${e?.message ?? e}`);
    return json(request, env, 503, {
      error: "idempotency_unavailable", message: "the Idempotency-Key could not be checked, so the order was not sent; retry with the same key",
      retryable: true, mayHaveBeenSent: false,
    }, { "retry-after": "1" });
  }
  if (claim.state === "done") return respond(request, env, claim.status, claim.body, { "idempotent-replayed": "true" });
  if (claim.state === "mismatch") {
    return json(request, env, 422, {
      error: "idempotency_key_reused", message: "this Idempotency-Key was used for a different order; use a new key for a new order",
      retryable: false, mayHaveBeenSent: false,
    });
  }
  if (claim.state === "inFlight") {
    return json(request, env, 409, {
      error: "idempotency_key_in_use", message: "an order with this Idempotency-Key is still being placed; retry with the same key shortly",
      retryable: true, mayHaveBeenSent: false,
    }, { "retry-after": "1" });
  }
  const recorded = (async () => {
    const { response, orderMayExist } = await placeOrder(request, env, provider, order, timeoutMs);
    try {
      if (orderMayExist) await store.finish(key, claim.attempt, response.status, await response.clone().text());
      else await store.release(key, claim.attempt);
    } catch (e) {
      // The claim stays in flight until its lease ends, then answers outcome_unknown: a retry
      // never places a second order because a write to the store failed.
      console.error(`order gateway: idempotency: the outcome was not recorded: ${e?.message ?? e}`);
    }
    return response;
  })();
  // Workers cancel a request whose client disconnects; the order and its record must complete.
  ctx.waitUntil(recorded);
  return recorded;
}

async function handleOrder(request, env, ctx, route, provider, caller) {
  const timeoutMs = Number(env.UPSTREAM_TIMEOUT_MS) > 0 ? Math.min(Math.ceil(Number(env.UPSTREAM_TIMEOUT_MS)), 2 ** 31 - 1) : DEFAULT_TIMEOUT_MS;
  const settings = idempotencySettings(env, timeoutMs);
  const { key, error: keyError } = parseKey(request.headers.get("idempotency-key"));
  if (keyError) return json(request, env, 400, { error: "idempotency_key_invalid", message: keyError });
  if (key === null && settings.required) {
    return json(request, env, 400, { error: "idempotency_key_missing", message: "send an Idempotency-Key header (a new UUID per order) so that a retry cannot place the order twice" });
  }

  const read = await readOrder(request);
  if (read.error) return json(request, env, read.status, { error: read.error, message: read.message });
  const { order } = read;
  if (order === null || typeof order !== "object" || Array.isArray(order)) {
    return invalid(request, env, provider.api, [{ path: "", code: "invalid_type", message: "the order must be a JSON object", severity: "error" }]);
  }
  if (key === null) return (await placeOrder(request, env, provider, order, timeoutMs)).response;
  if (!env.IDEMPOTENCY) {
    // A caller that sends a key relies on it: never place its order without the store.
    return configurationError(request, env, provider.api, new Error("the IDEMPOTENCY Durable Object binding is missing"), "idempotency");
  }
  return placeOnce(request, env, ctx, { route, provider, order, caller, key, settings, timeoutMs });
}

export default {
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    const m = /^\/orders\/([a-z0-9-]+)\/?$/.exec(pathname);
    const provider = m && Object.hasOwn(PROVIDERS, m[1]) ? PROVIDERS[m[1]] : undefined;
    if (!provider) return json(request, env, 404, { error: "not_found", message: `no route ${pathname}` });

    const origin = request.headers.get("origin");
    const originOk = !origin || allowedOrigins(env).includes(origin);
    if (request.method === "OPTIONS") {
      if (!originOk) return json(request, env, 403, { error: "origin_not_allowed", message: "this origin may not call the gateway" });
      return new Response(null, {
        status: 204,
        headers: {
          ...corsHeaders(request, env),
          "access-control-allow-methods": "POST, OPTIONS",
          "access-control-allow-headers": "Content-Type, Authorization, Idempotency-Key",
          "access-control-max-age": "600",
        },
      });
    }
    // Browsers enforce CORS on their side; refusing foreign origins here as well stops a page on
    // another site from placing orders with a simple (preflight-free) request.
    if (!originOk) return json(request, env, 403, { error: "origin_not_allowed", message: "this origin may not call the gateway" });
    if (request.method !== "POST") {
      return json(request, env, 405, { error: "method_not_allowed", message: "use POST" }, { allow: "POST, OPTIONS" });
    }
    let caller;
    try {
      caller = callerOf(request, env);
    } catch (e) {
      return configurationError(request, env, provider.api, e, "authentication");   // fail closed
    }
    if (caller === null) {
      return json(request, env, 401, { error: "unauthorized", message: "missing or wrong bearer token" }, { "www-authenticate": 'Bearer realm="order-gateway"' });
    }
    return handleOrder(request, env, ctx, m[1], provider, caller);
  },
};
