//! How many partners stand at each level of the partnership ladder over time.

use cairn_core::{Date, PartnershipLevel};
use plotters::prelude::*;

use crate::legend::{self, Entry, Swatch};
use crate::palette::{INK, PATH};
use crate::svg::finish;
use crate::Size;

/// Stacked bars, one per date, of how many partners stood at each level (`counts`, in the
/// ladder's order, as `cairn_core::partnership::levels_over_time` gives them).
pub fn partnership_levels(dates: &[Date], counts: &[[usize; 7]], size: Size) -> String {
    // From light to deep: a single blue hue getting darker, readable without colour vision.
    let shades: [RGBColor; 7] = [
        RGBColor(222, 235, 247),
        RGBColor(198, 219, 239),
        RGBColor(158, 202, 225),
        RGBColor(107, 174, 214),
        RGBColor(66, 146, 198),
        RGBColor(33, 113, 181),
        RGBColor(8, 69, 148),
    ];
    let entries: Vec<Entry> = PartnershipLevel::ALL
        .iter()
        .enumerate()
        .map(|(i, l)| Entry {
            label: format!("{}. {}", i + 1, l.label()),
            swatch: Swatch::Fill(shades[i].to_rgba()),
        })
        .collect();
    let latest = counts.last().map_or(0, |c| c[3..].iter().sum::<usize>());
    let description = format!(
        "{} partners at the level of collaborating on programming or deeper at {}.",
        latest,
        dates.last().map_or(String::new(), |d| d.to_string())
    );
    let mut svg = String::new();
    let drawn = (|| -> Result<(), Box<dyn std::error::Error>> {
        let legend_height = legend::height(&entries, size.width);
        let root = SVGBackend::with_string(&mut svg, (size.width, size.height + legend_height))
            .into_drawing_area();
        root.fill(&WHITE)?;
        let (plot, legend_area) = root.split_vertically(size.height);
        let total = counts
            .iter()
            .map(|c| c.iter().sum::<usize>())
            .max()
            .unwrap_or(1)
            .max(1);
        let mut chart = ChartBuilder::on(&plot)
            .caption(
                "Partners at each level of partnership",
                ("sans-serif", 17).into_font().color(&INK),
            )
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(56)
            .build_cartesian_2d(-0.5f64..dates.len() as f64 - 0.5, 0f64..total as f64 + 0.5)?;
        let label_x = |x: &f64| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 {
                dates
                    .get(i as usize)
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(RGBColor(225, 230, 234))
            .light_line_style(TRANSPARENT)
            .axis_style(PATH)
            .label_style(("sans-serif", 13).into_font().color(&INK))
            .x_labels(dates.len().max(1))
            .y_labels(total.min(10) + 1)
            .x_label_formatter(&label_x)
            .y_label_formatter(&|y| format!("{y:.0}"))
            .x_desc("Date")
            .y_desc("partners")
            .draw()?;
        for (i, c) in counts.iter().enumerate() {
            let mut bottom = 0.0;
            for (level, &n) in c.iter().enumerate() {
                if n == 0 {
                    continue;
                }
                let top = bottom + n as f64;
                let x = i as f64;
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.3, bottom), (x + 0.3, top)],
                    shades[level].filled(),
                )))?;
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.3, bottom), (x + 0.3, top)],
                    WHITE.stroke_width(1),
                )))?;
                bottom = top;
            }
        }
        legend::draw(&legend_area, &entries)?;
        root.present()?;
        Ok(())
    })();
    if drawn.is_err() {
        svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\"><text x=\"10\" y=\"20\">This chart could not be drawn.</text></svg>",
            size.width, size.height
        );
    }
    finish(svg, "Partners at each level of partnership", &description)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_level_is_named_in_the_legend() {
        let dates = [
            Date::parse("2025-06-30").unwrap(),
            Date::parse("2026-06-30").unwrap(),
        ];
        let svg = partnership_levels(
            &dates,
            &[[2, 1, 0, 0, 0, 0, 1], [0, 2, 1, 0, 0, 0, 1]],
            Size::FULL,
        );
        for level in PartnershipLevel::ALL {
            assert!(svg.contains(level.label()), "{}", level.label());
        }
        assert!(svg.contains("2026-06-30"));
    }
}
