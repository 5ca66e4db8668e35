//! The cards' small charts, drawn after the cards: their code (plotters and `cairn-charts`)
//! is in a module of its own, downloaded after the dashboard's first paint, and they are drawn
//! a few at a time between repaints, so the first paint waits for neither the charts' code nor
//! the drawing of a hundred charts.

use cairn_core::dashboard::Dashboard as Computed;
use cairn_core::measure::Measure;
use cairn_core::series::Series;
use cairn_core::summary::MeasureSummary;
use cairn_core::Document;
use leptos::prelude::*;

use crate::later::ready_now;
use crate::state::Store;

/// How many charts are drawn in one task: about 2 ms each on a laptop, so a task stays well
/// under 50 ms even on a phone four times slower.
const PER_TASK: usize = 4;

/// What a card shows once drawn: its small chart, and the measure's largest gap between
/// groups, if it has breakdowns.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawn {
    pub svg: String,
    pub gap: Option<String>,
}

/// A card's chart: nothing until it is drawn.
pub type Chart = RwSignal<Option<Drawn>>;

/// The small chart of one measure (see `cairn_charts::small_multiple`) and its largest gap
/// (`cairn_core::equity::largest_gap`), both worked out in this module so that the dashboard's
/// first paint waits for the code of neither (the gap's is 14 KiB).
///
/// A reader who sees published figures only (a viewer, when the coalition hides small groups
/// from viewers) gets the largest gap among the groups the published tables show
/// (`cairn_core::publish::largest_published_gap`), so a card never names a hidden group.
#[leptos::lazy]
fn small_multiple(
    document: &Document,
    measure: &Measure,
    series: &Series,
    summary: &MeasureSummary,
    readers: Readers,
) -> Drawn {
    Drawn {
        svg: cairn_charts::small_multiple(document, measure, series, summary),
        gap: match readers {
            Readers::Members => cairn_core::equity::largest_gap(document, measure),
            Readers::Outside => cairn_core::publish::largest_published_gap(document, measure),
        },
    }
}

/// Whose figures a card shows: the coalition's own, or those published outside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Readers {
    Members,
    Outside,
}

/// Downloads the charts' module without drawing a chart (see `crate::screen::preload`).
pub async fn preload() {
    __preload_small_multiple().await;
}

/// Draws each card's chart into its signal, `(row of computed, chart)`, in order. Stops when
/// the cards are gone (their signals disposed: the dashboard was redrawn or left).
pub fn draw_later(store: Store, computed: Memo<Option<Computed>>, charts: Vec<(usize, Chart)>) {
    leptos::task::spawn_local(async move {
        __preload_small_multiple().await;
        let viewer = store
            .sync
            .grant
            .with_untracked(|g| g.role == cairn_core::access::Role::Viewer);
        for batch in charts.chunks(PER_TASK) {
            let drawn = store.doc.with_untracked(|doc| {
                computed.try_with_untracked(|computed| {
                    let (Some(doc), Some(computed)) = (doc, computed) else {
                        return false;
                    };
                    batch.iter().all(|(row, chart)| {
                        let Some(row) = computed.rows.get(*row) else {
                            return false;
                        };
                        let measure = &doc.measures[row.measure];
                        let readers = if viewer && doc.coalition.hide_small_cells_from_viewers {
                            Readers::Outside
                        } else {
                            Readers::Members
                        };
                        let drawn = ready_now(small_multiple(
                            doc,
                            measure,
                            &row.series,
                            &row.summary,
                            readers,
                        ));
                        chart.try_set(drawn).is_none()
                    })
                })
            });
            if drawn != Some(true) {
                return;
            }
            crate::clock::after(0).await;
        }
    });
}
