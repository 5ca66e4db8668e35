//! The browser's full-screen mode, for the presentation view.

use leptos::prelude::document;

/// Asks the browser to show the page full screen. Browsers allow it only while handling a
/// click or a key press; refused, the page stays in its window, which still works.
pub fn enter() {
    if let Some(root) = document().document_element() {
        let _ = root.request_fullscreen();
    }
}

/// Ends full screen, if the page is in it.
pub fn exit() {
    if is_on() {
        document().exit_fullscreen();
    }
}

/// Whether the page is full screen now.
pub fn is_on() -> bool {
    document().fullscreen_element().is_some()
}
