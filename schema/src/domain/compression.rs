//! borg compression specs (`services.borgbackup.jobs.<name>.compression`).
//!
//! Two verdicts are kept apart, because they disagree:
//!
//! - the NixOS module's option type, `strMatching "none|(auto,)?(lz4|zstd|zlib|lzma)(,[[:digit:]]{1,2})?"`
//!   (a whole-string match), lets through `zstd,99` or `lzma,42`, which borg rejects, and
//!   rejects `obfuscate,…` and `auto,none`, which borg accepts;
//! - borg 1.2's `CompressionSpec` splits at commas: `none` and `lz4` ignore anything after them;
//!   `zlib`/`lzma` take a level 0..9 (default 6), `zstd` 1..22 (default 3); `auto,C[,L]` wraps
//!   another spec (itself at most two parts, so `auto,auto,lz4` is valid but `auto,obfuscate,…`
//!   is not); `obfuscate,SPEC,C[,L]` takes SPEC 1..6 or 110..123 and then up to three parts.
//!   Levels are read with Python's `int()`, so ` 3`, `+3`, `03` and `1_0` are accepted too.

use super::{Issue, did_you_mean, py_int, quoted};

/// A compression algorithm borg knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    /// `none`.
    None,
    /// `lz4`.
    Lz4,
    /// `zstd`.
    Zstd,
    /// `zlib`.
    Zlib,
    /// `lzma`.
    Lzma,
}

impl Algorithm {
    /// The name borg uses.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::None => "none",
            Algorithm::Lz4 => "lz4",
            Algorithm::Zstd => "zstd",
            Algorithm::Zlib => "zlib",
            Algorithm::Lzma => "lzma",
        }
    }

    fn from_name(name: &str) -> Option<Algorithm> {
        Some(match name {
            "none" => Algorithm::None,
            "lz4" => Algorithm::Lz4,
            "zstd" => Algorithm::Zstd,
            "zlib" => Algorithm::Zlib,
            "lzma" => Algorithm::Lzma,
            _ => return None,
        })
    }

    /// The accepted level range and the default level, for the algorithms that take one.
    pub fn levels(self) -> Option<(std::ops::RangeInclusive<i128>, u32)> {
        match self {
            Algorithm::Zstd => Some((1..=22, 3)),
            Algorithm::Zlib | Algorithm::Lzma => Some((0..=9, 6)),
            Algorithm::None | Algorithm::Lz4 => None,
        }
    }
}

/// A compression spec as borg 1.2 understands it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BorgCompression {
    /// One algorithm, with the level borg uses (`None` for `none` and `lz4`).
    Plain {
        /// The algorithm.
        algorithm: Algorithm,
        /// The effective level (the default when none was given).
        level: Option<u32>,
    },
    /// `auto,…`: compress with the inner spec only what lz4 finds compressible.
    Auto(Box<BorgCompression>),
    /// `obfuscate,SPEC,…`: pad the compressed size, then compress with the inner spec.
    Obfuscate {
        /// The SPEC number (1..6 or 110..123).
        spec: u32,
        /// The inner spec.
        inner: Box<BorgCompression>,
    },
}

/// The verdicts on one compression spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompressionCheck {
    /// Whether the module's `strMatching` type accepts it, and if not, why.
    pub module: Result<(), Issue>,
    /// How borg 1.2 reads it, or why `borg create --compression` refuses it.
    pub borg: Result<BorgCompression, Issue>,
    /// Accepted but doubtful: ignored levels, pointless combinations, odd number spellings.
    pub warnings: Vec<Issue>,
}

impl CompressionCheck {
    /// Whether the NixOS module's option type accepts the spec.
    pub fn module_accepts(&self) -> bool {
        self.module.is_ok()
    }

    /// Whether borg 1.2 accepts the spec.
    pub fn borg_accepts(&self) -> bool {
        self.borg.is_ok()
    }
}

/// Checks a compression spec against the module's type and against borg 1.2.
pub fn check_compression(spec: &str) -> CompressionCheck {
    let mut warnings = Vec::new();
    let borg = borg_spec(spec, 0, 0, &mut warnings);
    CompressionCheck {
        module: module_accepts(spec),
        borg,
        warnings,
    }
}

/// The module's whole-string match `none|(auto,)?(lz4|zstd|zlib|lzma)(,[[:digit:]]{1,2})?`.
fn module_accepts(s: &str) -> Result<(), Issue> {
    const CODE: &str = "module-compression-type";
    if s == "none" {
        return Ok(());
    }
    let mut pos = 0;
    if s.starts_with("auto,") {
        pos = 5;
    }
    let rest = &s[pos..];
    let Some(alg) = ["lz4", "zstd", "zlib", "lzma"]
        .into_iter()
        .find(|a| rest.starts_with(a))
    else {
        let word_end = rest.find(',').map_or(s.len(), |i| pos + i);
        let what = if s.starts_with("obfuscate") {
            "the module's type does not allow `obfuscate,…` specs (borg does)".to_string()
        } else if s == "auto" || s.starts_with("auto,none") {
            "the module's type allows `auto,` only before lz4, zstd, zlib or lzma".to_string()
        } else {
            format!(
                "the module's type expects `none` or an optional `auto,` and one of lz4, zstd, \
                 zlib, lzma, not {}",
                quoted(&s[pos..word_end])
            )
        };
        return Err(Issue::new(CODE, what, pos..word_end));
    };
    pos += alg.len();
    if pos == s.len() {
        return Ok(());
    }
    let rest = &s[pos..];
    let digits = rest
        .strip_prefix(',')
        .map(|d| d.bytes().take_while(u8::is_ascii_digit).count());
    match digits {
        Some(n @ 1..=2) if pos + 1 + n == s.len() => Ok(()),
        Some(n) if n > 2 && pos + 1 + n == s.len() => Err(Issue::new(
            CODE,
            "the module's type allows at most two digits for the level",
            pos + 1..s.len(),
        )),
        Some(_) => Err(Issue::new(
            CODE,
            "the module's type expects only `,` and one or two digits after the algorithm",
            pos..s.len(),
        )),
        None => Err(Issue::new(
            CODE,
            format!(
                "the module's type expects `,LEVEL` or the end after {}",
                quoted(alg)
            ),
            pos..s.len(),
        )),
    }
}

/// Python's `s.split(',')` as byte ranges of `s`.
fn split_commas(s: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == ',' {
            out.push(start..i);
            start = i + 1;
        }
    }
    out.push(start..s.len());
    out
}

/// borg 1.2's `CompressionSpec(s)`; `base` is the offset of `s` within the whole spec and
/// `depth` counts the enclosing `auto`/`obfuscate` wrappers.
fn borg_spec(
    whole: &str,
    base: usize,
    depth: usize,
    warnings: &mut Vec<Issue>,
) -> Result<BorgCompression, Issue> {
    const CODE: &str = "borg-compression-invalid";
    let s = &whole[base..];
    let parts: Vec<_> = split_commas(s)
        .into_iter()
        .map(|r| r.start + base..r.end + base)
        .collect();
    let count = parts.len();
    let name_range = parts[0].clone();
    let name = &whole[name_range.clone()];
    let tail = |from: usize| parts[from].start..whole.len();
    match name {
        "none" | "lz4" => {
            let algorithm = Algorithm::from_name(name).expect("known name");
            if count > 1 {
                let extra = tail(1);
                warnings.push(Issue::new(
                    "borg-compression-ignored",
                    format!(
                        "borg ignores {} after {}: {} has no level",
                        quoted(&whole[extra.clone()]),
                        quoted(name),
                        name
                    ),
                    extra.start - 1..extra.end,
                ));
            }
            Ok(BorgCompression::Plain {
                algorithm,
                level: None,
            })
        }
        "zstd" | "zlib" | "lzma" => {
            let algorithm = Algorithm::from_name(name).expect("known name");
            let (range, default) = algorithm.levels().expect("has levels");
            if count > 2 {
                return Err(Issue::new(
                    CODE,
                    format!(
                        "borg rejects {}: {} takes at most one level after it",
                        quoted(&whole[tail(2)]),
                        name
                    ),
                    parts[2].start - 1..whole.len(),
                ));
            }
            if count < 2 {
                return Ok(BorgCompression::Plain {
                    algorithm,
                    level: Some(default),
                });
            }
            let level_range = parts[1].clone();
            let text = &whole[level_range.clone()];
            let Some(level) = py_int(text) else {
                return Err(Issue::new(
                    CODE,
                    format!(
                        "borg rejects the level {} of {}: not an integer",
                        quoted(text),
                        name
                    ),
                    level_range,
                ));
            };
            if !range.contains(&level.value) {
                return Err(Issue::new(
                    "borg-compression-level",
                    format!(
                        "borg rejects level {} for {}: it must be {}..{}",
                        level.value,
                        name,
                        range.start(),
                        range.end()
                    ),
                    level_range,
                ));
            }
            if !level.plain {
                warnings.push(Issue::new(
                    "borg-compression-level-spelling",
                    format!("borg reads the level {} as {}", quoted(text), level.value),
                    level_range.clone(),
                ));
            }
            let value = u32::try_from(level.value).expect("in range");
            if algorithm == Algorithm::Zlib && value == 0 {
                warnings.push(Issue::new(
                    "borg-compression-pointless",
                    "zlib level 0 stores data uncompressed but with zlib overhead; borg advises \
                     `none` instead",
                    level_range.clone(),
                ));
            }
            if algorithm == Algorithm::Lzma && value > 6 {
                warnings.push(Issue::new(
                    "borg-compression-pointless",
                    "lzma levels above 6 do not compress better with borg's buffer size but cost \
                     much more CPU and memory (borg help compression)",
                    level_range.clone(),
                ));
            }
            Ok(BorgCompression::Plain {
                algorithm,
                level: Some(value),
            })
        }
        "auto" => {
            if !(2..=3).contains(&count) {
                let message = if count < 2 {
                    "borg rejects `auto` alone: it needs a compression after it, as in `auto,zstd`"
                        .to_string()
                } else {
                    format!(
                        "borg rejects {}: `auto,` takes one compression and at most one level \
                         after it",
                        quoted(&whole[tail(1)])
                    )
                };
                return Err(Issue::new(CODE, message, name_range.start..whole.len()));
            }
            let inner = borg_spec(whole, parts[1].start, depth + 1, warnings)?;
            match &inner {
                BorgCompression::Plain {
                    algorithm: Algorithm::None,
                    ..
                } => warnings.push(Issue::new(
                    "borg-compression-pointless",
                    "`auto,none` is the same as `none`",
                    name_range.start..whole.len(),
                )),
                BorgCompression::Plain {
                    algorithm: Algorithm::Lz4,
                    ..
                } => warnings.push(Issue::new(
                    "borg-compression-pointless",
                    "`auto,lz4` is the same as `lz4`: the heuristic itself uses lz4",
                    name_range.start..whole.len(),
                )),
                BorgCompression::Auto(_) => warnings.push(Issue::new(
                    "borg-compression-pointless",
                    "`auto,auto,…` nests the heuristic; one `auto,` is enough",
                    name_range.start..whole.len(),
                )),
                _ => {}
            }
            Ok(BorgCompression::Auto(Box::new(inner)))
        }
        "obfuscate" => {
            if !(3..=5).contains(&count) {
                let message = if count < 3 {
                    "borg rejects this `obfuscate` spec: it needs `obfuscate,SPEC,COMPRESSION`"
                        .to_string()
                } else {
                    format!(
                        "borg rejects {}: `obfuscate,SPEC,` takes at most three more parts",
                        quoted(&whole[tail(2)])
                    )
                };
                return Err(Issue::new(CODE, message, name_range.start..whole.len()));
            }
            let spec_range = parts[1].clone();
            let text = &whole[spec_range.clone()];
            let Some(spec) = py_int(text) else {
                return Err(Issue::new(
                    CODE,
                    format!(
                        "borg rejects the obfuscation SPEC {}: not an integer",
                        quoted(text)
                    ),
                    spec_range,
                ));
            };
            if !((1..=6).contains(&spec.value) || (110..=123).contains(&spec.value)) {
                return Err(Issue::new(
                    "borg-compression-level",
                    format!(
                        "borg rejects obfuscation SPEC {}: it must be 1..6 (relative) or \
                         110..123 (padding)",
                        spec.value
                    ),
                    spec_range,
                ));
            }
            if !spec.plain {
                warnings.push(Issue::new(
                    "borg-compression-level-spelling",
                    format!("borg reads the SPEC {} as {}", quoted(text), spec.value),
                    spec_range.clone(),
                ));
            }
            if depth == 0 {
                warnings.push(Issue::new(
                    "borg-compression-obfuscate",
                    "size obfuscation only makes sense with an encrypted repository, and it makes \
                     the repository bigger",
                    name_range.clone(),
                ));
            }
            let inner = borg_spec(whole, parts[2].start, depth + 1, warnings)?;
            Ok(BorgCompression::Obfuscate {
                spec: u32::try_from(spec.value).expect("in range"),
                inner: Box::new(inner),
            })
        }
        _ => {
            let suggestion = did_you_mean(
                name,
                &["none", "lz4", "zstd", "zlib", "lzma", "auto", "obfuscate"],
            );
            let message = match suggestion {
                Some(s) if !name.is_empty() => format!(
                    "borg rejects the compression {}; did you mean `{s}`?",
                    quoted(name)
                ),
                _ if name.is_empty() => {
                    "borg rejects an empty compression name; use one of none, lz4, zstd, zlib, \
                     lzma, auto,…, obfuscate,…"
                        .to_string()
                }
                _ => format!(
                    "borg rejects the compression {}: it knows none, lz4, zstd, zlib, lzma, \
                     auto,… and obfuscate,…",
                    quoted(name)
                ),
            };
            Err(Issue::new(CODE, message, name_range))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(s: &str) -> (bool, bool) {
        let c = check_compression(s);
        (c.module_accepts(), c.borg_accepts())
    }

    #[test]
    fn verdicts() {
        assert_eq!(verdict("lz4"), (true, true));
        assert_eq!(verdict("none"), (true, true));
        assert_eq!(verdict("auto,lzma"), (true, true));
        assert_eq!(verdict("auto,zlib,9"), (true, true));
        assert_eq!(verdict("zstd,99"), (true, false));
        assert_eq!(verdict("zstd,0"), (true, false));
        assert_eq!(verdict("lz4,5"), (true, true));
        assert_eq!(verdict("auto,none"), (false, true));
        assert_eq!(verdict("obfuscate,3,zstd,10"), (false, true));
        assert_eq!(verdict("zstd,100"), (false, false));
        assert_eq!(verdict("ZSTD"), (false, false));
        assert_eq!(verdict("auto,auto,lz4"), (false, true));
        assert_eq!(verdict("auto,obfuscate,3,lz4"), (false, false));
    }

    #[test]
    fn ranges_point_at_the_level() {
        let c = check_compression("auto,zstd,99");
        let e = c.borg.unwrap_err();
        assert_eq!(e.range, 10..12);
        assert!(e.message.contains("1..22"), "{}", e.message);
        let c = check_compression("zstd,7,1");
        assert_eq!(c.borg.unwrap_err().range, 6..8);
        let c = check_compression("lz4,5");
        assert_eq!(c.warnings[0].range, 3..5);
    }

    #[test]
    fn suggestions() {
        let e = check_compression("zstf").borg.unwrap_err();
        assert!(e.message.contains("did you mean `zstd`"), "{}", e.message);
    }
}
