// Runs the order gateway locally in the real `workerd` runtime, without wrangler or an account:
// bundles src/worker.mjs with esbuild (the `workerd`/`worker` export conditions, .wasm kept as a
// separate module, as wrangler does) and serves it on loopback.
//
//   node examples/order-gateway/dev.mjs [--port 8788] [--origin http://localhost:5173]
//
// As a script it also starts the repository's sandbox server (www/server.mjs) and points every
// upstream at it with the sandbox credentials, so the gateway can be tried with curl. The tests
// (tests/js/gateway.test.mjs) use the exported bundleGateway() and startGateway().
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const here = new URL("./", import.meta.url);
const repo = new URL("../../", import.meta.url);

/** The compatibility date of wrangler.toml, so local runs and deployments agree. */
export function compatibilityDate() {
  const toml = readFileSync(new URL("wrangler.toml", here), "utf8");
  const m = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml);
  if (!m) throw new Error("wrangler.toml has no compatibility_date");
  return m[1];
}

/** Bundles the Worker into `outdir`: worker.js plus the package's .wasm as its own module. */
export async function bundleGateway(outdir) {
  const { build } = await import("esbuild");
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [fileURLToPath(new URL("src/worker.mjs", here))],
    bundle: true,
    format: "esm",
    platform: "neutral",
    outdir,
    // The package's "workerd" export imports the .wasm as a compiled module and calls initSync.
    conditions: ["workerd", "worker"],
    // Keep `import wasm from "./x.wasm"` as an import of a separate file: workerd (and wrangler)
    // load it as a compiled WebAssembly.Module.
    loader: { ".wasm": "copy" },
    // `cloudflare:workers` (the DurableObject base class) is the runtime's own module.
    external: ["cloudflare:*"],
    assetNames: "[name]-[hash]",
    logLevel: "error",
  });
  const files = readdirSync(outdir);
  return { worker: "worker.js", wasm: files.filter((f) => f.endsWith(".wasm")) };
}

export const freePort = () => new Promise((resolve, reject) => {
  const s = createServer().once("error", reject).listen(0, "127.0.0.1", () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});

/**
 * The workerd config. `storageDir`: the absolute directory where the idempotency Durable Object
 * (the IDEMPOTENCY binding, as in wrangler.toml) keeps its SQLite files; null for no Durable
 * Object and no binding. (workerd's `inMemory` storage has no SQL API, so it is always a disk.)
 */
function capnpConfig({ port, wasm, bindings, storageDir }) {
  // JSON string literals are valid Cap'n Proto text literals for these (printable) values.
  const text = Object.entries(bindings)
    .filter(([, v]) => v !== undefined)
    .map(([name, value]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(String(value))})`);
  const modules = [`(name = "worker.js", esModule = embed "worker.js")`, ...wasm.map((f) => `(name = "${f}", wasm = embed "${f}")`)];
  const services = [];
  let durableObjects = "";
  if (storageDir) {
    text.push(`(name = "IDEMPOTENCY", durableObjectNamespace = (className = "IdempotencyStore"))`);
    services.push(`(name = "do-storage", disk = (path = ${JSON.stringify(storageDir)}, writable = true)),`);
    durableObjects = `
  durableObjectNamespaces = [(className = "IdempotencyStore", uniqueKey = "partner-order-gateway-idempotency", enableSql = true)],
  durableObjectStorage = (localDisk = "do-storage"),`;
  }
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .gateway),
    # Upstream calls go out through this service; "private" and "local" let a local sandbox
    # server (127.0.0.1) stand in for the partner APIs.
    (name = "net", network = (allow = ["public", "private", "local"])),
    ${services.join("\n    ")}
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const gateway :Workerd.Worker = (
  modules = [${modules.join(", ")}],
  compatibilityDate = "${compatibilityDate()}",
  globalOutbound = "net",
  bindings = [${text.join(", ")}],${durableObjects}
);
`;
}

async function waitForUp(url, child, ms = 20_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`workerd exited with ${child.exitCode}`);
    try { await fetch(url); return; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  throw new Error(`workerd did not start at ${url}`);
}

/**
 * Bundles the gateway and serves it in workerd with these bindings (Worker vars and secrets).
 * The idempotency Durable Object keeps its data in `storageDir` (absolute; kept across restarts
 * with the same directory), by default a fresh directory in `outdir`; `storageDir: null` runs
 * without it. Resolves to { url, logs, close, kill }: `logs` collects workerd's stdout and
 * stderr; `kill` ends workerd abruptly (SIGKILL), as a crash would.
 */
export async function startGateway({ bindings, outdir, port, quiet = true, storageDir = join(outdir, "durable-objects") }) {
  const { wasm } = await bundleGateway(outdir);   // empties outdir, so the default storage too
  port ??= await freePort();
  if (storageDir) mkdirSync(storageDir, { recursive: true });
  writeFileSync(join(outdir, "config.capnp"), capnpConfig({ port, wasm, bindings, storageDir }));
  const bin = fileURLToPath(new URL("node_modules/.bin/workerd", repo));
  const child = spawn(bin, ["serve", join(outdir, "config.capnp"), "--verbose"], { stdio: ["ignore", "pipe", "pipe"] });
  // Never leave workerd running after this process, however it ends.
  const reap = () => child.kill("SIGTERM");
  process.once("exit", reap);
  child.once("exit", () => process.removeListener("exit", reap));
  const logs = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk) => { logs.push(chunk); if (!quiet) process.stderr.write(chunk); });
  }
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForUp(url, child);
  } catch (e) {
    child.kill("SIGTERM");
    throw new Error(`${e.message}\n${logs.join("")}`);
  }
  const stop = (signal) => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(signal);
  });
  return { url, logs, close: () => stop("SIGTERM"), kill: () => stop("SIGKILL") };
}

/** Worker bindings that point every upstream at a sandbox server (www/server.mjs) at `upstream`. */
export async function sandboxBindings(upstream) {
  const { Sandbox } = await import("partner-ordering/sandbox");
  const { omnissa, cloudblueSimple, cloudblueAps, cloudmore } = Sandbox.credentials();
  return {
    OMNISSA_BASE_URL: upstream,
    OMNISSA_PARTNER_ID: omnissa.partnerId,
    OMNISSA_APP_ID: omnissa.appId,
    OMNISSA_APP_SECRET: omnissa.appSecret,
    CLOUDBLUE_BASE_URL: `${upstream}${cloudblueSimple.basePath}`,
    CLOUDBLUE_SUBSCRIPTION_KEY: cloudblueSimple.subscriptionKey,
    CLOUDBLUE_USERNAME: cloudblueSimple.username,
    CLOUDBLUE_PASSWORD: cloudblueSimple.password,
    CLOUDBLUE_MARKETPLACE: cloudblueSimple.marketplace,
    CLOUDBLUE_APS_BASE_URL: upstream,
    CLOUDBLUE_APS_CONSUMER_KEY: cloudblueAps.consumerKey,
    CLOUDBLUE_APS_CONSUMER_SECRET: cloudblueAps.consumerSecret,
    CLOUDMORE_BASE_URL: upstream,
    CLOUDMORE_RESELLER_ID: cloudmore.broker.resellerId,
    CLOUDMORE_USERNAME: cloudmore.broker.username,
    CLOUDMORE_PASSWORD: cloudmore.broker.password,
    CLOUDMORE_API_SECRET: cloudmore.broker.apiSecret,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const { startServer } = await import(new URL("www/server.mjs", repo).href);
  const upstream = await startServer({ port: 0 });
  const gateway = await startGateway({
    bindings: { ...(await sandboxBindings(upstream.url)), ALLOWED_ORIGIN: arg("--origin", "http://localhost:5173") },
    outdir: fileURLToPath(new URL("test-output/order-gateway-dev/", repo)),
    port: Number(arg("--port", 8788)),
    quiet: false,
  });
  console.log(`order gateway (workerd): ${gateway.url}/orders/{omnissa,cloudblue,cloudblue-aps,cloudmore}`);
  console.log(`sandbox upstream:        ${upstream.url} (recorded calls: ${upstream.url}/__sandbox/calls)`);
  console.log(`try: curl -si ${gateway.url}/orders/omnissa -H 'content-type: application/json' -H 'idempotency-key: ${crypto.randomUUID()}' -d '{"commitContractReference":"AMER00000MOBILITY","offers":[{"sku":"WSD-AWOSP-12PT0-C1S","quantity":10}],"endCustomerInfo":{"customerName":"Acme","firstName":"Jane","lastName":"Smith","email":"jane@acme.example","country":"US","zipCode":"94943"}}'`);
  const stop = async () => { await gateway.close(); await upstream.close(); process.exit(0); };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
