//! Importing observations from a spreadsheet: columns found by their headers, codes or names
//! instead of internal ids, a dry run that says what would change, and a commit that applies
//! every row or none.

mod number;
mod period;
mod suggest;

use crate::Group;
use std::collections::{BTreeMap, HashMap, HashSet};

pub use number::{parse_cell_number, DecimalMark};
pub use period::{parse_period, DateOrder};

use crate::csv::Records;
use crate::{
    CellKey, Code, Document, Error, FiscalYearStart, Measure, MonthIndex, Observation, Period,
    Value, ValueType,
};

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Measure,
    Period,
    Partner,
    Value,
    Numerator,
    Denominator,
    Note,
    EnteredBy,
    EnteredAt,
    /// The weight of a mean, for measures rolled up as a weighted mean.
    Weight,
    /// The category of the coalition's breakdown at this index (by code or label); blank for
    /// a value over all its categories.
    Breakdown(u8),
    /// Not imported (labels, reference columns, anything else).
    Ignore,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Field::Measure,
        Field::Period,
        Field::Partner,
        Field::Value,
        Field::Numerator,
        Field::Denominator,
        Field::Note,
        Field::EnteredBy,
        Field::EnteredAt,
        Field::Weight,
        Field::Ignore,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Measure => "Measure (code or title)",
            Field::Period => "Period",
            Field::Partner => "Partner (code or name)",
            Field::Value => "Value",
            Field::Numerator => "Numerator",
            Field::Denominator => "Denominator",
            Field::Weight => "Weight (of a mean)",
            Field::Note => "Note",
            Field::EnteredBy => "Entered by",
            Field::EnteredAt => "Entered at",
            Field::Breakdown(_) => "Category",
            Field::Ignore => "Not imported",
        }
    }

    /// Every field a column can hold in a coalition with `breakdowns`: [`Field::ALL`] with a
    /// category field for each breakdown before "Not imported".
    pub fn all(breakdowns: &[crate::Breakdown]) -> Vec<Field> {
        let (last, fixed) = Field::ALL.split_last().expect("fields");
        let categories =
            (0..breakdowns.len().min(usize::from(u8::MAX))).map(|i| Field::Breakdown(i as u8));
        fixed
            .iter()
            .copied()
            .chain(categories)
            .chain([*last])
            .collect()
    }

    /// The field's name for the column chooser: "Category of Age band" for a breakdown.
    pub fn label_in(self, breakdowns: &[crate::Breakdown]) -> String {
        match self {
            Field::Breakdown(i) => breakdowns
                .get(usize::from(i))
                .map_or_else(|| "Category".into(), |b| format!("Category of {}", b.name)),
            other => other.label().into(),
        }
    }
}

fn normal(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Guesses each column's field from its header, in any order and letter case. Where a file has
/// both a code and a title column for measures (or partners), as Cairn's own exports do, the
/// code column is used and the title column is not imported.
pub fn guess_fields(headers: &[String]) -> Vec<Field> {
    guess_columns(headers, &[])
}

/// [`guess_fields`] in a coalition with `breakdowns`: a column headed by a breakdown's code or
/// name holds its categories.
pub fn guess_columns(headers: &[String], breakdowns: &[crate::Breakdown]) -> Vec<Field> {
    let breakdown = |h: &str| {
        breakdowns
            .iter()
            .position(|b| normal(b.code.as_str()) == h || normal(&b.name) == h)
            .and_then(|i| u8::try_from(i).ok())
    };
    let guess = |h: &str| match h {
        _ if breakdown(h).is_some() => (Field::Breakdown(breakdown(h).unwrap_or(0)), 1),
        "measurecode" | "indicatorcode" => (Field::Measure, 2),
        "measure" | "indicator" | "measuretitle" | "measurename" => (Field::Measure, 1),
        "partnercode" | "organisationcode" | "organizationcode" => (Field::Partner, 2),
        "partner" | "organisation" | "organization" | "partnername" | "reportingpartner" => {
            (Field::Partner, 1)
        }
        "period" | "periodcode" | "date" | "month" | "quarter" | "year" => (Field::Period, 1),
        "value" | "amount" | "count" | "actual" => (Field::Value, 1),
        "numerator" => (Field::Numerator, 1),
        "denominator" => (Field::Denominator, 1),
        "weight" => (Field::Weight, 1),
        "note" | "notes" | "comment" | "comments" => (Field::Note, 1),
        "enteredby" => (Field::EnteredBy, 1),
        "enteredat" => (Field::EnteredAt, 1),
        _ => (Field::Ignore, 0),
    };
    let guesses: Vec<(Field, u8)> = headers.iter().map(|h| guess(&normal(h))).collect();
    guesses
        .iter()
        .enumerate()
        .map(|(i, &(field, rank))| {
            let better_elsewhere = guesses
                .iter()
                .enumerate()
                .any(|(j, &(f, r))| f == field && (r > rank || (r == rank && j < i)));
            if field == Field::Ignore || better_elsewhere {
                Field::Ignore
            } else {
                field
            }
        })
        .collect()
}

/// How to read the file, chosen by the user.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub date_order: DateOrder,
    pub decimal: DecimalMark,
    /// Who is importing, for rows without an "entered by" column.
    pub member: String,
    /// When the import happens (RFC 3339), for rows without an "entered at" column.
    pub now: String,
    /// The calendar month the import happens in, where the user is: values for periods that
    /// start after it are refused.
    pub this_month: MonthIndex,
}

/// A problem with one row, with the line it is on.
#[derive(Clone, Debug, PartialEq)]
pub struct RowError {
    pub line: usize,
    pub message: String,
}

/// How the dry run read something that could be read two ways, said once for each text, on the
/// first line that has it.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub line: usize,
    pub message: String,
}

/// What a row would do.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Create(Observation),
    Update {
        before: Observation,
        after: Observation,
    },
}

/// The result of a dry run: what the import would change, and every problem.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub changes: Vec<Change>,
    pub unchanged: usize,
    /// Rows with no value at all, which change nothing.
    pub blank: usize,
    pub errors: Vec<RowError>,
    /// How ambiguous texts were read (bare quarters such as `Q1 2027` when the fiscal year does
    /// not start in January), in the order of their first lines.
    pub notices: Vec<Notice>,
    /// Data rows read (after the header).
    pub rows: usize,
}

impl Plan {
    pub fn created(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| matches!(c, Change::Create(_)))
            .count()
    }

    pub fn updated(&self) -> usize {
        self.changes.len() - self.created()
    }
}

/// A dry run in progress. It reads a few rows at a time ([`DryRun::step`]) so that a screen can
/// show progress on a large file; the result is the same however it is stepped.
pub struct DryRun {
    records: Records,
    fields: Vec<Field>,
    options: Options,
    measures: HashMap<String, usize>,
    partners: HashMap<String, Code>,
    seen: BTreeMap<CellKey, usize>,
    /// The ambiguous period texts already given a notice, in upper case.
    noticed: HashSet<String>,
    /// The message for each measure or partner text that names nothing, once worked out.
    unknown: HashMap<(Field, String), String>,
    next: usize,
    plan: Plan,
}

impl DryRun {
    /// Starts a dry run of `records` (header first) with `fields` for its columns. Refused if no
    /// column is the measure, the period or the partner, or if no column holds a value.
    pub fn new(
        document: &Document,
        records: Records,
        fields: Vec<Field>,
        options: Options,
    ) -> Result<DryRun, String> {
        for (field, name) in [
            (Field::Measure, "measure"),
            (Field::Period, "period"),
            (Field::Partner, "partner"),
        ] {
            if !fields.contains(&field) {
                return Err(format!(
                    "No column is the {name}: choose which column holds it."
                ));
            }
        }
        if ![Field::Value, Field::Numerator]
            .iter()
            .any(|f| fields.contains(f))
        {
            return Err(
                "No column holds the value (or the numerator and denominator): choose which does."
                    .into(),
            );
        }
        let mut measures = HashMap::new();
        for (i, m) in document.measures.iter().enumerate() {
            measures.insert(m.title.trim().to_lowercase(), i);
        }
        // Codes win over titles that happen to spell another measure's code.
        for (i, m) in document.measures.iter().enumerate() {
            measures.insert(m.code.as_str().to_lowercase(), i);
        }
        let mut partners = HashMap::new();
        for p in &document.partners {
            partners.insert(p.name.trim().to_lowercase(), p.code.clone());
        }
        for p in &document.partners {
            partners.insert(p.code.as_str().to_lowercase(), p.code.clone());
        }
        let mut plan = Plan::default();
        for &line in &records.unclosed {
            plan.errors.push(RowError {
                line,
                message: "A quoted value is never closed: check for a stray \" on this line."
                    .into(),
            });
        }
        Ok(DryRun {
            records,
            fields,
            options,
            measures,
            partners,
            seen: BTreeMap::new(),
            noticed: HashSet::new(),
            unknown: HashMap::new(),
            next: 1,
            plan,
        })
    }

    /// How many data rows are read, of how many.
    pub fn progress(&self) -> (usize, usize) {
        (self.next - 1, self.records.rows.len().saturating_sub(1))
    }

    /// Reads up to `count` more rows. Returns whether rows remain.
    pub fn step(&mut self, document: &Document, count: usize) -> bool {
        let end = (self.next + count).min(self.records.rows.len());
        for i in self.next..end {
            let (line, cells) = std::mem::take(&mut self.records.rows[i]);
            self.plan.rows += 1;
            if let Err(message) = self.row(document, line, &cells) {
                self.plan.errors.push(RowError { line, message });
            }
        }
        self.next = end;
        end < self.records.rows.len()
    }

    /// Finishes the dry run, reading any rows left.
    pub fn finish(mut self, document: &Document) -> Plan {
        while self.step(document, 10_000) {}
        self.plan.errors.sort_by_key(|e| e.line);
        self.plan
    }

    fn cell<'c>(&self, cells: &'c [String], field: Field) -> &'c str {
        self.fields
            .iter()
            .position(|&f| f == field)
            .and_then(|i| cells.get(i))
            .map_or("", |s| s.trim())
    }

    /// A free-text cell (note, who, when), kept as typed: not trimmed, and un-neutralised.
    fn text<'c>(&self, cells: &'c [String], field: Field) -> &'c str {
        self.fields
            .iter()
            .position(|&f| f == field)
            .and_then(|i| cells.get(i))
            .map_or("", |s| crate::csv::text_cell(s))
    }

    fn row(&mut self, document: &Document, line: usize, cells: &[String]) -> Result<(), String> {
        if cells.iter().all(|c| c.trim().is_empty()) {
            // A line of empty cells (",,,") changes nothing, like an empty line.
            self.plan.blank += 1;
            return Ok(());
        }
        let measure_text = self.cell(cells, Field::Measure);
        let partner_text = self.cell(cells, Field::Partner);
        let Some(measure) = self
            .measures
            .get(&measure_text.to_lowercase())
            .map(|&i| &document.measures[i])
        else {
            return Err(self.unknown(document, Field::Measure, measure_text));
        };
        let Some(partner) = self.partners.get(&partner_text.to_lowercase()).cloned() else {
            return Err(self.unknown(document, Field::Partner, partner_text));
        };
        if !measure.is_reported_by(&partner) {
            return Err(Error::NotAReporter {
                partner: partner.to_string(),
                measure: measure.title.clone(),
            }
            .to_string());
        }
        let start = document.coalition.fiscal_year_start;
        let period_text = self.cell(cells, Field::Period);
        let period = parse_period(
            period_text,
            measure.frequency,
            start,
            self.options.date_order,
        )
        .map_err(|e| e.to_string())?;
        self.notice_bare_quarter(line, period_text, period, start);
        let Some(value) = self.value(measure, cells).map_err(|e| e.to_string())? else {
            self.plan.blank += 1;
            return Ok(());
        };
        if period.first_month(start) > self.options.this_month {
            return Err(format!(
                "{} ({}) has not started yet: values can be entered once it begins.",
                period.code(),
                period.label(start)
            ));
        }
        value.validate(measure).map_err(|e| e.to_string())?;
        self.check_value_agrees(measure, cells, value)?;
        let group = self.group(document, measure, cells)?;
        let key = CellKey {
            group,
            measure: measure.code.clone(),
            period,
            partner: partner.clone(),
        };
        if let Some(first) = self.seen.get(&key) {
            return Err(format!(
                "The same cell as line {first} ({key}): a cell holds one value, keep one of the two rows."
            ));
        }
        self.seen.insert(key.clone(), line);
        let note = self.text(cells, Field::Note).to_string();
        let entered_by = match self.text(cells, Field::EnteredBy) {
            "" => self.options.member.clone(),
            by => by.to_string(),
        };
        let entered_at = match self.text(cells, Field::EnteredAt) {
            "" => self.options.now.clone(),
            at => at.to_string(),
        };
        let after = Observation {
            group: key.group.clone(),
            measure: key.measure.clone(),
            period,
            partner,
            value,
            note: note.into(),
            entered_by: entered_by.into(),
            entered_at: entered_at.into(),
        };
        after.validate_for(measure).map_err(|e| e.to_string())?;
        let before = document.observations.get(&key);
        if before.is_some_and(|b| b.value == after.value && b.note == after.note) {
            self.plan.unchanged += 1;
            return Ok(());
        }
        // Only a change is refused in a locked period or a round under review: a file that
        // repeats its values is fine.
        if let Some(why) =
            document
                .coalition
                .locks()
                .why_locked(period, start, self.options.this_month)
        {
            return Err(Error::PeriodLocked(why).to_string());
        }
        // Nor does a submitted or approved round change: the backbone returns it first.
        if let Some(why) = crate::review::why_frozen(document, &key.partner, period) {
            return Err(Error::UnderReview(why).to_string());
        }
        match before {
            Some(before) => self.plan.changes.push(Change::Update {
                before: before.clone(),
                after,
            }),
            None => self.plan.changes.push(Change::Create(after)),
        }
        Ok(())
    }

    /// The group a row's category columns name (blank ones choose nothing), refused with what to
    /// write if a category is unknown or the measure is not broken down by its breakdown.
    fn group(
        &self,
        document: &Document,
        measure: &Measure,
        cells: &[String],
    ) -> Result<Group, String> {
        let mut choices = Vec::new();
        for (column, field) in self.fields.iter().enumerate() {
            let Field::Breakdown(i) = *field else {
                continue;
            };
            let text = cells.get(column).map_or("", |s| s.trim());
            let Some(breakdown) = document.coalition.breakdowns.get(usize::from(i)) else {
                continue;
            };
            if text.is_empty() {
                continue;
            }
            let category = breakdown
                .categories
                .iter()
                .find(|c| {
                    c.code.as_str().eq_ignore_ascii_case(text) || normal(&c.label) == normal(text)
                })
                .ok_or_else(|| {
                    Error::UnknownCategory {
                        breakdown: breakdown.name.clone(),
                        category: text.to_string(),
                        known: breakdown
                            .categories
                            .iter()
                            .map(|c| format!("{} ({})", c.code, c.label))
                            .collect::<Vec<_>>()
                            .join(", "),
                    }
                    .to_string()
                })?;
            choices.push(crate::breakdown::Choice {
                breakdown: breakdown.code.clone(),
                category: category.code.clone(),
            });
        }
        let group = Group::of(choices).map_err(|e| e.to_string())?;
        document
            .validate_group(measure, &group)
            .map_err(|e| e.to_string())?;
        Ok(group)
    }

    /// The message for a measure or partner cell that names none: missing, or unknown with the
    /// closest codes and names suggested. Worked out once for each text.
    fn unknown(&mut self, document: &Document, field: Field, text: &str) -> String {
        let (kind, hint) = match field {
            Field::Measure => ("measure", "use a measure's code or title"),
            _ => ("partner", "use a partner's code or name"),
        };
        if text.is_empty() {
            return format!("The {kind} is missing.");
        }
        let key = (field, text.to_lowercase());
        if let Some(message) = self.unknown.get(&key) {
            return message.clone();
        }
        // Codes and names of the measures or partners, either of which the cell may misspell.
        let records: Vec<(&str, &str)> = if field == Field::Measure {
            document
                .measures
                .iter()
                .map(|m| (m.code.as_str(), m.title.trim()))
                .collect()
        } else {
            document
                .partners
                .iter()
                .map(|p| (p.code.as_str(), p.name.trim()))
                .collect()
        };
        let names = records
            .iter()
            .enumerate()
            .flat_map(|(i, (code, name))| [(i, *code), (i, *name)]);
        let guesses: Vec<String> = suggest::closest(text, names)
            .into_iter()
            .map(|i| format!("{} ({})", records[i].0, records[i].1))
            .collect();
        let message = match guesses.as_slice() {
            [] => format!("There is no {kind} “{text}”: {hint}."),
            [one] => format!("There is no {kind} “{text}”: did you mean {one}?"),
            [first @ .., last] => format!(
                "There is no {kind} “{text}”: did you mean {} or {last}?",
                first.join(", ")
            ),
        };
        self.unknown.insert(key, message.clone());
        message
    }

    /// Notes how a bare quarter such as `Q1 2027` was read, once for each text, when the fiscal
    /// year does not start in January (so that it could also mean a fiscal quarter).
    fn notice_bare_quarter(
        &mut self,
        line: usize,
        text: &str,
        period: Period,
        start: FiscalYearStart,
    ) {
        if start == FiscalYearStart::JANUARY {
            return;
        }
        let Some((year, quarter)) = period::calendar_quarter(text) else {
            return;
        };
        if !self.noticed.insert(text.to_uppercase()) {
            return;
        }
        let calendar = MonthIndex::new(year, 1).plus(3 * (i32::from(quarter) - 1));
        let fiscal = Period::Quarter {
            fiscal_year: year,
            quarter,
        };
        self.plan.notices.push(Notice {
            line,
            message: format!(
                "“{text}” was read as the calendar quarter {}–{} {year}, which is {} in your \
                 coalition's fiscal year (it starts in {}). If it means fiscal quarter \
                 {quarter} of FY{year}, {}, write {} instead.",
                calendar.short_name(),
                calendar.plus(2).short_name(),
                period.code(),
                period::full_month_name(start.month()),
                fiscal.label(start),
                fiscal.code(),
            ),
        });
    }

    /// Checks that a percent row with a numerator and a denominator does not also say another
    /// percent in its value column. The value agrees if it is the percent as printed with the
    /// measure's decimals (41.2 or 41.2% for 412/1000 with one decimal), the same ratio, or the
    /// fraction (0.412).
    fn check_value_agrees(
        &self,
        measure: &Measure,
        cells: &[String],
        value: Value,
    ) -> Result<(), String> {
        let Value::Ratio {
            numerator,
            denominator,
        } = value
        else {
            return Ok(());
        };
        let text = self.cell(cells, Field::Value);
        if text.is_empty() || self.cell(cells, Field::Numerator).is_empty() {
            return Ok(());
        }
        let percent = measure.display(value);
        let is_percent = measure.value_type == ValueType::Percent;
        let tolerance = 0.5 * 10f64.powi(-i32::from(measure.decimals)) + 1e-9;
        let (agrees, shown) = if text.contains('/') {
            let typed = crate::entry::parse_entry(text, measure).ok().flatten();
            let agrees = typed.is_some_and(|v| (measure.display(v) - percent).abs() <= tolerance);
            (agrees, text.to_string())
        } else {
            let read = parse_cell_number(text, self.options.decimal)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| {
                    Error::NotANumber {
                        text: text.to_string(),
                    }
                    .to_string()
                })?;
            let fraction = is_percent && !read.percent && (0.0..=1.0).contains(&read.value);
            let agrees = (read.value - percent).abs() <= tolerance
                || (fraction && (read.value - percent / 100.0).abs() <= tolerance / 100.0);
            let shown = if read.percent || fraction || !is_percent {
                text.to_string()
            } else {
                format!("{text}%")
            };
            (agrees, shown)
        };
        if agrees {
            return Ok(());
        }
        Err(format!(
            "The value {shown} does not match {numerator}/{denominator} ({}): correct the value \
             or the numerator and denominator, or clear the value column.",
            measure.format_value(percent)
        ))
    }

    /// Reads the value of a row for `measure`: numerator and denominator for percents (or a
    /// value typed as `412/1000`), a number otherwise. `None` when the row has no value.
    fn value(&self, measure: &Measure, cells: &[String]) -> Result<Option<Value>, Error> {
        let mark = self.options.decimal;
        let number = |field| parse_cell_number(self.cell(cells, field), mark);
        let value_text = self.cell(cells, Field::Value);
        if measure.value_type.is_ratio() {
            let (n, d) = (number(Field::Numerator)?, number(Field::Denominator)?);
            return match (n, d) {
                (Some(n), Some(d)) => Ok(Some(Value::Ratio {
                    numerator: n.value,
                    denominator: d.value,
                })),
                (None, None) if value_text.contains('/') => {
                    crate::entry::parse_entry(value_text, measure)
                }
                (None, None) if value_text.is_empty() => Ok(None),
                (None, None) => {
                    number(Field::Value)?;
                    Err(match measure.value_type {
                        ValueType::Rate => Error::RateNeedsRatio,
                        _ => Error::PercentNeedsRatio,
                    })
                }
                _ => Err(Error::Required {
                    field: "Both the numerator and the denominator",
                }),
            };
        }
        if value_text.contains('@') {
            return crate::entry::parse_entry(value_text, measure);
        }
        let weight = number(Field::Weight)?;
        match (number(Field::Value)?, weight) {
            (None, _) => Ok(None),
            (Some(read), _) if read.percent => Err(Error::NotANumber {
                text: value_text.to_string(),
            }),
            (Some(read), Some(weight)) => Ok(Some(Value::Weighted {
                mean: read.value,
                weight: weight.value,
            })),
            (Some(read), None) => Ok(Some(Value::Number(read.value))),
        }
    }
}

/// Applies a dry run's changes: all of them, or, if the plan has errors or any change is
/// refused, none (the document is left exactly as it was). Returns how many cells changed.
pub fn apply(document: &mut Document, plan: &Plan) -> Result<usize, Error> {
    if let Some(first) = plan.errors.first() {
        return Err(Error::ImportHasErrors {
            count: plan.errors.len(),
            line: first.line,
        });
    }
    let mut next = document.clone();
    for change in &plan.changes {
        let observation = match change {
            Change::Create(o) | Change::Update { after: o, .. } => o.clone(),
        };
        next.record(observation)?;
    }
    *document = next;
    Ok(plan.changes.len())
}

#[cfg(test)]
mod tests;
