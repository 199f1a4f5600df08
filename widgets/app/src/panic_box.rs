//! Turning a panic into an error box inside the widget that panicked.
//!
//! wasm32 has no unwinding: after a panic the instance traps and must not be
//! used again. The loader gives every widget its own instance, so the box only
//! has to cover this one widget, and the others keep running.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use web_sys::Element;

thread_local! {
    static ROOT: RefCell<Option<Element>> = const { RefCell::new(None) };
}

pub fn install(root: &Element) {
    ROOT.with(|r| *r.borrow_mut() = Some(root.clone()));
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&format!("widget panicked: {message}").into());
        ROOT.with(|r| {
            if let Ok(root) = r.try_borrow()
                && let Some(root) = root.as_ref()
            {
                show(root, &message);
            }
        });
    }));
}

/// Built with plain DOM calls: Yew's own state may be mid-update when the
/// panic happens, so it cannot be trusted to draw this.
fn show(root: &Element, message: &str) {
    let Some(document) = root.owner_document() else {
        return;
    };
    let make = |tag: &str, text: &str| {
        let el = document.create_element(tag).ok()?;
        el.set_text_content(Some(text));
        Some(el)
    };
    let Some(boxed) = document.create_element("div").ok() else {
        return;
    };
    boxed.set_class_name("dsw-error");
    let _ = boxed.set_attribute("role", "alert");
    root.set_inner_html("");
    let parts = [
        make("strong", "This widget stopped after an internal error."),
        make("p", message),
        make(
            "p",
            "Reload the page to start it again; the rest of the page still works.",
        ),
    ];
    for part in parts.into_iter().flatten() {
        let _ = boxed.append_child(&part);
    }
    let _ = root.append_child(boxed.unchecked_ref());
}
