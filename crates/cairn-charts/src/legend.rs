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
    if entries.is_empty() {
        return 0;
    }
    let rows = (entries.len() as u32).div_ceil(columns(width));
    rows * ROW + 14
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
    let cols = columns(width);
    let font = ("sans-serif", 13).into_font().color(&INK);
    for (i, entry) in entries.iter().enumerate() {
        let (col, row) = (i as u32 % cols, i as u32 / cols);
        let x = 16 + (col * COLUMN) as i32;
        let y = 6 + (row * ROW) as i32 + ROW as i32 / 2;
        draw_swatch(area, entry.swatch, x, y)?;
        area.draw(&Text::new(
            entry.label.clone(),
            (x + 24, y - 7),
            font.clone(),
        ))?;
    }
    Ok(())
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
    }
    Ok(())
}
