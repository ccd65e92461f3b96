//! Human rendering of diagnostics: rustc-style, with the source snippet, labels and notes.

use backix_parser::diagnostic::{Diagnostic, Severity};
use backix_parser::source::SourceMap;
use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::termcolor::{ColorChoice, NoColor, StandardStream, WriteColor};
use codespan_reporting::term::{self, Config};

/// Whether to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    /// Colour when writing to a terminal.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Renders diagnostics into a string (no colour).
pub fn render_to_string(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let mut out = NoColor::new(Vec::new());
    write_all(sources, diagnostics, &mut out);
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}

/// Writes diagnostics to standard error.
pub fn emit_to_stderr(sources: &SourceMap, diagnostics: &[Diagnostic], color: Color) {
    let choice = match color {
        Color::Auto if std::io::IsTerminal::is_terminal(&std::io::stderr()) => ColorChoice::Auto,
        Color::Auto | Color::Never => ColorChoice::Never,
        Color::Always => ColorChoice::Always,
    };
    let mut stream = StandardStream::stderr(choice);
    write_all(sources, diagnostics, &mut stream);
}

/// Writes diagnostics to standard output, coloured only when asked to or (`Auto`) when standard
/// output is a terminal.
pub fn emit_to_stdout(sources: &SourceMap, diagnostics: &[Diagnostic], color: Color) {
    let choice = match color {
        Color::Auto if std::io::IsTerminal::is_terminal(&std::io::stdout()) => ColorChoice::Auto,
        Color::Auto | Color::Never => ColorChoice::Never,
        Color::Always => ColorChoice::Always,
    };
    let mut stream = StandardStream::stdout(choice);
    write_all(sources, diagnostics, &mut stream);
}

fn write_all(sources: &SourceMap, diagnostics: &[Diagnostic], out: &mut dyn WriteColor) {
    let mut files = SimpleFiles::new();
    // Secrets are masked in every snippet, whichever diagnostic shows their line.
    let secrets: Vec<_> = diagnostics.iter().flat_map(|d| d.secrets.clone()).collect();
    let texts = backix_schema::engine::secrets::masked_texts(sources, &secrets);
    let ids: Vec<usize> = sources
        .files()
        .zip(texts)
        .map(|((_, f), text)| files.add(f.name.clone(), text))
        .collect();
    let config = Config::default();
    for d in diagnostics {
        let severity = match d.severity {
            Severity::Error => ReportSeverity::Error,
            Severity::Warning => ReportSeverity::Warning,
            Severity::Note => ReportSeverity::Note,
        };
        let mut report = Report::new(severity)
            .with_code(d.code)
            .with_message(&d.message);
        let mut labels = Vec::new();
        // A place naming only a file has no snippet: the file is named in a note instead.
        let mut places = Vec::new();
        if let Some(span) = d.span.filter(|s| (s.file.0 as usize) < ids.len()) {
            if crate::report::is_file_only(span) {
                places.push(format!("in {}", sources.file(span.file).name));
            } else {
                labels.push(Label::primary(
                    ids[span.file.0 as usize],
                    span.start as usize..span.end as usize,
                ));
            }
        }
        for l in &d.labels {
            if (l.span.file.0 as usize) < ids.len() && crate::report::is_file_only(l.span) {
                places.push(format!("{}: {}", sources.file(l.span.file).name, l.message));
            } else if (l.span.file.0 as usize) < ids.len() {
                labels.push(
                    Label::secondary(
                        ids[l.span.file.0 as usize],
                        l.span.start as usize..l.span.end as usize,
                    )
                    .with_message(&l.message),
                );
            }
        }
        let mut notes = places;
        notes.extend(d.notes.iter().cloned());
        if let Some(help) = &d.help {
            notes.push(format!("help: {help}"));
        }
        report = report.with_labels(labels).with_notes(notes);
        // Rendering into memory or a terminal only fails on I/O errors of the terminal itself.
        let _ = term::emit_to_write_style(out, &config, &files, &report);
    }
}
