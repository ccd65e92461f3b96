//! Fuzz target `calendar`: see `backix_fuzz_harness::calendar`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| backix_fuzz_harness::calendar(data));
