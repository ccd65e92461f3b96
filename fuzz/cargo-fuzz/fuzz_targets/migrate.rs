//! Fuzz target `migrate`: see `backix_fuzz_harness::migrate`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| backix_fuzz_harness::migrate(data));
