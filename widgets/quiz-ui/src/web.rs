//! The few browser calls the quiz makes: the clock, localStorage, saving a
//! file and reading one. Nothing here touches the network.

use std::cell::RefCell;
use std::rc::Rc;

use dsw_quiz::Day;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, BlobPropertyBag, File, FileReader, HtmlAnchorElement, Storage, Url};

use crate::store::Backend;

pub fn now_millis() -> f64 {
    js_sys::Date::now()
}

/// Today in the learner's own calendar, so reviews fall due at their midnight.
pub fn today() -> Day {
    let offset = -js_sys::Date::new_0().get_timezone_offset() as i32;
    dsw_quiz::day_from_unix_millis(now_millis() as i64, offset)
}

/// A fresh seed for shuffles and drills. Not reproducible on purpose: a
/// learner who sees the same arrangement each visit learns positions.
pub fn random_seed() -> u64 {
    let high = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    let low = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    (high << 32) ^ low ^ now_millis() as u64
}

/// mdBook's per-page `path_to_root`, for links to other chapters.
pub fn path_to_root() -> Option<String> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &JsValue::from_str("path_to_root"))
        .ok()?
        .as_string()
}

/// A message for the learner from whatever JavaScript threw.
pub fn js_message(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value
        .as_string()
        .unwrap_or_else(|| "the browser gave no reason".to_owned())
}

/// localStorage. Opening it can throw (Safari's and Firefox's private modes,
/// storage disabled by policy); the store then keeps progress in memory.
pub struct WebStorage(Storage);

impl WebStorage {
    pub fn open() -> Result<WebStorage, String> {
        let window = web_sys::window().ok_or("there is no browser window")?;
        match window.local_storage() {
            Ok(Some(storage)) => Ok(WebStorage(storage)),
            Ok(None) => Err("this browser has no local storage".to_owned()),
            Err(e) => Err(js_message(&e)),
        }
    }
}

impl Backend for WebStorage {
    fn read(&self, key: &str) -> Result<Option<String>, String> {
        self.0.get_item(key).map_err(|e| js_message(&e))
    }

    fn write(&mut self, key: &str, value: &str) -> Result<(), String> {
        self.0.set_item(key, value).map_err(|e| js_message(&e))
    }
}

/// Saves `text` as a file through a temporary `<a download>`, the one way to
/// save a file from a page without a server round trip.
pub fn download(name: &str, text: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("there is no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type("application/json");
    let blob =
        Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|e| js_message(&e))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|e| js_message(&e))?;
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| js_message(&e))?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    let body = document.body().ok_or("the page has no body")?;
    body.append_child(&anchor).map_err(|e| js_message(&e))?;
    anchor.click();
    anchor.remove();
    // Revoking at once can cancel the download in some browsers; a moment
    // later it has started and the URL is only a leak.
    gloo_timers::callback::Timeout::new(10_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// A `data:` URL holding `text`, for a link that downloads it: unlike an
/// object URL it needs no revoking, and the text is small.
pub fn data_url(text: &str) -> String {
    format!(
        "data:application/json;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(text))
    )
}

/// Reads a chosen file as text and hands the result to `done`, exactly once.
pub fn read_text(file: &File, done: impl FnOnce(Result<String, String>) + 'static) {
    type Done = Box<dyn FnOnce(Result<String, String>)>;
    let slot: Rc<RefCell<Option<Done>>> = Rc::new(RefCell::new(Some(Box::new(done))));
    let finish = move |slot: &RefCell<Option<Done>>, result| {
        if let Some(done) = slot.borrow_mut().take() {
            done(result);
        }
    };
    let reader = match FileReader::new() {
        Ok(reader) => reader,
        Err(e) => return finish(&slot, Err(js_message(&e))),
    };
    let finished = reader.clone();
    let in_handler = slot.clone();
    // `loadend` fires once, after success or failure alike, so one handler
    // that frees itself after the call covers both.
    let on_end = Closure::once_into_js(move || {
        let text = finished.result().ok().and_then(|v| v.as_string());
        finish(
            &in_handler,
            text.ok_or_else(|| "the file could not be read".to_owned()),
        );
    });
    reader.set_onloadend(Some(on_end.unchecked_ref()));
    if let Err(e) = reader.read_as_text(file) {
        reader.set_onloadend(None);
        finish(&slot, Err(js_message(&e)));
    }
}
