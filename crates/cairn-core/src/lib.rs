//! Cairn's domain: the coalition, its partners, shared measures, periods and observations, and
//! every calculation the app shows.
//!
//! This crate is pure: it never touches the browser, the network, the clock or a file. The web
//! app and the server call it, so that no two screens can compute a number two ways.

pub mod coalition;
pub mod code;
pub mod completeness;
pub mod csv;
pub mod dashboard;
pub mod document;
pub mod entry;
pub mod error;
pub mod export;
pub mod format;
pub mod goal;
pub mod import;
pub mod measure;
pub mod observation;
pub mod partner;
pub mod period;
pub mod rollup;
pub mod sample;
pub mod series;
pub mod status;
pub mod summary;
pub mod table;

pub use coalition::{Coalition, Strategy};
pub use code::Code;
pub use document::Document;
pub use error::{Error, LoadError};
pub use measure::{Accumulation, Baseline, Measure, Polarity, Rollup, Target, ValueType};
pub use observation::{CellKey, Observation, Value};
pub use partner::{Characteristics, Partner, PartnershipLevel, Scale, Sector};
pub use period::{FiscalYearStart, Frequency, MonthIndex, Period};
