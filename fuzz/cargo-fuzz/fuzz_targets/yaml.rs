//! Fuzz target `yaml`: see `backix_fuzz_harness::yaml`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| backix_fuzz_harness::yaml(data));
