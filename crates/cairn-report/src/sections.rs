//! The parts of a report, each a piece of HTML. Figures come from the run report
//! (`cairn_core::report::Report`) as the dashboard computed them; nothing here calculates.

use cairn_charts::{turn_the_curve, Size};
use cairn_core::dashboard::Row;
use cairn_core::report::{MeasureReport, Report, ReportTemplate, Section};
use cairn_core::{Document, Story};

use crate::html::{element, esc, table, text};
use crate::Look;

/// The report's heading: the coalition, the report's name, its years and measures, and when
/// the data is from (`when`, as the look writes it).
pub fn heading(doc: &Document, template: &ReportTemplate, when: &str) -> String {
    let (first, last) = template.months(doc.coalition.fiscal_year_start);
    let years = format!(
        "{} ({} {} to {} {}) · {}",
        template.period_label(),
        first.short_name(),
        first.year(),
        last.short_name(),
        last.year(),
        template.describe_measures(doc)
    );
    let inner = [
        text("p", "r-coalition", &doc.coalition.name),
        text("h1", "", &template.name),
        text("p", "r-years", &years),
        text("p", "r-as-of", when),
        // Whether the figures count approved values only, or include unapproved ones.
        cairn_core::review::counting_text(doc)
            .map_or(String::new(), |c| text("p", "r-counting", &c)),
    ]
    .concat();
    element("header", "report-head unit", &inner)
}

/// A notice naming chosen measures (or the strategy) the coalition no longer defines.
pub fn missing(report: &Report) -> String {
    if report.missing.is_empty() {
        return String::new();
    }
    let codes: Vec<&str> = report.missing.iter().map(|c| c.as_str()).collect();
    text(
        "p",
        "r-missing unit",
        &format!(
            "Not in this report because the coalition no longer defines them: {}.",
            codes.join(", ")
        ),
    )
}

/// The common goal and how the key measures stand, overall and per strategy.
pub fn goal(doc: &Document, report: &Report) -> String {
    let goal = &report.dashboard.goal;
    let rows: Vec<Vec<String>> = goal
        .strategies
        .iter()
        .filter(|(_, t)| t.measures > 0)
        .map(|(code, t)| {
            let name = doc
                .coalition
                .strategy(code)
                .map_or(code.to_string(), |s| s.name.clone());
            vec![
                name,
                t.measures.to_string(),
                t.on_track.to_string(),
                (t.at_risk + t.off_track).to_string(),
                t.better_than_baseline.to_string(),
            ]
        })
        .collect();
    let headers = [
        "Strategy",
        "Key measures",
        "On track",
        "At risk or off track",
        "Better than baseline",
    ]
    .map(String::from);
    let mut inner = text("h2", "", "Goal summary");
    if !doc.coalition.goal.is_empty() {
        inner.push_str(&text("p", "r-goal-text", &doc.coalition.goal));
    }
    inner.push_str(&text("p", "r-tally", &goal.overall.text()));
    if !rows.is_empty() {
        inner.push_str(&table(
            "Key measures by strategy",
            &headers,
            &rows,
            &[false, true, true, true, true],
        ));
    }
    element("section", "r-goal unit", &inner)
}

/// One measure: its status sentence, chart, data table and story, as the template chooses.
pub fn measure(
    doc: &Document,
    template: &ReportTemplate,
    row: &Row,
    m: &MeasureReport,
    look: &Look,
) -> String {
    let measure = &doc.measures[row.measure];
    let summary = &row.summary;
    // Two units, so a long measure breaks between its chart and its table rather than leaving
    // a page half empty: the heading, status and chart; then the table and the story (whose
    // caption and heading name the measure).
    let mut inner = text("h2", "", &measure.title);
    if template.has(Section::Status) {
        inner.push_str(&standing(summary));
    }
    if template.has(Section::Chart) {
        let svg = turn_the_curve(doc, measure, &m.history, summary, Size::FULL);
        inner.push_str(&element("figure", "r-chart", &svg));
        if look.narrow_charts {
            // The same chart drawn for a phone's width, where the full one's labels would
            // shrink to a few pixels; the stylesheet shows one of the two.
            let svg = turn_the_curve(doc, measure, &m.history, summary, Size::NARROW);
            inner.push_str(&element("figure", "r-chart r-chart-narrow", &svg));
        }
    }
    let head = element("div", "unit", &inner);
    let mut inner = String::new();
    if template.has(Section::Table) {
        inner.push_str(&look.data_table(doc, measure, &row.series, template));
    }
    if template.has(Section::Table) || template.has(Section::Chart) {
        for table in &m.groups {
            inner.push_str(&group_table(table, look));
        }
    }
    if template.has(Section::Story) {
        inner.push_str(&story(doc, m.story.as_ref(), &measure.title));
    }
    let rest = if inner.is_empty() {
        inner
    } else {
        element("div", "unit", &inner)
    };
    let id = format!("m-{}", cairn_core::code::slug(measure.code.as_str()));
    format!(
        "<section class=\"r-measure\" id=\"{}\">{head}{rest}</section>",
        esc(&id)
    )
}

/// A measure by group as published: small cells marked with their code (never blank), the
/// footnotes for the marks used, and the gap between the published groups.
fn group_table(table: &cairn_core::publish::GroupTable, look: &Look) -> String {
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| vec![r.label.clone(), r.text.clone()])
        .collect();
    let headers = ["Group".to_string(), table.period.code()];
    let html = crate::html::table(&table.caption, &headers, &rows, &[false, true]);
    let mut out = (look.wrap_table)(&table.caption, &html);
    if let Some(gap) = &table.gap {
        out.push_str(&text("p", "r-gap", gap));
    }
    for note in &table.footnotes {
        out.push_str(&text("p", "r-footnote", note));
    }
    element("div", "r-groups unit", &out)
}

/// The status sentence with its status in words and symbol (readable in black and white): the
/// sentence begins with the status word, which is set in bold rather than said twice.
pub fn standing(summary: &cairn_core::summary::MeasureSummary) -> String {
    let status = summary.status;
    let label = status.label();
    let rest = match summary.sentence.strip_prefix(label) {
        Some(rest) => esc(rest),
        None => format!(". {}", esc(&summary.sentence)),
    };
    element(
        "p",
        &format!("r-status {}", status.key()),
        &format!(
            "<span class=\"r-symbol\" aria-hidden=\"true\">{}</span> <strong>{}</strong>{rest}",
            esc(status.symbol()),
            esc(label)
        ),
    )
}

fn story(doc: &Document, story: Option<&Story>, title: &str) -> String {
    let Some(story) = story else {
        return text(
            "p",
            "r-story r-none",
            &format!("No story behind the curve of “{title}” was told for these years."),
        );
    };
    let start = doc.coalition.fiscal_year_start;
    let mut inner = text(
        "h3",
        "",
        &format!(
            "The story behind the curve of “{title}”, {}",
            story.period.label(start)
        ),
    );
    for (label, said) in [
        ("What happened", &story.what_happened),
        ("What works", &story.what_works),
        ("What the coalition will do next", &story.next_steps),
    ] {
        if !said.is_empty() {
            inner.push_str(&format!("<p><strong>{label}.</strong> {}</p>", esc(said)));
        }
    }
    element("div", "r-story", &inner)
}

/// The indicator table: measure, baseline, target, actual, status and explanation.
pub fn indicators(doc: &Document, report: &Report) -> String {
    let headers = [
        "Measure",
        "Baseline",
        "Target",
        "Actual",
        "Status",
        "Explanation",
    ]
    .map(String::from);
    let rows: Vec<Vec<String>> = report
        .indicators
        .iter()
        .map(|i| {
            vec![
                doc.measures[i.measure].title.clone(),
                i.baseline.clone(),
                i.target.clone(),
                i.actual.clone(),
                format!("{} {}", i.status.symbol(), i.status.label()),
                i.explanation.clone(),
            ]
        })
        .collect();
    let inner = text("h2", "glue", "Indicators")
        + &table(
            "Baseline, target and actual value of each measure",
            &headers,
            &rows,
            &[],
        );
    element("section", "r-indicators", &inner)
}

/// The activities working on the report's measures in its years, with their status on its
/// last day.
pub fn activities(doc: &Document, report: &Report) -> String {
    let on = report.end.to_string();
    let headers = [
        "Activity".to_string(),
        "Led by".to_string(),
        "Works on".to_string(),
        format!("Status on {on}"),
    ];
    let rows: Vec<Vec<String>> = report
        .activities
        .iter()
        .map(|line| {
            let a = &doc.activities[line.activity];
            let lead = doc
                .partner(&a.lead)
                .map_or(a.lead.to_string(), |p| p.name.clone());
            let aims: Vec<String> = a
                .aims
                .iter()
                .map(|aim| {
                    doc.measure(&aim.measure)
                        .map_or(aim.measure.to_string(), |m| m.title.clone())
                })
                .collect();
            vec![
                a.title.clone(),
                lead,
                aims.join("; "),
                line.status.label().to_string(),
            ]
        })
        .collect();
    let body = if rows.is_empty() {
        text(
            "p",
            "unit",
            "No activity worked on these measures in these years.",
        )
    } else {
        table("Mutually reinforcing activities", &headers, &rows, &[])
    };
    element(
        "section",
        "r-activities",
        &(text("h2", "glue", "Activities") + &body),
    )
}

/// Every partner with its sector and level of partnership on the report's last day.
pub fn partners(doc: &Document, report: &Report) -> String {
    let headers = [
        "Partner".to_string(),
        "Sector".to_string(),
        format!("Level of partnership on {}", report.end),
    ];
    let rows: Vec<Vec<String>> = report
        .partners
        .iter()
        .map(|(i, level)| {
            let p = &doc.partners[*i];
            vec![
                p.name.clone(),
                p.sector.label().to_string(),
                level.label().to_string(),
            ]
        })
        .collect();
    let inner =
        text("h2", "glue", "Partners") + &table("Partners of the coalition", &headers, &rows, &[]);
    element("section", "r-partners", &inner)
}
