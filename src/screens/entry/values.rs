//! The grid's values, one signal per cell, kept up to date by one effect on the document: an
//! edit (or a value arriving from another member) wakes the cell it changed and no other. With
//! an effect per cell on the whole document, every edit woke every cell of the grid (600 on a
//! large coalition's grid), which cost more than the edit itself.
//!
//! The effect looks again only at the cells of measures whose values changed
//! ([`cairn_core::Stamp`]), and each measure's stamp is a signal too, for what a cell shows
//! from its measure's other values (a running total, what its groups add up to).

use std::collections::BTreeMap;

use cairn_core::{CellKey, Code, Stamp, Value};
use leptos::prelude::*;

use crate::state::Store;

/// The values the cells of one grid show.
#[derive(Clone, Copy)]
pub struct CellValues {
    cells: StoredValue<BTreeMap<CellKey, RwSignal<Option<Value>>>>,
    measures: StoredValue<BTreeMap<Code, RwSignal<Option<Stamp>>>>,
    /// The grid's owner, which owns the measures' signals: a cell that goes takes its own
    /// signal with it, never its measure's, which other cells read.
    owner: StoredValue<Option<Owner>>,
}

impl CellValues {
    /// Values for `store`'s document, followed from now on.
    pub fn follow(store: Store) -> CellValues {
        let values = CellValues {
            cells: StoredValue::new(BTreeMap::new()),
            measures: StoredValue::new(BTreeMap::new()),
            owner: StoredValue::new(Owner::current()),
        };
        Effect::new(move |_| {
            store.doc.with(|doc| {
                let Some(doc) = doc else {
                    return;
                };
                let mut changed = Vec::new();
                values.measures.with_value(|measures| {
                    for (code, shown) in measures {
                        let now = Some(doc.observations.stamp(code));
                        if shown.get_untracked() != now {
                            shown.set(now);
                            changed.push(code.clone());
                        }
                    }
                });
                if changed.is_empty() {
                    return;
                }
                values.cells.update_value(|cells| {
                    cells.retain(|key, shown| {
                        if !changed.contains(&key.measure) {
                            return true;
                        }
                        // A cell no longer on the screen has let its signal go.
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
        self.measure(store, &key.measure);
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

    /// The state of `measure`'s values, as a signal that changes only when one of them does.
    pub fn measure(&self, store: Store, measure: &Code) -> ReadSignal<Option<Stamp>> {
        if let Some(kept) = self.measures.with_value(|m| m.get(measure).copied()) {
            return kept.read_only();
        }
        let now = store
            .doc
            .with_untracked(|d| d.as_ref().map(|d| d.observations.stamp(measure)));
        let make = || RwSignal::new(now);
        let signal = match self.owner.get_value() {
            Some(owner) => owner.with(make),
            None => make(),
        };
        self.measures.update_value(|m| {
            m.insert(measure.clone(), signal);
        });
        signal.read_only()
    }
}
