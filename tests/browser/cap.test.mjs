// Browser tests of the CAP widget: every preset plays, the available
// policy records a stale read under a partition and the consistent one
// refuses instead, the search finds the stale read, the history and
// latency panels, light and dark themes, 360 px.

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

const PAGE = "ch08-cap-pacelc/index.html";
const book = useBook();
const widgetOn = (options) => widgetOnPage(book, PAGE, options);

describe("the CAP widget", () => {
  test("every preset plays to its end without an error", async () => {
    const { page, context, record, widget } = await widgetOn();
    const presets = await widget.locator(".dsw-preset select option").evaluateAll((os) => os.map((o) => o.value));
    assert.ok(presets.length >= 7, presets.join());
    const broken = {};
    for (const preset of presets) {
      await choose(widget, preset);
      await toEnd(page, widget);
      broken[preset] = await widget.locator(".dsw-invariants .dsw-broken").count();
    }
    assert.equal(broken["healthy"], 0);
    assert.equal(broken["partition-consistent"], 0);
    assert.ok(broken["partition-available"] > 0);
    assert.ok(broken["latency-async"] > 0);
    assert.equal(broken["latency-sync"], 0);
    assert.equal(await page.locator(".dsw-error").count(), 0);
    clean(record);
    await context.close();
  });

  test("available answers with a stale read; consistent refuses; the history shows both", async () => {
    const { page, context, record, widget } = await widgetOn();
    await choose(widget, "partition-available");
    await toEnd(page, widget);
    const history = widget.locator(".dsw-history");
    assert.match(await history.innerText(), /ok: read/);
    assert.match(await widget.locator(".dsw-latency").innerText(), /round trips/);
    await widget.locator(".dsw-jepsen summary").click();
    assert.match(await widget.locator(".dsw-jepsen pre").innerText(), /jepsen\.util - \d+\t:invoke\t:write\t\d/);
    // The consistency chapter's checker, run on the same history, agrees.
    assert.match(await widget.locator(".dsw-lincheck").innerText(), /not linearizable/);
    await shot(page, "cap-available-light", widget);

    await choose(widget, "partition-consistent");
    await toEnd(page, widget);
    assert.match(await history.innerText(), /refused \(fail\)/);
    assert.match(await widget.locator(".dsw-lincheck").innerText(), /: linearizable\./);
    await chooseTheme(page, "ayu");
    await shot(page, "cap-consistent-ayu", widget);
    clean(record);
    await context.close();
  });

  test("the search finds a counterexample once the link is cut", async () => {
    const { page, context, record, widget } = await widgetOn();
    await choose(widget, "partition-available");
    await widget.locator(".dsw-frame").focus();
    // Step to just after the cut: the partition line appears in the log.
    for (let i = 0; i < 40; i++) {
      if (/partition/.test(await widget.locator(".dsw-log").innerText())) break;
      await page.keyboard.press("ArrowRight");
    }
    await widget.locator(".dsw-explore").click();
    const status = widget.locator(".dsw-explore-status");
    await status.filter({ hasText: /Found after|No counterexample/ }).waitFor({ timeout: 60000 });
    assert.match(await status.innerText(), /Found after .* steps? break “(Reads see acknowledged writes|Later writes win|Reads never go back)/i);
    clean(record);
    await context.close();
  });

  test("fits 360 px", async () => {
    const { page, context, record, widget } = await widgetOn({ viewport: { width: 360, height: 1400 } });
    await chooseTheme(page, "coal");
    await choose(widget, "heal-and-reconcile");
    await toEnd(page, widget);
    const overflow = await widget.evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.ok(overflow <= 0, `the widget overflows by ${overflow}px`);
    await shot(page, "cap-coal-360", widget);
    clean(record);
    await context.close();
  });
});
