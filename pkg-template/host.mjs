// The hosts of the JS layer (see core.mjs): each client's I/O (fetch, token providers, timers,
// clock), the stop of each call, and the reading of options. Every promise here resolves;
// none rejects, and caller code never runs while wasm is on the stack.
import { MAX_BODY, MAX_HEADERS, MAX_TEXT, PartnerOrderingError, fail, invalid, keepCause, messageOf, toJson } from "./errors.mjs";

// ---------------------------------------------------------------------------------------------
// Hosts: the I/O of one client. Every promise here resolves; none rejects.

export function pending(start, live) {
  let settle, cancelled = false, onCancel = () => {};
  const promise = new Promise((resolve) => { settle = resolve; });
  const api = {
    promise,
    cancel() {
      if (cancelled) return;
      cancelled = true;
      live.delete(api);
      try { onCancel(); } catch { /* cleanup only */ }
    },
  };
  // Held until settled, so that when an instance fails its timers and fetches can be cancelled:
  // its Rust futures, which would cancel them, will never run again.
  live.add(api);
  promise.then(() => live.delete(api));
  // Deferred: caller code (fetch, token providers) never runs while wasm is on the stack.
  queueMicrotask(() => {
    if (cancelled) { settle(start.cancelledValue); return; }
    onCancel = start(settle) ?? onCancel;
    if (cancelled) { try { onCancel(); } catch { /* ignore */ } }
  });
  return api;
}

function reply(status, headers, body, cause) {
  return { status, headers, body, cause };
}

function readResponse(resp) {
  // A caller's fetch may resolve to anything, including a Response subclass with throwing
  // getters: every read is guarded and becomes a transport failure.
  let status, pairs;
  try {
    status = Number(resp.status);
    if (!Number.isInteger(status) || status < 100 || status > 999) throw new TypeError("fetch did not resolve to a Response");
    pairs = [];
    for (const [k, v] of resp.headers) {
      pairs.push([String(k), String(v)]);
      if (pairs.length > MAX_HEADERS) throw new TypeError(`the response has more than ${MAX_HEADERS} headers`);
    }
    return Promise.resolve(resp.text()).then((body) => {
      const text = String(body);
      if (text.length > MAX_BODY) throw new TypeError(`the response body is larger than ${MAX_BODY} characters`);
      return reply(status, JSON.stringify(pairs), text);
    });
  } catch (e) {
    return Promise.reject(e);
  }
}

// ---------------------------------------------------------------------------------------------
// Logging: one line per attempt, to the caller's logger, with secrets left out.

const LEVELS = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };
const SECRET_PARAM = /key|token|secret|passw|sig|auth|code|credential/i;
const SECRET_HEADER = /^(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|ocp-apim-subscription-key|apikey|api-key)$|token|secret|passw/i;
const TRACE_HEADERS = ["x-correlation-id", "x-request-id", "x-trace-id", "trace-id", "request-id", "traceparent", "cf-ray"];

/** `url` without credentials and with secret-looking query values replaced. */
export function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.username || u.password) { u.username = ""; u.password = ""; }
    for (const k of [...u.searchParams.keys()]) if (SECRET_PARAM.test(k)) u.searchParams.set(k, "[redacted]");
    return u.toString().replaceAll("%5Bredacted%5D", "[redacted]");
  } catch {
    return "[unparsable URL]";
  }
}

/** Headers as an object, secret ones redacted. */
export function redactHeaders(pairs) {
  const out = {};
  for (const [k, v] of pairs) out[String(k).toLowerCase()] = SECRET_HEADER.test(k) ? "[redacted]" : v;
  return out;
}

/** The trace or correlation id among response header pairs, if any. */
export function traceIdOf(pairs) {
  for (const name of TRACE_HEADERS) {
    // An empty header is no id (as in Rust, src/http.rs): the next one is looked for.
    const hit = pairs.find(([k, v]) => k.toLowerCase() === name && v !== "");
    if (hit) return hit[1];
  }
  return undefined;
}

/** A logger function per level, or undefined below `logLevel`; a throwing logger is ignored. */
function makeLog(logger, level) {
  const max = LEVELS[level] ?? 0;
  const at = (name) => {
    if (!logger || LEVELS[name] > max) return undefined;
    return (message, details) => {
      try {
        const f = logger[name];
        if (typeof f === "function") f.call(logger, `[partner-ordering] ${message}`, details);
      } catch { /* a logger must not break a call */ }
    };
  };
  return { error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };
}

export function makeHost(settings, live) {
  const { fetchFn, nowFn, callbacks, browserPage } = settings;
  const log = makeLog(settings.logger, settings.logLevel);
  const host = {
    browserPage,
    now() {
      if (nowFn) {
        try {
          const n = guardReentry(() => nowFn.call(undefined));
          if (typeof n === "number" && Number.isFinite(n)) return n;
        } catch { /* fall back to the system clock */ }
      }
      return Date.now();
    },
    random: () => Math.random(),
    uuid() {
      try { return globalThis.crypto.randomUUID(); } catch {
        const h = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join("");
        return `${h(8)}-${h(4)}-4${h(3)}-a${h(3)}-${h(12)}`;
      }
    },
    timer(ms) {
      const start = (settle) => {
        const id = setTimeout(settle, Math.min(Math.max(0, ms), 2 ** 31 - 1));
        return () => { clearTimeout(id); settle(); };
      };
      return pending(start, live);
    },
    send(method, url, headersJson, body, attempt) {
      const start = (settle) => {
        const ac = typeof AbortController === "function" ? new AbortController() : undefined;
        const t0 = Date.now();
        // Redacted once per attempt, and only when some line will be written.
        const safeUrl = log.debug || log.info || log.warn ? redactUrl(url) : "";
        const where = safeUrl && `${method} ${safeUrl}`;
        const details = (extra) => ({ method, url: safeUrl, attempt, durationMs: Date.now() - t0, ...extra });
        // A promise settles once: whichever of the answer and the cancel comes first wins.
        const finish = (r) => {
          // The trace id only for a log line: arguments of an absent logger are never evaluated.
          const traceId = () => traceIdOf(JSON.parse(r.headers));
          if (r.status >= 400) log.warn?.(`${where} → ${r.status} in ${Date.now() - t0} ms`, details({ status: r.status, traceId: traceId() }));
          else if (r.status > 0) log.info?.(`${where} → ${r.status} in ${Date.now() - t0} ms`, details({ status: r.status, traceId: traceId() }));
          settle(r);
        };
        const failed = (e) => {
          log.warn?.(`${where} failed: ${messageOf(e)}`, details({ error: messageOf(e) }));
          finish(reply(0, "[]", messageOf(e), keepCause(e)));
        };
        try {
          const init = { method, headers: JSON.parse(headersJson), signal: ac?.signal };
          if (body !== undefined && body !== null) init.body = body;
          log.debug?.(`${where} (attempt ${attempt})`, { method, url: safeUrl, attempt, headers: redactHeaders(init.headers) });
          const f = fetchFn ?? globalThis.fetch;
          Promise.resolve(f.call(undefined, url, init)).then(readResponse).then(finish, failed);
        } catch (e) {
          failed(e);
        }
        return () => { try { ac?.abort(); } catch { /* ignore */ } settle(reply(0, "[]", "aborted")); };
      };
      start.cancelledValue = reply(0, "[]", "aborted");
      return pending(start, live);
    },
    token(path) {
      const start = (settle) => {
        const finish = (v) => { clearTimeout(timer); settle(JSON.stringify(v)); };
        const timer = setTimeout(() => finish({ error: `no token after ${settings.timeoutMs} ms` }), Math.min(settings.timeoutMs, 2 ** 31 - 1));
        try {
          const f = callbacks.get(path);
          Promise.resolve(f.call(undefined)).then((v) => {
            if (typeof v === "string") return finish(v.length > MAX_TEXT ? { error: "the token is too long" } : { accessToken: v });
            const accessToken = v?.accessToken, expiresIn = v?.expiresIn;
            finish({
              accessToken: typeof accessToken === "string" && accessToken.length <= MAX_TEXT ? accessToken : undefined,
              expiresIn: typeof expiresIn === "number" && Number.isFinite(expiresIn) ? expiresIn : undefined,
            });
          }).catch((e) => finish({ error: messageOf(e), cause: keepCause(e) }));
        } catch (e) {
          finish({ error: messageOf(e), cause: keepCause(e) });
        }
        return () => finish({ error: "cancelled" });
      };
      start.cancelledValue = JSON.stringify({ error: "cancelled" });
      return pending(start, live);
    },
  };
  return host;
}

/**
 * The stop of one call: resolves "abort" when the caller's signal fires, "timeout:N" after the
 * call's deadline of N ms. Rust also hands it the call's final response (`response`), which
 * `withResponse()` reads.
 */
export function makeStop(signal, deadlineMs) {
  // Always a stop, even with neither a signal nor a deadline: it is how a call is cancelled when
  // its instance failed, so that its fetch is aborted and its retries end.
  let settle, timer, listener;
  const promise = new Promise((r) => { settle = r; });
  if (signal != null) {
    listener = () => settle("abort");
    try {
      signal.addEventListener("abort", listener, { once: true });
    } catch (e) {
      throw invalid("options.signal", `\`options.signal\` cannot be listened to: ${messageOf(e)}`);
    }
    if (signal.aborted) settle("abort"); // aborted between the caller's check and the listener
  }
  if (deadlineMs != null) timer = setTimeout(() => settle(`timeout:${deadlineMs}`), deadlineMs);
  return {
    promise,
    raw: undefined,
    response(status, headersJson) {
      this.raw = [status, headersJson]; // parsed only if withResponse() asks: most calls never do
    },
    get meta() {
      if (!this.raw) return undefined;
      const [status, headersJson] = this.raw;
      try {
        const pairs = JSON.parse(headersJson);
        return { status, headers: Object.fromEntries(pairs.map(([k, v]) => [k.toLowerCase(), v])), traceId: traceIdOf(pairs) };
      } catch {
        return { status, headers: {}, traceId: undefined }; // our own JSON: cannot fail
      }
    },
    cancel() {
      clearTimeout(timer);
      if (listener) try { signal.removeEventListener("abort", listener); } catch { /* ignore */ }
      settle("cancelled");
    },
  };
}

/** Reads `signal` and `deadlineMs` of per-call options (the JS layer's part), checking types. */
export function callSettings(opts, name) {
  if (opts === undefined || opts === null || typeof opts !== "object") return {};
  let signal, deadlineMs;
  try {
    signal = opts.signal;
    deadlineMs = opts.deadlineMs;
    if (signal != null) {
      if (typeof AbortSignal !== "function" || !(signal instanceof AbortSignal)) throw invalid(`${name}.signal`, `\`${name}.signal\` must be an AbortSignal`);
      void signal.aborted; // a subclass with a throwing getter fails here, not later
    }
  } catch (e) {
    throw e instanceof PartnerOrderingError ? e : invalid(name, `\`${name}\` cannot be read: ${messageOf(e)}`);
  }
  if (deadlineMs != null && !(Number.isInteger(deadlineMs) && deadlineMs > 0 && deadlineMs <= 2 ** 31 - 1)) {
    throw invalid(`${name}.deadlineMs`, `\`${name}.deadlineMs\` must be a positive whole number of milliseconds`);
  }
  return { signal: signal ?? undefined, deadlineMs: deadlineMs ?? undefined };
}

export function markJsOnly(key) {
  return function (k, v) {
    if (k === key && this !== undefined && v != null && typeof v === "object") return true;
    return v;
  };
}

/** Option keys whose value is a function the layer calls (anywhere else a function is an error in Rust). */
const FUNCTION_OPTION = /^(?:fetch|now|apsToken|(?:\w+\.)?tokenProvider)$/;

/** Splits constructor options: functions (to the host, by dotted path) and JSON for Rust. */
export function splitOptions(options, apiName) {
  const callbacks = new Map();
  const paths = new Map(); // holder object -> [dotted path, depth]
  let fetchFn, nowFn, logger, logLevel, timeoutMs = 60_000;
  const replacer = function (k, v) {
    const [base, depth] = paths.get(this) ?? ["", 0];
    const path = k === "" ? "" : base ? `${base}.${k}` : k;
    if (FUNCTION_OPTION.test(path) && typeof v !== "function" && v !== undefined && v !== null) {
      const what = /apsToken|tokenProvider/.test(path) ? "a function that returns a token (or a promise of one)"
        : path === "fetch" ? "a fetch-compatible function" : "a function returning epoch milliseconds";
      throw fail("configuration", `${apiName}: \`${path}\` must be ${what}, not ${v === null ? "null" : typeof v}`);
    }
    if (path === "logger" && v != null) {
      // Any object with debug/info/warn/error (console, pino, …): kept here, `true` for Rust.
      if (typeof v !== "object" && typeof v !== "function") throw fail("configuration", `${apiName}: \`logger\` must be an object with debug/info/warn/error methods, such as \`console\``);
      logger = v;
      return true;
    }
    if (path === "logLevel" && typeof v === "string") logLevel = v;
    if (typeof v === "function") {
      // A function anywhere else goes to Rust as a string, never as `true` (which a boolean
      // setting such as `dangerouslyAllowBrowser` would accept): an unknown key is refused by
      // name, a known one as the wrong type.
      if (!FUNCTION_OPTION.test(path)) return "[a function]";
      if (path === "fetch") fetchFn = v;
      else if (path === "now") nowFn = v;
      else callbacks.set(path, v);
      return true;
    }
    if (v !== null && typeof v === "object") {
      if (depth >= 16) throw fail("configuration", `${apiName}: options nest deeper than 16 levels`);
      paths.set(v, [path, k === "" ? 0 : depth + 1]);
    }
    if (path === "timeoutMs" && Number.isInteger(v) && v > 0) timeoutMs = v;
    return v;
  };
  if (options === undefined) throw fail("configuration", `${apiName}: options are required`);
  let json;
  try {
    json = toJson(options, "options", replacer);
  } catch (e) {
    if (e instanceof PartnerOrderingError && e.kind === "configuration") throw e;
    throw fail("configuration", `${apiName}: ${e.message}`);
  }
  // With a logger and no level: info (each attempt); Rust checks the level's spelling.
  if (logger && logLevel === undefined) logLevel = "info";
  return { json, settings: { fetchFn, nowFn, logger, logLevel, callbacks, timeoutMs, browserPage: typeof window !== "undefined" && typeof document !== "undefined" } };
}

// ---------------------------------------------------------------------------------------------
// Re-entrancy: a caller's `now()` could call back into the SDK while wasm is on the stack.

let inCallback = false;

/** True while a caller's `now` runs (with wasm on the stack): SDK calls are refused then. */
export function inCallerCallback() {
  return inCallback;
}
export function guardReentry(f) {
  const saved = inCallback;
  inCallback = true; // caller code runs with wasm on the stack: its calls into the SDK are refused
  try { return f(); } finally { inCallback = saved; }
}

// ---------------------------------------------------------------------------------------------
