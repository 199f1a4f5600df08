//! What a page's address can ask of a widget: a shared moment
//! (`#dsw-<widget>=<code>`) read once at start, and "show me"
//! (`#dsw-show=<widget>:<scenario>:<step>`) followed whenever the address
//! changes. Every widget, simulator or editor, reads them here.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use crate::parse_show_hash;

/// The code after `#<key>` in the page's address (`key` such as
/// `dsw-clocks=`), if the address carries one.
pub fn linked_code(key: &str) -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.strip_prefix('#')?.strip_prefix(key).map(str::to_owned)
}

/// Follows "show me in the widget" links for `widget` while `listen`:
/// `open` gets the scenario and step and answers whether it opened them,
/// and the widget's frame then scrolls into view.
#[hook]
pub fn use_show_me(
    widget: &'static str,
    frame: NodeRef,
    listen: bool,
    open: Callback<(String, u32), bool>,
) {
    use_effect_with(listen, move |&listen| {
        let listener = Closure::<dyn Fn()>::new(move || {
            let Some(hash) = web_sys::window().and_then(|w| w.location().hash().ok()) else {
                return;
            };
            let Some((name, scenario, step)) = parse_show_hash(&hash) else {
                return;
            };
            if name == widget
                && open.emit((scenario, step))
                && let Some(el) = frame.cast::<web_sys::Element>()
            {
                el.scroll_into_view();
            }
        });
        let window = web_sys::window().filter(|_| listen);
        if let Some(w) = &window {
            let _ =
                w.add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(w) = window {
                let _ = w.remove_event_listener_with_callback(
                    "hashchange",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}
