//! Typed models of the backup modules, validation and lints (see the schema issue).

pub mod assertions;
pub mod borgmatic;
pub mod calendar;
pub mod domain;
pub mod lints;
pub mod registry;
pub mod rule;
pub mod validate;
pub mod view;
