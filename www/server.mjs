// The demo server: serves www/ and pkg/, and answers the partner APIs from the in-memory sandbox
// over real HTTP. It also plays the portal's backend: /demo/omnissa-token, /demo/simple-token,
// /demo/aps-token and /demo/cloudmore-token mint tokens with the secrets, which therefore never
// reach the browser.
//
//   node www/server.mjs [--port 8787] [--host 127.0.0.1]
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { Sandbox } from "partner-ordering/sandbox";
import { cloudmoreConfig } from "./js/cloudmore-config.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json", ".ts": "text/plain",
  ".png": "image/png", ".svg": "image/svg+xml",
};

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString("utf8");
}

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

function cors(req, res) {
  res.setHeader("access-control-allow-origin", "*");
  res.setHeader("access-control-expose-headers", "x-correlation-id, content-range, retry-after");
  if (req.method === "OPTIONS") {
    res.writeHead(204, {
      "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE",
      "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
      "access-control-max-age": "600",
    }).end();
    return true;
  }
  return false;
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

/** Starts the server; resolves to { url, sandbox, close }. Port 0 picks a free port. */
export async function startServer({ port = 8787, host = "127.0.0.1", sandbox = new Sandbox() } = {}) {
  const hanging = new Set();
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://localhost");
      // The portal backend's /demo/ endpoints are same-origin only: no CORS headers for them.
      if (!url.pathname.startsWith("/demo/") && cors(req, res)) return;
      if (url.pathname === "/demo/omnissa-token") {
        // The portal backend: holds the app secret and asks the token endpoint for a token.
        const { appId, appSecret } = Sandbox.credentials().omnissa;
        const r = sandbox.handle({
          method: "POST",
          url: "/v1/m0/application/oauth2/token?grant_type=client_credentials",
          headers: { authorization: "Basic " + Buffer.from(`${appId}:${appSecret}`).toString("base64") },
        });
        const t = JSON.parse(r.body);
        res.writeHead(r.status, { "content-type": "application/json" })
          .end(JSON.stringify(r.status === 200 ? { accessToken: t.access_token, expiresIn: t.expires_in } : t));
        return;
      }
      if (url.pathname === "/demo/simple-token") {
        // The same for the SimpleAPI: the backend holds the API user's password.
        const { basePath, username, password, subscriptionKey, marketplace } = Sandbox.credentials().cloudblueSimple;
        const r = sandbox.handle({
          method: "POST",
          url: `${basePath}/token`,
          headers: {
            authorization: "Basic " + Buffer.from(`${username}:${password}`).toString("base64"),
            "x-subscription-key": subscriptionKey, "content-type": "application/json",
          },
          body: JSON.stringify({ marketplace }),
        });
        const t = JSON.parse(r.body);
        res.writeHead(r.status, { "content-type": "application/json" })
          .end(JSON.stringify(r.status === 200 ? { accessToken: t.token, expiresIn: t.expiresInSeconds } : t));
        return;
      }
      if (url.pathname === "/demo/aps-token") {
        // And for APS: the backend asks the platform for a user token (pem.APS.getUserToken).
        res.writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ accessToken: sandbox.apsToken() }));
        return;
      }
      if (url.pathname === "/demo/cloudmore-token") {
        // Cloudmore: the backend holds the API user's password and the API secret, and performs
        // the password grant for the level asked for (seller or broker).
        if (req.method !== "POST") return void res.writeHead(405, { allow: "POST" }).end();
        if (!sameOrigin(req)) return void json(res, 403, { error: "FORBIDDEN", message: "same-origin requests only" });
        const level = { seller: "seller", broker: "broker" }[url.searchParams.get("level")];
        if (!level) return void json(res, 400, { error: "BAD_REQUEST", message: "level must be seller or broker" });
        const { username, password, apiSecret } = Sandbox.credentials().cloudmore[level];
        const form = new URLSearchParams({ grant_type: "password", username, password, scope: "api" });
        const r = sandbox.handle({
          method: "POST",
          url: "/connect/token",
          headers: {
            authorization: "Basic " + Buffer.from(`ro.customer.client:${apiSecret}`).toString("base64"),
            "content-type": "application/x-www-form-urlencoded",
          },
          body: form.toString(),
        });
        const t = JSON.parse(r.body);
        return void json(res, r.status, r.status === 200 ? { accessToken: t.access_token, expiresIn: t.expires_in } : t);
      }
      if (url.pathname === "/demo/config") {
        // Only what the page may know: ids, the gateway key the SimpleAPI needs on every request,
        // and the sandbox's clock (so the page judges renewal windows by the same time).
        const { omnissa, cloudblueSimple: simple, cloudblueAps: aps, cloudmore } = Sandbox.credentials();
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({
          omnissa: { partnerId: omnissa.partnerId },
          cloudblueSimple: { basePath: simple.basePath, subscriptionKey: simple.subscriptionKey, marketplace: simple.marketplace },
          cloudblueAps: { resellerEmail: aps.resellerEmail, planId: aps.planId, resourceId: aps.resourceId },
          cloudmore: cloudmoreConfig(cloudmore),
          sandboxNow: sandbox.now(),
        }));
        return;
      }
      if (url.pathname === "/__sandbox/calls") {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(sandbox.calls()));
        return;
      }
      if (url.pathname === "/__sandbox/fault" && req.method === "POST") {
        sandbox.injectFault(JSON.parse(await readBody(req)));
        res.writeHead(204).end();
        return;
      }
      if (req.method === "GET" && url.pathname.startsWith("/pkg/")) {
        if (await serveFile(res, join(root, "pkg"), url.pathname.slice(5))) return;
      } else if (req.method === "GET" && !/^\/(v\d|api|aps|marketplace)\//.test(url.pathname)) {
        const rel = url.pathname === "/" ? "index.html" : url.pathname.slice(1);
        if (await serveFile(res, join(root, "www"), rel)) return;
      }
      const body = ["GET", "HEAD"].includes(req.method) ? undefined : await readBody(req);
      const headers = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(", ") : v;
      // The absolute URL, as the client saw it: OAuth 1.0a signatures cover scheme, host and port.
      const absolute = `http://${req.headers.host ?? "127.0.0.1"}${req.url}`;
      const out = sandbox.handle({ method: req.method, url: absolute, headers, body });
      if (out.fault === "networkError") return void req.socket.destroy();
      if (out.fault === "hang") return void hanging.add(res);
      res.writeHead(out.status, out.headers).end(out.body);
    } catch (e) {
      res.writeHead(500, { "content-type": "application/json" })
        .end(JSON.stringify({ error: "DEMO_SERVER_ERROR", message: String(e?.message ?? e), traceId: "" }));
    }
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  const addr = server.address();
  return {
    url: `http://${host}:${addr.port}`,
    sandbox,
    close: () => new Promise((resolve) => {
      for (const res of hanging) res.socket?.destroy();
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
