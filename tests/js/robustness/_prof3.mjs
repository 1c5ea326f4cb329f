import { Worker } from "node:worker_threads";
const section = process.argv[2] ?? "fuzz:huge";
const t00 = Date.now();
const w = new Worker(new URL("./worker.mjs", import.meta.url), { workerData: { spec: process.argv[3] ?? "partner-ordering", section, seed: 1, done: [], randomCount: 300, others: ["partner-ordering/sandbox"] } });
let last = Date.now(), lab;
w.on("message", (m) => {
  if (m.t === "start") { const now = Date.now(); if (now - last > 300) console.log("slow:", now - last, lab); last = now; lab = m.label; }
  if (m.t === "end" && m.problems.length) console.log("  problem", lab, m.problems[0].slice(0, 200));
  if (m.t === "finished" || m.t === "stopped") { console.log(section, m.t, Date.now() - t00); w.terminate(); }
});
setTimeout(() => { console.log("timeout; last label", lab); w.terminate(); }, +(process.argv[4] ?? 20000));
