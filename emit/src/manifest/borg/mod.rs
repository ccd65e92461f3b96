//! `services.borgbackup.jobs`: options with defaults, and what a job runs.

pub mod options;
pub mod render;
