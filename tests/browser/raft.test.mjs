// Browser tests of the Raft widget: every preset plays, the buggy variants
// break the properties they are about (by preset, by switching the rules
// under a run, and by the counterexample search), clusters of any size,
// crashes from the cluster view, share links, themes.

import { describe, test } from "node:test";
import assert from "node:assert/strict";

import {
  choose,
  chooseTheme,
  clean,
  open,
  shot,
  useBook,
  widgetOn as widgetOnPage,
} from "./harness.mjs";

const PRESETS = [
  "try-it",
  "normal-election",
  "split-vote",
  "leader-crash",
  "old-leader-minority",
  "log-repair",
  "lagging-follower",
  "figure-8",
  "figure-8-bug",
];

const PAGE = "ch09-raft/index.html";
const book = useBook();
const widgetOn = (options) => widgetOnPage(book, PAGE, options);

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

  test("every preset plays to its end; only the bug preset breaks a property", async () => {
    const { page, context, record, widget } = await widgetOn();
    const options = await widget.locator(".dsw-preset select option").evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(options, PRESETS);
    for (const preset of PRESETS) {
      await choose(widget, preset);
      await widget.locator(".dsw-frame").focus();
      await page.keyboard.press("End");
      await widget.locator(".dsw-step").filter({ hasText: /^step (\d+) \/ \1$/ }).waitFor();
      const broken = await widget.locator(".dsw-invariants .dsw-broken").count();
      assert.equal(broken > 0, preset === "figure-8-bug", `${preset}: ${broken} broken`);
      assert.ok((await widget.locator(".dsw-log li").count()) > 0 || preset === "try-it", preset);
    }
    assert.equal(await page.locator(".dsw-error").count(), 0);
    clean(record);
    await context.close();
  });

  test("switching the rules replays the run; the search finds the unrestricted vote", async () => {
    const { page, context, record, widget } = await widgetOn();
    await choose(widget, "lagging-follower");
    await widget.locator(".dsw-frame").focus();
    for (let i = 0; i < 18; i++) await page.keyboard.press("ArrowRight");
    await widget.locator(".dsw-step").filter({ hasText: /^step 18 \// }).waitFor();
    await widget.locator(".dsw-rules select").selectOption("no-election-restriction");
    await widget.locator(".dsw-notice-line").filter({ hasText: /Rules switched to no-election-restriction/ }).waitFor();
    await widget.locator(".dsw-step").filter({ hasText: /^step 18 \// }).waitFor();
    assert.match(await widget.locator(".dsw-preset select").inputValue(), /^lagging-follower@no-election-restriction$/);
    assert.match(await widget.locator(".dsw-summary").innerText(), /without checking that the candidate's log is up to date/);

    await widget.locator(".dsw-explore").click();
    const status = widget.locator(".dsw-explore-status");
    await status.filter({ hasText: /Found after/ }).waitFor({ timeout: 60000 });
    assert.match(await status.innerText(), /3 steps break “Leader Completeness”/);
    await widget.locator(".dsw-step").filter({ hasText: "step 18 / 21" }).waitFor();
    for (let i = 0; i < 3; i++) await widget.getByRole("button", { name: "Step forward" }).click();
    await widget.locator(".dsw-invariants .dsw-broken").waitFor();
    assert.match(await widget.locator(".dsw-log").innerText(), /n3 becomes leader of term 2/);
    await shot(page, "raft-no-restriction-counterexample", widget);

    // Back to the paper's rules: the same run, nothing broken.
    await widget.locator(".dsw-rules select").selectOption("correct");
    await widget.locator(".dsw-notice-line").waitFor();
    assert.equal(await widget.locator(".dsw-invariants .dsw-broken").count(), 0);
    clean(record);
    await context.close();
  });

  test("builds a cluster of seven under a bug, and a share link reopens it", async () => {
    const { page, context, record, widget } = await widgetOn();
    await widget.locator(".dsw-rules select").selectOption("append-without-truncate");
    await widget.locator(".dsw-size select").selectOption("7");
    await widget.locator(".dsw-cluster .dsw-node").nth(6).waitFor();
    assert.equal(await widget.locator(".dsw-cluster .dsw-node").count(), 7);
    assert.equal(await widget.locator(".dsw-rules select").inputValue(), "append-without-truncate");
    assert.match(await widget.locator(".dsw-preset select option:checked").innerText(), /Your own: A fresh cluster of 7, rules: append-without-truncate/);
    await widget.locator(".dsw-frame").focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
    const step = await widget.locator(".dsw-step").innerText();
    await widget.locator(".dsw-share-btn").click();
    const url = await widget.locator(".dsw-share-url").inputValue();
    clean(record);
    await context.close();

    const again = await open(book.browser, "", url);
    const reopened = again.page.locator(".dsw-widget").first();
    await reopened.locator(".dsw-frame").waitFor();
    assert.equal(await reopened.locator(".dsw-cluster .dsw-node").count(), 7);
    assert.equal(await reopened.locator(".dsw-step").innerText(), step);
    assert.equal(await reopened.locator(".dsw-preset select").inputValue(), "cluster-7@append-without-truncate");
    await shot(again.page, "raft-cluster-7", reopened);
    clean(again.record);
    await again.context.close();
  });
});
