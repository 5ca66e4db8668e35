//! Exports as CSV that spreadsheet programs open cleanly: codes and labels side by side, never
//! internal ids, numbers in full precision, text safe from formulas.

use crate::completeness::expected;
use crate::csv::{number_field, record, shown_field, text_field};
use crate::{Code, Document, Observation, Period, Value};

fn number_or_blank(value: Option<f64>) -> String {
    value.map(number_field).unwrap_or_default()
}

/// Every observation that counts in the figures ([`Document::counts`]: with approved-only
/// counting, the approved ones), one row per cell (long form), with measure, period and partner as codes
/// and labels, the value in full precision and as Cairn prints it ("48.1%"), and a ratio's
/// numerator and denominator as entered, and a column for each of the coalition's breakdowns
/// holding the category code a value counts (blank for a total). Cairn's import reads this file
/// back as it is (it does not import the printed value).
pub fn observations_csv(document: &Document) -> String {
    let start = document.coalition.fiscal_year_start;
    let breakdowns = &document.coalition.breakdowns;
    let mut out = record(
        [
            "measure_code",
            "measure",
            "period",
            "period_label",
            "partner_code",
            "partner",
            "value",
            "value_as_shown",
            "numerator",
            "denominator",
            "weight",
            "note",
            "entered_by",
            "entered_at",
        ]
        .map(String::from)
        .into_iter()
        .chain(breakdowns.iter().map(|b| text_field(b.code.as_str()))),
    );
    for o in document.observations.iter().filter(|o| document.counts(o)) {
        let Some(m) = document.measure(&o.measure) else {
            continue;
        };
        let measure = m.title.as_str();
        let partner = document.partner(&o.partner).map_or("", |p| p.name.as_str());
        let (numerator, denominator, weight) = match o.value {
            Value::Ratio {
                numerator,
                denominator,
            } => (Some(numerator), Some(denominator), None),
            Value::Weighted { weight, .. } => (None, None, Some(weight)),
            Value::Number(_) => (None, None, None),
        };
        out.push_str(&record(
            [
                text_field(o.measure.as_str()),
                text_field(measure),
                text_field(&o.period.code()),
                text_field(&o.period.label(start)),
                text_field(o.partner.as_str()),
                text_field(partner),
                number_field(m.display(o.value)),
                shown_field(&m.format_value(m.display(o.value))),
                number_or_blank(numerator),
                number_or_blank(denominator),
                number_or_blank(weight),
                text_field(&o.note),
                text_field(&o.entered_by),
                text_field(&o.entered_at),
            ]
            .into_iter()
            .chain(
                breakdowns
                    .iter()
                    .map(|b| text_field(o.group.category_of(&b.code).map_or("", |c| c.as_str()))),
            ),
        ));
    }
    out
}

/// A closed measure's label in the measures export: "2026-12-04: why; continued as M1-2".
fn closed_text(m: &crate::Measure) -> String {
    match (m.closed, &m.continued_as) {
        (Some(on), Some(next)) => format!("{on}: {}; continued as {next}", m.closing_reason),
        _ => String::new(),
    }
}

/// Every measure with its definition, rules, baseline and targets, and for a closed one when,
/// why and which measure continues it.
pub fn measures_csv(document: &Document) -> String {
    let mut out = record(
        [
            "code",
            "title",
            "definition",
            "unit",
            "value_type",
            "polarity",
            "accumulation",
            "rollup",
            "frequency",
            "strategies",
            "steward",
            "reporters",
            "key",
            "decimals",
            "baseline_period",
            "baseline_value",
            "targets",
            "closed",
        ]
        .map(String::from),
    );
    let codes = |codes: &[Code]| codes.iter().map(Code::as_str).collect::<Vec<_>>().join(" ");
    for m in &document.measures {
        let targets = m
            .targets
            .iter()
            .map(|t| format!("{} {}", t.period, t.value))
            .collect::<Vec<_>>()
            .join("; ");
        out.push_str(&record([
            text_field(m.code.as_str()),
            text_field(&m.title),
            text_field(&m.definition),
            text_field(&m.unit),
            text_field(m.value_type.label()),
            text_field(m.polarity.label()),
            text_field(m.accumulation.label()),
            text_field(m.rollup.label()),
            text_field(m.frequency.label()),
            text_field(&codes(&m.strategies)),
            text_field(m.steward.as_ref().map_or("", Code::as_str)),
            text_field(&codes(&m.reporters)),
            text_field(if m.key { "yes" } else { "no" }),
            number_field(f64::from(m.decimals)),
            text_field(&m.baseline.map(|b| b.period.code()).unwrap_or_default()),
            number_or_blank(m.baseline.map(|b| b.value)),
            text_field(&targets),
            text_field(&closed_text(m)),
        ]));
    }
    out
}

/// Every partner with its sector, level of partnership and the four characteristics.
pub fn partners_csv(document: &Document) -> String {
    let mut out = record(
        [
            "code",
            "name",
            "sector",
            "level",
            "structure",
            "communication",
            "decision_making",
            "commitment",
        ]
        .map(String::from),
    );
    for p in &document.partners {
        let c = p.characteristics;
        out.push_str(&record([
            text_field(p.code.as_str()),
            text_field(&p.name),
            text_field(p.sector.label()),
            text_field(p.level.label()),
            number_field(f64::from(c.structure.get())),
            number_field(f64::from(c.communication.get())),
            number_field(f64::from(c.decision_making.get())),
            number_field(f64::from(c.commitment.get())),
        ]));
    }
    out
}

/// Every activity with its partners, strategy, the measures it aims to move and its dates.
pub fn activities_csv(document: &Document) -> String {
    let mut out = record(
        [
            "code",
            "title",
            "description",
            "lead",
            "supporters",
            "strategy",
            "measures",
            "audience",
            "status",
            "start",
            "end",
        ]
        .map(String::from),
    );
    for a in &document.activities {
        let measures = a
            .aims
            .iter()
            .map(|aim| {
                let way = match aim.direction {
                    crate::Direction::Up => "up",
                    crate::Direction::Down => "down",
                };
                format!("{} {way}", aim.measure)
            })
            .collect::<Vec<_>>()
            .join("; ");
        let supporters = a
            .supporters
            .iter()
            .map(Code::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(&record([
            text_field(a.code.as_str()),
            text_field(&a.title),
            text_field(&a.description),
            text_field(a.lead.as_str()),
            text_field(&supporters),
            text_field(a.strategy.as_ref().map_or("", Code::as_str)),
            text_field(&measures),
            text_field(&a.audience),
            text_field(a.status.label()),
            text_field(&a.start.to_string()),
            text_field(&a.end.map(|d| d.to_string()).unwrap_or_default()),
        ]));
    }
    out
}

/// A partner's template for one period: one row for each value the partner owes whose period
/// ends within `within`, with its last value before then, the baseline and the target beside
/// empty value, numerator and denominator columns. Filled in, it imports back as it is.
pub fn template_csv(document: &Document, partner: &Code, within: Period) -> String {
    let start = document.coalition.fiscal_year_start;
    let partner_name = document.partner(partner).map_or("", |p| p.name.as_str());
    let mut out = record(
        [
            "measure_code",
            "measure",
            "unit",
            "period",
            "period_label",
            "partner_code",
            "partner",
            "last_value",
            "baseline",
            "target",
            "value",
            "numerator",
            "denominator",
            "weight",
            "note",
        ]
        .map(String::from),
    );
    for owed in expected(document, partner, within) {
        let Some(measure) = document.measure(&owed.measure) else {
            continue;
        };
        let last: Option<&Observation> = document
            .observations
            .of_measure(&measure.code)
            .filter(|o| &o.partner == partner && o.group.is_total() && o.period < owed.period)
            .last();
        let percent_hint = match (measure.value_type, measure.rollup) {
            (crate::ValueType::Percent, _) => " (enter numerator and denominator)",
            (crate::ValueType::Rate, _) => {
                " (enter count and population as numerator and denominator)"
            }
            (_, crate::Rollup::WeightedMean) => " (enter the mean as value and its weight)",
            _ => "",
        };
        out.push_str(&record([
            text_field(measure.code.as_str()),
            text_field(&format!("{}{percent_hint}", measure.title)),
            text_field(&measure.unit),
            text_field(&owed.period.code()),
            text_field(&owed.period.label(start)),
            text_field(partner.as_str()),
            text_field(partner_name),
            text_field(&last.map_or(String::new(), |o| {
                format!(
                    "{} ({})",
                    measure.format_value(measure.display(o.value)),
                    o.period
                )
            })),
            text_field(
                &measure
                    .baseline
                    .map_or(String::new(), |b| measure.format_value(b.value)),
            ),
            text_field(
                &measure
                    .target_for(owed.period)
                    .or(measure.end_target())
                    .map_or(String::new(), |t| {
                        format!("{} by {}", measure.format_value(t.value), t.period)
                    }),
            ),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv::read;
    use crate::sample;

    #[test]
    fn every_export_has_a_header_and_one_row_per_record() {
        let doc = sample::coalition();
        for (csv, rows) in [
            (observations_csv(&doc), doc.observations.len()),
            (measures_csv(&doc), doc.measures.len()),
            (partners_csv(&doc), doc.partners.len()),
            (activities_csv(&doc), doc.activities.len()),
        ] {
            assert_eq!(read(&csv).unwrap().rows.len(), rows + 1);
        }
    }

    #[test]
    fn the_activities_export_names_partners_and_measures_by_code() {
        let csv = activities_csv(&sample::coalition());
        assert!(csv.contains("A1,Museum teen docents,"));
        assert!(csv.contains("SCI,LIB HS-NORTH HS-EAST,SKILLS,CO-DELIVERED up; NEW-SKILL up,teens 13-18,Active,2024-09-01,"));
    }
}
