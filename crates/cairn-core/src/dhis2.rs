//! DHIS2 data value sets: the shape county and state health and education systems take data in
//! (data element, period, organisation unit, category option combination, value), as JSON or
//! CSV, so a coalition can hand its values over and read them back.
//!
//! Identifiers are Cairn's codes (import into DHIS2 with `idScheme=CODE`): the data element is
//! the measure's code, the organisation unit the partner's, and the category option
//! combination the group's (`AGE_13-15`, `AGE_13-15_AREA_NORTH`; `default` for a total, as
//! DHIS2 names its own). A DHIS2 data value holds one number, so a percent or a rate goes as
//! two data elements, `CODE-NUM` and `CODE-DEN`, and a weighted mean as `CODE` and
//! `CODE-WEIGHT`. Periods are DHIS2's: `202603`, `2026Q1` (calendar quarters), `2026`,
//! `2025July` (a financial year from July). A coalition whose fiscal year starts in a month
//! DHIS2 has no financial year for cannot export its fiscal quarters and years.
//!
//! Reading turns a data value set back into Cairn's long-form values ([`read`]), which the
//! import then checks and applies as any other file: nothing is written until the user
//! confirms.

use serde::{Deserialize, Serialize};

use crate::csv::{record, text_field};
use crate::{Document, Error, FiscalYearStart, Group, MonthIndex, Observation, Period, Value};

/// One DHIS2 data value, with the fields Cairn fills.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataValue {
    pub data_element: String,
    pub period: String,
    pub org_unit: String,
    #[serde(default = "default_combo")]
    pub category_option_combo: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stored_by: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

fn default_combo() -> String {
    DEFAULT_COMBO.to_string()
}

/// The category option combination of a total, as DHIS2 names its own default.
pub const DEFAULT_COMBO: &str = "default";

/// A DHIS2 data value set: `{"dataValues": [...]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataValueSet {
    pub data_values: Vec<DataValue>,
}

/// The DHIS2 period of `period`, or an error saying why DHIS2 has none for it.
pub fn period_text(period: Period, start: FiscalYearStart) -> Result<String, Error> {
    let first = period.first_month(start);
    let unsupported = |why: &'static str| Error::NoDhis2Period {
        period: period.code(),
        why,
    };
    match period {
        Period::Month { .. } => Ok(format!("{}{:02}", first.year(), first.month())),
        Period::Quarter { .. } if (first.month() - 1).is_multiple_of(3) => {
            Ok(format!("{}Q{}", first.year(), (first.month() - 1) / 3 + 1))
        }
        Period::Quarter { .. } => Err(unsupported(
            "DHIS2 quarters are calendar quarters, and this fiscal year's quarters are not",
        )),
        Period::Year { .. } => match first.month() {
            1 => Ok(first.year().to_string()),
            4 => Ok(format!("{}April", first.year())),
            7 => Ok(format!("{}July", first.year())),
            10 => Ok(format!("{}Oct", first.year())),
            11 => Ok(format!("{}Nov", first.year())),
            _ => Err(unsupported(
                "DHIS2 has financial years from April, July, October and November only",
            )),
        },
    }
}

/// The first month and the number of months of a DHIS2 period text.
fn parse_period(text: &str) -> Option<(MonthIndex, i32)> {
    let text = text.trim();
    let year = |s: &str| s.parse::<i32>().ok().filter(|y| (1900..=2200).contains(y));
    if text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit()) {
        let month: u8 = text[4..].parse().ok().filter(|m| (1..=12).contains(m))?;
        return Some((MonthIndex::new(year(&text[..4])?, month), 1));
    }
    if let Some((y, q)) = text.split_once('Q') {
        let q: u8 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        return Some((MonthIndex::new(year(y)?, (q - 1) * 3 + 1), 3));
    }
    if text.len() == 4 {
        return Some((MonthIndex::new(year(text)?, 1), 12));
    }
    for (suffix, month) in [("April", 4), ("July", 7), ("Oct", 10), ("Nov", 11)] {
        if let Some(y) = text.strip_suffix(suffix) {
            return Some((MonthIndex::new(year(y)?, month), 12));
        }
    }
    None
}

/// The category option combination of `group`.
pub fn combo_text(group: &Group) -> String {
    if group.is_total() {
        return DEFAULT_COMBO.to_string();
    }
    group
        .choices()
        .iter()
        .map(|c| format!("{}_{}", c.breakdown, c.category))
        .collect::<Vec<_>>()
        .join("_")
}

/// The data values of `document`: every value that counts in the figures, as
/// [`crate::export::observations_csv`] lists them, in the same order.
pub fn data_values(document: &Document) -> Result<Vec<DataValue>, Error> {
    let start = document.coalition.fiscal_year_start;
    let mut out = Vec::new();
    for o in document.observations.iter().filter(|o| document.counts(o)) {
        let period = period_text(o.period, start)?;
        let value = |element: String, v: f64| DataValue {
            data_element: element,
            period: period.clone(),
            org_unit: o.partner.to_string(),
            category_option_combo: combo_text(&o.group),
            value: crate::csv::number_field(v),
            stored_by: o.entered_by.clone().into(),
            comment: o.note.clone().into(),
        };
        match o.value {
            Value::Number(n) => out.push(value(o.measure.to_string(), n)),
            Value::Ratio {
                numerator,
                denominator,
            } => {
                out.push(value(format!("{}-NUM", o.measure), numerator));
                out.push(value(format!("{}-DEN", o.measure), denominator));
            }
            Value::Weighted { mean, weight } => {
                out.push(value(o.measure.to_string(), mean));
                out.push(value(format!("{}-WEIGHT", o.measure), weight));
            }
        }
    }
    Ok(out)
}

/// The data value set of `document` as DHIS2's JSON.
pub fn to_json(document: &Document) -> Result<String, Error> {
    let set = DataValueSet {
        data_values: data_values(document)?,
    };
    Ok(serde_json::to_string_pretty(&set).expect("data values serialize"))
}

/// The columns of DHIS2's CSV data value import, in its order.
const CSV_COLUMNS: [&str; 10] = [
    "dataelement",
    "period",
    "orgunit",
    "categoryoptioncombo",
    "attributeoptioncombo",
    "value",
    "storedby",
    "lastupdated",
    "comment",
    "followup",
];

/// The data value set of `document` as DHIS2's CSV.
pub fn to_csv(document: &Document) -> Result<String, Error> {
    let mut out = record(CSV_COLUMNS.map(String::from));
    for v in data_values(document)? {
        out.push_str(&record([
            text_field(&v.data_element),
            text_field(&v.period),
            text_field(&v.org_unit),
            text_field(&v.category_option_combo),
            String::new(),
            v.value.clone(),
            text_field(&v.stored_by),
            String::new(),
            text_field(&v.comment),
            "false".to_string(),
        ]));
    }
    Ok(out)
}

/// Reads a DHIS2 data value set (JSON, or CSV with DHIS2's columns) as the data values it
/// holds; a CSV's columns are found by their headers.
pub fn parse(text: &str) -> Result<Vec<DataValue>, Error> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('{') {
        let set: DataValueSet =
            serde_json::from_str(text).map_err(|e| Error::NotADataValueSet(e.to_string()))?;
        return Ok(set.data_values);
    }
    let records = crate::csv::read(text).map_err(|e| Error::NotADataValueSet(e.to_string()))?;
    let Some((_, header)) = records.rows.first() else {
        return Ok(Vec::new());
    };
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(de), Some(pe), Some(ou), Some(value)) = (
        column("dataelement"),
        column("period"),
        column("orgunit"),
        column("value"),
    ) else {
        return Err(Error::NotADataValueSet(
            "its first line needs the columns dataelement, period, orgunit and value".into(),
        ));
    };
    let (coc, by, comment) = (
        column("categoryoptioncombo"),
        column("storedby"),
        column("comment"),
    );
    let cell = |row: &[String], i: Option<usize>| {
        i.and_then(|i| row.get(i))
            .map_or(String::new(), |s| crate::csv::text_cell(s).to_string())
    };
    Ok(records.rows[1..]
        .iter()
        .filter(|(_, row)| row.iter().any(|c| !c.trim().is_empty()))
        .map(|(_, row)| DataValue {
            data_element: cell(row, Some(de)),
            period: cell(row, Some(pe)),
            org_unit: cell(row, Some(ou)),
            category_option_combo: match cell(row, coc) {
                c if c.trim().is_empty() => default_combo(),
                c => c,
            },
            value: cell(row, Some(value)),
            stored_by: cell(row, by),
            comment: cell(row, comment),
        })
        .collect())
}

/// The data values of a DHIS2 set as Cairn's long-form values CSV, which the import reads
/// (`crate::import`), a row per cell: a percent's `-NUM` and `-DEN` values joined again. A data
/// element, organisation unit, period or combination Cairn does not know is refused with the
/// first such text, so nothing half-read is imported.
pub fn read(document: &Document, text: &str) -> Result<String, Error> {
    use std::collections::BTreeMap;
    let start = document.coalition.fiscal_year_start;
    let values = parse(text)?;
    // Cell → (measure, period, partner, group, value, second value, who, note).
    let mut cells: BTreeMap<crate::CellKey, (Option<f64>, Option<f64>, String, String)> =
        BTreeMap::new();
    for v in &values {
        let (code, part) = match v.data_element.rsplit_once('-') {
            Some((code, "NUM")) => (code, 0),
            Some((code, "DEN" | "WEIGHT")) => (code, 1),
            _ => (v.data_element.as_str(), 0),
        };
        let unknown = |what: &'static str, text: &str| Error::UnknownInDataValueSet {
            what,
            text: text.to_string(),
        };
        let measure = crate::Code::parse(code)
            .ok()
            .and_then(|c| document.measure(&c))
            .ok_or_else(|| unknown("data element", &v.data_element))?;
        let partner = crate::Code::parse(&v.org_unit)
            .ok()
            .filter(|c| document.partner(c).is_some())
            .ok_or_else(|| unknown("organisation unit", &v.org_unit))?;
        let (first, months) =
            parse_period(&v.period).ok_or_else(|| unknown("period", &v.period))?;
        let period = Period::containing(first, measure.frequency, start);
        if period.first_month(start) != first || measure.frequency.months() != months {
            return Err(unknown("period", &v.period));
        }
        let group = group_of(document, &v.category_option_combo)
            .ok_or_else(|| unknown("category option combination", &v.category_option_combo))?;
        let number: f64 = v
            .value
            .trim()
            .parse()
            .map_err(|_| unknown("value", &v.value))?;
        let key = crate::CellKey {
            measure: measure.code.clone(),
            period,
            partner,
            group,
        };
        let cell = cells.entry(key).or_default();
        if part == 0 {
            cell.0 = Some(number);
        } else {
            cell.1 = Some(number);
        }
        cell.2 = v.stored_by.clone();
        cell.3 = v.comment.clone();
    }
    let mut doc = Document::empty();
    doc.coalition = document.coalition.clone();
    let mut rows = Vec::new();
    for (key, (a, b, by, note)) in cells {
        let Some(measure) = document.measure(&key.measure) else {
            continue;
        };
        let value = match (measure.value_type.is_ratio(), measure.rollup, a, b) {
            (true, _, Some(n), Some(d)) => Value::Ratio {
                numerator: n,
                denominator: d,
            },
            (false, crate::Rollup::WeightedMean, Some(mean), Some(weight)) => {
                Value::Weighted { mean, weight }
            }
            (false, crate::Rollup::WeightedMean, ..) | (true, ..) => {
                return Err(Error::UnknownInDataValueSet {
                    what: "value pair (a numerator needs its denominator, a mean its weight)",
                    text: key.to_string(),
                })
            }
            (false, _, Some(n), _) => Value::Number(n),
            (false, _, None, _) => continue,
        };
        rows.push(Observation {
            measure: key.measure,
            period: key.period,
            partner: key.partner,
            group: key.group,
            value,
            note: note.into(),
            entered_by: by.into(),
            entered_at: Default::default(),
        });
    }
    doc.measures = document.measures.clone();
    doc.partners = document.partners.clone();
    doc.observations = rows.into_iter().collect();
    Ok(crate::export::observations_csv(&doc))
}

/// The group a category option combination names: `default` for the total, or
/// `BREAKDOWN_CATEGORY` pairs of the coalition's breakdowns.
fn group_of(document: &Document, combo: &str) -> Option<Group> {
    let combo = combo.trim();
    if combo.is_empty() || combo.eq_ignore_ascii_case(DEFAULT_COMBO) {
        return Some(Group::total());
    }
    // Codes may hold `_`, so each breakdown is tried as a prefix.
    let mut rest = combo;
    let mut choices = Vec::new();
    while !rest.is_empty() {
        let (breakdown, category, after) = document.coalition.breakdowns.iter().find_map(|b| {
            let tail = rest.strip_prefix(b.code.as_str())?.strip_prefix('_')?;
            b.categories.iter().find_map(|c| {
                let after = tail.strip_prefix(c.code.as_str())?;
                (after.is_empty() || after.starts_with('_')).then_some((b, c, after))
            })
        })?;
        choices.push(crate::breakdown::Choice {
            breakdown: breakdown.code.clone(),
            category: category.code.clone(),
        });
        rest = after.strip_prefix('_').unwrap_or(after);
    }
    Group::of(choices).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn periods_take_dhis2_names_on_the_fiscal_year() {
        let july = FiscalYearStart::JULY;
        assert_eq!(period_text(p("2026-03"), july).unwrap(), "202603");
        assert_eq!(period_text(p("FY2027-Q1"), july).unwrap(), "2026Q3");
        assert_eq!(period_text(p("FY2026"), july).unwrap(), "2025July");
        assert_eq!(
            period_text(p("FY2026"), FiscalYearStart::JANUARY).unwrap(),
            "2026"
        );
        let september = FiscalYearStart::new(9).unwrap();
        assert!(matches!(
            period_text(p("FY2027-Q1"), september),
            Err(Error::NoDhis2Period { .. })
        ));
        assert_eq!(
            parse_period("2025July"),
            Some((MonthIndex::new(2025, 7), 12))
        );
        assert_eq!(parse_period("2026Q3"), Some((MonthIndex::new(2026, 7), 3)));
        assert_eq!(parse_period("202613"), None);
    }

    #[test]
    fn a_group_names_its_combination_and_reads_back_from_it() {
        let doc = sample::coalition();
        let code = |s: &str| crate::Code::parse(s).unwrap();
        let group = Group::one(code("AGE"), code("13-15"))
            .with(&code("AREA"), &code("NORTH"))
            .unwrap();
        assert_eq!(combo_text(&group), "AGE_13-15_AREA_NORTH");
        assert_eq!(group_of(&doc, "AGE_13-15_AREA_NORTH"), Some(group));
        assert_eq!(group_of(&doc, "default"), Some(Group::total()));
        assert_eq!(group_of(&doc, "AGE_99"), None);
    }

    #[test]
    fn the_sample_goes_to_dhis2_and_back_as_the_same_values_in_json_and_in_csv() {
        let doc = sample::coalition();
        let cairn = crate::export::observations_csv(&doc);
        for text in [to_json(&doc).unwrap(), to_csv(&doc).unwrap()] {
            let back = read(&doc, &text).unwrap();
            // The same cells with the same values; DHIS2 keeps no entry time.
            let strip = |csv: &str| -> Vec<String> {
                crate::csv::read(csv)
                    .unwrap()
                    .rows
                    .into_iter()
                    .map(|(_, mut r)| {
                        r.remove(13);
                        r.join(",")
                    })
                    .collect()
            };
            assert_eq!(strip(&back), strip(&cairn));
        }
    }

    #[test]
    fn an_unknown_data_element_is_refused_with_its_name() {
        let doc = sample::coalition();
        let text = r#"{"dataValues":[{"dataElement":"NOPE","period":"202603","orgUnit":"LIB","value":"3"}]}"#;
        let refused = read(&doc, text).unwrap_err().to_string();
        assert!(refused.contains("NOPE"), "{refused}");
    }
}
