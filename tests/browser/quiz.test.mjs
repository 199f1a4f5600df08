// Browser tests of the quizzes: every kind answered right and wrong, the
// feedback, saved progress across a reload, corrupt saved progress, export
// and import, review, a drill to its report, and keyboard-only answering.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";

import { SCREENSHOTS, chooseTheme, open, shot, clean, useBook } from "./harness.mjs";

const CHAPTER = "ch01-foundations/index.html";
const book = useBook();


/** The chapter's quiz as the page carries it (the preprocessor's JSON). */
async function quizData(page) {
  return page.evaluate(() => JSON.parse(document.querySelector("[data-dsw-quiz]").getAttribute("data-dsw-quiz")));
}

const card = (page, id) => page.locator(`.dsw-q[data-qid="${id}"]`);

async function submit(page, id) {
  await card(page, id).locator(".dsw-q-submit").click();
  await card(page, id).locator(".dsw-q-feedback").waitFor();
  return (await card(page, id).locator(".dsw-q-feedback").getAttribute("class")).includes("dsw-q-correct");
}

async function choose(page, id, keys) {
  for (const key of keys) await card(page, id).locator(`.dsw-q-option[data-key="${key}"] input`).check();
}

/** Puts an ordering question's items in their correct order with the Up buttons. */
async function order(page, id, correctly) {
  const items = card(page, id).locator(".dsw-q-order-item");
  const n = await items.count();
  for (let target = 0; target < n; target++) {
    for (;;) {
      const indices = await items.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-index"))));
      const at = indices.indexOf(correctly ? target : n - 1 - target);
      if (at <= target) break;
      await items.nth(at).locator(".dsw-q-up").click();
    }
  }
}

describe("the Foundations quiz", () => {
  test("grades every kind, right and wrong, explaining every option", async () => {
    const { page, context, record } = await open(book.browser, book.base, CHAPTER);
    await page.locator(".dsw-quiz-chapter").waitFor();
    const quiz = await quizData(page);
    const byId = Object.fromEntries(quiz.questions.map((q) => [q.id, q]));
    const keyAt = (id, i) => byId[id].kind.options[i].key;

    // Single choice: right, then a wrong one with every option explained.
    const mc = byId["ch01-definition"].kind;
    await choose(page, "ch01-definition", [keyAt("ch01-definition", mc.answer)]);
    assert.equal(await submit(page, "ch01-definition"), true);
    const wrongKey = byId["ch01-partial-failure"].kind.options.map((o) => o.key)
      .find((_, i) => i !== byId["ch01-partial-failure"].kind.answer);
    await choose(page, "ch01-partial-failure", [wrongKey]);
    assert.equal(await submit(page, "ch01-partial-failure"), false);
    assert.equal(
      await card(page, "ch01-partial-failure").locator(".dsw-q-why").count(),
      byId["ch01-partial-failure"].kind.options.length,
      "every option gets its explanation",
    );
    await shot(page, "quiz-wrong-choice", card(page, "ch01-partial-failure"));

    // Multiple select.
    await choose(page, "ch01-motivations", byId["ch01-motivations"].kind.answers.map((i) => keyAt("ch01-motivations", i)));
    assert.equal(await submit(page, "ch01-motivations"), true);
    await choose(page, "ch01-fallacies", [keyAt("ch01-fallacies", 0)]);
    assert.equal(await submit(page, "ch01-fallacies"), false);

    // Numeric, with and without the unit typed.
    await card(page, "ch01-amdahl").locator(".dsw-q-number").fill("6.4");
    assert.equal(await submit(page, "ch01-amdahl"), true);
    await card(page, "ch01-bft-replicas").locator(".dsw-q-number").fill("4 replicas");
    assert.equal(await submit(page, "ch01-bft-replicas"), false);
    assert.match(await card(page, "ch01-bft-replicas").locator(".dsw-q-feedback").innerText(), /7/);

    // Ordering.
    await order(page, "ch01-failure-hierarchy", true);
    assert.equal(await submit(page, "ch01-failure-hierarchy"), true);
    await order(page, "ch01-latency-order", false);
    assert.equal(await submit(page, "ch01-latency-order"), false);

    // Short answer, with another accepted spelling.
    await card(page, "ch01-flp").locator(".dsw-q-text").fill("  fischer, LYNCH and paterson ");
    assert.equal(await submit(page, "ch01-flp"), true);
    await card(page, "ch01-byzantine-name").locator(".dsw-q-text").fill("crash-stop");
    assert.equal(await submit(page, "ch01-byzantine-name"), false);

    // Predict the next step: the widget is shown frozen at the question's
    // step, the answer is graded by running the simulator and explained with
    // its own event log, and then the widget unfreezes for the learner.
    const stage = card(page, "ch01-predict-slow-reply").locator(".dsw-q-stage");
    await stage.locator(".dsw-frozen").waitFor();
    assert.equal(await stage.getByRole("button", { name: "Step forward" }).count(), 0, "frozen means no controls");
    await choose(page, "ch01-predict-slow-reply", ["timeout"]);
    assert.equal(await submit(page, "ch01-predict-slow-reply"), true);
    assert.match(await card(page, "ch01-predict-slow-reply").locator(".dsw-q-log-text").innerText(), /client's timer goes off/);
    await stage.getByRole("button", { name: "Step forward" }).click();
    await stage.locator(".dsw-step").filter({ hasText: /^step 1 \// }).waitFor();
    await shot(page, "quiz-predict-unfrozen", card(page, "ch01-predict-slow-reply"));
    await choose(page, "ch01-predict-request-lost", ["1"]);
    assert.equal(await submit(page, "ch01-predict-request-lost"), false);
    await shot(page, "quiz-predict", card(page, "ch01-predict-request-lost"));
    clean(record);
    await context.close();
  });

  test("after answering everything, retry reopens only the wrong ones", async () => {
    const { page, context, record } = await open(book.browser, book.base, CHAPTER);
    await page.locator(".dsw-quiz-chapter").waitFor();
    const quiz = await quizData(page);
    let wrong = 0;
    for (const q of quiz.questions) {
      const c = card(page, q.id);
      if (["MultipleChoice", "MultipleSelect", "Predict"].includes(q.kind.type)) {
        await c.locator(".dsw-q-option input").first().check();
      } else if (q.kind.type === "Numeric") {
        await c.locator(".dsw-q-number").fill(String(q.kind.answer));
      } else if (q.kind.type === "ShortAnswer") {
        await c.locator(".dsw-q-text").fill("not the answer");
      }
      if (!(await submit(page, q.id))) wrong += 1;
    }
    assert.ok(wrong > 0 && wrong < quiz.questions.length, `${wrong} wrong`);
    assert.match(await page.locator(".dsw-q-score").innerText(), new RegExp(`${quiz.questions.length - wrong}`));
    await page.locator(".dsw-q-retry").click();
    await page.waitForFunction((n) => document.querySelectorAll(".dsw-q-submit").length === n, wrong);
    assert.equal(await page.locator(".dsw-q-submit").count(), wrong);
    clean(record);
    await context.close();
  });

  test("'show me in the widget' loads the scenario in the chapter's widget", async () => {
    const { page, context, record } = await open(book.browser, book.base, CHAPTER);
    await page.locator(".dsw-quiz-chapter").waitFor();
    await card(page, "ch01-predict-crashed-after").locator(".dsw-q-show").click();
    const widget = page.locator(".dsw-widget").first();
    await widget.locator(".dsw-preset select").evaluate((s) => s.value).then((v) => v);
    await page.waitForFunction(() => document.querySelector(".dsw-preset select")?.value === "server-crashed-after");
    assert.match(await widget.locator(".dsw-step").innerText(), /^step 0 \//);
    clean(record);
    await context.close();
  });

  test("keyboard only: choose with arrows and space, submit with Enter", async () => {
    const { page, context, record } = await open(book.browser, book.base, CHAPTER);
    await page.locator(".dsw-quiz-chapter").waitFor();
    const q = card(page, "ch01-heartbeat-suspect");
    await q.locator(".dsw-q-option input").first().focus();
    await page.keyboard.press("Space");
    await q.locator(".dsw-q-submit").focus();
    await page.keyboard.press("Enter");
    await q.locator(".dsw-q-feedback").waitFor();
    clean(record);
    await context.close();
  });
});

describe("saved progress", () => {
  test("survives a reload, is exported, reset and imported again", async () => {
    const context = await book.browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const errors = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(book.base + CHAPTER);
    await page.locator(".dsw-quiz-chapter").waitFor();
    const quiz = await quizData(page);
    const first = quiz.questions[0];
    await choose(page, first.id, [first.kind.options[first.kind.answer].key]);
    await submit(page, first.id);
    await choose(page, "ch01-predict-slow-reply", ["reply"]);
    await submit(page, "ch01-predict-slow-reply");

    await page.goto(book.base + "practice/progress.html");
    const row = page.locator('.dsw-progress-table tr[data-chapter="ch01-foundations"]');
    await row.waitFor();
    await page.reload();
    await row.waitFor();
    assert.equal((await row.locator(".dsw-progress-seen").innerText()).trim(), "2");
    assert.equal((await row.locator(".dsw-progress-correct").innerText()).trim(), "1");
    await shot(page, "progress-page");

    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(".dsw-export").click()]);
    const file = join(SCREENSHOTS, "exported-progress.json");
    await download.saveAs(file);

    await page.locator(".dsw-reset").click();
    await page.locator(".dsw-reset-confirm").click();
    await page.locator(".dsw-reset-result").waitFor();
    assert.equal((await row.locator(".dsw-progress-seen").innerText()).trim(), "0");

    await page.locator(".dsw-import").setInputFiles(file);
    await page.locator(".dsw-import-result").waitFor();
    assert.match(await page.locator(".dsw-import-result").innerText(), /added 2/);
    assert.equal((await row.locator(".dsw-progress-seen").innerText()).trim(), "2");

    // A file that is not progress changes nothing and says why.
    await page.locator(".dsw-import").setInputFiles({ name: "junk.json", mimeType: "application/json", buffer: Buffer.from("{not json") });
    await page.locator(".dsw-import-error").waitFor();
    assert.equal((await row.locator(".dsw-progress-seen").innerText()).trim(), "2");

    // The review page now has the wrongly answered question due first.
    await page.goto(book.base + "practice/review.html");
    await page.locator(".dsw-review .dsw-q").first().waitFor();
    assert.match(await page.locator(".dsw-review-count").innerText(), /\d/);
    await shot(page, "review-page");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("corrupt saved progress is reset with a visible notice and a backup", async () => {
    const { page, context, record } = await open(book.browser, book.base, "practice/progress.html", {
      before: (p) => p.addInitScript(() => {
        if (!sessionStorage.getItem("corrupted")) {
          localStorage.setItem("dsw-quiz-progress", "{\"schema\": 2, \"questions\": [oops");
          sessionStorage.setItem("corrupted", "1");
        }
      }),
    });
    const notice = page.locator(".dsw-notice");
    await notice.waitFor();
    assert.match(await notice.innerText(), /could not be read|reset/i);
    const backups = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("dsw-quiz-progress-backup-")));
    assert.equal(backups.length, 1, "the unreadable data is kept");
    await page.locator(".dsw-notice-download").waitFor();
    await shot(page, "progress-corrupt-notice");
    clean(record);
    await context.close();
  });
});

describe("the interview drill", () => {
  test("runs to its report", async () => {
    const { page, context, record } = await open(book.browser, book.base, "practice/drill.html");
    await page.locator(".dsw-drill-setup").waitFor();
    await page.locator(".dsw-drill-count").fill("3");
    await page.locator(".dsw-drill-start").click();
    for (let i = 0; i < 3; i++) {
      const q = page.locator(".dsw-drill .dsw-q").first();
      await q.waitFor();
      const kind = await q.getAttribute("data-kind");
      if (["MultipleChoice", "MultipleSelect", "Predict"].includes(kind)) {
        await q.locator(".dsw-q-option input").first().check();
      } else if (kind === "Numeric") {
        await q.locator(".dsw-q-number").fill("1");
      } else if (kind === "ShortAnswer") {
        await q.locator(".dsw-q-text").fill("no idea");
      }
      await q.locator(".dsw-q-submit").click();
      await q.locator(".dsw-q-feedback").waitFor();
      const next = page.locator(".dsw-drill-next");
      if (i < 2) await next.click();
      else if (await next.count()) await next.click();
    }
    await page.locator(".dsw-drill-report").waitFor();
    assert.match(await page.locator(".dsw-drill-total").innerText(), /of 3/);
    assert.equal(await page.locator('.dsw-drill-by-chapter tr[data-name]').count() >= 1, true);
    await shot(page, "drill-report");
    clean(record);
    await context.close();
  });

  test("quizzes follow a dark theme", async () => {
    const { page, context, record } = await open(book.browser, book.base, "practice/drill.html");
    await page.locator(".dsw-drill-setup").waitFor();
    await chooseTheme(page, "coal");
    const colours = await page.locator(".dsw-quiz-root").evaluate((el) => getComputedStyle(el).color);
    const text = await page.evaluate(() => getComputedStyle(document.querySelector(".content")).color);
    assert.equal(colours, text);
    await shot(page, "drill-coal");
    clean(record);
    await context.close();
  });
});
