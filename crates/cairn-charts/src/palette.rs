//! Colours safe for colour-blind viewers (Okabe and Ito's palette). Status is never shown by
//! colour alone: every status also has a word and a symbol.

use plotters::style::RGBColor;

/// Colours for partners' series, in order; they repeat past eight partners.
pub const PARTNER_COLOURS: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(240, 228, 66),  // yellow
    RGBColor(120, 120, 120), // grey
];

/// On track, at risk, off track, no data.
pub const STATUS_COLOURS: [RGBColor; 4] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(213, 94, 0),
    RGBColor(120, 120, 120),
];

/// The ink of the coalition's line and labels.
pub const INK: RGBColor = RGBColor(29, 42, 51);
/// The straight path, baseline and target.
pub const PATH: RGBColor = RGBColor(81, 96, 107);
/// An earlier target, no longer in force: vermillion (Okabe–Ito), apart from the path's grey.
pub const EARLIER: RGBColor = RGBColor(213, 94, 0);
