// Browser tests of the Raft widget: presets play, the buggy variant breaks
// the properties Figure 8 is about, crashes from the cluster view, themes.

import { describe, test } from "node:test";
import assert from "node:assert/strict";

import { chooseTheme, clean, open, shot, useBook } from "./harness.mjs";

const PAGE = "ch09-raft/index.html";
const book = useBook();

async function widgetOn(options = {}) {
  const opened = await open(book.browser, book.base, PAGE, options);
  const widget = opened.page.locator(".dsw-widget").first();
  await widget.locator(".dsw-frame").waitFor();
  return { ...opened, widget };
}

async function choose(widget, preset) {
  await widget.locator(".dsw-preset select").selectOption(preset);
  await widget.locator(".dsw-step").filter({ hasText: /^step 0 \// }).waitFor();
}

describe("the raft widget", () => {
  test("elects a leader, shows logs and Figure 2 state, and crashes a node on click", async () => {
    const { page, context, record, widget } = await widgetOn();
    await choose(widget, "normal-election");
    await widget.locator(".dsw-frame").focus();
    await page.keyboard.press("End");
    await widget.locator(".dsw-node-table td", { hasText: "leader" }).first().waitFor();
    assert.equal(await widget.locator(".dsw-log-grid tr.dsw-leader-row").count(), 1);
    await widget.locator(".dsw-cluster .dsw-node").nth(2).click();
    await widget.locator(".dsw-node-table tr.dsw-down").first().waitFor();
    assert.match(await widget.locator(".dsw-log li").first().innerText(), /crashes/);
    await shot(page, "raft-normal-election", widget);
    clean(record);
    await context.close();
  });

  test("the Figure 8 bug breaks Leader Completeness and State Machine Safety; the rule does not", async () => {
    const { page, context, record, widget } = await widgetOn();
    await choose(widget, "figure-8-bug");
    await widget.locator(".dsw-frame").focus();
    await page.keyboard.press("End");
    await widget.locator(".dsw-invariants .dsw-broken").first().waitFor();
    const broken = await widget.locator(".dsw-invariants").innerText();
    assert.match(broken, /Leader Completeness/i);
    assert.match(broken, /State Machine Safety/i);
    await shot(page, "raft-figure-8-bug", widget);

    await choose(widget, "figure-8");
    await page.keyboard.press("End");
    await widget.locator(".dsw-step").filter({ hasText: /^step (\d+) \/ \1$/ }).waitFor();
    assert.equal(await widget.locator(".dsw-invariants .dsw-broken").count(), 0);
    clean(record);
    await context.close();
  });

  test("looks right in a dark theme and at 360 px", async () => {
    const { page, context, record, widget } = await widgetOn({ viewport: { width: 360, height: 1400 } });
    await chooseTheme(page, "coal");
    await choose(widget, "log-repair");
    await widget.locator(".dsw-frame").focus();
    await page.keyboard.press("End");
    const overflow = await widget.evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.ok(overflow <= 0, `the widget overflows by ${overflow}px`);
    await shot(page, "raft-coal-360", widget);
    clean(record);
    await context.close();
  });
});
