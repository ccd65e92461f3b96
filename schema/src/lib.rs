//! Typed models of the backup modules, validation and lints (see the schema issue).

pub mod calendar;
pub mod domain;
pub mod rule;
pub mod view;
