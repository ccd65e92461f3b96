//! `backix lint --format github`: one GitHub Actions workflow command per finding
//! (`::error file=F,line=L,col=C,endLine=L,endColumn=C,title=CODE name::message`), which the
//! runner shows as annotations on the pull request.

use backix_parser::diagnostic::{Diagnostic, Severity};

use super::{LintReport, has_line, rule_of};

/// Renders every finding as a workflow command, one per line.
pub fn render(report: &LintReport<'_>) -> String {
    let mut out = String::new();
    for d in report.findings {
        out.push_str(&command(report, d));
        out.push('\n');
    }
    out
}

fn command(report: &LintReport<'_>, d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut props = Vec::new();
    if let Some(l) = report.location(d.span) {
        props.push(format!("file={}", escape_property(&l.file)));
        // Without a line the annotation belongs to the whole file.
        if has_line(&l) {
            props.push(format!("line={}", l.line));
            props.push(format!("col={}", l.column));
            props.push(format!("endLine={}", l.end_line));
            props.push(format!("endColumn={}", l.end_column));
        }
    }
    let title = match rule_of(d.code) {
        Some(rule) => format!("{} {}", rule.code, rule.name),
        None => d.code.to_string(),
    };
    props.push(format!("title={}", escape_property(&title)));
    let mut message = d.message.clone();
    for note in &d.notes {
        message.push_str("\nnote: ");
        message.push_str(note);
    }
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!("::{kind} {}::{}", props.join(","), escape_data(&message))
}

/// Escapes the message of a workflow command: `%`, CR and LF.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command: as [`escape_data`], plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% a\r\nb:c,d"), "50%25 a%0D%0Ab:c,d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
