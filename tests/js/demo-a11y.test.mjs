// The demo's accessibility in headless Chromium, at a desktop (1280 px) and a phone (390 px)
// width: axe-core on every view, no sideways scrolling of the page, tables that scroll inside
// keyboard-reachable regions, and a focus ring that stands out (WCAG 2.2 AA: 3:1, 1.4.11).
import { test } from "node:test";
import assert from "node:assert/strict";
import { axeViolations, demoHarness, done, pageWidth } from "./demo-page.mjs";

const demo = demoHarness();
const VIEWS = ["omnissa", "cloudblue", "cloudmore", "renewals"];
const WIDTHS = [1280, 390];

async function show(page, view) {
  await page.click(`#tab-${view}`);
  await page.waitForSelector(`#view-${view}[data-settled]`, { timeout: 20_000 });
}

for (const width of WIDTHS) {
  test(`${width} px: axe finds nothing serious or critical on any view, and the page never scrolls sideways`, async () => {
    const t = await demo.open("", "", { width });
    const { page } = t;
    for (const view of VIEWS) {
      await show(page, view);
      assert.deepEqual(await axeViolations(page), [], `${view} at ${width} px`);
      const { scrollWidth, innerWidth } = await pageWidth(page);
      assert.ok(scrollWidth <= innerWidth, `${view} at ${width} px: the page is ${scrollWidth} px wide in a ${innerWidth} px window`);
    }
    // With messages showing: a refused renewal (the alert, and the form's own message).
    await show(page, "omnissa");
    await page.selectOption("#om-change-sid", "M000000001");
    await page.click("#om-ren button[type=submit]");
    await page.waitForSelector("#om-error:not([hidden])");
    assert.deepEqual(await axeViolations(page), [], `omnissa with an error at ${width} px`);
    assert.ok((await pageWidth(page)).scrollWidth <= width);
    await done(t);
  });
}

test("390 px: a table wider than the screen scrolls in a labelled region that the keyboard reaches", async () => {
  const t = await demo.open("", "", { width: 390 });
  const { page } = t;
  await show(page, "omnissa");
  const wrap = page.locator("#om-subscriptions").locator("xpath=..");
  assert.equal(await wrap.getAttribute("role"), "region");
  assert.equal(await wrap.getAttribute("aria-label"), "Omnissa subscriptions");
  await page.waitForFunction(() => document.querySelector("#om-subscriptions").parentElement.tabIndex === 0);
  // The next Tab stop after the lookup's button is the table's region; arrow keys scroll it.
  await page.focus("#om-lookup button");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement === document.querySelector("#om-subscriptions").parentElement), true);
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.querySelector("#om-subscriptions").parentElement.scrollLeft > 0);
  // Every region that overflows, on every view, is focusable and named.
  for (const view of VIEWS) {
    await show(page, view);
    const bad = await page.evaluate((v) => [...document.querySelectorAll(`#view-${v} .table-wrap`)]
      .filter((w) => w.offsetParent && w.scrollWidth > w.clientWidth + 1)
      .filter((w) => w.tabIndex !== 0 || w.getAttribute("role") !== "region" || !w.getAttribute("aria-label"))
      .map((w) => w.querySelector("table")?.id), view);
    assert.deepEqual(bad, [], view);
  }
  await done(t);
});

test("1280 px: a table that fits is no extra Tab stop", async () => {
  const t = await demo.open();
  const { page } = t;
  await show(page, "omnissa");
  assert.equal(await page.locator("#om-subscriptions").locator("xpath=..").getAttribute("tabindex"), null);
  await done(t);
});

// sRGB relative luminance and contrast ratio (WCAG 2.2).
const rgb = (css) => css.match(/[\d.]+/g).slice(0, 3).map(Number);
const luminance = (c) => {
  const [r, g, b] = rgb(c).map((v) => v / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

/** The focused element's ring, and the solid backgrounds around it and under it. */
const ring = () => {
  const a = document.activeElement;
  const background = (node) => {
    for (let e = node; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (c !== "rgba(0, 0, 0, 0)" && c !== "transparent") return c;
    }
    return "rgb(255, 255, 255)";
  };
  const cs = getComputedStyle(a);
  return {
    what: `${a.tagName.toLowerCase()}${a.id ? `#${a.id}` : ""} ${(a.getAttribute("aria-label") ?? a.textContent).trim().slice(0, 30)}`,
    style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), offset: parseFloat(cs.outlineOffset),
    color: cs.outlineColor, around: background(a.parentElement), own: background(a),
  };
};

test("the focus ring has at least 3:1 contrast against the colours next to it, on every Tab stop", async () => {
  const t = await demo.open();
  const { page } = t;
  const seen = new Set();
  for (const view of ["omnissa", "cloudmore"]) {
    await show(page, view);
    // Keyboard focus, as :focus-visible wants it (a click before left the modality at "mouse").
    await page.focus(`#tab-${view}`);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Shift+Tab");
    for (let i = 0; i < 80; i++) {
      const r = await page.evaluate(ring);
      if (r.what.startsWith("body")) break;   // past the last Tab stop
      seen.add(r.what.split(" ")[0]);
      assert.notEqual(r.style, "none", `${r.what}: a visible ring`);
      assert.ok(r.width >= 2, `${r.what}: ring ${r.width} px`);
      const c = contrast(r.color, r.around);
      assert.ok(c >= 3, `${r.what}: ring ${r.color} on ${r.around} is ${c.toFixed(2)}:1`);
      // A ring drawn on the element itself is next to its own colour too.
      if (r.offset <= 0) assert.ok(contrast(r.color, r.own) >= 3, `${r.what}: ring ${r.color} on its own ${r.own}`);
      await page.keyboard.press("Tab");
    }
  }
  for (const kind of ["button", "input", "select", "section#view-omnissa"]) assert.ok([...seen].some((s) => s.startsWith(kind)), `${kind} was checked: ${[...seen]}`);
  await done(t);
});
