//! `backix completions SHELL` and `backix manpage`: shell completion scripts and roff manual
//! pages, both generated from the command-line definition itself so they never drift from it.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, EXIT_OK, EXIT_USAGE};

/// Arguments of `backix completions`.
#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to write the completion script for.
    #[arg(value_enum)]
    shell: Shell,
}

/// Arguments of `backix manpage`.
#[derive(Args, Debug)]
pub struct ManpageArgs {
    /// Write backix.1 and one page per subcommand (backix-lint.1, ...) into this directory
    /// instead of writing backix.1 to standard output.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
}

/// Runs `backix completions`: the script on standard output.
pub fn completions(args: CompletionsArgs) -> u8 {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "backix", &mut script);
    write_stdout(&script)
}

/// Runs `backix manpage`.
pub fn manpage(args: ManpageArgs) -> u8 {
    let command = Cli::command();
    if let Some(dir) = &args.out_dir {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("error: {}: {e}", dir.display());
            return EXIT_USAGE;
        }
        return match clap_mangen::generate_to(command, dir) {
            Ok(()) => EXIT_OK,
            Err(e) => {
                eprintln!("error: writing manual pages to {}: {e}", dir.display());
                EXIT_USAGE
            }
        };
    }
    let mut page = Vec::new();
    if let Err(e) = clap_mangen::Man::new(command).render(&mut page) {
        eprintln!("error: rendering the manual page: {e}");
        return EXIT_USAGE;
    }
    write_stdout(&page)
}

fn write_stdout(bytes: &[u8]) -> u8 {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => EXIT_OK,
        // A closed pipe (`backix manpage | head`) is not worth an error message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("error: writing the output: {e}");
            EXIT_USAGE
        }
    }
}
