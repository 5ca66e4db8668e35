//! Benchmark: the whole dashboard and every chart for a large coalition (50 partners, 100
//! monthly measures, 10 years, about 120,000 observations). Prints figures; asserts nothing.
//!
//! Run with `cargo bench -p cairn-charts --bench dashboard`.

use std::time::{Duration, Instant};

use cairn_charts::{small_multiple, turn_the_curve, Size};
use cairn_core::dashboard::{dashboard, Filter};
use cairn_core::sample::{large, Size as Scale};

const RUNS: usize = 7;

/// Runs `work` RUNS times and returns the median duration.
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
    format!("{:8.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let started = Instant::now();
    let doc = large(Scale::LARGE);
    println!(
        "large coalition: {} partners, {} measures, {} observations (generated in {})",
        doc.partners.len(),
        doc.measures.len(),
        doc.observations.len(),
        ms(started.elapsed()).trim()
    );
    let key = Filter {
        key_only: true,
        ..Filter::default()
    };
    let dashboard_key = median(|| {
        let d = dashboard(&doc, &key);
        d.rows
            .iter()
            .map(|r| small_multiple(&doc, &doc.measures[r.measure], &r.series, &r.summary).len())
            .sum::<usize>()
    });
    let compute_all = median(|| dashboard(&doc, &Filter::default()));
    let all = dashboard(&doc, &Filter::default());
    let charts_all = median(|| {
        all.rows
            .iter()
            .map(|r| {
                let m = &doc.measures[r.measure];
                turn_the_curve(&doc, m, &r.series, &r.summary, Size::FULL).len()
                    + small_multiple(&doc, m, &r.series, &r.summary).len()
            })
            .sum::<usize>()
    });
    println!("median of {RUNS} runs:");
    println!(
        "  dashboard as shown (20 key measures: compute + small-multiple SVGs) {}",
        ms(dashboard_key)
    );
    println!(
        "  compute every measure's series and summary (100 measures)          {}",
        ms(compute_all)
    );
    println!(
        "  render every chart's SVG (100 full charts + 100 small multiples)   {}",
        ms(charts_all)
    );
    println!(
        "  whole dashboard, every measure and chart                            {}",
        ms(compute_all + charts_all)
    );
}
