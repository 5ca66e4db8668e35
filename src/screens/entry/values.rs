//! The grid's values, one signal per cell, kept up to date by one effect on the document: an
//! edit (or a value arriving from another member) wakes the cell it changed and no other. With
//! an effect per cell on the whole document, every edit woke every cell of the grid (600 on a
//! large coalition's grid), which cost more than the edit itself.

use std::collections::BTreeMap;

use cairn_core::{CellKey, Value};
use leptos::prelude::*;

use crate::state::Store;

/// The values the cells of one grid show.
#[derive(Clone, Copy)]
pub struct CellValues {
    cells: StoredValue<BTreeMap<CellKey, RwSignal<Option<Value>>>>,
}

impl CellValues {
    /// Values for `store`'s document, followed from now on.
    pub fn follow(store: Store) -> CellValues {
        let values = CellValues {
            cells: StoredValue::new(BTreeMap::new()),
        };
        Effect::new(move |_| {
            store.doc.with(|doc| {
                let Some(doc) = doc else {
                    return;
                };
                values.cells.update_value(|cells| {
                    // A cell no longer on the screen has let its signal go.
                    cells.retain(|key, shown| {
                        let now = doc.observations.get(key).map(|o| o.value);
                        match shown.try_get_untracked() {
                            Some(before) if before == now => true,
                            Some(_) => shown.try_set(now).is_none(),
                            None => false,
                        }
                    });
                });
            });
        });
        values
    }

    /// The value of `key` as the document holds it, as a signal that changes only when it
    /// does. The signal belongs to the calling cell and goes with it.
    pub fn watch(&self, store: Store, key: &CellKey) -> ReadSignal<Option<Value>> {
        let now = store.doc.with_untracked(|d| {
            d.as_ref()
                .and_then(|d| d.observations.get(key))
                .map(|o| o.value)
        });
        let signal = RwSignal::new(now);
        self.cells.update_value(|cells| {
            cells.insert(key.clone(), signal);
        });
        signal.read_only()
    }
}
