// The case lists. A case is { label, run(ctx) → null | problem | problem[] }; the list of a
// section is rebuilt identically in every worker (same seed, same order), so a worker that
// dies can be replaced by one that resumes after the case that killed it.

import { checkCall, describe, errorProblem, settle } from "./contract.mjs";
import { HOSTILE, HOSTILE_CLOCKS, HOSTILE_FETCHES, HOSTILE_TOKENS, caseSeed, mulberry32 } from "./hostile.mjs";
import {
  HEALTH, QUICK_HEALTH, WITH_TOKEN_PROVIDER, clientOptions, getPath, invoke, isDescription, isDisposal, makeInstance, moduleHealth,
  pathName, paths, setPath, signalPaths, validArgs,
} from "./targets.mjs";

const HEAVY_SYNC_MS = 2000;

/** The `this` a callable runs on in the fuzz sections. */
function selfFor(c, ctx) {
  if (c.kind === "method" || c.kind === "getter") return ctx.target(c.cls);
  return undefined;
}

/** One call of `c` with `args`, judged by the general contract. */
function callCase(label, c, makeArgs, extra = {}) {
  return {
    label,
    run: (ctx) => {
      let args;
      let self;
      try {
        args = makeArgs(ctx);
        self = selfFor(c, ctx);
      } catch (e) {
        return `preparing the call (valid arguments, the instance) failed, so the instance is already broken: ${describe(e)}`;
      }
      return checkCall(() => invoke(c, self, args), { isPOE: ctx.isPOE, fetchLike: FETCH_LIKE.has(c.id), ...extra });
    },
  };
}

/** Health checks after a section: the fuzzed instances and fresh ones still work. */
function recoveryCases(ctx) {
  const out = [];
  out.push({ label: "after: the module's functions still work", run: (ctx) => wrapCheck(() => moduleHealth(ctx.M)) });
  for (const cls of ctx.classes) {
    if (!HEALTH[cls] || !ctx.canMake(cls)) continue;
    out.push({
      label: `after: the fuzzed ${cls} still works`,
      run: (ctx) => { ctx.freshNetwork(); return wrapCheck(() => HEALTH[cls](ctx.target(cls), ctx)); },
    });
    out.push({
      label: `after: a fresh ${cls} works`,
      run: (ctx) => { ctx.freshNetwork(); return wrapCheck(() => HEALTH[cls](makeInstance(ctx.M, cls, ctx), ctx)); },
    });
  }
  return out;
}

/** Runs a health check (bounded like every other wait): null, or what is wrong. */
async function wrapCheck(f) {
  let p;
  try {
    p = f();
  } catch (e) {
    return `threw ${describe(e)}`;
  }
  const r = await settle(p);
  if (!r.settled) return "did not finish within 10 s";
  if (r.rejected) return `threw ${describe(r.error)}`;
  return typeof r.value === "string" ? r.value : null;
}

/** Callables the fuzz sections call (disposal has its own section). */
const fuzzable = (ctx) => ctx.callables.filter((c) => !isDisposal(c));

// ---- targeted: every callable × every position × every factory of a group ------------------

/** Nested places every factory of a group is put (the first path to each such key). */
const KEY_PATH = /^(quantity|fromQuantity|toQuantity|amount|sku|offers|extra|products|values|qs)$/;
/** Callables that get every heavy value, at every key path too. */
const KEY_CALLABLES = new Set(["parseSku()", "OmnissaClient#validateOrder()", "OmnissaClient#createOrder()", "OmnissaClient#getSubscription()", "Rql.eq()", "Rql.in()", "CloudBlueApsClient#findAccounts()", "CloudBlueSimpleClient#validateOrder()", "CloudmoreClient#validateCreate()", "new OmnissaClient()", "Sandbox#handle()", "sandbox.fetch()"]);
/** The only callables that get the slow values (8 MB, 5 M lone surrogates). */
const SLOW_CALLABLES = new Set(["parseSku()", "OmnissaClient#validateOrder()", "Rql.eq()", "CloudmoreClient#validateCreate()"]);
/** …and nested (at its first key path) only into this one. */
const SLOW_NESTED = new Set(["OmnissaClient#validateOrder()"]);
/** Besides KEY_CALLABLES, every HEAVY_EVERY-th callable gets each heavy value (a different sample per value). */
const HEAVY_EVERY = 6;

function targetedCases(ctx, group) {
  const factories = HOSTILE.filter((h) => h.group === group);
  const rng = mulberry32(caseSeed(ctx.seed, group.length * 7919));
  const perCallable = [];
  fuzzable(ctx).forEach((c, ci) => {
    const cases = [];
    perCallable.push(cases);
    const template = validArgs(c, ctx);
    const nested = paths(template).filter((p) => p.length > 1);
    const sig = signalPaths(template);
    const seen = new Set();
    const keyPaths = nested.filter((p) => { const k = p[p.length - 1]; return typeof k === "string" && KEY_PATH.test(k) && !seen.has(k) && seen.add(k); });
    const nPos = Math.max(template.length, c.kind === "getter" ? 0 : c.fn.length);
    const key = KEY_CALLABLES.has(c.id);
    let rr = rng.int(Math.max(1, nested.length));
    factories.forEach((f, fi) => {
      if (f.slow && !SLOW_CALLABLES.has(c.id)) return;
      if (f.heavy && !key && (ci + fi) % HEAVY_EVERY !== 0) return;
      const opts = f.heavy ? { maxSyncMs: HEAVY_SYNC_MS } : {};
      const at = (path) => (ctx) => {
        const args = validArgs(c, ctx);
        return setPath(args, path, f.make(ctx, getPath(args, path)));
      };
      const add = (path, note = "") => cases.push(callCase(`${c.id} ${pathName(path)}${note} = ${f.name}`, c, at(path), opts));
      // As each argument (heavy values only as the first).
      for (let p = 0; p < (f.heavy ? Math.min(1, nPos) : nPos); p++) add([p]);
      // As one argument too many (one factory per callable and group).
      if (fi === rr % factories.length && !f.heavy) add([nPos], " (extra)");
      // Nested: one path per factory, round-robin, so every path gets some of the group…
      if (f.heavy && !key) return; // heavy values: as arguments only, except for KEY_CALLABLES
      if (f.slow) {
        if (SLOW_NESTED.has(c.id) && keyPaths.length) add(keyPaths[0]);
        return;
      }
      const targets = f.signal && sig.length ? sig : nested;
      const rrPath = targets.length ? targets[rr++ % targets.length] : undefined;
      if (rrPath) add(rrPath);
      // …and always at the places that matter most: quantities, SKUs, offers, extra, lists.
      for (const p of keyPaths) if (p !== rrPath) add(p);
    });
    if (nPos === 0 && c.kind === "getter") cases.push(callCase(`${c.id} (getter)`, c, () => []));
  });
  // Round-robin over the callables: a section cut short by its time leaves out a few values of
  // each callable, not the last callables altogether.
  const cases = [];
  for (let k = 0; perCallable.some((l) => k < l.length); k++) for (const l of perCallable) if (k < l.length) cases.push(l[k]);
  return cases;
}

// ---- random: seeded mixtures ----------------------------------------------------------------

const MODES = ["one argument", "one nested value", "several nested values", "all arguments", "extra arguments", "valid"];

function randomCases(ctx, n) {
  const pool = fuzzable(ctx);
  const light = HOSTILE.filter((h) => !h.slow);
  const cases = [];
  for (let i = 0; i < n; i++) {
    const seed = caseSeed(ctx.seed, 1_000_000 + i);
    const pre = mulberry32(seed);
    const c = pool[pre.int(pool.length)];
    const mode = MODES[pre.int(MODES.length)];
    cases.push({
      label: `random #${i} (case seed ${seed}): ${c.id}, ${mode}`,
      run: (ctx) => {
        const rng = mulberry32(seed ^ 0x5bd1e995);
        const pickFactory = () => {
          let f = rng.pick(light);
          if (f.heavy && rng.chance(0.7)) f = rng.pick(light);
          return f;
        };
        let args;
        let self;
        const notes = [];
        try {
          args = validArgs(c, ctx);
          const nPos = Math.max(args.length, c.fn.length, 1);
          // Paths come from the pristine arguments; once a node is replaced, nothing below it
          // is visited again (the hostile value may throw on every read).
          const all = paths(args).filter((p) => p.length > 1);
          const replaced = [];
          const under = (p) => replaced.some((r) => r.length <= p.length && r.every((k, i) => p[i] === k));
          const put = (path) => {
            const f = pickFactory();
            notes.push(`${pathName(path)}=${f.name}`);
            setPath(args, path, f.make(ctx, getPath(args, path)));
            replaced.push(path);
          };
          const nested = () => all.filter((p) => !under(p) && !under(p.slice(0, -1)));
          if (mode === "one argument") put([rng.int(nPos)]);
          else if (mode === "one nested value") { const ps = nested(); put(ps.length ? rng.pick(ps) : [0]); }
          else if (mode === "several nested values") { for (let k = 0; k < 1 + rng.int(4); k++) { const ps = nested(); if (ps.length) put(rng.pick(ps)); } }
          else if (mode === "all arguments") { for (let p = 0; p < nPos; p++) put([p]); }
          else if (mode === "extra arguments") { const from = Math.max(args.length, c.fn.length); const to = from + 1 + rng.int(3); for (let p = from; p < to; p++) put([p]); }
          self = selfFor(c, ctx);
        } catch (e) {
          return `preparing the call (valid arguments, the instance) failed, so the instance is already broken: ${describe(e)}`;
        }
        return checkCall(() => invoke(c, self, args), { isPOE: ctx.isPOE, maxSyncMs: 5000, fetchLike: FETCH_LIKE.has(c.id) }).then((p) => (p ? `${p} [${notes.join(", ")}]` : null));
      },
    });
  }
  return cases;
}

// ---- wrong `this` ------------------------------------------------------------------------

/**
 * A getter that hands out a function (Sandbox#fetch, Sandbox#clock) may, instead of failing
 * itself on a wrong or freed `this`, return a function that fails when called.
 */
const handedOut = (c, ctx) => (fn) => (typeof fn === "function" ? { call: () => fn(...validArgs({ id: `sandbox.${c.name}()`, fn }, ctx)), fetchLike: c.name === "fetch" } : undefined);

/** Callables judged by the contract of `fetch` rather than the package's (see checkFetchLike). */
export const FETCH_LIKE = new Set(["sandbox.fetch()"]);

function foreignThis(ctx, cls) {
  // [label, make(ctx) → { self, victim?, victimClass?, lenient? }]
  const C = ctx.M[cls];
  const list = [
    ["{}", () => ({ self: {} })],
    ["null", () => ({ self: null })],
    ["undefined", () => ({ self: undefined })],
    ["42", () => ({ self: 42 })],
    ['"str"', () => ({ self: "str" })],
    ["globalThis", () => ({ self: globalThis })],
    [`Object.create(${cls}.prototype)`, () => ({ self: Object.create(C.prototype) })],
    ["a forged { __wbg_ptr: 8 }", () => ({ self: Object.setPrototypeOf({ __wbg_ptr: 8 }, C.prototype) })],
    ["a forged { __wbg_ptr: 2**31-4 }", () => ({ self: { __wbg_ptr: 2 ** 31 - 4 } })],
    ["a revoked Proxy", () => { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return { self: proxy }; }],
    ["a Proxy whose traps throw", () => ({ self: new Proxy({}, { get() { throw 1; }, has() { throw 1; }, getPrototypeOf() { throw 1; } }) })],
  ];
  if (ctx.canMake(cls)) {
    list.push([`a freed ${cls}`, (ctx) => { const v = makeInstance(ctx.M, cls, ctx); v.free(); return { self: v }; }]);
    list.push([`a Proxy of a live ${cls}`, (ctx) => { const v = makeInstance(ctx.M, cls, ctx); return { self: new Proxy(v, {}), victim: v, victimClass: cls, lenient: true }; }]);
  }
  for (const other of ctx.classes) {
    if (other === cls || !ctx.canMake(other)) continue;
    list.push([`a live ${other}`, (ctx) => { const v = makeInstance(ctx.M, other, ctx); return { self: v, victim: v, victimClass: other }; }]);
  }
  for (const { spec, M } of ctx.others) {
    if (!M[cls] || !ctx.canMake(cls)) continue;
    list.push([`a ${cls} of ${spec}`, (ctx) => { const v = makeInstance(M, cls, ctx); return { self: v, victim: v, victimClass: cls, lenient: true, foreignModule: true }; }]);
  }
  return list;
}

function thisCases(ctx) {
  const cases = [];
  for (const c of ctx.callables) {
    if (c.kind === "method" || c.kind === "getter") {
      for (const [name, make] of foreignThis(ctx, c.cls)) {
        cases.push({
          label: `${c.id} with this = ${name}`,
          run: async (ctx) => {
            const f = make(ctx);
            // free() and [Symbol.dispose]() may also do nothing on a foreign `this` (like a double
            // free), but must never free someone else; on a proxy of the real thing or the same
            // class of another entry, freeing it may be what the call rightly does.
            if (f.lenient && isDisposal(c)) f.victim = undefined;
            // toJSON()/inspect describe a freed instance of their own class too.
            const describesFreed = isDescription(c) && name === `a freed ${c.cls}`;
            const expect = f.lenient || isDisposal(c) || describesFreed ? "any" : "error";
            const problems = [];
            const p = await checkCall(() => invoke(c, f.self, validArgs(c, ctx)), {
              isPOE: ctx.isPOE, expect,
              // A getter may hand out a function that fails when called, rather than fail itself.
              lateFailure: c.kind === "getter" ? handedOut(c, ctx) : undefined,
            });
            if (p) problems.push(p);
            if (f.victim && QUICK_HEALTH[f.victimClass]) {
              const h = await wrapCheck(() => QUICK_HEALTH[f.victimClass](f.victim, ctx));
              if (h) problems.push(`afterwards the ${f.victimClass} used as \`this\` is broken: ${h}`);
            }
            return problems;
          },
        });
      }
    } else if (c.kind === "static" || c.kind === "function") {
      for (const [name, self] of [["{}", {}], ["null", null], ["a Proxy whose traps throw", new Proxy({}, { get() { throw 1; } })]]) {
        cases.push({
          label: `${c.id} with this = ${name}`,
          run: (ctx) => checkCall(() => Reflect.apply(c.fn, self, validArgs(c, ctx)), { isPOE: ctx.isPOE, fetchLike: FETCH_LIKE.has(c.id) }),
        });
      }
    }
  }
  return cases;
}

// ---- free() / [Symbol.dispose]() -------------------------------------------------------

const delay = (ms) => new Promise((r) => setTimeout(r, ms));

function freeCases(ctx) {
  const cases = [];
  for (const cls of ctx.classes) {
    if (!ctx.canMake(cls)) continue;
    const methods = ctx.callables.filter((c) => c.cls === cls && (c.kind === "method" || c.kind === "getter"));
    const disposals = methods.filter(isDisposal);
    const others = methods.filter((c) => !isDisposal(c) && !isDescription(c));
    for (const disposal of disposals) {
      cases.push({
        label: `${cls}: ${disposal.name} with calls in flight, then every method, then disposal twice`,
        run: async (ctx) => {
          const problems = [];
          const note = (where, p) => p && problems.push(`${where}: ${p}`);
          const slow = (i, init) => delay(15).then(() => ctx.fetch(i, init));
          const inst = makeInstance(ctx.M, cls, ctx, { fetch: slow });
          const victim = makeInstance(ctx.M, cls, ctx, { fetch: slow });
          // Which methods are async: as they behave on a healthy instance.
          const kinds = new Map();
          const probe = makeInstance(ctx.M, cls, ctx);
          for (const c of others) {
            try {
              const r = invoke(c, probe, validArgs(c, ctx));
              const async = r !== null && typeof r === "object" && typeof r.then === "function";
              kinds.set(c.id, async ? "async" : "sync");
              if (async) r.then(() => {}, () => {});
            } catch {
              kinds.set(c.id, "unknown");
            }
          }
          // Every method called once (the async ones stay in flight, iterators fetch a page), then free.
          const inflight = [];
          for (const c of others) {
            const args = validArgs(c, ctx);
            inflight.push([c.id, checkCall(() => invoke(c, inst, args), { isPOE: ctx.isPOE })]);
          }
          await delay(1);
          note(`${disposal.name}() with calls in flight`, await checkCall(() => invoke(disposal, inst, []), { isPOE: ctx.isPOE }));
          for (const [id, p] of inflight) note(`in-flight ${id}`, await p);
          // After: async methods reject, sync ones throw.
          const after = others.map((c) => {
            const kind = kinds.get(c.id);
            const expect = c.kind === "getter" ? "throw" : kind === "async" ? "reject" : kind === "sync" ? "throw" : "error";
            const lateFailure = c.kind === "getter" ? handedOut(c, ctx) : undefined;
            return [`${c.id} after ${disposal.name}() (${kind})`, checkCall(() => invoke(c, inst, validArgs(c, ctx)), { isPOE: ctx.isPOE, expect, lateFailure })];
          });
          for (const [where, p] of after) note(where, await p);
          for (const again of disposals) note(`${again.name}() again`, await checkCall(() => invoke(again, inst, []), { isPOE: ctx.isPOE }));
          note(`${cls} not freed keeps working`, await wrapCheck(() => QUICK_HEALTH[cls]?.(victim, ctx)));
          note(`the section's ${cls} keeps working`, await wrapCheck(() => QUICK_HEALTH[cls]?.(ctx.target(cls), ctx)));
          note(`a fresh ${cls} works`, await wrapCheck(() => HEALTH[cls]?.(makeInstance(ctx.M, cls, ctx), ctx)));
          try { victim.free(); probe.free(); } catch (e) { problems.push(`freeing the helpers threw ${describe(e)}`); }
          return problems;
        },
      });
    }
    for (const it of others.filter((c) => /^iterate/.test(c.name))) {
      cases.push({
        label: `${it.id}: the iterator after its client is freed`,
        run: async (ctx) => {
          const inst = makeInstance(ctx.M, cls, ctx);
          let iter;
          try { iter = invoke(it, inst, validArgs(it, ctx)); } catch (e) { return errorProblem(e, ctx.isPOE) && `creating it threw ${describe(e)}`; }
          const first = iter.next();
          inst.free();
          const problems = [];
          const p1 = await checkCall(() => first, { isPOE: ctx.isPOE });
          if (p1) problems.push(`the page in flight: ${p1}`);
          for (let i = 0; i < 2; i++) {
            const p = await checkCall(() => iter.next(), { isPOE: ctx.isPOE });
            if (p) problems.push(`next() after free: ${p}`);
          }
          return problems;
        },
      });
    }
  }
  return cases;
}

// ---- hostile network: fetch, Response, token providers, clocks ---------------------------------

const dropOptions = (args) => (args.length && args[args.length - 1] && typeof args[args.length - 1] === "object" && "precheck" in args[args.length - 1] ? args.slice(0, -1) : args);

/** Two network calls per client: one without per-call options (only the per-attempt timeout bounds it), one with. */
export const NETWORK_PROBES = {
  OmnissaClient: ["OmnissaClient#listSubscriptions()", "OmnissaClient#getSubscription()"],
  CloudBlueApsClient: ["CloudBlueApsClient#findAccounts()", "CloudBlueApsClient#getOrder()"],
  CloudBlueSimpleClient: ["CloudBlueSimpleClient#listProducts()", "CloudBlueSimpleClient#iterateProducts()"],
  CloudmoreClient: ["CloudmoreClient#listSellerSubscriptions()", "CloudmoreClient#getOrganizationSubscription()"],
};

function probeCalls(ctx, cls, inst) {
  return NETWORK_PROBES[cls].map((id, k) => {
    const c = ctx.callables.find((x) => x.id === id);
    if (!c) return Promise.resolve(null);
    const args = k === 0 ? dropOptions(validArgs(c, ctx)) : validArgs(c, ctx);
    return checkCall(() => invoke(c, inst, args), { isPOE: ctx.isPOE }).then((p) => p && `${id}: ${p}`);
  });
}

async function probeWith(ctx, cls, makeOpts) {
  let inst;
  try {
    inst = new ctx.M[cls](makeOpts());
  } catch (e) {
    const p = errorProblem(e, ctx.isPOE);
    return p ? `constructing threw ${p}` : null; // refused at construction: fine
  }
  const results = (await Promise.all(probeCalls(ctx, cls, inst))).filter(Boolean);
  try { inst.free(); } catch (e) { results.push(`free() afterwards threw ${describe(e)}`); }
  return results;
}

function networkCases(ctx) {
  const cases = [];
  for (const cls of ctx.classes.filter((c) => NETWORK_PROBES[c])) {
    for (const [name, mk] of HOSTILE_FETCHES) {
      cases.push({ label: `${cls} with a fetch that ${name}`, run: (ctx) => probeWith(ctx, cls, () => clientOptions(cls, ctx, { fetch: mk(ctx.fetch) })) });
    }
    for (const [name, provider] of HOSTILE_TOKENS) {
      cases.push({ label: `${cls} with a token provider that ${name}`, run: (ctx) => probeWith(ctx, cls, () => WITH_TOKEN_PROVIDER[cls](clientOptions(cls, ctx), provider)) });
    }
    for (const [name, clock] of HOSTILE_CLOCKS) {
      cases.push({ label: `${cls} with a clock that ${name}`, run: (ctx) => probeWith(ctx, cls, () => clientOptions(cls, ctx, { now: clock })) });
    }
    // Re-entrancy: the fetch calls back into the client that is waiting on it.
    const reentrant = [
      ["frees the client, then answers", (box) => (i, init) => { box.inst.free(); return ctx.fetch(i, init); }],
      ["frees the client, then throws", (box) => () => { box.inst.free(); throw 1; }],
      ["calls the same client again, synchronously", (box) => (i, init) => { if (!box.extra.length) box.extra.push(...probeCalls(ctx, cls, box.inst)); return ctx.fetch(i, init); }],
      ["calls a sync method of the client", (box) => (i, init) => { try { QUICK_HEALTH[cls](box.inst, ctx); } catch (e) { box.sync.push(e); } return ctx.fetch(i, init); }],
    ];
    for (const [name, mk] of reentrant) {
      cases.push({
        label: `${cls} with a fetch that ${name}`,
        run: async (ctx) => {
          const box = { extra: [], sync: [] };
          box.inst = new ctx.M[cls](clientOptions(cls, ctx, { fetch: mk(box) }));
          const problems = (await Promise.all(probeCalls(ctx, cls, box.inst))).filter(Boolean);
          for (const p of await Promise.all(box.extra)) if (p) problems.push(`re-entrant ${p}`);
          for (const e of box.sync) { const p = errorProblem(e, ctx.isPOE); if (p) problems.push(`re-entrant sync call threw ${p}`); }
          try { box.inst.free(); } catch (e) { const p = errorProblem(e, ctx.isPOE); if (p) problems.push(`free() afterwards threw ${p}`); }
          const h = await wrapCheck(() => HEALTH[cls](makeInstance(ctx.M, cls, ctx), ctx));
          if (h) problems.push(`a fresh ${cls} afterwards: ${h}`);
          return problems;
        },
      });
    }
  }
  return cases;
}

// ---- leaks over 100,000 calls -------------------------------------------------------------

function leakCases(ctx) {
  return [{
    label: "100,000 hostile calls leave wasm memory and the externref table bounded",
    run: async (ctx) => {
      const { M } = ctx;
      if (typeof M.diagnostics !== "function") return { skip: "this build exports no diagnostics()" };
      const om = ctx.canMake("OmnissaClient") ? ctx.target("OmnissaClient") : undefined;
      const cm = ctx.canMake("CloudmoreClient") ? ctx.target("CloudmoreClient") : undefined;
      const calls = [
        om && (() => om.validateOrder({ offers: "x" })),
        om && (() => om.validateOrder({ commitContractReference: 5, offers: [{ sku: {}, quantity: NaN }], endCustomerInfo: null })),
        M.parseSku && (() => M.parseSku(5)),
        M.Rql && (() => M.Rql.eq("a", {})),
        M.Rql && (() => M.Rql.select(["a", 1])),
        cm && (() => cm.validateLicenseKey(Symbol("k"))),
        M.renewalWindow && (() => M.renewalWindow({ endDate: 1 }, NaN)),
      ].filter(Boolean);
      if (!calls.length) return { skip: "no cheap calls in this entry" };
      let bad = 0;
      let first;
      const one = (i) => {
        try {
          calls[i % calls.length]();
        } catch (e) {
          const p = errorProblem(e, ctx.isPOE);
          if (p) { bad++; first ??= p; }
        }
      };
      // Back to the event loop now and then: the worker's heartbeat is a timer, and 100,000
      // synchronous calls (or ones awaiting only microtasks) would read as a synchronous hang.
      const breathe = () => new Promise((resolve) => setImmediate(resolve));
      for (let i = 0; i < 10_000; i++) {
        one(i);
        if (i % 2000 === 1999) await breathe();
      }
      // An async one too, awaited now and then.
      if (om) for (let i = 0; i < 200; i++) await om.getSubscription(42).catch(() => {});
      const d1 = M.diagnostics();
      for (let i = 0; i < 100_000; i++) {
        one(i);
        if (om && i % 500 === 0) await om.getSubscription(42).catch(() => {});
        if (i % 2000 === 1999) await breathe();
      }
      const d2 = M.diagnostics();
      const problems = [];
      if (bad) problems.push(`${bad} calls broke the contract, first: ${first}`);
      for (const k of ["generation", "memoryBytes", "tableSize"]) {
        if (typeof d1[k] !== "number" || typeof d2[k] !== "number") problems.push(`diagnostics().${k} is not a number`);
      }
      if (d2.generation !== d1.generation) problems.push(`the instance was re-created during the loop (generation ${d1.generation} → ${d2.generation})`);
      if (d2.memoryBytes - d1.memoryBytes > 4 * 2 ** 20) problems.push(`wasm memory grew ${d1.memoryBytes} → ${d2.memoryBytes} bytes over 100,000 calls`);
      if (d2.tableSize - d1.tableSize > 1024) problems.push(`the externref table grew ${d1.tableSize} → ${d2.tableSize} over 100,000 calls`);
      return problems;
    },
  }];
}

// ---- self-healing after a trap ------------------------------------------------------------

function selfHealCases(ctx) {
  return [{
    label: "__forceTrap() throws INTERNAL_ERROR, then the instance heals and old and new clients work",
    run: async (ctx) => {
      const { M } = ctx;
      if (typeof M.__forceTrap !== "function") return { skip: "this build exports no __forceTrap()" };
      if (typeof M.diagnostics !== "function") return { skip: "this build exports no diagnostics()" };
      const problems = [];
      const note = (where, p) => p && problems.push(`${where}: ${p}`);
      // Before: clients on a sandbox of this very instance when it has one.
      const sb = M.Sandbox ? new M.Sandbox() : undefined;
      const fetch = sb ? sb.fetch : ctx.fetch;
      const classes = ctx.classes.filter((c) => HEALTH[c] && clientOptions(c, ctx));
      const before = classes.map((cls) => [cls, new M[cls](clientOptions(cls, ctx, { fetch }))]);
      for (const [cls, c] of before) note(`${cls} before the trap`, await wrapCheck(() => HEALTH[cls](c, ctx)));
      const slow = (i, init) => delay(30).then(() => fetch(i, init));
      const inflightClient = M.OmnissaClient ? new M.OmnissaClient(clientOptions("OmnissaClient", ctx, { fetch: slow })) : undefined;
      const inflight = inflightClient ? checkCall(() => inflightClient.listSubscriptions(), { isPOE: ctx.isPOE }) : null;
      await delay(1);
      for (let round = 1; round <= 2; round++) {
        const g1 = M.diagnostics().generation;
        let thrown;
        const p = await checkCall(() => { try { return M.__forceTrap(); } catch (e) { thrown = e; throw e; } }, { isPOE: ctx.isPOE, expect: "error" });
        note(`__forceTrap() #${round}`, p);
        if (thrown && thrown.code !== "INTERNAL_ERROR") problems.push(`__forceTrap() #${round}: code ${describe(thrown.code)}, expected "INTERNAL_ERROR"`);
        if (!(thrown instanceof Error)) problems.push(`__forceTrap() #${round} did not throw synchronously`);
        const g2 = M.diagnostics().generation;
        if (!(g2 > g1)) problems.push(`diagnostics().generation did not increase after trap #${round} (${g1} → ${g2})`);
        if (inflight && round === 1) note("a call in flight during the trap", await inflight);
        for (const [cls, c] of before) note(`${cls} created before trap #${round}`, await wrapCheck(() => HEALTH[cls](c, ctx)));
        for (const cls of classes) note(`a new ${cls} after trap #${round}`, await wrapCheck(() => HEALTH[cls](new M[cls](clientOptions(cls, ctx, { fetch: M.Sandbox ? new M.Sandbox().fetch : ctx.fetch })), ctx)));
        note(`module functions after trap #${round}`, await wrapCheck(() => moduleHealth(M)));
      }
      return problems;
    },
  }];
}

// ---- the sections -------------------------------------------------------------------------

export const FUZZ_GROUPS = [...new Set(HOSTILE.map((h) => h.group))];

/** Section name → { build(ctx) → cases, concurrency, minMs? }. */
export const SECTIONS = {
  ...Object.fromEntries(FUZZ_GROUPS.map((g) => [`fuzz:${g}`, { build: (ctx) => [...targetedCases(ctx, g), ...recoveryCases(ctx)], cheapNetwork: true }])),
  random: { build: (ctx) => [...randomCases(ctx, ctx.randomCount), ...recoveryCases(ctx)] },
  this: { build: (ctx) => [...thisCases(ctx), ...recoveryCases(ctx)] },
  free: { build: (ctx) => [...freeCases(ctx), ...recoveryCases(ctx)], concurrency: 8 },
  network: { build: (ctx) => [...networkCases(ctx), ...recoveryCases(ctx)], concurrency: 64 },
  // minMs: the least time these get whatever the file's budget says (robustness.test.mjs):
  // one case each, and a cut one proves nothing.
  leak: { build: leakCases, concurrency: 1, minMs: 20_000 },
  selfheal: { build: selfHealCases, concurrency: 1, minMs: 15_000 },
};

export { settle };
