//! Signing in to the coalition's server: the sign-in form, the signed-in member with sign-out
//! and password change, and the pages that set up a new server and accept an invite.

use leptos::prelude::*;

use crate::components::role::describe;
use crate::route::{navigate, Route};
use crate::state::Link;
use crate::state::{use_store, Store};
use crate::sync::http::{self, HttpError, Me};
use crate::sync::{self, this_origin};

/// What the sharing page knows about this page's server and who is signed in to it.
#[derive(Clone, Debug, PartialEq)]
pub enum Session {
    Checking,
    /// This copy of Cairn is not served by a Cairn server (or it cannot be reached).
    NoServer(String),
    SignedOut {
        /// The server is new and waits for its first administrator.
        setup: bool,
    },
    SignedIn(Me),
}

const NOT_A_SERVER: &str = "This copy of Cairn is not served by a coalition server, so there is nothing to sign in to here. Open the address your backbone staff gave you; until then your data stays in this browser.";

/// Asks the server who is signed in; `session` follows the answer. On a static host (and not
/// linked to a server elsewhere) there is nobody to ask.
pub fn check(store: Store, session: RwSignal<Session>) {
    if !store.sync.is_linked() && !http::served_by_cairn() {
        session.set(Session::NoServer(NOT_A_SERVER.into()));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let next = match sync::refresh_account(store).await {
            Ok(me) => Session::SignedIn(me),
            Err(HttpError::SignedOut(_)) => Session::SignedOut {
                setup: http::setup_needed(&this_origin()).await.unwrap_or(false),
            },
            Err(HttpError::Offline) => Session::NoServer(
                "The server cannot be reached right now. Your data stays in this browser; try again when you are online.".into(),
            ),
            Err(HttpError::Refused { .. }) => Session::NoServer(NOT_A_SERVER.into()),
        };
        session.set(next);
    });
}

/// After signing in: the page shows the member, and a linked coalition syncs again.
fn signed_in(store: Store, session: RwSignal<Session>, me: Me) {
    sync::take_me(store.sync, &me);
    session.set(Session::SignedIn(me));
    if store.sync.is_linked() {
        sync::live::listen(store);
        sync::sync_now(store);
    }
}

#[component]
pub fn SignIn(session: RwSignal<Session>, setup: bool) -> impl IntoView {
    let store = use_store();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let (e, p) = (email.get_untracked(), password.get_untracked());
        wasm_bindgen_futures::spawn_local(async move {
            match http::sign_in(&this_origin(), &e, &p).await {
                Ok(me) => {
                    password.set(String::new());
                    signed_in(store, session, me);
                }
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <h2>"Sign in"</h2>
        {setup.then(|| view! {
            <p class="notice">
                "This server is new and has no administrator yet. "
                <a href=Route::Setup.href()>"Set it up with the code from its log"</a>
            </p>
        })}
        <form class="sign-in" on:submit=submit>
            <Input id="sign-in-email" label="E-mail address" kind="email" autocomplete="username" value=email/>
            <Input id="sign-in-password" label="Password" kind="password" autocomplete="current-password" value=password/>
            <button type="submit" class="primary" disabled=move || busy.get()>"Sign in"</button>
            <Show when=move || error.get().is_some()>
                <p class="form-error" role="alert">{move || error.get()}</p>
            </Show>
        </form>
        <p class="hint">"No account yet? Members join with the invite link a backbone administrator sends them."</p>
    }
}

/// The signed-in member, with sign-out and password change.
#[component]
pub fn SignedIn(session: RwSignal<Session>, me: Me) -> impl IntoView {
    let store = use_store();
    let error = RwSignal::new(None::<String>);
    let out = move |everywhere: bool| {
        error.set(None);
        wasm_bindgen_futures::spawn_local(async move {
            let origin = this_origin();
            let done = if everywhere {
                http::sign_out_everywhere(&origin).await
            } else {
                http::sign_out(&origin).await
            };
            match done {
                Ok(()) | Err(HttpError::SignedOut(_)) => {
                    store.sync.signed_out();
                    sync::live::stop();
                    session.set(Session::SignedOut { setup: false });
                }
                Err(e) => error.set(Some(e.message())),
            }
        });
    };
    view! {
        <div class="signed-in">
            <p>
                "Signed in as "<strong>{me.account.name.clone()}</strong>
                {format!(" ({})", me.account.email)}
                {me.account.server_admin.then_some(", the server's administrator")}"."
            </p>
            <div class="actions">
                <button type="button" on:click=move |_| out(false)>"Sign out"</button>
                <button type="button" on:click=move |_| out(true)>"Sign out on every device"</button>
            </div>
            <Show when=move || error.get().is_some()>
                <p class="form-error" role="alert">{move || error.get()}</p>
            </Show>
            <ChangePassword email=me.account.email.clone()/>
        </div>
    }
}

#[component]
fn ChangePassword(email: String) -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Result<String, String>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        let (c, n) = (current.get_untracked(), new.get_untracked());
        wasm_bindgen_futures::spawn_local(async move {
            message.set(Some(
                match http::change_password(&this_origin(), &c, &n).await {
                    Ok(()) => {
                        current.set(String::new());
                        new.set(String::new());
                        Ok("Password changed. Your other devices were signed out.".into())
                    }
                    Err(e) => Err(e.message()),
                },
            ));
        });
    };
    view! {
        <details class="change-password">
            <summary>"Change your password"</summary>
            <form on:submit=submit>
                // Lets password managers know whose password changes.
                <input type="email" autocomplete="username" hidden readonly value=email/>
                <Input id="password-current" label="Current password" kind="password" autocomplete="current-password" value=current/>
                <Input id="password-new" label="New password" kind="password" autocomplete="new-password" value=new hint="At least 12 characters: a few words you will remember is a good one." minlength=12/>
                <button type="submit">"Change password"</button>
                {move || message.get().map(|m| match m {
                    Ok(text) => view! { <p class="ok" role="status">{text}</p> }.into_any(),
                    Err(text) => view! { <p class="form-error" role="alert">{text}</p> }.into_any(),
                })}
            </form>
        </details>
    }
}

/// One required, labelled input bound to `value`, with an optional hint below it.
#[component]
pub fn Input(
    id: &'static str,
    label: &'static str,
    /// The input's `type`.
    kind: &'static str,
    autocomplete: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] minlength: Option<u32>,
    #[prop(optional)] maxlength: Option<u32>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type=kind required autocomplete=autocomplete
                minlength=minlength.map(|n| n.to_string())
                maxlength=maxlength.map(|n| n.to_string())
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
            {hint.map(|hint| view! { <p class="hint">{hint}</p> })}
        </div>
    }
}

/// Name, e-mail and password fields for a new account.
#[component]
fn NewAccount(
    name: RwSignal<String>,
    email: RwSignal<String>,
    password: RwSignal<String>,
) -> impl IntoView {
    view! {
        <YourName value=name/>
        <Input id="account-email" label="E-mail address" kind="email" autocomplete="username" value=email/>
        <NewPassword value=password/>
    }
}

/// The fields of an account made with an invite: its address is the invite's.
#[component]
fn InvitedAccount(
    name: RwSignal<String>,
    email: String,
    password: RwSignal<String>,
) -> impl IntoView {
    view! {
        <p>"Your account will be "<strong>{email}</strong>", the address the invite was made for."</p>
        <YourName value=name/>
        <NewPassword value=password/>
    }
}

#[component]
fn YourName(value: RwSignal<String>) -> impl IntoView {
    view! {
        <Input id="account-name" label="Your name" kind="text" autocomplete="name" value hint="Other members see it next to the values you enter." maxlength=120/>
    }
}

#[component]
fn NewPassword(value: RwSignal<String>) -> impl IntoView {
    view! {
        <Input id="account-password" label="Choose a password" kind="password" autocomplete="new-password" value hint="At least 12 characters: a few words you will remember is a good one." minlength=12/>
    }
}

/// `#/setup`: the first administrator of a new server, with the code from its log.
#[component]
pub fn SetupPage() -> impl IntoView {
    let store = use_store();
    let (name, email, password) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let (c, e, n, p) = (
            code.get_untracked(),
            email.get_untracked(),
            name.get_untracked(),
            password.get_untracked(),
        );
        wasm_bindgen_futures::spawn_local(async move {
            match http::setup(&this_origin(), &c, &e, &n, &p).await {
                Ok(me) => {
                    sync::take_me(store.sync, &me);
                    navigate(&Route::Sync);
                }
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="page setup-page">
            <h1>"Set up this server"</h1>
            <p class="lead">"You are the coalition's first backbone administrator. The set-up code is printed in the server's log when it starts; it works once."</p>
            <form on:submit=submit>
                <div class="field">
                    <label for="setup-code">"Set-up code"</label>
                    <input id="setup-code" type="text" required autocomplete="off" spellcheck="false"
                        placeholder="ABCD-EFGH-JKLM"
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev))/>
                </div>
                <NewAccount name email password/>
                <button type="submit" class="primary" disabled=move || busy.get()>"Create the administrator"</button>
                <Show when=move || error.get().is_some()>
                    <p class="form-error" role="alert">{move || error.get()}</p>
                </Show>
            </form>
        </section>
    }
}

/// `#/invite/…`: what the invite offers, and joining with it.
#[component]
pub fn InvitePage(token: String) -> impl IntoView {
    let store = use_store();
    let offer = RwSignal::new(None::<Result<http::Offer, String>>);
    let me = RwSignal::new(None::<Me>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let (name, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    {
        let token = token.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let origin = this_origin();
            offer.set(Some(
                http::offer(&origin, &token).await.map_err(|e| e.message()),
            ));
            me.set(http::me(&origin).await.ok());
        });
    }
    let accept = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let token = token.clone();
        let signed_in = me.get_untracked().is_some();
        let (n, p) = if signed_in {
            Default::default()
        } else {
            (name.get_untracked(), password.get_untracked())
        };
        wasm_bindgen_futures::spawn_local(async move {
            let origin = this_origin();
            let joined = match http::accept(&origin, &token, &n, &p).await {
                Ok(me) => {
                    sync::take_me(store.sync, &me);
                    let offered = offer.get_untracked().and_then(Result::ok);
                    match offered {
                        Some(o) => {
                            let link = Link {
                                server: origin,
                                coalition: o.coalition,
                            };
                            sync::connect(store, link, o.grant).await
                        }
                        None => Ok(()),
                    }
                }
                Err(e) => Err(e),
            };
            match joined {
                Ok(()) => navigate(&Route::Dashboard),
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="page invite-page">
            <h1>"Join your coalition"</h1>
            {move || match offer.get() {
                None => view! { <p>"Reading the invite…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
                Some(Ok(o)) => view! {
                    <p class="lead">
                        "You are invited to "<strong>{o.coalition_name.clone()}</strong>" as "
                        <strong>{describe(&o.grant)}</strong>"."
                    </p>
                    <p class="hint">"Joining replaces the data in this browser with the coalition's shared copy; what is here now is kept as a backup in this browser."</p>
                }.into_any(),
            }}
            <Show when=move || matches!(offer.get(), Some(Ok(_)))>
                <form on:submit=accept.clone()>
                    {move || {
                        let invited = offer.get().and_then(Result::ok).map(|o| o.email).unwrap_or_default();
                        match me.get() {
                            Some(me) if me.account.email == invited => view! {
                                <p>{format!("You are signed in as {} ({}): the invite is added to this account.", me.account.name, me.account.email)}</p>
                            }.into_any(),
                            Some(me) => view! {
                                <p class="form-error" role="alert">{format!("This invite is for {invited}, but you are signed in as {}: sign out, then open the link again.", me.account.email)}</p>
                            }.into_any(),
                            None => view! { <InvitedAccount name email=invited password/> }.into_any(),
                        }
                    }}
                    <button type="submit" class="primary" disabled=move || busy.get()>"Join the coalition"</button>
                    <Show when=move || error.get().is_some()>
                        <p class="form-error" role="alert">{move || error.get()}</p>
                    </Show>
                </form>
            </Show>
        </section>
    }
}
