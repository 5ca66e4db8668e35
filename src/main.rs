//! Starts Cairn in the browser.

fn main() {
    cairn::mount();
}
