//! `backix explain`: the documentation of a rule.

use backix_emit::report::rules;
use backix_schema::{config, registry};
use clap::Args;

use super::{EXIT_OK, EXIT_USAGE};

/// Arguments of `backix explain`.
#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A rule code (BX101) or name (passphrase-in-store).
    #[arg(value_name = "CODE|NAME")]
    rule: Option<String>,
    /// List every rule: code, name, kind, default level and summary.
    #[arg(long, conflicts_with_all = ["rule", "markdown_all"])]
    list: bool,
    /// Print every rule as Markdown (the text of docs/lints.md).
    #[arg(long, conflicts_with = "rule")]
    markdown_all: bool,
}

/// Runs `backix explain`.
pub fn run(args: ExplainArgs) -> u8 {
    let all = registry::rules();
    if args.list {
        print!("{}", rules::list(&all));
        return EXIT_OK;
    }
    if args.markdown_all {
        print!("{}", rules::markdown(&all));
        return EXIT_OK;
    }
    let Some(name) = args.rule else {
        eprintln!("error: give a rule code or name, or --list");
        return EXIT_USAGE;
    };
    match registry::find(&name) {
        Some(rule) => {
            print!("{}", rules::explain(rule));
            EXIT_OK
        }
        None => {
            let hint = match config::suggest(&name) {
                Some(s) => format!("; did you mean '{s}'?"),
                None => String::new(),
            };
            eprintln!("error: no rule '{name}'{hint}\n  `backix explain --list` lists every rule");
            EXIT_USAGE
        }
    }
}
