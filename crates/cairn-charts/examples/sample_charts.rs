//! Writes every chart of the sample coalition as SVG files into the folder given as the first
//! argument (default `target/charts`), to look at them outside the app.

use cairn_charts::{contributions, small_multiple, turn_the_curve, Size};
use cairn_core::series::series;
use cairn_core::summary::summarize;

fn main() -> std::io::Result<()> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/charts".into());
    std::fs::create_dir_all(&out)?;
    let doc = cairn_core::sample::coalition();
    for m in &doc.measures {
        let s = series(&doc, m, m.frequency);
        let summary = summarize(&doc, m, &s);
        let code = m.code.as_str();
        std::fs::write(
            format!("{out}/{code}.svg"),
            turn_the_curve(&doc, m, &s, &summary, Size::FULL),
        )?;
        std::fs::write(
            format!("{out}/{code}-small.svg"),
            small_multiple(&doc, m, &s, &summary),
        )?;
        std::fs::write(
            format!("{out}/{code}-partners.svg"),
            contributions(&doc, m, &s, Size::FULL),
        )?;
    }
    println!("Charts written to {out}");
    Ok(())
}
