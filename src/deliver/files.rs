//! Output files, written whole or not at all: through a temporary file in the same folder and a
//! rename, so a reader (or a killed run) never sees half a calendar.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Whether a write waits for the disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sync {
    /// fsync before the rename: the file survives a power cut (one file for a person).
    Durable,
    /// No fsync: a killed process still leaves the file complete or absent; only a power cut
    /// could lose it, and a batch's re-run redoes what is missing.
    Fast,
}

/// Writes `bytes` to `path` atomically. Without `replace`, an existing file is never replaced
/// (the final link fails rather than racing a check). Only regular files are written: a device,
/// a pipe or a folder at `path` is refused even with `replace`, since the rename would put a
/// regular file in its place (it once turned `/dev/null` into one).
pub fn write_atomic(path: &Path, bytes: &[u8], replace: bool, sync: Sync) -> Result<()> {
    let io_error = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    match std::fs::metadata(path) {
        Ok(_) if !replace => return Err(Error::OutputExists(path.to_path_buf())),
        Ok(meta) if !meta.is_file() => {
            return Err(Error::File {
                path: path.to_path_buf(),
                line: None,
                message: "not a regular file; aftercare writes calendars only to regular files"
                    .into(),
            });
        }
        _ => {}
    }
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".aftercare-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io_error)?;
    temp.write_all(bytes).map_err(io_error)?;
    if sync == Sync::Durable {
        temp.as_file().sync_all().map_err(io_error)?;
    }
    if replace {
        temp.persist(path).map_err(|e| io_error(e.error))?;
    } else {
        temp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                Error::OutputExists(path.to_path_buf())
            } else {
                io_error(e.error)
            }
        })?;
    }
    Ok(())
}

/// Writes `bytes` (without fsync) unless the file already says the same (see
/// [`same_content`]); `force` always writes. Returns whether it wrote.
pub(crate) fn write_if_changed(path: &Path, bytes: &[u8], force: bool) -> Result<bool> {
    if !force && std::fs::read(path).is_ok_and(|old| same_content(&old, bytes)) {
        return Ok(false);
    }
    write_atomic(path, bytes, true, Sync::Fast)?;
    Ok(true)
}

/// Whether two versions of an output file say the same thing: equal but for the DTSTAMP of
/// the calendar and the Date of the message, which only record when they were made.
pub(crate) fn same_content(old: &[u8], new: &[u8]) -> bool {
    let volatile = |l: &&[u8]| !(l.starts_with(b"DTSTAMP:") || l.starts_with(b"Date: "));
    old.split(|b| *b == b'\n')
        .filter(volatile)
        .eq(new.split(|b| *b == b'\n').filter(volatile))
}

/// Removes the temporary files of a run that was killed mid-write: never complete outputs.
pub(crate) fn remove_stale_temporaries(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(".aftercare-") && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_never_replaced_by_a_file() {
        // A fifo stands for /dev/null: made here, so the test never touches the real one.
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let err = write_atomic(&fifo, b"x", true, Sync::Fast).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        assert!(
            !std::fs::metadata(&fifo).unwrap().is_file(),
            "left as it was"
        );
    }

    #[test]
    fn an_existing_file_is_kept_unless_replacing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ics");
        write_atomic(&path, b"one", false, Sync::Durable).unwrap();
        assert!(matches!(
            write_atomic(&path, b"two", false, Sync::Durable),
            Err(Error::OutputExists(_))
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write_atomic(&path, b"two", true, Sync::Durable).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
    }
}
