//! Helpers every direction of `backix migrate` shares: `--schedule` and `--home` arguments, the
//! report on standard error, `--strict`, and atomic writes.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use backix_emit::migrate::report::{KeyReport, Outcome};
use backix_schema::calendar;

use super::ReportFormat;

/// Parses `--schedule NAME=CALENDAR` arguments, checking each calendar as systemd would. The
/// error names the argument and shows where in it the calendar is wrong.
pub fn schedules(args: &[String]) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for arg in args {
        let Some((name, cal)) = arg.split_once('=') else {
            return Err(format!(
                "--schedule {arg}: expected NAME=CALENDAR (for example `home=daily`)"
            ));
        };
        if name.is_empty() {
            return Err(format!("--schedule {arg}: the job name is empty"));
        }
        if let Err(e) = calendar::parse(cal) {
            let prefix = format!("--schedule {name}=");
            let column = prefix.chars().count() + cal[..e.offset().min(cal.len())].chars().count();
            return Err(format!(
                "--schedule {arg}: `{cal}` is not a systemd calendar expression: {}\n  {prefix}{cal}\n  {}^",
                e.message(),
                " ".repeat(column)
            ));
        }
        if out.insert(name.to_string(), cal.to_string()).is_some() {
            return Err(format!("--schedule {name}: given twice"));
        }
    }
    Ok(out)
}

/// Parses `--home USER=PATH` arguments.
pub fn homes(args: &[String]) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for arg in args {
        match arg.split_once('=') {
            Some((user, path)) if !user.is_empty() && path.starts_with('/') => {
                out.insert(user.to_string(), path.trim_end_matches('/').to_string());
            }
            _ => {
                return Err(format!(
                    "--home {arg}: expected USER=PATH with an absolute PATH (for example \
                     `alice=/home/alice`)"
                ));
            }
        }
    }
    Ok(out)
}

/// One line of the text report: `file:line: key → target: lossy: why`.
pub fn report_line(r: &KeyReport) -> Option<String> {
    let at =
        r.at.as_deref()
            .map(|a| format!("{a}: "))
            .unwrap_or_default();
    let target = if r.target.is_empty() {
        String::new()
    } else {
        format!(" → {}", r.target)
    };
    match &r.outcome {
        Outcome::Exact => None,
        Outcome::Lossy { why } => Some(format!("{at}{}{target}: lossy: {why}", r.key)),
        Outcome::NotCarried { why, suggestion } => {
            let hint = suggestion
                .as_deref()
                .map(|s| format!(" (suggestion: {s})"))
                .unwrap_or_default();
            Some(format!("{at}{}: not carried: {why}{hint}", r.key))
        }
    }
}

/// Writes the report on standard error: text (each key not carried exactly, and a summary) or
/// JSON (every key).
pub fn print_report(report: &[KeyReport], format: ReportFormat) {
    let mut err = std::io::stderr().lock();
    match format {
        ReportFormat::Json => {
            let json = serde_json::to_string_pretty(report).unwrap_or_else(|_| "[]".into());
            let _ = writeln!(err, "{json}");
        }
        ReportFormat::Text => {
            for r in report {
                if let Some(line) = report_line(r) {
                    let _ = writeln!(err, "{line}");
                }
            }
            let exact = report.iter().filter(|r| !r.is_loss()).count();
            let lossy = report
                .iter()
                .filter(|r| matches!(r.outcome, Outcome::Lossy { .. }))
                .count();
            let not = report.len() - exact - lossy;
            let _ = writeln!(
                err,
                "migrate: {exact} carried exactly, {lossy} with a loss, {not} not carried"
            );
        }
    }
}

/// Whether `--strict` refuses this report (any key carried with a loss or not at all).
pub fn strict_fails(report: &[KeyReport]) -> bool {
    report.iter().any(KeyReport::is_loss)
}

/// Writes `text` to `path` atomically (a temporary file in the same directory, renamed over
/// it). With `keep_original`, an existing file is first copied to `PATH.orig`, unless that
/// exists already (the first original is never overwritten).
pub fn write_atomic(path: &Path, text: &str, keep_original: bool) -> Result<(), String> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut orig = path.as_os_str().to_owned();
    orig.push(".orig");
    if keep_original && path.exists() && !Path::new(&orig).exists() {
        std::fs::copy(path, &orig).map_err(|e| {
            format!(
                "cannot keep the original as {}: {e}",
                Path::new(&orig).display()
            )
        })?;
    }
    let mut tmp = tempfile::NamedTempFile::new_in(&dir)
        .map_err(|e| format!("cannot write in {}: {e}", dir.display()))?;
    tmp.write_all(text.as_bytes())
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    tmp.persist(path)
        .map_err(|e| format!("cannot write {}: {}", path.display(), e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_are_checked() {
        let ok = schedules(&["home=Mon *-*-* 02:00".into()]).unwrap();
        assert_eq!(ok["home"], "Mon *-*-* 02:00");
        let err = schedules(&["home=dayly".into()]).unwrap_err();
        assert!(err.contains("--schedule home=dayly"), "{err}");
        assert!(schedules(&["nocalendar".into()]).is_err());
    }

    #[test]
    fn atomic_writes_keep_the_first_original() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.nix");
        std::fs::write(&file, "one").unwrap();
        write_atomic(&file, "two", true).unwrap();
        write_atomic(&file, "three", true).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "three");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.nix.orig")).unwrap(),
            "one"
        );
    }

    #[test]
    fn homes_need_absolute_paths() {
        assert_eq!(homes(&["a=/home/a/".into()]).unwrap()["a"], "/home/a");
        assert!(homes(&["a=home".into()]).is_err());
    }

    #[test]
    fn report_lines_name_place_key_and_target() {
        let r = KeyReport {
            at: Some("b.yaml:3".into()),
            key: "umask".into(),
            target: "jobs.b.extraArgs".into(),
            outcome: Outcome::Lossy {
                why: "hooks".into(),
            },
        };
        assert_eq!(
            report_line(&r).unwrap(),
            "b.yaml:3: umask → jobs.b.extraArgs: lossy: hooks"
        );
    }
}
