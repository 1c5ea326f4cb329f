// Builds the four clients for the chosen mode.
//
//  • "http" (default): the clients talk over real HTTP to the demo server, which answers from
//    its sandbox. Secrets stay on the server: tokens come from its /demo/*-token endpoints.
//  • "page" (?sandbox=page): a Sandbox runs inside this page and answers through `sandbox.fetch`;
//    nothing leaves the page. The sandbox's own credentials are used, which is fine only
//    because they open nothing but the sandbox (hence `dangerouslyAllowBrowser`).
import { CloudBlueApsClient, CloudBlueSimpleClient, CloudmoreClient, OmnissaClient } from "partner-ordering";
import { cloudmoreConfig } from "./cloudmore-config.js";

async function getJson(url, init) {
  const r = await fetch(url, init);
  const body = await r.json().catch(() => null);
  if (!r.ok) throw new Error(`${url} answered HTTP ${r.status}${body?.message ? `: ${body.message}` : ""}`);
  return body;
}

/** A token provider backed by one of the portal backend's token endpoints. */
const backendToken = (path) => () => getJson(path, { method: "POST" });

export const modeFromUrl = (url = new URL(location.href)) => (url.searchParams.get("sandbox") === "page" ? "page" : "http");

export async function createContext(mode) {
  return mode === "page" ? inPage() : overHttp();
}

async function overHttp() {
  const config = await getJson("/demo/config");
  // Judge renewal windows by the server sandbox's clock (it may have been moved forward).
  const offset = config.sandboxNow - Date.now();
  const now = () => Date.now() + offset;
  const origin = location.origin;
  const { omnissa: om, cloudblueSimple: sc, cloudblueAps: ac, cloudmore: cm } = config;
  return {
    mode: "http",
    now,
    omnissa: new OmnissaClient({ partnerId: om.partnerId, baseUrl: origin, now, tokenProvider: backendToken("/demo/omnissa-token") }),
    simple: new CloudBlueSimpleClient({
      baseUrl: `${origin}${sc.basePath}`, subscriptionKey: sc.subscriptionKey, now,
      tokenProvider: backendToken("/demo/simple-token"),
    }),
    aps: new CloudBlueApsClient({ baseUrl: origin, now, apsToken: backendToken("/demo/aps-token") }),
    apsConfig: { resellerEmail: ac.resellerEmail, planId: ac.planId, resourceId: ac.resourceId },
    // One token provider per credential level; the backend performs the password grant.
    cloudmore: new CloudmoreClient({
      baseUrl: origin, now,
      seller: { sellerId: cm.sellerId, tokenProvider: backendToken("/demo/cloudmore-token?level=seller") },
      broker: { resellerId: cm.resellerId, tokenProvider: backendToken("/demo/cloudmore-token?level=broker") },
    }),
    cloudmoreConfig: cm,
  };
}

async function inPage() {
  const { Sandbox } = await import("partner-ordering/sandbox");
  const sandbox = new Sandbox();
  const creds = Sandbox.credentials();
  const origin = "https://in-page.sandbox.test";
  const common = { fetch: sandbox.fetch, now: sandbox.clock };
  const { omnissa: om, cloudblueSimple: sc, cloudblueAps: ac, cloudmore: cm } = creds;
  return {
    mode: "page",
    now: sandbox.clock,
    sandbox,
    omnissa: new OmnissaClient({ ...om, baseUrl: origin, dangerouslyAllowBrowser: true, ...common }),
    simple: new CloudBlueSimpleClient({
      baseUrl: `${origin}${sc.basePath}`, subscriptionKey: sc.subscriptionKey, username: sc.username,
      password: sc.password, marketplace: sc.marketplace, dangerouslyAllowBrowser: true, ...common,
    }),
    aps: new CloudBlueApsClient({ baseUrl: origin, apsToken: async () => sandbox.apsToken(), ...common }),
    apsConfig: { resellerEmail: ac.resellerEmail, planId: ac.planId, resourceId: ac.resourceId },
    cloudmore: new CloudmoreClient({
      baseUrl: origin, seller: cm.seller, broker: cm.broker, dangerouslyAllowBrowser: true, ...common,
    }),
    cloudmoreConfig: cloudmoreConfig(cm),
  };
}
