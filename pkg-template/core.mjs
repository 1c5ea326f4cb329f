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

import { PartnerOrderingError, ERROR_CLASSES, errorFromText, isPartnerOrderingError, fail, invalid, messageOf, toJson, fromJson } from "./errors.mjs";
import { makeHost, makeStop, callSettings, markJsOnly, splitOptions, inCallerCallback } from "./host.mjs";
import { makePortfolio } from "./portfolio.mjs";

export { ERROR_CLASSES, PartnerOrderingError, isPartnerOrderingError };

/** The replacer of every call's options: made once, not on every call. */
const SIGNAL_JS_ONLY = markJsOnly("signal");

/**
 * Wraps one wasm-bindgen glue factory (see scripts/patch-glue.mjs) and its compiled module.
 * Returns the public exports of an entry.
 */
export function install(createGlue, module, manifest) {
  let glue, raw, generation = 0;
  const inflight = new Set(); // calls of the current generation, to settle if it traps
  const live = new Set(); // the hosts' timers, fetches and token calls in progress
  function boot() {
    // Into locals first: a failed instantiation leaves the previous state as it was.
    const g = generation + 1;
    const next = createGlue((e) => {
      if (!isTrap(e)) return false;
      if (g === generation) heal();
      return true;
    });
    const exports = next.initSync({ module });
    glue = next;
    raw = exports;
    generation = g;
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
      try { return errorFromText(e); } catch { /* fall through */ }
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
    for (const p of [...live]) p.cancel(); // all belong to the failed instance
    try {
      boot();
    } catch {
      // No new instance (e.g. out of memory): the old one stays; the next trap tries again.
    } finally {
      for (const call of old) call.reject(fail("internal", "the wasm instance failed during this call; it was replaced, and the call may have been sent", { mayHaveBeenSent: true }));
    }
  }

  /** Runs a synchronous wasm call. */
  function sync(f) {
    if (inCallerCallback()) throw fail("invalidRequest", "partner-ordering was called from inside its `now` callback; call it afterwards");
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

  // Parameter names come from the build's manifest (scripts/gen-dts.mjs): `_host` and `_stop`
  // mark the layer's own parameters, and a minifier may have renamed the glue's.

  /** JSON text of each argument of a call, with the per-call options' signal kept here. */
  function encodeArgs(names, args, optionsIndex) {
    const out = [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      if (name === "_stop" || name === "_host") continue;
      out.push(toJson(args[i], name, i === optionsIndex ? SIGNAL_JS_ONLY : undefined));
    }
    return out;
  }

  const exports = { ...ERROR_CLASSES, isPartnerOrderingError };
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

  function wrapResult(v, settings) {
    if (v && typeof v === "object" && glue.Pager && v instanceof glue.Pager) return iterator(v, settings);
    return fromJson(v);
  }

  /**
   * A real async iterator over a Rust pager's pages. Each page is one request under the
   * iteration's options: `signal` ends it (the page in flight rejects with ABORTED), and
   * `deadlineMs` bounds each page's request, retries included.
   */
  function iterator(pager, { signal, deadlineMs } = {}) {
    const gen = generation;
    let buffer = [], done = false, queue = Promise.resolve();
    const finish = () => {
      done = true;
      buffer = [];
      if (gen === generation) try { pager.free(); } catch { /* already released */ }
    };
    const step = async () => {
      while (buffer.length === 0 && !done) {
        if (gen !== generation) throw fail("internal", "this iteration was interrupted by an instance failure; start it again");
        if (signal?.aborted) throw fail("aborted", "the iteration was aborted before this page was requested");
        const stop = makeStop(signal, deadlineMs);
        const page = await async(() => pager.next(stop), stop);
        if (done) break; // return() was called while the page loaded
        if (!Array.isArray(page) || page.length === 0) finish();
        else buffer = page;
      }
      if (buffer.length) return { value: buffer.shift(), done: false };
      return { value: undefined, done: true };
    };
    return {
      // Calls are queued, as async iterators do: `Promise.all([it.next(), it.next()])` gives two items.
      next() {
        const r = queue.then(step);
        queue = r.catch(() => {});
        return r;
      },
      async return() {
        if (!done) finish();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() { return this; },
    };
  }

  /**
   * `promise.withResponse()`, as in the Stainless SDKs: resolves to `{ data, response }`, the
   * response being the call's final HTTP response (`status`, lower-cased `headers`, `traceId`).
   * `response` is undefined for calls that answer without a request (the sandbox's own state).
   */
  function withResponse(promise, stop) {
    Object.defineProperty(promise, "withResponse", {
      value: () => promise.then((data) => ({ data, response: stop?.meta })),
      configurable: true,
    });
    return promise;
  }

  /**
   * Paged lists as one object, as in the Stainless SDKs: awaited, `listX()` is a page with
   * `hasNextPage()` and `getNextPage()`; under `for await`, it yields every item of every page.
   * A next page exists only when the server honoured the requested position and the next one
   * is further on, so a server that ignores paging ends the list instead of repeating it.
   */
  function paged(promise, self, spec, name, args) {
    const [query, options] = args;
    const page = promise.then((p) => {
      if (p === null || typeof p !== "object") return p;
      const next = spec.next(p, query ?? {});
      Object.defineProperties(p, {
        hasNextPage: { value: () => next !== undefined, configurable: true },
        getNextPage: {
          value: () => next === undefined
            ? Promise.reject(fail("invalidRequest", "this is the last page: check hasNextPage() first"))
            : self[name](next, options),
          configurable: true,
        },
      });
      return p;
    });
    // Every item, page by page: each page fetched once, the next only while one follows.
    async function* items() {
      let p = await page;
      for (;;) {
        const list = p !== null && typeof p === "object" ? spec.items(p) : undefined;
        if (Array.isArray(list)) yield* list;
        if (!p?.hasNextPage?.()) return;
        p = await p.getNextPage();
      }
    }
    Object.defineProperties(page, {
      [Symbol.asyncIterator]: { value: items, configurable: true },
      withResponse: { value: () => promise.withResponse().then(({ response }) => page.then((data) => ({ data, response }))), configurable: true },
    });
    return page;
  }

  function wrapMethod(className, name, names) {
    const isAsync = names[names.length - 1] === "_stop";
    const optionsIndex = isAsync ? names.length - 2 : -1;
    const isValidator = /^validate[A-Z]/.test(name);
    // The options of a synchronous method (an `iterate…()`) apply to each page's request.
    const syncOptions = isAsync ? -1 : names.indexOf("options");
    return {
      [name](...args) {
        if (!isAsync) {
          const s = ownerOf(this, className);
          let texts, settings;
          try {
            texts = encodeArgs(names, args, syncOptions);
            if (syncOptions >= 0) settings = callSettings(args[syncOptions], "options");
          } catch (e) {
            // Validators never throw for bad input: an unreadable value is a failed report.
            if (isValidator && e instanceof PartnerOrderingError) return { ok: false, issues: e.issues };
            throw e;
          }
          return wrapResult(sync(() => inner(s)[name](...texts)), settings);
        }
        let s, texts, stop;
        try {
          s = ownerOf(this, className);
          texts = encodeArgs(names, args, optionsIndex);
          const { signal, deadlineMs } = callSettings(args[optionsIndex], names[optionsIndex] ?? "options");
          // Like fetch: an already-aborted signal sends nothing, so nothing may have been sent.
          if (signal?.aborted) return withResponse(Promise.reject(fail("aborted", "the request was aborted before it was sent")));
          stop = makeStop(signal, deadlineMs);
        } catch (e) {
          return withResponse(Promise.reject(e instanceof PartnerOrderingError ? e : toError(e, generation)));
        }
        s.calls++;
        const result = async(() => inner(s)[name](...texts, stop), stop).finally(() => {
          s.calls--;
          release(s);
        });
        const out = withResponse(result, stop);
        const spec = PAGED[`${className}.${name}`];
        return spec ? paged(out, this, spec, name, args) : out;
      },
    }[name];
  }

  function wrapClass(className, Glue) {
    const spec = manifest.classes[className] ?? { ctor: [], methods: {}, statics: {} };
    const ctorNames = spec.ctor ?? [];
    const takesHost = ctorNames[ctorNames.length - 1] === "_host";
    const Public = {
      [className]: class {
        constructor(...args) {
          const s = { className, calls: 0, freed: false, generation: 0, inner: undefined };
          if (takesHost) {
            const { json, settings } = splitOptions(args[0], className);
            s.summary = summaryOf(json);
            const host = makeHost(settings, live);
            s.build = () => new glue[className](json, host);
          } else {
            const texts = encodeArgs(ctorNames, args, -1);
            s.build = () => new glue[className](...texts);
          }
          s.inner = sync(() => s.build());
          s.generation = generation;
          state.set(this, s);
        }
        /** A summary for logs, without secrets: API, base URL (no query), partner or account id. */
        toJSON() {
          const s = state.get(this);
          if (!s || s.className !== className) throw fail("invalidRequest", `toJSON() must be called on a ${className}`);
          return { [className]: s.summary ?? {} };
        }
        [INSPECT]() {
          const s = state.get(this);
          if (!s || s.className !== className) throw fail("invalidRequest", `inspect must be called on a ${className}`);
          return `${className} ${JSON.stringify(s.summary ?? {})}${s.freed ? " (freed)" : ""}`;
        }
        /** Releases the Rust side. Calls in flight finish first; later calls fail. */
        free() {
          const s = state.get(this);
          if (!s || s.className !== className) throw fail("invalidRequest", `free() must be called on a ${className}`);
          if (s.freed) return;
          s.freed = true;
          release(s);
        }
        [Symbol.dispose]() { Public.prototype.free.call(this); }
      },
    }[className];
    for (const [name, names] of Object.entries(spec.methods)) {
      if (name === "free") continue;
      Object.defineProperty(Public.prototype, name, { value: wrapMethod(className, name, names), writable: true, configurable: true });
    }
    for (const [name, names] of Object.entries(spec.statics)) {
      Public[name] = wrapFunction(() => glue[className][name], names);
    }
    return Public;
  }

  function wrapFunction(get, names, raw = false, total = false) {
    return (...args) => {
      let texts;
      try {
        texts = encodeArgs(names, args, -1);
      } catch (e) {
        // A total function (parseSku) answers for any input: an unreadable one is `null`.
        if (!total) throw e;
        texts = names.map(() => "null");
      }
      const v = sync(() => get()(...texts));
      // A promise from Rust is tracked like a method's, so that an instance failure settles it.
      if (v instanceof Promise) return async(() => v);
      return raw ? v : wrapResult(v);
    };
  }

  // Rql: the JS object holds the encoded text; Rust builds it.
  function wrapRql() {
    class Rql {
      #text;
      #freed = false;
      constructor(text, key) {
        if (key !== RQL_KEY) throw fail("invalidRequest", "build queries with the static methods, e.g. Rql.eq(\"name\", \"Acme\")");
        this.#text = text;
      }
      static #own(q) {
        if (typeof q !== "object" || q === null || !(#text in q)) throw fail("invalidRequest", "this method must be called on an Rql");
        if (q.#freed) throw fail("configuration", "this Rql was freed; build a new one");
        return q.#text;
      }
      toString() { return Rql.#own(this); }
      toJSON() { return Rql.#own(this); }
      /** The query is plain text in JS; `free()` only retires the object, as for the other classes. */
      free() { Rql.#own(this); this.#freed = true; }
      [Symbol.dispose]() { if (typeof this !== "object" || this === null || !(#text in this)) throw fail("invalidRequest", "this method must be called on an Rql"); this.#freed = true; }
    }
    const RQL_KEY = Symbol("rql");
    for (const [name, names] of Object.entries(manifest.classes.Rql?.statics ?? {})) {
      const call = wrapFunction(() => glue.Rql[name], names, true);
      // `join` gives the query string itself; every other builder gives an Rql.
      Rql[name] = name === "join" ? (...args) => fromJson(call(...args)) : (...args) => new Rql(fromJson(call(...args)), RQL_KEY);
    }
    return Rql;
  }

  for (const [name, value] of Object.entries(glue)) {
    if (name === "initSync" || name === "__wbg_init" || name === "Pager") continue;
    if (typeof value !== "function") continue;
    if (name === "Rql") exports.Rql = wrapRql();
    else if (/^[A-Z]/.test(name) && value.prototype && typeof value.prototype.free === "function") exports[name] = wrapClass(name, value);
    else exports[name] = wrapFunction(() => glue[name], manifest.functions[name] ?? [], name === "version" || name === "hasSandbox", name === "parseSku");
  }
  if (exports.Sandbox) addSandboxFetch(exports.Sandbox, state, (s) => inner(s), sync);
  // The builds with every API have the portfolio's rules; its fetching is JS (portfolio.mjs).
  if (exports.normalizePortfolio) exports.Portfolio = makePortfolio(exports);

  /** Instance health, for monitoring and tests. */
  exports.diagnostics = () => ({
    generation,
    memoryBytes: raw.memory.buffer.byteLength,
    tableSize: raw.__wbindgen_externrefs ? raw.__wbindgen_externrefs.length : 0,
  });
  return exports;
}

/** The next page's query of a SimpleAPI page, or undefined after the last (or when the server
 * did not answer at the offset asked for). */
function nextOffset(p, q) {
  const { offset, total } = p.pagination ?? {};
  const asked = q.offset ?? 0;
  const n = offset + (Array.isArray(p.data) ? p.data.length : 0);
  return offset === asked && n > asked && Number.isFinite(total) && n < total ? { ...q, offset: n } : undefined;
}
/** The next page's query of an APS page (`limit(start,count)`), likewise. */
function nextStart(p, q) {
  const asked = q.start ?? 0;
  return Number.isInteger(p.nextStart) && p.nextStart > asked && p.start === asked ? { ...q, start: p.nextStart } : undefined;
}
/** The paged lists (see `paged`): where their items are and their next page's query. */
const PAGED = {
  "CloudBlueApsClient.listOrders": { items: (p) => p.items, next: nextStart },
  "CloudBlueApsClient.listSubscriptions": { items: (p) => p.items, next: nextStart },
  "CloudBlueSimpleClient.listProducts": { items: (p) => p.data, next: nextOffset },
  "CloudBlueSimpleClient.listCustomers": { items: (p) => p.data, next: nextOffset },
  "CloudBlueSimpleClient.listSubscriptions": { items: (p) => p.data, next: nextOffset },
  "CloudBlueSimpleClient.listOrders": { items: (p) => p.data, next: nextOffset },
};

const INSPECT = Symbol.for("nodejs.util.inspect.custom");
/** Option keys shown by `inspect`/`toJSON`: identifiers and URLs, never credentials. */
const SUMMARY_KEYS = ["partnerId", "baseUrl", "tokenUrl", "apsUrl", "accountId", "resellerId", "sellerId", "username", "timeoutMs", "maxRetries", "validate"];

function summaryOf(json) {
  const out = {};
  try {
    const o = JSON.parse(json);
    for (const k of SUMMARY_KEYS) {
      const v = o?.[k];
      if (typeof v === "number" || typeof v === "boolean") out[k] = v;
      else if (typeof v === "string") out[k] = /url$/i.test(k) ? originAndPath(v) : v.slice(0, 200);
    }
  } catch { /* nothing to show */ }
  return out;
}

/** A URL without its query, fragment and credentials (where keys hide). */
function originAndPath(v) {
  try {
    const u = new URL(v);
    return `${u.origin}${u.pathname}`;
  } catch {
    return "[not a URL]";
  }
}

// ---------------------------------------------------------------------------------------------
// The sandbox's fetch: a fetch-compatible function over `Sandbox.handle`.

/** The URL or Request a fetch was given, checked before the platform's Request sees it. */
function requestInput(input) {
  if (typeof input === "string" || input instanceof URL || input instanceof Request) return input;
  throw invalid("input", "sandbox.fetch: the input must be a URL string, a URL or a Request");
}

/** The fetch options the sandbox understands, read defensively (a header list of length 2**32-1 would hang). */
function requestInit(init) {
  if (init === undefined || init === null) return undefined;
  if (typeof init !== "object") throw invalid("init", "sandbox.fetch: init must be an object");
  const method = init.method, body = init.body, signal = init.signal;
  let headers = init.headers;
  if (headers !== undefined && !(headers instanceof Headers)) {
    const pairs = [];
    const list = Array.isArray(headers) ? headers : headers !== null && typeof headers === "object" ? Object.entries(headers) : null;
    if (!list || list.length > 1000) throw invalid("init.headers", "sandbox.fetch: headers must be a Headers, an object or a short list of pairs");
    const text = (x) => typeof x === "string" || typeof x === "number"; // String() of a huge sparse array would hang
    for (const p of list) {
      if (!Array.isArray(p) || p.length !== 2 || !text(p[0]) || !text(p[1])) throw invalid("init.headers", "sandbox.fetch: each header must be a [name, value] pair of strings");
      pairs.push([String(p[0]), String(p[1])]);
    }
    headers = pairs;
  }
  if (method !== undefined && typeof method !== "string") throw invalid("init.method", "sandbox.fetch: method must be a string");
  if (body !== undefined && body !== null && typeof body !== "string") throw invalid("init.body", "sandbox.fetch: body must be a string");
  if (signal !== undefined && signal !== null && !(signal instanceof AbortSignal)) throw invalid("init.signal", "sandbox.fetch: signal must be an AbortSignal");
  return { method, headers, body: body ?? undefined, signal: signal ?? undefined };
}

function addSandboxFetch(Sandbox, state, inner, sync) {
  const fetches = new WeakMap();
  Object.defineProperty(Sandbox.prototype, "fetch", {
    configurable: true,
    get() {
      const own = state.get(this);
      if (!own || own.className !== "Sandbox") throw fail("invalidRequest", "`fetch` must be read from a Sandbox");
      if (own.freed) throw fail("configuration", "this Sandbox was freed; create a new one");
      let f = fetches.get(this);
      if (!f) {
        const sb = this;
        f = async (input, init) => {
          let req;
          try {
            req = new Request(requestInput(input), requestInit(init));
          } catch (e) {
            throw e instanceof PartnerOrderingError ? e : invalid("input", `sandbox.fetch: not a request: ${messageOf(e)}`);
          }
          if (req.signal?.aborted) throw req.signal.reason ?? new DOMException("aborted", "AbortError");
          const body = await req.text();
          if (req.signal?.aborted) throw req.signal.reason ?? new DOMException("aborted", "AbortError");
          const headers = {};
          for (const [k, v] of req.headers) headers[k] = v;
          const text = JSON.stringify({ method: req.method, url: req.url, headers, body: body === "" ? undefined : body });
          const s = state.get(sb);
          if (!s || s.freed) throw new TypeError("fetch failed (the sandbox was freed)");
          const r = JSON.parse(sync(() => inner(s).handle(text)));
          if (r.fault === "networkError") throw new TypeError("fetch failed (sandbox: simulated network failure)");
          if (r.fault === "hang") {
            return new Promise((_, reject) => {
              const abort = () => reject(req.signal.reason ?? new DOMException("aborted", "AbortError"));
              if (req.signal?.aborted) abort();
              else req.signal?.addEventListener("abort", abort, { once: true });
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
      const own = state.get(this);
      if (!own || own.className !== "Sandbox") throw fail("invalidRequest", "`clock` must be read from a Sandbox");
      if (own.freed) throw fail("configuration", "this Sandbox was freed; create a new one");
      const sb = this;
      // Called as a client's `now`, so with wasm on the stack: it reads the sandbox's clock
      // directly instead of through the guarded method (the sandbox's state is its own, and
      // nothing else is borrowed by this read).
      return () => {
        const s = state.get(sb);
        try {
          const n = s && !s.freed ? JSON.parse(s.inner.now()) : NaN;
          return Number.isFinite(n) ? n : Date.now();
        } catch {
          return Date.now();
        }
      };
    },
  });
}
