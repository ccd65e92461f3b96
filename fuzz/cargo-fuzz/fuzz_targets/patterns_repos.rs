//! Fuzz target `patterns_repos`: see `backix_fuzz_harness::patterns_repos`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| backix_fuzz_harness::patterns_repos(data));
