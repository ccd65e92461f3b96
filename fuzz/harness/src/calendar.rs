//! `calendar`: bytes as a systemd calendar expression.

use backix_schema::calendar;

use crate::support::text;

/// Parses the input; when it parses, its normalized form must parse to the same normalized
/// form (normalizing is idempotent), and the error's span must lie within the input otherwise.
pub fn calendar(data: &[u8]) {
    let Some(text) = text(data) else { return };
    match calendar::parse(text) {
        Ok(spec) => {
            let normalized = spec.normalized();
            match calendar::parse(&normalized) {
                Ok(again) => assert_eq!(
                    again.normalized(),
                    normalized,
                    "normalizing {text:?} twice gives two forms"
                ),
                Err(e) => panic!(
                    "{text:?} normalizes to {normalized:?}, which does not parse: {}",
                    e.message()
                ),
            }
            assert!(calendar::is_valid(text));
        }
        Err(e) => {
            let span = e.span();
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "error span {span:?} outside the input {text:?}"
            );
            assert!(!calendar::is_valid(text));
        }
    }
}
