// Errors and JSON text of the JS layer (see core.mjs): the one error class of every entry.

export const CODES = {
  invalidRequest: "INVALID_REQUEST", configuration: "CONFIGURATION_ERROR", transport: "TRANSPORT_ERROR",
  timeout: "TIMEOUT", aborted: "ABORTED", api: "API_ERROR", unexpectedResponse: "UNEXPECTED_RESPONSE",
  decode: "DECODE_ERROR", orderFailed: "ORDER_FAILED", internal: "INTERNAL_ERROR",
};
export const MAX_TEXT = 8 << 20; // characters of one JSON argument; Rust checks bytes again
export const MAX_BODY = 32 << 20; // characters of one response body: past it, a transport failure
export const MAX_HEADERS = 1000;

/** Every error the SDK throws or rejects with. */
export class PartnerOrderingError extends Error {
  /** `fields`: the error's fields (as the SDK makes them), or a message. Never throws. */
  constructor(fields) {
    const f = readFields(fields);
    super(typeof f.message === "string" ? f.message : "partner-ordering error");
    this.name = "PartnerOrderingError";
    this.kind = typeof f.kind === "string" && f.kind in CODES ? f.kind : "internal";
    this.code = CODES[this.kind];
    for (const k of ["api", "status", "apiCode", "traceId", "retryAfterMs", "body"]) {
      if (f[k] !== undefined && f[k] !== null) this[k] = f[k];
    }
    this.issues = Array.isArray(f.issues) ? f.issues : [];
    this.retryable = f.retryable === true;
    this.mayHaveBeenSent = f.mayHaveBeenSent === true;
  }
}

/** Copies the known fields of `v` without letting a getter or proxy throw out of it. */
function readFields(v) {
  if (typeof v === "string") return { message: v };
  const out = {};
  if (v === null || typeof v !== "object") return out;
  for (const k of ["message", "kind", "api", "status", "apiCode", "traceId", "retryAfterMs", "body", "issues", "retryable", "mayHaveBeenSent"]) {
    try {
      const x = v[k];
      if (x === null || ["string", "number", "boolean"].includes(typeof x) || (k === "issues" && Array.isArray(x))) out[k] = x;
    } catch { /* unreadable: left out */ }
  }
  return out;
}

/** True when `value` is an error thrown by this SDK. */
export function isPartnerOrderingError(value) {
  try {
    return value instanceof PartnerOrderingError;
  } catch {
    return false; // a revoked proxy, or one whose getPrototypeOf trap throws
  }
}

export function fail(kind, message, extra = {}) {
  return new PartnerOrderingError({ kind, message, issues: [], retryable: false, mayHaveBeenSent: false, ...extra });
}

export function invalid(path, message, code = "invalid_type") {
  return fail("invalidRequest", message, { issues: [{ path, code, message, severity: "error" }] });
}

/** A readable message from whatever was thrown, without ever throwing itself. */
export function messageOf(e) {
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
export function toJson(value, name, replacer) {
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

export function fromJson(text) {
  if (typeof text !== "string") return text;
  const v = JSON.parse(text);
  return v === null ? undefined : v;
}
