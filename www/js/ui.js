// Small DOM helpers shared by the views: element builders, the error box, status lines, tabs,
// progress lists, and validation-as-you-type driven by the library's validate…() functions.
import { isPartnerOrderingError } from "partner-ordering";
import { explainError, explainIssue, formContext } from "./messages.js";

export const $ = (id) => document.getElementById(id);
/** A field's value, trimmed. */
export const val = (id) => $(id).value.trim();
const SVG_NS = "http://www.w3.org/2000/svg";

function fill(node, attrs, children) {
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k === "class") node.setAttribute("class", v);
    else if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) node.append(c);
  return node;
}

/** `el("td", { class: "x" }, "text", child)`: never parses HTML, so CSP- and injection-safe. */
export const el = (tag, attrs, ...children) => fill(document.createElement(tag), attrs, children);
/** The same for SVG elements (geometry through attributes, colours through classes). */
export const svg = (tag, attrs, ...children) => fill(document.createElementNS(SVG_NS, tag), attrs, children);

export const day = (iso) => (iso ? iso.slice(0, 10) : "?");
export const setStatus = (node, text) => { node.textContent = text; };
export { money } from "./format.js";

/** Exact cents of a decimal string ("6.52" → 652), for a margin without float rounding. */
export function cents(s) {
  const [int, frac = ""] = String(s).trim().split(".");
  const sign = int.startsWith("-") ? -1 : 1;
  return sign * (Math.abs(Number(int)) * 100 + Number((frac + "00").slice(0, 2)));
}
export const fromCents = (c) => `${c < 0 ? "-" : ""}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, "0")}`;

// How each form's issues are put into words (its labels and context), for its alerts too.
const explainers = new WeakMap();
const explainerFor = (form) => explainers.get(form) ?? ((i) => explainIssue(i, formContext(form)()));

function details({ lines, issues, support }) {
  return [...lines.filter(Boolean).map((t) => el("div", { text: t })),
    issues.length ? el("ul", {}, issues.map((t) => el("li", { text: t }))) : null,
    support.length ? el("div", { class: "support", text: `For support: ${support.filter(Boolean).join(" · ")}` }) : null].filter(Boolean);
}

/**
 * Fills a role="alert" box with what went wrong in plain words (messages.js), and a line for
 * support with the error's code, HTTP status and trace id; `null` hides it. An AggregateError
 * (calls that failed together) shows each of its errors. `form`: whose labels name the fields.
 */
export function showError(box, e, { form } = {}) {
  if (!e) { box.hidden = true; box.replaceChildren(); return; }
  const explain = explainerFor(form);
  const all = (e instanceof AggregateError && e.errors.length ? e.errors : [e]).map((x) => explainError(x, explain));
  const head = (title) => el("div", { class: "alert-head" }, el("strong", { class: "code", text: title }),
    el("button", { type: "button", class: "link", onclick: () => showError(box, null), text: "Dismiss" }));
  box.replaceChildren(...(all.length === 1
    ? [head(all[0].title), ...details(all[0])]
    : [head(`${all.length} requests failed`),
      ...all.map((d) => el("div", { class: "alert-item" }, el("strong", { class: "code", text: d.title }), ...details(d)))]));
  box.hidden = false;
  box.scrollIntoView({ block: "nearest" });   // visible even when the form that failed is far below
}

/** Awaits `work()`; when it fails with a partner-ordering error, its issues (mapped by `map`) go next to the form's fields. */
export async function withIssues(binding, work, map = (issues) => issues) {
  try {
    return await work();
  } catch (e) {
    if (isPartnerOrderingError(e)) binding.showIssues(map(e.issues ?? []));
    throw e;
  }
}

/**
 * One form per entry of `forms` (`{ form?, build, validate, send }`, the form being `form` or
 * the element whose id is the key): validation as the user types, and on submit the check, the
 * send (its issues shown by the fields when it fails) and `then(result, def)`. `run` wraps the
 * submit handler, as `action` does. Returns the bindings by key.
 */
export function bindForms(forms, { run, then }) {
  const bindings = {};
  for (const [key, def] of Object.entries(forms)) {
    const form = def.form ?? $(key);
    const binding = bindValidation(form, def);
    bindings[key] = binding;
    const submit = run(async () => {
      binding.check(true);
      const result = await withIssues(binding, () => def.send(def.build()));
      await then(result, def);
    }, { form });
    form.addEventListener("submit", (ev) => { ev.preventDefault(); submit(); });
  }
  return bindings;
}

/**
 * Wraps an async handler so that no promise is left uncaught: failures land in the view's
 * alert box. While it runs, the form (if any) is aria-busy and its buttons are disabled.
 */
export function action(box, fn, { form, status } = {}) {
  return async (...args) => {
    showError(box, null);
    const buttons = form ? [...form.querySelectorAll("button")] : [];
    form?.setAttribute("aria-busy", "true");
    buttons.forEach((b) => { b.disabled = true; });
    try {
      return await fn(...args);
    } catch (e) {
      showError(box, e, { form });
      if (status) setStatus(status, "Failed: see the error above.");
      return undefined;
    } finally {
      form?.removeAttribute("aria-busy");
      buttons.forEach((b) => { b.disabled = false; });
    }
  };
}

/** An ordered list of steps (order progress): `add(text, kind)` appends one. */
export function progressList(ol) {
  return {
    reset: () => ol.replaceChildren(),
    add: (text, kind = "") => { const li = el("li", { class: kind, text }); ol.append(li); return li; },
  };
}

/**
 * Scroll containers (`.table-wrap`, each a labelled role="region") are keyboard reachable while
 * they overflow: tabindex="0" then, none when everything fits (no tab stop that does nothing).
 */
export function scrollRegions(root = document) {
  const sync = (wrap) => {
    if (wrap.scrollWidth > wrap.clientWidth + 1) wrap.tabIndex = 0;
    else wrap.removeAttribute("tabindex");
  };
  const observer = new ResizeObserver((entries) => {
    for (const e of entries) sync(e.target.closest(".table-wrap"));
  });
  for (const wrap of root.querySelectorAll(".table-wrap")) {
    observer.observe(wrap);
    if (wrap.firstElementChild) observer.observe(wrap.firstElementChild);   // rows added, columns wider
    sync(wrap);
  }
}

/**
 * Accessible tabs (WAI-ARIA tabs pattern, automatic activation): click or arrow keys, Home/End.
 * Any `role="tab"` in the list works, so adding a view is one button plus one panel.
 */
export function setupTabs(tablist, onShow) {
  const tabs = () => [...tablist.querySelectorAll('[role="tab"]')];
  const select = (tab, focus) => {
    for (const t of tabs()) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute("aria-controls")).hidden = !on;
    }
    if (focus) tab.focus();
    onShow(tab.id.replace(/^tab-/, ""));
  };
  tablist.addEventListener("click", (ev) => {
    const t = ev.target.closest('[role="tab"]');
    if (t) select(t, false);
  });
  tablist.addEventListener("keydown", (ev) => {
    const all = tabs();
    const i = all.indexOf(document.activeElement);
    if (i < 0) return;
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: all.length - 1 }[ev.key];
    if (next === undefined) return;
    ev.preventDefault();
    select(all[(next + all.length) % all.length], true);
  });
  return { select: (name, focus = false) => select($(`tab-${name}`) ?? tabs()[0], focus) };
}

/**
 * Validation as the user types. `build()` turns the form into a request; `validate(request)`
 * is one of the library's validate…() functions; `context()` (optional) adds what the messages
 * need to say more (`window`, `subscription`). Each issue goes next to the field whose
 * `data-path` equals `issue.path`, in plain words (messages.js); the rest go to the form's
 * `data-path="*"` box. Only fields the user touched show messages until `check(true)` (on submit).
 */
export function bindValidation(form, { build, validate, context }) {
  const touched = new Set();
  const fields = [...form.querySelectorAll("[data-path]")].filter((f) => f.dataset.path !== "*");
  const summary = form.querySelector('[data-path="*"]');
  const words = formContext(form, context);
  const explain = (i) => explainIssue(i, words());
  explainers.set(form, explain);
  // Per-field messages are live regions: a message is replaced only when its text changes, so
  // typing does not make a screen reader repeat it on every keystroke.
  const msgFor = (field) => {
    let msg = document.getElementById(`${field.id}-msg`);
    if (!msg) {
      msg = el("p", { id: `${field.id}-msg`, class: "field-msg", "aria-live": "polite" });
      field.after(msg);
      field.setAttribute("aria-describedby", msg.id);
    }
    return msg;
  };
  const shown = new WeakMap();   // message box → what it shows
  const put = (box, issues) => {
    const lines = issues.map((i) => [i.severity === "warning" ? "warn" : "bad", i.code, explain(i)])
      .filter((l, n, all) => all.findIndex((o) => o[2] === l[2]) === n);   // one sentence once
    const now = JSON.stringify(lines);
    if (shown.get(box) === now) return;
    shown.set(box, now);
    box.replaceChildren(...lines.map(([cls, code, text]) => el("span", { class: cls, "data-code": code }, text)));
  };
  const render = (issues, all) => {
    const known = new Set(fields.map((f) => f.dataset.path));
    for (const f of fields) {
      const mine = issues.filter((i) => i.path === f.dataset.path && (all || touched.has(i.path)));
      put(msgFor(f), mine);
      const bad = mine.some((i) => i.severity !== "warning");
      if (bad) f.setAttribute("aria-invalid", "true"); else f.removeAttribute("aria-invalid");
    }
    const rest = issues.filter((i) => !known.has(i.path) && (all || touched.has(i.path)));
    if (summary) put(summary, rest);
  };
  const api = {
    check(all = false) {
      const report = validate(build());
      render(report.issues, all);
      return report;
    },
    touch(...paths) { paths.forEach((p) => touched.add(p)); },
    /** Shows issues the library attached to an error (client-side or the API's field errors). */
    showIssues(issues) { render(issues ?? [], true); },
    reset() { touched.clear(); render([], false); },
  };
  const onEdit = (ev) => {
    if (ev.target.dataset?.path) touched.add(ev.target.dataset.path);
    api.check(false);
  };
  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);
  return api;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
