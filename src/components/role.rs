//! What the member's role lets the screens offer. The server decides (it checks every change
//! with the same `cairn_core::Grant`); the screens only stop offering what it would refuse.

use cairn_core::Grant;
use leptos::prelude::*;

use crate::state::use_store;

/// The member's grant in the open coalition: everything while it is not shared.
pub fn use_grant() -> RwSignal<Grant> {
    use_store().sync.grant
}

/// Returns a reactive test that is true if and only if the member administers the coalition.
pub fn administers() -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    let grant = use_grant();
    move || grant.with(Grant::administers)
}

/// The opposite of [`administers`], for `hidden` and `disabled` attributes.
pub fn not_administers() -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    let grant = use_grant();
    move || !grant.with(Grant::administers)
}

/// Returns a reactive test that is true if and only if the member may change anything.
pub fn writes() -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    let grant = use_grant();
    move || grant.with(Grant::writes)
}

/// Shown instead of a form the member's role cannot use.
#[component]
pub fn NotForYourRole(what: &'static str) -> impl IntoView {
    let grant = use_grant();
    view! {
        <section class="page">
            <h1>"Not open to your role"</h1>
            <p class="notice" role="status">
                {move || format!("As {} you cannot {what}. A backbone administrator can do it, or change your role.", with_article(&describe(&grant.get())))}
            </p>
            <p><a href="#/">"Go to the dashboard"</a></p>
        </section>
    }
}

/// A short line above a page the member can read but not change.
#[component]
pub fn ReadOnlyNote(what: &'static str) -> impl IntoView {
    let grant = use_grant();
    view! {
        <p class="notice read-only" role="note">
            {move || format!("As {} you can read {what}; a backbone administrator changes it.", with_article(&describe(&grant.get())))}
        </p>
    }
}

fn with_article(role: &str) -> String {
    let article = if role.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {role}")
}

/// A grant in words: "partner editor for LIB".
pub fn describe(grant: &Grant) -> String {
    match &grant.partner {
        Some(partner) => format!("{} for {partner}", grant.role.label()),
        None => grant.role.label().to_string(),
    }
}
