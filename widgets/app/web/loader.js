// Mounts the book's interactive widgets. mdBook loads this small classic
// script on every page; the wasm bundle itself is fetched only by pages that
// have a placeholder. Each placeholder gets its own instance of the bundle
// (compiled once, instantiated per widget): wasm cannot unwind, so a panic
// poisons the instance it happens in, and separate instances keep one broken
// widget from freezing the others.
(function () {
  "use strict";

  const SELECTOR = "[data-dsw-widget], [data-dsw-quiz], [data-dsw-quiz-page]";

  function showError(el, text) {
    const box = document.createElement("div");
    box.className = "dsw-error";
    box.setAttribute("role", "alert");
    const title = document.createElement("strong");
    title.textContent = "This widget could not start.";
    const detail = document.createElement("p");
    detail.textContent = text;
    box.append(title, detail);
    el.replaceChildren(box);
  }

  function start() {
    const places = Array.from(document.querySelectorAll(SELECTOR));
    if (places.length === 0) return;
    // path_to_root is defined by mdBook's page template.
    const root = typeof path_to_root === "string" ? path_to_root : "";
    const base = new URL(root + "wasm/", document.baseURI);
    const glue = new URL("dsw_app.js", base).href;
    const compiled = fetch(new URL("dsw_app_bg.wasm", base)).then((response) => {
      if (!response.ok) {
        throw new Error(
          "the widget bundle is missing (" + response.status + " for " + response.url +
          "); build it with `cargo xtask serve` or `cargo xtask build`"
        );
      }
      return WebAssembly.compileStreaming(response);
    });
    places.forEach((el, index) => {
      import(glue + "?instance=" + index)
        .then(async (module) => {
          await module.default({ module_or_path: await compiled });
          module.mount(el);
        })
        .catch((err) => {
          // A panic draws its own box from inside the instance; keep it.
          if (!el.querySelector(".dsw-error")) showError(el, String(err && err.message ? err.message : err));
          console.error("widget failed:", err);
        });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
