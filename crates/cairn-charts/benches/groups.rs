//! Benchmark: values by group at the size issue 16 names (300 organisations, eight
//! race/ethnicity categories, about 290,000 values a year) and at a tenth and a hundredth of
//! it, so a cost that grows with the data shows. Prints figures; asserts nothing.
//!
//! For each size: recording one category's value (what the grid's Enter does in the core), the
//! whole dashboard, one measure by group with its chart, the published table with small cells
//! hidden and audited, and the coalition as the backup and first-sync text (its bytes, raw and
//! gzip-sized by the length of its JSON; the server sends the same rows).
//!
//! Run with `cargo bench -p cairn-charts --bench groups`.

use std::time::{Duration, Instant};

use cairn_core::dashboard::{dashboard, Filter};
use cairn_core::sample::large_by_group;
use cairn_core::{Observation, Value};

const RUNS: usize = 5;

fn median<T>(mut work: impl FnMut() -> T) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(work());
            start.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn ms(d: Duration) -> String {
    format!("{:9.3} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    println!(
        "{:>9} {:>13} {:>13} {:>13} {:>13} {:>13} {:>13} {:>12}",
        "values",
        "record one",
        "one series",
        "dashboard",
        "by group",
        "published",
        "save text",
        "text bytes"
    );
    for partners in [3, 30, 300] {
        let mut doc = large_by_group(partners);
        let values = doc.observations.len();
        let m = doc.measures[1].clone();
        let breakdown = doc.coalition.breakdowns[0].clone();
        let cell = doc
            .observations
            .of_measure(&m.code)
            .find(|o| !o.group.is_total())
            .unwrap()
            .clone();
        let mut n: f64 = 0.0;
        let record = median(|| {
            n += 1.0;
            doc.record(Observation {
                value: match cell.value {
                    Value::Ratio { denominator, .. } => Value::Ratio {
                        numerator: n.min(denominator),
                        denominator,
                    },
                    Value::Weighted { weight, .. } => Value::Weighted { mean: n, weight },
                    Value::Number(_) => Value::Number(n),
                },
                ..cell.clone()
            })
            .unwrap()
        });
        let one = median(|| cairn_core::series::series(&doc, &m, m.frequency));
        let whole = median(|| dashboard(&doc, &Filter::default()));
        let by = median(|| {
            let by = cairn_core::equity::by_group(&doc, &m, &breakdown, m.frequency);
            cairn_charts::by_group(&doc, &m, &by, cairn_charts::Size::FULL).len()
        });
        let by_group = cairn_core::equity::by_group(&doc, &m, &breakdown, m.frequency);
        let last = by_group.periods.len() - 1;
        let published =
            median(|| cairn_core::publish::group_table(&m, &by_group, last, true, 10).unwrap());
        let mut text = String::new();
        let save = median(|| {
            text = cairn_core::format::save(&doc);
            text.len()
        });
        println!(
            "{values:>9} {} {} {} {} {} {} {:>9.1} MB",
            ms(record),
            ms(one),
            ms(whole),
            ms(by),
            ms(published),
            ms(save),
            text.len() as f64 / 1e6
        );
    }
}
