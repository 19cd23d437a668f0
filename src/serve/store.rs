//! Where plans live: one small interface ([`Store`]: create, read, revise, delete, purge) and
//! its embedded SQLite implementation ([`Sqlite`]).
//!
//! A record is keyed by the SHA-256 of the plan's token ([`Key`]), never the token itself, so
//! a copy of the database gives away no link. It holds the request the plan was made from (no
//! name, no address), its revision, the calendar as last rendered with its ETag (the feed is a
//! read, not a re-plan), and when it may be purged.
//!
//! Another backend (PostgreSQL, for clinics running several instances behind one address)
//! implements the same trait; see the README.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

/// A failure of the database itself (not of a plan's content).
#[derive(Debug, thiserror::Error)]
#[error("database: {0}")]
pub struct StoreError(String);

impl StoreError {
    pub(crate) fn new(message: String) -> Self {
        StoreError(message)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(e.to_string())
    }
}

/// A record's key: the SHA-256 of its token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key(pub [u8; 32]);

/// A stored plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The [`crate::input::request::PlanRequest`] as JSON, setbacks and "oops" included.
    pub request: String,
    /// 0 when made, raised by each revision (the calendar's SEQUENCE).
    pub revision: u32,
    /// The calendar, as served by the feed.
    pub calendar: String,
    /// The calendar's entity tag, quoted.
    pub etag: String,
    /// When it was made or last revised (Unix seconds; the calendar's DTSTAMP).
    pub updated: i64,
    /// When it may be purged (Unix seconds).
    pub purge_after: i64,
}

/// Storage for plans. Every method is short and synchronous: a key lookup or one row written.
pub trait Store: Send + Sync {
    /// Stores a new record.
    fn create(&self, key: &Key, record: &Record) -> Result<(), StoreError>;
    /// The record of `key`, if there is one.
    fn read(&self, key: &Key) -> Result<Option<Record>, StoreError>;
    /// Replaces the record of `key` with `record`, only if the stored one is still at
    /// `record.revision - 1` (two people revising at once: the second is told to retry).
    /// False when it changed meanwhile or is gone.
    fn revise(&self, key: &Key, record: &Record) -> Result<bool, StoreError>;
    /// Erases the record of `key`; false when there was none.
    fn delete(&self, key: &Key) -> Result<bool, StoreError>;
    /// Erases every record whose `purge_after` is before `now`; says how many.
    fn purge(&self, now: i64) -> Result<usize, StoreError>;
    /// Answers when the database does (`/healthz`).
    fn ping(&self) -> Result<(), StoreError>;
}

/// Plans in an SQLite file, in WAL mode: readers never wait for the writer, and a crash (even
/// `kill -9`) loses no committed plan.
///
/// What is deleted is gone from the files: `secure_delete` overwrites freed content with
/// zeros, and every delete and purge is followed by a checkpoint that writes the zeroed pages
/// back and truncates the write-ahead log, which would otherwise still hold the old frames.
/// The files are readable by the server's user only (0600, whatever the umask): SQLite gives
/// its `-wal` and `-shm` files the database file's permissions.
pub struct Sqlite {
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next: AtomicUsize,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS plans (
    key BLOB NOT NULL UNIQUE,
    request TEXT NOT NULL,
    revision INTEGER NOT NULL,
    calendar TEXT NOT NULL,
    etag TEXT NOT NULL,
    updated INTEGER NOT NULL,
    purge_after INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS plans_purge ON plans (purge_after);
";

impl Sqlite {
    /// Opens (or creates) the database at `path`, with `readers` connections for reads.
    pub fn open(path: &Path, readers: usize) -> Result<Self, StoreError> {
        private_files(path)?;
        let writer = Connection::open(path)?;
        writer.pragma_update(None, "secure_delete", "ON")?;
        // WAL: readers and the writer do not block each other; NORMAL sync is durable against
        // a crash of the process (the WAL is written before a commit returns).
        writer.pragma_update(None, "journal_mode", "WAL")?;
        writer.pragma_update(None, "synchronous", "NORMAL")?;
        writer.busy_timeout(std::time::Duration::from_secs(5))?;
        tune(&writer)?;
        writer.execute_batch(SCHEMA)?;
        writer.execute_batch(super::accounts::SCHEMA)?;
        super::accounts::upgrade(&writer)?;
        let readers = (0..readers.max(1))
            .map(|_| {
                let c = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                c.busy_timeout(std::time::Duration::from_secs(5))?;
                tune(&c)?;
                Ok(Mutex::new(c))
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(Sqlite {
            writer: Mutex::new(writer),
            readers,
            next: AtomicUsize::new(0),
        })
    }

    pub(crate) fn writer(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a transaction half-done (SQLite rolls
        // it back), so a poisoned lock is still a good connection.
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn reader(&self) -> std::sync::MutexGuard<'_, Connection> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        for i in 0..self.readers.len() {
            if let Ok(guard) = self.readers[(start + i) % self.readers.len()].try_lock() {
                return guard;
            }
        }
        self.readers[start % self.readers.len()]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }
}

/// Creates the database file readable by its owner only, or narrows an existing one and its
/// `-wal` and `-shm` files to that.
fn private_files(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let failed = |e: std::io::Error| StoreError(format!("{}: {e}", path.display()));
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
        .map_err(failed)?;
    for suffix in ["", "-wal", "-shm"] {
        let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
        if file.exists() {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
                .map_err(failed)?;
        }
    }
    Ok(())
}

/// Writes the log back into the database and empties it, so that what a delete zeroed is
/// zeroed in both files. A reader in the middle of a read keeps the log busy for a moment:
/// the busy timeout waits for it.
fn checkpoint(c: &Connection) -> Result<(), StoreError> {
    c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

/// A larger page cache, and the file read through a memory map rather than copied page by
/// page (each row holds a whole calendar, some 25 KB; reading was most of a request's time).
fn tune(c: &Connection) -> Result<(), StoreError> {
    c.pragma_update(None, "cache_size", -16_000)?;
    c.query_row("PRAGMA mmap_size = 268435456", [], |_| Ok(()))
        .optional()?;
    Ok(())
}

impl Store for Sqlite {
    fn create(&self, key: &Key, r: &Record) -> Result<(), StoreError> {
        self.writer()
            .prepare_cached(
                "INSERT INTO plans (key, request, revision, calendar, etag, updated, purge_after) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                &key.0[..],
                r.request,
                r.revision,
                r.calendar,
                r.etag,
                r.updated,
                r.purge_after
            ])?;
        Ok(())
    }

    fn read(&self, key: &Key) -> Result<Option<Record>, StoreError> {
        Ok(self
            .reader()
            .prepare_cached(
                "SELECT request, revision, calendar, etag, updated, purge_after FROM plans \
                 WHERE key = ?1",
            )?
            .query_row(params![&key.0[..]], |row| {
                Ok(Record {
                    request: row.get(0)?,
                    revision: row.get(1)?,
                    calendar: row.get(2)?,
                    etag: row.get(3)?,
                    updated: row.get(4)?,
                    purge_after: row.get(5)?,
                })
            })
            .optional()?)
    }

    fn revise(&self, key: &Key, r: &Record) -> Result<bool, StoreError> {
        let changed = self
            .writer()
            .prepare_cached(
                "UPDATE plans SET request = ?2, revision = ?3, calendar = ?4, etag = ?5, \
                 updated = ?6, purge_after = ?7 WHERE key = ?1 AND revision = ?3 - 1",
            )?
            .execute(params![
                &key.0[..],
                r.request,
                r.revision,
                r.calendar,
                r.etag,
                r.updated,
                r.purge_after
            ])?;
        Ok(changed == 1)
    }

    fn delete(&self, key: &Key) -> Result<bool, StoreError> {
        let writer = self.writer();
        let changed = writer
            .prepare_cached("DELETE FROM plans WHERE key = ?1")?
            .execute(params![&key.0[..]])?;
        if changed > 0 {
            checkpoint(&writer)?;
        }
        Ok(changed == 1)
    }

    fn purge(&self, now: i64) -> Result<usize, StoreError> {
        let writer = self.writer();
        let purged = writer
            .prepare_cached("DELETE FROM plans WHERE purge_after < ?1")?
            .execute(params![now])?;
        if purged > 0 {
            checkpoint(&writer)?;
        }
        Ok(purged)
    }

    fn ping(&self) -> Result<(), StoreError> {
        self.reader()
            .query_row("SELECT 1", [], |_| Ok(()))
            .optional()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(revision: u32, purge_after: i64) -> Record {
        Record {
            request: "{}".into(),
            revision,
            calendar: format!("BEGIN:VCALENDAR r{revision}"),
            etag: format!("\"{revision}\""),
            updated: 1,
            purge_after,
        }
    }

    #[test]
    fn create_read_revise_delete_purge() {
        let dir = tempfile::tempdir().unwrap();
        let store = Sqlite::open(&dir.path().join("plans.db"), 2).unwrap();
        let (a, b) = (Key([1; 32]), Key([2; 32]));
        store.create(&a, &record(0, 100)).unwrap();
        store.create(&b, &record(0, 300)).unwrap();
        assert!(
            store.create(&a, &record(0, 100)).is_err(),
            "keys are unique"
        );
        assert_eq!(store.read(&a).unwrap(), Some(record(0, 100)));
        assert!(store.revise(&a, &record(1, 200)).unwrap());
        assert!(
            !store.revise(&a, &record(1, 200)).unwrap(),
            "revision 0 is gone"
        );
        assert_eq!(store.read(&a).unwrap().unwrap().revision, 1);
        assert_eq!(store.purge(250).unwrap(), 1);
        assert_eq!(store.read(&a).unwrap(), None);
        assert!(store.delete(&b).unwrap());
        assert!(!store.delete(&b).unwrap());
        store.ping().unwrap();
    }

    /// Every byte of the database's files.
    fn raw(dir: &Path) -> Vec<u8> {
        let mut bytes = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
        }
        bytes
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_deleted_or_purged_plan_leaves_nothing_in_the_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = Sqlite::open(&dir.path().join("plans.db"), 2).unwrap();
        let marked = |n: u8, purge_after| Record {
            request: format!("{{\"marker\": \"MARKER-{n}-REQUEST\"}}"),
            calendar: format!("BEGIN:VCALENDAR MARKER-{n}-CALENDAR"),
            ..record(0, purge_after)
        };
        for n in 0..20u8 {
            store.create(&Key([n; 32]), &marked(n, 100)).unwrap();
        }
        store.create(&Key([99; 32]), &marked(99, 1_000)).unwrap();
        let before = raw(dir.path());
        assert!(
            contains(&before, b"MARKER-3-REQUEST"),
            "the test can see a plan"
        );
        assert!(store.delete(&Key([3; 32])).unwrap());
        assert_eq!(store.purge(500).unwrap(), 19);
        // While the server runs, and after it stops.
        let running = raw(dir.path());
        drop(store);
        let stopped = raw(dir.path());
        for bytes in [&running, &stopped] {
            for n in 0..20u8 {
                for part in ["REQUEST", "CALENDAR"] {
                    let marker = format!("MARKER-{n}-{part}");
                    assert!(
                        !contains(bytes, marker.as_bytes()),
                        "{marker} still in the files"
                    );
                }
            }
            assert!(
                contains(bytes, b"MARKER-99-REQUEST"),
                "the kept plan is kept"
            );
        }
    }

    #[test]
    fn the_files_are_the_owner_s_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plans.db");
        // An existing database made under a loose umask is narrowed too.
        std::fs::write(&path, b"").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let store = Sqlite::open(&path, 1).unwrap();
        store.create(&Key([1; 32]), &record(0, 100)).unwrap();
        let files: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap())
            .collect();
        assert!(files.len() >= 2, "the database and its log");
        for f in files {
            let mode = f.metadata().unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", f.path().display());
        }
    }
}
