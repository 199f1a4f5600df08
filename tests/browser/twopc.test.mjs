// Browser tests of the atomic-commit widget: every preset plays, a
// coordinator crash leaves participants in doubt holding locks, the buggy
// variant and 3PC under a partition break TCConsistent, the search finds
// the shortest counterexample, light and dark themes, 360 px.

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

const PAGE = "ch12-transactions/index.html";
const book = useBook();
const widgetOn = (options) => widgetOnPage(book, PAGE, options);
const PRESETS = [
  "try-it",
  "commit",
  "abort",
  "coordinator-crash-in-doubt",
  "coordinator-crash-after-commit",
  "participant-crash-prepared",
  "prepared-timeout-bug",
  "3pc-commit",
  "3pc-partition",
];
const BREAKS = new Set(["prepared-timeout-bug", "3pc-partition"]);

describe("the atomic-commit widget", () => {
  test("every preset plays; only the bug and 3PC under a partition break consistency", async () => {
    const { page, context, record, widget } = await widgetOn();
    const options = await widget.locator(".dsw-preset select option").evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(options, PRESETS);
    for (const preset of PRESETS) {
      await choose(widget, preset);
      await toEnd(page, widget);
      const broken = await widget.locator(".dsw-invariants .dsw-broken").count();
      assert.equal(broken > 0, BREAKS.has(preset), `${preset}: ${broken} broken`);
      if (BREAKS.has(preset)) {
        assert.match(await widget.locator(".dsw-invariants").innerText(), /TCConsistent/);
      }
    }
    assert.equal(await page.locator(".dsw-error").count(), 0);
    clean(record);
    await context.close();
  });

  test("a coordinator crash after prepare leaves participants in doubt, holding locks", async () => {
    const { page, context, record, widget } = await widgetOn();
    await choose(widget, "coordinator-crash-in-doubt");
    await widget.locator(".dsw-frame").focus();
    // Step until the coordinator is down with its participants prepared.
    const table = widget.locator(".dsw-node-table");
    let seen = "";
    for (let i = 0; i < 60 && !/tm \(down\)[\s\S]*in doubt for [1-9]/.test(seen); i++) {
      await page.keyboard.press("ArrowRight");
      seen = await table.innerText();
    }
    assert.match(seen, /tm \(down\)/);
    assert.match(seen, /prepared, in doubt for \d+ ticks/);
    assert.match(seen, /held/);
    await shot(page, "twopc-in-doubt-light", widget);
    await chooseTheme(page, "navy");
    await shot(page, "twopc-in-doubt-navy", widget);
    clean(record);
    await context.close();
  });

  test("the search finds the unilateral abort, and the rules switch replays a run under it", async () => {
    const { page, context, record, widget } = await widgetOn();
    await choose(widget, "prepared-timeout-bug");
    await widget.locator(".dsw-explore").click();
    const status = widget.locator(".dsw-explore-status");
    await status.filter({ hasText: /Found after/ }).waitFor({ timeout: 60000 });
    assert.match(await status.innerText(), /break “TCConsistent/);
    await toEnd(page, widget);
    await widget.locator(".dsw-invariants .dsw-broken").waitFor();
    await shot(page, "twopc-counterexample", widget);

    await choose(widget, "commit");
    await widget.locator(".dsw-rules select").selectOption("correct");
    await widget.locator(".dsw-notice-line").waitFor();
    await widget.locator(".dsw-size select").selectOption("5");
    await widget.locator(".dsw-cluster .dsw-node").nth(5).waitFor();
    assert.equal(await widget.locator(".dsw-cluster .dsw-node").count(), 6);
    clean(record);
    await context.close();
  });

  test("fits 360 px in a dark theme", async () => {
    const { page, context, record, widget } = await widgetOn({ viewport: { width: 360, height: 1400 } });
    await chooseTheme(page, "coal");
    await choose(widget, "3pc-partition");
    await toEnd(page, widget);
    const overflow = await widget.evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.ok(overflow <= 0, `the widget overflows by ${overflow}px`);
    await shot(page, "twopc-coal-360", widget);
    clean(record);
    await context.close();
  });
});
