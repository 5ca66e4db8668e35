//! What every editing form shares: knowing whether it holds unsaved work, so that leaving it
//! (in the app or by closing the tab) asks first; and showing a refused save beside the field
//! it concerns, in words that name the field, with that field focused.

use cairn_core::Error;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Whether a form holds unsaved work, read only when asked: a plain function rather than a
/// derived signal, since nothing needs to react to it.
type Dirty = Box<dyn Fn() -> bool>;

thread_local! {
    /// The forms on screen, by a number of their own, with their names and whether they hold
    /// unsaved work. One list for the page (the app runs on one thread), rather than a context.
    static FORMS: std::cell::RefCell<Vec<(u32, &'static str, Dirty)>> = const {
        std::cell::RefCell::new(Vec::new())
    };
}

/// The names of the forms holding unsaved work; with `only`, only forms of that name.
fn dirty(only: Option<&str>) -> Vec<&'static str> {
    FORMS.with_borrow(|forms| {
        forms
            .iter()
            .filter(|(_, name, dirty)| only.is_none_or(|o| o == *name) && dirty())
            .map(|(_, name, _)| *name)
            .collect()
    })
}

/// Asks before the tab closes or reloads while a form holds unsaved work.
pub fn guard_unload() {
    let handle = window_event_listener(leptos::ev::beforeunload, |ev| {
        if !dirty(None).is_empty() {
            // The browser asks in its own words; it shows no text of ours.
            ev.prevent_default();
            ev.set_return_value("unsaved");
        }
    });
    on_cleanup(move || handle.remove());
}

/// Whether the member may leave the forms on screen: nothing is unsaved, or they said so.
pub fn may_leave() -> bool {
    confirm(dirty(None))
}

/// Whether the member may close the form `name` without leaving the page (its Cancel button,
/// or editing another record in its place); other forms on the page keep their work.
pub fn may_discard(name: &'static str) -> bool {
    confirm(dirty(Some(name)))
}

/// Asks before leaving the forms `names`, if any; true if there is nothing to ask or the
/// member chose to leave.
fn confirm(mut names: Vec<&'static str>) -> bool {
    names.dedup();
    let Some((first, rest)) = names.split_first() else {
        return true;
    };
    let mut which = first.to_string();
    for name in rest {
        which += " and ";
        which += name;
    }
    let text = format!("You have unsaved changes in {which}. Leave without saving?");
    window().confirm_with_message(&text).unwrap_or(true)
}

/// Registers the calling form, named as in "unsaved changes in `name`", as holding unsaved work
/// whenever `dirty` says so, for as long as the form is on screen.
pub fn track(name: &'static str, dirty: impl Fn() -> bool + 'static) {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    FORMS.with_borrow_mut(|f| f.push((id, name, Box::new(dirty))));
    on_cleanup(move || FORMS.with_borrow_mut(|f| f.retain(|e| e.0 != id)));
}

/// Why a save was refused, and which field it is about: the id of its input, or `None` for
/// the form as a whole (a rule across several fields, a record still in use).
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub field: Option<String>,
    pub message: String,
}

impl Problem {
    /// `error` about the field whose input has `id` and whose label reads `label`.
    pub fn at(id: impl Into<String>, label: &str, error: &Error) -> Problem {
        Problem {
            field: Some(id.into()),
            message: naming(label, error),
        }
    }

    pub fn form(error: &Error) -> Problem {
        Problem {
            field: None,
            message: error.to_string(),
        }
    }
}

/// Where a form shows the core's refusals: the field the core names (`Required { field }` and
/// the like), or the error's code for the others, then the input's id and its label.
pub type Places = &'static [(&'static str, &'static str, &'static str)];

/// Places `error` beside the field `places` gives for it, or on the whole form.
pub fn place(error: &Error, places: Places) -> Problem {
    let key = match error {
        Error::Required { field }
        | Error::TooLong { field, .. }
        | Error::Negative { field }
        | Error::TooLarge { field }
        | Error::TooSmall { field }
        | Error::PercentOutOfRange { field } => field,
        e => e.code(),
    };
    match places.iter().find(|(k, ..)| *k == key) {
        Some((_, id, label)) => Problem::at(*id, label, error),
        None => Problem::form(error),
    }
}

/// Says `error` so that it names the field labelled `label`: the core names fields in general
/// terms ("A code is required"), and a form may have several codes.
fn naming(label: &str, error: &Error) -> String {
    let what = match error {
        Error::Required { .. } => "is required.".to_string(),
        Error::TooLong { max, .. } => format!("is too long: keep it to {max} characters."),
        Error::Negative { .. } => "cannot be negative.".to_string(),
        _ => {
            let message = error.to_string();
            if message.starts_with(label) {
                return message;
            }
            // "The target …" reads on after the label as "the target …"; "FY2026" stays.
            let b = message.as_bytes();
            let message = match b {
                [first, second, ..]
                    if first.is_ascii_uppercase() && second.is_ascii_lowercase() =>
                {
                    format!(
                        "{}{}",
                        char::from(first.to_ascii_lowercase()),
                        &message[1..]
                    )
                }
                _ => message,
            };
            return format!("{label}: {message}");
        }
    };
    format!("{label} {what}")
}

/// A form's current problem, shown beside its field. `form_id` is the element that shows a
/// problem about the whole form.
#[derive(Clone, Copy)]
pub struct Problems {
    general: RwSignal<Option<String>>,
    field: RwSignal<Option<String>>,
    form_id: &'static str,
}

impl Problems {
    pub fn new(form_id: &'static str) -> Problems {
        Problems {
            general: RwSignal::new(None),
            field: RwSignal::new(None),
            form_id,
        }
    }

    /// Shows `problem` and moves the focus to its field (or to the form's message), once the
    /// message is on screen so that the field is read with it.
    pub fn show(&self, problem: Problem) {
        self.clear();
        let id = match problem.field {
            Some(id) => {
                mark(&id, &problem.message);
                self.field.set(Some(id.clone()));
                id
            }
            None => {
                self.general.set(Some(problem.message));
                self.form_id.to_string()
            }
        };
        request_animation_frame(move || focus(&id));
    }

    pub fn clear(&self) {
        self.general.set(None);
        if let Some(id) = self.field.get_untracked() {
            unmark(&id);
            self.field.set(None);
        }
    }
}

/// Marks the input `id` invalid and puts `message` right after it, in an element announced as
/// it appears. Done on the page directly, once per refused save, rather than as reactive
/// attributes and a message slot on every input of every form: those cost the bundle 5 KiB
/// (brotli), more than its budget had left.
fn mark(id: &str, message: &str) {
    let page = document();
    let (Some(input), Ok(note)) = (page.get_element_by_id(id), page.create_element("span")) else {
        return;
    };
    let note_id = format!("{id}-error");
    note.set_id(&note_id);
    note.set_class_name("field-error");
    let _ = note.set_attribute("role", "alert");
    note.set_text_content(Some(message));
    let _ = input.after_with_node_1(&note);
    let _ = input.set_attribute("aria-invalid", "true");
    let _ = input.set_attribute("aria-describedby", &note_id);
}

fn unmark(id: &str) {
    let page = document();
    if let Some(input) = page.get_element_by_id(id) {
        let _ = input.remove_attribute("aria-invalid");
        let _ = input.remove_attribute("aria-describedby");
    }
    if let Some(note) = page.get_element_by_id(&format!("{id}-error")) {
        note.remove();
    }
}

/// The message about the whole form, focusable so a refused save is read at once.
#[component]
pub fn FormMessage(problems: Problems) -> impl IntoView {
    let general = problems.general;
    view! {
        <div id=problems.form_id class="form-error" role="alert" tabindex="-1"
            hidden=move || general.with(Option::is_none)>
            {move || general.get()}
        </div>
    }
}

/// Moves the focus to the element with `id`, if there is one.
pub fn focus(id: &str) {
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}
