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

const DAY_MS = 86_400_000;
const HW = 180, HH = 18;

/**
 * Where a renewal window (`{ opensAt, closesAt }`, or null) stands at `nowMs`: "open",
 * "upcoming", "closed" or "none".
 */
export function windowState(renewal, nowMs) {
  const opens = Date.parse(renewal?.opensAt ?? ""), closes = Date.parse(renewal?.closesAt ?? "");
  if (!Number.isFinite(opens) || !Number.isFinite(closes)) return "none";
  return nowMs > closes ? "closed" : nowMs >= opens ? "open" : "upcoming";
}

/**
 * A renewal window on the next `days` days (today at the left edge), as a decorative SVG: the
 * words are in the window's own cell. Empty days when the window is outside them.
 */
export function horizonBar(renewal, nowMs, days = 90) {
  const end = nowMs + days * DAY_MS;
  const x = (t) => PAD + (Math.min(end, Math.max(nowMs, t)) - nowMs) / (end - nowMs) * (HW - 2 * PAD);
  const state = windowState(renewal, nowMs);
  const opens = Date.parse(renewal?.opensAt ?? ""), closes = Date.parse(renewal?.closesAt ?? "");
  const visible = state === "open" || (state === "upcoming" && opens <= end);
  return svg("svg", { class: "horizon", viewBox: `0 0 ${HW} ${HH}`, width: HW, height: HH, "aria-hidden": "true", "data-state": state },
    svg("rect", { class: "days", x: PAD, y: 4, width: HW - 2 * PAD, height: HH - 8, rx: 2 }),
    visible ? svg("rect", { class: `window ${state}`, x: x(opens), y: 4, width: Math.max(2, x(closes) - x(opens)), height: HH - 8 }) : null,
    svg("line", { class: "today", x1: PAD, x2: PAD, y1: 1, y2: HH - 1 }));
}

/** The axis under the "Next 90 days" header: today and every 30 days, as dates. */
export function horizonAxis(nowMs, days = 90, step = 30) {
  const ticks = [];
  for (let d = 0; d <= days; d += step) ticks.push(d === 0 ? "Today" : shortDay(nowMs + d * DAY_MS));
  return ticks.map((t) => el("span", { text: t }));
}
const shortDay = (t) => new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" }).format(t);
