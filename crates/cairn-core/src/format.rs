//! The stored format of a document and the path from every older format to the current one.
//!
//! Format history:
//! - 1: the first format.
//! - 2: the coalition gained `tolerance_percent` (the status band) and each measure `decimals`
//!   (how values are printed and judged). Migrating fills in 15% and one decimal for percents,
//!   none otherwise, which is how format 1 documents were shown.
//! - 3: activities, the updates feed and stories behind the curve; each partner's history of
//!   partnership changes and readiness answers. Migrating starts them all empty.
//! - 4: rates per N, within-range measures and weighted means: each measure gained `rate_per`
//!   and `range`, and values may be `{"mean", "weight"}`. Migrating fills in 1,000 and no range,
//!   which change nothing for measures of the earlier kinds. An older Cairn refuses format 4
//!   (and says so) rather than misread a rate or a range.

use serde_json::{json, Value as Json};

use crate::{Document, LoadError};

/// The format this version of Cairn writes.
pub const CURRENT: u32 = 4;

/// Reads a stored document of any format up to [`CURRENT`], migrating older formats.
///
/// Returns the document if and only if the text is JSON of a known format whose content,
/// once migrated, passes [`Document::validate`]. The text itself is never changed: a caller that
/// fails to load keeps it to show or back up.
pub fn load(text: &str) -> Result<Document, LoadError> {
    let mut json: Json =
        serde_json::from_str(text).map_err(|e| LoadError::Malformed(e.to_string()))?;
    let found = json
        .get("format")
        .and_then(Json::as_u64)
        .ok_or_else(|| LoadError::WrongShape("it has no format number".into()))?;
    if found > u64::from(CURRENT) {
        return Err(LoadError::NewerFormat {
            found,
            supported: CURRENT,
        });
    }
    if found == 0 {
        return Err(LoadError::WrongShape("format 0 does not exist".into()));
    }
    for from in found as u32..CURRENT {
        json = migrate(from, json)?;
    }
    let document: Document =
        serde_json::from_value(json).map_err(|e| LoadError::WrongShape(e.to_string()))?;
    document.validate()?;
    Ok(document)
}

/// Writes a document in the current format.
pub fn save(document: &Document) -> String {
    let mut document = document.clone();
    document.format = CURRENT;
    serde_json::to_string(&document).expect("a document always serializes")
}

/// Migrates a document of format `from` to format `from + 1`.
fn migrate(from: u32, mut json: Json) -> Result<Json, LoadError> {
    let shape = |what: &str| LoadError::WrongShape(format!("format {from}: {what}"));
    match from {
        1 => {
            let coalition = json
                .get_mut("coalition")
                .and_then(Json::as_object_mut)
                .ok_or_else(|| shape("no coalition"))?;
            coalition
                .entry("tolerance_percent")
                .or_insert(json!(crate::Coalition::DEFAULT_TOLERANCE));
            for measure in measures(&mut json, shape)? {
                let decimals = if measure.get("value_type") == Some(&json!("percent")) {
                    1
                } else {
                    0
                };
                measure.entry("decimals").or_insert(json!(decimals));
            }
        }
        2 => {
            let document = json.as_object_mut().ok_or_else(|| shape("not an object"))?;
            for key in ["activities", "updates", "stories"] {
                document.entry(key).or_insert(json!([]));
            }
            let partners = json
                .get_mut("partners")
                .and_then(Json::as_array_mut)
                .ok_or_else(|| shape("no list of partners"))?;
            for partner in partners {
                let partner = partner
                    .as_object_mut()
                    .ok_or_else(|| shape("a partner is not an object"))?;
                partner.entry("history").or_insert(json!([]));
                partner.entry("readiness").or_insert(Json::Null);
            }
        }
        3 => {
            for measure in measures(&mut json, shape)? {
                measure.entry("rate_per").or_insert(json!(1000));
                measure.entry("range").or_insert(Json::Null);
            }
        }
        _ => unreachable!("every format below CURRENT has a migration"),
    }
    json["format"] = json!(from + 1);
    Ok(json)
}

/// The measures of a stored document, each as a JSON object to fill in.
fn measures(
    json: &mut Json,
    shape: impl Fn(&str) -> LoadError,
) -> Result<Vec<&mut serde_json::Map<String, Json>>, LoadError> {
    json.get_mut("measures")
        .and_then(Json::as_array_mut)
        .ok_or_else(|| shape("no list of measures"))?
        .iter_mut()
        .map(|m| {
            m.as_object_mut()
                .ok_or_else(|| shape("a measure is not an object"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    #[test]
    fn the_sample_survives_a_save_and_load() {
        let doc = sample::coalition();
        assert_eq!(load(&save(&doc)).unwrap(), doc);
    }

    #[test]
    fn a_format_1_document_migrates_with_the_defaults_it_was_shown_with() {
        let v1 = include_str!("../tests/fixtures/format-1.json");
        let doc = load(v1).unwrap();
        assert_eq!(doc.format, CURRENT);
        assert_eq!(doc.coalition.tolerance_percent, 15);
        let decimals: Vec<(String, u8)> = doc
            .measures
            .iter()
            .map(|m| (m.code.to_string(), m.decimals))
            .collect();
        assert_eq!(
            decimals,
            vec![("CARDS".to_string(), 1), ("SESSIONS".to_string(), 0)]
        );
        assert_eq!(doc.observations.len(), 2);
        assert!(doc.activities.is_empty() && doc.partners[0].history.is_empty());
    }

    #[test]
    fn a_format_3_document_migrates_with_rates_per_1000_and_no_ranges() {
        let mut json: Json = serde_json::from_str(&save(&sample::coalition())).unwrap();
        json["format"] = json!(3);
        for measure in json["measures"].as_array_mut().unwrap() {
            let measure = measure.as_object_mut().unwrap();
            measure.remove("rate_per");
            measure.remove("range");
            // Format 3 knew no rates, ranges or weighted means.
            if measure["value_type"] == json!("rate") || measure["rollup"] == json!("weighted_mean")
            {
                measure.clear();
            }
        }
        let measures = json["measures"].as_array_mut().unwrap();
        measures.retain(|m| !m.as_object().unwrap().is_empty());
        let kept: Vec<Json> = measures.iter().map(|m| m["code"].clone()).collect();
        let observations = json["observations"].as_array_mut().unwrap();
        observations.retain(|o| kept.contains(&o["measure"]));
        let doc = load(&json.to_string()).unwrap();
        assert_eq!(doc.format, CURRENT);
        assert_eq!(doc.measures.len(), 6);
        assert!(doc
            .measures
            .iter()
            .all(|m| m.rate_per == 1000 && m.range.is_none()));
    }

    #[test]
    fn a_newer_format_is_refused_and_says_so() {
        let text = save(&sample::coalition()).replacen(
            &format!("\"format\":{CURRENT}"),
            "\"format\":99",
            1,
        );
        let err = load(&text).unwrap_err();
        assert_eq!(
            err,
            LoadError::NewerFormat {
                found: 99,
                supported: CURRENT
            }
        );
        assert!(err.to_string().contains("newer Cairn"));
    }

    #[test]
    fn text_that_is_not_json_is_malformed() {
        assert!(matches!(load("{not json"), Err(LoadError::Malformed(_))));
    }

    #[test]
    fn json_without_a_format_is_not_a_document() {
        assert!(matches!(load("{}"), Err(LoadError::WrongShape(_))));
        assert!(matches!(load("[1,2]"), Err(LoadError::WrongShape(_))));
    }

    #[test]
    fn a_document_breaking_a_rule_is_refused_with_the_rule() {
        let text =
            save(&sample::coalition()).replacen("\"partner\":\"LIB\"", "\"partner\":\"GONE\"", 1);
        assert_eq!(
            load(&text),
            Err(LoadError::Invalid(crate::Error::UnknownPartner(
                "GONE".into()
            )))
        );
    }
}
