// Browser tests of the Paxos widget: every preset plays, the two bug
// presets break "Only one value is chosen" and the search finds each bug,
// value adoption and Multi-Paxos are visible, themes and 360 px.

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

const PAGE = "ch10-paxos/index.html";
const book = useBook();
const widgetOn = (options) => widgetOnPage(book, PAGE, options);
const BREAKS = new Set(["forget-promise-bug", "ignore-accepted-bug"]);

describe("the paxos widget", () => {
  test("every preset plays; only the two bug presets choose two values", async () => {
    const { page, context, record, widget } = await widgetOn();
    const presets = await widget.locator(".dsw-preset select option").evaluateAll((os) => os.map((o) => o.value));
    assert.equal(presets.length, 9);
    for (const preset of presets) {
      await choose(widget, preset);
      await toEnd(page, widget);
      const broken = await widget.locator(".dsw-invariants .dsw-broken").count();
      assert.equal(broken > 0, BREAKS.has(preset), `${preset}: ${broken} broken`);
      if (BREAKS.has(preset)) {
        assert.match(await widget.locator(".dsw-invariants").innerText(), /Only one value is chosen/);
      }
    }
    assert.equal(await page.locator(".dsw-error").count(), 0);
    clean(record);
    await context.close();
  });

  test("value adoption: n2 re-proposes n1's value; Multi-Paxos shows its slots", async () => {
    const { page, context, record, widget } = await widgetOn();
    await choose(widget, "value-adoption");
    await toEnd(page, widget);
    assert.match(await widget.locator(".dsw-node-table").innerText(), /learned/);
    await shot(page, "paxos-value-adoption-light", widget);
    await choose(widget, "multi-paxos");
    await toEnd(page, widget);
    await widget.locator(".dsw-log-grid").waitFor();
    await chooseTheme(page, "navy");
    await shot(page, "paxos-multi-navy", widget);
    clean(record);
    await context.close();
  });

  test("the search finds the ignored-accepted-value bug from the preset's start", async () => {
    const { page, context, record, widget } = await widgetOn();
    await choose(widget, "ignore-accepted-bug");
    await widget.locator(".dsw-explore").click();
    const status = widget.locator(".dsw-explore-status");
    await status.filter({ hasText: /Found after/ }).waitFor({ timeout: 90000 });
    assert.match(await status.innerText(), /break “Only one value is chosen”/);
    await toEnd(page, widget);
    await widget.locator(".dsw-invariants .dsw-broken").waitFor();
    await shot(page, "paxos-counterexample", widget);
    clean(record);
    await context.close();
  });

  test("fits 360 px in a dark theme", async () => {
    const { page, context, record, widget } = await widgetOn({ viewport: { width: 360, height: 1400 } });
    await chooseTheme(page, "coal");
    await choose(widget, "leader-change");
    await toEnd(page, widget);
    const overflow = await widget.evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.ok(overflow <= 0, `the widget overflows by ${overflow}px`);
    await shot(page, "paxos-coal-360", widget);
    clean(record);
    await context.close();
  });
});
