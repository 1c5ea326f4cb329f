// The demo server: serves www/ and pkg/, and answers the partner APIs from the in-memory sandbox
// over real HTTP. It also plays the portal's backend: /demo/omnissa-token, /demo/simple-token,
// /demo/aps-token and /demo/cloudmore-token (POST, same-origin only) mint tokens with the
// passwords and secrets, which therefore never reach the browser. One credential does: the
// SimpleAPI subscription key, sent with every SimpleAPI request, is in /demo/config, because the
// sandbox's key opens nothing real (in production, go through the order gateway or a proxy).
// The API paths and the /__sandbox/ control endpoints are the package's own sandbox server
// (pkg/bin/sandbox-server.mjs, what `npx partner-ordering-sandbox` runs), so both behave alike.
//
//   node www/server.mjs [--port 8787] [--host 127.0.0.1]
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { Sandbox } from "partner-ordering/sandbox";
// Not an export of the package (the `bin` is its interface): imported by path from the build.
import { SandboxHost } from "../pkg/bin/sandbox-server.mjs";
import { cloudmoreConfig } from "./js/cloudmore-config.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json", ".ts": "text/plain",
  ".png": "image/png", ".svg": "image/svg+xml",
};

// Inline import maps are scripts too: the CSP allows exactly this one by hash.
function cspFor(html) {
  const m = html.match(/<script type="importmap">([\s\S]*?)<\/script>/);
  const hash = m ? ` 'sha256-${createHash("sha256").update(m[1]).digest("base64")}'` : "";
  return `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'${hash}; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

async function serveFile(res, base, rel) {
  const path = normalize(join(base, rel));
  if (!path.startsWith(base)) return false;
  let body;
  try { body = await readFile(path); } catch { return false; }
  const type = TYPES[extname(path)] ?? "application/octet-stream";
  const headers = { "content-type": type, "cache-control": "no-store" };
  if (type.startsWith("text/html")) headers["content-security-policy"] = cspFor(body.toString("utf8"));
  res.writeHead(200, headers).end(body);
  return true;
}

/**
 * True when a browser request comes from this server's own pages. Browsers send `Origin` on
 * every POST (and `Sec-Fetch-Site`); requests without either (curl, tests) are not
 * cross-site browser requests, so they pass.
 */
function sameOrigin(req) {
  const site = req.headers["sec-fetch-site"];
  if (site && site !== "same-origin") return false;
  const origin = req.headers.origin;
  return !origin || origin === `http://${req.headers.host}`;
}

const json = (res, status, body) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

/** The sandbox's answer as [status, parsed body]. */
function ask(sandbox, request) {
  const r = sandbox.handle(request);
  return [r.status, JSON.parse(r.body)];
}
const basic = (user, secret) => "Basic " + Buffer.from(`${user}:${secret}`).toString("base64");

/**
 * The portal backend's token endpoints: each holds a secret, asks the sandbox for a token with
 * it, and answers [status, body] with only the token and its lifetime.
 */
const TOKENS = {
  "/demo/omnissa-token": (sandbox) => {
    // The app secret, for the client-credentials grant.
    const { appId, appSecret } = Sandbox.credentials().omnissa;
    const [status, t] = ask(sandbox, {
      method: "POST",
      url: "/v1/m0/application/oauth2/token?grant_type=client_credentials",
      headers: { authorization: basic(appId, appSecret) },
    });
    return [status, status === 200 ? { accessToken: t.access_token, expiresIn: t.expires_in } : t];
  },
  "/demo/simple-token": (sandbox) => {
    // The SimpleAPI user's password.
    const { basePath, username, password, subscriptionKey, marketplace } = Sandbox.credentials().cloudblueSimple;
    const [status, t] = ask(sandbox, {
      method: "POST",
      url: `${basePath}/token`,
      headers: { authorization: basic(username, password), "x-subscription-key": subscriptionKey, "content-type": "application/json" },
      body: JSON.stringify({ marketplace }),
    });
    return [status, status === 200 ? { accessToken: t.token, expiresIn: t.expiresInSeconds } : t];
  },
  // APS: the backend asks the platform for a user token (pem.APS.getUserToken).
  "/demo/aps-token": (sandbox) => [200, { accessToken: sandbox.apsToken() }],
  "/demo/cloudmore-token": (sandbox, url) => {
    // The API user's password and the API secret, for the password grant of the level asked
    // for (seller or broker).
    const level = { seller: "seller", broker: "broker" }[url.searchParams.get("level")];
    if (!level) return [400, { error: "BAD_REQUEST", message: "level must be seller or broker" }];
    const { username, password, apiSecret } = Sandbox.credentials().cloudmore[level];
    const [status, t] = ask(sandbox, {
      method: "POST",
      url: "/connect/token",
      headers: { authorization: basic("ro.customer.client", apiSecret), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "password", username, password, scope: "api" }).toString(),
    });
    return [status, status === 200 ? { accessToken: t.access_token, expiresIn: t.expires_in } : t];
  },
};

/** Every token endpoint: POST only, from this server's own pages only, then `mint()`. */
function tokenRoute(req, res, mint) {
  if (req.method !== "POST") return void res.writeHead(405, { allow: "POST" }).end();
  if (!sameOrigin(req)) return void json(res, 403, { error: "FORBIDDEN", message: "same-origin requests only" });
  const [status, body] = mint();
  json(res, status, body);
}

/** Starts the server; resolves to { url, sandbox, close }. Port 0 picks a free port. */
export async function startServer({ port = 8787, host = "127.0.0.1", sandbox = new Sandbox() } = {}) {
  const sbx = new SandboxHost(Sandbox, { sandbox });
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://localhost");
      // The portal backend's /demo/ endpoints are same-origin only: no CORS headers for them.
      const mint = TOKENS[url.pathname];
      if (mint) return void tokenRoute(req, res, () => mint(sbx.sandbox, url));
      if (url.pathname === "/demo/config") {
        // What the page needs: ids, the sandbox's clock (so the page judges renewal windows by
        // the same time) and the SimpleAPI subscription key, which the SimpleAPI wants on every
        // request. That key is a credential: it is handed to the page only because the sandbox's
        // opens nothing real. A production portal keeps it server-side (the order gateway holds
        // it as a Worker secret) and sends SimpleAPI calls through its server.
        const { omnissa, cloudblueSimple: simple, cloudblueAps: aps, cloudmore } = Sandbox.credentials();
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({
          omnissa: { partnerId: omnissa.partnerId },
          cloudblueSimple: { basePath: simple.basePath, subscriptionKey: simple.subscriptionKey, marketplace: simple.marketplace },
          cloudblueAps: { resellerEmail: aps.resellerEmail, planId: aps.planId, resourceId: aps.resourceId },
          cloudmore: cloudmoreConfig(cloudmore),
          sandboxNow: sbx.sandbox.now(),
        }));
        return;
      }
      if (req.method === "GET" && url.pathname.startsWith("/pkg/")) {
        if (await serveFile(res, join(root, "pkg"), url.pathname.slice(5))) return;
      } else if (req.method === "GET" && !/^\/(v\d|api|aps|marketplace|__sandbox)(\/|$)/.test(url.pathname)) {
        const rel = url.pathname === "/" ? "index.html" : url.pathname.slice(1);
        if (await serveFile(res, join(root, "www"), rel)) return;
      }
      // The partner APIs (with CORS) and /__sandbox/ (calls, fault, clock, reset, …).
      await sbx.handle(req, res);
    } catch (e) {
      res.writeHead(500, { "content-type": "application/json" })
        .end(JSON.stringify({ error: "DEMO_SERVER_ERROR", message: String(e?.message ?? e), traceId: "" }));
    }
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  const addr = server.address();
  return {
    url: `http://${host}:${addr.port}`,
    // A getter: POST /__sandbox/reset replaces the sandbox.
    get sandbox() { return sbx.sandbox; },
    close: () => new Promise((resolve) => {
      sbx.dropHanging();
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const { url } = await startServer({ port: Number(arg("--port", 8787)), host: arg("--host", "127.0.0.1") });
  console.log(`partner-ordering demo: ${url}/`);
  console.log("Serving the demo page and the sandbox APIs. Ctrl-C to stop.");
}
