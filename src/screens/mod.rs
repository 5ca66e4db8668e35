//! The app's screens, one folder per area. Each receives the state from context
//! ([`crate::state::use_store`]) and only lays out what `cairn-core` computes.

pub mod activities;
pub mod coalition;
pub mod dashboard;
pub mod data;
pub mod entry;
pub mod first_run;
pub mod measures;
pub mod partners;
pub mod sharing;
pub mod updates;
