//! Reading what a user hands to backix — files named on the command line, files a module imports,
//! standard input — within a size limit, so that a huge input fails with one clear message
//! instead of exhausting memory.

use std::io::Read;
use std::path::Path;

/// The largest file (or standard input) backix reads by default, in bytes: 64 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 << 20;

/// The message for an input larger than the limit: what it is, its size and the limit.
pub fn too_large(what: &str, size: u64, limit: u64) -> String {
    let unit = human(limit).map(|h| format!(" ({h})")).unwrap_or_default();
    format!(
        "{what}: {size} bytes, larger than the limit of {limit} bytes{unit}; \
         raise it with --max-file-size where the command has it"
    )
}

/// Fails when the file at `path` is larger than `limit` bytes (without reading it). A file whose
/// status cannot be read passes: reading it reports the problem.
pub fn check_size(path: &Path, limit: u64) -> Result<(), String> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() > limit => {
            Err(too_large(&path.display().to_string(), meta.len(), limit))
        }
        _ => Ok(()),
    }
}

/// Reads a UTF-8 text file of at most `limit` bytes. Errors are one line naming the file.
pub fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    check_size(path, limit)?;
    let file = std::fs::File::open(path).map_err(|e| io_message(path, &e))?;
    // The size may change between the check and the read (or the file is a pipe): never read
    // more than the limit allows.
    let bytes = read_bounded(file, limit).map_err(|e| io_message(path, &e))?;
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(size) => return Err(too_large(&path.display().to_string(), size, limit)),
    };
    String::from_utf8(bytes).map_err(|_| format!("{}: not valid UTF-8 text", path.display()))
}

/// Reads standard input as UTF-8 text of at most `limit` bytes.
pub fn read_stdin(limit: u64) -> Result<String, String> {
    let bytes = read_bounded(std::io::stdin().lock(), limit)
        .map_err(|e| format!("reading standard input: {e}"))?;
    match bytes {
        Ok(bytes) => {
            String::from_utf8(bytes).map_err(|_| "standard input: not valid UTF-8 text".to_string())
        }
        Err(size) => Err(too_large("standard input", size, limit)),
    }
}

/// Reads at most `limit` bytes; `Err(n)` (inside `Ok`) when there was more, `n` being the bytes
/// seen (at least `limit + 1`).
fn read_bounded(reader: impl Read, limit: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        Ok(Err(bytes.len() as u64))
    } else {
        Ok(Ok(bytes))
    }
}

/// A one-line message for an I/O error on a path.
fn io_message(path: &Path, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("{}: no such file or directory", path.display()),
        std::io::ErrorKind::PermissionDenied => format!("{}: permission denied", path.display()),
        _ => format!("{}: {e}", path.display()),
    }
}

/// A byte count in the largest binary unit that divides it (`64 MiB`), if there is one.
fn human(bytes: u64) -> Option<String> {
    [(30, "GiB"), (20, "MiB"), (10, "KiB")]
        .into_iter()
        .find(|&(shift, _)| bytes >= 1 << shift && bytes.is_multiple_of(1 << shift))
        .map(|(shift, unit)| format!("{} {unit}", bytes >> shift))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_over_the_limit_are_refused_with_their_size() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("big.nix");
        std::fs::write(&path, "x".repeat(2048)).expect("write");
        let e = read_text(&path, 1024).expect_err("too large");
        assert!(e.contains("big.nix: 2048 bytes"), "{e}");
        assert!(e.contains("limit of 1024 bytes (1 KiB)"), "{e}");
        assert_eq!(read_text(&path, 2048).expect("fits").len(), 2048);
    }

    #[test]
    fn a_bounded_read_stops_after_the_limit() {
        let data = [b'a'; 100];
        assert_eq!(read_bounded(&data[..], 10).unwrap(), Err(11));
        assert_eq!(read_bounded(&data[..], 100).unwrap().unwrap().len(), 100);
    }

    #[test]
    fn sizes_are_shown_in_binary_units() {
        assert_eq!(human(64 << 20).as_deref(), Some("64 MiB"));
        assert_eq!(human(1536), None);
        assert_eq!(human(2 << 30).as_deref(), Some("2 GiB"));
        assert!(too_large("f", 2001, 2000).contains("limit of 2000 bytes; raise"));
    }
}
