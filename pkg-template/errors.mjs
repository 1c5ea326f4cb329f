// Errors and JSON text of the JS layer (see core.mjs): the one error class of every entry.

export const CODES = {
  invalidRequest: "INVALID_REQUEST", configuration: "CONFIGURATION_ERROR", transport: "TRANSPORT_ERROR",
  timeout: "TIMEOUT", aborted: "ABORTED", api: "API_ERROR", unexpectedResponse: "UNEXPECTED_RESPONSE",
  decode: "DECODE_ERROR", orderFailed: "ORDER_FAILED", internal: "INTERNAL_ERROR",
};
export const MAX_TEXT = 8 << 20; // characters of one JSON argument; Rust checks bytes again
export const MAX_BODY = 32 << 20; // characters of one response body: past it, a transport failure
export const MAX_HEADERS = 1000;

const FIELDS = ["api", "status", "apiCode", "traceId", "retryAfterMs", "body", "attempts"];

/**
 * Every error the SDK throws or rejects with. Each kind has its subclass (below), so both
 * `e instanceof RateLimitError` and `e.code === "API_ERROR"` work; the classes are shared by
 * every entry of the package.
 */
export class PartnerOrderingError extends Error {
  /** `fields`: the error's fields (as the SDK makes them), or a message. Never throws. */
  constructor(fields, cause) {
    const f = readFields(fields);
    super(typeof f.message === "string" ? f.message : "partner-ordering error", cause === undefined ? undefined : { cause });
    this.name = new.target?.name ?? "PartnerOrderingError";
    this.kind = typeof f.kind === "string" && f.kind in CODES ? f.kind : "internal";
    this.code = CODES[this.kind];
    for (const k of FIELDS) {
      if (f[k] !== undefined && f[k] !== null) this[k] = f[k];
    }
    this.issues = Array.isArray(f.issues) ? f.issues : [];
    this.retryable = f.retryable === true;
    this.mayHaveBeenSent = f.mayHaveBeenSent === true;
  }
}

/** Client-side validation refused the request; `issues` says why. Never sent. */
export class InvalidRequestError extends PartnerOrderingError {}
/** The client was set up wrongly. Never sent. */
export class ConfigurationError extends PartnerOrderingError {}
/** The network failed, or a token provider did (then `mayHaveBeenSent` is false). */
export class TransportError extends PartnerOrderingError {}
/** No response within `timeoutMs` (per attempt) or `deadlineMs` (per call). */
export class TimeoutError extends PartnerOrderingError {}
/** The caller's `AbortSignal` fired. */
export class AbortError extends PartnerOrderingError {}
/** The API answered with its documented error body. */
export class ApiError extends PartnerOrderingError {}
/** HTTP 400. */
export class BadRequestError extends ApiError {}
/** HTTP 401: the credentials or token were refused (after one refresh). */
export class AuthenticationError extends ApiError {}
/** HTTP 403. */
export class PermissionDeniedError extends ApiError {}
/** HTTP 404. */
export class NotFoundError extends ApiError {}
/** HTTP 409. */
export class ConflictError extends ApiError {}
/** HTTP 422. */
export class UnprocessableEntityError extends ApiError {}
/** HTTP 429; `retryAfterMs` says when to try again, if the server said. */
export class RateLimitError extends ApiError {}
/** HTTP 500 and above. */
export class InternalServerError extends ApiError {}
/** A non-success status whose body is not the API's error schema (a gateway's HTML 502). */
export class UnexpectedResponseError extends PartnerOrderingError {}
/** A success status whose body could not be parsed. The request was processed, probably. */
export class DecodeError extends PartnerOrderingError {}
/** An asynchronous order finished in a failed state. */
export class OrderFailedError extends PartnerOrderingError {}
/** The wasm instance failed during the call and was replaced. */
export class InternalError extends PartnerOrderingError {}

const BY_KIND = {
  invalidRequest: InvalidRequestError, configuration: ConfigurationError, transport: TransportError,
  timeout: TimeoutError, aborted: AbortError, api: ApiError, unexpectedResponse: UnexpectedResponseError,
  decode: DecodeError, orderFailed: OrderFailedError, internal: InternalError,
};
const BY_STATUS = {
  400: BadRequestError, 401: AuthenticationError, 403: PermissionDeniedError, 404: NotFoundError,
  409: ConflictError, 422: UnprocessableEntityError, 429: RateLimitError,
};

/** Every error class, by name (exported by each entry). */
export const ERROR_CLASSES = {
  PartnerOrderingError, InvalidRequestError, ConfigurationError, TransportError, TimeoutError, AbortError,
  ApiError, BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError, ConflictError,
  UnprocessableEntityError, RateLimitError, InternalServerError, UnexpectedResponseError, DecodeError,
  OrderFailedError, InternalError,
};

/** The error of the right subclass for `fields` (see the constructor), with `cause` if given. */
export function makeError(fields, cause) {
  const f = readFields(fields);
  let Cls = BY_KIND[f.kind] ?? InternalError;
  if (Cls === ApiError && typeof f.status === "number") {
    Cls = BY_STATUS[f.status] ?? (f.status >= 500 ? InternalServerError : ApiError);
  }
  return new Cls(f, cause);
}

// Underlying failures (a fetch's TypeError, a token provider's rejection) wait here, by id,
// until the call's error claims them as `cause`. Bounded: unclaimed ones are dropped oldest first.
const causes = new Map();
let nextCause = 1;
const MAX_CAUSES = 256;

/** Keeps `e` for a later error's `cause`; returns its id. */
export function keepCause(e) {
  const id = nextCause;
  nextCause = nextCause >= 2 ** 31 ? 1 : nextCause + 1;
  causes.set(id, e);
  if (causes.size > MAX_CAUSES) causes.delete(causes.keys().next().value);
  return id;
}

/** The error for the JSON text of an error's fields from Rust, with its cause if one was kept. */
export function errorFromText(text) {
  const f = JSON.parse(text);
  let cause;
  if (f !== null && typeof f === "object" && Number.isInteger(f.causeId)) {
    cause = causes.get(f.causeId);
    causes.delete(f.causeId);
  }
  return makeError(f, cause);
}

/** Copies the known fields of `v` without letting a getter or proxy throw out of it. */
function readFields(v) {
  if (typeof v === "string") return { message: v };
  const out = {};
  if (v === null || typeof v !== "object") return out;
  for (const k of ["message", "kind", ...FIELDS, "issues", "retryable", "mayHaveBeenSent"]) {
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

export function fail(kind, message, extra = {}, cause = undefined) {
  return makeError({ kind, message, issues: [], retryable: false, mayHaveBeenSent: false, ...extra }, cause);
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
