//! The first screen of a new browser: load the sample coalition or start an empty one.

use cairn_core::{sample, Document};
use leptos::prelude::*;

use crate::route::{navigate, Route};
use crate::state::use_store;

#[component]
pub fn FirstRun() -> impl IntoView {
    let store = use_store();
    let load_sample = move |_| {
        store.start(sample::coalition());
        navigate(&Route::Dashboard);
    };
    let start_empty = move |_| {
        store.start(Document::empty());
        navigate(&Route::Coalition);
    };
    view! {
        <section class="page first-run">
            <h1>"Welcome to Cairn"</h1>
            <p class="lead">
                "Cairn helps a coalition of libraries, schools, museums and nonprofits record its shared measures and see progress toward its common goal. Everything stays in this browser unless your coalition connects a server."
            </p>
            <div class="choices">
                <div class="choice">
                    <h2>"Explore with sample data"</h2>
                    <p>"The Teen Futures Coalition: eight partners, eight shared measures and three years of data."</p>
                    <button type="button" class="primary" on:click=load_sample>
                        "Load the sample coalition"
                    </button>
                </div>
                <div class="choice">
                    <h2>"Set up your coalition"</h2>
                    <p>"Name your common goal, your strategies and your partners, then define your shared measures."</p>
                    <button type="button" on:click=start_empty>"Start an empty coalition"</button>
                </div>
                <div class="choice">
                    <h2>"Join your coalition"</h2>
                    <p>"Your coalition already shares Cairn on a server: work on the same data as every other member."</p>
                    <a class="button" href="#/sync">"Connect to your coalition's server"</a>
                </div>
            </div>
        </section>
    }
}
