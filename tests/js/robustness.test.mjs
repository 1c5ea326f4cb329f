// Robustness of the JS ↔ wasm boundary: every exported function and method, fed hostile input
// (wrong types, nesting, cycles, throwing getters and proxies, huge strings, hostile fetches,
// token providers and signals), called with a wrong `this`, after free(), 100,000 times, and
// after a deliberate trap. The contract: every call returns, or throws/rejects a well-formed
// PartnerOrderingError; no promise hangs; nothing escapes as an uncaught exception or an
// unhandled rejection; and the package keeps working afterwards.
//
//   robustness/hostile.mjs      the seeded PRNG and the table of hostile values (and fetches,
//                               token providers, clocks)
//   robustness/targets.mjs      what an entry exports (enumerated, so new methods are covered),
//                               valid arguments per method, instances, health checks
//   robustness/sections.mjs     the case lists: targeted (every callable × position × value of
//                               a group), random, wrong `this`, free(), network, leak, self-healing
//   robustness/contract.mjs     the one function that judges a call against the contract
//   robustness/worker.mjs       runs one section in a child process
//   robustness/orchestrate.mjs  replaces a child whose instance broke, that hung or crashed, and
//                               resumes after the case at fault
//
// Knobs (all optional):
//   ROBUSTNESS_SEED=1234          replay a run (the seed is printed with every failure)
//   ROBUSTNESS_ONLY=fuzz:types    run only the sections (or entries) whose name contains this
//   ROBUSTNESS_MAX_RESTARTS=n     broken workers to replace per section (default 3)
//   ROBUSTNESS_GRACE_MS=ms        how long a failing section goes on collecting examples (2500)
//   ROBUSTNESS_BUDGET_MS=ms       the whole file's time budget (75000), shared fairly among the sections;
//                                 ROBUSTNESS_SECTION_MS: one section's most (25000), ROBUSTNESS_MIN_SHARE_MS its least (3000)
//   ROBUSTNESS_CONTROL=1          self-test: every hostile value replaced by the valid one it
//                                 stands for; the fuzz, random and network sections must pass
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { runSection } from "./robustness/orchestrate.mjs";
import { SECTIONS } from "./robustness/sections.mjs";
import { ENTRIES } from "./robustness/targets.mjs";

const SEED = Number(process.env.ROBUSTNESS_SEED ?? Math.floor(Math.random() * 2 ** 32)) >>> 0;
const ONLY = process.env.ROBUSTNESS_ONLY;
const RANDOM_CASES = { "partner-ordering": 1500, "partner-ordering/sandbox": 1500 };
/** The whole file's time budget, shared among the sections (see sectionDeadline). */
const FILE_BUDGET_MS = Number(process.env.ROBUSTNESS_BUDGET_MS ?? 75_000);
const SECTION_MS = Number(process.env.ROBUSTNESS_SECTION_MS ?? 25_000);
const START = Date.now();

const mainThread = [];
process.on("uncaughtException", (e) => mainThread.push(`uncaught exception: ${e?.stack ?? e}`));
process.on("unhandledRejection", (e) => mainThread.push(`unhandled rejection: ${e?.stack ?? e}`));

/** Why `spec` does not resolve, or null. The root and sandbox entries must; per-API entries may not exist. */
const REQUIRED = new Set(["partner-ordering", "partner-ordering/sandbox"]);
function resolveEntry(spec) {
  try {
    import.meta.resolve(spec);
    return null;
  } catch (e) {
    return e?.code ?? String(e);
  }
}

/** Groups violations by what went wrong, most frequent first, for a readable failure. */
function summarize(violations) {
  const groups = new Map();
  for (const v of violations) {
    const key = v.problem.replace(/\d+(\.\d+)?/g, "N").replace(/"[^"]*"/g, '"…"').slice(0, 220);
    const g = groups.get(key) ?? { key, count: 0, examples: [] };
    g.count++;
    if (g.examples.length < 3) g.examples.push(v.label);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

function report(spec, section, r) {
  const lines = [
    `${spec} › ${section}: ${r.violations.length} contract violation(s) in ${r.ran} of ${r.total} cases (seed ${SEED}; replay with ROBUSTNESS_SEED=${SEED} ROBUSTNESS_ONLY=${section})`,
  ];
  if (r.restarts) lines.push(`${r.restarts} worker(s) replaced after a poisoned instance, a hang or a crash; ${r.notRun} case(s) not run`);
  lines.push("", "First violations:");
  const firsts = new Map();
  for (const v of r.violations) {
    const k = `${v.label}\n${v.problem}`;
    firsts.set(k, (firsts.get(k) ?? 0) + 1);
  }
  for (const [k, n] of [...firsts].slice(0, 14)) {
    const [label, problem] = k.split("\n");
    lines.push(`  • ${label}${n > 1 ? ` (×${n})` : ""}\n      ${problem.slice(0, 400)}`);
  }
  lines.push("", "By kind:");
  for (const g of summarize(r.violations).slice(0, 10)) lines.push(`  ${String(g.count).padStart(5)} × ${g.key}\n          e.g. ${g.examples.join(" | ")}`);
  return lines.join("\n");
}

const entries = ENTRIES.map((spec) => [spec, resolveEntry(spec)]);
const present = entries.filter(([, missing]) => !missing).map(([s]) => s);

// Sections outer, entries inner: with two running at a time, every entry gets each kind of
// check early, and a broken build that exhausts the budget still shows every entry failing.
// The leak and self-healing checks first: one case each, and the only proof of two promises
// (bounded memory and table; a fresh instance after a trap), so never the ones left out.
const FIRST = ["leak", "selfheal"];
const order = [...FIRST.filter((s) => s in SECTIONS), ...Object.keys(SECTIONS).filter((s) => !FIRST.includes(s))];
const plan = [];
for (const section of order) {
  for (const [spec, missing] of entries) {
    if (ONLY && !section.includes(ONLY) && !spec.includes(ONLY)) continue;
    plan.push({ spec, section, missing });
  }
}

// Each section's time: a fair share of what is left of the file's budget among the sections not
// started yet (at least MIN_SHARE_MS, at most SECTION_MS; a section's own minMs wins). Sections that finish early leave their
// time to later ones; on a slow machine every section runs, each cut shorter, instead of the
// last ones not at all.
const CONCURRENCY = 2;
const MIN_SHARE_MS = Number(process.env.ROBUSTNESS_MIN_SHARE_MS ?? 3000);
let notStarted = plan.filter((p) => !p.missing).length;
function sectionDeadline(section) {
  const now = Date.now();
  const share = ((START + FILE_BUDGET_MS - now) * CONCURRENCY) / Math.max(1, notStarted--);
  return now + Math.max(SECTIONS[section].minMs ?? 0, Math.min(SECTION_MS, Math.max(MIN_SHARE_MS, share)));
}

describe(`robustness (seed ${SEED})`, { concurrency: CONCURRENCY }, () => {
  for (const { spec, section, missing } of plan) {
    const name = `${spec} › ${section}`;
    if (missing) {
      if (REQUIRED.has(spec)) test(name, () => assert.fail(`${spec} does not resolve (${missing}): build the package first (make build)`));
      else test(name, { skip: `${spec} does not resolve (${missing})` }, () => {});
      continue;
    }
    const others = present.filter((s) => s !== spec && (s === "partner-ordering" || s === "partner-ordering/sandbox"));
    test(name, async (t) => {
      const r = await runSection({
        spec, section, seed: SEED, others, randomCount: RANDOM_CASES[spec] ?? 600,
        deadline: sectionDeadline(section),
      });
      t.diagnostic(`${r.ran}/${r.total} cases, ${r.callables} callables, ${r.skipped.length} not fuzzed here${section === "fuzz:types" && r.skipped.length ? `: ${r.skipped.join("; ")}` : ""}`);
      if (r.skip && !r.violations.length) {
        t.skip(r.skip);
        return;
      }
      if (r.cut && !r.violations.length) {
        t.skip(`${r.cut} (no violation among the ${r.ran} that ran)`);
        return;
      }
      if (r.violations.length) assert.fail(report(spec, section, r));
      assert.ok(r.total > 0, "the section has cases");
      assert.equal(r.notRun, 0, "every case ran");
    });
  }
});

test("no uncaught exception or unhandled rejection in the main thread", () => {
  assert.deepEqual(mainThread, []);
});
