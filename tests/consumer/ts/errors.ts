// Error classes, narrowing on `code`, issue codes and withResponse, as a strict consumer uses
// them. Each `@ts-expect-error` fails the build if the type it guards becomes too loose.
import {
  ApiError,
  AuthenticationError,
  OmnissaClient,
  PartnerOrderingError,
  RateLimitError,
  isPartnerOrderingError,
} from "partner-ordering";
import type { AnyPartnerOrderingError, IssueCode, OmnissaIssueCode, RawResponse } from "partner-ordering";

export function describe(e: unknown): string {
  if (!isPartnerOrderingError(e)) return "not ours";
  const narrowed: AnyPartnerOrderingError = e;
  if (narrowed.code === "API_ERROR") {
    const status: number = narrowed.status; // required once narrowed
    const body: string = narrowed.body;
    return `${status} ${narrowed.apiCode ?? ""} ${body.length}`;
  }
  if (narrowed.code === "INVALID_REQUEST") {
    const sent: false = narrowed.mayHaveBeenSent;
    return `${sent} ${narrowed.issues.length}`;
  }
  // @ts-expect-error: outside API_ERROR, `status` may be absent.
  const maybe: number = narrowed.status;
  return String(maybe);
}

export function classes(e: unknown): number | undefined {
  if (e instanceof RateLimitError) return e.retryAfterMs;
  if (e instanceof AuthenticationError) return e.status;
  if (e instanceof ApiError) return e.status;
  if (e instanceof PartnerOrderingError) return e.attempts;
  return undefined;
}

export const code: OmnissaIssueCode = "sku_duplicate";
export const any: IssueCode = "unknown_field";
// @ts-expect-error: not an issue code the SDK emits.
export const wrong: IssueCode = "sku_is_bad";

export async function raw(client: OmnissaClient): Promise<number> {
  const { data, response } = await client.listSubscriptions().withResponse();
  const r: RawResponse | undefined = response;
  return data.length + (r?.status ?? 0);
}
