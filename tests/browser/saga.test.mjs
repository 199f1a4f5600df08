// Browser tests of the saga widget: every preset plays, a failing flight
// is compensated in reverse, the dual write loses an event and a duplicate
// charges twice while the outbox and dedupe rules do not, the search finds
// the lost event, light and dark themes, 360 px.

import { describe, test } from "node:test";
import assert from "node:assert/strict";

import {
  choose,
  chooseTheme,
  clean,
  shot,
  toEnd,
  useBook,
  widgetOn as widgetOnPage,
} from "./harness.mjs";

const PAGE = "ch12-transactions/sagas.html";
const book = useBook();
const widgetOn = (options) => widgetOnPage(book, PAGE, options);
const BREAKS = new Set(["lost-event-without-outbox", "duplicate-charge"]);

describe("the saga widget", () => {
  test("every preset plays; only the dual write and the missing dedupe break a property", async () => {
    const { page, context, record, widget } = await widgetOn();
    const presets = await widget.locator(".dsw-preset select option").evaluateAll((os) => os.map((o) => o.value));
    assert.equal(presets.length, 9);
    for (const preset of presets) {
      await choose(widget, preset);
      await toEnd(page, widget);
      const broken = await widget.locator(".dsw-invariants .dsw-broken").count();
      assert.equal(broken > 0, BREAKS.has(preset), `${preset}: ${broken} broken`);
    }
    assert.equal(await page.locator(".dsw-error").count(), 0);
    clean(record);
    await context.close();
  });

  test("a failed flight is compensated in reverse order", async () => {
    const { page, context, record, widget } = await widgetOn();
    await choose(widget, "flight-fails");
    await toEnd(page, widget);
    const log = await widget.locator(".dsw-log").innerText();
    // The last compensation is the first step's: the room is cancelled
    // last, and the model's reverse-order property holds throughout.
    assert.match(log.split("\n").slice(0, 8).join("\n"), /room cancelled/);
    assert.match(await widget.locator(".dsw-invariants").innerText(), /Compensations run in reverse order/);
    assert.equal(await widget.locator(".dsw-invariants .dsw-broken").count(), 0);
    assert.match(await widget.locator(".dsw-saga-summary").innerText(), /outcome: compensated/);
    await shot(page, "saga-flight-fails-light", widget);
    await chooseTheme(page, "rust");
    await shot(page, "saga-flight-fails-rust", widget);
    clean(record);
    await context.close();
  });

  test("switching on the outbox replays the lost-event run without the loss", async () => {
    const { page, context, record, widget } = await widgetOn();
    await choose(widget, "lost-event-without-outbox");
    await toEnd(page, widget);
    await widget.locator(".dsw-explore").click();
    const status = widget.locator(".dsw-explore-status");
    await status.filter({ hasText: /Found after/ }).waitFor({ timeout: 60000 });
    await choose(widget, "lost-event-without-outbox");
    await widget.locator(".dsw-rules select").selectOption("correct");
    await widget.locator(".dsw-notice-line").waitFor();
    await toEnd(page, widget);
    assert.equal(await widget.locator(".dsw-invariants .dsw-broken").count(), 0);
    clean(record);
    await context.close();
  });

  test("fits 360 px in a dark theme", async () => {
    const { page, context, record, widget } = await widgetOn({ viewport: { width: 360, height: 1400 } });
    await chooseTheme(page, "coal");
    await choose(widget, "orchestrator-crash");
    await toEnd(page, widget);
    const overflow = await widget.evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.ok(overflow <= 0, `the widget overflows by ${overflow}px`);
    await shot(page, "saga-coal-360", widget);
    clean(record);
    await context.close();
  });
});
