// Idempotency keys for the order gateway. The partner APIs take no idempotency key of their own,
// so when the portal's connection to the gateway fails mid-request (a timeout, a dropped mobile
// connection, a double click), only the gateway can tell a retry from a second order. It keeps
// one row per (caller, key) in a SQLite-backed Durable Object, IdempotencyStore, one object per
// caller. See README.md, "Idempotency", for the contract.
//
// A row's life: `begin` claims the key (in flight: status NULL), then exactly one of
// - `finish`: an order was, or may have been, placed: the answer is kept and replayed for the TTL;
// - `release`: no order can exist upstream (refused before or by the API): the row is deleted, so
//   the same key may try again;
// - neither (the Worker died, the Durable Object was unreachable): after the lease the row is
//   settled as "outcome unknown", which is replayed like any kept answer. An in-flight row is
//   never simply dropped: that would let a retry place a second order.
import { DurableObject } from "cloudflare:workers";

const DEFAULT_TTL_SECONDS = 24 * 60 * 60;
/** Letters, digits and `-_.:~+/=` (UUIDs, ULIDs, base64): 16 to 255 of them. */
const KEY_SYNTAX = /^[A-Za-z0-9\-_.:~+/=]{16,255}$/;
/** The longest delay between a row's expiry and its purge by the alarm, so purges are batched. */
const PURGE_BATCH_MS = 60_000;

/**
 * The `Idempotency-Key` header: `{ key }` (null when absent) or `{ error }`. The IETF draft
 * (draft-ietf-httpapi-idempotency-key-header) sends the key as a quoted string, Stripe bare:
 * both are accepted. A header sent twice arrives joined by ", " and is refused.
 */
export function parseKey(header) {
  if (header === null) return { key: null };
  const key = /^"(.*)"$/.exec(header)?.[1] ?? header;
  return KEY_SYNTAX.test(key) ? { key } : { error: "the Idempotency-Key must be 16 to 255 characters: letters, digits and - _ . : ~ + / =" };
}

/**
 * Settings from Worker vars. `leaseMs`: how long a claim may stay in flight before it is settled
 * as "outcome unknown"; twice the deadline the gateway gives the whole upstream order call.
 */
export function idempotencySettings(env, timeoutMs) {
  const ttl = Number(env.IDEMPOTENCY_TTL_SECONDS);
  return {
    required: String(env.IDEMPOTENCY_KEY_REQUIRED ?? "").trim().toLowerCase() === "true",
    ttlMs: Math.ceil((ttl > 0 ? ttl : DEFAULT_TTL_SECONDS) * 1000),
    leaseMs: 2 * timeoutMs,
  };
}

/** JSON text with object keys sorted, so that key order does not make two orders differ. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of the route and the order: what "the same request" means. Bodies are not stored. */
export async function fingerprint(route, order) {
  const bytes = new TextEncoder().encode(`${route}\n${canonical(order)}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The answer kept for a claim that was abandoned in flight. */
export const OUTCOME_UNKNOWN = {
  status: 500,
  body: JSON.stringify({
    error: "outcome_unknown",
    message: "the gateway lost track of this order while placing it; it may have been placed: look it up before placing it again with a new Idempotency-Key",
    retryable: false,
    mayHaveBeenSent: true,
  }),
};

/**
 * One object per caller (`idFromName(caller)`); a row per key. Each method runs its SQL without
 * an `await` in between, so a check and the claim that follows it are atomic: the object handles
 * one event at a time, and synchronous SQLite calls never yield.
 */
export class IdempotencyStore extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    // Times are epoch ms. In flight: status, body and expires_at are NULL.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS idempotency_keys (
      key TEXT PRIMARY KEY,
      fingerprint TEXT NOT NULL,
      attempt TEXT NOT NULL,        -- the claiming request; a late finish of an older claim is ignored
      ttl_ms INTEGER NOT NULL,      -- kept answers live this long after they are recorded
      lease_until INTEGER NOT NULL, -- in flight past this: settled as outcome unknown
      expires_at INTEGER,
      status INTEGER,
      body TEXT
    )`);
    this.sql.exec("CREATE INDEX IF NOT EXISTS idempotency_keys_expires_at ON idempotency_keys (expires_at)");
    this.sql.exec("CREATE INDEX IF NOT EXISTS idempotency_keys_in_flight ON idempotency_keys (lease_until) WHERE status IS NULL");
  }

  /**
   * Claims `key` for a request with this fingerprint. Resolves to `{ state: "started", attempt }`
   * (go ahead; then `finish` or `release`), `{ state: "inFlight" }`, `{ state: "mismatch" }` (the
   * key was used for a different request) or `{ state: "done", status, body }` (replay this).
   */
  async begin(key, fingerprint, ttlMs, leaseMs) {
    const now = Date.now();
    let changed = this.#purge(now);
    const row = this.sql.exec("SELECT fingerprint, status, body FROM idempotency_keys WHERE key = ?", key).toArray()[0];
    let claim;
    if (!row) {
      claim = { state: "started", attempt: crypto.randomUUID() };
      this.sql.exec("INSERT INTO idempotency_keys (key, fingerprint, attempt, ttl_ms, lease_until) VALUES (?, ?, ?, ?, ?)",
        key, fingerprint, claim.attempt, ttlMs, now + leaseMs);
      changed = true;
    } else if (row.fingerprint !== fingerprint) {
      claim = { state: "mismatch" };
    } else if (row.status === null) {
      claim = { state: "inFlight" };
    } else {
      claim = { state: "done", status: row.status, body: row.body };
    }
    if (changed) await this.#schedule();
    return claim;
  }

  /** Keeps the answer of a claim whose order was, or may have been, placed. */
  async finish(key, attempt, status, body) {
    this.sql.exec("UPDATE idempotency_keys SET status = ?, body = ?, expires_at = ? + ttl_ms WHERE key = ? AND attempt = ?",
      status, body, Date.now(), key, attempt);
    await this.#schedule();
  }

  /** Forgets a claim whose order cannot exist upstream, so the key may be used again. */
  async release(key, attempt) {
    this.sql.exec("DELETE FROM idempotency_keys WHERE key = ? AND attempt = ?", key, attempt);
    await this.#schedule();
  }

  /** Purges expired answers even when the caller never comes back. */
  async alarm() {
    this.#purge(Date.now());
    await this.#schedule();
  }

  /** Deletes expired answers and settles abandoned claims; true when a row changed. */
  #purge(now) {
    const purged = this.sql.exec("DELETE FROM idempotency_keys WHERE expires_at <= ?", now).rowsWritten;
    const settled = this.sql.exec(
      "UPDATE idempotency_keys SET status = ?, body = ?, expires_at = ? + ttl_ms WHERE status IS NULL AND lease_until <= ?",
      OUTCOME_UNKNOWN.status, OUTCOME_UNKNOWN.body, now, now).rowsWritten;
    if (purged) console.log(`order gateway: idempotency: purged ${purged} expired key(s)`);
    if (settled) console.error(`order gateway: idempotency: ${settled} request(s) abandoned in flight, kept as outcome_unknown`);
    return purged + settled > 0;
  }

  /** The alarm at the next purge or settlement due, or none when the object is empty. */
  async #schedule() {
    // Each reads one row through an index (rows read are what a SQLite Durable Object bills).
    const purge = this.sql.exec(`SELECT expires_at + MIN(ttl_ms, ${PURGE_BATCH_MS}) AS due FROM idempotency_keys
      WHERE expires_at IS NOT NULL ORDER BY expires_at LIMIT 1`).toArray()[0]?.due;
    const settle = this.sql.exec("SELECT MIN(lease_until) AS due FROM idempotency_keys WHERE status IS NULL").one().due;
    const due = Math.min(purge ?? Infinity, settle ?? Infinity);
    if (due === Infinity) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(due);
  }
}
