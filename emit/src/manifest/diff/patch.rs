//! The unified diff of two jobs' JSON.

use serde_json::Value;
use similar::TextDiff;

/// A unified diff (three lines of context) of the pretty-printed JSON of two jobs, headed
/// `--- old LABEL` / `+++ new LABEL`.
pub fn unified(old: &Value, new: &Value, label: &str) -> String {
    let old = pretty(old);
    let new = pretty(new);
    TextDiff::from_lines(&old, &new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("old {label}"), &format!("new {label}"))
        .to_string()
}

fn pretty(value: &Value) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_changed_lines_are_marked() {
        let old = json!({"a": 1, "b": "daily", "c": 3});
        let new = json!({"a": 1, "b": "hourly", "c": 3});
        let text = unified(&old, &new, "a.nix home");
        assert!(text.starts_with("--- old a.nix home\n+++ new a.nix home\n@@ "));
        assert!(text.contains("\n-  \"b\": \"daily\",\n+  \"b\": \"hourly\",\n"));
        assert!(text.contains("\n   \"a\": 1,\n"));
    }
}
