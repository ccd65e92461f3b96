//! Compression specs against borg 1.2 itself: `borg create --dry-run --compression SPEC`.
//!
//! Specs backix expects borg to accept are passed together, as repeated `--compression`
//! options (argparse converts every one of them); each spec expected to fail gets its own run.

mod domain_support;

use backix_schema::domain::compression::check_compression;
use domain_support::{assert_no_mismatches, borg_env, par_map, text};

/// Specs with the verdict of the NixOS module's option type (`true` = the regex matches).
const SPECS: &[(&str, bool)] = &[
    ("none", true),
    ("lz4", true),
    ("zstd", true),
    ("zlib", true),
    ("lzma", true),
    ("zstd,1", true),
    ("zstd,3", true),
    ("zstd,22", true),
    ("zstd,0", true),
    ("zstd,23", true),
    ("zstd,99", true),
    ("zlib,0", true),
    ("zlib,9", true),
    ("zlib,10", true),
    ("lzma,0", true),
    ("lzma,6", true),
    ("lzma,9", true),
    ("lzma,42", true),
    ("lz4,5", true),
    ("lz4,99", true),
    ("auto,lz4", true),
    ("auto,zstd", true),
    ("auto,zstd,10", true),
    ("auto,zlib,9", true),
    ("auto,lzma", true),
    ("auto,lzma,6", true),
    ("auto,zstd,0", true),
    ("auto,zstd,50", true),
    ("auto,zlib,10", true),
    ("zstd,03", true),
    ("zstd,100", false),
    ("none,1", false),
    ("auto,none", false),
    ("auto", false),
    ("auto,", false),
    ("auto,auto,lz4", false),
    ("auto,auto,auto,zstd,3", false),
    ("auto,obfuscate,3,lz4", false),
    ("auto,zstd,3,1", false),
    ("obfuscate,1,none", false),
    ("obfuscate,6,lz4", false),
    ("obfuscate,110,zstd,3", false),
    ("obfuscate,123,auto,lzma,6", false),
    ("obfuscate,3,auto,auto,lz4", false),
    ("obfuscate,0,none", false),
    ("obfuscate,7,none", false),
    ("obfuscate,109,lz4", false),
    ("obfuscate,124,lz4", false),
    ("obfuscate,3", false),
    ("obfuscate,x,none", false),
    ("obfuscate,3,obfuscate,3,none", false),
    ("obfuscate,3,obfuscate,3", false),
    ("obfuscate,1,zstd,23", false),
    ("obfuscate", false),
    ("ZSTD", false),
    ("Lz4", false),
    ("gzip", false),
    ("zstd,", false),
    ("zstd,x", false),
    ("zstd,3.0", false),
    ("zstd,-1", false),
    ("zstd,+3", false),
    ("zstd, 3", false),
    ("zstd,1_0", false),
    ("zstd,\u{661}", false),
    ("zlib,-0", false),
    ("zlib,1,2", false),
    ("lzma,9,invalid", false),
    ("lz4,", false),
    (" lz4", false),
    ("lz4 ", false),
    ("", false),
];

#[test]
fn module_type_verdicts() {
    for &(spec, module) in SPECS {
        assert_eq!(
            check_compression(spec).module_accepts(),
            module,
            "module verdict for {spec:?}"
        );
    }
}

#[test]
fn borg_verdicts_match_borg() {
    let env = borg_env();
    let src = env.src.to_string_lossy().to_string();
    let run = |specs: &[&str]| {
        let mut args = vec!["create", "--dry-run"];
        for s in specs {
            args.push("--compression");
            args.push(s);
        }
        args.push("::a");
        args.push(&src);
        env.borg(&args, None)
    };
    let accepted: Vec<&str> = SPECS
        .iter()
        .map(|s| s.0)
        .filter(|s| check_compression(s).borg_accepts())
        .collect();
    let rejected: Vec<&str> = SPECS
        .iter()
        .map(|s| s.0)
        .filter(|s| !check_compression(s).borg_accepts())
        .collect();
    assert!(
        accepted.len() > 25 && rejected.len() > 25,
        "a balanced corpus"
    );

    let mut mismatches = Vec::new();
    let batch = run(&accepted);
    if !batch.status.success() {
        // Find the culprits one by one.
        let singles = par_map(&accepted, |s| (s.to_string(), run(&[s])));
        for (s, out) in singles {
            if !out.status.success() {
                mismatches.push(format!("backix accepts {s:?}, borg says: {}", text(&out)));
            }
        }
    }
    let outs = par_map(&rejected, |s| (s.to_string(), run(&[s])));
    for (s, out) in outs {
        let t = text(&out);
        let refused = out.status.code() == Some(2) && t.contains("invalid CompressionSpec value");
        if !refused {
            mismatches.push(format!(
                "backix rejects {s:?} ({}), borg exits {:?}: {t}",
                check_compression(&s).borg.unwrap_err(),
                out.status.code()
            ));
        }
    }
    assert_no_mismatches(&mismatches);
}

#[test]
fn disagreements_between_module_and_borg_are_visible() {
    let c = check_compression("zstd,99");
    assert!(c.module_accepts() && !c.borg_accepts());
    let c = check_compression("obfuscate,3,zstd,10");
    assert!(!c.module_accepts() && c.borg_accepts());
    let c = check_compression("lz4,5");
    assert!(c.module_accepts() && c.borg_accepts());
    assert_eq!(c.warnings[0].code, "borg-compression-ignored");
}
