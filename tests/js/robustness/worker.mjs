// Runs one section against one entry point, in a worker process, and reports to the main
// side case by case (so a case that hangs or poisons the instance can be pinpointed and
// skipped by the next worker).

import { describe } from "./contract.mjs";
import { SECTIONS } from "./sections.mjs";
import { QUICK_HEALTH, fixtures, isDisposal, makeInstance, moduleHealth, surface } from "./targets.mjs";

const { spec, section, seed, done, randomCount, softDeadline, others: otherSpecs } = JSON.parse(process.argv[2]);
const post = (m) => process.send(m);
process.on("disconnect", () => process.exit(0)); // the main side went away

let current = "(before the first case)";
process.on("uncaughtException", (e) => post({ t: "violation", label: `uncaught exception (last case started: ${current})`, problem: describe(e) }));
process.on("unhandledRejection", (e) => post({ t: "violation", label: `unhandled rejection (last case started: ${current})`, problem: describe(e) }));
setInterval(() => post({ t: "beat" }), 250);

let M, S;
const others = [];
try {
  M = await import(spec);
  S = await import("partner-ordering/sandbox");
  for (const o of otherSpecs) others.push({ spec: o, M: await import(o) });
} catch (e) {
  // pkg/ may be being rebuilt: the main thread waits and tries again with a fresh worker.
  post({ t: "importFailed", error: String(e?.stack ?? e).slice(0, 500) });
  await new Promise(() => {});
}

const notFound = () => new Response('{"error":"NOT_FOUND","message":"cheap fake"}', { status: 404, headers: { "content-type": "application/json" } });
const KNOWN = ["OmnissaClient", "CloudBlueApsClient", "CloudBlueSimpleClient", "CloudmoreClient", "Sandbox", "Rql", "Portfolio"];
const creds = S.Sandbox.credentials();
const { callables, skipped, classes } = surface(M);

const ctx = {
  spec, M, S, others, other: others[0]?.M, creds, fx: fixtures(creds), seed, randomCount, classes,
  isPOE: typeof M.isPartnerOrderingError === "function" ? M.isPartnerOrderingError : undefined,
  net: new S.Sandbox(),
  // Targeted sections answer every request with a quick 404 (what they probe is argument
  // handling, which happens before anything is sent); the others talk to a real sandbox.
  cheap: Boolean(SECTIONS[section].cheapNetwork),
  fetch: (input, init) => (ctx.cheap ? Promise.resolve(notFound()) : ctx.net.fetch(input, init)),
  freshNetwork() { ctx.net = new S.Sandbox(); ctx.cheap = false; },
  canMake: (cls) => KNOWN.includes(cls) && typeof M[cls] === "function",
  targets: new Map(),
  target(cls) {
    if (!ctx.targets.has(cls)) ctx.targets.set(cls, makeInstance(M, cls, ctx));
    return ctx.targets.get(cls);
  },
  spareInstance() {
    const cls = classes.find((c) => ctx.canMake(c) && c !== "Rql");
    return cls ? makeInstance(M, cls, ctx) : {};
  },
};
ctx.callables = callables;

// The functions a Sandbox hands out are API too: fuzz them on a sandbox nobody else touches.
if (ctx.canMake("Sandbox")) {
  const pristine = new M.Sandbox();
  callables.push({ id: "sandbox.fetch()", kind: "function", name: "sandbox.fetch", fn: pristine.fetch });
  callables.push({ id: "sandbox.clock()", kind: "function", name: "sandbox.clock", fn: pristine.clock });
}
for (const cls of classes) if (!ctx.canMake(cls)) skipped.push(`${cls}: no known way to make a live instance; its methods are only called on foreign \`this\` and after free`);

if (section.startsWith("fuzz:") || section === "random") {
  const disposal = callables.filter(isDisposal).map((c) => c.id);
  if (disposal.length) skipped.push(`${disposal.length} disposal methods (${disposal.join(", ")}): only in the free and this sections`);
}
const cases = SECTIONS[section].build(ctx);
post({ t: "meta", total: cases.length, callables: callables.length, skipped });

/** Is the instance still usable? (After a violation: if not, stop so a fresh worker resumes.) */
function healthy() {
  try {
    if (moduleHealth(M)) return false;
    for (const [cls, inst] of ctx.targets) if (QUICK_HEALTH[cls]?.(inst, ctx)) return false;
    return true;
  } catch {
    return false;
  }
}

const skip = new Set(done);
// The synchronous part of each case runs back to back; what it returned settles in the
// background, up to `concurrency` cases at a time (so one promise that never settles costs
// 10 s once, not once per case). A case that reveals a broken instance stops the worker;
// the main thread then discards the results of the cases started after it and resumes.
const concurrency = Number(process.env.ROBUSTNESS_CONCURRENCY ?? 0) || (SECTIONS[section].concurrency ?? 64);
const running = new Set();
let stopped = false;

async function runOne(i) {
  const c = cases[i];
  current = `case ${i}: ${c.label}`;
  post({ t: "start", i, label: c.label });
  let r;
  try {
    r = await c.run(ctx);
  } catch (e) {
    r = `the case itself threw ${describe(e)}`;
  }
  if (stopped) return;
  if (r && typeof r === "object" && !Array.isArray(r) && r.skip) {
    post({ t: "skip", i, reason: r.skip });
    stopped = true;
    return;
  }
  const problems = (Array.isArray(r) ? r : [r]).filter(Boolean);
  post({ t: "end", i, problems });
  if (problems.length && !healthy()) {
    post({ t: "poisoned", i, label: c.label });
    stopped = true;
  }
}

const firstRecovery = cases.findIndex((c) => c.label.startsWith("after: "));
for (let i = 0; i < cases.length && !stopped; i++) {
  if (skip.has(i)) continue;
  // Time running short: the rest of the fuzzing is left out, never the recovery checks, which
  // are what says the instance survived what did run.
  if (firstRecovery >= 0 && i < firstRecovery && softDeadline && Date.now() >= softDeadline) {
    post({ t: "cut" });
    i = firstRecovery - 1;
    continue;
  }
  const alone = firstRecovery >= 0 && i >= firstRecovery; // recovery checks run alone, after the rest
  if (alone) while (running.size && !stopped) await Promise.race(running);
  if (stopped) break;
  const p = runOne(i).finally(() => running.delete(p));
  running.add(p);
  while (running.size >= (alone ? 1 : concurrency) && !stopped) await Promise.race(running);
}
if (!stopped) await Promise.all(running);
// Give late rejections and exceptions a moment to surface before saying we are done.
await new Promise((r) => setTimeout(r, 50));
post({ t: stopped ? "stopped" : "finished" });
