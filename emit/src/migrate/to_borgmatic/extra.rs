//! The `extra*Args` options: flags lifted into borgmatic keys ([`super::args`]), the rest in
//! `extra_borg_options`.

use crate::manifest::borg::options::{BorgOptions, ExtraArgs};

use super::Job;
use super::args::{self, Command, Lifted};
use super::resolve::Place;
use super::yaml::Yaml;

/// The words of an `extra*Args` option.
fn words(job: &mut Job, option: &str, args: &ExtraArgs) -> Option<(Vec<String>, Vec<String>)> {
    match args {
        ExtraArgs::List(items) => job.resolve_all(option, items),
        ExtraArgs::String(text) => {
            let r = job.resolve(option, text, Place::Plain)?;
            let mut notes = r.notes;
            if r.value.contains(['$', '`']) {
                notes.push(
                    "the module's bash expanded `$`/backquotes in this string; borgmatic splits \
                     it without a shell"
                        .into(),
                );
            }
            match shlex::split(&r.value) {
                Some(w) => Some((w, notes)),
                None => {
                    job.refuse(option, "cannot be split into words (unbalanced quotes)");
                    None
                }
            }
        }
    }
}

pub(super) fn extra_args(job: &mut Job, o: &BorgOptions) {
    let options = [
        ("extraArgs", Command::Common, &o.extra_args),
        ("extraCreateArgs", Command::Create, &o.extra_create_args),
        ("extraPruneArgs", Command::Prune, &o.extra_prune_args),
        ("extraCompactArgs", Command::Compact, &o.extra_compact_args),
        ("extraInitArgs", Command::Init, &o.extra_init_args),
    ];
    let mut lifted: Vec<(&str, Lifted, Vec<String>)> = Vec::new();
    for (option, command, value) in options {
        let Some((w, notes)) = words(job, option, value) else {
            return;
        };
        lifted.push((option, args::lift(command, &w), notes));
    }
    let common_rest = lifted[0].1.rest.clone();
    let mut extra = Vec::new();
    for (i, (option, l, mut notes)) in lifted.into_iter().enumerate() {
        let mut targets: Vec<String> = Vec::new();
        for (k, v) in &l.keys {
            job.set(k, v.clone());
            targets.push(k.clone());
        }
        if !l.repository.is_empty()
            && let Some((_, Yaml::Seq(repos))) =
                job.doc.iter_mut().find(|(k, _)| k == "repositories")
            && let Some(Yaml::Map(entry)) = repos.first_mut()
        {
            for (k, v) in &l.repository {
                entry.retain(|(ek, _)| ek != k);
                entry.push((k.clone(), v.clone()));
                targets.push(format!("repositories[0].{k}"));
            }
        }
        let slot = match i {
            0 => None,
            1 => Some("create"),
            2 => Some("prune"),
            3 => Some("compact"),
            _ => Some("init"),
        };
        if let Some(slot) = slot {
            let mut all = common_rest.clone();
            all.extend(l.rest.iter().cloned());
            if !all.is_empty() {
                match shlex::try_join(all.iter().map(String::as_str)) {
                    Ok(s) => extra.push((slot.to_string(), Yaml::Str(s))),
                    Err(_) => {
                        job.refuse(option, "holds a word with a NUL byte");
                        continue;
                    }
                }
            }
            if !l.rest.is_empty() {
                targets.push(format!("extra_borg_options.{slot}"));
            }
            if slot == "init" && !all.is_empty() {
                notes.push(
                    "borgmatic passes it only to a manual `borgmatic repo-create` (written under \
                     the deprecated `init` key, which borgmatic 2.1.10 still reads)"
                        .into(),
                );
            }
        } else if !l.rest.is_empty() {
            targets.push("extra_borg_options.{create,prune,compact,init}".into());
            notes.push(format!(
                "borgmatic has no option for every Borg call: `{}` is given to create, prune, \
                 compact and repo-create, not to the other Borg commands borgmatic runs",
                l.rest.join(" ")
            ));
        }
        if job.defined(option) {
            job.carried(option, &targets.join(", "), notes);
        }
    }
    if !extra.is_empty() {
        job.set("extra_borg_options", Yaml::Map(extra));
    }
}
