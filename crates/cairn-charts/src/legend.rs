//! The legend, drawn below the plot so it never hides the data, in as many columns as fit.

use std::error::Error;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::palette::INK;

/// How a legend entry is drawn.
#[derive(Clone, Copy, Debug)]
pub enum Swatch {
    Fill(RGBAColor),
    Line(RGBColor, u32),
    Dashed(RGBColor),
    Triangle(RGBColor),
    /// An earlier target, no longer in force.
    HollowTriangle(RGBColor),
    HollowDot(RGBColor),
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub label: String,
    pub swatch: Swatch,
}

const ROW: u32 = 20;
const COLUMN: u32 = 330;

fn columns(width: u32) -> u32 {
    (width.saturating_sub(24) / COLUMN).max(1)
}

/// The height the legend needs for `entries` at `width`.
pub fn height(entries: &[Entry], width: u32) -> u32 {
    match layout(entries, width).last() {
        None => 0,
        Some(&(_, row, _)) => (row + 1) * ROW + 14,
    }
}

/// Where each entry goes: its column's left edge, its row, and the room its label has (in
/// pixels). Entries fill the columns row by row; a label too long for a column takes a row of
/// its own, so it is neither cut nor drawn over its neighbour.
fn layout(entries: &[Entry], width: u32) -> Vec<(u32, u32, u32)> {
    let cols = columns(width);
    let whole_row = width.saturating_sub(16 + 24 + 8);
    let (mut row, mut col) = (0, 0);
    let mut placed = Vec::with_capacity(entries.len());
    for entry in entries {
        let long = entry.label.chars().count() as u32 * CHARACTER > COLUMN - 28;
        if (long && col > 0) || col == cols {
            row += 1;
            col = 0;
        }
        let room = if long { whole_row } else { COLUMN - 28 };
        placed.push((16 + col * COLUMN, row, room));
        col = if long { cols } else { col + 1 };
    }
    placed
}

/// Draws `entries` in `area`, row by row.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[Entry],
) -> Result<(), Box<dyn Error>>
where
    DB::ErrorType: 'static,
{
    let (width, _) = area.dim_in_pixel();
    let font = ("sans-serif", 13).into_font().color(&INK);
    for (entry, (x, row, room)) in entries.iter().zip(layout(entries, width)) {
        let (x, y) = (x as i32, 6 + (row * ROW) as i32 + ROW as i32 / 2);
        draw_swatch(area, entry.swatch, x, y)?;
        area.draw(&Text::new(
            fitted(&entry.label, room),
            (x + 24, y - 7),
            font.clone(),
        ))?;
    }
    Ok(())
}

/// The widest a character of the legend's 13-pixel sans-serif is taken to be, in pixels: wider
/// than the average, so a label cut to fit never runs past the chart's edge.
const CHARACTER: u32 = 7;

/// `label` as it fits in `room` pixels: whole, or cut with an ellipsis (the chart's data table
/// and the screens around it give it whole).
fn fitted(label: &str, room: u32) -> String {
    let fits = (room / CHARACTER).max(1) as usize;
    if label.chars().count() <= fits {
        label.to_string()
    } else {
        let kept: String = label.chars().take(fits.saturating_sub(1)).collect();
        format!("{}…", kept.trim_end())
    }
}

/// `swatch` alone, as a 24 × 16 SVG, for a key written in HTML.
pub fn swatch_svg(swatch: Swatch) -> String {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (24, 16)).into_drawing_area();
        // Drawing a swatch into a string cannot fail.
        let _ = draw_swatch(&area, swatch, 4, 8);
        let _ = area.present();
    }
    svg
}

/// Draws `swatch` with its left end at `x`, centred on `y`.
fn draw_swatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    swatch: Swatch,
    x: i32,
    y: i32,
) -> Result<(), Box<dyn Error>>
where
    DB::ErrorType: 'static,
{
    match swatch {
        Swatch::Fill(colour) => {
            area.draw(&Rectangle::new(
                [(x, y - 6), (x + 16, y + 6)],
                colour.filled(),
            ))?;
        }
        Swatch::Line(colour, width) => {
            area.draw(&PathElement::new(
                [(x, y), (x + 16, y)],
                colour.stroke_width(width),
            ))?;
        }
        Swatch::Dashed(colour) => {
            for dx in [0, 7, 14] {
                area.draw(&PathElement::new(
                    [(x + dx, y), (x + dx + 4, y)],
                    colour.stroke_width(2),
                ))?;
            }
        }
        Swatch::HollowDot(colour) => {
            area.draw(&Circle::new((x + 8, y), 4, colour.stroke_width(2)))?;
        }
        Swatch::Triangle(colour) => {
            area.draw(&TriangleMarker::new((x + 8, y), 6, colour.filled()))?;
        }
        Swatch::HollowTriangle(colour) => {
            // A white triangle inside a coloured one: plotters' marker fills whatever the style.
            area.draw(&TriangleMarker::new((x + 8, y), 7, colour.filled()))?;
            area.draw(&TriangleMarker::new((x + 8, y), 3, WHITE.filled()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::fitted;

    #[test]
    fn a_label_that_fits_is_kept_whole() {
        assert_eq!(
            fitted("Baseline 41.0% (FY2024)", 300),
            "Baseline 41.0% (FY2024)"
        );
    }

    #[test]
    fn a_label_too_long_for_its_column_is_cut_with_an_ellipsis() {
        let label = "Activity: Library card sign-up week at every high school";
        let cut = fitted(label, 210);
        assert_eq!(cut.chars().count(), 30);
        assert!(cut.ends_with('…'));
        assert!(label.starts_with(cut.trim_end_matches('…')));
    }
}

#[cfg(test)]
mod layout_tests {
    use super::*;

    fn entry(label: &str) -> Entry {
        Entry {
            label: label.into(),
            swatch: Swatch::Triangle(INK),
        }
    }

    #[test]
    fn a_label_too_long_for_a_column_takes_a_row_of_its_own() {
        let entries = [
            entry("Coalition"),
            entry("Activity: Museum teen docents (from 2024-09-01, ongoing)"),
            entry("Baseline"),
        ];
        let placed = layout(&entries, 760);
        assert_eq!(placed[0], (16, 0, COLUMN - 28));
        assert_eq!(placed[1].0, 16);
        assert_eq!(placed[1].1, 1);
        assert!(placed[1].2 >= 56 * CHARACTER);
        assert_eq!((placed[2].0, placed[2].1), (16, 2));
        assert_eq!(height(&entries, 760), 3 * ROW + 14);
    }
}
