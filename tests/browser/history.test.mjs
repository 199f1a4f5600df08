// Browser tests of the consistency widget: every example history gets the
// verdicts its file expects, dragging and editing operations change them,
// violations are outlined and linearization points drawn, random histories
// (300 operations too) are judged without an error, share links, the quiz's
// frozen timeline, all five themes and a narrow window.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { THEMES, chooseTheme, clean, open, shot, useBook, widgetOn as widgetOnPage } from "./harness.mjs";

const PAGE = "ch07-consistency/index.html";
const HISTORIES = join(dirname(fileURLToPath(import.meta.url)), "../../src/ch07-consistency/histories");
const book = useBook();
const widgetOn = (options) => widgetOnPage(book, PAGE, options);

async function load(widget, name) {
  await widget.locator(".dsw-preset select").selectOption(name);
  await widget.locator(`.dsw-frame[data-scenario="${name}"]`).waitFor();
}

/** Waits for the verdicts and returns {linearizable, sequential, causal}: "holds", "broken" or "unknown". */
async function verdicts(widget) {
  await widget.locator(".dsw-h-strongest").waitFor({ timeout: 20000 });
  const out = {};
  for (const level of ["linearizable", "sequential", "causal"]) {
    const head = widget.locator(`.dsw-h-verdict[data-level="${level}"] .dsw-h-verdict-head`);
    const cls = await head.getAttribute("class");
    out[level] = cls.includes("dsw-holds") ? "holds" : cls.includes("dsw-broken") ? "broken" : "unknown";
  }
  return out;
}

const bar = (widget, name) => widget.locator(`.dsw-h-op[data-op="${name}"]`);

async function drag(page, locator, dx) {
  await locator.evaluate((el) => el.scrollIntoView({ block: "center" }));
  const box = await locator.boundingBox();
  const y = box.y + box.height / 2;
  const x = box.x + box.width / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y, { steps: 4 });
  await page.mouse.move(x + dx, y, { steps: 4 });
  await page.mouse.up();
}

describe("the consistency widget", () => {
  test("every example history gets the verdicts its file expects", async () => {
    const { page, context, record, widget } = await widgetOn();
    const files = readdirSync(HISTORIES).filter((f) => f.endsWith(".txt"));
    assert.equal(files.length, 12);
    for (const file of files) {
      const name = file.replace(/\.txt$/, "");
      const expected = Object.fromEntries(
        [...readFileSync(join(HISTORIES, file), "utf8").match(/^# expected: (.*)$/m)[1].matchAll(/(\w+)=(yes|no)/g)]
          .map(([, k, v]) => [k, v === "yes" ? "holds" : "broken"]),
      );
      await load(widget, name);
      const got = await verdicts(widget);
      assert.equal(got.linearizable, expected.linearizable, `${name} linearizable`);
      assert.equal(got.sequential, expected.sequential, `${name} sequential`);
      // The checker declines causal consistency for compare-and-set histories.
      assert.equal(got.causal, name.startsWith("cas-") ? "unknown" : expected.causal, `${name} causal`);
      if (got.linearizable === "broken") {
        assert.ok((await widget.locator(".dsw-h-op.dsw-h-violating").count()) >= 1, `${name} outlines its violation`);
      } else {
        assert.ok((await widget.locator(".dsw-h-point").count()) >= 1, `${name} draws its linearization`);
      }
    }
    assert.equal(await page.locator(".dsw-error").count(), 0);
    clean(record);
    await context.close();
  });

  test("dragging the stale read back to overlap the write makes the history linearizable", async () => {
    const { page, context, record, widget } = await widgetOn();
    await load(widget, "stale-read");
    assert.equal((await verdicts(widget)).linearizable, "broken");
    assert.ok((await widget.locator(".dsw-h-op.dsw-h-violating").count()) >= 2);
    await shot(page, "history-stale-read-light", widget);
    // w0 is client 0's write; r1 is client 1's read of nil.
    const write = await bar(widget, "w0").boundingBox();
    const read = await bar(widget, "r1").boundingBox();
    await drag(page, bar(widget, "r1"), write.x + write.width / 2 - (read.x + read.width / 2));
    await widget.locator(".dsw-h-verdict[data-level=linearizable] .dsw-holds").waitFor();
    assert.equal((await verdicts(widget)).linearizable, "holds");
    // Undo brings the violation back.
    await widget.locator(".dsw-tools button", { hasText: "Undo" }).click();
    assert.equal((await verdicts(widget)).linearizable, "broken");
    clean(record);
    await context.close();
  });

  test("editing what a read returned changes the verdict; a bad value is refused with a message", async () => {
    const { page, context, record, widget } = await widgetOn();
    await load(widget, "stale-read");
    await bar(widget, "r1").locator("rect").click();
    const value = widget.getByLabel("Value read");
    await value.fill("1");
    await value.press("Enter");
    assert.equal((await verdicts(widget)).linearizable, "holds");
    await value.fill("banana");
    await value.press("Enter");
    assert.match(await widget.locator(".dsw-notice-line").innerText(), /not a value/);
    assert.equal((await verdicts(widget)).linearizable, "holds");
    await shot(page, "history-editor-light", widget);
    clean(record);
    await context.close();
  });

  test("random histories, small and 300 operations, are judged in the page", async () => {
    const { page, context, record, widget } = await widgetOn();
    let seen = new Set();
    for (let i = 0; i < 6; i++) {
      await widget.locator(".dsw-random").click();
      const v = await verdicts(widget);
      seen.add(v.linearizable);
    }
    assert.ok(seen.size >= 1);
    await widget.locator(".dsw-random-large").click();
    const v = await verdicts(widget);
    assert.ok(["holds", "broken"].includes(v.linearizable));
    assert.equal(v.sequential, "unknown", "too large for the exhaustive search");
    assert.match(await widget.locator(".dsw-h-verdict[data-level=sequential]").innerText(), /not checked/);
    assert.ok((await widget.locator(".dsw-h-op").count()) >= 250);
    await shot(page, "history-large", widget);
    assert.equal(await page.locator(".dsw-error").count(), 0);
    clean(record);
    await context.close();
  });

  test("a shared link reopens the history; a broken one says so and still draws", async () => {
    const first = await widgetOn();
    await load(first.widget, "cas-race");
    await first.widget.locator(".dsw-share-btn").click();
    const url = await first.widget.locator(".dsw-share-url").inputValue();
    assert.match(url, /#dsw-history=/);
    const ops = await first.widget.locator(".dsw-h-op").count();
    clean(first.record);
    await first.context.close();

    const again = await open(book.browser, book.base, url.slice(url.indexOf(PAGE)));
    const widget = again.page.locator(".dsw-widget").first();
    await widget.locator(".dsw-h-canvas").waitFor();
    assert.equal(await widget.locator(".dsw-h-op").count(), ops);
    clean(again.record);
    await again.context.close();

    const broken = await open(book.browser, book.base, `${PAGE}#dsw-history=h1.zz%`);
    const w = broken.page.locator(".dsw-widget").first();
    await w.locator(".dsw-notice-line").waitFor();
    assert.match(await w.locator(".dsw-notice-line").innerText(), /could not be read/);
    assert.ok((await w.locator(".dsw-h-op").count()) > 0);
    clean(broken.record);
    await broken.context.close();
  });

  test("a predict question shows the timeline without verdicts, then the checker's answer", async () => {
    const { page, context, record } = await widgetOn();
    const card = page.locator('.dsw-q[data-qid="ch07-predict-stale-read"]');
    await card.scrollIntoViewIfNeeded();
    await card.locator(".dsw-q-stage .dsw-frozen .dsw-h-canvas").waitFor();
    assert.equal(await card.locator(".dsw-h-verdict").count(), 0, "the verdict is the answer: hidden");
    await card.locator('.dsw-q-option[data-key="yes"] input').check();
    await card.locator(".dsw-q-submit").click();
    await card.locator(".dsw-q-feedback").waitFor();
    assert.ok(!(await card.locator(".dsw-q-feedback").getAttribute("class")).includes("dsw-q-correct"));
    assert.match(await card.locator(".dsw-q-log-text").innerText(), /linearizab/i);
    await shot(page, "history-predict", card);
    clean(record);
    await context.close();
  });

  test("all five themes, and a 360 px window", async () => {
    const { page, context, record, widget } = await widgetOn();
    await load(widget, "linearizable-overlap");
    await verdicts(widget);
    for (const theme of THEMES) {
      await chooseTheme(page, theme);
      await shot(page, `history-${theme}`, widget);
    }
    clean(record);
    await context.close();

    const narrow = await widgetOn({ viewport: { width: 360, height: 900 } });
    await verdicts(narrow.widget);
    const overflow = await narrow.widget.evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.ok(overflow <= 1, `widget overflows by ${overflow}px`);
    await shot(narrow.page, "history-360", narrow.widget);
    clean(narrow.record);
    await narrow.context.close();
  });
});
