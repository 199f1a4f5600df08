// Browser tests of the widget host against the built book, in headless
// Chromium. Screenshots land in DSW_SCREENSHOTS for a person to look at.

import { describe, test } from "node:test";
import assert from "node:assert/strict";

import { THEMES, chooseTheme, open, pagesWithWidgets, shot, clean, useBook } from "./harness.mjs";

const book = useBook();

const MOUNTED = ".dsw-frame, .dsw-quiz-root, .dsw-error";

async function mounted(page, count) {
  await page.waitForFunction(
    ([sel, n]) => document.querySelectorAll(`[data-dsw-widget], [data-dsw-quiz], [data-dsw-quiz-page]`).length === n &&
      Array.from(document.querySelectorAll(`[data-dsw-widget], [data-dsw-quiz], [data-dsw-quiz-page]`))
        .every((el) => el.querySelector(sel)),
    [MOUNTED, count],
    { timeout: 15000 },
  );
}


describe("every page that declares a widget", () => {
  const pages = pagesWithWidgets();

  test("the book has at least one such page", () => {
    assert.ok(pages.length >= 1, "no built page declares a widget");
  });

  for (const { path, count } of pages) {
    test(`${path}: all ${count} placeholders mount, cleanly and offline`, async () => {
      const { page, context, record } = await open(book.browser, book.base, path);
      await mounted(page, count);
      const errors = await page.locator("[data-dsw-widget] .dsw-error, [data-dsw-quiz] .dsw-error").count();
      assert.equal(errors, 0, `${path} shows an error box: ${await page.locator(".dsw-error").allInnerTexts()}`);
      await shot(page, `page-${path.replaceAll("/", "_").replace(".html", "")}`);
      clean(record);
      await context.close();
    });
  }
});

test("a page without a placeholder never fetches the bundle", async () => {
  const { page, context, record } = await open(book.browser, book.base, "index.html");
  await page.waitForLoadState("networkidle");
  assert.equal(await page.locator("[data-dsw-widget]").count(), 0);
  assert.deepEqual(record.requests.filter((p) => p.includes("/wasm/")), []);
  clean(record);
  await context.close();
});

describe("the ring widget on 'How to use this book'", () => {
  const PAGE = "how-to-use.html";

  test("steps forward and back, scrubs, and answers the keyboard", async () => {
    const { page, context, record } = await open(book.browser, book.base, PAGE);
    await mounted(page, 1);
    const widget = page.locator(".dsw-widget").first();
    const status = widget.locator(".dsw-status");
    await widget.getByRole("button", { name: "Step forward" }).click();
    await widget.getByRole("button", { name: "Step forward" }).click();
    await assert.doesNotReject(status.filter({ hasText: "Step 2: n1 holds the token" }).waitFor());
    await widget.getByRole("button", { name: "Step back" }).click();
    await status.filter({ hasText: "Step 1: the token is in flight from n0 to n1" }).waitFor();
    assert.match(await widget.locator(".dsw-log li").first().innerText(), /n0 sends the token to n1/);

    // Keyboard: focus the frame; arrows must drive the widget, not mdBook's
    // previous/next chapter navigation.
    await widget.locator(".dsw-frame").focus();
    // From step 1: one step replays the recorded step 2, two more are new.
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await status.filter({ hasText: "Step 4:" }).waitFor();
    await page.keyboard.press("ArrowLeft");
    await status.filter({ hasText: "Step 3:" }).waitFor();
    assert.ok(page.url().endsWith(PAGE), `the arrow keys navigated away to ${page.url()}`);
    await page.keyboard.press("Home");
    await status.filter({ hasText: "Step 0:" }).waitFor();
    await page.keyboard.press("End");
    await status.filter({ hasText: "Step 4:" }).waitFor();

    // The scrubber seeks anywhere in the recorded history.
    await widget.locator(".dsw-scrub").fill("1");
    await status.filter({ hasText: "Step 1:" }).waitFor();

    // `?` opens the shortcut help inside the widget, not mdBook's.
    await page.keyboard.press("?");
    await widget.locator(".dsw-help").waitFor();
    assert.equal(await page.locator("#mdbook-help-container").isVisible(), false);
    await shot(page, "ring-help", widget);
    await page.keyboard.press("?");
    assert.equal(await widget.locator(".dsw-help").count(), 0);

    // Crashing a node with its digit key, then letting the token reach it.
    await page.keyboard.press("Home");
    await page.keyboard.press("1");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await status.filter({ hasText: "the token is lost" }).waitFor();
    assert.match(await widget.locator(".dsw-log li").first().innerText(), /n1, which is down: the token is lost/);
    await shot(page, "ring-token-lost", widget);
    clean(record);
    await context.close();
  });

  test("play runs by itself and pause stops it", async () => {
    const { page, context, record } = await open(book.browser, book.base, PAGE);
    await mounted(page, 1);
    const widget = page.locator(".dsw-widget").first();
    await widget.locator(".dsw-controls select").selectOption("4");
    await widget.getByRole("button", { name: "Play" }).click();
    await widget.locator(".dsw-step").filter({ hasText: /step [3-9] \// }).waitFor({ timeout: 10000 });
    await widget.getByRole("button", { name: "Pause" }).click();
    const stopped = await widget.locator(".dsw-step").innerText();
    await page.waitForTimeout(800);
    assert.equal(await widget.locator(".dsw-step").innerText(), stopped, "still stepping after pause");
    clean(record);
    await context.close();
  });

  test("clicking a node crashes and restarts it", async () => {
    const { page, context, record } = await open(book.browser, book.base, PAGE);
    await mounted(page, 1);
    const widget = page.locator(".dsw-widget").first();
    const n2 = widget.locator(".dsw-node").nth(2);
    await n2.click();
    await widget.locator(".dsw-node.dsw-down").first().waitFor();
    assert.match(await widget.locator(".dsw-log li").first().innerText(), /n2 crashes/);
    await n2.click();
    assert.equal(await widget.locator(".dsw-node.dsw-down").count(), 0);
    clean(record);
    await context.close();
  });

  test("follows all five themes, including a switch while on screen", async () => {
    const { page, context, record } = await open(book.browser, book.base, PAGE);
    await mounted(page, 1);
    const widget = page.locator(".dsw-widget").first();
    await widget.scrollIntoViewIfNeeded();
    const colours = {};
    for (const theme of THEMES) {
      await chooseTheme(page, theme);
      colours[theme] = await widget.locator(".dsw-frame").evaluate((el) => {
        const style = getComputedStyle(el);
        const text = getComputedStyle(el.querySelector(".dsw-node-name"));
        return `${style.backgroundColor}|${style.color}|${text.fill}`;
      });
      // The widget's own colours must match the page's, whatever the theme.
      const page_bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      assert.equal(colours[theme].split("|")[0], page_bg, `${theme}: widget background differs from the page`);
      await widget.scrollIntoViewIfNeeded();
      await shot(page, `ring-theme-${theme}`, widget);
    }
    assert.equal(new Set(Object.values(colours)).size, THEMES.length,
      `some themes gave the widget identical colours: ${JSON.stringify(colours)}`);
    clean(record);
    await context.close();
  });

  test("fits a 360 px wide window", async () => {
    const { page, context, record } = await open(book.browser, book.base, PAGE, { viewport: { width: 360, height: 800 } });
    await mounted(page, 1);
    const widget = page.locator(".dsw-widget").first();
    await widget.scrollIntoViewIfNeeded();
    const overflow = await widget.evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.ok(overflow <= 0, `the widget overflows by ${overflow}px`);
    const box = await widget.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 360, `widget box ${JSON.stringify(box)} leaves the window`);
    await shot(page, "ring-narrow-360", widget);
    clean(record);
    await context.close();
  });
});

describe("failures stay inside the widget that failed", () => {
  const PAGE = "how-to-use.html";
  // Placeholders a hand-edited or stale page might hold, added to a real page.
  const INJECTED = [
    `<div id="bad-json" data-dsw-widget="ring" data-dsw-config="{nodes: 5" data-dsw-origin="test:1"></div>`,
    `<div id="bad-value" data-dsw-widget="ring" data-dsw-config='{"nodes":"many"}' data-dsw-origin="test:2"></div>`,
    `<div id="unknown" data-dsw-widget="rnig" data-dsw-config="{}" data-dsw-origin="test:3"></div>`,
    `<div id="panicky" data-dsw-widget="host-check" data-dsw-config='{"panic":true}'></div>`,
    `<div id="calm" data-dsw-widget="host-check" data-dsw-config='{"panic":false}'></div>`,
  ].join("\n");

  async function withInjected(page) {
    await page.route(`**/${PAGE}`, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace("<main>", `<main>${INJECTED}`);
      await route.fulfill({ response, body });
    });
  }

  test("a broken config shows a readable error box and the other widgets work", async () => {
    const { page, context, record } = await open(book.browser, book.base, PAGE, { before: withInjected });
    await mounted(page, 6);
    assert.match(await page.locator("#bad-json .dsw-error").innerText(), /not a JSON object/);
    assert.match(await page.locator("#bad-json .dsw-error").innerText(), /placed at test:1/);
    assert.match(await page.locator("#bad-value .dsw-error").innerText(),
      /parameter `nodes` expects an integer from 3 to 9, got `"many"`/);
    assert.match(await page.locator("#unknown .dsw-error").innerText(), /unknown widget `rnig` \(did you mean `ring`\?\)/);
    // The real ring on the page still works.
    const ring = page.locator(".dsw-widget").first();
    await ring.getByRole("button", { name: "Step forward" }).click();
    await ring.locator(".dsw-status").filter({ hasText: "Step 1:" }).waitFor();
    await shot(page, "broken-configs");
    clean(record);
    await context.close();
  });

  test("a panic shows an error box in that widget only", async () => {
    const { page, context, record } = await open(book.browser, book.base, PAGE, { before: withInjected });
    await mounted(page, 6);
    await page.locator("#panicky button").click();
    await page.locator("#panicky .dsw-error").waitFor();
    assert.match(await page.locator("#panicky .dsw-error").innerText(), /stopped after an internal error/);
    assert.match(await page.locator("#panicky .dsw-error").innerText(), /asked to panic/);
    // Its neighbours, each in their own instance, keep working.
    await page.locator("#calm button").click();
    await page.locator("#calm").filter({ hasText: "pressed 1 times" }).waitFor();
    const ring = page.locator(".dsw-widget").first();
    await ring.getByRole("button", { name: "Step forward" }).click();
    await ring.locator(".dsw-status").filter({ hasText: "Step 1:" }).waitFor();
    await shot(page, "panic-contained", page.locator("#panicky"));
    // The panic itself is reported on the console, and nothing else is.
    assert.ok(record.errors.length > 0, "the panic was not reported on the console");
    assert.ok(record.errors.every((e) => /panic|unreachable|RuntimeError|widget/i.test(e)), record.errors.join("\n"));
    assert.deepEqual(record.offsite, []);
    await context.close();
  });

  test("a missing bundle is explained in the widget, not a blank box", async () => {
    const { page, context } = await open(book.browser, book.base, PAGE, {
      before: (p) => p.route("**/dsw_app_bg.wasm", (route) => route.fulfill({ status: 404, body: "gone" })),
    });
    await mounted(page, 1);
    assert.match(await page.locator(".dsw-error").innerText(), /widget bundle is missing \(404/);
    await context.close();
  });
});
