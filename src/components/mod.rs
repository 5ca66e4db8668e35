//! Pieces several screens share: copying to the clipboard, what the figures count, the status badge, the notices about saved data, the sync
//! indicator, the conflict dialog, the heading of printed pages, what every editing form shares, and what the member's role
//! lets the screens offer.

pub mod clipboard;
pub mod conflict_dialog;
pub mod counting;
pub mod form;
pub mod notices;
pub mod print_header;
pub mod role;
pub mod status;
pub mod sync_indicator;
