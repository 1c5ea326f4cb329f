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
// Every answer is JSON. See README.md beside this file for the status codes and bodies.
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
 * - `place(client, order)`: sends the order; rejects with a PartnerOrderingError.
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
    place: (client, order) => client.createOrder(order),
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
    place: (client, order) => client.createOrder(order),
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
    place: (client, order) => client.placeOrder(order),
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
    place: (client, order) => client.createOrganizationSubscription(...cloudmoreParts(order)),
    accepted: (sub) => ({ subscriptionId: sub.id, status: sub.status }),
  },
};

/** Env names redacted from every answer: every provider's credentials and the gateway token. */
const SECRET_NAMES = ["GATEWAY_TOKEN", ...Object.values(PROVIDERS).flatMap((p) => p.secrets)];

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
    headers["access-control-expose-headers"] = "Retry-After";
  }
  return headers;
}

function redact(text, env) {
  for (const name of SECRET_NAMES) {
    const value = env[name];
    if (typeof value === "string" && value.length >= 4) text = text.split(value).join("[redacted]");
  }
  return text;
}

function json(request, env, status, body, extra = {}) {
  return new Response(redact(JSON.stringify(body), env), {
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
function configurationError(request, env, api, e) {
  console.error(`order gateway: ${api} is not configured: ${e?.message ?? e}`);
  return json(request, env, 500, {
    error: "configuration_error", kind: "configuration", code: "CONFIGURATION_ERROR", api,
    message: "the gateway is not configured for this API", retryable: false, mayHaveBeenSent: false,
  });
}

/** The structured error body for an upstream failure (see README.md, "Upstream failure"). */
function upstreamError(request, env, api, e) {
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
    mayHaveBeenSent: e.mayHaveBeenSent,   // true: check the order's status before resubmitting
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

function authorized(request, env) {
  if (!env.GATEWAY_TOKEN) return true;
  const m = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "");
  return m !== null && sameSecret(m[1].trim(), env.GATEWAY_TOKEN);
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

async function handleOrder(request, env, provider) {
  const read = await readOrder(request);
  if (read.error) return json(request, env, read.status, { error: read.error, message: read.message });
  const { order } = read;
  if (order === null || typeof order !== "object" || Array.isArray(order)) {
    return invalid(request, env, provider.api, [{ path: "", code: "invalid_type", message: "the order must be a JSON object", severity: "error" }]);
  }

  const timeoutMs = Number(env.UPSTREAM_TIMEOUT_MS) > 0 ? Number(env.UPSTREAM_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS;
  let client;
  try {
    client = provider.connect(env, { timeoutMs });
  } catch (e) {
    // Everything `connect` reads comes from the Worker's vars and secrets, so any failure here
    // (CONFIGURATION_ERROR: a missing setting, a malformed base URL) is the gateway's own
    // configuration and must not reach the browser as a 422 about the order.
    return configurationError(request, env, provider.api, e);
  }
  try {
    // The library's validator; nothing goes upstream unless it passes.
    const report = provider.validate(client, order);
    if (!report.ok) return invalid(request, env, provider.api, report.issues);
    const result = await provider.place(client, order);
    return json(request, env, 202, {
      api: provider.api,
      ...provider.accepted(result),
      warnings: report.issues.map(issueOut),
    });
  } catch (e) {
    if (isPartnerOrderingError(e)) return upstreamError(request, env, provider.api, e);
    console.error(`order gateway: ${provider.api}: unexpected failure`, e);
    return json(request, env, 500, { error: "internal_error", api: provider.api, message: "unexpected gateway failure" });
  } finally {
    client?.free();
  }
}

export default {
  async fetch(request, env) {
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
          "access-control-allow-headers": "Content-Type, Authorization",
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
    if (!authorized(request, env)) {
      return json(request, env, 401, { error: "unauthorized", message: "missing or wrong bearer token" }, { "www-authenticate": 'Bearer realm="order-gateway"' });
    }
    return handleOrder(request, env, provider);
  },
};
