use cairn_core::report::{report, ReportTemplate, Section, Selection};
use cairn_core::{sample, Code, Document};

use super::*;

fn stamp() -> Stamp {
    Stamp {
        data_as_of: "Data as of 1 December 2026 at 16:02".into(),
        made: "2 December 2026 at 09:00".into(),
    }
}

fn render(doc: &Document, template: &ReportTemplate) -> String {
    page(doc, template, &report(doc, template), &stamp(), STYLE)
}

fn code(text: &str) -> Code {
    Code::parse(text).unwrap()
}

#[test]
fn the_page_is_self_contained_with_no_script_and_nothing_fetched() {
    let doc = sample::coalition();
    let html = render(&doc, &ReportTemplate::new("Board", 2026));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("<link"));
    assert!(!html.contains("src="));
    assert!(!html.contains("url("));
    assert!(html.contains("<svg"));
    assert!(html.contains(".report h1"));
}

#[test]
fn every_status_sentence_is_the_dashboards() {
    let doc = sample::coalition();
    let template = ReportTemplate::new("Board", 2025);
    let r = report(&doc, &template);
    let html = render(&doc, &template);
    assert!(!r.dashboard.rows.is_empty());
    for row in &r.dashboard.rows {
        assert!(
            html.contains(&esc(&row.summary.sentence)),
            "{}",
            row.summary.sentence
        );
    }
    assert!(html.contains(&esc(&r.dashboard.goal.overall.text())));
}

#[test]
fn text_a_member_typed_is_escaped() {
    let mut doc = sample::coalition();
    doc.measures[0].title = "<script>alert(1)</script> & more".into();
    doc.coalition.name = "A <b>bold</b> coalition".into();
    let template = ReportTemplate {
        measures: Selection::Chosen(vec![doc.measures[0].code.clone()]),
        ..ReportTemplate::new("<i>Board</i>", 2026)
    };
    let html = render(&doc, &template);
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<b>bold"));
    assert!(!html.contains("<i>Board"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
}

#[test]
fn only_the_chosen_sections_are_printed() {
    let doc = sample::coalition();
    let template = ReportTemplate {
        sections: vec![Section::Indicators],
        ..ReportTemplate::new("Board", 2026)
    };
    let html = render(&doc, &template);
    assert!(html.contains("<h2 class=\"glue\">Indicators</h2>"));
    assert!(!html.contains("Goal summary"));
    assert!(!html.contains("<svg"));
    assert!(!html.contains("class=\"r-measure"));
    assert!(!html.contains("Level of partnership"));
}

#[test]
fn the_data_tables_hold_coalition_figures_and_no_partners_values() {
    let doc = sample::coalition();
    let template = ReportTemplate {
        sections: vec![Section::Table],
        ..ReportTemplate::new("Board", 2026)
    };
    let html = render(&doc, &template);
    for partner in &doc.partners {
        assert!(!html.contains(&esc(&partner.name)), "{}", partner.name);
    }
    assert!(html.contains("the coalition&#39;s values") || html.contains("the coalition's values"));
}

#[test]
fn a_chosen_measure_since_deleted_is_named_as_missing() {
    let doc = sample::coalition();
    let template = ReportTemplate {
        measures: Selection::Chosen(vec![code("LIB-CARD"), code("GONE")]),
        ..ReportTemplate::new("Board", 2026)
    };
    let html = render(&doc, &template);
    assert!(html.contains("no longer defines them: GONE."));
}

#[test]
fn the_paper_names_the_printed_page() {
    let doc = sample::coalition();
    let a4 = ReportTemplate {
        paper: cairn_core::report::Paper::A4,
        ..ReportTemplate::new("Board", 2026)
    };
    assert!(render(&doc, &a4).contains("class=\"report paper-a4\""));
    let (top, right, bottom, left) = MARGINS_MM;
    let margin = format!("margin: {top}mm {right}mm {bottom}mm {left}mm;");
    assert_eq!(STYLE.matches(&margin).count(), 2, "{margin}");
}

mod card {
    use cairn_core::publication::Publication;
    use cairn_core::report::{report, ReportTemplate, Section, Selection};
    use cairn_core::sample;

    use crate::card::{embed_path, folder, utc_text, Published, INDEX};
    use crate::{esc, STYLE};

    fn when() -> Published {
        Published {
            published: "2 December 2026 at 15:20 UTC".into(),
            data_as_of: "1 December 2026 at 16:02 UTC".into(),
        }
    }

    fn card_of(template: ReportTemplate) -> Vec<crate::card::CardFile> {
        folder(
            &sample::coalition(),
            &Publication::coalition_only(template),
            &when(),
            STYLE,
        )
        .unwrap()
    }

    #[test]
    fn the_folder_holds_the_card_and_one_embed_per_charted_measure() {
        let doc = sample::coalition();
        let template = ReportTemplate::new("Report card", 2026);
        let files = card_of(template.clone());
        let run = report(&doc, &template);
        assert_eq!(files[0].path, INDEX);
        assert_eq!(files.len(), 1 + run.dashboard.rows.len());
        for (file, row) in files[1..].iter().zip(&run.dashboard.rows) {
            let measure = &doc.measures[row.measure];
            assert_eq!(file.path, embed_path(&measure.code));
            assert!(file.html.contains(&esc(&row.summary.sentence)));
            assert!(file.html.contains("<svg"));
            assert!(file.html.contains("<table"));
        }
    }

    #[test]
    fn the_card_says_when_it_was_published_and_what_its_data_is_as_of() {
        let files = card_of(ReportTemplate::new("Report card", 2026));
        assert!(files[0].html.contains(
            "Published 2 December 2026 at 15:20 UTC · data as of 1 December 2026 at 16:02 UTC"
        ));
    }

    #[test]
    fn every_page_is_self_contained_with_no_script() {
        for file in card_of(ReportTemplate::new("Report card", 2026)) {
            assert!(file.html.starts_with("<!DOCTYPE html>"), "{}", file.path);
            assert!(!file.html.contains("<script"), "{}", file.path);
            assert!(!file.html.contains("<link"), "{}", file.path);
            assert!(!file.html.contains("src="), "{}", file.path);
        }
    }

    #[test]
    fn a_chart_without_its_table_chosen_is_published_with_it() {
        let mut template = ReportTemplate::new("Charts only", 2026);
        template.sections = vec![Section::Chart];
        let files = card_of(template);
        assert!(files[0].html.contains("<table"));
    }

    #[test]
    fn a_partners_values_are_shown_only_when_the_administrator_chose_it() {
        let doc = sample::coalition();
        let template = ReportTemplate {
            measures: Selection::All,
            ..ReportTemplate::new("Card", 2026)
        };
        let partner = &doc.partners[0].name;
        let hidden = folder(
            &doc,
            &Publication::coalition_only(template.clone()),
            &when(),
            STYLE,
        )
        .unwrap();
        let header = format!("<th scope=\"col\" class=\"r-n\">{}</th>", esc(partner));
        assert!(hidden.iter().all(|f| !f.html.contains(&header)));
        let shown = Publication {
            template,
            partner_values: true,
        };
        let files = folder(&doc, &shown, &when(), STYLE).unwrap();
        assert!(files[0].html.contains(&header), "{header}");
    }

    #[test]
    fn a_card_without_charts_has_no_embeds() {
        let mut template = ReportTemplate::new("Words", 2026);
        template.sections = vec![Section::Status, Section::Story];
        assert_eq!(card_of(template).len(), 1);
    }

    #[test]
    fn server_times_are_written_as_people_say_them() {
        assert_eq!(
            utc_text("2026-12-02T15:20:07Z"),
            "2 December 2026 at 15:20 UTC"
        );
        assert_eq!(utc_text("not a time"), "not a time");
    }
}

#[test]
fn a_report_of_a_coalition_that_reviews_values_says_what_its_figures_count() {
    let mut doc = cairn_core::sample::coalition();
    let template = cairn_core::report::ReportTemplate::new("Annual", 2026);
    let plain = crate::article(
        &doc,
        &template,
        &cairn_core::report::report(&doc, &template),
        &stamp(),
    );
    assert!(!plain.contains("r-counting"));
    doc.coalition.review = true;
    doc.coalition.count_unapproved = true;
    let report = cairn_core::report::report(&doc, &template);
    let html = crate::article(&doc, &template, &report, &stamp());
    assert!(
        html.contains("values not yet approved by the backbone"),
        "{html}"
    );
}

#[test]
fn a_card_marks_a_small_group_and_the_cell_that_would_give_it_back() {
    let template = ReportTemplate {
        measures: Selection::All,
        ..ReportTemplate::new("Card", 2026)
    };
    let when = crate::card::Published {
        published: "2 December 2026 at 15:20 UTC".into(),
        data_as_of: "1 December 2026 at 16:02 UTC".into(),
    };
    let publication = cairn_core::publication::Publication::coalition_only(template);
    let files = crate::card::folder(&sample::coalition(), &publication, &when, STYLE).unwrap();
    let card = &files[0].html;
    // Absenteeism by area: the Hill villages are a dozen students a school.
    let at = card.find("by area of the county").expect("a table by area");
    let table = &card[at..at + card[at..].find("</table>").unwrap()];
    assert!(
        table.contains(">Hill villages</th><td class=\"r-n\">C</td>"),
        "{table}"
    );
    assert!(table.contains(">D</td>"), "{table}");
    assert!(card.contains("C: fewer than 11; hidden to protect privacy."));
    assert!(card.contains("D: hidden so that a hidden figure cannot be worked out"));
}
