//! Saving text as a file on the user's computer.

use wasm_bindgen::JsCast;

/// Offers `text` as a download named `filename`. Returns whether the browser took it.
pub fn download(filename: &str, mime: &str, text: &str) -> bool {
    let attempt = || -> Option<()> {
        let parts = js_sys::Array::of1(&text.into());
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
        offer(&blob, filename)
    };
    attempt().is_some()
}

/// Offers `blob` as a download named `filename`, through a link clicked for the member.
fn offer(blob: &web_sys::Blob, filename: &str) -> Option<()> {
    let url = web_sys::Url::create_object_url_with_blob(blob).ok()?;
    let document = web_sys::window()?.document()?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download(filename);
    link.click();
    web_sys::Url::revoke_object_url(&url).ok()?;
    Some(())
}

/// Offers CSV `text` as a download named `filename`, as UTF-8 with a byte-order mark: without
/// it Excel reads the file in the computer's legacy code page and shows "Jul–Sep" or a
/// partner's accented name as mojibake. Google Sheets, LibreOffice and Cairn's own import skip
/// the mark. Returns whether the browser took it.
pub fn download_csv(filename: &str, text: &str) -> bool {
    download(
        filename,
        "text/csv;charset=utf-8",
        &format!("\u{feff}{text}"),
    )
}

/// Offers `bytes` as a download named `filename`. Returns whether the browser took it.
pub fn download_bytes(filename: &str, mime: &str, bytes: &[u8]) -> bool {
    let attempt = || -> Option<()> {
        let array = js_sys::Uint8Array::from(bytes);
        let parts = js_sys::Array::of1(&array);
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
        offer(&blob, filename)
    };
    attempt().is_some()
}
