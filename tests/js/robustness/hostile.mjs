// Hostile values: a seeded PRNG and a table of factories, one per kind of input a caller can
// hand the package by mistake or on purpose. Nothing here touches the package except the
// factories of the "wasm" group, which take instances from the context they are given.

/** mulberry32: a tiny seeded PRNG. `rng()` is in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  const rng = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  rng.int = (n) => Math.floor(rng() * n);
  rng.pick = (xs) => xs[rng.int(xs.length)];
  rng.chance = (p) => rng() < p;
  return rng;
}

/** A seed for case `i` of a run seeded with `seed`, so any case can be rebuilt on its own. */
export const caseSeed = (seed, i) => (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(i + 1, 0xc2b2ae35)) >>> 0;

// ---- building blocks --------------------------------------------------------------------

/** Nested arrays `depth` levels deep, built iteratively (no recursion to overflow here). */
export function deepArray(depth) {
  let v = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** Nested objects `{ a: { a: … } }`, `depth` levels deep. */
export function deepObject(depth, key = "a") {
  let v = {};
  for (let i = 0; i < depth; i++) v = { [key]: v };
  return v;
}

/** A sparse array of length 2**32 - 1 (one real element at the end when `tail`). */
export function sparseMax(tail) {
  const a = [];
  a.length = 2 ** 32 - 1;
  if (tail !== undefined) a[2 ** 32 - 2] = tail;
  return a;
}

const KEYS = [
  "sku", "quantity", "offers", "fromQuantity", "toQuantity", "fromSku", "toSku", "serviceInstanceId",
  "commitContractReference", "endCustomerInfo", "extra", "signal", "timeoutMs", "precheck", "productId",
  "mpn", "type", "customerId", "accountId", "products", "resources", "amount", "limit", "offset", "id",
  "organizationId", "serviceId", "level", "subscription", "now", "method", "url", "headers", "body", "kind",
];

/** `original`'s keys (or the common ones) as getters that `throw thrown()`. */
function throwingGetters(original, thrown) {
  const base = original && typeof original === "object" ? original : {};
  const keys = new Set([...Object.keys(base), ...KEYS]);
  if (Array.isArray(base)) for (let i = 0; i < Math.max(1, base.length); i++) keys.add(String(i));
  const o = Array.isArray(base) ? [] : {};
  for (const k of keys) Object.defineProperty(o, k, { enumerable: true, configurable: true, get() { throw thrown(); } });
  return o;
}

/** A Proxy whose every trap throws `thrown()`. */
function throwingProxy(target, thrown) {
  const t = () => { throw thrown(); };
  return new Proxy(target, {
    get: t, set: t, has: t, ownKeys: t, getOwnPropertyDescriptor: t, defineProperty: t, deleteProperty: t,
    getPrototypeOf: t, setPrototypeOf: t, isExtensible: t, preventExtensions: t, apply: t, construct: t,
  });
}

function revoked(target) {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

/** An Error whose `cause` is itself. */
export function selfCauseError(message = "self-cause") {
  const e = new Error(message);
  e.cause = e;
  return e;
}

/** A real AbortSignal whose class overrides `aborted` with a throwing getter. */
export class ThrowingAbortSignal extends AbortSignal {
  get aborted() { throw new Error("aborted getter throws"); }
  get reason() { throw 1; }
  throwIfAborted() { throw 1; }
}
export function throwingSignal() {
  return Object.setPrototypeOf(new AbortController().signal, ThrowingAbortSignal.prototype);
}

const cloneish = (v) => (v && typeof v === "object" && !Array.isArray(v) ? { ...v } : Array.isArray(v) ? [...v] : v);

// ---- the table --------------------------------------------------------------------------
// `make(ctx, original)`: `original` is the valid value the hostile one replaces (if any), so
// some factories can imitate it (same keys, throwing getters). `group` picks the section they
// run in. `heavy` ones cost milliseconds a call and go to a sample of the callables; `slow`
// ones (8 MB, 5 M surrogates, 100,000 levels: tens to hundreds of ms) only to a few chosen ones.

const H = (group, name, make, extra = {}) => ({ group, name, make, ...extra });

let memo = new Map();
const once = (key, f) => () => {
  if (!memo.has(key)) memo.set(key, f());
  return memo.get(key);
};

export const HOSTILE = [
  // Wrong types where the package expects something else (strings, arrays, objects).
  H("types", "number 42", () => 42),
  H("types", "number 1.5", () => 1.5),
  H("types", 'string "x"', () => "x"),
  H("types", "empty string", () => ""),
  H("types", "object {}", () => ({})),
  H("types", "empty array", () => []),
  H("types", 'array ["x"]', () => ["x"]),
  H("types", "array of numbers", () => [1, 2, 3]),
  H("types", "array of objects", () => [{}, { x: 1 }]),
  H("types", "function", () => () => "f"),
  H("types", "throwing function", () => () => { throw 1; }),
  H("types", "class", () => class X {}),
  H("types", "true", () => true),
  H("types", "Symbol", () => Symbol("hostile")),
  H("types", "array of Symbols", () => [Symbol("a"), Symbol.iterator]),
  H("types", "object with Symbol values", (_, o) => Object.fromEntries([...Object.keys(cloneish(o) ?? {}), ...KEYS.slice(0, 8)].map((k) => [k, Symbol(k)]))),
  H("types", "object with Symbol keys", () => ({ [Symbol("k")]: 1, [Symbol.toPrimitive]: 2 })),
  H("types", "array-like object", () => ({ length: 2, 0: "a", 1: "b" })),
  H("types", "array with extra props", () => Object.assign(["a"], { sku: 1, offers: "x" })),
  // null and undefined.
  H("nullish", "null", () => null),
  H("nullish", "undefined", () => undefined),
  H("nullish", "array of nulls", () => [null, undefined]),
  H("nullish", "object of nulls", (_, o) => Object.fromEntries([...Object.keys(cloneish(o) ?? {}), ...KEYS.slice(0, 8)].map((k) => [k, null]))),
  H("nullish", "Object.create(null)", () => Object.create(null)),
  // Numbers and BigInts at the edges.
  H("numbers", "NaN", () => NaN),
  H("numbers", "Infinity", () => Infinity),
  H("numbers", "-Infinity", () => -Infinity),
  H("numbers", "-0", () => -0),
  H("numbers", "2**53+1", () => 2 ** 53 + 1),
  H("numbers", "-(2**53+1)", () => -(2 ** 53 + 1)),
  H("numbers", "1e308", () => 1e308),
  H("numbers", "5e-324", () => 5e-324),
  H("numbers", "2**32", () => 2 ** 32),
  H("numbers", "-1", () => -1),
  H("numbers", "BigInt 10n", () => 10n),
  H("numbers", "BigInt 2**64", () => 2n ** 64n),
  H("numbers", "BigInt -(2**70)", () => -(2n ** 70n)),
  H("numbers", "numeric strings", () => ["1e400", "-0", "0x10", " 5 ", "NaN", "9".repeat(400)]),
  H("numbers", "new Number(NaN)", () => new Number(NaN)),
  // Built-in objects that are not plain data.
  H("exotic", "Date", () => new Date(0)),
  H("exotic", "invalid Date", () => new Date(NaN)),
  H("exotic", "Uint8Array", () => new Uint8Array([1, 2, 3, 255])),
  H("exotic", "Float64Array", () => new Float64Array([NaN, -0, Infinity])),
  H("exotic", "BigInt64Array", () => new BigInt64Array([1n, -1n])),
  H("exotic", "ArrayBuffer", () => new ArrayBuffer(16)),
  H("exotic", "detached ArrayBuffer", () => { const b = new ArrayBuffer(8); structuredClone(b, { transfer: [b] }); return b; }),
  H("exotic", "DataView", () => new DataView(new ArrayBuffer(4))),
  H("exotic", "Map", () => new Map([["sku", "x"], [1, 2]])),
  H("exotic", "Set", () => new Set(["x", 1])),
  H("exotic", "RegExp", () => /x+/g),
  H("exotic", "Promise", () => Promise.resolve("x")),
  H("exotic", "never-settling Promise", () => new Promise(() => {})),
  H("exotic", "thenable that throws", () => ({ then() { throw 1; } })),
  H("exotic", "boxed String", () => new String("WSD-AWOSP-12PT0-C1S")),
  H("exotic", "boxed Symbol", () => Object(Symbol("boxed"))),
  H("exotic", "Error", () => new Error("an error as data")),
  H("exotic", "self-cause Error", () => selfCauseError()),
  H("exotic", "WeakMap", () => new WeakMap()),
  H("exotic", "URL", () => new URL("https://example.test/x?y=1")),
  H("exotic", "Headers", () => new Headers({ a: "b" })),
  H("exotic", "Response", () => new Response("{}")),
  H("exotic", "toJSON throws Error", () => ({ toJSON() { throw new Error("toJSON"); } })),
  H("exotic", "toJSON throws 1", () => ({ toJSON() { throw 1; } })),
  H("exotic", "toPrimitive/toString/valueOf throw", () => ({
    [Symbol.toPrimitive]() { throw 1; }, toString() { throw 1; }, valueOf() { throw 1; },
  })),
  H("exotic", "object with __proto__ key", () => JSON.parse('{"__proto__": {"sku": 1}, "constructor": {"prototype": 1}}')),
  H("exotic", "control characters", () => "\0\u0007\r\n\u202e\u2028\uFEFF\uFFFF"),
  H("exotic", "lone surrogates", () => "\uD800x\uDFFF\uD800"),
  // Deep nesting, built iteratively.
  H("nesting", "nested arrays 3000", once("da3k", () => deepArray(3000)), { heavy: true }),
  H("nesting", "nested arrays 100000", once("da100k", () => deepArray(100_000)), { heavy: true, slow: true }),
  H("nesting", "nested objects 3000", once("do3k", () => deepObject(3000, "offers")), { heavy: true }),
  H("nesting", "nested objects 100000", once("do100k", () => deepObject(100_000, "offers")), { heavy: true, slow: true }),
  H("nesting", "offers nested 3000", once("of3k", () => [{ sku: deepArray(3000), quantity: deepObject(3000) }]), { heavy: true }),
  H("nesting", "wide array 10000", once("wide", () => Array.from({ length: 10_000 }, () => ({ sku: "X", quantity: 1 }))), { heavy: true }),
  H("nesting", "object with 10000 keys", once("keys", () => Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => ["k" + i, i]))), { heavy: true }),
  // Cycles.
  H("cycles", "self-referencing object", (_, o) => { const c = { ...(cloneish(o) ?? {}) }; c.self = c; c.offers = [c]; c.extra = c; return c; }),
  H("cycles", "self-referencing array", () => { const a = []; a.push(a, a); return a; }),
  H("cycles", "mutual cycle", () => { const a = {}; const b = { a }; a.b = b; a.offers = [b]; return a; }),
  H("cycles", "globalThis", () => globalThis),
  H("cycles", "cycle through every key", (_, o) => { const c = {}; for (const k of [...Object.keys(cloneish(o) ?? {}), ...KEYS]) c[k] = c; return c; }),
  // Getters and proxies that throw.
  H("traps", "getters throw Error", (_, o) => throwingGetters(o, () => new Error("getter throws"))),
  H("traps", "getters throw 1", (_, o) => throwingGetters(o, () => 1)),
  H("traps", "getters throw self-cause Error", (_, o) => throwingGetters(o, () => selfCauseError())),
  H("traps", "getter changes type on 2nd read", (_, o) => {
    const base = cloneish(o) && typeof o === "object" ? cloneish(o) : {};
    const out = Array.isArray(base) ? [] : {};
    for (const k of new Set([...Object.keys(base), ...KEYS])) {
      let n = 0;
      Object.defineProperty(out, k, { enumerable: true, configurable: true, get() { return n++ === 0 ? base[k] ?? "x" : globalThis; } });
    }
    return out;
  }),
  H("traps", "revoked Proxy", (_, o) => revoked(o && typeof o === "object" ? o : {})),
  H("traps", "revoked Proxy of array", () => revoked([])),
  H("traps", "revoked Proxy of function", () => revoked(() => {})),
  H("traps", "Proxy traps throw Error", (_, o) => throwingProxy(o && typeof o === "object" ? o : {}, () => new Error("trap throws"))),
  H("traps", "Proxy traps throw 1", () => throwingProxy({}, () => 1)),
  H("traps", "Proxy of array, traps throw", () => throwingProxy([], () => 1)),
  H("traps", "Proxy of function, traps throw", () => throwingProxy(() => {}, () => new Error("fn trap"))),
  H("traps", "array element getter throws", () => Object.defineProperty(["a", "b"], 0, { get() { throw 1; } })),
  H("traps", "Proxy lying about ownKeys", () => new Proxy({}, { ownKeys: () => ["a", "a"], getOwnPropertyDescriptor: () => undefined })),
  H("traps", "Proxy with huge length", () => new Proxy([], { get: (t, k) => (k === "length" ? 2 ** 32 - 1 : "x") })),
  // AbortSignals that are not what they seem (also used as `signal` in option bags).
  H("signals", "fake AbortSignal", () => ({ aborted: false, reason: undefined, addEventListener() {}, removeEventListener() {}, throwIfAborted() {} }), { signal: true }),
  H("signals", "fake aborted AbortSignal", () => ({ aborted: true, reason: 1, addEventListener() { throw 1; }, removeEventListener() { throw 1; } }), { signal: true }),
  H("signals", "fake signal, methods throw", () => ({ get aborted() { throw 1; }, addEventListener() { throw new Error("x"); } }), { signal: true }),
  H("signals", "AbortSignal subclass, aborted getter throws", () => throwingSignal(), { signal: true }),
  H("signals", "aborted with self-cause reason", () => AbortSignal.abort(selfCauseError()), { signal: true }),
  H("signals", "aborted with reason 1", () => AbortSignal.abort(1), { signal: true }),
  H("signals", "aborts in 1 ms", () => AbortSignal.timeout(1), { signal: true }),
  H("signals", "aborts mid-call, reason throws", () => {
    const ac = new AbortController();
    queueMicrotask(() => ac.abort({ get message() { throw 1; } }));
    return ac.signal;
  }, { signal: true }),
  H("signals", "AbortController (not its signal)", () => new AbortController(), { signal: true }),
  // Huge strings and arrays.
  H("huge", "1 MB string", once("s1", () => "x".repeat(1 << 20)), { heavy: true }),
  H("huge", "8 MB string", once("s8", () => "WSD-".repeat(2 << 20)), { heavy: true, slow: true }),
  H("huge", "5M lone surrogates", once("sur", () => "\uD800".repeat(5e6)), { heavy: true, slow: true }),
  H("huge", "64 KB of emoji", once("emo", () => "\u{1F600}".repeat(1 << 14)), { heavy: true }),
  H("huge", "sparse array, length 2**32-1", () => sparseMax(), { heavy: true }),
  H("huge", "sparse array, length 2**32-1, last set", () => sparseMax("x"), { heavy: true }),
  H("huge", "array of 256 KB strings", once("a1", () => Array.from({ length: 4 }, () => "y".repeat(1 << 18))), { heavy: true }),
  // Objects that live in a wasm instance: this one's, another entry's, freed ones, forgeries.
  H("wasm", "live Rql", (ctx) => ctx.M.Rql?.eq("a", "b") ?? {}),
  H("wasm", "freed Rql", (ctx) => { const r = ctx.M.Rql?.eq("a", "b"); r?.free(); return r ?? {}; }),
  H("wasm", "Rql of another entry", (ctx) => ctx.other?.Rql?.eq("a", "b") ?? {}),
  H("wasm", "Object.create(Rql.prototype)", (ctx) => (ctx.M.Rql ? Object.create(ctx.M.Rql.prototype) : {})),
  H("wasm", "forged __wbg_ptr", () => ({ __wbg_ptr: 8 })),
  H("wasm", "forged __wbg_ptr 2**31", () => ({ __wbg_ptr: 2 ** 31 - 4 })),
  H("wasm", "a client as a value", (ctx) => ctx.spareInstance()),
  H("wasm", "a freed client", (ctx) => { const c = ctx.spareInstance(); c?.free?.(); return c; }),
  H("wasm", "Proxy of an Rql", (ctx) => (ctx.M.Rql ? new Proxy(ctx.M.Rql.eq("a", "b"), {}) : {})),
];

/** Forget memoized heavy values (lets them be collected between sections). */
export function resetMemo() { memo = new Map(); }

export const GROUPS = [...new Set(HOSTILE.map((h) => h.group))];

// ---- hostile network: fetch functions, Responses and token providers -----------------------

/** A Response whose body readers and headers throw or misbehave in the given way. */
export function badResponse(how, body = "{}") {
  const fail = how.endsWith("1") ? () => 1 : () => selfCauseError(`Response ${how}`);
  class BadResponse extends Response {
    text() {
      if (how.startsWith("text")) throw fail();
      if (how === "neverText") return new Promise(() => {});
      if (how === "rejectText1") return Promise.reject(1);
      return super.text();
    }
    json() {
      if (how.startsWith("json")) throw fail();
      return super.json();
    }
    arrayBuffer() {
      if (how.startsWith("body")) throw fail();
      return super.arrayBuffer();
    }
    get headers() {
      if (how.startsWith("headers")) throw fail();
      if (how === "headersGetThrows") return { get() { throw 1; }, has() { throw 1; }, forEach() { throw 1; }, entries() { throw 1; } };
      return super.headers;
    }
    get status() {
      if (how.startsWith("status")) throw fail();
      return super.status;
    }
    get ok() {
      if (how.startsWith("ok")) throw fail();
      return super.ok;
    }
  }
  return new BadResponse(body, { status: 200, headers: { "content-type": "application/json" } });
}

const jsonResponse = (body, status = 200) => new Response(body, { status, headers: { "content-type": "application/json" } });

/**
 * fetch replacements: [name, (delegate) => fetch]. `delegate` is the sandbox's fetch, for
 * the ones that misbehave only partly (after the token, or re-entering the client).
 */
export const HOSTILE_FETCHES = [
  ["throws an Error synchronously", () => () => { throw new Error("sync fetch failure"); }],
  ["throws 1 synchronously", () => () => { throw 1; }],
  ["rejects with 1", () => () => Promise.reject(1)],
  ["rejects with undefined", () => () => Promise.reject(undefined)],
  ["rejects with a self-cause Error", () => () => Promise.reject(selfCauseError())],
  ["rejects with a Proxy whose traps throw", () => () => Promise.reject(throwingProxy({}, () => 1))],
  ["rejects with a revoked Proxy", () => () => Promise.reject(revoked({}))],
  ["never settles", () => () => new Promise(() => {})],
  ["returns a thenable that throws", () => () => ({ then() { throw 1; } })],
  ["resolves to 42", () => async () => 42],
  ["resolves to null", () => async () => null],
  ["resolves to undefined", () => async () => undefined],
  ["resolves to {}", () => async () => ({})],
  ["resolves to a string", () => async () => "HTTP/1.1 200 OK"],
  ["resolves to a revoked Proxy", () => async () => revoked({})],
  ["resolves to a Proxy whose traps throw", () => async () => throwingProxy({}, () => new Error("trap"))],
  ["Response.text() throws", () => async () => badResponse("textThrows")],
  ["Response.text() throws 1", () => async () => badResponse("textThrows1")],
  ["Response.text() rejects with 1", () => async () => badResponse("rejectText1")],
  ["Response.text() never settles", () => async () => badResponse("neverText")],
  ["Response.json() throws", () => async () => badResponse("jsonThrows")],
  ["Response.arrayBuffer() throws", () => async () => badResponse("bodyThrows1")],
  ["Response.headers throws", () => async () => badResponse("headersThrows")],
  ["Response.headers.get throws", () => async () => badResponse("headersGetThrows")],
  ["Response.status throws", () => async () => badResponse("statusThrows1")],
  ["Response.ok throws", () => async () => badResponse("okThrows")],
  ["body is not JSON", () => async () => jsonResponse("<html>nope")],
  ["body is JSON nested 100000 deep", () => async () => jsonResponse("[".repeat(100_000) + "]".repeat(100_000))],
  ["body is a JSON object nested 100000 deep", () => async () => jsonResponse('{"a":'.repeat(100_000) + "1" + "}".repeat(100_000))],
  ["body is 8 MB", () => async () => jsonResponse(JSON.stringify({ data: "x".repeat(8 << 20) }))],
  ["body has lone surrogates", () => async () => jsonResponse('{"access_token":"\\ud800","data":["\\udfff"],"items":"\uD800"}')],
  ["body has the wrong shapes", () => async () => jsonResponse('{"access_token":5,"expires_in":"x","data":{},"items":7,"pagination":[],"id":[]}')],
  ["status 599 with an odd body", () => async () => jsonResponse('{"error":{"a":1},"message":[1],"traceId":{}}', 599)],
  ["status 200 for the token, then never settles", (d) => { let n = 0; return (i, init) => (n++ === 0 ? d(i, init) : new Promise(() => {})); }],
  ["good token, then rejects with 1", (d) => { let n = 0; return (i, init) => (n++ === 0 ? d(i, init) : Promise.reject(1)); }],
];

/** Token providers: [name, provider]. */
export const HOSTILE_TOKENS = [
  ["throws an Error", () => { throw new Error("token provider failure"); }],
  ["throws 1", () => { throw 1; }],
  ["rejects with a self-cause Error", () => Promise.reject(selfCauseError())],
  ["rejects with 1", () => Promise.reject(1)],
  ["returns 42", () => 42],
  ["resolves to 42", async () => 42],
  ["resolves to null", async () => null],
  ["resolves to {}", async () => ({})],
  ["resolves to { accessToken: 5 }", async () => ({ accessToken: 5, expiresIn: "x" })],
  ["resolves to an odd expiresIn", async () => ({ accessToken: "t", expiresIn: -Infinity })],
  ["resolves to a Symbol", async () => Symbol("token")],
  ["resolves to a revoked Proxy", async () => revoked({})],
  ["resolves to an object whose getters throw", async () => throwingGetters({ accessToken: "t", expiresIn: 1 }, () => 1)],
  ["resolves to an 8 MB token", async () => "t".repeat(8 << 20)],
  ["resolves to lone surrogates", async () => "\uD800".repeat(1000)],
  ["returns a thenable that throws", () => ({ then() { throw 1; } })],
  ["never settles", () => new Promise(() => {})],
];

/** `now` clocks: [name, clock]. */
export const HOSTILE_CLOCKS = [
  ["throws 1", () => { throw 1; }],
  ["returns NaN", () => NaN],
  ["returns a string", () => "soon"],
  ["returns -Infinity", () => -Infinity],
  ["returns a BigInt", () => 10n],
  ["returns a Promise", async () => 0],
];

// Control run (ROBUSTNESS_CONTROL=1): every factory gives back the valid value it replaces,
// so the fuzz sections must pass on any build; a failure then is a bug in this suite.
// The network cases then get the sandbox's own fetch and a real clock (token providers: skipped).
if (process.env.ROBUSTNESS_CONTROL) {
  for (const h of HOSTILE) h.make = (_, original) => original;
  for (const f of HOSTILE_FETCHES) f[1] = (delegate) => delegate;
  for (const c of HOSTILE_CLOCKS) c[1] = () => Date.now();
  HOSTILE_TOKENS.length = 0;
}
