//! The browser's clock, read in one place: the core takes time only as arguments.

use cairn_core::{Date, MonthIndex};

/// The current time as an RFC 3339 timestamp (UTC), for "entered at".
pub fn now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// Today's date where the user is.
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    Date::new(
        now.get_full_year() as i32,
        now.get_month() as u8 + 1,
        now.get_date() as u8,
    )
    .unwrap_or_else(|_| unreachable!("the browser's date exists in the calendar"))
}

/// The current calendar month where the user is.
pub fn this_month() -> MonthIndex {
    today().month_index()
}

/// Resolves after `ms` milliseconds, in a later task (0: as soon as the browser has had the
/// chance to repaint and handle input), without blocking the page.
pub async fn after(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
