//! Fuzz target `nix_eval`: see `backix_fuzz_harness::nix_eval`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| backix_fuzz_harness::nix_eval(data));
