// Regressions of .d.ts defects found by this consumer, now fixed: each line fails to compile if
// its defect comes back.
import {
  CloudBlueApsClient,
  CloudBlueSimpleClient,
  CloudmoreClient,
  OmnissaClient,
  renewalWindow,
  type ApiPromise,
  type SimpleSubscription,
  type Subscription,
} from "partner-ordering";

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;

// One interface per API: Omnissa's `Subscription` and the SimpleAPI's `SimpleSubscription` were
// both named `Subscription` and merged by TypeScript.
type OmnissaSub = Awaited<ReturnType<OmnissaClient["getSubscription"]>>;
type SimpleSub = Awaited<ReturnType<CloudBlueSimpleClient["getSubscription"]>>;
export const omnissaIsSubscription: Equals<OmnissaSub, Subscription> = true;
export const simpleIsSimpleSubscription: Equals<SimpleSub, SimpleSubscription> = true;
// @ts-expect-error an Omnissa subscription has no `id`
export const noId = (s: OmnissaSub) => s.id;
export const handWritten = renewalWindow({ serviceInstanceId: "M1", customerName: "C", commitContractReference: "X", endDate: "2026-02-15T08:00:00.000+00:00", offers: [] });

// Validators take typed parameters.
// @ts-expect-error a number is not an order
export const typedOrder = (o: OmnissaClient) => o.validateOrder(42);
// @ts-expect-error a licence key is a string
export const typedKey = (c: CloudmoreClient) => c.validateLicenseKey(42);

// Promises are not nested: `.then` sees the value.
export const thenSeesValue = (aps: CloudBlueApsClient) =>
  aps.findAccountIdByEmail("a@b.test").then((id) => id?.length);
export const resources: Equals<ReturnType<CloudBlueApsClient["findResources"]>, ApiPromise<Array<Record<string, unknown>>>> = true;
