// The contract every call must keep, and the one function that checks a call against it.

export const CODES = new Set([
  "INVALID_REQUEST", "CONFIGURATION_ERROR", "TRANSPORT_ERROR", "TIMEOUT", "ABORTED", "API_ERROR",
  "UNEXPECTED_RESPONSE", "DECODE_ERROR", "ORDER_FAILED", "INTERNAL_ERROR",
]);

/** How long a returned promise may take to settle. */
export const SETTLE_MS = 10_000;

/** A short, never-throwing description of any value (for failure messages). */
export function describe(v) {
  try {
    if (v === null) return "null";
    const t = typeof v;
    if (t === "string") return v.length > 60 ? `string(${v.length})` : JSON.stringify(v);
    if (t === "symbol") return v.toString();
    if (t === "bigint") return `${v}n`;
    if (t === "function") return `function ${v.name || "(anonymous)"}`;
    if (t !== "object") return String(v);
    const ctor = Object.getPrototypeOf(v)?.constructor?.name ?? "Object";
    if (v instanceof Error) return `${ctor}(${JSON.stringify(String(v.name))}${"code" in v ? ` code=${describe(v.code)}` : ""}: ${String(v.message).slice(0, 160)})`;
    return ctor;
  } catch {
    return "<undescribable>";
  }
}

/** Why `e` is not a well-formed PartnerOrderingError, or null when it is. */
export function errorProblem(e, isPartnerOrderingError) {
  try {
    if (!(e instanceof Error)) return `not an Error: ${describe(e)}`;
    const problems = [];
    // The class name: PartnerOrderingError or one of its subclasses (ApiError, TimeoutError, …).
    if (typeof e.name !== "string" || !/^[A-Z]\w*Error$/.test(e.name) || e.name !== e.constructor?.name) problems.push(`name ${describe(e.name)}`);
    if (typeof e.code !== "string" || !CODES.has(e.code)) problems.push(`code ${describe(e.code)}`);
    if (!Array.isArray(e.issues)) problems.push(`issues ${describe(e.issues)}`);
    if (typeof e.retryable !== "boolean") problems.push(`retryable ${describe(e.retryable)}`);
    if (typeof e.mayHaveBeenSent !== "boolean") problems.push(`mayHaveBeenSent ${describe(e.mayHaveBeenSent)}`);
    if (typeof e.message !== "string") problems.push(`message ${describe(e.message)}`);
    if (!problems.length && isPartnerOrderingError && isPartnerOrderingError(e) !== true) problems.push("isPartnerOrderingError(e) is not true");
    return problems.length ? `${describe(e)}: ${problems.join(", ")}` : null;
  } catch (x) {
    return `inspecting the error threw ${describe(x)}`;
  }
}

const isThenable = (v) => {
  try {
    return v !== null && (typeof v === "object" || typeof v === "function") && typeof v.then === "function";
  } catch {
    return false;
  }
};

const isAsyncIterator = (v) => {
  try {
    return v !== null && typeof v === "object" && typeof v.next === "function" && typeof v[Symbol.asyncIterator] === "function";
  } catch {
    return false;
  }
};

/** Resolves to { settled, value, error, rejected } within `ms`. */
export function settle(promise, ms = SETTLE_MS) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ settled: false }), ms);
    try {
      Promise.resolve(promise).then(
        (value) => { clearTimeout(timer); resolve({ settled: true, value }); },
        (error) => { clearTimeout(timer); resolve({ settled: true, rejected: true, error }); },
      );
    } catch (error) {
      clearTimeout(timer);
      resolve({ settled: true, rejected: true, error });
    }
  });
}

/**
 * Calls `thunk` and checks the outcome. Returns null when the contract held, else a
 * description of what broke it.
 *
 * `expect`:
 *   "any"    returns (a value, or a promise that settles to a value or a PartnerOrderingError)
 *            or throws a PartnerOrderingError;
 *   "error"  must throw or reject with a PartnerOrderingError;
 *   "throw"  must throw a PartnerOrderingError synchronously;
 *   "reject" must return a promise that rejects with a PartnerOrderingError.
 * `check(value)` may judge a successful value (return a string to fail it).
 * `lateFailure(value)` may turn a returned value into { call, fetchLike } that must fail instead
 * (a getter handing out a function bound to a wrong `this`).
 * `fetchLike`: judge by the contract of `fetch` instead (see checkFetchLike).
 * `maxSyncMs` bounds the synchronous part of the call.
 */
export async function checkCall(thunk, { expect = "any", check, maxSyncMs, isPOE, settleMs = SETTLE_MS, drive = 2, lateFailure, fetchLike } = {}) {
  if (fetchLike) return checkFetchLike(thunk, { maxSyncMs, settleMs });
  const t0 = performance.now();
  let ret;
  let threw = false;
  let error;
  try {
    ret = thunk();
  } catch (e) {
    threw = true;
    error = e;
  }
  const syncMs = performance.now() - t0;
  if (maxSyncMs !== undefined && syncMs > maxSyncMs) return `took ${syncMs.toFixed(0)} ms synchronously (limit ${maxSyncMs})`;
  if (threw) {
    if (expect === "reject") return `threw synchronously instead of rejecting: ${describe(error)}`;
    const p = errorProblem(error, isPOE);
    return p ? `threw ${p}` : null;
  }
  const late = expect !== "any" ? lateFailure?.(ret) : undefined;
  if (late) {
    const p = await checkCall(late.call, { isPOE, settleMs, expect: "error", fetchLike: late.fetchLike });
    return p ? `returned ${describe(ret)}, and calling it: ${p}` : null;
  }
  if (expect === "throw") return `did not throw (returned ${describe(ret)})`;
  if (isThenable(ret)) {
    const r = await settle(ret, settleMs);
    if (!r.settled) return `promise did not settle within ${settleMs} ms`;
    if (r.rejected) {
      const p = errorProblem(r.error, isPOE);
      return p ? `rejected with ${p}` : null;
    }
    if (expect === "error" || expect === "reject") return `resolved (to ${describe(r.value)}) instead of rejecting`;
    return driveValue(r.value, check, isPOE, settleMs, drive);
  }
  if (expect === "error" || expect === "reject") return `returned ${describe(ret)} instead of failing`;
  return driveValue(ret, check, isPOE, settleMs, drive);
}

/**
 * The contract of a fetch stand-in (the function `sandbox.fetch` hands out): like `fetch`, it
 * resolves to a Response or rejects with an Error (a TypeError is what fetch itself rejects
 * with, and what the sandbox emulates network errors with); it never throws synchronously,
 * never rejects with a non-Error, never hangs.
 */
async function checkFetchLike(thunk, { maxSyncMs, settleMs }) {
  const t0 = performance.now();
  let ret;
  try {
    ret = thunk();
  } catch (e) {
    return `a fetch stand-in threw synchronously: ${describe(e)}`;
  }
  const syncMs = performance.now() - t0;
  if (maxSyncMs !== undefined && syncMs > maxSyncMs) return `took ${syncMs.toFixed(0)} ms synchronously (limit ${maxSyncMs})`;
  if (!isThenable(ret)) return `a fetch stand-in returned ${describe(ret)}, not a promise`;
  const r = await settle(ret, settleMs);
  if (!r.settled) return `promise did not settle within ${settleMs} ms`;
  if (r.rejected) return r.error instanceof Error ? null : `rejected with a non-Error: ${describe(r.error)}`;
  return r.value instanceof Response ? null : `resolved to ${describe(r.value)}, not a Response`;
}

/** A successful value: run `check`, and pull a few items from async iterators. */
async function driveValue(value, check, isPOE, settleMs, drive) {
  if (check) {
    try {
      const msg = await check(value);
      if (typeof msg === "string") return msg;
    } catch (e) {
      return `value check threw ${describe(e)}`;
    }
  }
  if (drive > 0 && isAsyncIterator(value)) {
    for (let i = 0; i < drive; i++) {
      const p = await checkCall(() => value.next(), { isPOE, settleMs, drive: 0 });
      if (p) return `iterator.next() #${i + 1}: ${p}`;
    }
  }
  return null;
}
