//! Small browser helpers the components share: downloads, sizes set through the CSSOM (the
//! page's Content-Security-Policy forbids inline `style` attributes), focus and scrolling.
//! Failures are ignored: each is a nicety on top of a page that still works.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// Offers `text` as a file download named `file_name`.
pub fn download(file_name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = gloo::utils::document();
    if let Ok(a) = document.create_element("a") {
        let a: HtmlElement = a.unchecked_into();
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", file_name);
        a.set_hidden(true);
        if let Some(body) = document.body() {
            let _ = body.append_child(&a);
            a.click();
            let _ = body.remove_child(&a);
        }
    }
    // Revoke later: the download has started by the time the event loop comes back.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = gloo::utils::window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
}

/// Sets a CSS property of an element through the CSSOM.
pub fn set_style(el: &Element, property: &str, value: &str) {
    if let Some(el) = el.dyn_ref::<HtmlElement>() {
        let _ = el.style().set_property(property, value);
    }
}

/// Focuses the first element matching `selector`, if any.
pub fn focus(selector: &str) {
    if let Ok(Some(el)) = gloo::utils::document().query_selector(selector)
        && let Some(el) = el.dyn_ref::<HtmlElement>()
    {
        let _ = el.focus();
    }
}

/// Whether the person asked for reduced motion.
pub fn reduced_motion() -> bool {
    gloo::utils::window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// Scrolls the window so that `el` is in view (near the middle), smoothly unless the person
/// asked for reduced motion.
pub fn scroll_into_view(el: &Element) {
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    options.set_behavior(if reduced_motion() {
        web_sys::ScrollBehavior::Instant
    } else {
        web_sys::ScrollBehavior::Smooth
    });
    el.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Milliseconds since the page started.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Leaves a performance mark (the browser tests and benchmarks measure from it).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// The window's inner width and height in CSS pixels (a laptop's if unknown).
pub fn viewport() -> (f64, f64) {
    let w = gloo::utils::window();
    let px =
        |v: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>| v.ok().and_then(|v| v.as_f64());
    (
        px(w.inner_width()).unwrap_or(1280.0),
        px(w.inner_height()).unwrap_or(900.0),
    )
}
