/** The stable `code` of each error kind. `INTERNAL_ERROR`: the wasm instance failed and was replaced. */
export type ErrorCode = "INVALID_REQUEST" | "CONFIGURATION_ERROR" | "TRANSPORT_ERROR" | "TIMEOUT" | "ABORTED" | "API_ERROR" | "UNEXPECTED_RESPONSE" | "DECODE_ERROR" | "ORDER_FAILED" | "INTERNAL_ERROR";

/**
 * Every error the SDK throws or rejects with. A real `Error`: `instanceof Error` holds, and each
 * kind has its subclass (`ApiError`, `RateLimitError`, `TimeoutError`, …), shared by every entry
 * of the package. To narrow on `code`, use {@link isPartnerOrderingError}, which gives the
 * {@link AnyPartnerOrderingError} union.
 */
export declare class PartnerOrderingError extends Error {
    /** The class name: `"ApiError"`, `"RateLimitError"`, `"TimeoutError"`, … */
    name: string;
    /** Stable camelCase kind. */
    kind: ErrorKind | "internal";
    /** Stable SCREAMING_CASE code, one per kind. */
    code: ErrorCode;
    /** Which API the request was for, when known. */
    api?: Api;
    /** HTTP status, when a response arrived. */
    status?: number;
    /** The API's own error code (`INVALID_REQUEST`, `VALIDATION FAILED`, …). */
    apiCode?: string;
    /** Trace or correlation id to quote to partner support. */
    traceId?: string;
    /** Validation issues (client-side), or the API's field errors. Always an array. */
    issues: Issue[];
    /** True when the condition is transient and the same call may succeed later. */
    retryable: boolean;
    /** False only when the request certainly never left the client. */
    mayHaveBeenSent: boolean;
    /** Server-requested delay before retrying, in milliseconds. */
    retryAfterMs?: number;
    /** The raw response body (truncated to 4 KiB; never a token endpoint's), when a response arrived. */
    body?: string;
    /** Requests sent for this call, retries included, when any were. */
    attempts?: number;
    /** The underlying failure: the `fetch` TypeError, the token provider's rejection. */
    cause?: unknown;
}
/** Client-side validation refused the request; `issues` says why. Never sent. */
export declare class InvalidRequestError extends PartnerOrderingError { code: "INVALID_REQUEST"; kind: "invalidRequest"; mayHaveBeenSent: false; retryable: false; }
/** The client was set up wrongly (a missing or misspelt option, secrets in a browser). Never sent. */
export declare class ConfigurationError extends PartnerOrderingError { code: "CONFIGURATION_ERROR"; kind: "configuration"; mayHaveBeenSent: false; retryable: false; }
/** The network failed (may have been sent), or a token provider failed (`mayHaveBeenSent: false`). Retryable. */
export declare class TransportError extends PartnerOrderingError { code: "TRANSPORT_ERROR"; kind: "transport"; retryable: true; }
/** No response within `timeoutMs` (per attempt) or `deadlineMs` (per call). */
export declare class TimeoutError extends PartnerOrderingError { code: "TIMEOUT"; kind: "timeout"; }
/** The caller's `AbortSignal` fired. `mayHaveBeenSent` is false when it fired before sending. */
export declare class AbortError extends PartnerOrderingError { code: "ABORTED"; kind: "aborted"; }
/** The API answered with its documented error body. */
export declare class ApiError extends PartnerOrderingError { code: "API_ERROR"; kind: "api"; api: Api; status: number; mayHaveBeenSent: true; body: string; }
/** HTTP 400. */
export declare class BadRequestError extends ApiError { status: 400; }
/** HTTP 401: the credentials or token were refused, after one refresh. */
export declare class AuthenticationError extends ApiError { status: 401; }
/** HTTP 403. */
export declare class PermissionDeniedError extends ApiError { status: 403; }
/** HTTP 404. */
export declare class NotFoundError extends ApiError { status: 404; }
/** HTTP 409. */
export declare class ConflictError extends ApiError { status: 409; }
/** HTTP 422. */
export declare class UnprocessableEntityError extends ApiError { status: 422; }
/** HTTP 429; `retryAfterMs` says when to try again, if the server said. */
export declare class RateLimitError extends ApiError { status: 429; }
/** HTTP 500 and above. */
export declare class InternalServerError extends ApiError {}
/** A non-success status whose body is not the API's error schema (a gateway's HTML 502). */
export declare class UnexpectedResponseError extends PartnerOrderingError { code: "UNEXPECTED_RESPONSE"; kind: "unexpectedResponse"; api: Api; status: number; mayHaveBeenSent: true; body: string; }
/** A success status whose body could not be parsed: the request was probably processed. */
export declare class DecodeError extends PartnerOrderingError { code: "DECODE_ERROR"; kind: "decode"; api: Api; status: number; mayHaveBeenSent: true; }
/** An asynchronous order finished in a failed state. */
export declare class OrderFailedError extends PartnerOrderingError { code: "ORDER_FAILED"; kind: "orderFailed"; api: Api; mayHaveBeenSent: true; }
/** The wasm instance failed during the call and was replaced; later calls work. */
export declare class InternalError extends PartnerOrderingError { code: "INTERNAL_ERROR"; kind: "internal"; }

/** Every error the SDK throws, as a union discriminated by `code` (and `kind`). */
export type AnyPartnerOrderingError = InvalidRequestError | ConfigurationError | TransportError | TimeoutError | AbortError | ApiError | UnexpectedResponseError | DecodeError | OrderFailedError | InternalError;

/** True when `value` is an error thrown by this SDK; narrows to the union, so `e.code === "API_ERROR"` narrows further. */
export declare function isPartnerOrderingError(value: unknown): value is AnyPartnerOrderingError;

/** The final HTTP response of a successful call, from `withResponse()`. */
export interface RawResponse {
    /** HTTP status. */
    status: number;
    /** Response headers, names lower-cased. */
    headers: Record<string, string>;
    /** The API's trace or correlation id header (`x-correlation-id`, `x-request-id`, …), if any. */
    traceId?: string;
}
/** The promise of every async method: a `Promise<T>`, plus `withResponse()`. */
export interface ApiPromise<T> extends Promise<T> {
    /** The result together with the call's final HTTP response (undefined for calls answered without a request). */
    withResponse(): Promise<{ data: T; response: RawResponse | undefined }>;
}

/** The methods a page of a paged list gets (`listOrders()`, `listProducts()`, …). */
export interface PageMethods<P, T> {
    /** True when another page follows. */
    hasNextPage(): boolean;
    /** The next page, with the same query and options; rejects after the last page. */
    getNextPage(): PagePromise<P, T>;
}
/** A paged list: awaited, one page (with `hasNextPage()`/`getNextPage()`); under `for await`, every item of every page. */
export interface PagePromise<P, T> extends ApiPromise<P & PageMethods<P, T>>, AsyncIterable<T> {}

/** Health of this entry's wasm instance: generation (bumped when a failed instance was replaced), memory and externref table size. */
export declare function diagnostics(): { generation: number; memoryBytes: number; tableSize: number };

// issue-codes:start
/** The issue codes of CloudBlue: see the README's table. */
export type CloudBlueIssueCode = "account_id_required" | "address_field_required" | "admin_contact_required" | "amount_not_positive" | "aps_id_invalid" | "company_name_required" | "contact_field_required" | "contact_type_invalid" | "contacts_empty" | "country_code_invalid" | "customer_id_invalid" | "customer_id_required" | "customer_name_required" | "date_invalid" | "dependency_missing" | "email_invalid" | "estimate_currency_mismatch" | "estimate_total_mismatch" | "id_invalid" | "id_required" | "language_required" | "login_invalid" | "login_required" | "mpn_required" | "order_type_unknown" | "password_required" | "period_duration_not_positive" | "period_unit_invalid" | "product_ambiguous" | "product_not_found" | "products_empty" | "quantity_above_maximum" | "quantity_below_minimum" | "quantity_invalid" | "quantity_not_positive" | "reseller_id_required" | "subscription_id_required";
/** The issue codes of Cloudmore: see the README's table. */
export type CloudmoreIssueCode = "already_cancelled" | "id_invalid" | "id_required" | "invalid_field" | "license_key_control_chars" | "license_key_empty" | "license_key_too_long" | "name_invalid" | "product_id_required" | "product_not_in_price_list" | "remove_action_invalid" | "subscription_cancelled" | "update_empty";
/** The issue codes of every API: see the README's table. */
export type CommonIssueCode = "invalid_header" | "invalid_type" | "limit_exceeded" | "quantity_not_integer" | "quantity_not_positive" | "quantity_too_large" | "required" | "unknown_field";
/** The issue codes of Omnissa: see the README's table. */
export type OmnissaIssueCode = "cancellation_window_closed" | "commit_contract_mismatch" | "commit_contract_required" | "customer_field_required" | "email_invalid" | "from_quantity_mismatch" | "offers_empty" | "renewal_window_closed" | "request_id_invalid" | "request_id_required" | "sid_invalid" | "sid_required" | "sku_already_on_subscription" | "sku_duplicate" | "sku_lowercase" | "sku_malformed" | "sku_not_on_subscription" | "sku_required" | "sku_whitespace" | "subscription_end_unknown" | "to_quantity_not_greater" | "upgrade_quantity_exceeds" | "upgrade_same_sku";
/** Every issue code the SDK emits (`Issue.code`). */
export type IssueCode = CommonIssueCode | OmnissaIssueCode | CloudBlueIssueCode | CloudmoreIssueCode;
// issue-codes:end
