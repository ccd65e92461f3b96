//! systemd calendar expressions (systemd.time(7), "CALENDAR EVENTS"): parsing, validation and
//! normalization, as systemd 252's `systemd-analyze calendar` does them.
//!
//! The options `services.borgbackup.jobs.<n>.startAt`,
//! `services.restic.backups.<n>.timerConfig.OnCalendar` and home-manager's
//! `services.borgmatic.frequency` hold such expressions. [`parse`] gives a [`CalendarSpec`] whose
//! [`CalendarSpec::normalized`] is exactly systemd's "Normalized form", or a [`CalendarError`]
//! with the byte range of the problem.
//!
//! Rules beyond the man page, established against `systemd-analyze calendar` (see
//! `tests/calendar_systemd.rs`):
//!
//! - No whitespace is trimmed: `daily ` and ` daily` are rejected, but spaces after the weekdays
//!   or the date are skipped (`Mon ` and `*-*-*  12:00` are valid). Only spaces separate parts.
//! - Weekday ranges may be written `Mon-Fri` (kept for compatibility); they never wrap around the
//!   week (`Fri..Mon` is rejected); a trailing comma is allowed (`Wed, 17:48`).
//! - `anually`, `semi-annually`, `biannually` and `bi-annually` are shorthands too.
//! - Years below 70 mean 20xx and years 70..99 mean 19xx, however many digits were written.
//! - A range with a repetition ends at its last match (`1..12/2` → `01..11/2`); a range that
//!   matches one value becomes that value; a single value's repetition must reach a second match
//!   within the field (`*-6/7-*` is rejected), counting backwards from the end of the month after
//!   `~`; days after `~` are 1..28.
//! - With `~`, the sorted list of days may hold at most ~28, then each further value three days
//!   less: `~1,25` is valid, `~1,26` and `~1,2,23` are not.
//! - A range of seconds without a repetition must span at least one second.
//! - A list holds at most 241 values; numbers above 2³¹−1 (seconds: 2147.483647) are rejected.
//! - Seconds are rounded to microseconds (half up on the seventh decimal); a list of seconds with
//!   the value `0/1` prints as `*`.
//! - `@SECONDS` (since the epoch, in UTC, before 2200) may stand for the date and time.
//! - The last word is a time zone when it is ` UTC` (any case) or names a file of the time zone
//!   database (case-sensitive; `Europe/Berlin`, `posix/Europe/Berlin`, `EST`); backix knows
//!   Debian's tzdata 2025b names. systemd also accepts the local zone's abbreviations (`CET`,
//!   `CEST` on a Berlin machine); backix cannot know the target's zone and treats it as UTC.

use std::fmt;
use std::ops::Range;

mod zones;

/// Microseconds per second: the unit of [`CalendarSpec::second`].
pub const USEC_PER_SEC: u32 = 1_000_000;

/// The most values systemd accepts in one comma-separated list.
const MAX_LIST: usize = 241;

/// The latest `@SECONDS` systemd accepts: 2199-12-31 23:59:59 UTC.
const MAX_EPOCH: u64 = 7_258_118_399;

/// A day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weekday {
    /// Monday (`Mon`).
    Monday,
    /// Tuesday (`Tue`).
    Tuesday,
    /// Wednesday (`Wed`).
    Wednesday,
    /// Thursday (`Thu`).
    Thursday,
    /// Friday (`Fri`).
    Friday,
    /// Saturday (`Sat`).
    Saturday,
    /// Sunday (`Sun`).
    Sunday,
}

impl Weekday {
    /// Every day, Monday first (systemd's order).
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// The abbreviation systemd prints, such as `Mon`.
    pub fn short_name(self) -> &'static str {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][self as usize]
    }

    /// The full English name, such as `Monday`.
    pub fn long_name(self) -> &'static str {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][self as usize]
    }
}

/// A set of weekdays; [`Weekdays::ALL`] when the expression names none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Weekdays(u8);

impl Weekdays {
    /// Every day of the week: no restriction.
    pub const ALL: Weekdays = Weekdays(0x7f);
    /// No day at all.
    pub const EMPTY: Weekdays = Weekdays(0);

    /// Whether `day` is in the set.
    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day as u8) != 0
    }

    /// Adds `day` to the set.
    pub fn insert(&mut self, day: Weekday) {
        self.0 |= 1 << day as u8;
    }

    /// Whether every day is in the set (the expression does not restrict weekdays).
    pub fn is_all(self) -> bool {
        self == Self::ALL
    }

    /// The days in the set, Monday first.
    pub fn iter(self) -> impl Iterator<Item = Weekday> {
        Weekday::ALL.into_iter().filter(move |d| self.contains(*d))
    }
}

impl Default for Weekdays {
    fn default() -> Self {
        Self::ALL
    }
}

/// One value of a field's comma-separated list: `start`, `start/repeat`, `start..stop` or
/// `start..stop/repeat`. In [`CalendarSpec::second`] all three are microseconds.
///
/// Normalized as systemd does: a range ends at its last match, a range matching one value is
/// that value, and a range's repetition of one unit is `None`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Component {
    /// The first value.
    pub start: u32,
    /// The last value of a range (`..`).
    pub stop: Option<u32>,
    /// The repetition (`/`): every `repeat` from `start` on (up to `stop` for a range).
    pub repeat: Option<u32>,
}

impl Component {
    /// A single value.
    pub fn value(start: u32) -> Self {
        Component {
            start,
            stop: None,
            repeat: None,
        }
    }

    /// systemd's order: by start, single values before ranges, then by stop, then by repetition
    /// (a range without one repeats every unit).
    fn sort_key(&self, unit: u32) -> (u32, i64, u32) {
        let repeat = self
            .repeat
            .unwrap_or(if self.stop.is_some() { unit } else { 0 });
        (self.start, self.stop.map_or(-1, i64::from), repeat)
    }
}

/// A date or time field: `*` or a list of values.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// `*`: every value.
    Any,
    /// The listed values, sorted and without duplicates (never empty).
    List(Vec<Component>),
}

impl Field {
    /// A field holding one value.
    pub fn value(start: u32) -> Self {
        Field::List(vec![Component::value(start)])
    }

    /// Whether the field is `*`.
    pub fn is_any(&self) -> bool {
        matches!(self, Field::Any)
    }
}

/// The time zone an expression is evaluated in.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Timezone {
    /// No zone given: the machine's local time.
    Local,
    /// ` UTC` (or `@SECONDS`).
    Utc,
    /// A name of the time zone database, such as `Europe/Berlin`.
    Named(String),
}

/// A parsed and normalized calendar expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CalendarSpec {
    /// The weekdays; [`Weekdays::ALL`] when none were given.
    pub weekdays: Weekdays,
    /// The year, 1970..=2199.
    pub year: Field,
    /// The month, 1..=12.
    pub month: Field,
    /// The day of the month, 1..=31; with [`CalendarSpec::end_of_month`], counted from the
    /// month's last day (1 = last day), 1..=28.
    pub day: Field,
    /// `~`: days count back from the end of the month. Never set when `day` is `*`.
    pub end_of_month: bool,
    /// The hour, 0..=23.
    pub hour: Field,
    /// The minute, 0..=59.
    pub minute: Field,
    /// The second in microseconds, 0..=59_999_999.
    pub second: Field,
    /// The time zone.
    pub timezone: Timezone,
}

impl CalendarSpec {
    /// The expression in systemd's normalized form, as `systemd-analyze calendar` prints it on
    /// its "Normalized form:" line.
    pub fn normalized(&self) -> String {
        let mut out = String::new();
        if !self.weekdays.is_all() {
            out.push_str(&format_weekdays(self.weekdays));
            out.push(' ');
        }
        format_field(&mut out, &self.year, Kind::Year);
        out.push('-');
        format_field(&mut out, &self.month, Kind::Month);
        out.push(if self.end_of_month && !self.day.is_any() {
            '~'
        } else {
            '-'
        });
        format_field(&mut out, &self.day, Kind::Day);
        out.push(' ');
        format_field(&mut out, &self.hour, Kind::Hour);
        out.push(':');
        format_field(&mut out, &self.minute, Kind::Minute);
        out.push(':');
        format_field(&mut out, &self.second, Kind::Second);
        match &self.timezone {
            Timezone::Local => {}
            Timezone::Utc => out.push_str(" UTC"),
            Timezone::Named(name) => {
                out.push(' ');
                out.push_str(name);
            }
        }
        out
    }
}

impl std::str::FromStr for CalendarSpec {
    type Err = CalendarError;

    /// Same as [`parse`].
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse(text)
    }
}

impl fmt::Display for CalendarSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.normalized())
    }
}

/// Why an expression is not a valid calendar expression, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarError {
    message: String,
    span: Range<usize>,
}

impl CalendarError {
    fn new(message: impl Into<String>, span: Range<usize>) -> Self {
        CalendarError {
            message: message.into(),
            span,
        }
    }

    /// A sentence saying what is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The byte range of the problem in the parsed text (empty at the end of the text when
    /// something is missing there).
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The byte offset where the problem starts.
    pub fn offset(&self) -> usize {
        self.span.start
    }
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.span.start)
    }
}

impl std::error::Error for CalendarError {}

/// Whether systemd accepts `text` as a calendar expression.
pub fn is_valid(text: &str) -> bool {
    parse_exact(text).is_ok()
}

/// Parses a calendar expression as systemd does, or says what is wrong with it and where.
pub fn parse(text: &str) -> Result<CalendarSpec, CalendarError> {
    parse_exact(text).map_err(|error| explain(text, error))
}

/// Whether `name` is a time zone systemd accepts (a TZif file under `/usr/share/zoneinfo`).
pub fn is_known_timezone(name: &str) -> bool {
    if matches!(name, "localtime" | "posixrules") {
        return true;
    }
    let base = name
        .strip_prefix("posix/")
        .or_else(|| name.strip_prefix("right/"))
        .unwrap_or(name);
    zones::ZONES.binary_search(&base).is_ok()
}

/// The kinds of field, with their bounds and how they print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Year,
    Month,
    Day,
    EndOfMonthDay,
    Hour,
    Minute,
    Second,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Year => "year",
            Kind::Month => "month",
            Kind::Day => "day",
            Kind::EndOfMonthDay => "day counted from the end of the month (`~`)",
            Kind::Hour => "hour",
            Kind::Minute => "minute",
            Kind::Second => "second",
        }
    }

    fn min(self) -> u32 {
        match self {
            Kind::Year => 1970,
            Kind::Month | Kind::Day | Kind::EndOfMonthDay => 1,
            Kind::Hour | Kind::Minute | Kind::Second => 0,
        }
    }

    fn max(self) -> u32 {
        match self {
            Kind::Year => 2199,
            Kind::Month => 12,
            Kind::Day => 31,
            Kind::EndOfMonthDay => 28,
            Kind::Hour => 23,
            Kind::Minute => 59,
            Kind::Second => 60 * USEC_PER_SEC - 1,
        }
    }

    fn unit(self) -> u32 {
        if self == Kind::Second {
            USEC_PER_SEC
        } else {
            1
        }
    }

    fn width(self) -> usize {
        if self == Kind::Year { 4 } else { 2 }
    }

    fn show(self, value: u32) -> String {
        let mut s = String::new();
        format_number(&mut s, value, self);
        s
    }
}

fn format_weekdays(days: Weekdays) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < 7 {
        if !days.contains(Weekday::ALL[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < 7 && days.contains(Weekday::ALL[j + 1]) {
            j += 1;
        }
        if j - i >= 2 {
            parts.push(format!(
                "{}..{}",
                Weekday::ALL[i].short_name(),
                Weekday::ALL[j].short_name()
            ));
        } else {
            for day in &Weekday::ALL[i..=j] {
                parts.push(day.short_name().to_string());
            }
        }
        i = j + 1;
    }
    parts.join(",")
}

/// `Mon..Fri`, or `Mon` for a range of one day.
fn weekday_range(from: Weekday, to: Weekday) -> String {
    if from == to {
        from.short_name().to_string()
    } else {
        format!("{}..{}", from.short_name(), to.short_name())
    }
}

fn format_number(out: &mut String, value: u32, kind: Kind) {
    let unit = kind.unit();
    out.push_str(&format!("{:0width$}", value / unit, width = kind.width()));
    if !value.is_multiple_of(unit) {
        out.push_str(&format!(".{:06}", value % unit));
    }
}

fn format_field(out: &mut String, field: &Field, kind: Kind) {
    let Field::List(list) = field else {
        out.push('*');
        return;
    };
    for (i, c) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        format_number(out, c.start, kind);
        if let Some(stop) = c.stop {
            out.push_str("..");
            format_number(out, stop, kind);
        }
        if let Some(repeat) = c.repeat {
            let unit = kind.unit();
            out.push_str(&format!("/{}", repeat / unit));
            if !repeat.is_multiple_of(unit) {
                out.push_str(&format!(".{:06}", repeat % unit));
            }
        }
    }
}

/// A value as written, before normalization.
#[derive(Clone, Debug)]
struct RawComponent {
    start: u32,
    stop: Option<u32>,
    repeat: Option<u32>,
    span: Range<usize>,
}

#[derive(Clone, Debug)]
enum RawField {
    Any,
    List(Vec<RawComponent>),
}

impl RawField {
    fn value(start: u32, span: Range<usize>) -> Self {
        RawField::List(vec![RawComponent {
            start,
            stop: None,
            repeat: None,
            span,
        }])
    }
}

/// The shorthands and their expansions (month list, day, hour, minute, weekly).
fn shorthand(body: &str) -> Option<CalendarSpec> {
    let is = |name: &str| body.eq_ignore_ascii_case(name);
    let midnight = |month: Field, day: Field| CalendarSpec {
        weekdays: Weekdays::ALL,
        year: Field::Any,
        month,
        day,
        end_of_month: false,
        hour: Field::value(0),
        minute: Field::value(0),
        second: Field::value(0),
        timezone: Timezone::Local,
    };
    let months = |list: &[u32]| Field::List(list.iter().copied().map(Component::value).collect());
    let spec = if is("minutely") {
        CalendarSpec {
            hour: Field::Any,
            minute: Field::Any,
            ..midnight(Field::Any, Field::Any)
        }
    } else if is("hourly") {
        CalendarSpec {
            hour: Field::Any,
            ..midnight(Field::Any, Field::Any)
        }
    } else if is("daily") {
        midnight(Field::Any, Field::Any)
    } else if is("monthly") {
        midnight(Field::Any, Field::value(1))
    } else if is("weekly") {
        let mut weekdays = Weekdays::EMPTY;
        weekdays.insert(Weekday::Monday);
        CalendarSpec {
            weekdays,
            ..midnight(Field::Any, Field::Any)
        }
    } else if is("yearly") || is("annually") || is("anually") {
        midnight(Field::value(1), Field::value(1))
    } else if is("quarterly") {
        midnight(months(&[1, 4, 7, 10]), Field::value(1))
    } else if ["semiannually", "semi-annually", "biannually", "bi-annually"]
        .iter()
        .any(|name| is(name))
    {
        midnight(months(&[1, 7]), Field::value(1))
    } else {
        return None;
    };
    Some(spec)
}

/// The names of the shorthands, for messages.
const SHORTHANDS: &str =
    "minutely, hourly, daily, weekly, monthly, quarterly, semiannually, yearly";

/// Splits off a trailing time zone: ` UTC` in any case, or a last word naming a zone.
fn split_timezone(text: &str) -> (usize, Timezone) {
    let bytes = text.as_bytes();
    if bytes.len() >= 4
        && bytes[bytes.len() - 4] == b' '
        && bytes[bytes.len() - 3..].eq_ignore_ascii_case(b"UTC")
    {
        return (bytes.len() - 4, Timezone::Utc);
    }
    if let Some(space) = text.rfind(' ') {
        let name = &text[space + 1..];
        if is_known_timezone(name) {
            return (space, Timezone::Named(name.to_string()));
        }
    }
    (bytes.len(), Timezone::Local)
}

fn parse_exact(text: &str) -> Result<CalendarSpec, CalendarError> {
    let bytes = text.as_bytes();
    if text.is_empty() {
        return Err(CalendarError::new("empty calendar expression", 0..0));
    }
    if bytes[0].is_ascii_whitespace() {
        let n = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
        return Err(CalendarError::new(
            "leading whitespace is not allowed",
            0..n,
        ));
    }
    let (body_end, timezone) = split_timezone(text);
    let body = &text[..body_end];
    if let Some(spec) = shorthand(body) {
        return Ok(CalendarSpec { timezone, ..spec });
    }
    let mut parser = Parser {
        text,
        s: bytes,
        pos: 0,
        end: body_end,
    };
    let weekdays = parser.weekdays()?;
    let (year, month, day, end_of_month) = match parser.date()? {
        DatePart::Epoch(epoch) => {
            return Ok(CalendarSpec {
                weekdays,
                timezone: Timezone::Utc,
                ..epoch
            });
        }
        DatePart::Date(date) => date,
        DatePart::None => (RawField::Any, RawField::Any, RawField::Any, false),
    };
    let (hour, minute, second) = parser.time()?;
    let day_kind = if end_of_month {
        Kind::EndOfMonthDay
    } else {
        Kind::Day
    };
    let day = finish(day, day_kind)?;
    Ok(CalendarSpec {
        weekdays,
        year: finish(year, Kind::Year)?,
        month: finish(month, Kind::Month)?,
        end_of_month: end_of_month && !day.is_any(),
        day,
        hour: finish(hour, Kind::Hour)?,
        minute: finish(minute, Kind::Minute)?,
        second: finish(second, Kind::Second)?,
        timezone,
    })
}

/// Normalizes and checks one field as systemd does: two-digit years, ranges cut at their last
/// match, bounds, repetitions that reach a second match, then sorted without duplicates.
fn finish(raw: RawField, kind: Kind) -> Result<Field, CalendarError> {
    let RawField::List(list) = raw else {
        return Ok(Field::Any);
    };
    let unit = kind.unit();
    let mut out: Vec<(Component, Range<usize>)> = Vec::with_capacity(list.len());
    for raw in list {
        let fix = |v: u32| match (kind, v) {
            (Kind::Year, 0..=69) => v + 2000,
            (Kind::Year, 70..=99) => v + 1900,
            _ => v,
        };
        let mut c = Component {
            start: fix(raw.start),
            stop: raw.stop.map(fix),
            repeat: raw.repeat,
        };
        if let Some(stop) = c.stop
            && stop >= c.start
        {
            let step = c.repeat.unwrap_or(unit);
            let last = c.start + (stop - c.start) / step * step;
            if last == c.start {
                c.stop = None;
                c.repeat = None;
            } else {
                c.stop = Some(last);
                if c.repeat == Some(unit) {
                    c.repeat = None;
                }
            }
        }
        check(&c, kind, raw.span.clone())?;
        out.push((c, raw.span));
    }
    out.sort_by_key(|(c, _)| c.sort_key(unit));
    out.dedup_by(|a, b| a.0 == b.0);
    if kind == Kind::EndOfMonthDay {
        // systemd lowers the limit of days before the end of the month by three for each further
        // value of the sorted list: `~1,25` is valid, `~1,26` and `~1,2,23` are not.
        for (i, (c, span)) in out.iter().enumerate() {
            let limit = 28 - 3 * i as i64;
            let last = i64::from(c.stop.unwrap_or(c.start));
            if last > limit {
                return Err(CalendarError::new(
                    format!(
                        "systemd rejects this list of days before the end of the month: sorted, \
                         its value number {} may be at most ~{} (28, then three less for each \
                         further value)",
                        i + 1,
                        limit.max(0)
                    ),
                    span.clone(),
                ));
            }
        }
    }
    let out: Vec<Component> = out.into_iter().map(|(c, _)| c).collect();
    if kind == Kind::Second
        && out
            .iter()
            .any(|c| c.start == 0 && c.stop.is_none() && c.repeat == Some(USEC_PER_SEC))
    {
        return Ok(Field::Any);
    }
    Ok(Field::List(out))
}

fn check(c: &Component, kind: Kind, span: Range<usize>) -> Result<(), CalendarError> {
    let (min, max) = (kind.min(), kind.max());
    let bounds = || format!("{}..{}", kind.show(min), kind.show(max));
    let out_of_range = |value: u32| {
        let mut message = if kind == Kind::EndOfMonthDay {
            format!(
                "~{} is out of range: days counted back from the end of the month are ~01..~28",
                kind.show(value)
            )
        } else {
            format!(
                "{} {} is out of range {}",
                kind.name(),
                kind.show(value),
                bounds()
            )
        };
        if kind == Kind::Hour && value == 24 {
            message.push_str(" (midnight is 00:00)");
        }
        if kind == Kind::Second && value == 60 * USEC_PER_SEC {
            message.push_str(" (there are no leap seconds)");
        }
        CalendarError::new(message, span.clone())
    };
    if c.start < min || c.start > max {
        return Err(out_of_range(c.start));
    }
    if let Some(stop) = c.stop {
        if stop < c.start {
            return Err(CalendarError::new(
                format!(
                    "the range {}..{} runs backwards",
                    kind.show(c.start),
                    kind.show(stop)
                ),
                span,
            ));
        }
        if stop > max {
            return Err(out_of_range(stop));
        }
    } else if let Some(repeat) = c.repeat {
        let reaches = if kind == Kind::EndOfMonthDay {
            u64::from(c.start) >= u64::from(min) + u64::from(repeat)
        } else {
            u64::from(c.start) + u64::from(repeat) <= u64::from(max)
        };
        if !reaches {
            let mut repeat_text = String::new();
            format_field(
                &mut repeat_text,
                &Field::List(vec![Component {
                    start: 0,
                    stop: None,
                    repeat: Some(repeat),
                }]),
                kind,
            );
            let repeat_text = repeat_text.split_once('/').map_or("", |(_, r)| r);
            let message = if kind == Kind::EndOfMonthDay {
                format!(
                    "the repetition /{repeat_text} never matches a second time: ~{} minus \
                     {repeat_text} is past the end of the month",
                    kind.show(c.start)
                )
            } else {
                format!(
                    "the repetition /{repeat_text} never matches a second time: {} plus \
                     {repeat_text} is past the last {} ({})",
                    kind.show(c.start),
                    kind.name(),
                    kind.show(max)
                )
            };
            return Err(CalendarError::new(message, span));
        }
    }
    Ok(())
}

/// What stands where the date goes.
enum DatePart {
    /// No date: any day.
    None,
    /// Year, month, day and whether the day counts from the end of the month (`~`).
    Date((RawField, RawField, RawField, bool)),
    /// `@SECONDS`: the whole date and time.
    Epoch(CalendarSpec),
}

struct Parser<'a> {
    text: &'a str,
    s: &'a [u8],
    pos: usize,
    /// The end of the expression without its time zone.
    end: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.peek_at(0)
    }

    fn peek_at(&self, k: usize) -> Option<u8> {
        let i = self.pos + k;
        (i < self.end).then(|| self.s[i])
    }

    fn at_end(&self) -> bool {
        self.pos >= self.end
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    /// The span of the word (up to the next space) at `pos`.
    fn word(&self, pos: usize) -> Range<usize> {
        let len = self.s[pos..self.end]
            .iter()
            .take_while(|b| !b.is_ascii_whitespace())
            .count();
        pos..pos + len.max(1).min(self.end - pos)
    }

    /// The span of the character at `pos` (empty at the end).
    fn char_span(&self, pos: usize) -> Range<usize> {
        let len = self.text[pos..].chars().next().map_or(0, char::len_utf8);
        pos..pos + len
    }

    fn unexpected(&self, what: &str) -> CalendarError {
        if self.at_end() {
            return CalendarError::new(
                format!("unexpected end of the expression; expected {what}"),
                self.pos..self.pos,
            );
        }
        let span = self.char_span(self.pos);
        let found = &self.text[span.clone()];
        let found = match found {
            " " => "a space".to_string(),
            "\t" => "a tab (only spaces separate the parts)".to_string(),
            _ => format!("`{}`", found.escape_debug()),
        };
        CalendarError::new(format!("expected {what}, found {found}"), span)
    }

    fn match_weekday(&self) -> Option<(Weekday, usize)> {
        let rest = &self.s[self.pos..self.end];
        for day in Weekday::ALL {
            for name in [day.long_name(), day.short_name()] {
                let n = name.len();
                if rest.len() >= n
                    && rest[..n].eq_ignore_ascii_case(name.as_bytes())
                    && matches!(rest.get(n), None | Some(b' ' | b',' | b'.' | b'-'))
                {
                    return Some((day, n));
                }
            }
        }
        None
    }

    /// `Mon,Wed..Fri` and the spaces after it; [`Weekdays::ALL`] when the text does not start
    /// with a weekday.
    fn weekdays(&mut self) -> Result<Weekdays, CalendarError> {
        let mut set = Weekdays::EMPTY;
        let mut range_start: Option<(Weekday, usize)> = None;
        let mut first = true;
        loop {
            let name_pos = self.pos;
            let Some((day, len)) = self.match_weekday() else {
                if first {
                    return Ok(Weekdays::ALL);
                }
                let what = if range_start.is_some() {
                    "a weekday to end the range"
                } else {
                    "a weekday after `,`"
                };
                let mut error = self.unexpected(what);
                if !self.at_end() {
                    error.span = self.word(self.pos);
                }
                return Err(error);
            };
            first = false;
            self.pos += len;
            if let Some(sep @ (b'.' | b'-')) = self.peek() {
                if sep == b'.' && self.peek_at(1) != Some(b'.') {
                    return Err(CalendarError::new(
                        "a range of weekdays is written with `..`",
                        self.pos..self.pos + 1,
                    ));
                }
                if range_start.is_some() {
                    return Err(CalendarError::new(
                        "a weekday range cannot go on into another range",
                        self.pos..self.pos + if sep == b'.' { 2 } else { 1 },
                    ));
                }
                range_start = Some((day, name_pos));
                self.pos += if sep == b'.' { 2 } else { 1 };
                continue;
            }
            match range_start.take() {
                Some((from, from_pos)) => {
                    if from > day {
                        return Err(CalendarError::new(
                            format!(
                                "the weekday range {}..{} runs backwards; ranges do not wrap \
                                 around the week (write {},{})",
                                from.short_name(),
                                day.short_name(),
                                weekday_range(from, Weekday::Sunday),
                                weekday_range(Weekday::Monday, day)
                            ),
                            from_pos..self.pos,
                        ));
                    }
                    for d in Weekday::ALL {
                        if d >= from && d <= day {
                            set.insert(d);
                        }
                    }
                }
                None => set.insert(day),
            }
            if self.peek() == Some(b',') {
                self.pos += 1;
                if matches!(self.peek(), None | Some(b' ')) {
                    break;
                }
            } else {
                break;
            }
        }
        self.skip_spaces();
        Ok(set)
    }

    /// The date, if one is given, and the spaces after it; or a whole date and time from
    /// `@SECONDS`.
    fn date(&mut self) -> Result<DatePart, CalendarError> {
        if self.at_end() {
            return Ok(DatePart::None);
        }
        if self.peek() == Some(b'@') {
            return self.epoch().map(DatePart::Epoch);
        }
        let save = self.pos;
        if self.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
            let word = self.word(self.pos);
            let text = &self.text[word.clone()];
            if shorthand(text).is_some() {
                return Err(CalendarError::new(
                    format!(
                        "`{text}` cannot be combined with other parts; only a time zone may \
                         follow it, after one space"
                    ),
                    word,
                ));
            }
            if text.eq_ignore_ascii_case("utc") || is_known_timezone(text) {
                return Err(CalendarError::new(
                    format!(
                        "the time zone `{text}` must follow an expression, as in `daily {text}`"
                    ),
                    word,
                ));
            }
            return Err(CalendarError::new(
                format!(
                    "unknown word `{}`: expected a weekday (Mon..Sun), a date (YYYY-MM-DD), a time \
                     (HH:MM[:SS]) or one of {SHORTHANDS}",
                    &self.text[word.clone()]
                ),
                word,
            ));
        }
        let a = self.chain(false)?;
        let date = match self.peek() {
            Some(b':') => {
                self.pos = save;
                return Ok(DatePart::None);
            }
            Some(b'~') => {
                self.pos += 1;
                let b = self.chain(false)?;
                self.date_end()?;
                (RawField::Any, a, b, true)
            }
            Some(b'-') => {
                self.pos += 1;
                let b = self.chain(false)?;
                match self.peek() {
                    Some(sep @ (b'-' | b'~')) => {
                        self.pos += 1;
                        let c = self.chain(false)?;
                        self.date_end()?;
                        (a, b, c, sep == b'~')
                    }
                    None | Some(b' ') => (RawField::Any, a, b, false),
                    _ => return Err(self.unexpected("`-`, `~` or a space after the date")),
                }
            }
            _ => {
                let mut error = self.unexpected("`-` (a date) or `:` (a time)");
                error.message.push_str(
                    "; a date needs at least month and day (MM-DD), a time hour and minute (HH:MM)",
                );
                return Err(error);
            }
        };
        self.skip_spaces();
        Ok(DatePart::Date(date))
    }

    fn date_end(&self) -> Result<(), CalendarError> {
        match self.peek() {
            None | Some(b' ') => Ok(()),
            _ => Err(self.unexpected("a space or the end after the date")),
        }
    }

    /// `@SECONDS`, read as C's `strtoull` does, then nothing else.
    fn epoch(&mut self) -> Result<CalendarSpec, CalendarError> {
        let at = self.pos;
        self.pos += 1;
        while matches!(
            self.peek(),
            Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
        ) {
            self.pos += 1;
        }
        let negative = match self.peek() {
            Some(b'-') => {
                self.pos += 1;
                true
            }
            Some(b'+') => {
                self.pos += 1;
                false
            }
            _ => false,
        };
        if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
            return Err(self.unexpected("seconds since 1970-01-01 after `@`"));
        }
        let mut value: u64 = 0;
        let mut overflow = false;
        while let Some(b) = self.peek().filter(u8::is_ascii_digit) {
            match value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(b - b'0')))
            {
                Some(v) => value = v,
                None => overflow = true,
            }
            self.pos += 1;
        }
        if !self.at_end() {
            return Err(CalendarError::new(
                "nothing may follow `@SECONDS` except a time zone",
                self.pos..self.end,
            ));
        }
        if overflow || (negative && value != 0) || value > MAX_EPOCH {
            return Err(CalendarError::new(
                "`@SECONDS` must be a time from 1970-01-01 to 2199-12-31 23:59:59 UTC",
                at..self.end,
            ));
        }
        let (year, month, day) = civil_from_days((value / 86_400) as i64);
        let secs = value % 86_400;
        let field = |v: u64| Field::value(v as u32);
        Ok(CalendarSpec {
            weekdays: Weekdays::ALL,
            year: field(year as u64),
            month: field(month as u64),
            day: field(day as u64),
            end_of_month: false,
            hour: field(secs / 3600),
            minute: field(secs / 60 % 60),
            second: Field::value((secs % 60) as u32 * USEC_PER_SEC),
            timezone: Timezone::Utc,
        })
    }

    /// `HH:MM[:SS]`, which must end the expression; midnight when nothing is left.
    fn time(&mut self) -> Result<(RawField, RawField, RawField), CalendarError> {
        if self.at_end() {
            let zero = |pos: usize| RawField::value(0, pos..pos);
            return Ok((zero(self.pos), zero(self.pos), zero(self.pos)));
        }
        let hour = self.chain(false)?;
        if self.peek() != Some(b':') {
            return Err(self.unexpected("`:` after the hour"));
        }
        self.pos += 1;
        let minute = self.chain(false)?;
        let second = if self.peek() == Some(b':') {
            self.pos += 1;
            self.chain(true)?
        } else {
            RawField::value(0, self.pos..self.pos)
        };
        if !self.at_end() {
            let rest = &self.s[self.pos..self.end];
            if rest.iter().all(|b| b.is_ascii_whitespace()) {
                return Err(CalendarError::new(
                    "trailing whitespace after the time is not allowed",
                    self.pos..self.end,
                ));
            }
            return Err(self.unexpected("the end of the expression after the time"));
        }
        Ok((hour, minute, second))
    }

    /// `*`, or values separated by `,`.
    fn chain(&mut self, usec: bool) -> Result<RawField, CalendarError> {
        if self.peek() == Some(b'*') {
            self.pos += 1;
            if self.peek() == Some(b'/') {
                return Err(CalendarError::new(
                    "`*` cannot take a repetition; write the first value instead, as in `0/15`",
                    self.pos - 1..self.pos + 1,
                ));
            }
            if self.peek() == Some(b',') {
                return Err(CalendarError::new(
                    "`*` cannot be part of a list",
                    self.pos - 1..self.pos + 1,
                ));
            }
            return Ok(RawField::Any);
        }
        let mut list = Vec::new();
        loop {
            let c = self.component(usec)?;
            if list.len() == MAX_LIST {
                return Err(CalendarError::new(
                    format!("a list may hold at most {MAX_LIST} values"),
                    c.span,
                ));
            }
            list.push(c);
            if self.peek() == Some(b',') {
                self.pos += 1;
            } else {
                return Ok(RawField::List(list));
            }
        }
    }

    /// `start[..stop][/repeat]`.
    fn component(&mut self, usec: bool) -> Result<RawComponent, CalendarError> {
        let begin = self.pos;
        let start = self.number(usec)?;
        let mut stop = None;
        let mut repeat = None;
        if self.peek() == Some(b'.') && self.peek_at(1) == Some(b'.') {
            self.pos += 2;
            stop = Some(self.number(usec)?);
        }
        if self.peek() == Some(b'/') {
            self.pos += 1;
            let at = self.pos;
            let r = self.number(usec)?;
            if r == 0 {
                return Err(CalendarError::new(
                    "a repetition must be greater than zero",
                    at..self.pos,
                ));
            }
            repeat = Some(r);
        } else if let Some(stop) = stop
            && usec
            && u64::from(start) + u64::from(USEC_PER_SEC) > u64::from(stop)
        {
            return Err(CalendarError::new(
                "a range of seconds without a repetition must span at least one second",
                begin..self.pos,
            ));
        }
        match self.peek() {
            None | Some(b' ' | b',' | b'-' | b'~' | b':') => Ok(RawComponent {
                start,
                stop,
                repeat,
                span: begin..self.pos,
            }),
            Some(b'.') if !usec => Err(CalendarError::new(
                "only seconds may have a fraction",
                self.pos..self.pos + 1,
            )),
            _ => Err(self.unexpected("`,`, `..`, `/` or the end of the value")),
        }
    }

    /// Decimal digits (seconds: with an optional fraction, in microseconds), at most 2³¹−1.
    fn number(&mut self, usec: bool) -> Result<u32, CalendarError> {
        let begin = self.pos;
        if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
            let mut error = self.unexpected("a number");
            if self.peek() == Some(b'*') {
                error.message = "`*` cannot be part of a list or a range".to_string();
            }
            return Err(error);
        }
        let mut value: u64 = 0;
        while let Some(b) = self.peek().filter(u8::is_ascii_digit) {
            value = value.saturating_mul(10).saturating_add(u64::from(b - b'0'));
            self.pos += 1;
        }
        if usec {
            value = value.saturating_mul(u64::from(USEC_PER_SEC));
            if self.peek() == Some(b'.') && self.peek_at(1) != Some(b'.') {
                self.pos += 1;
                if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    return Err(self.unexpected("digits after the decimal point"));
                }
                let mut fraction: u64 = 0;
                let mut digits = 0;
                let mut round_up = false;
                while let Some(b) = self.peek().filter(u8::is_ascii_digit) {
                    if digits < 6 {
                        fraction = fraction * 10 + u64::from(b - b'0');
                    } else if digits == 6 {
                        round_up = b >= b'5';
                    }
                    digits += 1;
                    self.pos += 1;
                }
                for _ in digits..6 {
                    fraction *= 10;
                }
                value = value.saturating_add(fraction + u64::from(round_up));
            }
        }
        if value > i32::MAX as u64 {
            return Err(CalendarError::new("number too large", begin..self.pos));
        }
        Ok(value as u32)
    }
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    // Count from 0000-03-01 so that the leap day ends each 4/100/400-year cycle.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Turns the parser's error into the most helpful one for common mistakes.
fn explain(text: &str, error: CalendarError) -> CalendarError {
    // `OnCalendar=daily`, `startAt = "daily"`.
    if let Some(eq) = text.find('=') {
        let key = text[..eq].trim();
        if !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.') {
            return CalendarError::new(
                format!(
                    "`{key}=` is part of a unit file or option, not of the expression; give only \
                     what follows `=`"
                ),
                0..eq + 1,
            );
        }
    }
    // `daily ` is rejected although `Mon ` is not.
    let trimmed = text.trim_end();
    if trimmed.len() < text.len() && parse_exact(trimmed).is_ok() {
        return CalendarError::new(
            "trailing whitespace is not allowed",
            trimmed.len()..text.len(),
        );
    }
    // Tabs or line breaks where a space would do.
    if let Some(at) = text.find(['\t', '\n', '\r'])
        && parse_exact(&text.replace(['\t', '\n', '\r'], " ")).is_ok()
    {
        return CalendarError::new("only spaces may separate the parts", at..at + 1);
    }
    // A valid expression followed by a word that is not a time zone.
    if let Some(space) = text.rfind(' ') {
        let name = &text[space + 1..];
        let before = &text[..space];
        if name.starts_with(|c: char| c.is_ascii_alphabetic())
            && !before.is_empty()
            && parse_exact(before).is_ok()
        {
            let span = space + 1..text.len();
            if shorthand(name).is_some() {
                return CalendarError::new(
                    format!("`{name}` cannot be combined with other parts"),
                    span,
                );
            }
            if name
                .bytes()
                .all(|b| b.is_ascii_alphabetic() || b == b',' || b == b'.')
                && parse_exact(name).is_ok()
            {
                return CalendarError::new(
                    format!("weekdays go first, as in `{name} {before}`"),
                    span,
                );
            }
            let mut message = format!("unknown time zone `{name}`");
            if let Some(right) = zones::ZONES
                .iter()
                .find(|zone| zone.eq_ignore_ascii_case(name))
            {
                message.push_str(&format!("; time zone names are case-sensitive: `{right}`"));
            } else if name.len() > 3
                && name.is_char_boundary(3)
                && name[..3].eq_ignore_ascii_case("utc")
            {
                message.push_str("; offsets are not supported, only ` UTC` or a zone name");
            }
            return CalendarError::new(message, span);
        }
    }
    // Other schedulers' syntax.
    let fields: Vec<&str> = text.split_whitespace().collect();
    if fields.len() == 5
        && fields.iter().all(|f| {
            f.bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'*' | b'/' | b',' | b'-'))
        })
    {
        return CalendarError::new(
            "this is a cron schedule; systemd calendar expressions look like `*-*-* 02:00:00` \
             (`*:0/15` for every quarter hour)",
            0..text.len(),
        );
    }
    if let Some(name) = text.strip_prefix('@')
        && shorthand(name).is_some()
    {
        return CalendarError::new(format!("`@{name}` is cron syntax; write `{name}`"), 0..1);
    }
    let end = text.trim_end().len();
    let lower = text[..end].to_ascii_lowercase();
    if (lower.ends_with("am") || lower.ends_with("pm"))
        && lower[..end - 2]
            .trim_end()
            .ends_with(|c: char| c.is_ascii_digit())
    {
        return CalendarError::new("use the 24-hour clock (`14:00`), not am/pm", end - 2..end);
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(text: &str) -> String {
        match parse(text) {
            Ok(spec) => spec.normalized(),
            Err(error) => panic!("{text:?}: {error}"),
        }
    }

    fn error(text: &str) -> CalendarError {
        match parse(text) {
            Ok(spec) => panic!("{text:?} parsed as {}", spec.normalized()),
            Err(error) => error,
        }
    }

    #[test]
    fn man_page_examples() {
        let cases = [
            (
                "Sat,Thu,Mon..Wed,Sat..Sun",
                "Mon..Thu,Sat,Sun *-*-* 00:00:00",
            ),
            ("Mon,Sun 12-*-* 2,1:23", "Mon,Sun 2012-*-* 01,02:23:00"),
            ("Wed *-1", "Wed *-*-01 00:00:00"),
            ("Wed..Wed,Wed *-1", "Wed *-*-01 00:00:00"),
            ("Wed, 17:48", "Wed *-*-* 17:48:00"),
            (
                "Wed..Sat,Tue 12-10-15 1:2:3",
                "Tue..Sat 2012-10-15 01:02:03",
            ),
            ("*-*-7 0:0:0", "*-*-07 00:00:00"),
            ("10-15", "*-10-15 00:00:00"),
            ("monday *-12-* 17:00", "Mon *-12-* 17:00:00"),
            ("Mon,Fri *-*-3,1,2 *:30:45", "Mon,Fri *-*-01,02,03 *:30:45"),
            ("12,14,13,12:20,10,30", "*-*-* 12,13,14:10,20,30:00"),
            ("12..14:10,20,30", "*-*-* 12..14:10,20,30:00"),
            ("mon,fri *-1/2-1,3 *:30:45", "Mon,Fri *-01/2-01,03 *:30:45"),
            (
                "05:40:23.4200004/3.1700005",
                "*-*-* 05:40:23.420000/3.170001",
            ),
            ("2003-02..04-05", "2003-02..04-05 00:00:00"),
            ("2003-03-05 05:40 UTC", "2003-03-05 05:40:00 UTC"),
            ("daily UTC", "*-*-* 00:00:00 UTC"),
            (
                "weekly Pacific/Auckland",
                "Mon *-*-* 00:00:00 Pacific/Auckland",
            ),
            ("quarterly", "*-01,04,07,10-01 00:00:00"),
            ("*:2/3", "*-*-* *:02/3:00"),
            ("Mon *-05~07/1", "Mon *-05~07/1 00:00:00"),
        ];
        for (text, expected) in cases {
            assert_eq!(norm(text), expected, "{text:?}");
        }
    }

    #[test]
    fn structure() {
        let spec = parse("Mon-Fri,Sun 2012..2014/2-*~3,1 9..17:*:1.5 Europe/Berlin").unwrap();
        assert_eq!(
            spec.weekdays.iter().collect::<Vec<_>>(),
            [
                Weekday::Monday,
                Weekday::Tuesday,
                Weekday::Wednesday,
                Weekday::Thursday,
                Weekday::Friday,
                Weekday::Sunday
            ]
        );
        assert_eq!(
            spec.year,
            Field::List(vec![Component {
                start: 2012,
                stop: Some(2014),
                repeat: Some(2)
            }])
        );
        assert!(spec.month.is_any());
        assert!(spec.end_of_month);
        assert_eq!(
            spec.day,
            Field::List(vec![Component::value(1), Component::value(3)])
        );
        assert_eq!(
            spec.hour,
            Field::List(vec![Component {
                start: 9,
                stop: Some(17),
                repeat: None
            }])
        );
        assert!(spec.minute.is_any());
        assert_eq!(spec.second, Field::value(1_500_000));
        assert_eq!(spec.timezone, Timezone::Named("Europe/Berlin".into()));
        assert_eq!(
            spec.normalized(),
            "Mon..Fri,Sun 2012..2014/2-*~01,03 09..17:*:01.500000 Europe/Berlin"
        );
    }

    #[test]
    fn normalization_rules() {
        assert_eq!(norm("*-1..12/2-*"), "*-01..11/2-* 00:00:00");
        assert_eq!(norm("*-*-1..3/5"), "*-*-01 00:00:00");
        assert_eq!(
            norm("*-*-5/2,1/2,1..5,1,1"),
            "*-*-01,01/2,01..05,05/2 00:00:00"
        );
        assert_eq!(norm("*:*:0/1,7"), "*-*-* *:*:*");
        assert_eq!(norm("*:*:1..2.5"), "*-*-* *:*:01..02");
        assert_eq!(norm("*:*:01.9999999"), "*-*-* *:*:02");
        assert_eq!(norm("0012-*-*"), "2012-*-* 00:00:00");
        assert_eq!(norm("70-*-*"), "1970-*-* 00:00:00");
        assert_eq!(norm("*-*~*"), "*-*-* 00:00:00");
        assert_eq!(norm("Mon..Sun"), "*-*-* 00:00:00");
        assert_eq!(norm("Sat,Sun,Mon"), "Mon,Sat,Sun *-*-* 00:00:00");
        assert_eq!(norm("semi-annually utc"), "*-01,07-01 00:00:00 UTC");
        assert_eq!(norm("@1395716396"), "2014-03-25 02:59:56 UTC");
        assert_eq!(norm("Mon @0 Europe/Berlin"), "Mon 1970-01-01 00:00:00 UTC");
        assert_eq!(norm("Mon "), "Mon *-*-* 00:00:00");
        assert_eq!(norm("*-*-*  UTC"), "*-*-* 00:00:00 UTC");
    }

    #[test]
    fn rejections() {
        for text in [
            "",
            " daily",
            "daily ",
            "every day",
            "24:00",
            "*-*-* 25:00",
            "Fri..Mon",
            "Mon.Fri",
            "*:*/15",
            "*-*~29",
            "*-*~1/1",
            "*-6/7-*",
            "*:*:5..5",
            "*:*:59.9999995",
            "1969-*-*",
            "@7258118400",
            "UTC",
            "daily  UTC",
            "Mon,10:00",
            "10",
            "*-*-* 00:00 ",
            "daily europe/berlin",
        ] {
            assert!(!is_valid(text), "{text:?} should be rejected");
        }
        let list = vec!["1"; 242].join(",") + ":00";
        assert!(!is_valid(&list));
        assert!(is_valid(&(vec!["1"; 241].join(",") + ":00")));
    }

    #[test]
    fn error_offsets() {
        let e = error("*-*-* 25:00");
        assert_eq!(e.span(), 6..8);
        assert!(e.message().contains("hour 25"), "{}", e.message());

        let e = error("24:00");
        assert_eq!(e.span(), 0..2);
        assert!(e.message().contains("midnight"));

        let e = error("daily ");
        assert_eq!(e.span(), 5..6);
        assert!(e.message().contains("trailing whitespace"));

        let e = error("");
        assert_eq!(e.span(), 0..0);

        let e = error("  daily");
        assert_eq!(e.span(), 0..2);

        let e = error("every day");
        assert_eq!(e.span(), 0..5);
        assert!(e.message().contains("every"));

        let e = error("OnCalendar=daily");
        assert_eq!(e.span(), 0..11);

        let e = error("Fri..Mon 10:00");
        assert_eq!(e.span(), 0..8);
        assert!(e.message().contains("wrap"));

        let e = error("Mon.Fri");
        assert_eq!(e.offset(), 3);

        let e = error("Mon,Tue,Xyz");
        assert_eq!(e.span(), 8..11);

        let e = error("*-13-01");
        assert_eq!(e.span(), 2..4);
        assert!(e.message().contains("month 13"));

        let e = error("*-*-1..40");
        assert_eq!(e.span(), 4..9);

        let e = error("*:0/60");
        assert_eq!(e.span(), 2..6);
        assert!(e.message().contains("never matches"), "{}", e.message());

        let e = error("*:*:5..5");
        assert_eq!(e.span(), 4..8);

        let e = error("*:*/15");
        assert_eq!(e.span(), 2..4);

        let e = error("*-*-* 00:00 Europe/berlin");
        assert_eq!(e.span(), 12..25);
        assert!(e.message().contains("Europe/Berlin"));

        let e = error("*-*-* 00:00 Mars/Olympus");
        assert_eq!(e.span(), 12..24);

        let e = error("*-*-* 00:00:60");
        assert_eq!(e.span(), 12..14);
        assert!(e.message().contains("leap"));

        let e = error("*-*-*:00");
        assert_eq!(e.offset(), 5);

        let e = error("10");
        assert_eq!(e.span(), 2..2);

        let e = error("2003-03-05 05:40x");
        assert_eq!(e.span(), 16..17);

        let e = error("*-*-5.5");
        assert_eq!(e.span(), 5..6);

        let e = error("@123 10:00");
        assert_eq!(e.span(), 4..10);

        let e = error("*:*:2148");
        assert_eq!(e.span(), 4..8);

        let e = error("*-*~1,26");
        assert_eq!(e.span(), 6..8);

        let e = error("01:00 Mon");
        assert_eq!(e.span(), 6..9);
        assert!(e.message().contains("`Mon 01:00`"));

        let e = error("Mon\t10:00");
        assert_eq!(e.span(), 3..4);

        let e = error("0 2 * * *");
        assert!(e.message().contains("cron"));

        let e = error("@daily");
        assert_eq!(e.span(), 0..1);

        let e = error("daily  UTC");
        assert_eq!(e.span(), 0..5);

        let e = error("UTC");
        assert_eq!(e.span(), 0..3);
    }

    #[test]
    fn timezones() {
        assert!(is_known_timezone("Europe/Berlin"));
        assert!(is_known_timezone("posix/Europe/Berlin"));
        assert!(is_known_timezone("right/UTC"));
        assert!(is_known_timezone("EST"));
        assert!(!is_known_timezone("europe/berlin"));
        assert!(!is_known_timezone("posix/posixrules"));
        assert!(!is_known_timezone("Europe"));
        assert!(!is_known_timezone("zone.tab"));
        let mut sorted = zones::ZONES.to_vec();
        sorted.sort_unstable();
        assert_eq!(
            sorted,
            zones::ZONES,
            "zones must be sorted for binary search"
        );
    }

    #[test]
    fn epoch_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(84_005), (2199, 12, 31));
        assert_eq!(norm("@ +5"), "1970-01-01 00:00:05 UTC");
        assert_eq!(norm("@-0"), "1970-01-01 00:00:00 UTC");
        assert_eq!(norm("@7258118399"), "2199-12-31 23:59:59 UTC");
    }
}
