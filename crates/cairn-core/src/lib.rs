//! Cairn's domain: the coalition, its partners, shared measures, periods and observations, and
//! every calculation the app shows.
//!
//! This crate is pure: it never touches the browser, the network, the clock or a file. The web
//! app and the server call it, so that no two screens can compute a number two ways.

pub mod access;
pub mod activity;
pub mod breakdown;
pub mod by_group;
pub mod coalition;
pub mod code;
pub mod communication;
pub mod completeness;
pub mod csv;
pub mod dashboard;
pub mod date;
pub mod dhis2;
pub mod document;
pub mod entry;
pub mod equity;
pub mod error;
pub mod export;
pub mod feed;
pub mod fingerprint;
pub mod format;
pub mod goal;
pub mod history;
pub mod import;
pub mod indicators;
pub mod lock;
pub mod matrix;
pub mod measure;
pub mod observation;
pub mod outlier;
pub mod partner;
pub mod partnership;
pub mod period;
pub mod publication;
pub mod publish;
pub mod regroup;
pub mod report;
pub mod review;
pub mod rollup;
pub mod sample;
pub mod series;
pub mod shared_text;
pub mod status;
pub mod stored;
pub mod summary;
pub mod suppression;
pub mod sync;
pub mod table;

pub use access::{Grant, Role};
pub use activity::{Activity, ActivityStatus, Aim, Direction, StatusUpdate};
pub use breakdown::{Breakdown, Category, Group};
pub use coalition::{Coalition, Strategy};
pub use code::Code;
pub use communication::{Link, Story, Update};
pub use date::Date;
pub use document::Document;
pub use error::{Error, LoadError};
pub use feed::Updates;
pub use measure::{
    Accumulation, Baseline, GroupTarget, Measure, Polarity, Range, Rollup, Target, ValueType,
};
pub use observation::{CellKey, Observation, Stamp, Value};
pub use partner::{
    Characteristics, Partner, PartnershipChange, PartnershipLevel, Readiness, Scale, Sector,
    READINESS_QUESTIONS,
};
pub use period::{FiscalYearStart, Frequency, MonthIndex, Period};
pub use shared_text::SharedText;
