//! The bound on what `backix lint` prints for people: at most so many findings per file, and a
//! closing line per file saying how many more there were (docs/limits.md).

use backix_parser::diagnostic::Diagnostic;
use backix_parser::source::{FileId, SourceMap};

/// Findings shown per file unless `--max-findings-per-file` says otherwise.
pub const DEFAULT_PER_FILE: usize = 200;

/// The findings to show, and per file (in output order) how many were left out.
pub struct Capped {
    /// The findings shown, in their order.
    pub shown: Vec<Diagnostic>,
    /// `(file name, findings not shown)` for every file over the cap.
    pub hidden: Vec<(String, usize)>,
}

/// Keeps the first `per_file` findings of each file (findings without a place count as one
/// file); `per_file == 0` keeps everything.
pub fn cap(sources: &SourceMap, findings: &[Diagnostic], per_file: usize) -> Capped {
    let mut shown = Vec::new();
    let mut counts: Vec<(Option<FileId>, usize)> = Vec::new();
    for d in findings {
        let file = d.span.map(|s| s.file);
        let seen = match counts.iter_mut().find(|(f, _)| *f == file) {
            Some((_, n)) => n,
            None => {
                counts.push((file, 0));
                &mut counts.last_mut().expect("just pushed").1
            }
        };
        *seen += 1;
        if per_file == 0 || *seen <= per_file {
            shown.push(d.clone());
        }
    }
    let known = sources.files().count();
    let hidden = counts
        .into_iter()
        .filter(|&(_, n)| per_file > 0 && n > per_file)
        .map(|(file, n)| {
            let name = match file {
                Some(f) if (f.0 as usize) < known => sources.file(f).name.clone(),
                _ => "(no file)".to_string(),
            };
            (name, n - per_file)
        })
        .collect();
    Capped { shown, hidden }
}

/// The closing line for one file over the cap.
pub fn closing_line(name: &str, more: usize, per_file: usize) -> String {
    let s = if more == 1 { "" } else { "s" };
    format!(
        "{name}: {more} more finding{s} not shown (at most {per_file} per file; \
         --max-findings-per-file 0 shows all)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use backix_parser::source::Span;

    fn finding(file: FileId, at: u32) -> Diagnostic {
        Diagnostic::warning("BX100", format!("at {at}"), Some(Span::new(file, at, at)))
    }

    #[test]
    fn each_file_keeps_its_first_findings_and_counts_the_rest() {
        let mut sources = SourceMap::new();
        let a = sources.add("a.nix", None, "x".repeat(100));
        let b = sources.add("b.nix", None, "y".repeat(100));
        let mut findings: Vec<Diagnostic> = (0..5).map(|i| finding(a, i)).collect();
        findings.extend((0..2).map(|i| finding(b, i)));
        let capped = cap(&sources, &findings, 3);
        assert_eq!(capped.shown.len(), 5);
        assert_eq!(capped.shown[2].message, "at 2");
        assert_eq!(capped.shown[3].span.map(|s| s.file), Some(b));
        assert_eq!(capped.hidden, vec![("a.nix".to_string(), 2)]);
        let all = cap(&sources, &findings, 0);
        assert_eq!(all.shown.len(), 7);
        assert!(all.hidden.is_empty());
    }

    #[test]
    fn the_closing_line_names_the_file_and_the_count() {
        let line = closing_line("hosts/a.nix", 1, 200);
        assert!(
            line.starts_with("hosts/a.nix: 1 more finding not shown"),
            "{line}"
        );
        assert!(closing_line("a", 7, 5).contains("7 more findings"));
    }
}
