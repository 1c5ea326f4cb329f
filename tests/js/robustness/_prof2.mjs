import { Worker } from "node:worker_threads";
const section = process.argv[2] ?? "fuzz:types";
const t00 = Date.now();
const w = new Worker(new URL("./worker.mjs", import.meta.url), { workerData: { spec: "partner-ordering", section, seed: 1, done: [], randomCount: 300, others: ["partner-ordering/sandbox"] } });
let n = 0, meta;
w.on("message", (m) => {
  if (m.t === "meta") { meta = m.total; console.log("meta at", Date.now() - t00); }
  if (m.t === "end") n++;
  if (m.t === "finished" || m.t === "stopped") { console.log(section, m.t, "cases", n, "/", meta, "ms", Date.now() - t00); w.terminate(); }
});
