//! The sample coalition from the worked example in docs/domain.md, with three years of plausible data.
//!
//! The data is generated from fixed formulas and a fixed hash, so every call returns the same
//! document and tests can rely on its numbers.

use crate::measure::{Accumulation::*, Polarity::*, Rollup, ValueType::*};
use crate::partner::{PartnershipLevel::*, Sector::*};
use crate::period::{FiscalYearStart, Frequency, MonthIndex};
use crate::Group;
use crate::{
    Activity, ActivityStatus, Aim, Baseline, Characteristics, Coalition, Code, Date, Direction,
    Document, Link, Measure, Observation, Partner, PartnershipLevel, Period, Readiness, Scale,
    Sector, StatusUpdate, Story, Strategy, Target, Update, Value,
};

/// The first fiscal year with data, and the last complete one.
const FIRST_YEAR: i32 = 2024;
const LAST_YEAR: i32 = 2026;

/// The sample's breakdowns: age band, and the county's three areas.
fn breakdowns() -> Vec<crate::Breakdown> {
    let breakdown = |code: &str, name: &str, categories: &[(&str, &str)]| crate::Breakdown {
        code: Code::parse(code).expect("a sample code"),
        name: name.into(),
        categories: categories
            .iter()
            .map(|(code, label)| crate::Category {
                code: Code::parse(code).expect("a sample code"),
                label: (*label).into(),
            })
            .collect(),
        exhaustive: true,
    };
    vec![
        breakdown("AGE", "Age band", &[("13-15", "13–15"), ("16-18", "16–18")]),
        breakdown(
            "AREA",
            "Area of the county",
            &[
                ("NORTH", "North"),
                ("CENTRAL", "Central"),
                ("SOUTH", "South"),
                ("HILLS", "Hill villages"),
            ],
        ),
    ]
}

/// The Teen Futures Coalition: a public library as backbone, two museums, two high schools, a
/// youth nonprofit, the parks department and a community foundation.
pub fn coalition() -> Document {
    let mut doc = Document::empty();
    doc.coalition = Coalition {
        name: "Teen Futures Coalition".into(),
        goal: "Every teen in the county has year-round access to learning and belonging outside school.".into(),
        strategies: vec![
            strategy("ACCESS", "Access to places and programs"),
            strategy("BELONG", "Belonging and connection"),
            strategy("SKILLS", "Skills and learning"),
            strategy("ENGAGE", "Engagement in school"),
        ],
        fiscal_year_start: FiscalYearStart::JULY,
        tolerance_percent: Coalition::DEFAULT_TOLERANCE,
        reports: vec![crate::report::ReportTemplate {
            page_limit: Some(3),
            ..crate::report::ReportTemplate::new("Community Foundation, annual", LAST_YEAR)
        }],
        locked_periods: Vec::new(),
        lock_after_months: None,
        review: false,
        count_unapproved: false,
        breakdowns: breakdowns(),
        small_cells: Coalition::DEFAULT_SMALL_CELLS,
        hide_small_cells_from_viewers: false,
    };
    doc.partners = vec![
        partner(
            "LIB",
            "Riverside County Public Library",
            Library,
            CollectiveImpact,
            [5, 5, 5, 5],
        ),
        partner(
            "SCI",
            "Discovery Science Museum",
            Museum,
            Embedded,
            [4, 4, 4, 5],
        ),
        partner(
            "ART",
            "City Art Museum",
            Museum,
            CollaboratingOnProgramming,
            [3, 3, 3, 3],
        ),
        partner(
            "HS-NORTH",
            "Northside High School",
            School,
            FormingCoalitions,
            [3, 4, 3, 4],
        ),
        partner(
            "HS-EAST",
            "Eastbrook High School",
            School,
            InformingTeens,
            [2, 3, 2, 3],
        ),
        partner(
            "YOUTH",
            "Youth Futures Nonprofit",
            Nonprofit,
            Embedded,
            [4, 5, 4, 5],
        ),
        partner(
            "PARKS",
            "Parks and Recreation Department",
            Government,
            Cooperating,
            [2, 2, 3, 3],
        ),
        partner(
            "FUND",
            "Riverside Community Foundation",
            Funder,
            FormingCoalitions,
            [3, 3, 2, 4],
        ),
    ];
    doc.measures = measures();
    let observations: Vec<Observation> = doc
        .measures
        .iter()
        .enumerate()
        .flat_map(|(i, m)| generate(i, m, doc.coalition.fiscal_year_start))
        .collect();
    doc.observations = observations.into_iter().collect();
    doc.activities = activities();
    doc.updates = updates().into_iter().collect();
    doc.stories = stories();
    histories(&mut doc);
    doc
}

fn date(text: &str) -> Date {
    Date::parse(text).expect("sample dates are valid")
}

fn aim(measure: &str, direction: Direction) -> Aim {
    Aim {
        measure: code(measure),
        direction,
    }
}

fn log(when: &str, status: ActivityStatus, note: &str, author: &str) -> StatusUpdate {
    StatusUpdate {
        date: date(when),
        status,
        note: note.into(),
        author: author.into(),
    }
}

/// The activities of the worked example in docs/domain.md and a few more, one pair of them overlapping.
fn activities() -> Vec<Activity> {
    use ActivityStatus::*;
    let codes = |list: &[&str]| list.iter().map(|c| code(c)).collect::<Vec<_>>();
    vec![
        Activity {
            code: code("A1"),
            title: "Museum teen docents".into(),
            description: "Teens train as gallery guides at the science museum and lead co-delivered sessions at the library and both high schools.".into(),
            lead: code("SCI"),
            supporters: codes(&["LIB", "HS-NORTH", "HS-EAST"]),
            strategy: Some(code("SKILLS")),
            aims: vec![aim("CO-DELIVERED", Direction::Up), aim("NEW-SKILL", Direction::Up)],
            audience: "teens 13-18".into(),
            status: Active,
            start: date("2024-09-01"),
            end: None,
            log: vec![
                log("2024-09-01", Active, "First cohort of 14 docents started.", "Maya (science museum)"),
                log("2025-09-05", Active, "Second cohort doubled to 28 docents.", "Maya (science museum)"),
            ],
        },
        Activity {
            code: code("A2"),
            title: "Library card sign-up week at every high school".into(),
            description: "Librarians sign teens up for cards during lunch in the first week of each term.".into(),
            lead: code("LIB"),
            supporters: codes(&["HS-NORTH", "HS-EAST"]),
            strategy: Some(code("ACCESS")),
            aims: vec![aim("LIB-CARD", Direction::Up)],
            audience: "high school students".into(),
            status: Active,
            start: date("2024-08-19"),
            end: None,
            log: vec![log("2025-08-25", Active, "1,100 new cards in the autumn week.", "Jo (library)")],
        },
        Activity {
            code: code("A3"),
            title: "Attendance mentors".into(),
            description: "Volunteer mentors check in weekly with students at risk of chronic absence.".into(),
            lead: code("YOUTH"),
            supporters: codes(&["HS-NORTH"]),
            strategy: Some(code("ENGAGE")),
            aims: vec![aim("ABSENT", Direction::Down), aim("MENTOR-HOURS", Direction::Up)],
            audience: "students in grades 9-12".into(),
            status: AtRisk,
            start: date("2024-01-08"),
            end: Some(date("2027-06-30")),
            log: vec![
                log("2024-01-08", Active, "Started with 20 mentors.", "Sam (youth nonprofit)"),
                log("2026-10-01", AtRisk, "Half the mentors left over the summer; recruiting.", "Sam (youth nonprofit)"),
            ],
        },
        Activity {
            code: code("A4"),
            title: "Teen art lab".into(),
            description: "Weekly open studio for teens at the art museum.".into(),
            lead: code("ART"),
            supporters: vec![],
            strategy: Some(code("BELONG")),
            aims: vec![aim("NEW-SKILL", Direction::Up)],
            audience: "teens 13-18".into(),
            status: Active,
            start: date("2025-01-15"),
            end: None,
            log: vec![],
        },
        Activity {
            code: code("A5"),
            title: "Maker nights in the parks".into(),
            description: "Evening making sessions in park recreation centres.".into(),
            lead: code("PARKS"),
            supporters: vec![],
            strategy: Some(code("BELONG")),
            aims: vec![aim("NEW-SKILL", Direction::Up)],
            audience: "Teens 13-18".into(),
            status: Planned,
            start: date("2026-03-01"),
            end: Some(date("2026-12-15")),
            log: vec![],
        },
    ]
}

fn updates() -> Vec<Update> {
    vec![
        Update {
            date: date("2026-10-02"),
            author: "Sam (youth nonprofit)".into(),
            text: "Attendance mentors lost half of their volunteers over the summer. We are recruiting at the community college; leads welcome.".into(),
            links: vec![Link::Activity(code("A3")), Link::Measure(code("ABSENT"))],
        },
        Update {
            date: date("2026-10-20"),
            author: "Jo (library)".into(),
            text: "FY2026 card numbers are in: 48.1% of teens hold an active card, up from 41% at the baseline.".into(),
            links: vec![Link::Measure(code("LIB-CARD")), Link::Partner(code("LIB"))],
        },
    ]
}

fn stories() -> Vec<Story> {
    vec![Story {
        measure: code("ABSENT"),
        period: Period::Quarter {
            fiscal_year: 2026,
            quarter: 4,
        },
        what_happened: "Chronic absence fell for the fourth quarter in a row, most at Eastbrook, where mentors started in January.".into(),
        partners: vec![code("YOUTH"), code("HS-EAST")],
        what_works: "Weekly check-ins by the same mentor; calls home in the first week of absence.".into(),
        next_steps: "Recruit mentors for Northside before the autumn term.".into(),
    }]
}

/// How some partnerships deepened over the three years, ending at the levels listed above.
fn histories(doc: &mut Document) {
    type Step = (
        &'static str,
        &'static str,
        PartnershipLevel,
        PartnershipLevel,
        &'static str,
    );
    let steps: [Step; 5] = [
        (
            "SCI",
            "2024-06-30",
            CollaboratingOnProgramming,
            Embedded,
            "Museum teen docents became a standing programme.",
        ),
        (
            "ART",
            "2024-09-15",
            Networking,
            Cooperating,
            "Shared a calendar of teen events.",
        ),
        (
            "ART",
            "2025-06-01",
            Cooperating,
            CollaboratingOnProgramming,
            "Co-ran the summer teen art series.",
        ),
        (
            "YOUTH",
            "2025-01-10",
            FormingCoalitions,
            Embedded,
            "Mentors placed in both high schools.",
        ),
        (
            "HS-EAST",
            "2026-01-20",
            Cooperating,
            InformingTeens,
            "Tables for partners in the school library each month.",
        ),
    ];
    for (partner, when, from, to, note) in steps {
        if let Some(p) = doc.partners.iter_mut().find(|p| p.code.as_str() == partner) {
            if p.history.is_empty() {
                p.level = from;
            }
            let characteristics = p.characteristics;
            p.change(date(when), to, characteristics, note)
                .expect("sample changes are in date order");
        }
    }
    if let Some(art) = doc.partners.iter_mut().find(|p| p.code.as_str() == "ART") {
        art.readiness = Some(Readiness {
            date: date("2026-09-01"),
            answers: vec![
                "Three projects, all well received; good relationships with the education team."
                    .into(),
                "The summer series shared a small grant; no issues.".into(),
                "Four people at the museum, three at the library.".into(),
                "Both directors support a year-round programme.".into(),
                "Not yet: the museum plans its staff time in January.".into(),
            ],
        });
    }
}

fn measures() -> Vec<Measure> {
    let q = |fy: i32, quarter: u8| Period::Quarter {
        fiscal_year: fy,
        quarter,
    };
    let year = |fy: i32| Period::Year { fiscal_year: fy };
    vec![
        Measure {
            code: code("LIB-CARD"),
            title: "% of 13–18 year olds with an active library card".into(),
            definition: "Teens aged 13 to 18 living in the county whose library card was used in the last 12 months, over all county residents aged 13 to 18 (census estimate), at fiscal year end.".into(),
            unit: "% of teens".into(),
            value_type: Percent,
            polarity: HigherIsBetter,
            accumulation: Snapshot,
            rollup: Rollup::RatioOfSums,
            frequency: Frequency::Annual,
            strategies: vec![code("ACCESS")],
            steward: Some(code("LIB")),
            reporters: vec![code("LIB")],
            key: true,
            decimals: 1,
            baseline: Some(Baseline { period: year(2024), value: 41.0 }),
            targets: vec![
                Target { period: year(2026), value: 50.0 },
                Target { period: year(2028), value: 60.0 },
            ],
            rate_per: 1000,
            earlier: Vec::new(),
            replaced: None,
            change_reason: String::new(),
            closed: None,
            continued_as: None,
            closing_reason: String::new(),
            breakdowns: Vec::new(),
            group_targets: Vec::new(),
            range: None,
        },
        Measure {
            code: code("ABSENT"),
            title: "Chronic absenteeism, grades 9–12".into(),
            definition: "Students in grades 9 to 12 who missed 10% or more of school days so far this school year, over all enrolled students in grades 9 to 12, at quarter end.".into(),
            unit: "% of students".into(),
            value_type: Percent,
            polarity: LowerIsBetter,
            accumulation: Snapshot,
            rollup: Rollup::RatioOfSums,
            frequency: Frequency::Quarterly,
            strategies: vec![code("ENGAGE")],
            steward: Some(code("HS-NORTH")),
            reporters: vec![code("HS-NORTH"), code("HS-EAST")],
            key: true,
            decimals: 1,
            baseline: Some(Baseline { period: q(2024, 1), value: 24.0 }),
            targets: vec![
                Target { period: q(2026, 4), value: 20.0 },
                Target { period: q(2028, 4), value: 15.0 },
            ],
            rate_per: 1000,
            earlier: Vec::new(),
            replaced: None,
            change_reason: String::new(),
            closed: None,
            continued_as: None,
            closing_reason: String::new(),
            breakdowns: vec![code("AREA")],
            // The South, furthest behind, has a target of its own.
            group_targets: vec![crate::GroupTarget {
                group: Group::one(code("AREA"), code("SOUTH")),
                period: q(2028, 4),
                value: 20.0,
            }],
            range: None,
        },
        Measure {
            code: code("CO-DELIVERED"),
            title: "Teen program sessions co-delivered by two or more partners".into(),
            definition: "Sessions of teen programs planned and run by at least two coalition partners together. Each partner counts the sessions it hosted.".into(),
            unit: "sessions".into(),
            value_type: Count,
            polarity: HigherIsBetter,
            accumulation: PerPeriod,
            rollup: Rollup::Sum,
            frequency: Frequency::Quarterly,
            strategies: vec![code("ACCESS"), code("BELONG")],
            steward: Some(code("LIB")),
            reporters: vec![code("LIB"), code("SCI"), code("ART"), code("YOUTH"), code("PARKS")],
            key: true,
            decimals: 0,
            baseline: Some(Baseline { period: q(2024, 1), value: 18.0 }),
            targets: vec![
                Target { period: q(2026, 4), value: 35.0 },
                Target { period: q(2028, 4), value: 50.0 },
            ],
            rate_per: 1000,
            earlier: Vec::new(),
            replaced: None,
            change_reason: String::new(),
            closed: None,
            continued_as: None,
            closing_reason: String::new(),
            breakdowns: Vec::new(),
            group_targets: Vec::new(),
            range: None,
        },
        Measure {
            code: code("NEW-SKILL"),
            title: "% of participants who report learning a new skill".into(),
            definition: "Teen participants answering yes to “I learned something new I can use” on the shared end-of-program survey, over all teens who answered the question.".into(),
            unit: "% of participants".into(),
            value_type: Percent,
            polarity: HigherIsBetter,
            accumulation: PerPeriod,
            rollup: Rollup::RatioOfSums,
            frequency: Frequency::Quarterly,
            strategies: vec![code("SKILLS")],
            steward: Some(code("YOUTH")),
            reporters: vec![code("LIB"), code("SCI"), code("ART"), code("YOUTH")],
            key: true,
            decimals: 1,
            baseline: Some(Baseline { period: q(2024, 1), value: 62.0 }),
            targets: vec![
                Target { period: q(2026, 4), value: 70.0 },
                Target { period: q(2028, 4), value: 80.0 },
            ],
            rate_per: 1000,
            earlier: Vec::new(),
            replaced: None,
            change_reason: String::new(),
            closed: None,
            continued_as: None,
            closing_reason: String::new(),
            breakdowns: vec![code("AGE")],
            group_targets: Vec::new(),
            range: None,
        },
        Measure {
            code: code("TEEN-VISITS"),
            title: "Teen visits to partner programs".into(),
            definition: "Visits by teens aged 13 to 18 to any program a partner runs, counted at the door.".into(),
            unit: "visits".into(),
            value_type: Count,
            polarity: HigherIsBetter,
            accumulation: PerPeriod,
            rollup: Rollup::Sum,
            frequency: Frequency::Monthly,
            strategies: vec![code("ACCESS")],
            steward: Some(code("LIB")),
            reporters: vec![code("LIB"), code("SCI"), code("ART"), code("YOUTH"), code("PARKS")],
            key: false,
            decimals: 0,
            baseline: Some(Baseline {
                period: Period::Month { year: 2023, month: 7 },
                value: 2100.0,
            }),
            targets: vec![Target {
                period: Period::Month { year: 2028, month: 6 },
                value: 3200.0,
            }],
            rate_per: 1000,
            earlier: Vec::new(),
            replaced: None,
            change_reason: String::new(),
            closed: None,
            continued_as: None,
            closing_reason: String::new(),
            breakdowns: Vec::new(),
            group_targets: Vec::new(),
            range: None,
        },
        Measure {
            code: code("MENTOR-HOURS"),
            title: "Mentoring hours given to teens, to date".into(),
            definition: "Hours of one-to-one mentoring by trained volunteers, added up since the coalition began.".into(),
            unit: "hours".into(),
            value_type: Amount,
            polarity: HigherIsBetter,
            accumulation: RunningTotal,
            rollup: Rollup::Sum,
            frequency: Frequency::Quarterly,
            strategies: vec![code("BELONG")],
            steward: Some(code("YOUTH")),
            reporters: vec![code("YOUTH"), code("LIB")],
            key: false,
            decimals: 0,
            baseline: None,
            targets: vec![Target { period: q(2028, 4), value: 9000.0 }],
            rate_per: 1000,
            earlier: Vec::new(),
            replaced: None,
            change_reason: String::new(),
            closed: None,
            continued_as: None,
            closing_reason: String::new(),
            breakdowns: Vec::new(),
            group_targets: Vec::new(),
            range: None,
        },
        Measure {
            code: code("PARK-INCIDENTS"),
            title: "Safety incidents per 1,000 teen visits to parks and youth centres".into(),
            definition: "Incidents logged by staff at parks and youth centre programs, over teen visits counted at the door, per 1,000 visits.".into(),
            unit: "incidents per 1,000 visits".into(),
            value_type: Rate,
            polarity: LowerIsBetter,
            accumulation: PerPeriod,
            rollup: Rollup::RatioOfSums,
            frequency: Frequency::Quarterly,
            strategies: vec![code("BELONG")],
            steward: Some(code("PARKS")),
            reporters: vec![code("PARKS"), code("YOUTH")],
            key: false,
            decimals: 1,
            baseline: Some(Baseline { period: q(2024, 1), value: 6.0 }),
            targets: vec![Target { period: q(2028, 4), value: 4.0 }],
            rate_per: 1000,
            earlier: Vec::new(),
            replaced: None,
            change_reason: String::new(),
            closed: None,
            continued_as: None,
            closing_reason: String::new(),
            breakdowns: Vec::new(),
            group_targets: Vec::new(),
            range: None,
        },
        Measure {
            code: code("SEAT-RATIO"),
            title: "Sign-ups per program seat".into(),
            definition: "Teens signed up for a program over the seats it offers: below 0.9 seats go empty, above 1.1 teens are turned away. Each partner's ratio counts by its seats.".into(),
            unit: "sign-ups per seat".into(),
            value_type: Average,
            polarity: WithinRange,
            accumulation: PerPeriod,
            rollup: Rollup::WeightedMean,
            frequency: Frequency::Quarterly,
            strategies: vec![code("ACCESS")],
            steward: Some(code("LIB")),
            reporters: vec![code("LIB"), code("SCI"), code("ART")],
            key: false,
            decimals: 2,
            baseline: Some(Baseline { period: q(2024, 1), value: 1.28 }),
            targets: vec![],
            rate_per: 1000,
            earlier: Vec::new(),
            replaced: None,
            change_reason: String::new(),
            closed: None,
            continued_as: None,
            closing_reason: String::new(),
            breakdowns: Vec::new(),
            group_targets: Vec::new(),
            range: Some(crate::measure::Range { low: 0.9, high: 1.1 }),
        },
    ]
}

/// Generates the observations of measure number `index`: every period of three fiscal years for
/// every reporter, and the first quarter of the year after for most of them (two partners are
/// late, as partners are).
fn generate(index: usize, measure: &Measure, start: FiscalYearStart) -> Vec<Observation> {
    let first = start.first_month_of(FIRST_YEAR);
    let last = start.first_month_of(LAST_YEAR + 1).plus(2);
    let late = [code("ART"), code("PARKS")];
    let mut periods = Vec::new();
    let mut month = first;
    while month <= last {
        let period = Period::containing(month, measure.frequency, start);
        if periods.last() != Some(&period) {
            periods.push(period);
        }
        month = month.plus(1);
    }
    // A period still under way (the current fiscal year, for annual measures) has no value yet.
    periods.retain(|p| p.last_month(start) <= last);
    let total = periods.len() as f64;
    let mut out = Vec::new();
    for (p_index, partner) in measure.reporters.iter().enumerate() {
        for (t, &period) in periods.iter().enumerate() {
            let this_year = period.last_month(start) < start.first_month_of(LAST_YEAR + 1);
            if !this_year && late.contains(partner) {
                continue;
            }
            let noise = jitter(index as u64, p_index as u64, t as u64);
            let progress = t as f64 / total.max(1.0);
            let value = value_for(measure, p_index, progress, noise);
            let groups = split(measure, value, progress);
            for (group, value) in std::iter::once((Group::total(), value)).chain(groups) {
                out.push(Observation {
                    group,
                    measure: measure.code.clone(),
                    period,
                    partner: partner.clone(),
                    value,
                    note: Default::default(),
                    entered_by: "Sample data".into(),
                    entered_at: entered_at(period.last_month(start)).into(),
                });
            }
        }
    }
    out
}

/// The sample's values by group, which add up to `total` exactly: chronic absenteeism by area
/// (the South furthest behind, the gap narrowing; the Hill villages a group of a dozen
/// students, whose counts a report card hides), and new skills by age band (the younger teens
/// behind, catching up).
fn split(measure: &Measure, total: Value, progress: f64) -> Vec<(Group, Value)> {
    let Value::Ratio {
        numerator,
        denominator,
    } = total
    else {
        return Vec::new();
    };
    // Each category's share of the denominator and its rate against the total's; the category
    // at `rest` takes what is left, so the categories add up to the total.
    let (breakdown, categories, rest): (&str, Vec<(&str, f64, f64)>, usize) =
        match measure.code.as_str() {
            "ABSENT" => (
                "AREA",
                vec![
                    ("NORTH", 0.30, 0.80 + 0.10 * progress),
                    ("CENTRAL", 0.44, 0.95 + 0.05 * progress),
                    ("SOUTH", 0.25, 0.0),
                    ("HILLS", 0.01, 1.05),
                ],
                2,
            ),
            "NEW-SKILL" => (
                "AGE",
                vec![
                    ("13-15", 0.55, 0.85 + 0.08 * progress),
                    ("16-18", 0.45, 0.0),
                ],
                1,
            ),
            _ => return Vec::new(),
        };
    let rate = numerator / denominator;
    let mut parts: Vec<(f64, f64)> = categories
        .iter()
        .map(|&(_, share, factor)| {
            let d = (denominator * share).round();
            (((d * rate * factor).round()).clamp(0.0, d), d)
        })
        .collect();
    let (n_rest, d_rest) = parts
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != rest)
        .fold((numerator, denominator), |(n, d), (_, p)| {
            (n - p.0, d - p.1)
        });
    parts[rest] = (n_rest, d_rest);
    categories
        .iter()
        .zip(parts)
        .map(|(&(category, _, _), (numerator, denominator))| {
            (
                Group::one(code(breakdown), code(category)),
                Value::Ratio {
                    numerator,
                    denominator,
                },
            )
        })
        .collect()
}

fn value_for(measure: &Measure, partner: usize, progress: f64, noise: f64) -> Value {
    let ratio = |denominator: f64, share: f64| {
        let numerator = (denominator * share).round().clamp(0.0, denominator);
        Value::Ratio {
            numerator,
            denominator,
        }
    };
    match measure.code.as_str() {
        "LIB-CARD" => ratio(10_000.0 + 60.0 * progress, 0.41 + 0.107 * progress),
        "ABSENT" => {
            let enrolled = [1400.0, 1100.0][partner % 2];
            ratio(
                enrolled,
                0.245 - 0.05 * progress + 0.008 * noise - 0.01 * partner as f64,
            )
        }
        "NEW-SKILL" => ratio(
            ([120.0, 90.0, 60.0, 150.0][partner % 4] + 10.0 * noise).round(),
            0.61 + 0.09 * progress + 0.02 * noise,
        ),
        "CO-DELIVERED" => Value::Number(
            ((3.0 + 1.0 * partner as f64) * (1.0 + 0.9 * progress) + 1.5 * noise)
                .round()
                .max(0.0),
        ),
        "PARK-INCIDENTS" => {
            let visits = ([2400.0, 1800.0][partner % 2] * (1.0 + 0.2 * progress)).round();
            Value::Ratio {
                numerator: (visits * (0.0062 - 0.0018 * progress + 0.0008 * noise))
                    .round()
                    .max(0.0),
                denominator: visits,
            }
        }
        "SEAT-RATIO" => Value::Weighted {
            mean: ((1.3 - 0.3 * progress + 0.04 * noise) * 100.0).round() / 100.0,
            weight: [60.0, 40.0, 25.0][partner % 3],
        },
        "TEEN-VISITS" => Value::Number(
            ([900.0, 450.0, 250.0, 400.0, 150.0][partner % 5] * (1.0 + 0.25 * progress)
                + 40.0 * noise)
                .round()
                .max(0.0),
        ),
        _ => Value::Number(
            ([260.0, 90.0][partner % 2] * (1.0 + 0.4 * progress) + 20.0 * noise).round(),
        ),
    }
}

/// A plausible entry date: the tenth day after the period ends.
fn entered_at(last: MonthIndex) -> String {
    let next = last.plus(1);
    format!("{:04}-{:02}-10T09:00:00Z", next.year(), next.month())
}

/// A fixed pseudo-random number in [-1, 1) for the given indices (SplitMix64).
fn jitter(a: u64, b: u64, c: u64) -> f64 {
    let mut z = a
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(b.wrapping_mul(0xBF58_476D_1CE4_E5B9))
        .wrapping_add(c.wrapping_mul(0x94D0_49BB_1331_11EB));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 52) as f64 - 1.0
}

fn code(text: &str) -> Code {
    Code::parse(text).expect("sample codes are valid")
}

fn strategy(c: &str, name: &str) -> Strategy {
    Strategy {
        code: code(c),
        name: name.into(),
    }
}

fn partner(
    c: &str,
    name: &str,
    sector: Sector,
    level: PartnershipLevel,
    scale: [u8; 4],
) -> Partner {
    let s = |v| Scale::new("sample", v).expect("sample scales are 1 to 5");
    Partner::new(
        code(c),
        name,
        sector,
        level,
        Characteristics {
            structure: s(scale[0]),
            communication: s(scale[1]),
            decision_making: s(scale[2]),
            commitment: s(scale[3]),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_coalition_by_group_passes_every_check_of_the_document() {
        let doc = large_by_group(3);
        assert_eq!(doc.observations.len(), 3 * 10 * 12 * 9);
        let mut checked = Document::empty();
        checked.partners = doc.partners.clone();
        checked.set_coalition(doc.coalition.clone()).unwrap();
        for m in &doc.measures {
            checked.add_measure(m.clone()).unwrap();
        }
        for o in doc.observations.iter() {
            checked.record(o.clone()).unwrap();
        }
        assert_eq!(checked.observations, doc.observations);
    }

    #[test]
    fn the_sample_partnerships_end_at_their_listed_levels() {
        let doc = coalition();
        let art = doc.partner(&code("ART")).unwrap();
        assert_eq!(art.level, CollaboratingOnProgramming);
        assert_eq!(art.history.len(), 2);
        assert_eq!(art.level_on(date("2024-01-01")), Networking);
        assert!(
            crate::matrix::duplications(&doc).len() == 1,
            "the art lab and maker nights overlap"
        );
    }

    #[test]
    fn the_sample_is_the_same_every_time() {
        assert_eq!(coalition(), coalition());
    }

    #[test]
    fn every_reporter_has_three_years_for_every_measure() {
        let doc = coalition();
        let start = doc.coalition.fiscal_year_start;
        for m in &doc.measures {
            for partner in &m.reporters {
                let years: std::collections::BTreeSet<i32> = doc
                    .observations
                    .of_measure(&m.code)
                    .filter(|o| &o.partner == partner)
                    .map(|o| start.fiscal_year_of(o.period.first_month(start)))
                    .collect();
                assert!(
                    (FIRST_YEAR..=LAST_YEAR).all(|y| years.contains(&y)),
                    "{} {partner}: {years:?}",
                    m.code
                );
            }
        }
    }

    #[test]
    fn the_large_coalition_has_about_120000_valid_observations() {
        let doc = large(Size::LARGE);
        let n = doc.observations.len();
        assert!((110_000..=130_000).contains(&n), "{n}");
        doc.validate().unwrap();
    }

    #[test]
    fn two_partners_have_not_yet_reported_the_current_year() {
        let doc = coalition();
        let late: Vec<_> = doc
            .observations
            .iter()
            .filter(|o| o.period == Period::parse("FY2027-Q1").unwrap())
            .map(|o| o.partner.as_str())
            .collect();
        assert!(!late.contains(&"ART") && !late.contains(&"PARKS"));
        assert!(late.contains(&"SCI"));
    }
}

/// The size of a generated coalition.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Size {
    pub partners: usize,
    pub measures: usize,
    pub years: i32,
    /// The share of cells (measure × partner × month) that hold a value, from 0 to 1.
    pub fill: f64,
}

impl Size {
    /// 50 partners, 100 monthly measures, 10 years, a fifth of all cells filled: about 120,000
    /// observations, as a large coalition might gather over a decade.
    pub const LARGE: Size = Size {
        partners: 50,
        measures: 100,
        years: 10,
        fill: 0.2,
    };
}

/// A year of monthly values of ten measures from `partners` partners, every total kept and split
/// into eight categories of a breakdown covering everyone ("Race or ethnicity"), for benchmarks
/// of values by group: with 300 partners, the 290,000 values a year issue 16 names (324,000
/// with the totals). The same number of partners always gives the same document.
pub fn large_by_group(partners: usize) -> Document {
    let mut doc = large(Size {
        partners,
        measures: 10,
        years: 1,
        fill: 1.0,
    });
    let categories: Vec<crate::Category> = (1..=8)
        .map(|i| crate::Category {
            code: code(&format!("E{i}")),
            label: format!("Group {i}"),
        })
        .collect();
    // Set directly rather than through the document's checks, whose code the app's
    // benchmark module would then share with the dashboard's and make it wait for more (2 KiB,
    // measured with `node scripts/size.mjs`); a test checks the document they make.
    doc.coalition.breakdowns = vec![crate::Breakdown {
        code: code("ETH"),
        name: "Race or ethnicity".into(),
        categories: categories.clone(),
        exhaustive: true,
    }];
    for m in &mut doc.measures {
        m.breakdowns = vec![code("ETH")];
    }
    let totals: Vec<Observation> = doc.observations.iter().cloned().collect();
    let mut all: Vec<Observation> = Vec::with_capacity(totals.len() * 9);
    for o in &totals {
        all.push(o.clone());
        for (i, c) in categories.iter().enumerate() {
            let share = (i + 1) as f64 / 36.0;
            let value = match o.value {
                Value::Number(n) => Value::Number((n * share).round()),
                Value::Ratio {
                    numerator,
                    denominator,
                } => Value::Ratio {
                    numerator: (numerator * share).round(),
                    denominator: (denominator * share).round().max(1.0),
                },
                Value::Weighted { mean, weight } => Value::Weighted {
                    mean,
                    weight: (weight * share).max(0.01),
                },
            };
            all.push(Observation {
                group: Group::one(code("ETH"), c.code.clone()),
                value,
                ..o.clone()
            });
        }
    }
    // In one go, as a coalition read from storage is: a map grown cell by cell is slower to
    // read (half-full nodes), which the benchmarks would then measure instead.
    doc.observations =
        crate::observation::Observations::from_list(all).expect("generated cells are distinct");
    doc
}

/// Generates a large coalition for benchmarks: every partner reports every monthly measure,
/// and a fixed pseudo-random `fill` share of cells hold a value. The same scale always gives the
/// same document.
pub fn large(scale: Size) -> Document {
    let mut doc = Document::empty();
    let start = FiscalYearStart::JULY;
    doc.coalition.name = "Generated coalition".into();
    doc.coalition.goal = "A generated coalition for measuring Cairn's speed.".into();
    doc.coalition.fiscal_year_start = start;
    doc.coalition.strategies = (0..5)
        .map(|i| strategy(&format!("S{i}"), &format!("Strategy {i}")))
        .collect();
    doc.partners = (0..scale.partners)
        .map(|i| {
            let level = PartnershipLevel::ALL[i % PartnershipLevel::ALL.len()];
            partner(
                &format!("P{i:03}"),
                &format!("Partner {i}"),
                Sector::ALL[i % 9],
                level,
                [3; 4],
            )
        })
        .collect();
    let reporters: Vec<Code> = doc.partners.iter().map(|p| p.code.clone()).collect();
    let first = start.first_month_of(2017);
    let months = scale.years * 12;
    let month = |i: i32| Period::containing(first.plus(i), Frequency::Monthly, start);
    doc.measures = (0..scale.measures)
        .map(|i| {
            let (value_type, rollup, accumulation) = match i % 4 {
                0 => (Percent, Rollup::RatioOfSums, PerPeriod),
                1 => (Count, Rollup::Sum, PerPeriod),
                2 => (Amount, Rollup::Sum, RunningTotal),
                _ => (Average, Rollup::Mean, Snapshot),
            };
            let level = if value_type == Percent { 50.0 } else { 100.0 };
            Measure {
                code: code(&format!("M{i:03}")),
                title: format!("Measure {i}"),
                definition: String::new(),
                unit: "units".into(),
                value_type,
                polarity: if i % 3 == 0 {
                    LowerIsBetter
                } else {
                    HigherIsBetter
                },
                accumulation,
                rollup,
                frequency: Frequency::Monthly,
                strategies: vec![code(&format!("S{}", i % 5))],
                steward: None,
                reporters: reporters.clone(),
                key: i % 5 == 0,
                decimals: 1,
                baseline: Some(Baseline {
                    period: month(0),
                    value: level,
                }),
                targets: vec![Target {
                    period: month(months + 11),
                    value: if i % 3 == 0 { level * 0.8 } else { level * 1.2 },
                }],
                rate_per: 1000,
                earlier: Vec::new(),
                replaced: None,
                change_reason: String::new(),
                closed: None,
                continued_as: None,
                closing_reason: String::new(),
                breakdowns: Vec::new(),
                group_targets: Vec::new(),
                range: None,
            }
        })
        .collect();
    let mut observations = Vec::new();
    for (mi, measure) in doc.measures.iter().enumerate() {
        for (pi, partner) in reporters.iter().enumerate() {
            for t in 0..months {
                let noise = jitter(mi as u64, pi as u64, t as u64);
                if (noise + 1.0) / 2.0 >= scale.fill {
                    continue;
                }
                let value = match measure.value_type {
                    Percent => Value::Ratio {
                        numerator: (40.0 + 20.0 * noise + f64::from(t) / 10.0).round(),
                        denominator: 100.0,
                    },
                    Count => Value::Number((20.0 + 10.0 * noise + f64::from(t) / 5.0).round()),
                    _ => Value::Number(100.0 + 10.0 * noise),
                };
                observations.push(Observation {
                    group: Group::total(),
                    measure: measure.code.clone(),
                    period: month(t),
                    partner: partner.clone(),
                    value,
                    note: Default::default(),
                    entered_by: "Generator".into(),
                    entered_at: entered_at(month(t).last_month(start)).into(),
                });
            }
        }
    }
    doc.observations = observations.into_iter().collect();
    doc
}
