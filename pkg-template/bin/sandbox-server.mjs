// The sandbox over HTTP: the stateful emulator of `partner-ordering/sandbox` answering the three
// partner APIs on their real paths, for clients in any language, plus control endpoints under
// /__sandbox/. One implementation for the `partner-ordering-sandbox` command and the
// repository's demo server (www/server.mjs). Plain Node; the Sandbox class is passed in, so the
// caller decides which copy of the package it comes from.
import { createServer } from "node:http";
import { journalRequest, sandboxSecrets, snapshot } from "./state.mjs";

export const CONTROL = "/__sandbox";

const json = (res, status, body) =>
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
const iso = (ms) => new Date(ms).toISOString();

/** An answer to a bad control request: a 400 (or `status`) with a message. */
class ControlError extends Error {
  constructor(message, status = 400, code = "BAD_REQUEST") {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Epoch ms from a number or an ISO 8601 date(-time); date-times need a zone (Z or ±hh:mm). */
export function parseTime(v, what = "now") {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  const ok = typeof v === "string" && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(v);
  const ms = ok ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) {
    throw new ControlError(`${what} must be epoch milliseconds or an ISO 8601 time with a zone, like 2026-12-01T00:00:00Z (got ${JSON.stringify(v)})`);
  }
  return ms;
}

/** True for 127.0.0.0/8, ::1 and localhost (with or without brackets or a port). */
export function isLoopback(host) {
  const h = String(host).replace(/^\[(.*)\](:\d+)?$/, "$1").replace(/^([^:]*):\d+$/, "$1").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

/** The path as the emulator sees it (up to `?` or `#`): what a fault's `pathContains` is matched against. */
const pathOf = (url) => {
  const after = url.includes("://") ? url.slice(url.indexOf("://") + 3) : url;
  const i = after.indexOf("/");
  return (i < 0 ? "/" : after.slice(i)).split(/[?#]/)[0];
};

const STATUS_KINDS = ["htmlStatus", "jsonStatus"];
const intIn = (v, lo, hi) => Number.isInteger(v) && v >= lo && v <= hi;

/**
 * A fault for upcoming requests. The emulator's own kinds ("networkError", "hang",
 * { htmlStatus }, { jsonStatus }) plus what only HTTP can do: { delayMs } (answer normally,
 * late) and `retryAfter` (seconds, sent as Retry-After with a status kind, as a 429 or 503 would).
 */
export function parseFault(f) {
  const shape = "a fault is { kind, count?, pathContains?, retryAfter? } with kind \"networkError\", \"hang\", { htmlStatus: 502 }, { jsonStatus: 429 } or { delayMs: 2000 }";
  if (!f || typeof f !== "object" || Array.isArray(f)) throw new ControlError(shape);
  const extra = Object.keys(f).filter((k) => !["kind", "count", "pathContains", "retryAfter"].includes(k));
  if (extra.length) throw new ControlError(`unknown fault field ${extra.join(", ")}: ${shape}`);
  const { kind, count = 1, pathContains, retryAfter } = f;
  const key = kind && typeof kind === "object" ? Object.keys(kind) : [];
  const valid = kind === "networkError" || kind === "hang" ||
    (key.length === 1 && STATUS_KINDS.includes(key[0]) && intIn(kind[key[0]], 400, 599)) ||
    (key.length === 1 && key[0] === "delayMs" && intIn(kind.delayMs, 0, 600_000));
  if (!valid) throw new ControlError(`bad kind ${JSON.stringify(kind)} (statuses 400-599, delayMs up to 600000): ${shape}`);
  if (!intIn(count, 1, 1_000_000)) throw new ControlError("count must be a whole number from 1");
  if (pathContains !== undefined && typeof pathContains !== "string") throw new ControlError("pathContains must be a string");
  if (retryAfter !== undefined && !(STATUS_KINDS.includes(key[0]) && intIn(retryAfter, 0, 86_400))) {
    throw new ControlError("retryAfter (whole seconds, 0-86400) goes with an htmlStatus or jsonStatus kind");
  }
  return { kind, count, ...(pathContains !== undefined ? { pathContains } : {}), ...(retryAfter !== undefined ? { retryAfter } : {}) };
}

/** CORS for the API paths, so a page on another local port (a portal in development) can call them. */
function cors(req, res) {
  res.setHeader("access-control-allow-origin", "*");
  res.setHeader("access-control-expose-headers", "x-correlation-id, content-range, retry-after");
  if (req.method !== "OPTIONS") return false;
  res.writeHead(204, {
    "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE",
    "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
    "access-control-max-age": "600",
  }).end();
  return true;
}

/**
 * Control requests must not come from another site's page (a drive-by reset or fault): browsers
 * send Origin or Sec-Fetch-Site, curl and test code send neither.
 */
function sameOrigin(req) {
  const site = req.headers["sec-fetch-site"];
  if (site && site !== "same-origin" && site !== "none") return false;
  const origin = req.headers.origin;
  return !origin || origin === `http://${req.headers.host}`;
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The emulator behind HTTP: routes requests, applies faults, answers control requests, and
 * (with `record`) keeps the journal that `--state` saves and `restore` replays.
 */
export class SandboxHost {
  /**
   * @param Sandbox the class from `partner-ordering/sandbox`
   * @param options `sandbox` (an existing one), `now` (epoch ms), `record` (keep a journal),
   *   `onChange` (called after every change, e.g. to save), `packageVersion`
   */
  constructor(Sandbox, { sandbox, now, record = false, onChange = () => {}, packageVersion = "" } = {}) {
    this.Sandbox = Sandbox;
    this.record = record;
    this.onChange = onChange;
    this.packageVersion = packageVersion;
    this.hanging = new Set();
    const creds = Sandbox.credentials();
    this.secrets = { known: sandboxSecrets(creds), consumerKey: creds.cloudblueAps.consumerKey };
    this.#start(sandbox ?? new Sandbox(now === undefined ? undefined : { now }));
  }

  #start(sandbox) {
    this.sandbox = sandbox;
    this.seedNow = sandbox.now();
    this.faults = [];
    this.journal = [];
    // Tokens this sandbox issued: the only bearer tokens the journal keeps.
    this.issued = new Set();
  }

  /** Starts over from the seed data, at `now` (default: real time). */
  reset(now) {
    const old = this.sandbox;
    this.#start(new this.Sandbox(now === undefined ? undefined : { now }));
    old.free?.();
  }

  #log(entry) {
    if (this.record) this.journal.push(entry);
  }

  /** Moves the clock forward to `ms` (never back: order and token times would not make sense). */
  #advanceTo(ms) {
    const d = ms - this.sandbox.now();
    if (d > 0) this.sandbox.advanceTime(d);
  }

  /** One request through the emulator, with an emulator fault applied to exactly this request. */
  #apply(request, faultKind) {
    if (faultKind) this.sandbox.injectFault({ kind: faultKind, count: 1, pathContains: pathOf(request.url) });
    const out = this.sandbox.handle(request);
    if (this.record && out.status >= 200 && out.status < 300 && pathOf(request.url).endsWith("/token")) {
      try {
        const t = JSON.parse(out.body);
        for (const v of [t.access_token, t.token]) if (typeof v === "string") this.issued.add(v);
      } catch { /* not JSON: no token */ }
    }
    return out;
  }

  #known() {
    return { known: new Set([...this.secrets.known, ...this.issued]), consumerKey: this.secrets.consumerKey };
  }

  /** The first queued fault for this path, counted down. */
  #takeFault(path) {
    const i = this.faults.findIndex((f) => f.pathContains === undefined || path.includes(f.pathContains));
    if (i < 0) return undefined;
    const f = this.faults[i];
    if (--f.count === 0) this.faults.splice(i, 1);
    return f;
  }

  /** Rebuilds the state saved by `snapshot` (see state.mjs); returns how many requests it replayed. */
  restore(data) {
    this.reset(data.seedNow);
    let requests = 0;
    for (const e of data.journal) {
      this.#advanceTo(e.t);
      if (e.op === "request") {
        this.#apply({ method: e.method, url: e.url, headers: e.headers, body: e.body }, e.fault);
        requests++;
      } else this.#control(e.op, e.input ?? {}, true);
      this.journal.push(e);
    }
    this.faults = (data.faults ?? []).map(parseFault);
    if (Number.isFinite(data.clockOffsetMs)) this.#advanceTo(Date.now() + data.clockOffsetMs);
    return requests;
  }

  snapshot() {
    return snapshot(this);
  }

  /** Answers an API or control request. */
  async handle(req, res) {
    const url = new URL(req.url, "http://localhost");
    if (url.pathname === CONTROL || url.pathname.startsWith(`${CONTROL}/`)) return this.#controlRoute(req, res, url);
    if (cors(req, res)) return;
    const body = ["GET", "HEAD"].includes(req.method) ? undefined : await readBody(req);
    const headers = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(", ") : v;
    // The absolute URL, as the client saw it: OAuth 1.0a signatures cover scheme, host and port.
    const request = { method: req.method, url: `http://${req.headers.host ?? "127.0.0.1"}${req.url}`, headers, body };
    const fault = this.#takeFault(pathOf(request.url));
    if (fault?.kind?.delayMs !== undefined) {
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, fault.kind.delayMs);
        const entry = { socket: req.socket, cancel: () => clearTimeout(timer) };
        this.hanging.add(entry);
        res.once("close", () => this.hanging.delete(entry));
      });
      if (res.destroyed) return;
    }
    const kind = fault && fault.kind?.delayMs === undefined ? fault.kind : undefined;
    const t = this.sandbox.now();
    const out = this.#apply(request, kind);
    // Built only when recorded: it copies every known secret to leave them out.
    if (this.record) this.#log({ op: "request", t, ...journalRequest(request, this.#known()), ...(kind ? { fault: kind } : {}) });
    this.onChange();
    // A TCP reset, as a proxy that drops the connection: the client sees ECONNRESET.
    if (out.fault === "networkError") return void (req.socket.resetAndDestroy?.() ?? req.socket.destroy());
    if (out.fault === "hang") {
      const entry = { socket: req.socket, cancel: () => {} };
      this.hanging.add(entry);
      res.once("close", () => this.hanging.delete(entry));
      return;
    }
    const extra = fault?.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {};
    res.writeHead(out.status, { ...out.headers, ...extra }).end(req.method === "HEAD" ? undefined : out.body);
  }

  /** Ends every request held by a `hang` or `delayMs` fault (on shutdown). */
  dropHanging() {
    for (const h of this.hanging) {
      h.cancel();
      h.socket?.destroy();
    }
    this.hanging.clear();
  }

  async #controlRoute(req, res, url) {
    if (!sameOrigin(req)) return json(res, 403, { error: "FORBIDDEN", message: "control requests from other origins are refused" });
    const name = url.pathname.slice(CONTROL.length).replace(/\/+$/, "") || "/";
    const op = `${req.method} ${name}`;
    if (!CONTROL_ROUTES[op]) {
      const known = Object.keys(CONTROL_ROUTES).some((k) => k.endsWith(` ${name}`));
      return json(res, known ? 405 : 404, { error: known ? "METHOD_NOT_ALLOWED" : "NOT_FOUND", message: `no control endpoint ${op}; GET ${CONTROL}/ lists them` });
    }
    try {
      const text = req.method === "GET" ? "" : await readBody(req);
      let input = {};
      if (text.trim()) {
        try { input = JSON.parse(text); } catch { throw new ControlError("the body must be JSON"); }
      }
      const [status, body] = this.#control(op, input, false, url);
      if (body === undefined) res.writeHead(status).end();
      else json(res, status, body);
    } catch (e) {
      // ControlError, or the emulator refusing an input (a PartnerOrderingError): the caller's fault.
      const mine = e instanceof ControlError;
      json(res, mine ? e.status : 400, { error: mine ? e.code : "BAD_REQUEST", message: String(e?.message ?? e) });
    }
  }

  /** Runs a control operation; `replaying` when rebuilding state (no answer, no journal). */
  #control(op, input, replaying, url) {
    const route = CONTROL_ROUTES[op];
    if (!route) throw new Error(`unknown operation ${op} (a state file from another version?)`);
    const t = this.sandbox.now();
    const result = route.run(this, input, url);
    if (route.journal && !replaying) {
      this.#log({ op, t, ...(route.journal === "input" ? { input } : {}) });
    }
    if (route.changes && !replaying) this.onChange();
    return result;
  }

  /** Queues a fault (see `parseFault`); requests take them in order. */
  queueFault(input) {
    this.faults.push(parseFault(input));
  }
}

const clockBody = (host) => ({ now: iso(host.sandbox.now()), epochMs: host.sandbox.now() });
const object = (input) => {
  if (!input || typeof input !== "object" || Array.isArray(input)) throw new ControlError("the body must be a JSON object");
  return input;
};

/**
 * The control endpoints, by "METHOD /name". `run` answers [status, body]; `journal` marks the
 * operations that change the emulator's state (replayed from the state file, with their input
 * when "input"); `changes` those after which the state is saved.
 */
const CONTROL_ROUTES = {
  "GET /": {
    run: (host) => [200, {
      sandbox: "partner-ordering", version: host.packageVersion, ...clockBody(host),
      endpoints: Object.fromEntries(Object.entries(CONTROL_ROUTES).map(([k, r]) => [k.replace(" ", ` ${CONTROL}`), r.doc])),
    }],
    doc: "this list",
  },
  "GET /credentials": { run: (host) => [200, host.Sandbox.credentials()], doc: "the sandbox's own (fake) credentials and seeded ids" },
  "GET /calls": { run: (host) => [200, host.sandbox.calls()], doc: "every request so far: method, path, status (never headers or bodies)" },
  "GET /clock": { run: (host) => [200, clockBody(host)], doc: "the sandbox's time" },
  "POST /clock": {
    run(host, input) {
      const { now, advanceMs } = object(input);
      if ((now === undefined) === (advanceMs === undefined)) throw new ControlError("send { now: \"2027-01-01T00:00:00Z\" } or { advanceMs: 86400000 }");
      if (advanceMs !== undefined && !(Number.isFinite(advanceMs) && advanceMs >= 0)) throw new ControlError("advanceMs must be a number of milliseconds, 0 or more");
      const target = now !== undefined ? parseTime(now) : host.sandbox.now() + advanceMs;
      if (target < host.sandbox.now()) {
        throw new ControlError(`the clock only moves forward (it is ${iso(host.sandbox.now())}); POST ${CONTROL}/reset with { now } to start over at an earlier time`, 409, "CLOCK_BACKWARDS");
      }
      const d = target - host.sandbox.now();
      if (d > 0) host.sandbox.advanceTime(d);
      return [200, clockBody(host)];
    },
    changes: true,
    doc: "{ now } or { advanceMs }: move the clock forward",
  },
  "POST /reset": {
    run(host, input) {
      const { now } = object(input);
      host.reset(now === undefined ? undefined : parseTime(now));
      return [200, clockBody(host)];
    },
    changes: true,
    doc: "{ now? }: back to the seed data, no faults, an empty request log",
  },
  "POST /orders/advance": {
    run: (host) => [200, { advanced: host.sandbox.advanceOrders() }],
    journal: true,
    changes: true,
    doc: "complete every pending order now (Omnissa, APS, SimpleAPI), with its effects",
  },
  "POST /orders/settings": {
    run: (host, input) => [204, void host.sandbox.setOmnissaOrderSettings(object(input))],
    journal: "input",
    changes: true,
    doc: "{ pendingPolls?, pendingMs? }: how long Omnissa orders stay PENDING",
  },
  "POST /orders/fail-next": {
    run(host, input) {
      const { message = "The order could not be fulfilled" } = object(input);
      host.sandbox.failNextOmnissaOrder(message);
      return [204];
    },
    journal: "input",
    changes: true,
    doc: "{ message? }: the next Omnissa order ends in ERROR",
  },
  "POST /tokens/expire": {
    run: (host) => [204, void host.sandbox.expireTokens()],
    journal: true,
    changes: true,
    doc: "expire every access token issued so far",
  },
  "POST /aps-token": {
    run(host) {
      const apsToken = host.sandbox.apsToken();
      host.issued.add(apsToken);
      return [200, { apsToken }];
    },
    journal: true,
    changes: true,
    doc: "a CloudBlue APS-Token, as pem.APS.getUserToken gives a backend",
  },
  "GET /fault": { run: (host) => [200, host.faults], doc: "the faults still queued" },
  "POST /fault": {
    run: (host, input) => [204, void host.queueFault(input)],
    changes: true,
    doc: "{ kind, count?, pathContains?, retryAfter? }: fail upcoming requests (kinds: { htmlStatus }, { jsonStatus }, \"networkError\", \"hang\", { delayMs })",
  },
  "DELETE /fault": {
    run(host) {
      host.faults = [];
      return [204];
    },
    changes: true,
    doc: "drop every queued fault",
  },
};

/**
 * Serves `host` on `hostname:port` (0: a free port). With `loopbackOnly`, requests whose Host
 * header is not a loopback name are refused: a web page cannot reach the server through a DNS
 * name rebound to 127.0.0.1. Resolves to { url, server, close }.
 */
export async function serve(host, { port, hostname, loopbackOnly = isLoopback(hostname), onRequest } = {}) {
  const server = createServer(async (req, res) => {
    try {
      if (loopbackOnly && !isLoopback(req.headers.host ?? "")) {
        return json(res, 403, { error: "FORBIDDEN", message: "this sandbox answers loopback host names only (localhost, 127.0.0.1, [::1])" });
      }
      // On close, not finish: a reset or hung request never finishes, and is logged too.
      if (onRequest) res.once("close", () => onRequest(req, res));
      await host.handle(req, res);
    } catch (e) {
      if (!res.headersSent) json(res, 500, { error: "SANDBOX_SERVER_ERROR", message: String(e?.message ?? e), traceId: "" });
      else res.destroy();
    }
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, hostname, resolve));
  const { port: actual } = server.address();
  const shown = hostname.includes(":") ? `[${hostname}]` : hostname;
  return {
    url: `http://${shown}:${actual}`,
    server,
    close: () => new Promise((resolve) => {
      host.dropHanging();
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
