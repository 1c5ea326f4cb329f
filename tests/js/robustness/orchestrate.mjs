// Main side: runs a section in worker processes, replacing a worker whose instance was
// poisoned, that hung synchronously, or that crashed, and resuming after the case at fault.
// Processes rather than threads: a thread stuck in native code (say, joining an array of
// length 2**32-1) cannot be terminated, a process can be killed.

import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

const WORKER = fileURLToPath(new URL("./worker.mjs", import.meta.url));
/** A worker that sends nothing (not even its 250 ms heartbeat) for this long is stuck in a synchronous call. */
const SILENCE_MS = 5000;
export const MAX_RESTARTS = Number(process.env.ROBUSTNESS_MAX_RESTARTS ?? 3);
/** Once a section has failed, it only goes on collecting examples for this long (keeps a broken build's run short). */
export const FAILING_GRACE_MS = Number(process.env.ROBUSTNESS_GRACE_MS ?? 2500);
/** Time kept for a section's recovery checks ("after: …"), which run even when fuzzing is cut short. */
const RESERVE_MS = 500;
/** How often to retry when the package cannot be imported (a teammate may be rebuilding pkg/). */
const IMPORT_RETRIES = 3;
const IMPORT_RETRY_MS = 20_000;

/**
 * Runs `section` of entry `spec` until `deadline` (epoch ms). Resolves to
 * { total, callables, skipped, violations: [{ label, problem }], skip?, cut?, cutCases?, restarts, ran, notRun }.
 */
export async function runSection({ spec, section, seed, others, randomCount, deadline: hardDeadline }) {
  const done = new Set();
  const out = { total: 0, callables: 0, skipped: [], violations: [], restarts: 0, ran: 0, notRun: 0 };
  let importFailures = 0;
  let firstFailure;
  // The deadline: the section's own, or shortly after its first violation.
  const deadline = () => {
    if (!firstFailure && out.violations.length) firstFailure = Date.now();
    return firstFailure ? Math.min(hardDeadline, firstFailure + FAILING_GRACE_MS) : hardDeadline;
  };
  for (;;) {
    if (Date.now() >= deadline()) {
      const left = out.total ? `${out.total - done.size} of ${out.total}` : "all its";
      // A failing section says how much it left out; a passing one cut short by the time
      // budget (an overloaded machine) is reported as skipped, with how much was not run.
      if (firstFailure) out.violations.push({ label: "(section)", problem: `stopped ${FAILING_GRACE_MS} ms after its first violation; ${left} cases not run` });
      else out.cut = `the time budget ran out with ${left} cases not run`;
      break;
    }
    // The worker stops fuzzing RESERVE_MS before the deadline, to run its recovery checks.
    const softDeadline = hardDeadline - RESERVE_MS;
    const r = await oneWorker({ spec, section, seed, others, randomCount, softDeadline, done: [...done] }, deadline, out, done);
    if (r === "finished" || r === "skip") break;
    if (r === "budget") continue; // reported at the top of the loop
    if (r === "import") {
      if (++importFailures > IMPORT_RETRIES) {
        out.violations.push({ label: "(loading)", problem: `could not import ${spec} ${IMPORT_RETRIES + 1} times: ${out.importError}` });
        break;
      }
      await new Promise((res) => setTimeout(res, Math.min(IMPORT_RETRY_MS, Math.max(0, deadline() - Date.now()))));
      continue;
    }
    if (++out.restarts > MAX_RESTARTS) {
      out.violations.push({ label: "(section)", problem: `gave up after replacing ${MAX_RESTARTS} broken workers; ${out.total - done.size} of ${out.total} cases not run` });
      break;
    }
  }
  out.ran = done.size;
  out.notRun = Math.max(0, out.total - done.size);
  if (out.cutCases && !out.cut && out.notRun) out.cut = `the time budget ran out with ${out.notRun} of ${out.total} cases not run (the recovery checks ran)`;
  return out;
}

function oneWorker(data, deadline, out, done) {
  return new Promise((resolve) => {
    const w = fork(WORKER, [JSON.stringify(data)], { stdio: ["ignore", "ignore", "pipe", "ipc"], serialization: "advanced" });
    let stderr = "";
    w.stderr.on("data", (d) => { stderr = (stderr + d).slice(-2000); });
    let last = Date.now();
    let seq = 0;
    const started = new Map(); // case → [seq, label]
    const ended = []; // [case, seq] ended in this worker
    const mine = []; // violations recorded from this worker, with the seq of their case
    let lastStart = null;
    let finished = false;
    const record = (v, s) => { out.violations.push(v); mine.push([v, s]); };
    const end = (why) => {
      if (finished) return;
      finished = true;
      clearInterval(watch);
      w.kill("SIGKILL");
      resolve(why);
    };
    const watch = setInterval(() => {
      if (Date.now() > deadline()) return end("budget");
      if (Date.now() - last > SILENCE_MS) {
        const stuck = lastStart ?? { i: -1, label: "(loading the entry)" };
        out.violations.push({ label: stuck.label, problem: `the thread was blocked for more than ${SILENCE_MS} ms (a synchronous hang) while this was the last case started` });
        if (stuck.i >= 0) done.add(stuck.i);
        end("hung");
      }
    }, 200);
    w.on("message", (m) => {
      last = Date.now();
      switch (m.t) {
        case "meta":
          out.total = m.total;
          out.callables = m.callables;
          out.skipped = m.skipped;
          break;
        case "importFailed":
          out.importError = m.error;
          end("import");
          break;
        case "start":
          lastStart = m;
          started.set(m.i, [++seq, m.label]);
          break;
        case "end": {
          const [s, label] = started.get(m.i) ?? [seq, `case ${m.i}`];
          done.add(m.i);
          ended.push([m.i, s]);
          for (const problem of m.problems) record({ label, problem }, s);
          break;
        }
        case "violation":
          record({ label: m.label, problem: m.problem }, seq);
          break;
        case "poisoned": {
          // Cases started after the poisoning one ran on a broken instance: forget them, they run again.
          const [cut, label] = started.get(m.i) ?? [0, m.label];
          for (const [i, s] of ended) if (s > cut) done.delete(i);
          const drop = new Set(mine.filter(([, s]) => s > cut).map(([v]) => v));
          out.violations = out.violations.filter((v) => !drop.has(v));
          out.violations.push({ label, problem: "…and afterwards the instance no longer works (a fresh worker resumes after this case)" });
          break;
        }
        case "skip":
          done.add(m.i);
          out.skip = m.reason;
          end("skip");
          break;
        case "cut":
          out.cutCases = true;
          break;
        case "finished":
          end("finished");
          break;
        case "stopped":
          end("poisoned");
          break;
      }
    });
    w.on("error", (e) => {
      if (finished) return;
      out.violations.push({ label: lastStart?.label ?? "(worker)", problem: `the worker process failed: ${e?.stack ?? e}` });
      if (lastStart) done.add(lastStart.i);
      end("crashed");
    });
    w.on("exit", (code, signal) => {
      if (finished) return;
      out.violations.push({ label: lastStart?.label ?? "(worker)", problem: `the worker process died (${signal ?? `exit code ${code}`}) while this was the last case started${stderr ? `: ${stderr.trim().slice(-600)}` : ""}` });
      if (lastStart) done.add(lastStart.i);
      end("crashed");
    });
  });
}
