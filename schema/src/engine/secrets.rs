//! Secrets never shown: source ranges marked secret are masked in the text handed to renderers,
//! and their text is removed from messages.

use std::ops::Range;

use backix_parser::diagnostic::Diagnostic;
use backix_parser::source::{SourceMap, Span};

/// What a secret's text is replaced with in messages.
pub const REDACTED: &str = "«secret»";

/// `text` with every byte of `ranges` replaced by `*` (the length in bytes, and so every other
/// span into the text, stays the same). Ranges are widened to character boundaries.
pub fn mask(text: &str, ranges: &[Range<usize>]) -> String {
    if ranges.is_empty() {
        return text.to_string();
    }
    let mut bytes = text.as_bytes().to_vec();
    for r in ranges {
        let mut start = r.start.min(text.len());
        let mut end = r.end.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        while !text.is_char_boundary(end) {
            end += 1;
        }
        bytes[start..end].fill(b'*');
    }
    // Whole characters were replaced by ASCII, so the bytes are still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The text of every file of `sources` with the given secret spans masked, in file order.
pub fn masked_texts(sources: &SourceMap, secrets: &[Span]) -> Vec<String> {
    sources
        .files()
        .map(|(id, f)| {
            let ranges: Vec<Range<usize>> = secrets
                .iter()
                .filter(|s| s.file == id)
                .map(|s| s.start as usize..s.end as usize)
                .collect();
            mask(&f.text, &ranges)
        })
        .collect()
}

/// Removes the text of every secret span from the messages, labels, notes and help of
/// `findings` (a check should never put a secret there; this makes sure).
pub fn redact_all(sources: &SourceMap, secrets: &[Span], findings: &mut [Diagnostic]) {
    let count = super::file_count(sources);
    let mut texts: Vec<&str> = secrets
        .iter()
        .filter(|s| (s.file.0 as usize) < count)
        .map(|s| sources.text(*s))
        .map(str::trim)
        .filter(|t| t.chars().count() >= 3)
        .collect();
    if texts.is_empty() {
        return;
    }
    // Longest first, so a secret containing another is removed whole.
    texts.sort_by_key(|t| std::cmp::Reverse(t.len()));
    texts.dedup();
    let clean = |s: &mut String| {
        for t in &texts {
            if s.contains(t) {
                *s = s.replace(t, REDACTED);
            }
        }
    };
    for d in findings {
        clean(&mut d.message);
        d.labels.iter_mut().for_each(|l| clean(&mut l.message));
        d.notes.iter_mut().for_each(&clean);
        if let Some(h) = &mut d.help {
            clean(h);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_keeps_byte_offsets() {
        let text = "pass = \"hünter2\";\nx";
        let start = text.find('h').unwrap();
        let secret = start..start + "hünter2".len();
        let masked = mask(text, std::slice::from_ref(&secret));
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked, "pass = \"********\";\nx");
    }

    #[test]
    fn messages_lose_the_secret() {
        let mut map = SourceMap::new();
        let id = map.add("a.nix", None, "{ p = \"sesame-42\"; }");
        let secret = Span::new(id, 7, 16);
        assert_eq!(map.text(secret), "sesame-42");
        let mut d = vec![
            Diagnostic::warning("BX1", "the passphrase sesame-42 is public", Some(secret))
                .with_note("sesame-42 again"),
        ];
        redact_all(&map, &[secret], &mut d);
        assert_eq!(d[0].message, "the passphrase «secret» is public");
        assert_eq!(d[0].notes[0], "«secret» again");
    }
}
