// A measurement, not a test: prints time to interactive for every page with
// a widget, and frame times while the Foundations widget plays with auto
// chaos. Run it with `cargo xtask perf`; numbers vary with the machine, so
// nothing here passes or fails.

import { launch, open, pagesWithWidgets, serveBook } from "./harness.mjs";

const served = await serveBook();
const browser = await launch();

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

console.log("time to interactive (navigation start -> every placeholder mounted), median of 5 loads:");
for (const { path, count } of pagesWithWidgets()) {
  const samples = [];
  for (let i = 0; i < 5; i++) {
    const { page, context } = await open(browser, served.base, path);
    await page.waitForFunction(
      (n) => {
        const places = document.querySelectorAll("[data-dsw-widget], [data-dsw-quiz], [data-dsw-quiz-page]");
        return places.length === n && Array.from(places).every((el) => !el.querySelector(".dsw-loading"));
      },
      count,
      { timeout: 20000, polling: 5 },
    );
    samples.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  const s = stats(samples);
  console.log(`  ${path.padEnd(32)} ${s.median.toFixed(0).padStart(6)} ms  (max ${s.max.toFixed(0)} ms, ${count} placeholder${count === 1 ? "" : "s"})`);
}

console.log("\nframe times while the rpc widget plays with auto chaos at 4x for 5 s:");
{
  const { page, context } = await open(browser, served.base, "ch01-foundations/index.html");
  const widget = page.locator(".dsw-widget").first();
  await widget.locator(".dsw-frame").waitFor();
  await widget.locator(".dsw-controls select").selectOption("4");
  await widget.locator(".dsw-frame").evaluate((el) => el.scrollIntoView());
  await widget.locator(".dsw-chaos input").check();
  const frames = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const deltas = [];
        let last = performance.now();
        const end = last + 5000;
        const tick = (now) => {
          deltas.push(now - last);
          last = now;
          if (now < end) requestAnimationFrame(tick);
          else resolve(deltas);
        };
        requestAnimationFrame(tick);
      }),
  );
  const steps = await widget.locator(".dsw-step").innerText();
  const s = stats(frames);
  // A frame counts as dropped when it took more than one and a half vsync
  // intervals; a few hundredths of a millisecond over 16.7 is timer jitter.
  const dropped = frames.filter((d) => d > 25).length;
  console.log(`  ${frames.length} frames: median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms; ${dropped} dropped (over 25 ms); reached ${steps}`);
  await context.close();
}

await browser.close();
served.server.close();
