#!/usr/bin/env node
// partner-ordering-sandbox: the package's sandbox as a standalone HTTP server, for trying the
// Omnissa, CloudBlue and Cloudmore APIs from any language without real accounts. The server
// itself is ./sandbox-server.mjs; this file reads the flags, loads and saves --state, prints the
// banner and stops cleanly on SIGINT/SIGTERM.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { SandboxHost, isLoopback, parseTime, serve } from "./sandbox-server.mjs";
import { readState, writeState } from "./state.mjs";

const USAGE = `Usage: partner-ordering-sandbox [options]

Serves the stateful sandbox of the Omnissa MSP Ordering, CloudBlue Commerce (APS REST and
SimpleAPI) and Cloudmore APIs over HTTP, on the APIs' own paths, with control endpoints
under /__sandbox/ (GET /__sandbox/ lists them).

Options:
  --port N         port to listen on (default 4010; 0 picks a free one, printed on start)
  --host H         address to bind (default 127.0.0.1); anything but loopback needs --allow-remote
  --allow-remote   allow a non-loopback --host: the sandbox's credentials are public, so anyone
                   who can reach it can use and reset it
  --now TIME       the sandbox's clock at start, ISO 8601 with a zone (2026-12-01T00:00:00Z) or
                   epoch ms; it then runs with real time (default: now)
  --state FILE     keep the sandbox's state in FILE: replayed on start, saved on every change
                   and on exit (--now applies only when FILE does not exist yet)
  --quiet          do not log requests
  -h, --help       this help
  -v, --version    the package version
`;

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

/** Exits with a usage error: exit code 2, like other command-line tools. */
function usage(message) {
  process.stderr.write(`partner-ordering-sandbox: ${message}\nRun partner-ordering-sandbox --help for the options.\n`);
  process.exit(2);
}

let opts;
try {
  ({ values: opts } = parseArgs({
    options: {
      port: { type: "string" }, host: { type: "string" }, now: { type: "string" }, state: { type: "string" },
      "allow-remote": { type: "boolean" }, quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" }, version: { type: "boolean", short: "v" },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (e) {
  usage(e.message);
}
if (opts.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (opts.version) {
  process.stdout.write(`${pkg.version}\n`);
  process.exit(0);
}

const port = opts.port === undefined ? 4010 : Number(opts.port);
if (!/^\d+$/.test(opts.port ?? "0") || !Number.isInteger(port) || port > 65535) usage(`--port must be 0-65535 (got ${opts.port})`);
const host = opts.host ?? "127.0.0.1";
if (!host) usage("--host must not be empty");
// Everyone knows the sandbox's credentials (they are printed below and in the README), so
// exposing it is a deliberate choice, not a default.
if (!isLoopback(host) && !opts["allow-remote"]) {
  usage(`refusing to listen on ${host}: it is not a loopback address, and anyone who can reach the sandbox can use it with its published credentials and reset it. Use --host 127.0.0.1 (the default), or add --allow-remote to expose it anyway.`);
}
let now;
if (opts.now !== undefined) {
  try { now = parseTime(/^\d+$/.test(opts.now) ? Number(opts.now) : opts.now, "--now"); } catch (e) { usage(e.message); }
}
// Checked before `resolve`, which turns "" into the working directory.
if (opts.state === "") usage("--state needs a file name");
const statePath = opts.state === undefined ? undefined : resolve(opts.state);

// The wasm is compiled only once the flags are known to be good (--help stays instant).
const { Sandbox } = await import("../sandbox/node.mjs");

let saved;
try {
  saved = statePath ? readState(statePath) : null;
} catch (e) {
  process.stderr.write(`partner-ordering-sandbox: ${e.message}\n`);
  process.exit(1);
}

// Saves at most every 200 ms while requests come in, and once more on exit.
let timer;
const save = () => {
  clearTimeout(timer);
  timer = undefined;
  if (statePath) writeState(statePath, sandboxHost.snapshot());
};
const sandboxHost = new SandboxHost(Sandbox, {
  now: saved ? undefined : now,
  record: Boolean(statePath),
  packageVersion: pkg.version,
  onChange: () => { if (statePath && !timer) timer = setTimeout(save, 200); },
});
let replayed = 0;
if (saved) {
  try {
    replayed = sandboxHost.restore(saved);
  } catch (e) {
    process.stderr.write(`partner-ordering-sandbox: could not replay ${statePath}: ${e?.message ?? e}\n`);
    process.exit(1);
  }
  if (saved.packageVersion !== pkg.version) {
    process.stderr.write(`partner-ordering-sandbox: ${statePath} was saved by version ${saved.packageVersion}; replayed with ${pkg.version}, answers may differ\n`);
  }
  if (now !== undefined) process.stderr.write(`partner-ordering-sandbox: --now ignored: ${statePath} carries the sandbox's clock (POST /__sandbox/reset with { now } to start over)\n`);
}

let server;
try {
  server = await serve(sandboxHost, {
    port, hostname: host,
    onRequest: opts.quiet ? undefined : (req, res) =>
      process.stdout.write(`${req.method} ${req.url.split("?")[0]} ${res.writableFinished ? res.statusCode : "(no answer)"}\n`),
  });
} catch (e) {
  process.stderr.write(`partner-ordering-sandbox: cannot listen on ${host}:${port}: ${e.code ?? ""} ${e.message}\n`);
  process.exit(1);
}

// The banner: the URL first (scripts and tests read it), then what a client needs. These
// credentials are the sandbox's own fake ones, printed on purpose; no other secret is.
const { url } = server;
const c = Sandbox.credentials();
const { omnissa: om, cloudblueSimple: simple, cloudblueAps: aps, cloudmore: cm } = c;
process.stdout.write(`partner-ordering sandbox ${pkg.version} listening on ${url}
  clock      ${new Date(sandboxHost.sandbox.now()).toISOString()} (runs with real time; POST /__sandbox/clock moves it)
  state      ${statePath ? `${statePath} (${saved ? `${replayed} requests replayed` : "new"})` : "in memory only (--state FILE keeps it)"}
  Omnissa    baseUrl ${url}  appId ${om.appId}  appSecret ${om.appSecret}  partnerId ${om.partnerId}
  SimpleAPI  baseUrl ${url}${simple.basePath}  username ${simple.username}  password ${simple.password}
             subscriptionKey ${simple.subscriptionKey}  marketplace ${simple.marketplace}
  APS        baseUrl ${url}  consumerKey ${aps.consumerKey}  consumerSecret ${aps.consumerSecret}  (or POST /__sandbox/aps-token)
  Cloudmore  baseUrl ${url}  seller ${cm.seller.username} / ${cm.seller.password}  broker ${cm.broker.username} / ${cm.broker.password}  apiSecret ${cm.seller.apiSecret}
  control    ${url}/__sandbox/ (GET lists the endpoints; GET /__sandbox/credentials has every id)
These credentials are the sandbox's own and open nothing real. Ctrl-C to stop.
`);

let stopping = false;
async function stop(signal) {
  if (stopping) process.exit(1); // a second Ctrl-C: do not wait
  stopping = true;
  try {
    save();
  } catch (e) {
    process.stderr.write(`partner-ordering-sandbox: could not save ${statePath}: ${e.message}\n`);
  }
  await server.close();
  process.stdout.write(`partner-ordering sandbox stopped (${signal})${statePath ? `, state saved to ${statePath}` : ""}\n`);
  process.exit(0);
}
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
