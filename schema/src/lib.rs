//! Typed models of the backup modules, validation and lints (see the schema issue).

pub mod assertions;
pub mod borgmatic;
pub mod calendar;
pub mod config;
pub mod domain;
pub mod engine;
pub mod lints;
pub mod model;
pub mod registry;
pub mod rule;
pub mod validate;
pub mod view;
