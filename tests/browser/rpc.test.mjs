// Browser tests of the Foundations widget (one client, one server): playback,
// every fault from the toolbar, keyboard control, share links, the
// counterexample search, themes, and the simulator's determinism in wasm.

import { describe, test } from "node:test";
import assert from "node:assert/strict";

import { chooseTheme, open, shot, clean, useBook } from "./harness.mjs";

const PAGE = "ch01-foundations/index.html";
const book = useBook();

async function widgetOn(path = PAGE, options = {}) {
  const opened = await open(book.browser, book.base, path, options);
  const widget = opened.page.locator(".dsw-widget").first();
  await widget.locator(".dsw-frame").waitFor();
  return { ...opened, widget };
}

const stepLabel = (widget) => widget.locator(".dsw-step");
const topLog = (widget) => widget.locator(".dsw-log li").first();

async function choose(widget, preset) {
  await widget.locator(".dsw-preset select").selectOption(preset);
  await stepLabel(widget).filter({ hasText: /^step 0 \// }).waitFor();
}


describe("the rpc widget", () => {
  test("plays a preset forward and back, and scrubs", async () => {
    const { page, context, record, widget } = await widgetOn();
    await choose(widget, "reply-lost");
    const total = Number((await stepLabel(widget).innerText()).match(/\/ (\d+)/)[1]);
    assert.ok(total >= 5, `reply-lost has ${total} steps`);
    for (let i = 0; i < total; i++) await widget.getByRole("button", { name: "Step forward" }).click();
    await stepLabel(widget).filter({ hasText: `step ${total} / ${total}` }).waitFor();
    assert.match(await widget.locator(".dsw-client-view").innerText(), /timed out, no reply/);
    assert.match(await widget.locator(".dsw-truth").innerText(), /dropped the reply/);
    assert.match(await widget.locator(".dsw-effects").innerText(), /1×/);
    await shot(page, "rpc-reply-lost-end", widget);

    await widget.getByRole("button", { name: "Step back" }).click();
    await stepLabel(widget).filter({ hasText: `step ${total - 1} / ${total}` }).waitFor();
    await widget.locator(".dsw-scrub").fill("2");
    await stepLabel(widget).filter({ hasText: `step 2 / ${total}` }).waitFor();
    // Before the server applied anything, the truth panel says so.
    assert.match(await widget.locator(".dsw-effects").innerText(), /0×/);
    clean(record);
    await context.close();
  });

  test("answers the keyboard without moving to another chapter", async () => {
    const { page, context, record, widget } = await widgetOn();
    await widget.locator(".dsw-frame").focus();
    await page.keyboard.press("ArrowRight");
    await stepLabel(widget).filter({ hasText: /^step 1 \// }).waitFor();
    await page.keyboard.press("ArrowRight");
    await stepLabel(widget).filter({ hasText: /^step 2 \// }).waitFor();
    await page.keyboard.press("ArrowLeft");
    await stepLabel(widget).filter({ hasText: /^step 1 \// }).waitFor();
    await page.keyboard.press("Home");
    await stepLabel(widget).filter({ hasText: /^step 0 \// }).waitFor();
    await page.keyboard.press("End");
    await stepLabel(widget).filter({ hasText: /^step 2 \// }).waitFor();
    await page.keyboard.press("?");
    await widget.locator(".dsw-help").waitFor();
    assert.match(await widget.locator(".dsw-help").innerText(), /the client makes a call/);
    await page.keyboard.press("?");
    // Space plays, space pauses.
    await page.keyboard.press(" ");
    await widget.getByRole("button", { name: "Pause" }).waitFor();
    await page.keyboard.press(" ");
    await widget.getByRole("button", { name: "Play" }).waitFor();
    assert.ok(page.url().endsWith(PAGE), `navigated away to ${page.url()}`);
    clean(record);
    await context.close();
  });

  test("injects every fault from the toolbar", async () => {
    const { page, context, record, widget } = await widgetOn();
    const fault = (name) => widget.locator(".dsw-fault").filter({ hasText: name });
    const expectLog = async (pattern) => {
      await widget.locator(".dsw-log li").filter({ hasText: pattern }).first().waitFor();
    };

    // Drop, delay and duplicate act on the message the reader selects.
    for (const [button, said] of [
      [/^Drop request/, /the network drops request/],
      [/^Delay request/, /the network holds up request/],
      [/^Duplicate request/, /duplicat/i],
    ]) {
      await choose(widget, "try-it");
      await widget.getByRole("button", { name: "Step forward" }).click(); // the client calls
      assert.equal(await widget.locator(".dsw-fault").filter({ hasText: /^Drop/ }).count(), 0,
        "message faults appear only once a message is selected");
      await widget.locator(".dsw-cluster .dsw-msg").first().click();
      await fault(button).click();
      await expectLog(said);
    }
    await shot(page, "rpc-duplicated", widget);

    // Crash and restart, from the toolbar and by clicking the node.
    await choose(widget, "try-it");
    await fault(/^Crash server/).click();
    await expectLog(/server crashes|crash/i);
    assert.equal(await widget.locator(".dsw-cluster .dsw-node.dsw-down").count(), 1);
    await fault(/^Restart server/).click();
    assert.equal(await widget.locator(".dsw-cluster .dsw-node.dsw-down").count(), 0);
    await widget.locator(".dsw-cluster .dsw-node").nth(1).click();
    assert.equal(await widget.locator(".dsw-cluster .dsw-node.dsw-down").count(), 1);
    await widget.locator(".dsw-cluster .dsw-node").nth(1).click();
    assert.equal(await widget.locator(".dsw-cluster .dsw-node.dsw-down").count(), 0);

    // Partition and heal.
    await fault(/^Partition/).click();
    await widget.locator(".dsw-cluster .dsw-cut").waitFor({ state: "attached" });
    await fault(/^Heal/).click();
    assert.equal(await widget.locator(".dsw-cluster .dsw-cut").count(), 0);

    // Partition groups chosen by hand.
    await widget.locator(".dsw-partition summary").click();
    await widget.locator(".dsw-partition-apply").click();
    await widget.locator(".dsw-cluster .dsw-cut").waitFor({ state: "attached" });
    await expectLog(/partition/i);
    await fault(/^Heal/).click();

    // A request from the toolbar.
    await fault(/^Ask client/).click();
    await expectLog(/client sends request/);
    await shot(page, "rpc-faults", widget);
    clean(record);
    await context.close();
  });

  test("auto chaos plays random faults until switched off", async () => {
    const { context, record, widget } = await widgetOn();
    await choose(widget, "try-it");
    await widget.locator(".dsw-chaos input").check();
    await stepLabel(widget).filter({ hasText: /^step ([5-9]|\d\d+) \// }).waitFor({ timeout: 15000 });
    await widget.locator(".dsw-chaos input").uncheck();
    await widget.getByRole("button", { name: "Play" }).waitFor();
    const stopped = await stepLabel(widget).innerText();
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(await stepLabel(widget).innerText(), stopped, "still running after chaos was switched off");
    clean(record);
    await context.close();
  });

  test("a share link reopens the same moment", async () => {
    const { page, context, record, widget } = await widgetOn();
    await choose(widget, "server-crashed-after");
    for (let i = 0; i < 4; i++) await widget.getByRole("button", { name: "Step forward" }).click();
    const step = await stepLabel(widget).innerText();
    const log = await topLog(widget).innerText();
    await widget.locator(".dsw-share-btn").click();
    const url = await widget.locator(".dsw-share-url").inputValue();
    assert.match(url, /#dsw-rpc=/);
    assert.ok(page.url().includes("#dsw-rpc="), "the address bar holds the link");
    clean(record);
    await context.close();

    const again = await open(book.browser, "", url);
    const reopened = again.page.locator(".dsw-widget").first();
    await reopened.locator(".dsw-frame").waitFor();
    assert.equal(await stepLabel(reopened).innerText(), step);
    assert.equal(await topLog(reopened).innerText(), log);
    assert.equal(await reopened.locator(".dsw-preset select").inputValue(), "server-crashed-after");
    clean(again.record);
    await again.context.close();
  });

  test("a broken share link is explained and the widget still works", async () => {
    const { context, record, widget } = await widgetOn(`${PAGE}#dsw-rpc=not-a-real-link!!`);
    assert.match(await widget.locator(".dsw-notice-line").innerText(), /shared link could not be opened/);
    await widget.getByRole("button", { name: "Step forward" }).click();
    await stepLabel(widget).filter({ hasText: /^step 1 \// }).waitFor();
    clean(record);
    await context.close();
  });

  test("finds the shortest counterexample and plays it", async () => {
    const { page, context, record, widget } = await widgetOn();
    await choose(widget, "try-it-retries");
    await widget.locator(".dsw-explore").click();
    const status = widget.locator(".dsw-explore-status");
    await status.filter({ hasText: /Found after/ }).waitFor({ timeout: 20000 });
    assert.match(await status.innerText(), /6 steps break “each call takes effect at most once”/);
    await stepLabel(widget).filter({ hasText: "step 0 / 6" }).waitFor();
    for (let i = 0; i < 6; i++) await widget.getByRole("button", { name: "Step forward" }).click();
    await widget.locator(".dsw-invariants .dsw-broken").waitFor();
    assert.match(await widget.locator(".dsw-invariants").innerText(), /effect happened twice/);
    await shot(page, "rpc-counterexample", widget);

    await choose(widget, "try-it-idempotent");
    await widget.locator(".dsw-explore").click();
    await status.filter({ hasText: /No counterexample/ }).waitFor({ timeout: 30000 });
    clean(record);
    await context.close();
  });

  for (const theme of ["light", "navy"]) {
    test(`looks right in the ${theme} theme`, async () => {
      const { page, context, record, widget } = await widgetOn();
      await chooseTheme(page, theme);
      await choose(widget, "retry-duplicate");
      await page.keyboard.press("End");
      await widget.locator(".dsw-frame").focus();
      await page.keyboard.press("End");
      await widget.locator(".dsw-invariants .dsw-broken").waitFor();
      await widget.scrollIntoViewIfNeeded();
      await shot(page, `rpc-${theme}`, widget);
      clean(record);
      await context.close();
    });
  }

  test("fits a 360 px wide window", async () => {
    const { page, context, record, widget } = await widgetOn(PAGE, { viewport: { width: 360, height: 800 } });
    await choose(widget, "reply-lost");
    const overflow = await widget.evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.ok(overflow <= 0, `the widget overflows by ${overflow}px`);
    await shot(page, "rpc-narrow-360", widget);
    clean(record);
    await context.close();
  });
});

test("the simulator gives the same run in wasm as natively", async () => {
  const native = process.env.DSW_NATIVE_DIGEST;
  assert.ok(native, "DSW_NATIVE_DIGEST is not set; run through `cargo xtask test`");
  const { page, context, record } = await open(book.browser, book.base, PAGE);
  const digest = await page.evaluate(async () => {
    const base = new URL(path_to_root + "wasm/", document.baseURI);
    const module = await import(new URL("dsw_app.js", base).href + "?instance=digest");
    await module.default({ module_or_path: new URL("dsw_app_bg.wasm", base) });
    return module.determinism_digest(42, 2000);
  });
  assert.equal(digest, native);
  clean(record);
  await context.close();
});
