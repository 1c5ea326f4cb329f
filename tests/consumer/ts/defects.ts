// Known defects of the generated .d.ts, pinned so they stay visible. Each line below compiles
// only while the defect exists: when the .d.ts is fixed, tsc reports an unused
// '@ts-expect-error' or a failed `Equals` check here, and the line should be deleted (and the
// matching workaround, if any, removed from consumer code).
import {
  CloudBlueApsClient,
  CloudBlueSimpleClient,
  CloudmoreClient,
  OmnissaClient,
  renewalWindow,
} from "partner-ordering";

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type IsAny<T> = 0 extends 1 & T ? true : false;

// DEFECT 1: two different Rust types are both exported as `interface Subscription` (Omnissa's
// and the SimpleAPI's). TypeScript merges same-named interfaces, so every `Subscription` has the
// required fields of both: an Omnissa subscription is typed as having `id: string` (it has none
// at run time), and a SimpleAPI subscription as having `serviceInstanceId`,
// `commitContractReference`, `customerName` and `offers` (it has none of them).
type OmnissaSub = Awaited<ReturnType<OmnissaClient["getSubscription"]>>;
type SimpleSub = Awaited<ReturnType<CloudBlueSimpleClient["getSubscription"]>>;
export const omnissaSubClaimsId: Equals<OmnissaSub["id"], string> = true;
export const simpleSubClaimsSid: Equals<SimpleSub["serviceInstanceId"], string> = true;
export const sameType: Equals<OmnissaSub, SimpleSub> = true;
// …so an Omnissa subscription written by hand (as the README's renewalWindow example does) is
// refused for want of `id`:
// @ts-expect-error DEFECT 1: Property 'id' is missing.
renewalWindow({ serviceInstanceId: "M1", customerName: "C", commitContractReference: "X", endDate: "2026-02-15T08:00:00.000+00:00", offers: [] });

// DEFECT 2: parameters typed `any`: `OmnissaClient.validateOrder(order: any)` (the other clients
// take `NewSimpleOrder` / `NewApsOrder`) and `CloudmoreClient.validateLicenseKey(licenseKey: any)`.
// Any value is accepted without a compile error.
export const omnissaValidateOrderIsAny: IsAny<Parameters<OmnissaClient["validateOrder"]>[0]> = true;
export const validateLicenseKeyIsAny: IsAny<Parameters<CloudmoreClient["validateLicenseKey"]>[0]> = true;
export const acceptsAnything = (o: OmnissaClient) => o.validateOrder(42);

// DEFECT 3: two APS methods return a doubly wrapped promise type. `await` flattens it, but
// `.then(v => …)` types `v` as a Promise although it is the value at run time.
export const doublePromise: Equals<ReturnType<CloudBlueApsClient["findAccountIdByEmail"]>, Promise<Promise<string | undefined>>> = true;
export const doublePromise2: Equals<ReturnType<CloudBlueApsClient["findResources"]>, Promise<Promise<Array<Record<string, unknown>>>>> = true;
export const thenIsWrong = (aps: CloudBlueApsClient) =>
  // @ts-expect-error DEFECT 3: 'length' does not exist on type 'Promise<string | undefined>'.
  aps.findAccountIdByEmail("a@b.test").then((id) => id?.length);
