// The JS layer of partner-ordering: the only code that touches a caller's values.
//
// Rust never walks a caller's object graph. Here every argument becomes JSON text (cycles,
// throwing getters, proxies and BigInts fail in JS, as INVALID_REQUEST), results come back as
// JSON text, and errors as the JSON text of their fields, made into real PartnerOrderingErrors.
// `fetch`, token providers, the clock and AbortSignals stay here: each client gets a "host"
// object whose promises never reject, and caller code never runs while wasm is on the stack.
//
// This layer also owns lifecycles. `free()` with calls in flight lets them finish; later calls
// reject. If the instance ever traps, only the call that hit it fails: a fresh instance is made
// from the compiled module and every client rebuilds its Rust side from the options it kept.

const CODES = {
  invalidRequest: "INVALID_REQUEST", configuration: "CONFIGURATION_ERROR", transport: "TRANSPORT_ERROR",
  timeout: "TIMEOUT", aborted: "ABORTED", api: "API_ERROR", unexpectedResponse: "UNEXPECTED_RESPONSE",
  decode: "DECODE_ERROR", orderFailed: "ORDER_FAILED", internal: "INTERNAL_ERROR",
};
const MAX_TEXT = 8 << 20; // characters of one JSON argument; Rust checks bytes again

/** Every error the SDK throws or rejects with. */
export class PartnerOrderingError extends Error {
  constructor(fields) {
    super(typeof fields.message === "string" ? fields.message : "partner-ordering error");
    this.name = "PartnerOrderingError";
    this.kind = fields.kind;
    this.code = fields.code ?? CODES[fields.kind] ?? "INTERNAL_ERROR";
    for (const k of ["api", "status", "apiCode", "traceId", "retryAfterMs", "body"]) {
      if (fields[k] !== undefined && fields[k] !== null) this[k] = fields[k];
    }
    this.issues = Array.isArray(fields.issues) ? fields.issues : [];
    this.retryable = fields.retryable === true;
    this.mayHaveBeenSent = fields.mayHaveBeenSent === true;
  }
}

/** True when `value` is an error thrown by this SDK. */
export function isPartnerOrderingError(value) {
  return value instanceof PartnerOrderingError;
}

function fail(kind, message, extra = {}) {
  return new PartnerOrderingError({ kind, message, issues: [], retryable: false, mayHaveBeenSent: false, ...extra });
}

function invalid(path, message, code = "invalid_type") {
  return fail("invalidRequest", message, { issues: [{ path, code, message, severity: "error" }] });
}

/** A readable message from whatever was thrown, without ever throwing itself. */
function messageOf(e) {
  try {
    if (e instanceof Error) {
      let m = String(e.message);
      const c = e.cause;
      if (c instanceof Error && c !== e) m += ` (${String(c.message)})`;
      return m.slice(0, 2000);
    }
    if (typeof e === "string") return e.slice(0, 2000);
    return `a non-Error value was thrown (${typeof e})`;
  } catch {
    return "an unreadable value was thrown";
  }
}

/** JSON text of one argument, or an INVALID_REQUEST naming it. `undefined` becomes `null`. */
function toJson(value, name, replacer) {
  let text;
  try {
    text = JSON.stringify(value, replacer);
  } catch (e) {
    if (e instanceof PartnerOrderingError) throw e; // from a replacer of ours
    throw invalid(name, `\`${name}\` cannot be read as JSON: ${messageOf(e)}`);
  }
  if (text === undefined) return "null";
  if (text.length > MAX_TEXT) {
    throw invalid(name, `\`${name}\` exceeds the \`maxBytes\` limit of ${MAX_TEXT}`, "limit_exceeded");
  }
  return text;
}

function fromJson(text) {
  if (typeof text !== "string") return text;
  const v = JSON.parse(text);
  return v === null ? undefined : v;
}

// ---------------------------------------------------------------------------------------------
// Hosts: the I/O of one client. Every promise here resolves; none rejects.

function pending(start) {
  let settle, cancelled = false, onCancel = () => {};
  const promise = new Promise((resolve) => { settle = resolve; });
  const api = {
    promise,
    cancel() {
      if (cancelled) return;
      cancelled = true;
      try { onCancel(); } catch { /* cleanup only */ }
    },
  };
  // Deferred: caller code (fetch, token providers) never runs while wasm is on the stack.
  queueMicrotask(() => {
    if (cancelled) { settle(start.cancelledValue); return; }
    onCancel = start(settle) ?? onCancel;
    if (cancelled) { try { onCancel(); } catch { /* ignore */ } }
  });
  return api;
}

function reply(status, headers, body) {
  return { status, headers, body };
}

function readResponse(resp) {
  // A caller's fetch may resolve to anything, including a Response subclass with throwing
  // getters: every read is guarded and becomes a transport failure.
  let status, pairs;
  try {
    status = Number(resp.status);
    if (!Number.isInteger(status) || status < 100 || status > 999) throw new TypeError("fetch did not resolve to a Response");
    pairs = [];
    for (const [k, v] of resp.headers) pairs.push([String(k), String(v)]);
    return Promise.resolve(resp.text()).then((body) => reply(status, JSON.stringify(pairs), String(body)));
  } catch (e) {
    return Promise.reject(e);
  }
}

function makeHost(settings) {
  const { fetchFn, nowFn, callbacks, browserPage } = settings;
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
      return pending(start);
    },
    send(method, url, headersJson, body) {
      const start = (settle) => {
        const ac = typeof AbortController === "function" ? new AbortController() : undefined;
        let done = false;
        const finish = (r) => { if (!done) { done = true; settle(r); } };
        const failed = (e) => finish(reply(0, "[]", messageOf(e)));
        try {
          const init = { method, headers: JSON.parse(headersJson), signal: ac?.signal };
          if (body !== undefined && body !== null) init.body = body;
          const f = fetchFn ?? globalThis.fetch;
          Promise.resolve(f.call(undefined, url, init)).then(readResponse).then(finish, failed);
        } catch (e) {
          failed(e);
        }
        return () => { try { ac?.abort(); } catch { /* ignore */ } finish(reply(0, "[]", "aborted")); };
      };
      start.cancelledValue = reply(0, "[]", "aborted");
      return pending(start);
    },
    token(path) {
      const start = (settle) => {
        let done = false;
        const finish = (v) => { if (!done) { done = true; clearTimeout(timer); settle(JSON.stringify(v)); } };
        const timer = setTimeout(() => finish({ error: `no token after ${settings.timeoutMs} ms` }), settings.timeoutMs);
        try {
          const f = callbacks.get(path);
          Promise.resolve(f.call(undefined)).then((v) => {
            if (typeof v === "string") return finish({ accessToken: v });
            const accessToken = v?.accessToken, expiresIn = v?.expiresIn;
            finish({
              accessToken: typeof accessToken === "string" ? accessToken : undefined,
              expiresIn: typeof expiresIn === "number" && Number.isFinite(expiresIn) ? expiresIn : undefined,
            });
          }).catch((e) => finish({ error: messageOf(e) }));
        } catch (e) {
          finish({ error: messageOf(e) });
        }
        return () => finish({ error: "cancelled" });
      };
      start.cancelledValue = JSON.stringify({ error: "cancelled" });
      return pending(start);
    },
  };
  return host;
}

/** The stop of one call: resolves "abort" when the caller's signal fires, "timeout:N" after N ms. */
function makeStop(signal, timeoutMs) {
  if (signal == null && timeoutMs == null) return undefined;
  let settle, timer, listener;
  const promise = new Promise((r) => { settle = r; });
  if (timeoutMs != null) timer = setTimeout(() => settle(`timeout:${timeoutMs}`), timeoutMs);
  if (signal != null) {
    if (signal.aborted) settle("abort");
    else {
      listener = () => settle("abort");
      signal.addEventListener("abort", listener, { once: true });
    }
  }
  return {
    promise,
    cancel() {
      clearTimeout(timer);
      if (listener) try { signal.removeEventListener("abort", listener); } catch { /* ignore */ }
      settle("cancelled");
    },
  };
}

/** Reads `signal` and `timeoutMs` of per-call options, checking their types. */
function callSettings(opts, name) {
  if (opts === undefined || opts === null || typeof opts !== "object") return {};
  let signal, timeoutMs;
  try {
    signal = opts.signal;
    timeoutMs = opts.timeoutMs;
    if (signal != null) {
      if (typeof AbortSignal !== "function" || !(signal instanceof AbortSignal)) throw invalid(`${name}.signal`, `\`${name}.signal\` must be an AbortSignal`);
      void signal.aborted; // a subclass with a throwing getter fails here, not later
    }
  } catch (e) {
    throw e instanceof PartnerOrderingError ? e : invalid(name, `\`${name}\` cannot be read: ${messageOf(e)}`);
  }
  if (timeoutMs != null && !(Number.isInteger(timeoutMs) && timeoutMs > 0 && timeoutMs <= 2 ** 31 - 1)) {
    throw invalid(`${name}.timeoutMs`, `\`${name}.timeoutMs\` must be a positive whole number of milliseconds`);
  }
  return { signal: signal ?? undefined, timeoutMs: timeoutMs ?? undefined };
}

function markJsOnly(key) {
  return function (k, v) {
    if (k === key && this !== undefined && v != null && typeof v === "object") return true;
    return v;
  };
}

/** Option keys whose value is a function the layer calls (anywhere else a function is an error in Rust). */
const FUNCTION_OPTION = /^(?:fetch|now|apsToken|(?:\w+\.)?tokenProvider)$/;

/** Splits constructor options: functions (to the host, by dotted path) and JSON for Rust. */
function splitOptions(options, apiName) {
  const callbacks = new Map();
  const paths = new Map();
  let fetchFn, nowFn, timeoutMs = 60_000;
  const replacer = function (k, v) {
    const base = this === undefined || paths.get(this) === undefined ? undefined : paths.get(this);
    const path = k === "" ? "" : base ? `${base}.${k}` : k;
    if (FUNCTION_OPTION.test(path) && typeof v !== "function" && v !== undefined && v !== null) {
      throw fail("configuration", `${apiName}: \`${path}\` must be a function`);
    }
    if (typeof v === "function") {
      if (path === "fetch") fetchFn = v;
      else if (path === "now") nowFn = v;
      else callbacks.set(path, v);
      return true;
    }
    if (v !== null && typeof v === "object") paths.set(v, path);
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
  return { json, settings: { fetchFn, nowFn, callbacks, timeoutMs, browserPage: typeof window !== "undefined" && typeof document !== "undefined" } };
}

// ---------------------------------------------------------------------------------------------
// Re-entrancy: a caller's `now()` could call back into the SDK while wasm is on the stack.

let inCallback = false;
function guardReentry(f) {
  const saved = inCallback;
  inCallback = true; // caller code runs with wasm on the stack: its calls into the SDK are refused
  try { return f(); } finally { inCallback = saved; }
}

// ---------------------------------------------------------------------------------------------

/**
 * Wraps one wasm-bindgen glue factory (see scripts/patch-glue.mjs) and its compiled module.
 * Returns the public exports of an entry.
 */
export function install(createGlue, module) {
  let glue, raw, generation = 0;
  const inflight = new Set(); // calls of the current generation, to settle if it traps
  function boot() {
    glue = createGlue();
    raw = glue.initSync({ module });
    generation += 1;
  }
  boot();

  function isTrap(e) {
    return (typeof WebAssembly === "object" && e instanceof WebAssembly.RuntimeError) ||
      (e instanceof RangeError && /call stack/i.test(String(e.message)));
  }

  /** The error for whatever a wasm call threw or rejected with; heals after a trap. */
  function toError(e, gen) {
    if (e instanceof PartnerOrderingError) return e;
    if (typeof e === "string" && e.startsWith("{")) {
      try { return new PartnerOrderingError(JSON.parse(e)); } catch { /* fall through */ }
    }
    if (isTrap(e)) {
      if (gen === generation) heal();
      return fail("internal", `the wasm instance failed (${messageOf(e)}); it was replaced, and this call may have been sent`, { mayHaveBeenSent: true });
    }
    return fail("internal", `unexpected failure in partner-ordering: ${messageOf(e)}`, { mayHaveBeenSent: true });
  }

  function heal() {
    const old = [...inflight];
    inflight.clear();
    boot();
    for (const call of old) call.reject(fail("internal", "the wasm instance failed during this call; it was replaced, and the call may have been sent", { mayHaveBeenSent: true }));
  }

  /** Runs a synchronous wasm call. */
  function sync(f) {
    if (inCallback) throw fail("invalidRequest", "partner-ordering was called from inside its `now` callback; call it afterwards");
    const gen = generation;
    try {
      return f();
    } catch (e) {
      throw toError(e, gen);
    }
  }

  /** Runs an async wasm call; the promise always settles. */
  function async(start, stop) {
    return new Promise((resolve, reject) => {
      const gen = generation;
      const call = {
        reject: (e) => { stop?.cancel(); reject(e); },
      };
      inflight.add(call);
      const done = () => { inflight.delete(call); stop?.cancel(); };
      let p;
      try {
        p = sync(start);
      } catch (e) {
        done();
        reject(e);
        return;
      }
      Promise.resolve(p).then(
        (v) => { if (gen !== generation) return; done(); try { resolve(fromJson(v)); } catch (e) { reject(toError(e, gen)); } },
        (e) => { if (gen !== generation) return; done(); reject(toError(e, gen)); },
      );
    });
  }

  /** Parameter names of a glue function (wasm-bindgen writes them verbatim). */
  function params(fn) {
    const src = Function.prototype.toString.call(fn);
    const m = src.startsWith("class") ? /\bconstructor\(([^)]*)\)/.exec(src) : /^[^(]*\(([^)]*)\)/.exec(src);
    return m ? m[1].split(",").map((s) => s.trim()).filter(Boolean) : [];
  }

  /** JSON text of each argument of a call, with the per-call options' signal kept here. */
  function encodeArgs(names, args, optionsIndex) {
    const out = [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      if (name === "_stop" || name === "_host") continue;
      out.push(toJson(args[i], name, i === optionsIndex ? markJsOnly("signal") : undefined));
    }
    return out;
  }

  const exports = { PartnerOrderingError, isPartnerOrderingError };
  const state = new WeakMap(); // public object → its private state

  function ownerOf(self, className) {
    const s = state.get(self);
    if (!s || s.className !== className) {
      throw fail("invalidRequest", `this method must be called on a ${className} (it was called on another object)`);
    }
    if (s.freed) throw fail("configuration", `this ${className} was freed; create a new one`);
    return s;
  }

  /** The live Rust object of `s`, rebuilt after a new instance replaced the old one. */
  function inner(s) {
    if (s.generation !== generation) {
      s.inner = sync(() => s.build());
      s.generation = generation;
    }
    return s.inner;
  }

  function release(s) {
    if (s.freed && s.calls === 0 && s.inner) {
      const obj = s.inner;
      s.inner = undefined;
      if (s.generation === generation) {
        try { obj.free(); } catch { /* already gone */ }
      }
    }
  }

  function wrapResult(v, s) {
    if (v && typeof v === "object" && glue.Pager && v instanceof glue.Pager) return iterator(v, s);
    return fromJson(v);
  }

  /** A real async iterator over a Rust pager's pages. */
  function iterator(pager, owner) {
    const gen = generation;
    let buffer = [], done = false;
    const it = {
      async next() {
        while (buffer.length === 0 && !done) {
          if (gen !== generation) throw fail("internal", "this iteration was interrupted by an instance failure; start it again");
          const page = await async(() => pager.next(undefined));
          if (!Array.isArray(page) || page.length === 0) done = true;
          else buffer = page;
        }
        if (buffer.length) return { value: buffer.shift(), done: false };
        return { value: undefined, done: true };
      },
      async return() {
        done = true;
        buffer = [];
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() { return this; },
    };
    void owner;
    return it;
  }

  function wrapMethod(className, name, fn) {
    const names = params(fn);
    const isAsync = names[names.length - 1] === "_stop";
    const optionsIndex = isAsync ? names.length - 2 : -1;
    const isValidator = /^validate[A-Z]/.test(name);
    return {
      [name](...args) {
        if (!isAsync) {
          const s = ownerOf(this, className);
          let texts;
          try {
            texts = encodeArgs(names, args, -1);
          } catch (e) {
            // Validators never throw for bad input: an unreadable value is a failed report.
            if (isValidator && e instanceof PartnerOrderingError) return { ok: false, issues: e.issues };
            throw e;
          }
          return wrapResult(sync(() => inner(s)[name](...texts)), s);
        }
        let s, texts, stop;
        try {
          s = ownerOf(this, className);
          texts = encodeArgs(names, args, optionsIndex);
          const { signal, timeoutMs } = callSettings(args[optionsIndex], names[optionsIndex] ?? "options");
          stop = makeStop(signal, timeoutMs);
        } catch (e) {
          return Promise.reject(e instanceof PartnerOrderingError ? e : toError(e, generation));
        }
        s.calls++;
        return async(() => inner(s)[name](...texts, stop), stop).finally(() => {
          s.calls--;
          release(s);
        });
      },
    }[name];
  }

  function wrapClass(className, Glue) {
    const ctorNames = params(Glue);
    const takesHost = ctorNames[ctorNames.length - 1] === "_host";
    const Public = {
      [className]: class {
        constructor(...args) {
          const s = { className, calls: 0, freed: false, generation: 0, inner: undefined };
          if (takesHost) {
            const { json, settings } = splitOptions(args[0], className);
            const host = makeHost(settings);
            s.build = () => new glue[className](json, host);
          } else {
            const texts = encodeArgs(ctorNames, args, -1);
            s.build = () => new glue[className](...texts);
          }
          s.inner = sync(() => s.build());
          s.generation = generation;
          state.set(this, s);
        }
        /** Releases the Rust side. Calls in flight finish first; later calls fail. */
        free() {
          const s = state.get(this);
          if (!s || s.freed) return;
          s.freed = true;
          release(s);
        }
        [Symbol.dispose]() { this.free(); }
      },
    }[className];
    for (const name of Object.getOwnPropertyNames(Glue.prototype)) {
      if (["constructor", "free", "__destroy_into_raw"].includes(name)) continue;
      const desc = Object.getOwnPropertyDescriptor(Glue.prototype, name);
      if (typeof desc.value !== "function") continue;
      Object.defineProperty(Public.prototype, name, { value: wrapMethod(className, name, desc.value), writable: true, configurable: true });
    }
    for (const name of Object.getOwnPropertyNames(Glue)) {
      const desc = Object.getOwnPropertyDescriptor(Glue, name);
      if (typeof desc.value !== "function" || ["length", "name", "prototype", "__wrap"].includes(name) || name.startsWith("__")) continue;
      Public[name] = wrapFunction(() => glue[className][name], desc.value);
    }
    return Public;
  }

  function wrapFunction(get, fn, raw = false) {
    const names = params(fn);
    return (...args) => {
      const texts = encodeArgs(names, args, -1);
      const v = sync(() => get()(...texts));
      return raw ? v : wrapResult(v);
    };
  }

  // Rql: the JS object holds the encoded text; Rust builds it.
  function wrapRql(Glue) {
    class Rql {
      #text;
      constructor(text, key) {
        if (key !== RQL_KEY) throw fail("invalidRequest", "build queries with the static methods, e.g. Rql.eq(\"name\", \"Acme\")");
        this.#text = text;
      }
      toString() { return this.#text; }
      toJSON() { return this.#text; }
    }
    const RQL_KEY = Symbol("rql");
    for (const name of Object.getOwnPropertyNames(Glue)) {
      const desc = Object.getOwnPropertyDescriptor(Glue, name);
      if (typeof desc.value !== "function" || ["length", "name", "prototype"].includes(name) || name.startsWith("__")) continue;
      const call = wrapFunction(() => glue.Rql[name], desc.value, true);
      // `join` gives the query string itself; every other builder gives an Rql.
      Rql[name] = name === "join" ? (...args) => fromJson(call(...args)) : (...args) => new Rql(fromJson(call(...args)), RQL_KEY);
    }
    return Rql;
  }

  for (const [name, value] of Object.entries(glue)) {
    if (name === "initSync" || name === "__wbg_init" || name === "Pager") continue;
    if (typeof value !== "function") continue;
    if (name === "Rql") exports.Rql = wrapRql(value);
    else if (/^[A-Z]/.test(name) && value.prototype && typeof value.prototype.free === "function") exports[name] = wrapClass(name, value);
    else exports[name] = wrapFunction(() => glue[name], value, name === "version" || name === "hasSandbox");
  }
  if (exports.Sandbox) addSandboxFetch(exports.Sandbox, state, (s) => inner(s), sync);

  /** Instance health, for monitoring and tests. */
  exports.diagnostics = () => ({
    generation,
    memoryBytes: raw.memory.buffer.byteLength,
    tableSize: raw.__wbindgen_externrefs ? raw.__wbindgen_externrefs.length : 0,
  });
  return exports;
}

// ---------------------------------------------------------------------------------------------
// The sandbox's fetch: a fetch-compatible function over `Sandbox.handle`.

function addSandboxFetch(Sandbox, state, inner, sync) {
  const fetches = new WeakMap();
  Object.defineProperty(Sandbox.prototype, "fetch", {
    configurable: true,
    get() {
      if (!state.has(this)) throw fail("invalidRequest", "`fetch` must be read from a Sandbox");
      let f = fetches.get(this);
      if (!f) {
        const sb = this;
        f = async (input, init) => {
          const req = new Request(input, init);
          if (req.signal?.aborted) throw req.signal.reason ?? new DOMException("aborted", "AbortError");
          const body = await req.text();
          const headers = {};
          for (const [k, v] of req.headers) headers[k] = v;
          const text = JSON.stringify({ method: req.method, url: req.url, headers, body: body === "" ? undefined : body });
          const s = state.get(sb);
          if (!s || s.freed) throw new TypeError("fetch failed (the sandbox was freed)");
          const r = JSON.parse(sync(() => inner(s).handle(text)));
          if (r.fault === "networkError") throw new TypeError("fetch failed (sandbox: simulated network failure)");
          if (r.fault === "hang") {
            return new Promise((_, reject) => {
              req.signal?.addEventListener("abort", () => reject(req.signal.reason ?? new DOMException("aborted", "AbortError")), { once: true });
            });
          }
          const noBody = r.status === 204 || r.status === 205 || r.status === 304;
          return new Response(noBody ? null : r.body, { status: r.status, headers: r.headers });
        };
        fetches.set(this, f);
      }
      return f;
    },
  });
  Object.defineProperty(Sandbox.prototype, "clock", {
    configurable: true,
    get() {
      const sb = this;
      return () => sb.now();
    },
  });
}
