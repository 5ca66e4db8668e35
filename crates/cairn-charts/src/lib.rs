//! Cairn's charts, drawn with plotters as SVG strings from `cairn-core`'s numbers.
//!
//! Every function here is pure: a document, a measure and its series in, SVG text out. The
//! browser shows the SVG as it is; the same text is what "Download SVG" saves. Text in the SVG
//! is escaped by plotters (and by [`escape`] for what this crate adds), so a title typed by a
//! member shows as typed.

mod legend;
mod levels;
mod palette;
mod svg;
mod turn_the_curve;

pub use levels::partnership_levels;
pub use palette::{PARTNER_COLOURS, STATUS_COLOURS};
pub use svg::escape;
pub use turn_the_curve::{
    by_group, contributions, slide, small_multiple, turn_the_curve, KeyEntry,
};

/// The size of a chart in SVG user units. Charts scale to their container on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

impl Size {
    pub const FULL: Size = Size {
        width: 760,
        height: 400,
    };
    /// A slide of the presentation view (see `slide`): its labels are drawn large enough that,
    /// stretched over two thirds of a 1920 pixels wide screen, they show at least 24 pixels high.
    pub const SLIDE: Size = Size {
        width: 640,
        height: 340,
    };
    /// A chart read on a phone (the public report card's): about as wide as the screen, so its
    /// labels show near the size they are drawn.
    pub const NARROW: Size = Size {
        width: 400,
        height: 340,
    };
    pub const SMALL: Size = Size {
        width: 320,
        height: 150,
    };
}
