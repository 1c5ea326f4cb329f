/** Every error the SDK throws or rejects with. A real `Error`: `instanceof Error` holds. */
export declare class PartnerOrderingError extends Error {
    name: "PartnerOrderingError";
    /** Stable camelCase kind. */
    kind: ErrorKind | "internal";
    /** Stable SCREAMING_CASE code, one per kind. `INTERNAL_ERROR`: the wasm instance failed and was replaced. */
    code: "INVALID_REQUEST" | "CONFIGURATION_ERROR" | "TRANSPORT_ERROR" | "TIMEOUT" | "ABORTED" | "API_ERROR" | "UNEXPECTED_RESPONSE" | "DECODE_ERROR" | "ORDER_FAILED" | "INTERNAL_ERROR";
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
    /** The raw response body (truncated to 4 KiB), when a response arrived. */
    body?: string;
}
/** True when `value` is an error thrown by this SDK. */
export declare function isPartnerOrderingError(value: unknown): value is PartnerOrderingError;
/** Health of this entry's wasm instance: generation (bumped when a failed instance was replaced), memory and externref table size. */
export declare function diagnostics(): { generation: number; memoryBytes: number; tableSize: number };
