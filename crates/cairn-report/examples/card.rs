//! Writes the sample coalition's public report card (FY2026, key measures) as its folder into
//! the directory given, to look at the pages without building the app or starting a server:
//! `cargo run -p cairn-report --example card -- /tmp/card`.

use cairn_core::publication::Publication;
use cairn_core::report::ReportTemplate;
use cairn_report::card::{folder, Published};

fn main() -> std::io::Result<()> {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: card <directory>");
        std::process::exit(2);
    };
    let doc = cairn_core::sample::coalition();
    let publication = Publication::coalition_only(ReportTemplate::new("Report card", 2026));
    let when = Published::written(
        "2026-12-02T15:20:00Z",
        doc.latest_entry(),
        cairn_report::card::utc_text,
    );
    let files =
        folder(&doc, &publication, &when, cairn_report::STYLE).map_err(std::io::Error::other)?;
    for file in files {
        let path = std::path::Path::new(&dir).join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, file.html)?;
    }
    println!("The report card is in {dir}/index.html");
    Ok(())
}
