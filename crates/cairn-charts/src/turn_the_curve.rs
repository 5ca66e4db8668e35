//! The turn-the-curve chart (a measure's values against its path to target), its small-multiple
//! version for the goal overview, and the partner contributions chart.

use std::error::Error;

use cairn_core::measure::format_number;
use cairn_core::series::Series;
use cairn_core::status::path_value;
use cairn_core::summary::MeasureSummary;
use cairn_core::{Document, FiscalYearStart, Measure, Period, Polarity, Rollup};
use plotters::prelude::*;

use crate::legend::{self, Entry, Swatch};
use crate::palette::{EARLIER, INK, PARTNER_COLOURS, PATH};
use crate::svg::finish;
use crate::Size;

type Drawn = Result<(), Box<dyn Error>>;

/// The periods along the x axis: the series' periods, stretched back to the baseline and on to
/// the end target so the whole path shows.
struct Axis {
    periods: Vec<Period>,
    /// Where the series' first period sits on the axis.
    offset: usize,
}

impl Axis {
    fn new(measure: &Measure, series: &Series, start: FiscalYearStart) -> Axis {
        let at = |p: Period| Period::containing(p.last_month(start), series.frequency, start);
        let mut ends: Vec<Period> = series.periods.clone();
        ends.extend(measure.baseline.map(|b| at(b.period)));
        ends.extend(measure.end_target().map(|t| at(t.period)));
        let (Some(&first), Some(&last)) = (ends.iter().min(), ends.iter().max()) else {
            return Axis {
                periods: Vec::new(),
                offset: 0,
            };
        };
        let mut periods = vec![first];
        while *periods.last().expect("non-empty") < last {
            let next = periods.last().expect("non-empty").offset(1, start);
            periods.push(next);
        }
        let offset = series
            .periods
            .first()
            .and_then(|p| periods.iter().position(|x| x == p))
            .unwrap_or(0);
        Axis { periods, offset }
    }

    fn x(
        &self,
        period: Period,
        frequency_start: FiscalYearStart,
        frequency: cairn_core::Frequency,
    ) -> Option<f64> {
        let p = Period::containing(
            period.last_month(frequency_start),
            frequency,
            frequency_start,
        );
        self.periods.iter().position(|x| *x == p).map(|i| i as f64)
    }

    /// Where a calendar month falls on the axis, clamped to the axis' ends.
    fn x_of_month(
        &self,
        month: cairn_core::MonthIndex,
        start: FiscalYearStart,
        frequency: cairn_core::Frequency,
    ) -> f64 {
        let p = Period::containing(month, frequency, start);
        match self.periods.iter().position(|x| *x == p) {
            Some(i) => i as f64,
            None if self.periods.first().is_some_and(|f| p < *f) => -0.3,
            None => self.max_x() + 0.3,
        }
    }

    /// The axis, with periods added after its last so that it reaches `period`.
    fn reaching(mut self, period: Period, start: FiscalYearStart) -> Axis {
        while let Some(&last) = self.periods.last().filter(|l| **l < period) {
            self.periods.push(last.offset(1, start));
        }
        self
    }

    fn max_x(&self) -> f64 {
        (self.periods.len().max(2) - 1) as f64
    }

    /// A label for tick `x`: the period's code at whole positions, nothing between.
    fn label(&self, x: f64) -> String {
        if (x - x.round()).abs() > 1e-6 || x < 0.0 {
            return String::new();
        }
        self.periods
            .get(x.round() as usize)
            .map(|p| p.code())
            .unwrap_or_default()
    }
}

/// Splits values into runs of consecutive present values, so gaps show as gaps.
fn runs(points: &[(f64, Option<f64>)]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for &(x, y) in points {
        match y {
            Some(y) => out.last_mut().expect("non-empty").push((x, y)),
            None if !out.last().expect("non-empty").is_empty() => out.push(Vec::new()),
            None => {}
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

fn y_range(values: impl Iterator<Item = f64>, percent: bool) -> (f64, f64) {
    let (mut low, mut high) = (0.0f64, 0.0f64);
    for v in values.filter(|v| v.is_finite()) {
        low = low.min(v);
        high = high.max(v);
    }
    let pad = ((high - low) * 0.08).max(1.0);
    let top = if percent && high <= 100.0 {
        (high + pad).min(100.0)
    } else {
        high + pad
    };
    (if low < 0.0 { low - pad } else { 0.0 }, top)
}

/// The turn-the-curve chart of `measure`: the coalition's values over time, the baseline, the
/// interim and end targets, the straight path to the end target with its tolerance band, and,
/// for summed measures, each partner's contribution stacked under the coalition's line.
pub fn turn_the_curve(
    document: &Document,
    measure: &Measure,
    series: &Series,
    summary: &MeasureSummary,
    size: Size,
) -> String {
    draw_or_explain(size, &measure.title, &summary.sentence, |svg| {
        draw_curve(svg, document, measure, series, size, Look::FULL, None)
    })
}

/// A compact turn-the-curve chart for the goal overview: no legend, few labels.
pub fn small_multiple(
    document: &Document,
    measure: &Measure,
    series: &Series,
    summary: &MeasureSummary,
) -> String {
    draw_or_explain(Size::SMALL, &measure.title, &summary.sentence, |svg| {
        draw_curve(
            svg,
            document,
            measure,
            series,
            Size::SMALL,
            Look::SMALL,
            None,
        )
    })
}

/// One entry of a chart's key, for a key written in HTML beside the chart (where its text can
/// wrap): the swatch as a small SVG, and the text.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyEntry {
    pub swatch: String,
    pub label: String,
}

/// The turn-the-curve chart of `measure` for a presentation slide, at [`Size::SLIDE`] with
/// labels large enough to read from the back of a room, and its key (the legend the full chart
/// draws under the plot) given apart, to be written beside it.
pub fn slide(
    document: &Document,
    measure: &Measure,
    series: &Series,
    summary: &MeasureSummary,
) -> (String, Vec<KeyEntry>) {
    let mut key = Vec::new();
    let chart = draw_or_explain(Size::SLIDE, &measure.title, &summary.sentence, |svg| {
        draw_curve(
            svg,
            document,
            measure,
            series,
            Size::SLIDE,
            Look::SLIDE,
            Some(&mut key),
        )
    });
    let key = key
        .into_iter()
        .map(|entry| KeyEntry {
            swatch: legend::swatch_svg(entry.swatch),
            label: entry.label,
        })
        .collect();
    (chart, key)
}

/// How a chart is drawn: the small multiple, the measure page's chart, or a slide's.
#[derive(Clone, Copy)]
struct Look {
    /// Few labels, no legend, no activities, only the latest value marked.
    compact: bool,
    /// The size of labels, in SVG units.
    font: u32,
    /// The measure's title above the plot.
    caption: bool,
}

impl Look {
    const SMALL: Look = Look {
        compact: true,
        font: 11,
        caption: false,
    };
    const FULL: Look = Look {
        compact: false,
        font: 13,
        caption: true,
    };
    const SLIDE: Look = Look {
        compact: false,
        font: 18,
        caption: false,
    };
}

fn draw_or_explain(
    size: Size,
    title: &str,
    description: &str,
    draw: impl FnOnce(&mut String) -> Drawn,
) -> String {
    let mut svg = String::new();
    if draw(&mut svg).is_err() {
        svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\"><text x=\"10\" y=\"20\">This chart could not be drawn.</text></svg>",
            size.width, size.height
        );
    }
    finish(svg, title, description)
}

fn draw_curve(
    svg: &mut String,
    document: &Document,
    measure: &Measure,
    series: &Series,
    size: Size,
    look: Look,
    key: Option<&mut Vec<Entry>>,
) -> Drawn {
    let compact = look.compact;
    let start = document.coalition.fiscal_year_start;
    let axis = Axis::new(measure, series, start);
    let xs = |i: usize| (axis.offset + i) as f64;
    let coalition: Vec<(f64, Option<f64>)> = series
        .coalition
        .iter()
        .enumerate()
        .map(|(i, v)| (xs(i), v.as_ref().map(|v| v.value)))
        .collect();
    // Periods not complete enough to judge are drawn hollow, joined by a dashed line and kept
    // out of the solid one: the value may still rise, so it must not read as a fall.
    let incomplete: Vec<bool> = (0..series.periods.len())
        .map(|i| series.coalition[i].is_some() && !series.is_judgeable(measure, i))
        .collect();
    let solid: Vec<(f64, Option<f64>)> = coalition
        .iter()
        .zip(&incomplete)
        .map(|(&(x, v), &partial)| (x, v.filter(|_| !partial)))
        .collect();
    let dashed: Vec<[(f64, f64); 2]> = (1..coalition.len())
        .filter(|&i| incomplete[i] || incomplete[i - 1])
        .filter_map(|i| match (coalition[i - 1], coalition[i]) {
            ((x0, Some(y0)), (x1, Some(y1))) => Some([(x0, y0), (x1, y1)]),
            _ => None,
        })
        .collect();
    // Totals over several periods are not comparable with per-period targets: leave the path
    // and the targets out rather than draw a total against them.
    let sums = series.sums_periods(measure);
    let range = measure
        .range
        .filter(|_| measure.polarity == Polarity::WithinRange && !sums);
    // A per-period baseline does not describe totals either.
    let baseline = measure.baseline.filter(|_| !sums);
    let tolerance = f64::from(document.coalition.tolerance_percent) / 100.0;
    let path: Vec<(f64, f64)> = axis
        .periods
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            measure
                .baseline
                .is_some_and(|b| p.last_month(start) >= b.period.last_month(start))
        })
        .filter_map(|(i, &p)| path_value(measure, p, start).map(|v| (i as f64, v)))
        .filter(|_| !sums)
        .collect();
    let band = match (measure.baseline, measure.end_target()) {
        (Some(b), Some(t)) => (t.value - b.value).abs() * tolerance,
        _ => 0.0,
    };
    let stacked = !compact && measure.rollup == Rollup::Sum && series.partners.len() > 1;
    // Contributions are stacked only where the period can be judged: a partial period's smaller
    // stacks would read as a fall too.
    let stacks: Vec<Vec<(f64, Option<f64>)>> = if stacked {
        let mut totals = vec![0.0; series.periods.len()];
        series
            .partners
            .iter()
            .map(|p| {
                p.values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        totals[i] += v.map_or(0.0, |v| measure.display(v.value));
                        (xs(i), Some(totals[i]).filter(|_| !incomplete[i]))
                    })
                    .collect()
            })
            .collect()
    } else {
        Vec::new()
    };
    let targets: Vec<(f64, f64)> = measure
        .targets
        .iter()
        .filter(|_| !sums)
        .filter_map(|t| Some((axis.x(t.period, start, series.frequency)?, t.value)))
        .collect();
    // The end target as it was set before its latest change, drawn beside today's so a
    // raised or lowered target is never hidden.
    let earlier = measure
        .earlier_end_target()
        .filter(|_| !sums)
        .and_then(|(v, t)| Some((v, *t, axis.x(t.period, start, series.frequency)?)));
    let percent = measure.value_type == cairn_core::ValueType::Percent;
    let (y_low, y_high) = y_range(
        coalition
            .iter()
            .filter_map(|(_, v)| *v)
            .chain(path.iter().flat_map(|(_, v)| [v + band, v - band]))
            .chain(baseline.map(|b| b.value))
            .chain(targets.iter().map(|t| t.1))
            .chain(earlier.map(|e| e.1.value))
            .chain(range.iter().flat_map(|r| [r.low, r.high]))
            .chain(stacks.last().into_iter().flatten().filter_map(|(_, v)| *v)),
        percent,
    );

    let band_fill = RGBColor(0, 114, 178).mix(0.12);
    let stack_fill = |k: usize| PARTNER_COLOURS[k % PARTNER_COLOURS.len()].mix(0.35);
    let line_width = if compact { 2 } else { 3 };
    let mut entries = vec![Entry {
        label: format!("Coalition ({})", direction_word(measure.polarity)),
        swatch: Swatch::Line(INK, line_width),
    }];
    if incomplete.iter().any(|&i| i) {
        entries.push(Entry {
            label: "Not complete yet (partners or periods still to come)".into(),
            swatch: Swatch::HollowDot(INK),
        });
    }
    if let Some(r) = range {
        entries.push(Entry {
            label: format!(
                "Range to stay in: {} to {}",
                measure.format_value(r.low),
                measure.format_value(r.high)
            ),
            swatch: Swatch::Fill(band_fill),
        });
    }
    if sums && (!measure.targets.is_empty() || measure.baseline.is_some()) {
        entries.push(Entry {
            label: "Totals: the per-period baseline, path and targets are not drawn".into(),
            swatch: Swatch::Dashed(PATH),
        });
    }
    if path.len() > 1 {
        entries.push(Entry {
            label: "Straight path to the end target".into(),
            swatch: Swatch::Dashed(PATH),
        });
    }
    if band > 0.0 && path.len() > 1 {
        entries.push(Entry {
            label: format!(
                "Tolerance band (±{}% of the path)",
                document.coalition.tolerance_percent
            ),
            swatch: Swatch::Fill(band_fill),
        });
    }
    if let Some(baseline) = baseline {
        entries.push(Entry {
            label: format!(
                "Baseline {} ({})",
                measure.format_value(baseline.value),
                baseline.period
            ),
            swatch: Swatch::Line(PATH, 1),
        });
    }
    if let Some(t) = measure.end_target().filter(|_| !sums) {
        entries.push(Entry {
            label: format!(
                "Targets (end: {} by {})",
                measure.format_value(t.value),
                t.period
            ),
            swatch: Swatch::Triangle(PATH),
        });
    }
    if let Some((version, target, _)) = &earlier {
        entries.push(Entry {
            label: cairn_core::measure::earlier_target_text(version, target),
            swatch: Swatch::HollowTriangle(EARLIER),
        });
    }
    for (k, partner) in series.partners.iter().enumerate().take(stacks.len()) {
        entries.push(Entry {
            label: partner_name(document, partner),
            swatch: Swatch::Fill(stack_fill(k)),
        });
    }
    // The activities that aim to move this measure, each in its own lane along the time axis.
    let activities: Vec<(String, f64, f64)> = if compact {
        Vec::new()
    } else {
        document
            .activities
            .iter()
            .filter(|a| a.aims_at(&measure.code) && a.status != cairn_core::ActivityStatus::Dropped)
            .map(|a| {
                let x0 = axis.x_of_month(a.start.month_index(), start, series.frequency);
                let x1 = a.end.map_or(axis.max_x() + 0.3, |e| {
                    axis.x_of_month(e.month_index(), start, series.frequency)
                });
                let when = match a.end {
                    Some(end) => format!("{} to {}", a.start, end),
                    None => format!("from {}, ongoing", a.start),
                };
                (
                    format!("Activity: {} ({when})", a.title),
                    x0,
                    x1.max(x0 + 0.2),
                )
            })
            .collect()
    };
    let activity_fill = |k: usize| PARTNER_COLOURS[(k + 4) % PARTNER_COLOURS.len()].mix(0.85);
    for (k, (label, _, _)) in activities.iter().enumerate() {
        entries.push(Entry {
            label: label.clone(),
            swatch: Swatch::Fill(activity_fill(k)),
        });
    }
    if compact {
        entries.clear();
    }
    // A slide's key is written beside the chart instead.
    if let Some(key) = key {
        *key = std::mem::take(&mut entries);
    }

    let legend_height = legend::height(&entries, size.width);
    let root =
        SVGBackend::with_string(svg, (size.width, size.height + legend_height)).into_drawing_area();
    root.fill(&WHITE)?;
    let (plot, legend_area) = root.split_vertically(size.height);
    let font = look.font;
    let mut builder = ChartBuilder::on(&plot);
    builder
        .margin(if compact { 6 } else { 12 })
        .x_label_area_size(if compact { 18 } else { 44 * font / 13 })
        .y_label_area_size(if compact { 40 } else { 64 * font / 13 });
    if look.caption {
        builder.caption(&measure.title, ("sans-serif", 17).into_font().color(&INK));
    }
    let mut chart = builder.build_cartesian_2d(-0.3f64..axis.max_x() + 0.3, y_low..y_high)?;
    let unit = if measure.unit.is_empty() {
        "value".to_string()
    } else {
        measure.unit.clone()
    };
    let decimals = if percent { 0 } else { measure.decimals.min(1) };
    let label_x = |x: &f64| axis.label(*x);
    let label_y = |y: &f64| {
        format_number(
            *y,
            if (y_high - y_low) < 10.0 {
                decimals.max(1)
            } else {
                decimals
            },
        )
    };
    let mut mesh = chart.configure_mesh();
    mesh.disable_x_mesh()
        .bold_line_style(RGBColor(225, 230, 234))
        .light_line_style(TRANSPARENT)
        .axis_style(PATH)
        .label_style(("sans-serif", font).into_font().color(&INK))
        .x_labels(if compact {
            3
        } else {
            axis.periods.len().min(8)
        })
        .y_labels(if compact { 3 } else { 6 })
        .x_label_formatter(&label_x)
        .y_label_formatter(&label_y);
    if !compact {
        mesh.x_desc("Period").y_desc(unit.as_str());
    }
    mesh.draw()?;

    if let Some(r) = range {
        let (x0, x1) = (-0.3, axis.max_x() + 0.3);
        let polygon = vec![(x0, r.low), (x1, r.low), (x1, r.high), (x0, r.high)];
        chart.draw_series(std::iter::once(Polygon::new(polygon, band_fill.filled())))?;
    }
    if band > 0.0 && path.len() > 1 {
        let mut polygon: Vec<(f64, f64)> = path.iter().map(|&(x, v)| (x, v + band)).collect();
        polygon.extend(path.iter().rev().map(|&(x, v)| (x, v - band)));
        chart.draw_series(std::iter::once(Polygon::new(polygon, band_fill.filled())))?;
    }
    // The largest total first, so each partner's smaller stack is drawn on top of it.
    for (k, stack) in stacks.iter().enumerate().rev() {
        for run in runs(stack) {
            chart.draw_series(AreaSeries::new(run, 0.0, stack_fill(k)))?;
        }
    }
    if path.len() > 1 {
        chart.draw_series(DashedLineSeries::new(
            path.iter().copied(),
            10,
            6,
            PATH.stroke_width(2),
        ))?;
    }
    if let Some(baseline) = baseline {
        let line = [(-0.3, baseline.value), (axis.max_x() + 0.3, baseline.value)];
        if compact {
            // A plain thin line: a dotted one costs a hundred elements in every small chart.
            chart.draw_series(LineSeries::new(line, PATH.mix(0.6).stroke_width(1)))?;
        } else {
            chart.draw_series(DashedLineSeries::new(line, 3, 6, PATH.stroke_width(1)))?;
        }
    }
    chart.draw_series(
        targets
            .iter()
            .map(|&p| TriangleMarker::new(p, if compact { 5 } else { 7 }, PATH.filled())),
    )?;
    if let Some((_, target, x)) = earlier {
        // Hollow: a white triangle inside a coloured one, since plotters' marker is always
        // filled.
        let (outer, inner) = if compact { (6, 2) } else { (8, 3) };
        for (size, colour) in [(outer, EARLIER), (inner, WHITE)] {
            chart.draw_series(std::iter::once(TriangleMarker::new(
                (x, target.value),
                size,
                colour.filled(),
            )))?;
        }
    }
    for run in runs(&solid) {
        chart.draw_series(LineSeries::new(run, INK.stroke_width(line_width)))?;
    }
    for segment in &dashed {
        chart.draw_series(DashedLineSeries::new(
            segment.iter().copied(),
            6,
            5,
            INK.stroke_width(line_width.min(2)),
        ))?;
    }
    let radius = if compact { 3 } else { 4 };
    // A small multiple marks only its latest value; the full chart marks every period.
    let last = coalition.iter().rposition(|(_, v)| v.is_some());
    chart.draw_series(
        coalition
            .iter()
            .zip(&incomplete)
            .enumerate()
            .filter(|(i, _)| !compact || Some(*i) == last)
            .map(|(_, point)| point)
            .filter_map(|(&(x, v), &hollow)| {
                let fill = if hollow {
                    INK.stroke_width(2)
                } else {
                    INK.filled()
                };
                Some(Circle::new((x, v?), radius, fill))
            }),
    )?;
    let lane = (y_high - y_low) * 0.035;
    for (k, (_, x0, x1)) in activities.iter().enumerate() {
        let y0 = y_low + lane * (0.4 + 1.3 * k as f64);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(*x0, y0), (*x1, y0 + lane)],
            activity_fill(k).filled(),
        )))?;
    }
    legend::draw(&legend_area, &entries)?;
    root.present()?;
    Ok(())
}

fn partner_name(document: &Document, series: &cairn_core::series::PartnerSeries) -> String {
    document
        .partner(&series.partner)
        .map_or(series.partner.to_string(), |p| p.name.clone())
}

fn direction_word(polarity: Polarity) -> &'static str {
    match polarity {
        Polarity::HigherIsBetter => "higher is better",
        Polarity::LowerIsBetter => "lower is better",
        Polarity::WithinRange => "within the range is better",
    }
}

/// A point of a partner's line: where it sits, and its value with whether it is complete.
type Point = (f64, Option<(f64, bool)>);

/// Each reporting partner's values of `measure` over time, one line per partner.
pub fn contributions(
    document: &Document,
    measure: &Measure,
    series: &Series,
    size: Size,
) -> String {
    let reporting = series
        .partners
        .iter()
        .filter(|p| p.values.iter().any(Option::is_some))
        .count();
    let description = format!(
        "{} of {} expected partners have reported {} over {} periods.",
        reporting,
        series.partners.len(),
        measure.title,
        series.periods.len()
    );
    let title = format!("Partner contributions: {}", measure.title);
    let lines: Vec<Line> = series
        .partners
        .iter()
        .enumerate()
        .map(|(k, p)| Line {
            label: partner_name(document, p),
            colour: PARTNER_COLOURS[k % PARTNER_COLOURS.len()],
            width: 2,
            points: p
                .values
                .iter()
                .map(|v| v.map(|v| (measure.display(v.value), v.complete)))
                .collect(),
            target: None,
        })
        .collect();
    line_chart(
        document,
        measure,
        series,
        &title,
        &description,
        &lines,
        size,
    )
}

/// A measure's values by the categories of one breakdown, one line per group, and the overall
/// value as a thicker dark line; partly reported points hollow and dashed, as elsewhere.
pub fn by_group(
    document: &Document,
    measure: &Measure,
    by: &cairn_core::equity::ByGroup,
    size: Size,
) -> String {
    let point = |v: &Option<cairn_core::rollup::CoalitionValue>| {
        v.as_ref().map(|v| (v.value, v.is_complete()))
    };
    let mut lines: Vec<Line> = by
        .groups
        .iter()
        .enumerate()
        .map(|(k, g)| Line {
            label: g.label.clone(),
            colour: PARTNER_COLOURS[k % PARTNER_COLOURS.len()],
            width: 2,
            points: g.values.iter().map(point).collect(),
            target: measure
                .group_targets
                .iter()
                .find(|t| t.group == g.group)
                .map(|t| (t.period, t.value)),
        })
        .collect();
    lines.push(Line {
        label: format!("All ({})", by.breakdown.to_lowercase()),
        colour: INK,
        width: 3,
        points: by.overall.iter().map(point).collect(),
        target: None,
    });
    let title = format!("{} by {}", measure.title, by.breakdown.to_lowercase());
    let mut description = match by.gap_text(measure) {
        Some(gap) => format!("{} over {} periods. {gap}", title, by.periods.len()),
        None => format!("{} over {} periods.", title, by.periods.len()),
    };
    // Targets by group are not drawn (they are often years beyond the periods drawn): the
    // description says them, as the page does beside the chart.
    if let Some(targets) = by.targets_text(measure) {
        description.push(' ');
        description.push_str(&targets);
    }
    let axis_of = Series {
        frequency: by.frequency,
        periods: by.periods.clone(),
        coalition: Vec::new(),
        partners: Vec::new(),
    };
    line_chart(
        document,
        measure,
        &axis_of,
        &title,
        &description,
        &lines,
        size,
    )
}

/// One line of [`line_chart`]: a value (and whether it covers the whole period) per period of
/// the series, or none.
struct Line {
    label: String,
    colour: RGBColor,
    width: u32,
    points: Vec<Option<(f64, bool)>>,
    /// The line's own target (a group's), drawn as a triangle in its colour.
    target: Option<(Period, f64)>,
}

/// Lines over the periods of `series` with a legend naming each.
fn line_chart(
    document: &Document,
    measure: &Measure,
    series: &Series,
    title: &str,
    description: &str,
    named: &[Line],
    size: Size,
) -> String {
    draw_or_explain(size, title, description, |svg| {
        let start = document.coalition.fiscal_year_start;
        let axis = named
            .iter()
            .filter_map(|l| l.target)
            .fold(Axis::new(measure, series, start), |axis, (period, _)| {
                axis.reaching(period, start)
            });
        let lines: Vec<Vec<Point>> = named
            .iter()
            .map(|line| {
                line.points
                    .iter()
                    .enumerate()
                    .map(|(i, v)| ((axis.offset + i) as f64, *v))
                    .collect()
            })
            .collect();
        let mut entries: Vec<Entry> = named
            .iter()
            .map(|line| Entry {
                label: line.label.clone(),
                swatch: Swatch::Line(line.colour, line.width),
            })
            .collect();
        for line in named {
            if let Some((period, value)) = line.target {
                entries.push(Entry {
                    label: format!(
                        "Target of {} ({} by {})",
                        line.label,
                        measure.format_value(value),
                        period.code()
                    ),
                    swatch: Swatch::Triangle(line.colour),
                });
            }
        }
        let partial = |v: &Option<(f64, bool)>| v.is_some_and(|(_, complete)| !complete);
        if lines.iter().flatten().any(|(_, v)| partial(v)) {
            entries.push(Entry {
                label: "Partly reported (not every month or quarter is in)".into(),
                swatch: Swatch::HollowDot(INK),
            });
        }
        let legend_height = legend::height(&entries, size.width);
        let root = SVGBackend::with_string(svg, (size.width, size.height + legend_height))
            .into_drawing_area();
        root.fill(&WHITE)?;
        let (plot, legend_area) = root.split_vertically(size.height);
        let percent = measure.value_type == cairn_core::ValueType::Percent;
        let targets = named.iter().filter_map(|l| l.target.map(|t| t.1));
        let (y_low, y_high) = y_range(
            lines
                .iter()
                .flatten()
                .filter_map(|(_, v)| v.map(|v| v.0))
                .chain(targets),
            percent,
        );
        let mut chart = ChartBuilder::on(&plot)
            .caption(title, ("sans-serif", 17).into_font().color(&INK))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d(-0.3f64..axis.max_x() + 0.3, y_low..y_high)?;
        let label_x = |x: &f64| axis.label(*x);
        // Small ranges (ratios around 1) need a decimal, or the labels repeat.
        let label_y = |y: &f64| format_number(*y, if y_high - y_low < 10.0 { 1 } else { 0 });
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(RGBColor(225, 230, 234))
            .light_line_style(TRANSPARENT)
            .axis_style(PATH)
            .label_style(("sans-serif", 13).into_font().color(&INK))
            .x_labels(axis.periods.len().min(8))
            .x_label_formatter(&label_x)
            .y_label_formatter(&label_y)
            .x_desc("Period")
            .y_desc(if measure.unit.is_empty() {
                "value"
            } else {
                measure.unit.as_str()
            })
            .draw()?;
        for (line, points) in named.iter().zip(&lines) {
            let style = line.colour.stroke_width(line.width);
            let solid: Vec<(f64, Option<f64>)> = points
                .iter()
                .map(|&(x, v)| (x, v.filter(|v| v.1).map(|v| v.0)))
                .collect();
            for run in runs(&solid) {
                chart.draw_series(LineSeries::new(run, style))?;
            }
            for pair in points.windows(2) {
                if let [(x0, Some(a)), (x1, Some(b))] = pair {
                    if !a.1 || !b.1 {
                        chart.draw_series(DashedLineSeries::new(
                            [(*x0, a.0), (*x1, b.0)],
                            5,
                            4,
                            style,
                        ))?;
                    }
                }
            }
            chart.draw_series(
                points
                    .iter()
                    .filter(|(_, v)| partial(v))
                    .filter_map(|&(x, v)| Some(Circle::new((x, v?.0), 4, style))),
            )?;
            let frequency = series.frequency;
            if let Some(x) = line.target.and_then(|(p, _)| axis.x(p, start, frequency)) {
                let value = line.target.map_or(0.0, |t| t.1);
                chart.draw_series(std::iter::once(TriangleMarker::new(
                    (x, value),
                    7,
                    line.colour.filled(),
                )))?;
            }
        }
        legend::draw(&legend_area, &entries)?;
        root.present()?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cairn_core::series::series;
    use cairn_core::summary::summarize;
    use cairn_core::{sample, Code};

    fn chart(code: &str, edit: impl FnOnce(&mut Document)) -> (String, Series) {
        let mut doc = sample::coalition();
        edit(&mut doc);
        let m = doc.measure(&Code::parse(code).unwrap()).unwrap();
        let s = series(&doc, m, m.frequency);
        let summary = summarize(&doc, m, &s);
        (turn_the_curve(&doc, m, &s, &summary, Size::FULL), s)
    }

    #[test]
    fn the_chart_by_group_names_every_group_and_the_overall_line_in_its_legend() {
        let doc = sample::coalition();
        let m = doc.measure(&Code::parse("ABSENT").unwrap()).unwrap();
        let area = doc
            .coalition
            .breakdown(&Code::parse("AREA").unwrap())
            .unwrap();
        let by = cairn_core::equity::by_group(&doc, m, area, m.frequency);
        let svg = by_group(&doc, m, &by, Size::FULL);
        for name in [
            "North",
            "Central",
            "South",
            "Hill villages",
            "All (area of the county)",
        ] {
            assert!(svg.contains(name), "{name}");
        }
        assert!(svg.contains("the gap between South and North"), "{svg}");
        // The South's own target is in the legend, drawn in its colour, and described.
        assert!(
            svg.contains("Target of South (20.0% by FY2028-Q4)"),
            "{svg}"
        );
        assert!(
            svg.contains("from its target of 20.0% by FY2028-Q4"),
            "{svg}"
        );
    }

    #[test]
    fn the_chart_plots_one_point_per_period_with_a_value() {
        let (svg, s) = chart("ABSENT", |_| {});
        let points = s.coalition.iter().filter(|v| v.is_some()).count();
        assert_eq!(svg.matches("<circle").count(), points);
        assert!(points > 10);
    }

    #[test]
    fn the_chart_shows_the_path_the_target_and_the_baseline_in_its_legend() {
        let (svg, _) = chart("ABSENT", |_| {});
        assert!(svg.contains("Straight path to the end target"));
        assert!(svg.contains("Targets (end: 15.0% by FY2028-Q4)"));
        assert!(svg.contains("Baseline 24.0% (FY2024-Q1)"));
        assert!(svg.contains("Tolerance band (±15% of the path)"));
        assert!(svg.contains("<title>Chronic absenteeism, grades 9–12</title>"));
        assert!(svg.contains("stroke-dasharray") || svg.matches("<polyline").count() > 3);
    }

    #[test]
    fn a_changed_target_shows_beside_the_target_now_with_the_reason() {
        let (plain, _) = chart("ABSENT", |_| {});
        let (svg, _) = chart("ABSENT", |doc| {
            let m = doc
                .measures
                .iter_mut()
                .find(|m| m.code.as_str() == "ABSENT")
                .unwrap();
            let before = m.clone();
            m.targets.iter_mut().for_each(|t| t.value -= 2.0);
            let day = cairn_core::Date::parse("2025-11-03").unwrap();
            m.keep_earlier_version(&before, "The district set a new goal", day)
                .unwrap();
        });
        assert!(svg.contains("Targets (end: 13.0% by FY2028-Q4)"));
        assert!(svg.contains(
            "Earlier target: 15.0% by FY2028-Q4 (until 2025-11-03: The district set a new goal)"
        ));
        assert!(!plain.contains("Earlier target"));
    }

    #[test]
    fn a_slide_gives_the_full_charts_legend_as_a_key_beside_a_chart_with_larger_labels() {
        let doc = sample::coalition();
        let m = doc.measure(&Code::parse("ABSENT").unwrap()).unwrap();
        let s = series(&doc, m, m.frequency);
        let summary = summarize(&doc, m, &s);
        let full = turn_the_curve(&doc, m, &s, &summary, Size::FULL);
        let (slide, key) = slide(&doc, m, &s, &summary);
        assert!(key.len() >= 4);
        for entry in &key {
            assert!(full.contains(&entry.label), "{}", entry.label);
            assert!(!slide.contains(&entry.label), "{}", entry.label);
            assert!(entry.swatch.starts_with("<svg") && entry.swatch.len() < 600);
        }
        let sizes = |svg: &str| -> Vec<f64> {
            svg.split("font-size=\"")
                .skip(1)
                .filter_map(|rest| rest.split('"').next()?.parse().ok())
                .collect()
        };
        let smallest = sizes(&slide).into_iter().fold(f64::MAX, f64::min);
        let largest_full = sizes(&full).into_iter().fold(0.0, f64::max);
        // Stretched over 1200 pixels, the slide's smallest label is at least 24 pixels high.
        assert!(
            smallest * 1200.0 / f64::from(Size::SLIDE.width) >= 24.0,
            "{smallest}"
        );
        assert!(
            smallest > largest_full * 0.8,
            "{smallest} vs {largest_full}"
        );
    }

    #[test]
    fn a_summed_measure_stacks_each_partners_contribution() {
        let (svg, s) = chart("CO-DELIVERED", |_| {});
        assert_eq!(s.partners.len(), 5);
        for name in [
            "Riverside County Public Library",
            "Discovery Science Museum",
            "Parks and Recreation Department",
        ] {
            assert!(svg.contains(name), "{name}");
        }
    }

    #[test]
    fn text_typed_by_members_is_escaped_in_the_svg() {
        let (svg, _) = chart("ABSENT", |doc| {
            doc.measures[1].title = "<script>alert(1)</script> & more".into();
        });
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
    }

    #[test]
    fn a_measure_without_data_still_draws_its_path() {
        let (svg, s) = chart("ABSENT", |doc| doc.observations = Default::default());
        assert!(s.periods.is_empty());
        assert_eq!(svg.matches("<circle").count(), 0);
        assert!(svg.contains("Straight path to the end target"));
    }

    #[test]
    fn activities_aiming_at_the_measure_are_on_its_time_axis() {
        let (svg, _) = chart("NEW-SKILL", |_| {});
        assert!(svg.contains("Activity: Museum teen docents (from 2024-09-01, ongoing)"));
        assert!(svg.contains("Activity: Maker nights in the parks (2026-03-01 to 2026-12-15)"));
        let (svg, _) = chart("LIB-CARD", |_| {});
        assert!(!svg.contains("Museum teen docents"));
    }

    #[test]
    fn the_contributions_chart_names_every_reporting_partner() {
        let doc = sample::coalition();
        let m = doc.measure(&Code::parse("NEW-SKILL").unwrap()).unwrap();
        let s = series(&doc, m, m.frequency);
        let svg = contributions(&doc, m, &s, Size::FULL);
        for p in &m.reporters {
            assert!(svg.contains(&doc.partner(p).unwrap().name));
        }
    }

    fn hollow_points(svg: &str) -> usize {
        svg.split("<circle")
            .skip(1)
            .filter(|c| c.split('>').next().unwrap_or("").contains("fill=\"none\""))
            .count()
    }

    #[test]
    fn a_quarter_not_every_partner_has_sent_is_hollow_and_dashed_never_a_solid_fall() {
        let (svg, s) = chart("CO-DELIVERED", |_| {});
        let doc = sample::coalition();
        let m = doc.measure(&Code::parse("CO-DELIVERED").unwrap()).unwrap();
        let partial = (0..s.periods.len())
            .filter(|&i| s.coalition[i].is_some() && !s.is_judgeable(m, i))
            .count();
        assert!(partial >= 1);
        // One more hollow dot is the legend's swatch.
        assert_eq!(hollow_points(&svg), partial + 1);
        assert!(svg.contains("Not complete yet"));
        // The solid coalition line (3 px) never reaches the partial point; a dashed line does.
        let last = svg
            .split("<circle")
            .filter(|c| c.split('>').next().unwrap_or("").contains("fill=\"none\""))
            .map(|c| {
                let attr = |name: &str| {
                    let at = c.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                    c[at..].split('"').next().unwrap().to_string()
                };
                format!("{},{}", attr("cx"), attr("cy"))
            })
            .next()
            .unwrap();
        let lines: Vec<&str> = svg.split("<polyline").skip(1).collect();
        let ink = |l: &&str, width: &str| {
            l.contains("stroke=\"#1D2A33\"") && l.contains(&format!("stroke-width=\"{width}\""))
        };
        assert!(!lines
            .iter()
            .filter(|l| ink(l, "3"))
            .any(|l| l.contains(&last)));
        assert!(lines.iter().filter(|l| ink(l, "2")).count() >= 2);
        // The small multiple marks only the latest value, which is the partial one.
        let small = small_multiple(&doc, m, &s, &summarize(&doc, m, &s));
        assert_eq!(hollow_points(&small), 1);
    }

    #[test]
    fn totals_by_year_of_a_monthly_flow_draw_no_per_month_path_or_targets() {
        let doc = sample::coalition();
        let m = doc.measure(&Code::parse("TEEN-VISITS").unwrap()).unwrap();
        let s = series(&doc, m, cairn_core::Frequency::Annual);
        let svg = turn_the_curve(&doc, m, &s, &summarize(&doc, m, &s), Size::FULL);
        assert!(!svg.contains("Straight path to the end target"));
        assert!(!svg.contains("Targets (end:"));
        assert!(svg.contains("Totals: the per-period baseline, path and targets are not drawn"));
        assert!(!svg.contains("Baseline 2,100"));
        let monthly = series(&doc, m, m.frequency);
        let svg = turn_the_curve(&doc, m, &monthly, &summarize(&doc, m, &monthly), Size::FULL);
        assert!(svg.contains("Straight path to the end target"));
    }

    #[test]
    fn a_within_range_measure_draws_its_range() {
        let (svg, _) = chart("ABSENT", |doc| {
            let m = &mut doc.measures[1];
            m.polarity = Polarity::WithinRange;
            m.targets.clear();
            m.range = Some(cairn_core::Range {
                low: 10.0,
                high: 20.0,
            });
        });
        assert!(svg.contains("Range to stay in: 10.0% to 20.0%"));
        assert!(svg.contains("within the range is better"));
    }

    #[test]
    fn a_partners_partly_reported_year_is_hollow_and_dashed_in_the_contributions_chart() {
        let doc = sample::coalition();
        let m = doc.measure(&Code::parse("TEEN-VISITS").unwrap()).unwrap();
        let s = series(&doc, m, cairn_core::Frequency::Annual);
        let partial: usize = s
            .partners
            .iter()
            .map(|p| p.values.iter().flatten().filter(|v| !v.complete).count())
            .sum();
        assert!(partial > 0);
        let svg = contributions(&doc, m, &s, Size::FULL);
        assert!(svg.contains("Partly reported"));
        // One more hollow dot is the legend's swatch.
        assert_eq!(hollow_points(&svg), partial + 1);
    }
}
