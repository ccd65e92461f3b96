//! Typed models of the backup modules, validation and lints (see the schema issue).
