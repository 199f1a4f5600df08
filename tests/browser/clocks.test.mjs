// Browser tests of the clocks widget: presets, drawing events and messages
// with the mouse, undo and redo, picking two events, skewing a clock,
// switching the rules, share links (good and broken), the quiz's frozen
// diagram, all five themes and a narrow window.

import { describe, test } from "node:test";
import assert from "node:assert/strict";

import { THEMES, chooseTheme, clean, open, shot, useBook, widgetOn as widgetOnPage } from "./harness.mjs";

const PAGE = "ch02-clocks/index.html";
const book = useBook();
const widgetOn = (options) => widgetOnPage(book, PAGE, options);

// The diagram's geometry in view units (see widgets/app/src/widgets/clocks/draw.rs).
// Real time runs from 0 at x = 56 to the diagram's span (data-span) at x = 616.
const VIEW_W = 640;
const yOf = (process) => 48 + process * 68;

/** The page position of real time `ms` on process `process`'s line. */
async function at(widget, ms, process) {
  const canvas = widget.locator(".dsw-clocks-canvas");
  await canvas.evaluate((el) => el.scrollIntoView({ block: "center" }));
  const box = await canvas.boundingBox();
  const span = Number(await canvas.getAttribute("data-span"));
  const scale = box.width / VIEW_W;
  const x = 56 + (ms * (640 - 56 - 24)) / span;
  return { x: box.x + x * scale, y: box.y + yOf(process) * scale };
}

async function load(widget, name) {
  await widget.locator(".dsw-preset select").selectOption(name);
  await widget.locator(`.dsw-frame[data-scenario="${name}"]`).waitFor();
}

async function tool(widget, label) {
  await widget.locator(".dsw-tools .dsw-tool", { hasText: label }).click();
}

const events = (widget) => widget.locator(".dsw-clocks-canvas .dsw-clock-event");
const stamps = (widget) => widget.locator(".dsw-clocks-canvas .dsw-stamp").allTextContents();

describe("the clocks widget", () => {
  test("every preset draws its diagram, in every kind of stamp", async () => {
    const { page, context, record, widget } = await widgetOn();
    const presets = await widget.locator(".dsw-preset select option").evaluateAll((os) => os.map((o) => o.value));
    assert.ok(presets.includes("basics") && presets.includes("hlc") && presets.includes("fresh-3"), presets.join());
    for (const name of presets.filter((p) => !p.startsWith("fresh-"))) {
      await load(widget, name);
      assert.ok((await events(widget).count()) >= 3, `${name} has events`);
    }
    await load(widget, "basics");
    // basics: p3's receipt of p2's message stamped 4 gets max(1, 4) + 1 = 5.
    assert.ok((await stamps(widget)).includes("5"));
    await widget.locator(".dsw-stamp-picker button", { hasText: "Vector" }).click();
    assert.ok((await stamps(widget)).some((s) => /^\[\d+(,\d+)+\]$/.test(s)), (await stamps(widget)).join(" "));
    await widget.locator(".dsw-stamp-picker button", { hasText: "HLC" }).click();
    assert.ok((await stamps(widget)).every((s) => /^-?\d+,\d+$/.test(s)));
    assert.equal(await page.locator(".dsw-error").count(), 0);
    clean(record);
    await context.close();
  });

  test("draw a local event, a send and its receipt with the mouse; undo and redo", async () => {
    const { page, context, record, widget } = await widgetOn();
    await load(widget, "fresh-3");
    assert.equal(await events(widget).count(), 0);
    await tool(widget, "Local event");
    let p = await at(widget, 50, 0);
    await page.mouse.click(p.x, p.y);
    await tool(widget, "Send");
    p = await at(widget, 100, 0);
    await page.mouse.click(p.x, p.y);
    assert.equal(await events(widget).count(), 2);
    assert.equal(await widget.locator(".dsw-clock-msg.dsw-inflight").count(), 1);
    // Drag the message from the send to p2 at 400 ms.
    const from = await at(widget, 100, 0);
    const to = await at(widget, 150, 1);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
    await page.mouse.move(to.x, to.y, { steps: 4 });
    await page.mouse.up();
    assert.equal(await events(widget).count(), 3);
    assert.equal(await widget.locator(".dsw-clock-msg.dsw-inflight").count(), 0);
    // The receipt's Lamport stamp is max(0, 2) + 1 = 3.
    assert.deepEqual((await stamps(widget)).sort(), ["1", "2", "3"]);
    assert.match(await widget.locator(".dsw-step").innerText(), /step 3 \/ 3/);

    await widget.locator(".dsw-frame").focus();
    await page.keyboard.press("Control+z");
    assert.equal(await events(widget).count(), 2);
    await page.keyboard.press("Control+y");
    assert.equal(await events(widget).count(), 3);
    await widget.locator(".dsw-tools button", { hasText: "Undo" }).click();
    await widget.locator(".dsw-tools button", { hasText: "Redo" }).click();
    assert.equal(await events(widget).count(), 3);

    // Dragging the arrow's head earlier than its send is refused, with the
    // reason, and nothing changes.
    const head = await at(widget, 150, 1);
    const early = await at(widget, 60, 1);
    await page.mouse.move(head.x, head.y);
    await page.mouse.down();
    await page.mouse.move(early.x, early.y, { steps: 6 });
    await page.mouse.up();
    assert.match(await widget.locator(".dsw-notice-line").innerText(), /Not done: a message cannot arrive at 60 ms when it is sent at 100 ms/);
    assert.equal(await events(widget).count(), 3);
    // Dragging it later moves the receipt.
    const later = await at(widget, 180, 2);
    await page.mouse.move(head.x, head.y);
    await page.mouse.down();
    await page.mouse.move(later.x, later.y, { steps: 6 });
    await page.mouse.up();
    assert.match(await widget.locator(".dsw-clock-event.dsw-receive").getAttribute("aria-label"), /^p3\.1 .* 180 ms/);
    await shot(page, "clocks-drawn-light", widget);
    clean(record);
    await context.close();
  });

  test("picking two events shows happened-before with its path, or concurrency", async () => {
    const { page, context, record, widget } = await widgetOn();
    await load(widget, "basics");
    // a is e0 on p1, c is e8 on p2: a happened before c through messages.
    await widget.locator('.dsw-clock-event[data-event="0"]').click();
    await widget.locator('.dsw-clock-event[data-event="8"]').click();
    const explain = widget.locator(".dsw-clock-explain");
    assert.match(await explain.innerText(), /happened before .*follow/);
    assert.ok((await widget.locator(".dsw-clocks-canvas .dsw-on-path").count()) >= 3);
    await shot(page, "clocks-path-light", widget);
    // b (e5) and c (e8) share Lamport stamp 5 yet are concurrent.
    await page.keyboard.press("Escape");
    await widget.locator('.dsw-clock-event[data-event="5"]').click();
    await widget.locator('.dsw-clock-event[data-event="8"]').click();
    assert.match(await explain.innerText(), /are concurrent/);
    assert.equal(await widget.locator(".dsw-clocks-canvas .dsw-concurrent").count(), 2);
    clean(record);
    await context.close();
  });

  test("a skewed clock inverts cause and effect until the skew is removed", async () => {
    const { page, context, record, widget } = await widgetOn();
    await load(widget, "skewed-clock");
    const orders = widget.locator(".dsw-clock-orders");
    assert.match(await orders.innerText(), /contradict causality/);
    await widget.locator(".dsw-stamp-picker button", { hasText: "Physical" }).click();
    assert.equal(await widget.locator(".dsw-clock-msg.dsw-inverted").count(), 1);
    await shot(page, "clocks-skew-light", widget);
    const skew = widget.getByLabel("p1 clock skew in ms");
    await skew.fill("0");
    await skew.press("Enter");
    await orders.filter({ hasText: /agree with happened-before/ }).waitFor();
    assert.equal(await widget.locator(".dsw-clock-msg.dsw-inverted").count(), 0);
    // Out of range: refused with the reason.
    await skew.fill("9000");
    await skew.press("Enter");
    assert.match(await widget.locator(".dsw-notice-line").innerText(), /outside ±500 ms/);
    clean(record);
    await context.close();
  });

  test("the seeds' receive rule ties a receipt with its send; the correct rule does not", async () => {
    const { page, context, record, widget } = await widgetOn();
    await load(widget, "receive-without-plus-one");
    assert.deepEqual((await stamps(widget)).slice(0, 2), ["1", "1"]);
    await widget.locator(".dsw-rules select").selectOption("correct");
    assert.deepEqual((await stamps(widget)).slice(0, 2), ["1", "2"]);
    clean(record);
    await context.close();
  });

  test("a shared link reopens the diagram; a broken one says so and still draws", async () => {
    const first = await widgetOn();
    await load(first.widget, "hlc");
    await first.widget.locator(".dsw-share-btn").click();
    const url = await first.widget.locator(".dsw-share-url").inputValue();
    assert.match(url, /#dsw-clocks=c1\./);
    const count = await events(first.widget).count();
    clean(first.record);
    await first.context.close();

    const path = url.slice(url.indexOf(PAGE));
    const again = await widgetOn();
    await again.page.goto(book.base + path);
    await again.page.reload();
    const widget = again.page.locator(".dsw-widget").first();
    await widget.locator(".dsw-clocks-canvas").waitFor();
    assert.equal(await events(widget).count(), count);
    clean(again.record);
    await again.context.close();

    const broken = await open(book.browser, book.base, `${PAGE}#dsw-clocks=c1.n9.zz`);
    const w = broken.page.locator(".dsw-widget").first();
    await w.locator(".dsw-notice-line").waitFor();
    assert.match(await w.locator(".dsw-notice-line").innerText(), /could not be read/);
    assert.ok((await events(w).count()) > 0);
    clean(broken.record);
    await broken.context.close();
  });

  test("keyboard: tools by digit, stamps by C, steps with the arrows", async () => {
    const { page, context, record, widget } = await widgetOn();
    await widget.locator(".dsw-frame").focus();
    await page.keyboard.press("2");
    assert.equal(await widget.locator(".dsw-tools button", { hasText: "Local event" }).getAttribute("aria-pressed"), "true");
    await page.keyboard.press("c");
    assert.equal(await widget.locator(".dsw-stamp-picker button", { hasText: "Vector" }).getAttribute("aria-pressed"), "true");
    await page.keyboard.press("Home");
    assert.equal(await events(widget).count(), 0);
    await page.keyboard.press("ArrowRight");
    assert.equal(await events(widget).count(), 1);
    await page.keyboard.press("End");
    assert.ok((await events(widget).count()) > 5);
    clean(record);
    await context.close();
  });

  test("a predict question shows the diagram frozen, then the answer from the model", async () => {
    const { page, context, record } = await widgetOn();
    const card = page.locator('.dsw-q[data-qid="ch02-predict-lamport-receive"]');
    await card.scrollIntoViewIfNeeded();
    const stage = card.locator(".dsw-q-stage");
    await stage.locator(".dsw-frozen .dsw-clocks-canvas").waitFor();
    assert.equal(await stage.locator(".dsw-tools").count(), 0, "frozen means no editing");
    // Frozen after 5 of basics' edits: p3's receipt is not drawn yet.
    assert.match(await stage.locator(".dsw-frozen-note").innerText(), /after 5 of the \d+ edits/);
    await card.locator('.dsw-q-option[data-key="4"] input').check();
    await card.locator(".dsw-q-submit").click();
    await card.locator(".dsw-q-feedback").waitFor();
    assert.ok(!(await card.locator(".dsw-q-feedback").getAttribute("class")).includes("dsw-q-correct"));
    assert.match(await card.locator(".dsw-q-log-text").innerText(), /Lamport/);
    await shot(page, "clocks-predict", card);
    clean(record);
    await context.close();
  });

  test("all five themes, and a 360 px window", async () => {
    const { page, context, record, widget } = await widgetOn();
    await load(widget, "basics");
    await widget.locator('.dsw-clock-event[data-event="0"]').click();
    await widget.locator('.dsw-clock-event[data-event="8"]').click();
    for (const theme of THEMES) {
      await chooseTheme(page, theme);
      await shot(page, `clocks-${theme}`, widget);
    }
    clean(record);
    await context.close();

    const narrow = await widgetOn({ viewport: { width: 360, height: 900 } });
    const w = narrow.widget;
    const overflow = await w.evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.ok(overflow <= 1, `widget overflows by ${overflow}px`);
    await shot(narrow.page, "clocks-360", w);
    clean(narrow.record);
    await narrow.context.close();
  });
});
