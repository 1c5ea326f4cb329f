// The term of an Omnissa subscription as a small inline SVG: the term bar (start → end), the
// 30-day renewal/cancel window shaded at its end, and a "today" marker. The window itself comes
// from the library's renewalWindow(); nothing here decides what the window is.
import { renewalWindow } from "partner-ordering";
import { day, el, svg } from "./ui.js";

const W = 220, H = 30, PAD = 6, BAR_Y = 10, BAR_H = 10;
const STATE = { open: "open", notYetOpen: "not open yet", closed: "closed" };

/**
 * The content of a term cell, judged at `nowMs` (the client's clock): a `div.term` holding the
 * SVG timeline, the term's dates and the window's dates and state (or a note when the dates
 * cannot be parsed).
 */
export function termCell(sub, nowMs) {
  const w = renewalWindow(sub, nowMs);
  const start = Date.parse(sub.startsAt ?? "");
  const end = Date.parse(sub.endsAt ?? "");
  if (!w || !Number.isFinite(start) || !Number.isFinite(end) || end <= start) {
    return el("div", { class: "term" }, el("span", { class: "muted", text: "No parseable term dates" }));
  }
  const x = (t) => PAD + ((t - start) / (end - start)) * (W - 2 * PAD);
  const clamp = (v) => Math.min(W - PAD, Math.max(PAD, v));
  const opens = Date.parse(w.opensAt), closes = Date.parse(w.closesAt), now = Date.parse(w.now);
  const where = now < start ? "before the term" : now > end ? "after the term" : "during the term";
  const label = `Term ${day(sub.startsAt)} to ${day(sub.endsAt)}; renewal window ${day(w.opensAt)} to ${day(w.closesAt)}, `
    + `${STATE[w.state] ?? w.state}; today ${day(w.now)} is ${where}.`;
  const tx = clamp(x(now));
  const marker = now >= start && now <= end
    ? svg("line", { class: "today", x1: tx, x2: tx, y1: 2, y2: H - 2 })
    // Outside the term: an arrowhead at the edge, pointing to where today is.
    : svg("polygon", {
      class: "today outside",
      points: now > end ? `${tx - 5},${BAR_Y - 4} ${tx + 1},${BAR_Y + BAR_H / 2} ${tx - 5},${BAR_Y + BAR_H + 4}`
        : `${tx + 5},${BAR_Y - 4} ${tx - 1},${BAR_Y + BAR_H / 2} ${tx + 5},${BAR_Y + BAR_H + 4}`,
    });
  const graphic = svg("svg", {
    class: "timeline", viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-label": label,
    "data-state": w.state,
  },
  svg("title", { text: label }),
  svg("rect", { class: "term-bar", x: PAD, y: BAR_Y, width: W - 2 * PAD, height: BAR_H, rx: 2 }),
  svg("rect", {
    class: `window ${w.state}`, x: clamp(x(opens)), y: BAR_Y, width: Math.max(1, clamp(x(closes)) - clamp(x(opens))), height: BAR_H,
  }),
  marker);
  return el("div", { class: "term" },
    graphic,
    el("div", { class: "term-dates", text: `${day(sub.startsAt)} → ${day(sub.endsAt)}` }),
    el("div", { class: `window-text ${w.state}`, "data-window": `${w.opensAt} ${w.closesAt}` },
      `Window ${day(w.opensAt)} → ${day(w.closesAt)}: ${STATE[w.state] ?? w.state}`,
      w.state === "notYetOpen" ? ` (in ${w.daysUntilOpen} days)` : ""));
}
