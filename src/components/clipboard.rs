//! Copying text for the member to paste elsewhere (an e-mail, a partner's website).

use leptos::prelude::*;

/// What a copy said: `Ok` with what to do next, or `Err` with how to copy by hand.
pub type Said = RwSignal<Option<Result<&'static str, &'static str>>>;

/// Puts `text` on the clipboard and says in `said` whether it worked: `done` if it did.
pub fn copy(text: String, done: &'static str, said: Said) {
    let clipboard = window().navigator().clipboard();
    leptos::task::spawn_local(async move {
        let copied = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text)).await;
        said.set(Some(match copied {
            Ok(_) => Ok(done),
            Err(_) => Err("The browser did not allow copying: select the text above and press Ctrl+C (⌘C on a Mac)."),
        }));
    });
}
