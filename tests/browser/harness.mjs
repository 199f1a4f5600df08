// Shared set-up for the browser tests: a static server for the built book on
// 127.0.0.1, and headless Chromium driven by playwright-core. The tests never
// download a browser: they use the system Chromium that `cargo xtask test`
// found or installed.

import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before } from "node:test";
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { extname, join, normalize, relative, sep } from "node:path";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run these tests through \`cargo xtask test\``);
  return value;
};

export const BOOK_DIR = env("DSW_BOOK_DIR");
export const SCREENSHOTS = env("DSW_SCREENSHOTS");
mkdirSync(SCREENSHOTS, { recursive: true });

const require = createRequire(join(env("DSW_NPM_DIR"), "package.json"));
const { chromium } = require("playwright-core");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".txt": "text/plain; charset=utf-8",
  ".toml": "text/plain; charset=utf-8",
};

/** Serves the built book on an ephemeral port of 127.0.0.1. */
export async function serveBook() {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(BOOK_DIR, path));
    if (!file.startsWith(normalize(BOOK_DIR))) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return { server, base: `http://127.0.0.1:${port}/` };
}

export async function launch() {
  return chromium.launch({
    executablePath: env("DSW_CHROMIUM"),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Opens `path` in a fresh context and records what a test must check on
 * every page: console errors, uncaught exceptions, and any request that
 * leaves 127.0.0.1.
 */
export async function open(browser, base, path, options = {}) {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1100, height: 1400 },
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  const record = { errors: [], offsite: [], requests: [] };
  page.on("console", (msg) => {
    if (msg.type() === "error") record.errors.push(msg.text());
  });
  page.on("pageerror", (err) => record.errors.push(String(err)));
  page.on("request", (req) => {
    const url = new URL(req.url());
    record.requests.push(url.pathname);
    if (!["data:", "blob:"].includes(url.protocol) && url.hostname !== "127.0.0.1") {
      record.offsite.push(req.url());
    }
  });
  // Whatever a page tries to fetch from elsewhere is refused and recorded,
  // so a test can fail on it without depending on this machine's network.
  await context.route((url) => url.hostname !== "127.0.0.1" && url.protocol.startsWith("http"),
    (route) => route.abort());
  if (options.before) await options.before(page);
  await page.goto(base + path, { waitUntil: "load" });
  return { page, context, record };
}

/** Every built page (relative path) whose HTML declares a widget or quiz. */
export function pagesWithWidgets() {
  const pages = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        walk(full);
      } else if (name.endsWith(".html") && name !== "print.html") {
        const html = readFileSync(full, "utf8");
        const count = (html.match(/data-dsw-(widget|quiz|quiz-page)=/g) ?? []).length;
        if (count > 0) pages.push({ path: relative(BOOK_DIR, full).split(sep).join("/"), count });
      }
    }
  };
  walk(BOOK_DIR);
  return pages;
}

/**
 * Saves a screenshot of the viewport, or of one element. An element is shot
 * by scrolling it to the top of the viewport and clipping, with mdBook's
 * floating menu bar hidden: Playwright's element screenshots render the whole
 * page first, which takes many seconds on a long chapter without a GPU.
 */
export async function shot(page, name, locator) {
  const file = join(SCREENSHOTS, `${name}.png`);
  if (!locator) {
    await page.screenshot({ path: file });
    return file;
  }
  await locator.evaluate((el) => el.scrollIntoView({ block: "start" }));
  const box = await locator.boundingBox();
  const viewport = page.viewportSize();
  await page.evaluate(() => document.querySelector("#mdbook-menu-bar")?.style.setProperty("visibility", "hidden"));
  await page.screenshot({
    path: file,
    clip: {
      x: Math.max(0, box.x),
      y: Math.max(0, box.y),
      width: Math.min(box.width, viewport.width - Math.max(0, box.x)),
      height: Math.min(box.height, viewport.height - Math.max(0, box.y)),
    },
  });
  await page.evaluate(() => document.querySelector("#mdbook-menu-bar")?.style.removeProperty("visibility"));
  return file;
}

/** Picks an mdBook theme the way a reader does: the paintbrush menu. */
export async function chooseTheme(page, theme) {
  // mdBook hides its menu bar while scrolling down; go back to where a reader
  // would find the paintbrush.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.click("#mdbook-theme-toggle");
  await page.locator("#mdbook-theme-list").waitFor();
  await page.click(`#mdbook-theme-${theme}`);
  await page.waitForFunction((t) => document.documentElement.classList.contains(t), theme);
  // Choosing a theme leaves mdBook's menu open; the toggle closes it.
  await page.click("#mdbook-theme-toggle");
  await page.locator("#mdbook-theme-list").waitFor({ state: "hidden" });
}

export const THEMES = ["light", "rust", "coal", "navy", "ayu"];

/**
 * Registers the suite's set-up: the book served on 127.0.0.1 and one
 * Chromium, both stopped after the suite. Returns a handle whose `browser`
 * and `base` are filled in once `before` has run.
 */
export function useBook() {
  const handle = { browser: null, base: null, server: null };
  before(async () => {
    const served = await serveBook();
    handle.server = served.server;
    handle.base = served.base;
    handle.browser = await launch();
  });
  after(async () => {
    await handle.browser?.close();
    handle.server?.close();
  });
  return handle;
}

/** What every page must be: free of console errors, and offline. */
export function clean(record) {
  assert.deepEqual(record.errors, [], "console errors");
  assert.deepEqual(record.offsite, [], "requests that left 127.0.0.1");
}

/** Opens `path` and waits for its first widget's frame. */
export async function widgetOn(book, path, options = {}) {
  const opened = await open(book.browser, book.base, path, options);
  const widget = opened.page.locator(".dsw-widget").first();
  await widget.locator(".dsw-frame").waitFor();
  return { ...opened, widget };
}

/** Picks a preset in a simulator widget and waits until it sits at step 0. */
export async function choose(widget, preset) {
  await widget.locator(".dsw-preset select").selectOption(preset);
  await widget.locator(".dsw-step").filter({ hasText: /^step 0 \// }).waitFor();
}

/** Jumps to the end of the recorded run with the End key. */
export async function toEnd(page, widget) {
  await widget.locator(".dsw-frame").focus();
  await page.keyboard.press("End");
  await widget.locator(".dsw-step").filter({ hasText: /^step (\d+) \/ \1$/ }).waitFor();
}
