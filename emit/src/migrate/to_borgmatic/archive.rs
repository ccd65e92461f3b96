//! Archive names (`archiveBaseName`, `dateFormat`), the prune glob and retention.

use crate::manifest::borg::options::BorgOptions;

use super::Job;
use super::resolve::Place;
use super::yaml::Yaml;

pub(super) fn archive_names(job: &mut Job, o: &BorgOptions) {
    let mut notes = Vec::new();
    let base = match &o.archive_base_name {
        Some(t) => match job.resolve("archiveBaseName", t, Place::ArchiveName) {
            Some(r) => {
                notes.extend(r.notes);
                Some(r.value)
            }
            None => return,
        },
        None => None,
    };
    let mut date_notes = Vec::new();
    let format = match o.date_format.known().and_then(|f| shlex::split(&f)) {
        Some(words) => {
            let utc = words
                .iter()
                .any(|w| matches!(w.as_str(), "-u" | "--utc" | "--universal"));
            let fmt = words.iter().find_map(|w| w.strip_prefix('+'));
            let other = words.iter().any(|w| {
                !w.starts_with('+') && !matches!(w.as_str(), "-u" | "--utc" | "--universal")
            });
            match fmt {
                Some(f) if !other && !f.contains(['{', '}']) => {
                    if f.contains("%N") || f.contains("%:") || f.contains("%q") {
                        date_notes.push(format!(
                            "`{f}` uses conversions of `date` that Python's strftime lacks"
                        ));
                    }
                    format!("{{{}:{f}}}", if utc { "utcnow" } else { "now" })
                }
                _ => {
                    date_notes.push(
                        "`date` arguments other than `-u` and one `+FORMAT` have no borgmatic \
                         equivalent; the default `%Y-%m-%dT%H:%M:%S` is used"
                            .into(),
                    );
                    "{now:%Y-%m-%dT%H:%M:%S}".to_string()
                }
            }
        }
        None => {
            job.refuse("dateFormat", "not a literal string of `date` arguments");
            return;
        }
    };
    let name = match &base {
        Some(b) => format!("{b}-{format}"),
        None => format,
    };
    job.set("archive_name_format", Yaml::Str(name));
    if job.defined("archiveBaseName") || !notes.is_empty() {
        job.carried("archiveBaseName", "archive_name_format", notes);
    }
    if job.defined("dateFormat") || !date_notes.is_empty() {
        job.carried("dateFormat", "archive_name_format", date_notes);
    }
    if let Some(true) = o.append_failed_suffix
        && job.defined("appendFailedSuffix")
    {
        job.not_carried(
            "appendFailedSuffix",
            "borgmatic never marks an unfinished archive with a `.failed` suffix",
            None,
        );
    }
}

pub(super) fn retention(job: &mut Job, o: &BorgOptions) {
    // The prune glob: `--glob-archives '<prefix>*'`, none for a null prefix.
    let glob = match &o.prune.prefix {
        None => Some(("*".to_string(), Vec::new())),
        Some(t) => job.resolve("prune.prefix", t, Place::ArchiveName).map(|r| {
            if r.value.is_empty() {
                ("*".to_string(), r.notes)
            } else {
                (format!("sh:{}*", r.value), r.notes)
            }
        }),
    };
    if let Some((glob, notes)) = glob {
        job.set("match_archives", Yaml::Str(glob));
        if job.defined("prune.prefix") {
            job.carried("prune.prefix", "match_archives", notes);
        }
    }
    if o.prune.keep.is_empty() {
        job.set("skip_actions", Yaml::strs(["prune", "compact"]));
        return;
    }
    const INTS: [&str; 10] = [
        "secondly", "minutely", "hourly", "daily", "weekly", "monthly", "yearly", "13weekly",
        "3monthly", "last",
    ];
    for (key, text) in &o.prune.keep {
        let option = format!("prune.keep.{key}");
        let Some(value) = text.known() else {
            job.refuse(&option, "not known statically");
            continue;
        };
        if key == "within" {
            let target = "keep_within";
            job.set(target, Yaml::Str(value));
            job.carried(&option, target, Vec::new());
        } else if INTS.contains(&key.as_str()) {
            let target = if key == "last" {
                "keep_secondly".to_string()
            } else {
                format!("keep_{key}")
            };
            match value.parse::<i64>() {
                Ok(n) => {
                    job.set(&target, Yaml::Int(n));
                    job.carried(&option, &target, Vec::new());
                }
                Err(_) => job.not_carried(
                    &option,
                    &format!("`{value}` is not a count (Borg refuses it as --keep-{key})"),
                    None,
                ),
            }
        } else {
            job.not_carried(
                &option,
                &format!("Borg has no --keep-{key}; borgmatic has no key for it"),
                None,
            );
        }
    }
}
