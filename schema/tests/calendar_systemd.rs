//! Differential test of `backix_schema::calendar` against the real `systemd-analyze calendar`
//! (Debian 12: systemd 252): the hand-written expressions of `calendar_cases.txt` and generated
//! ones must be accepted exactly when systemd accepts them, with systemd's normalized form.

use std::collections::HashSet;
use std::process::{Command, Output};

use backix_schema::calendar;

/// A valid expression placed after every tested one, so that each block of output can be told
/// apart even though systemd prints nothing on stdout for an invalid expression and trims the
/// "Original form" it echoes.
const SENTINEL: &str = "@1234567";

/// Expressions per `systemd-analyze` call (each with its sentinel).
const BATCH: usize = 100;

/// Generated expressions.
const GENERATED: usize = 450;

fn analyze(args: &[&str]) -> Output {
    Command::new("systemd-analyze")
        .arg("calendar")
        .arg("--")
        .args(args)
        // What is compared must not depend on the machine's zone: a local zone abbreviation would
        // be accepted as a time zone suffix, and "Next elapse" lines (ignored) use it.
        .env("TZ", "UTC")
        .env("LC_ALL", "C")
        .env("SYSTEMD_PAGER", "cat")
        .env("SYSTEMD_COLORS", "0")
        .output()
        .unwrap_or_else(|error| {
            panic!(
                "cannot run systemd-analyze ({error}); this test needs it: run scripts/setup \
                 (it installs Debian's systemd)"
            )
        })
}

fn systemd_version() -> String {
    let output = Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .unwrap_or_else(|error| {
            panic!(
                "systemd-analyze not found ({error}); this test needs it: run scripts/setup \
                 (it installs Debian's systemd)"
            )
        });
    assert!(
        output.status.success(),
        "systemd-analyze --version failed; run scripts/setup"
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The blocks `systemd-analyze calendar` prints: (original form, normalized form). The
/// "Original form" line is left out when it would equal the normalized form.
fn blocks(stdout: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut original: Option<String> = None;
    for line in stdout.lines() {
        if let Some(text) = line.strip_prefix("  Original form: ") {
            original = Some(text.to_string());
        } else if let Some(normalized) = line.strip_prefix("Normalized form: ") {
            let original = original.take().unwrap_or_else(|| normalized.to_string());
            blocks.push((original, normalized.to_string()));
        }
    }
    blocks
}

/// systemd's verdict on each expression: its normalized form, or `None` when it rejects it.
fn oracle(expressions: &[String]) -> Vec<Option<String>> {
    let mut results = Vec::with_capacity(expressions.len());
    for chunk in expressions.chunks(BATCH) {
        match batch(chunk) {
            Some(verdicts) => results.extend(verdicts),
            None => results.extend(chunk.iter().map(|e| one(e))),
        }
    }
    results
}

/// One call for many expressions; `None` when its output cannot be matched up.
fn batch(chunk: &[String]) -> Option<Vec<Option<String>>> {
    let mut args: Vec<&str> = Vec::with_capacity(chunk.len() * 2);
    for expression in chunk {
        args.push(expression);
        args.push(SENTINEL);
    }
    let output = analyze(&args);
    if String::from_utf8_lossy(&output.stderr).contains(NEXT_ELAPSE_FAILED) {
        return None;
    }
    let blocks = blocks(&String::from_utf8_lossy(&output.stdout));
    let is_sentinel = |i: usize| blocks.get(i).is_some_and(|b| b.0 == SENTINEL);
    let mut i = 0;
    let mut verdicts = Vec::with_capacity(chunk.len());
    for expression in chunk {
        if is_sentinel(i) && (expression != SENTINEL || !is_sentinel(i + 1)) {
            verdicts.push(None);
            i += 1;
        } else {
            let block = blocks.get(i)?;
            verdicts.push(Some(block.1.clone()));
            if !is_sentinel(i + 1) {
                return None;
            }
            i += 2;
        }
    }
    let rejected = verdicts.iter().filter(|v| v.is_none()).count();
    let succeeded = rejected == 0;
    (i == blocks.len() && output.status.success() == succeeded).then_some(verdicts)
}

/// systemd 252 parses some expressions with a time zone and then fails to compute their next
/// elapse ("Resource deadlock avoided", depending on today's date), printing no normalized form.
const NEXT_ELAPSE_FAILED: &str = "Failed to determine next elapse";

fn one(expression: &str) -> Option<String> {
    let output = analyze(&[expression]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        if stderr.contains(NEXT_ELAPSE_FAILED) {
            // Parsed: the zone is the last word, and the normal form is that of the rest
            // followed by the zone.
            let (body, zone) = expression
                .rsplit_once(' ')
                .unwrap_or_else(|| panic!("{expression:?}: {stderr}"));
            let normalized = one(body).unwrap_or_else(|| {
                panic!("systemd parsed {expression:?} but rejects it without its zone")
            });
            return Some(format!("{normalized} {zone}"));
        }
        assert!(
            stderr.contains("Failed to parse calendar specification"),
            "unexpected error of systemd-analyze calendar for {expression:?}: {stderr}"
        );
        return None;
    }
    let blocks = blocks(&String::from_utf8_lossy(&output.stdout));
    match blocks.as_slice() {
        [(_, normalized)] => Some(normalized.clone()),
        _ => panic!(
            "unexpected output of systemd-analyze calendar for {expression:?}:\n{}",
            String::from_utf8_lossy(&output.stdout)
        ),
    }
}

/// The cases file: one expression a line, literally, or in double quotes with `\t`, `\n`, `\\`
/// and `\"`; `#` comment lines and blank lines skipped.
fn hand_written() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/calendar_cases.txt");
    let text = std::fs::read_to_string(path).expect("read calendar_cases.txt");
    let mut cases = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.len() >= 2 && line.starts_with('"') && line.ends_with('"') {
            let mut out = String::new();
            let mut chars = line[1..line.len() - 1].chars();
            while let Some(c) = chars.next() {
                if c != '\\' {
                    out.push(c);
                    continue;
                }
                match chars.next() {
                    Some('t') => out.push('\t'),
                    Some('n') => out.push('\n'),
                    Some('\\') => out.push('\\'),
                    Some('"') => out.push('"'),
                    other => panic!("calendar_cases.txt:{}: bad escape {other:?}", n + 1),
                }
            }
            cases.push(out);
        } else {
            assert_eq!(
                line.trim(),
                line,
                "calendar_cases.txt:{}: quote expressions with leading or trailing whitespace",
                n + 1
            );
            cases.push(line.to_string());
        }
    }
    cases
}

/// xorshift64*, so that the generated expressions are the same on every run; `wild` makes
/// mistakes likely (values out of range, reversed ranges, bad names), otherwise most expressions
/// come out valid.
struct Rng {
    state: u64,
    wild: bool,
}

impl Rng {
    fn next(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

fn bounds(kind: Kind) -> (i64, i64) {
    match kind {
        Kind::Year => (1970, 2199),
        Kind::Month => (1, 12),
        Kind::Day => (1, 31),
        Kind::Hour => (0, 23),
        Kind::Minute | Kind::Second => (0, 59),
    }
}

fn value(rng: &mut Rng, kind: Kind, at_least: i64) -> String {
    let (min, max) = bounds(kind);
    let min = min.max(at_least);
    let v = match rng.below(10) {
        0 => min,
        1 => max,
        2 if rng.wild => max + 1,
        3 if rng.wild && min > 0 => min - 1,
        4 => min + 1,
        5 if kind == Kind::Year && at_least == 0 => rng.below(100) as i64,
        _ => min + rng.below((max - min + 1).max(1) as usize) as i64,
    };
    let mut text = match rng.below(12) {
        0 => format!("{v:02}"),
        1 => format!("00{v}"),
        _ => v.to_string(),
    };
    if kind == Kind::Second && rng.chance(30) {
        text.push('.');
        let digits = 1 + rng.below(8);
        for _ in 0..digits {
            let d = if rng.chance(40) { 9 } else { rng.below(10) };
            text.push(char::from(b'0' + d as u8));
        }
    }
    text
}

fn repeat(rng: &mut Rng, kind: Kind) -> String {
    let common = ["1", "2", "3", "5", "7", "10", "15", "30"];
    match rng.below(12) {
        0 if rng.wild => "0".to_string(),
        1 => match kind {
            Kind::Year => "229",
            Kind::Month => "11",
            Kind::Day => "30",
            Kind::Hour => "23",
            Kind::Minute | Kind::Second => "59",
        }
        .to_string(),
        2 if rng.wild => match kind {
            Kind::Year => "230",
            Kind::Month => "12",
            Kind::Day => "31",
            Kind::Hour => "24",
            Kind::Minute | Kind::Second => "60",
        }
        .to_string(),
        3 if kind == Kind::Second => format!("{}.{}", rng.below(3), rng.below(1000)),
        4 if rng.wild => "2147483648".to_string(),
        _ => rng.pick(&common).to_string(),
    }
}

fn component(rng: &mut Rng, kind: Kind) -> String {
    let mut text = value(rng, kind, 0);
    if rng.chance(30) {
        let start: i64 = text.split('.').next().unwrap().parse().unwrap();
        let at_least = if rng.wild || (kind == Kind::Year && start < 100) {
            0
        } else {
            start
        };
        text.push_str("..");
        text.push_str(&value(rng, kind, at_least));
    }
    if rng.chance(30) {
        text.push('/');
        text.push_str(&repeat(rng, kind));
    }
    text
}

fn chain(rng: &mut Rng, kind: Kind) -> String {
    if rng.chance(20) {
        return "*".to_string();
    }
    let n = 1 + rng.below(3);
    (0..n)
        .map(|_| component(rng, kind))
        .collect::<Vec<_>>()
        .join(",")
}

fn weekday_name(rng: &mut Rng) -> String {
    const NAMES: [&str; 17] = [
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Tues",
        "Thur",
        "Mo",
    ];
    let name = if !rng.wild || rng.chance(85) {
        NAMES[rng.below(14)]
    } else {
        NAMES[14 + rng.below(3)]
    };
    match rng.below(6) {
        0 => name.to_lowercase(),
        1 => name.to_uppercase(),
        _ => name.to_string(),
    }
}

fn weekdays(rng: &mut Rng) -> String {
    let n = 1 + rng.below(3);
    let mut items = Vec::new();
    for _ in 0..n {
        let mut item = weekday_name(rng);
        if rng.chance(35) {
            item.push_str(if rng.chance(75) { ".." } else { "-" });
            let mut end = weekday_name(rng);
            let day = |name: &str| {
                ["mo", "tu", "we", "th", "fr", "sa", "su"]
                    .iter()
                    .position(|p| name.to_lowercase().starts_with(p))
            };
            if !rng.wild {
                while day(&end) < day(&item) {
                    end = weekday_name(rng);
                }
            }
            item.push_str(&end);
        }
        items.push(item);
    }
    let mut text = items.join(",");
    if rng.chance(8) {
        text.push(',');
    }
    text
}

fn expression(rng: &mut Rng) -> String {
    const SHORTHANDS: [&str; 12] = [
        "minutely",
        "hourly",
        "daily",
        "weekly",
        "monthly",
        "yearly",
        "annually",
        "quarterly",
        "semiannually",
        "semi-annually",
        "biannually",
        "Daily",
    ];
    const ZONES: [&str; 10] = [
        " UTC",
        " utc",
        " Europe/Berlin",
        " europe/berlin",
        " America/New_York",
        " posix/Asia/Tokyo",
        " EST",
        " Mars/Olympus",
        "  UTC",
        " Etc/GMT-3",
    ];
    rng.wild = rng.chance(35);
    if rng.wild && rng.chance(20) {
        return soup(rng);
    }
    let mut text;
    if rng.chance(8) {
        text = rng.pick(&SHORTHANDS).to_string();
    } else {
        let mut parts = Vec::new();
        if rng.chance(35) {
            parts.push(weekdays(rng));
        }
        match rng.below(7) {
            0 => {}
            1 | 2 => parts.push(format!(
                "{}-{}-{}",
                chain(rng, Kind::Year),
                chain(rng, Kind::Month),
                chain(rng, Kind::Day)
            )),
            3 => parts.push(format!(
                "{}-{}",
                chain(rng, Kind::Month),
                chain(rng, Kind::Day)
            )),
            4 => parts.push(format!(
                "{}-{}~{}",
                chain(rng, Kind::Year),
                chain(rng, Kind::Month),
                chain(rng, Kind::Day)
            )),
            5 => parts.push(format!(
                "{}~{}",
                chain(rng, Kind::Month),
                chain(rng, Kind::Day)
            )),
            _ => {
                let limit = if rng.wild {
                    8_000_000_000
                } else {
                    7_258_118_400
                };
                let seconds = rng.next() % limit;
                parts.push(format!("@{seconds}"));
            }
        }
        if rng.chance(75) {
            let mut time = format!("{}:{}", chain(rng, Kind::Hour), chain(rng, Kind::Minute));
            if rng.chance(55) {
                time.push(':');
                time.push_str(&chain(rng, Kind::Second));
            }
            parts.push(time);
        }
        let separator = if rng.chance(6) { "  " } else { " " };
        text = parts.join(separator);
        if text.is_empty() {
            text = "*-*-*".to_string();
        }
    }
    if rng.chance(15) {
        let zones: &[&str] = if rng.wild { &ZONES } else { &ZONES[..3] };
        let zone = rng.pick::<&str>(zones);
        text.push_str(zone);
    }
    if rng.wild && rng.chance(30) {
        text = mutate(rng, &text);
    }
    if rng.wild && rng.chance(5) {
        text.push(' ');
    }
    text
}

/// A few tokens of the grammar in random order, for the parser's unusual paths.
fn soup(rng: &mut Rng) -> String {
    const TOKENS: [&str; 28] = [
        "Mon",
        "fri",
        "Sunday",
        "..",
        "-",
        ",",
        "~",
        "*",
        ":",
        "/",
        ".",
        " ",
        " ",
        "  ",
        "@",
        "0",
        "1",
        "7",
        "12",
        "23",
        "31",
        "59",
        "2024",
        "1.5",
        "UTC",
        "utc",
        "Europe/Berlin",
        "daily",
    ];
    let n = 1 + rng.below(9);
    (0..n).map(|_| *rng.pick(&TOKENS)).collect()
}

/// One random edit: a deleted, doubled or inserted character.
fn mutate(rng: &mut Rng, text: &str) -> String {
    const ALPHABET: &[u8] = b"0123456789*-:.,/~ @aMUT\t";
    let mut bytes = text.as_bytes().to_vec();
    let at = rng.below(bytes.len() + 1);
    match rng.below(3) {
        0 if at < bytes.len() => {
            bytes.remove(at);
        }
        1 if at < bytes.len() => {
            let b = bytes[at];
            bytes.insert(at, b);
        }
        _ => bytes.insert(at, *rng.pick(ALPHABET)),
    }
    String::from_utf8(bytes).expect("ASCII")
}

/// The generated expressions: [`GENERATED`] from a fixed seed, or as many as
/// `BACKIX_CALENDAR_COUNT` says from the seed `BACKIX_CALENDAR_SEED` (for longer hunts).
fn generated() -> Vec<String> {
    let env = |name: &str| {
        std::env::var(name)
            .ok()
            .map(|v| v.parse::<u64>().expect("a number"))
    };
    let count = env("BACKIX_CALENDAR_COUNT").map_or(GENERATED, |n| n as usize);
    let seed = env("BACKIX_CALENDAR_SEED").unwrap_or(0x9e37_79b9_7f4a_7c15);
    let mut rng = Rng {
        state: seed.max(1),
        wild: false,
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    while out.len() < count {
        let text = expression(&mut rng);
        if text != SENTINEL && seen.insert(text.clone()) {
            out.push(text);
        }
    }
    out
}

fn describe(result: &Result<String, String>) -> String {
    match result {
        Ok(normalized) => format!("accepts, normalized {normalized:?}"),
        Err(message) => format!("rejects ({message})"),
    }
}

#[test]
fn calendar_matches_systemd_analyze() {
    let version = systemd_version();
    let hand = hand_written();
    let mut seen: HashSet<String> = hand.iter().cloned().collect();
    let generated: Vec<String> = generated()
        .into_iter()
        .filter(|e| seen.insert(e.clone()))
        .collect();
    let mut expressions = hand.clone();
    expressions.extend(generated.iter().cloned());

    let verdicts = oracle(&expressions);
    // The batching must agree with asking systemd about each expression alone.
    for (expression, verdict) in expressions.iter().zip(&verdicts).step_by(25) {
        assert_eq!(
            &one(expression),
            verdict,
            "batched and single systemd-analyze calls disagree on {expression:?}"
        );
    }
    let dump = std::env::var_os("BACKIX_CALENDAR_DUMP").is_some();
    let mut mismatches = Vec::new();
    let mut valid = 0;
    for (expression, systemd) in expressions.iter().zip(&verdicts) {
        let parsed = calendar::parse(expression);
        if let Err(error) = &parsed {
            assert!(
                expression.get(error.span()).is_some(),
                "error span {:?} outside {expression:?}",
                error.span()
            );
        }
        let ours = parsed
            .map(|spec| spec.normalized())
            .map_err(|error| error.to_string());
        assert_eq!(
            calendar::is_valid(expression),
            ours.is_ok(),
            "is_valid disagrees with parse on {expression:?}"
        );
        if systemd.is_some() {
            valid += 1;
        }
        if dump {
            println!("{expression:?} => {systemd:?}");
        }
        let systemd = systemd.clone().ok_or_else(|| "rejected".to_string());
        let same = match (&systemd, &ours) {
            (Ok(a), Ok(b)) => a == b,
            (Err(_), Err(_)) => true,
            _ => false,
        };
        if !same {
            mismatches.push(format!(
                "  {expression:?}: systemd {}; backix {}",
                describe(&systemd),
                describe(&ours)
            ));
        }
    }
    println!(
        "calendar: {} expressions ({} hand-written, {} generated; {} valid, {} invalid), {} \
         mismatches ({version})",
        expressions.len(),
        hand.len(),
        generated.len(),
        valid,
        expressions.len() - valid,
        mismatches.len()
    );
    assert!(
        mismatches.is_empty(),
        "{} of {} calendar expressions differ from systemd-analyze calendar:\n{}",
        mismatches.len(),
        expressions.len(),
        mismatches.join("\n")
    );
}
