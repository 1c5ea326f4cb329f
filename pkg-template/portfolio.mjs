// `Portfolio`: one list of subscriptions across the vendor clients. This layer only fetches, the
// vendors concurrently; the rules (normalization, windows, what is due) are Rust's, through the
// entry's `normalizePortfolio` and `portfolioDueWithin` (crates/wasm/src/portfolio.rs).
// A vendor that fails becomes an entry of `errors`: `list()` rejects only for its own bad
// arguments, a wrong `this`, or the caller's abort.

import { fail, invalid, isPartnerOrderingError, messageOf } from "./errors.mjs";

/** The vendors, in the order a view lists them, and how each client is read. */
const VENDORS = ["omnissa", "cloudblueAps", "cloudblueSimple", "cloudmore"];
const METHOD = { omnissa: "listSubscriptions", cloudblueAps: "listSubscriptions", cloudblueSimple: "listSubscriptions", cloudmore: "listSellerSubscriptions" };
/** SimpleAPI pages of 100 (its default is 10). */
const SIMPLE_QUERY = Object.freeze({ limit: 100 });
const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** Every item of a paged list (`for await` over the paged promise, its signal kept for each page). */
async function collect(paged) {
  const out = [];
  for await (const item of paged) out.push(item);
  return out;
}

/** The value at `key` of a caller's object, or a PartnerOrderingError of `kind` naming it. */
function read(obj, key, kind, where) {
  try {
    return obj[key];
  } catch (e) {
    throw kind === "configuration" ? fail("configuration", `${where}: \`${key}\` cannot be read: ${messageOf(e)}`) : invalid(key, `${where}: \`${key}\` cannot be read: ${messageOf(e)}`);
  }
}

/** The own keys of a caller's object, refusing any not in `known`. */
function checkKeys(obj, known, kind, where) {
  let keys;
  try {
    keys = Object.keys(obj);
  } catch (e) {
    throw kind === "configuration" ? fail("configuration", `${where} cannot be read: ${messageOf(e)}`) : invalid("options", `${where} cannot be read: ${messageOf(e)}`);
  }
  for (const k of keys) {
    if (known.includes(k)) continue;
    const near = known.find((n) => n.toLowerCase() === k.toLowerCase() || n.toLowerCase().startsWith(k.toLowerCase().slice(0, 5)));
    const message = `${where} have no \`${k}\`${near ? `; did you mean \`${near}\`?` : ` (known: ${known.join(", ")})`}`;
    throw kind === "configuration" ? fail("configuration", message) : invalid(k, message, "unknown_field");
  }
}

const isObject = (v) => v !== null && typeof v === "object";

/** A vendor's failure as a PartnerOrderingError (a stand-in client may throw anything). */
function asError(vendor, e) {
  if (isPartnerOrderingError(e)) return e;
  return fail("internal", `portfolio: the ${vendor} client failed: ${messageOf(e)}`, { mayHaveBeenSent: true }, e);
}

/** The `Portfolio` class of an entry whose API object is `api` (it needs `normalizePortfolio`). */
export function makePortfolio(api) {
  const own = new WeakMap(); // Portfolio → { clients, clock, apsQuery, freed }

  function stateOf(self, what) {
    const s = own.get(self); // undefined for anything that is not one (WeakMap.get never throws)
    if (!s) throw fail("invalidRequest", `${what} must be called on a Portfolio (it was called on another object)`);
    return s;
  }

  /**
   * The company names of the accounts APS subscriptions link (`{ apsId: companyName }`), 50
   * accounts a request. Names are for display: if the lookup fails, the entries keep the ids
   * (an abort still stops the list).
   */
  async function accountNames(client, items, opts) {
    const ids = [...new Set(items.map((s) => s?.account?.aps?.id).filter((id) => typeof id === "string"))];
    if (!ids.length || !api.Rql || typeof client.findAccounts !== "function") return undefined;
    const names = {};
    try {
      for (let i = 0; i < ids.length; i += 50) {
        const q = api.Rql.join([api.Rql.in("aps.id", ids.slice(i, i + 50)), api.Rql.select(["aps.id", "companyName"])]);
        for (const a of await client.findAccounts(q, opts)) {
          if (typeof a?.aps?.id === "string" && typeof a.companyName === "string") names[a.aps.id] = a.companyName;
        }
      }
    } catch (e) {
      if (opts?.signal?.aborted) throw e;
      return undefined;
    }
    return names;
  }

  function view(entries, errors, now) {
    return Object.freeze({
      entries,
      errors,
      complete: errors.length === 0,
      now,
      dueWithin: (days, at) => api.portfolioDueWithin(entries, days, at === undefined ? now : at),
    });
  }

  class Portfolio {
    constructor(clients, options) {
      if (!isObject(clients)) throw fail("configuration", "Portfolio: give the clients as an object, e.g. `new Portfolio({ omnissa, cloudmore })`");
      checkKeys(clients, VENDORS, "configuration", "Portfolio clients");
      const chosen = [];
      for (const vendor of VENDORS) {
        const client = read(clients, vendor, "configuration", "Portfolio");
        if (client === undefined || client === null) continue;
        // A client of any entry (or a stand-in) with the method this vendor is read with.
        let method;
        try {
          method = isObject(client) ? client[METHOD[vendor]] : undefined;
        } catch { /* unreadable: refused below */ }
        if (typeof method !== "function") throw fail("configuration", `Portfolio: \`${vendor}\` must be a client with ${METHOD[vendor]}() (a ${{ omnissa: "OmnissaClient", cloudblueAps: "CloudBlueApsClient", cloudblueSimple: "CloudBlueSimpleClient", cloudmore: "CloudmoreClient" }[vendor]})`);
        chosen.push([vendor, client]);
      }
      let clock, apsQuery;
      if (options !== undefined && options !== null) {
        if (!isObject(options)) throw fail("configuration", "Portfolio: options must be an object");
        checkKeys(options, ["now", "cloudblueAps"], "configuration", "Portfolio options");
        clock = read(options, "now", "configuration", "Portfolio");
        if (clock !== undefined && typeof clock !== "function") throw fail("configuration", "Portfolio: `now` must be a function returning epoch milliseconds");
        const q = read(options, "cloudblueAps", "configuration", "Portfolio");
        if (q !== undefined) {
          // A snapshot: the query cannot change, or break, between calls.
          try {
            apsQuery = JSON.parse(JSON.stringify(q) ?? "null") ?? undefined;
          } catch (e) {
            throw fail("configuration", `Portfolio: \`cloudblueAps\` cannot be read as JSON: ${messageOf(e)}`);
          }
          if (apsQuery !== undefined && !isObject(apsQuery)) throw fail("configuration", "Portfolio: `cloudblueAps` must be an APS subscription query object");
        }
      }
      own.set(this, { clients: chosen, clock, apsQuery, freed: false });
    }

    /** Fetches every vendor concurrently; a vendor's failure is in `errors`. */
    async list(options) {
      const s = stateOf(this, "list()");
      if (s.freed) throw fail("configuration", "this Portfolio was freed; create a new one");
      let now, signal;
      if (options !== undefined && options !== null) {
        if (!isObject(options)) throw invalid("options", "`options` must be an object");
        checkKeys(options, ["now", "signal"], "invalidRequest", "Portfolio.list options");
        now = read(options, "now", "invalidRequest", "Portfolio.list");
        signal = read(options, "signal", "invalidRequest", "Portfolio.list");
        if (now !== undefined && !(typeof now === "number" && Number.isFinite(now))) throw invalid("now", "`now` must be a finite number of epoch milliseconds");
        if (signal !== undefined && signal !== null) {
          let ok = false;
          try { ok = typeof AbortSignal === "function" && signal instanceof AbortSignal && typeof signal.aborted === "boolean"; } catch { /* refused below */ }
          if (!ok) throw invalid("signal", "`signal` must be an AbortSignal");
        } else signal = undefined;
      }
      if (now === undefined) {
        try { now = s.clock ? Number(s.clock()) : Date.now(); } catch { now = NaN; }
        if (!Number.isFinite(now)) now = Date.now();
      }
      const aborted = () => fail("aborted", "Portfolio.list() was aborted", { mayHaveBeenSent: true });
      if (signal?.aborted) throw fail("aborted", "Portfolio.list() was aborted before anything was sent");
      const opts = signal ? { signal } : undefined;
      const results = await Promise.all(s.clients.map(async ([vendor, client]) => {
        try {
          let items, names;
          if (vendor === "cloudblueAps") {
            items = await collect(client.listSubscriptions(s.apsQuery, opts));
            names = await accountNames(client, items, opts);
          } else if (vendor === "cloudblueSimple") items = await collect(client.listSubscriptions(SIMPLE_QUERY, opts));
          else items = await client[METHOD[vendor]](opts);
          return { vendor, entries: api.normalizePortfolio(vendor, items, now, names) };
        } catch (e) {
          return { vendor, error: asError(vendor, e) };
        }
      }));
      if (signal?.aborted) throw results.find((r) => r.error?.code === "ABORTED")?.error ?? aborted();
      const entries = [];
      const errors = [];
      for (const r of results) {
        if (r.error) errors.push({ vendor: r.vendor, error: r.error });
        else entries.push(...r.entries);
      }
      return view(entries, errors, now);
    }

    /** Retires this portfolio; the clients stay the caller's. */
    free() {
      stateOf(this, "free()").freed = true;
    }

    [Symbol.dispose]() {
      stateOf(this, "[Symbol.dispose]()").freed = true;
    }

    /** The vendors it reads, for logs (never a client's settings). */
    toJSON() {
      return { Portfolio: { vendors: stateOf(this, "toJSON()").clients.map(([v]) => v) } };
    }

    [INSPECT]() {
      const s = stateOf(this, "inspect");
      return `Portfolio ${JSON.stringify({ vendors: s.clients.map(([v]) => v) })}${s.freed ? " (freed)" : ""}`;
    }
  }
  return Portfolio;
}
