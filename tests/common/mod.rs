//! Helpers shared by the integration tests that drive real Nix.

use std::path::Path;
use std::process::Command;

/// Fails (never skips) when one of the Nix tools is missing.
pub fn require_nix(tools: &[&str]) {
    for tool in tools {
        let ok = Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            ok,
            "these tests need Nix 2.8 or later (`{tool}` on PATH); run scripts/setup"
        );
    }
}

/// Copies a directory tree (a fixture) to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}
