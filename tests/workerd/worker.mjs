// A tiny Worker built on the package. Two routes:
//   /sandbox/subscriptions   the in-Worker sandbox (partner-ordering/sandbox)
//   /upstream/subscriptions  the production build with the global fetch, against env.UPSTREAM,
//                            credentials from Worker secrets (env), never sent to the caller
import { OmnissaClient } from "partner-ordering";
import { Sandbox, OmnissaClient as SandboxBuildClient } from "partner-ordering/sandbox";

const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

function errorBody(e) {
  return { code: e.code, kind: e.kind, status: e.status, apiCode: e.apiCode, traceId: e.traceId, message: e.message, issues: e.issues };
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    try {
      if (url.pathname === "/sandbox/subscriptions") {
        const sandbox = new Sandbox();
        const client = new SandboxBuildClient({ ...Sandbox.credentials().omnissa, baseUrl: "https://apigw.sandbox.test", fetch: sandbox.fetch });
        return json(200, await client.listSubscriptions());
      }
      if (url.pathname === "/upstream/subscriptions") {
        const client = new OmnissaClient({
          partnerId: env.OMNISSA_PARTNER_ID,
          appId: env.OMNISSA_APP_ID,
          appSecret: env.OMNISSA_APP_SECRET,
          baseUrl: env.UPSTREAM,
          timeoutMs: 5000,
        });
        return json(200, await client.listSubscriptions());
      }
      if (url.pathname === "/upstream/subscription") {
        const client = new OmnissaClient({
          partnerId: env.OMNISSA_PARTNER_ID, appId: env.OMNISSA_APP_ID, appSecret: env.OMNISSA_APP_SECRET, baseUrl: env.UPSTREAM,
        });
        return json(200, await client.getSubscription(url.searchParams.get("sid") ?? ""));
      }
      return json(404, { error: "no such route" });
    } catch (e) {
      return json(e.status ?? (e.code === "INVALID_REQUEST" ? 422 : 502), errorBody(e));
    }
  },
};
