// Small DOM helpers shared by the views: element builders, the error box, status lines, tabs,
// progress lists, and validation-as-you-type driven by the library's validate…() functions.
import { isPartnerOrderingError } from "partner-ordering";

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
/** `{value, code}` (APS) or `{amount, currency}` (SimpleAPI) as `7.31 USD`. */
export const money = (m) => (m ? `${m.value ?? m.amount} ${m.code ?? m.currency}` : "—");

/** Exact cents of a decimal string ("6.52" → 652), for a margin without float rounding. */
export function cents(s) {
  const [int, frac = ""] = String(s).trim().split(".");
  const sign = int.startsWith("-") ? -1 : 1;
  return sign * (Math.abs(Number(int)) * 100 + Number((frac + "00").slice(0, 2)));
}
export const fromCents = (c) => `${c < 0 ? "-" : ""}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, "0")}`;

/** Title, lines and issues of one error, as the alert box shows them. */
function describe(e) {
  if (isPartnerOrderingError(e)) {
    const trace = e.traceId
      ?? (e.mayHaveBeenSent ? "none returned by the API" : "none (the request was not sent)");
    return {
      title: `${e.code}${e.status ? ` (HTTP ${e.status})` : ""}`,
      lines: [`Message: ${e.message}`, e.apiCode && `API code: ${e.apiCode}`, `Trace id: ${trace}`,
        e.retryable && "This is transient: the same call may succeed later."],
      issues: e.issues ?? [],
    };
  }
  return { title: e?.name ?? "Error", lines: [`Message: ${e?.message ?? String(e)}`, "Trace id: none (not a partner API error)"], issues: [] };
}

function details({ lines, issues }) {
  return [...lines.filter(Boolean).map((t) => el("div", { text: t })),
    issues.length ? el("ul", {}, issues.map((i) => el("li", { text: `${i.path}: ${i.message} [${i.code}]` }))) : null];
}

/**
 * Fills a role="alert" box with the error's code, message and trace id; `null` hides it. An
 * AggregateError (calls that failed together) shows each of its errors.
 */
export function showError(box, e) {
  if (!e) { box.hidden = true; box.replaceChildren(); return; }
  const all = (e instanceof AggregateError && e.errors.length ? e.errors : [e]).map(describe);
  const head = (title) => el("div", { class: "alert-head" }, el("strong", { class: "code", text: title }),
    el("button", { type: "button", class: "link", onclick: () => showError(box, null), text: "Dismiss" }));
  box.replaceChildren(...(all.length === 1
    ? [head(all[0].title), ...details(all[0])]
    : [head(`${all.length} calls failed`),
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
      showError(box, e);
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
 * is one of the library's validate…() functions. Each issue goes next to the field whose
 * `data-path` equals `issue.path`; the rest go to the form's `data-path="*"` box. Only fields
 * the user touched show messages until `check(true)` (on submit).
 */
export function bindValidation(form, { build, validate }) {
  const touched = new Set();
  const fields = [...form.querySelectorAll("[data-path]")].filter((f) => f.dataset.path !== "*");
  const summary = form.querySelector('[data-path="*"]');
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
  const line = (i) => el("span", { class: i.severity === "warning" ? "warn" : "bad", "data-code": i.code },
    `${i.severity === "warning" ? "Warning: " : ""}${i.message}`);
  const shown = new WeakMap();   // message box → what it shows
  const put = (box, issues) => {
    const now = JSON.stringify(issues.map((i) => [i.severity, i.code, i.message]));
    if (shown.get(box) === now) return;
    shown.set(box, now);
    box.replaceChildren(...issues.map(line));
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
