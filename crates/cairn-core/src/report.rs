//! The funder report: a saved template (which years, which measures, which sections, which
//! paper) and what it holds when it is run on a document. Every figure in it is the
//! dashboard's for the same filter ([`crate::dashboard::dashboard`]); this module chooses and
//! orders, it never computes a number a second way. The rules are in `docs/numbers.md` §13.

use serde::{Deserialize, Serialize};

use crate::code::required_text;
use crate::dashboard::{dashboard, Dashboard, Filter};
use crate::indicators::{indicators, story_behind, Indicator};
use crate::series::{series, Series};
use crate::{ActivityStatus, Code, Date, Document, Error, PartnershipLevel, Story};

/// Which measures a report covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Selection {
    /// The key measures, as the dashboard shows them.
    Key,
    /// Every measure.
    All,
    /// The measures linked to one strategy.
    Strategy(Code),
    /// These measures, in the document's order.
    Chosen(Vec<Code>),
}

/// A part of the report. Per-measure parts (chart, table, status, story) are printed measure
/// by measure; the others once, in [`Section::ALL`]'s order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Goal,
    Chart,
    Table,
    Status,
    Story,
    Indicators,
    Activities,
    Partners,
}

impl Section {
    pub const ALL: [Section; 8] = [
        Section::Goal,
        Section::Chart,
        Section::Table,
        Section::Status,
        Section::Story,
        Section::Indicators,
        Section::Activities,
        Section::Partners,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Section::Goal => "Goal summary",
            Section::Chart => "Chart of each measure",
            Section::Table => "Data table of each measure",
            Section::Status => "Status sentence of each measure",
            Section::Story => "Story behind each curve",
            Section::Indicators => "Indicator table",
            Section::Activities => "Activities and their status",
            Section::Partners => "Partners and their level of partnership",
        }
    }

    /// Whether it is printed once for each measure.
    pub fn per_measure(self) -> bool {
        matches!(
            self,
            Section::Chart | Section::Table | Section::Status | Section::Story
        )
    }
}

/// The paper a report is laid out for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    #[default]
    Letter,
    A4,
}

impl Paper {
    pub fn label(self) -> &'static str {
        match self {
            Paper::Letter => "US Letter",
            Paper::A4 => "A4",
        }
    }

    /// Width and height in millimetres.
    pub fn millimetres(self) -> (f64, f64) {
        match self {
            Paper::Letter => (215.9, 279.4),
            Paper::A4 => (210.0, 297.0),
        }
    }

    /// The CSS `size` of the page.
    pub fn css(self) -> &'static str {
        match self {
            Paper::Letter => "letter",
            Paper::A4 => "A4",
        }
    }
}

/// A report as saved on the coalition ("Community Foundation, annual"), to be run again for
/// a later period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportTemplate {
    pub name: String,
    /// The first fiscal year the report covers.
    pub from: i32,
    /// The last fiscal year the report covers; its figures are the latest by its end.
    pub to: i32,
    /// For a quarterly report, the quarter of `to` it runs through (1 to 4): the year to date.
    /// `None` covers whole years.
    #[serde(default)]
    pub through: Option<u8>,
    pub measures: Selection,
    /// The parts printed, in [`Section::ALL`]'s order whatever the order here.
    pub sections: Vec<Section>,
    pub paper: Paper,
    /// The most pages the funder accepts, if it sets a limit (many cap narratives at three).
    pub page_limit: Option<u8>,
}

impl ReportTemplate {
    /// The longest span a report covers, in fiscal years.
    pub const MAX_YEARS: i32 = 20;
    /// The fiscal years a report may name: within the years a date holds, with a year's room
    /// on each side for the day before the first and the last day.
    pub const YEARS: std::ops::RangeInclusive<i32> = 1901..=2998;

    /// A report on fiscal year `year` with every section, on Letter, with no page limit.
    pub fn new(name: &str, year: i32) -> ReportTemplate {
        ReportTemplate {
            name: name.to_string(),
            from: year,
            to: year,
            through: None,
            measures: Selection::Key,
            sections: Section::ALL.to_vec(),
            paper: Paper::Letter,
            page_limit: None,
        }
    }

    /// Returns `Ok` if and only if the report has a name, covers 1 to 20 fiscal years in
    /// order (from FY1901 to FY2998), prints at least one section, chooses at least one measure when it chooses them,
    /// and has a page limit of 1 to 99 if any. Measures and strategies that no longer exist
    /// are not errors: the report lists them as missing ([`Report::missing`]).
    pub fn validate(&self) -> Result<(), Error> {
        required_text("The report's name", &self.name, 120)?;
        if self.to < self.from
            || self.to - self.from >= Self::MAX_YEARS
            || !Self::YEARS.contains(&self.from)
            || !Self::YEARS.contains(&self.to)
        {
            return Err(Error::ReportYears {
                from: self.from,
                to: self.to,
            });
        }
        if matches!(self.through, Some(q) if !(1..=4).contains(&q)) {
            return Err(Error::ReportQuarter);
        }
        if self.sections.is_empty() {
            return Err(Error::Required {
                field: "At least one section",
            });
        }
        if matches!(&self.measures, Selection::Chosen(c) if c.is_empty()) {
            return Err(Error::Required {
                field: "At least one measure",
            });
        }
        if matches!(self.page_limit, Some(n) if !(1..=99).contains(&n)) {
            return Err(Error::PageLimit);
        }
        Ok(())
    }

    /// Whether the report prints `section`.
    pub fn has(&self, section: Section) -> bool {
        self.sections.contains(&section)
    }

    /// The same report for the period that follows. A yearly one covers as many fiscal years,
    /// starting the year after this one ends ("FY2026" becomes "FY2027"; "FY2025 to FY2026",
    /// "FY2027 to FY2028"). A quarterly one runs through the next quarter ("FY2027 through Q1"
    /// becomes "through Q2"; after Q4 comes Q1 of the next year, its years moved by one).
    pub fn later(&self) -> ReportTemplate {
        let span = self.to - self.from + 1;
        match self.through {
            Some(q) if q < 4 => ReportTemplate {
                through: Some(q + 1),
                ..self.clone()
            },
            Some(_) => ReportTemplate {
                from: self.from + 1,
                to: self.to + 1,
                through: Some(1),
                ..self.clone()
            },
            None => ReportTemplate {
                from: self.from + span,
                to: self.to + span,
                ..self.clone()
            },
        }
    }

    /// The years in words: "FY2026", "FY2025 to FY2026".
    pub fn period_label(&self) -> String {
        let years = if self.from == self.to {
            format!("FY{}", self.to)
        } else {
            format!("FY{} to FY{}", self.from, self.to)
        };
        match self.through {
            Some(q) => format!("{years} through Q{q}"),
            None => years,
        }
    }

    /// The first and last month the report covers.
    pub fn months(&self, start: crate::FiscalYearStart) -> (crate::MonthIndex, crate::MonthIndex) {
        let first = start.first_month_of(self.from);
        let last = self
            .filter()
            .last_month(start)
            .unwrap_or(start.first_month_of(self.to).plus(11));
        (first, last)
    }

    /// The dashboard filter whose figures the report prints.
    pub fn filter(&self) -> Filter {
        let mut filter = Filter {
            from: Some(self.from),
            to: Some(self.to),
            through: self.through,
            ..Filter::default()
        };
        match &self.measures {
            Selection::Key => filter.key_only = true,
            Selection::All => {}
            Selection::Strategy(code) => filter.strategy = Some(code.clone()),
            Selection::Chosen(codes) => filter.only = Some(codes.clone()),
        }
        filter
    }

    /// The measures in words: "Key measures", "Strategy: Early literacy", "3 chosen measures".
    pub fn describe_measures(&self, document: &Document) -> String {
        match &self.measures {
            Selection::Key => "Key measures".to_string(),
            Selection::All => "Every measure".to_string(),
            Selection::Strategy(code) => format!(
                "Strategy: {}",
                document
                    .coalition
                    .strategy(code)
                    .map_or(code.as_str(), |s| s.name.as_str())
            ),
            Selection::Chosen(codes) if codes.len() == 1 => "1 chosen measure".to_string(),
            Selection::Chosen(codes) => format!("{} chosen measures", codes.len()),
        }
    }
}

/// One measure of a report.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasureReport {
    /// The index of the measure in the document.
    pub measure: usize,
    /// The measure's curve from its first value to the report's end, for the chart: a curve
    /// is read against where it came from.
    pub history: Series,
    /// The story told for the period of the report's latest value, else the latest told
    /// within the report's years.
    pub story: Option<Story>,
    /// The measure by each of its breakdowns in the period it is judged by, as published:
    /// small cells hidden (`docs/numbers.md` §17).
    pub groups: Vec<crate::publish::GroupTable>,
}

/// An activity working on a reported measure during the report's years, with the status in
/// force on the report's last day.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityLine {
    /// The index of the activity in the document.
    pub activity: usize,
    pub status: ActivityStatus,
}

/// What a report holds when run on a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The dashboard for [`ReportTemplate::filter`]: every figure the report prints.
    pub dashboard: Dashboard,
    /// One entry per dashboard row, in the same order.
    pub measures: Vec<MeasureReport>,
    pub indicators: Vec<Indicator>,
    pub activities: Vec<ActivityLine>,
    /// Every partner with its level on the report's last day, in the document's order.
    pub partners: Vec<(usize, PartnershipLevel)>,
    /// Chosen measures (or the strategy) the document no longer defines.
    pub missing: Vec<Code>,
    /// The last day of the report's last fiscal year.
    pub end: Date,
    /// Why the report must not be printed or published, if a table by group would let a
    /// reader work out a hidden figure ([`crate::suppression::audit`]).
    pub refusal: Option<Error>,
}

/// Runs `template` on `document`. The template is expected to be valid.
/// The published tables of `measure` by each of its breakdowns, in the period `series` (the
/// report's) is judged by; none if no period is.
fn group_tables(
    document: &Document,
    measure: &crate::Measure,
    series: &Series,
) -> Result<Vec<crate::publish::GroupTable>, Error> {
    let Some(period) = series.judged_index(measure).map(|i| series.periods[i]) else {
        return Ok(Vec::new());
    };
    crate::equity::breakdowns_of(document, measure)
        .into_iter()
        .filter_map(|breakdown| {
            let by = crate::equity::by_group(document, measure, breakdown, series.frequency);
            let index = by.periods.iter().position(|p| *p == period)?;
            Some(crate::publish::group_table(
                measure,
                &by,
                index,
                breakdown.exhaustive,
                document.coalition.small_cells,
            ))
        })
        .collect()
}

pub fn report(document: &Document, template: &ReportTemplate) -> Report {
    let start = document.coalition.fiscal_year_start;
    let dashboard = dashboard(document, &template.filter());
    let indicators = indicators(document, &dashboard);
    let (first, last) = template.months(start);
    // A valid template's years keep both days within the years a date holds.
    let first_day =
        Date::last_of(first.plus(-1)).unwrap_or_else(|_| unreachable!("validated years"));
    let end = Date::last_of(last).unwrap_or_else(|_| unreachable!("validated years"));
    let mut refusal = None;
    let measures = dashboard
        .rows
        .iter()
        .map(|row| {
            let measure = &document.measures[row.measure];
            let mut history = series(document, measure, measure.frequency);
            history.restrict(None, Some(template.to), start);
            history.end_by(last, start);
            let story = story_behind(document, row).cloned();
            let groups = group_tables(document, measure, &row.series).unwrap_or_else(|e| {
                refusal.get_or_insert(e);
                Vec::new()
            });
            MeasureReport {
                measure: row.measure,
                history,
                story,
                groups,
            }
        })
        .collect();
    let codes: Vec<&Code> = dashboard
        .rows
        .iter()
        .map(|r| &document.measures[r.measure].code)
        .collect();
    let activities = document
        .activities
        .iter()
        .enumerate()
        .filter(|(_, a)| a.aims.iter().any(|aim| codes.contains(&&aim.measure)))
        .filter(|(_, a)| a.start <= end && a.end.is_none_or(|e| e > first_day))
        .map(|(i, a)| ActivityLine {
            activity: i,
            status: a.status_on(end),
        })
        .collect();
    let partners = document
        .partners
        .iter()
        .enumerate()
        .map(|(i, p)| (i, p.level_on(end)))
        .collect();
    Report {
        measures,
        indicators,
        activities,
        partners,
        missing: missing(document, template),
        end,
        dashboard,
        refusal,
    }
}

fn missing(document: &Document, template: &ReportTemplate) -> Vec<Code> {
    match &template.measures {
        Selection::Strategy(code) if document.coalition.strategy(code).is_none() => {
            vec![code.clone()]
        }
        Selection::Chosen(codes) => codes
            .iter()
            .filter(|c| document.measure(c).is_none())
            .cloned()
            .collect(),
        _ => Vec::new(),
    }
}

/// The fiscal year a new report covers: the latest fiscal year that has ended by `today` and
/// holds a value; else the latest year with a value; else the year `today` is in.
pub fn default_year(document: &Document, today: Date) -> i32 {
    let start = document.coalition.fiscal_year_start;
    let current = start.fiscal_year_of(today.month_index());
    let years = crate::dashboard::years_with_data(document);
    years
        .iter()
        .copied()
        .filter(|&y| y < current)
        .max()
        .or_else(|| years.iter().copied().max())
        .unwrap_or(current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{sample, Period};

    fn code(text: &str) -> Code {
        Code::parse(text).unwrap()
    }

    #[test]
    fn a_report_needs_a_name_years_in_order_and_a_section() {
        let good = ReportTemplate::new("Community Foundation, annual", 2026);
        assert_eq!(good.validate(), Ok(()));
        let unnamed = ReportTemplate::new(" ", 2026);
        assert!(matches!(unnamed.validate(), Err(Error::Required { .. })));
        let backwards = ReportTemplate {
            from: 2026,
            to: 2025,
            ..good.clone()
        };
        assert_eq!(
            backwards.validate(),
            Err(Error::ReportYears {
                from: 2026,
                to: 2025
            })
        );
        let far = ReportTemplate::new("Board", 3000);
        assert!(matches!(far.validate(), Err(Error::ReportYears { .. })));
        let empty = ReportTemplate {
            sections: vec![],
            ..good.clone()
        };
        assert!(matches!(empty.validate(), Err(Error::Required { .. })));
        let none_chosen = ReportTemplate {
            measures: Selection::Chosen(vec![]),
            ..good.clone()
        };
        assert!(matches!(
            none_chosen.validate(),
            Err(Error::Required { .. })
        ));
        let zero_pages = ReportTemplate {
            page_limit: Some(0),
            ..good
        };
        assert_eq!(zero_pages.validate(), Err(Error::PageLimit));
    }

    #[test]
    fn running_a_report_later_moves_it_by_its_own_span() {
        let one = ReportTemplate::new("Board", 2026);
        assert_eq!((one.later().from, one.later().to), (2027, 2027));
        let two = ReportTemplate { from: 2025, ..one };
        assert_eq!((two.later().from, two.later().to), (2027, 2028));
        assert_eq!(two.later().period_label(), "FY2027 to FY2028");
        assert_eq!(two.later().name, "Board");
    }

    #[test]
    fn a_quarterly_report_runs_through_the_next_quarter_then_the_next_year() {
        let q1 = ReportTemplate {
            through: Some(1),
            ..ReportTemplate::new("Community Foundation, quarterly", 2027)
        };
        assert_eq!(q1.period_label(), "FY2027 through Q1");
        assert_eq!(q1.later().through, Some(2));
        let q4 = ReportTemplate {
            through: Some(4),
            ..q1.clone()
        };
        let next = q4.later();
        assert_eq!((next.from, next.to, next.through), (2028, 2028, Some(1)));
        let q5 = ReportTemplate {
            through: Some(5),
            ..q1
        };
        assert_eq!(q5.validate(), Err(Error::ReportQuarter));
    }

    #[test]
    fn a_quarterly_report_counts_the_year_to_date_and_leaves_out_the_year_under_way() {
        let doc = sample::coalition();
        let template = ReportTemplate {
            measures: Selection::All,
            through: Some(2),
            ..ReportTemplate::new("Quarterly", 2026)
        };
        let r = report(&doc, &template);
        let start = doc.coalition.fiscal_year_start;
        // FY2026 starts in July 2025: its second quarter ends in December 2025.
        assert_eq!(r.end, Date::new(2025, 12, 31).unwrap());
        for (row, m) in r.dashboard.rows.iter().zip(&r.measures) {
            for p in row.series.periods.iter().chain(&m.history.periods) {
                assert!(
                    p.last_month(start) <= crate::MonthIndex::new(2025, 12),
                    "{p}"
                );
            }
            if let Some(Period::Year { fiscal_year }) = row.summary.period {
                assert!(
                    fiscal_year < 2026,
                    "a year under way is not its latest value"
                );
            }
        }
    }

    #[test]
    fn every_figure_is_the_dashboards_for_the_same_filter() {
        let doc = sample::coalition();
        let template = ReportTemplate {
            measures: Selection::Chosen(vec![code("LIB-CARD"), code("ABSENT")]),
            ..ReportTemplate::new("Board", 2025)
        };
        let r = report(&doc, &template);
        let direct = dashboard(
            &doc,
            &Filter {
                from: Some(2025),
                to: Some(2025),
                only: Some(vec![code("LIB-CARD"), code("ABSENT")]),
                ..Filter::default()
            },
        );
        assert_eq!(r.dashboard, direct);
        assert_eq!(r.dashboard.rows.len(), 2);
        let cards = &r.dashboard.rows[r
            .dashboard
            .rows
            .iter()
            .position(|row| doc.measures[row.measure].code == code("LIB-CARD"))
            .unwrap()];
        assert_eq!(
            cards.summary.period,
            Some(Period::Year { fiscal_year: 2025 })
        );
    }

    #[test]
    fn the_chart_shows_the_curve_from_its_start_to_the_reports_end() {
        let doc = sample::coalition();
        let r = report(&doc, &ReportTemplate::new("Board", 2025));
        for (row, m) in r.dashboard.rows.iter().zip(&r.measures) {
            assert_eq!(row.measure, m.measure);
            let start = doc.coalition.fiscal_year_start;
            let last = m.history.periods.last().unwrap();
            assert!(start.fiscal_year_of(last.last_month(start)) <= 2025);
            assert!(m.history.periods.len() >= row.series.periods.len());
        }
    }

    #[test]
    fn measures_chosen_then_deleted_are_listed_as_missing() {
        let doc = sample::coalition();
        let template = ReportTemplate {
            measures: Selection::Chosen(vec![code("LIB-CARD"), code("GONE")]),
            ..ReportTemplate::new("Board", 2026)
        };
        let r = report(&doc, &template);
        assert_eq!(r.missing, vec![code("GONE")]);
        assert_eq!(r.dashboard.rows.len(), 1);
    }

    #[test]
    fn activities_and_partners_are_read_on_the_reports_last_day() {
        let doc = sample::coalition();
        let r = report(&doc, &ReportTemplate::new("Board", 2025));
        assert_eq!(r.end, Date::new(2025, 6, 30).unwrap());
        for line in &r.activities {
            let a = &doc.activities[line.activity];
            assert!(a.start <= r.end);
            assert_eq!(line.status, a.status_on(r.end));
        }
        assert_eq!(r.partners.len(), doc.partners.len());
        for (i, level) in &r.partners {
            assert_eq!(*level, doc.partners[*i].level_on(r.end));
        }
    }

    #[test]
    fn the_story_printed_is_the_one_the_indicator_table_explains_with() {
        let doc = sample::coalition();
        let r = report(&doc, &ReportTemplate::new("Board", 2026));
        for (m, i) in r.measures.iter().zip(&r.indicators) {
            assert_eq!(
                m.story.as_ref().map_or("", |s| s.what_happened.as_str()),
                i.explanation
            );
        }
    }

    #[test]
    fn a_saved_report_syncs_as_one_change_to_the_coalitions_reports() {
        let before = sample::coalition();
        let mut after = before.clone();
        let saved = ReportTemplate {
            measures: Selection::Strategy(code("SKILLS")),
            paper: Paper::A4,
            ..ReportTemplate::new("Board, twice a year", 2025)
        };
        let coalition = after.coalition.with_report(saved).unwrap();
        after.set_coalition(coalition).unwrap();
        let changes = crate::sync::diff(&before, &after);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].path.to_string(), "coalition/reports");
        let mut other = before.clone();
        crate::sync::apply(&mut other, &changes[0]).unwrap();
        assert_eq!(other.coalition.reports, after.coalition.reports);
    }

    #[test]
    fn a_new_report_covers_the_latest_finished_year_with_data() {
        let doc = sample::coalition();
        assert_eq!(default_year(&doc, Date::new(2026, 12, 2).unwrap()), 2026);
        assert_eq!(default_year(&doc, Date::new(2026, 3, 1).unwrap()), 2025);
        let empty = Document::empty();
        assert_eq!(default_year(&empty, Date::new(2026, 12, 2).unwrap()), 2026);
    }
}
