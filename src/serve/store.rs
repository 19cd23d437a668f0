//! Where plans live: one small interface ([`Store`]: create, read, revise, delete, purge) and
//! its embedded SQLite implementation ([`Sqlite`]).
//!
//! A record is keyed by the SHA-256 of the plan's token ([`Key`]), never the token itself, so
//! a copy of the database gives away no link. Its content (the request the plan was made
//! from and the calendar as last rendered, so that the feed is a read, not a re-plan) is
//! compressed and sealed with a key derived from the token (see [`super::seal`]): the store
//! only ever holds opaque bytes. In clear are only what the server needs without the token:
//! the revision, when it was made or revised, when it may be purged, and the feed's ETag (a
//! hash of the sealed bytes).
//!
//! Another backend (PostgreSQL, for clinics running several instances behind one address)
//! implements the same trait; see the README.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};

use super::ServeError;
use super::seal::ServerKey;
use crate::error::Error;

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
    /// The request (setbacks and "oops" included) and the calendar as served by the feed,
    /// compressed and sealed with the token's key.
    pub sealed: Vec<u8>,
    /// 0 when made, raised by each revision (the calendar's SEQUENCE).
    pub revision: u32,
    /// The feed's entity tag, quoted.
    pub etag: String,
    /// When it was made or last revised (Unix seconds; the calendar's DTSTAMP).
    pub updated: i64,
    /// When it may be purged (Unix seconds).
    pub purge_after: i64,
}

/// A plan stored before plans were sealed: its content in clear, until its next read seals
/// it ([`Store::reseal`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsealed {
    /// The request as JSON.
    pub request: String,
    /// The calendar.
    pub calendar: String,
    /// As in [`Record`].
    pub revision: u32,
    /// As in [`Record`].
    pub updated: i64,
    /// As in [`Record`].
    pub purge_after: i64,
}

/// What a new plan is counted against: the bytes one client address may store per day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Charge {
    /// The client's address, as a keyed hash of it and the day ([`ServerKey::client`]).
    pub client: [u8; 16],
    /// The UTC day (days since 1970).
    pub day: i64,
    /// The bytes it may store that day; 0: no limit.
    pub limit: u64,
}

/// Storage for plans. Every method is short and synchronous: a key lookup or one row written.
pub trait Store: Send + Sync {
    /// Stores a new record, counting its bytes against `charge`; false (and nothing stored)
    /// when they would pass the client's budget for the day.
    fn create(&self, key: &Key, record: &Record, charge: &Charge) -> Result<bool, StoreError>;
    /// The record of `key`, if there is one.
    fn read(&self, key: &Key) -> Result<Option<Record>, StoreError>;
    /// The record of `key` as stored before plans were sealed, if there is one.
    fn unsealed(&self, key: &Key) -> Result<Option<Unsealed>, StoreError>;
    /// Stores `record`, the sealed form of the unsealed record of `key`, and erases that one,
    /// at once.
    fn reseal(&self, key: &Key, record: &Record) -> Result<(), StoreError>;
    /// Replaces the record of `key` with `record`, only if the stored one is still at
    /// `record.revision - 1` (two people revising at once: the second is told to retry).
    /// False when it changed meanwhile or is gone.
    fn revise(&self, key: &Key, record: &Record) -> Result<bool, StoreError>;
    /// Erases the record of `key`; false when there was none.
    fn delete(&self, key: &Key) -> Result<bool, StoreError>;
    /// Erases every record whose `purge_after` is before `now`, and the byte counts of the
    /// days before `now`'s; says how many records.
    fn purge(&self, now: i64) -> Result<usize, StoreError>;
    /// Answers when the database does (`/healthz`).
    fn ping(&self) -> Result<(), StoreError>;
    /// Claims the sending of the plan of `key` by e-mail to `address` (a hash of it that only
    /// the plan's token gives) at `at` (Unix seconds): `None` when claimed now; when it was
    /// claimed for that address before (sent, or being sent), that time. Claimed before it
    /// is sent, so two presses (or two servers) never both send; another address (a typing
    /// mistake corrected) is sent to, and becomes the one the claim holds.
    fn claim_sent(&self, key: &Key, address: &[u8; 32], at: i64)
    -> Result<Option<i64>, StoreError>;
    /// Gives up a claim whose message the mail server did not take, so it can be tried again.
    fn release_sent(&self, key: &Key) -> Result<(), StoreError>;
}

/// Plans in an SQLite file, in WAL mode: readers never wait for the writer, and a crash (even
/// `kill -9`) loses no committed plan.
///
/// What is deleted is gone from the files: `secure_delete` overwrites freed content with
/// zeros, and every delete and purge is followed by a checkpoint that writes the zeroed pages
/// back and truncates the write-ahead log, which would otherwise still hold the old frames.
/// The files are readable by the server's user only (0600, whatever the umask): SQLite gives
/// its `-wal` and `-shm` files the database file's permissions.
///
/// Opened with its server key ([`Sqlite::open_sealed`]), it also seals the desk's settings.
pub struct Sqlite {
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next: AtomicUsize,
    /// Whether the file still has plans from before sealing (`plans_unsealed`).
    unsealed: bool,
    server: Option<ServerKey>,
    /// A shared hold on the database's lock file while a server key is in use (see
    /// [`KeyHold`]): the key commands wait for no server, they refuse while one runs.
    _hold: Option<KeyHold>,
}

/// A hold on `<db>.lock`, an empty file beside the database (0600) that is never replaced:
/// every process that uses the server key holds it shared, and `aftercare key rotate` and
/// `key reset` hold it alone. A rotation while a server ran would leave that server sealing
/// settings with the old key, and the database unreadable at its next start.
struct KeyHold {
    _file: std::fs::File,
}

impl KeyHold {
    fn take(db: &Path, alone: bool) -> Result<Self, ServeError> {
        use std::os::unix::fs::OpenOptionsExt;
        let path = std::path::PathBuf::from(format!("{}.lock", db.display()));
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(&path)
            .map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
        let held = if alone {
            file.try_lock()
        } else {
            file.try_lock_shared()
        };
        match held {
            Ok(()) => Ok(KeyHold { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) if alone => Err(Error::invalid(
                "db",
                db.display().to_string(),
                "a database no server is using: stop every `aftercare serve` and \
                 `aftercare followups` on it first",
            )
            .into()),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::invalid(
                "db",
                db.display().to_string(),
                "a database whose key is not being changed (`aftercare key` is at work on \
                 it: start again when it is done)",
            )
            .into()),
            Err(std::fs::TryLockError::Error(source)) => Err(Error::Io { path, source }.into()),
        }
    }
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS plans (
    key BLOB NOT NULL UNIQUE,
    sealed BLOB NOT NULL,
    revision INTEGER NOT NULL,
    etag TEXT NOT NULL,
    updated INTEGER NOT NULL,
    purge_after INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS plans_purge ON plans (purge_after);
CREATE TABLE IF NOT EXISTS stored_bytes (
    client BLOB NOT NULL,
    day INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    PRIMARY KEY (client, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sent_mail (
    key BLOB PRIMARY KEY,
    sent_at INTEGER NOT NULL,
    address BLOB
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS server_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    key_check BLOB NOT NULL
);
";

/// A database made before plans were sealed has `plans` with the content in clear: it is
/// renamed `plans_unsealed`, and each of its rows is sealed on its next read (the token is
/// needed for that) or purged in its time.
const UNSEAL_RENAME: &str = "
ALTER TABLE plans RENAME TO plans_unsealed;
DROP INDEX IF EXISTS plans_purge;
CREATE INDEX IF NOT EXISTS plans_unsealed_purge ON plans_unsealed (purge_after);
";

impl Sqlite {
    /// Opens (or creates) the database at `path`, with `readers` connections for reads.
    /// Without its server key, the desk's settings cannot be read or written (the accounts
    /// and plans can): the server opens it with [`Sqlite::open_sealed`].
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
        let unsealed = set_up(&writer)?;
        writer.execute_batch(super::accounts::SCHEMA)?;
        super::accounts::upgrade(&writer)?;
        writer.execute_batch(super::followups::SCHEMA)?;
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
            unsealed,
            server: None,
            _hold: None,
        })
    }

    /// Opens the database with its server key, from `key_file`: created (32 random bytes,
    /// mode 0600) when neither the file nor a database sealed with a key exists yet. A key
    /// that is not the database's is refused, as is a missing one once a key sealed it.
    /// Settings stored in clear by an older version are sealed now.
    pub fn open_sealed(path: &Path, readers: usize, key_file: &Path) -> Result<Self, ServeError> {
        let hold = KeyHold::take(path, false)?;
        let mut db = Sqlite::open_with_key(path, readers, key_file)?;
        db._hold = Some(hold);
        Ok(db)
    }

    /// [`Sqlite::open_sealed`] for a caller that holds the lock file already.
    fn open_with_key(path: &Path, readers: usize, key_file: &Path) -> Result<Self, ServeError> {
        let mut db = Sqlite::open(path, readers)?;
        let key = match (ServerKey::load(key_file)?, db.key_check()?) {
            (Some(key), _) => key,
            (None, None) => match ServerKey::create(key_file) {
                Ok(key) => key,
                // Another server sharing the database made it a moment ago.
                Err(_) if key_file.exists() => ServerKey::load(key_file)?.ok_or_else(|| {
                    ServeError::Internal(format!("{} vanished", key_file.display()))
                })?,
                Err(e) => return Err(e.into()),
            },
            (None, Some(_)) => {
                return Err(Error::invalid(
                    "key-file",
                    key_file.display().to_string(),
                    "the key file this database was sealed with (it is missing: restore it \
                     from your backup, or give its place with --key-file; if it is lost, \
                     `aftercare key reset` erases the desk's settings and makes a new key, \
                     the plans are kept)",
                )
                .into());
            }
        };
        db.writer()
            .execute(
                "INSERT INTO server_key (id, key_check) VALUES (1, ?1) ON CONFLICT (id) DO NOTHING",
                params![&key.check()[..]],
            )
            .map_err(StoreError::from)?;
        if db.key_check()?.as_deref() != Some(&key.check()[..]) {
            return Err(wrong_key(key_file).into());
        }
        db.server = Some(key);
        db.seal_clear_settings()?;
        Ok(db)
    }

    /// The stored check of the key that seals the database, if one does.
    fn key_check(&self) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .writer()
            .query_row("SELECT key_check FROM server_key WHERE id = 1", [], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Seals the settings an older version stored in clear, and checkpoints, so that the
    /// clear text leaves the log too.
    fn seal_clear_settings(&self) -> Result<(), StoreError> {
        let key = self.sealing()?.settings();
        let mut c = self.writer();
        let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let clear: Vec<(String, String)> = tx
            .prepare("SELECT name, value FROM settings WHERE typeof(value) = 'text'")?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (name, value) in &clear {
            let sealed = key
                .seal(name.as_bytes(), value.as_bytes())
                .map_err(|e| StoreError::new(e.to_string()))?;
            tx.execute(
                "UPDATE settings SET value = ?2 WHERE name = ?1",
                params![name, sealed],
            )?;
        }
        tx.commit()?;
        if !clear.is_empty() {
            checkpoint(&c)?;
        }
        Ok(())
    }

    /// The server key, or why there is none.
    pub(crate) fn sealing(&self) -> Result<&ServerKey, StoreError> {
        self.server.as_ref().ok_or_else(|| {
            StoreError::new("the settings are sealed: open the database with its key file".into())
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

/// The refusal of a key file that is not the database's.
fn wrong_key(key_file: &Path) -> Error {
    Error::invalid(
        "key-file",
        key_file.display().to_string(),
        "the key file this database was sealed with (this is another key: restore the right \
         one from your backup, or, if it is lost, `aftercare key reset` erases the desk's \
         settings and makes a new key; the plans are kept)",
    )
}

/// The tables, a database from before sealing brought up to date on the way (in one
/// transaction, so that two servers opening the file at once do it once); says whether
/// unsealed plans remain.
fn set_up(c: &Connection) -> Result<bool, StoreError> {
    c.execute_batch("BEGIN IMMEDIATE")?;
    let done = (|| -> Result<bool, StoreError> {
        let column = |table: &str, column: &str| -> Result<bool, StoreError> {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM pragma_table_info(?1) WHERE name = ?2",
                params![table, column],
                |row| row.get::<_, i64>(0),
            )? > 0)
        };
        if column("plans", "request")? {
            c.execute_batch(UNSEAL_RENAME)?;
        }
        c.execute_batch(SCHEMA)?;
        // Before claims were per address, one claim held for any address.
        if !column("sent_mail", "address")? {
            c.execute_batch("ALTER TABLE sent_mail ADD COLUMN address BLOB")?;
        }
        column("plans_unsealed", "request")
    })();
    match done {
        Ok(_) => c.execute_batch("COMMIT")?,
        Err(_) => c.execute_batch("ROLLBACK")?,
    }
    done
}

/// Re-seals what the server key seals (the settings) with `new`, records `new`'s check, and
/// forgets the byte counts (their address hashes are the old key's), in one transaction.
fn reseal_with(c: &mut Connection, old: &ServerKey, new: &ServerKey) -> Result<(), StoreError> {
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let settings: Vec<(String, Vec<u8>)> = tx
        .prepare("SELECT name, value FROM settings")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (name, value) in settings {
        let plain = old
            .settings()
            .open(name.as_bytes(), &value)
            .map_err(|e| StoreError::new(format!("the setting {name}: {e}")))?;
        let sealed = new
            .settings()
            .seal(name.as_bytes(), &plain)
            .map_err(|e| StoreError::new(e.to_string()))?;
        tx.execute(
            "UPDATE settings SET value = ?2 WHERE name = ?1",
            params![name, sealed],
        )?;
    }
    tx.execute(
        "UPDATE server_key SET key_check = ?1 WHERE id = 1",
        params![&new.check()[..]],
    )?;
    super::followups::reseal(&tx, old, new)?;
    tx.execute("DELETE FROM stored_bytes", [])?;
    tx.commit()?;
    Ok(())
}

/// Replaces the server key of the database at `db`, whose key is in `key_file`: a new key is
/// written beside it (`<key_file>.new`), everything the old key sealed is sealed again with
/// the new one in one transaction, and the new file then replaces the old. Stop the servers
/// that use the database first. A rotation cut short (a crash) is finished by running it
/// again. Says whether it finished an interrupted one rather than rotating.
pub fn rotate_key(db: &Path, key_file: &Path) -> Result<bool, ServeError> {
    let _alone = KeyHold::take(db, true)?;
    let pending = std::path::PathBuf::from(format!("{}.new", key_file.display()));
    let store = Sqlite::open(db, 1)?;
    if let Some(new) = ServerKey::load(&pending)? {
        if store.key_check()?.as_deref() == Some(&new.check()[..]) {
            super::seal::replace(&pending, key_file)?;
            return Ok(true);
        }
        // The last rotation stopped before it sealed anything: its key is of no use.
        std::fs::remove_file(&pending).map_err(|source| Error::Io {
            path: pending.clone(),
            source,
        })?;
    }
    drop(store);
    let store = Sqlite::open_with_key(db, 1, key_file)?;
    let new = ServerKey::create(&pending)?;
    reseal_with(&mut store.writer(), store.sealing()?, &new)?;
    super::seal::replace(&pending, key_file)?;
    Ok(false)
}

/// For a lost (or wrong) server key: erases everything the key sealed (the desk's settings),
/// or counted under its hashes (the store budget, failed sign-ins), and makes a new key in
/// `key_file`, so the server starts again with the built-in settings. The plans are kept:
/// their keys are their links. Refused while a server uses the database. Says how many
/// settings were erased.
pub fn reset_key(db: &Path, key_file: &Path) -> Result<usize, ServeError> {
    let _alone = KeyHold::take(db, true)?;
    let store = Sqlite::open(db, 1)?;
    let pending = std::path::PathBuf::from(format!("{}.new", key_file.display()));
    let _ = std::fs::remove_file(&pending);
    let new = ServerKey::create(&pending)?;
    let erased = {
        let mut c = store.writer();
        let tx = c
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let erased = tx
            .execute("DELETE FROM settings", [])
            .map_err(StoreError::from)?;
        // The follow-ups' addresses were sealed with the lost key: they cannot be sent.
        super::followups::erase_all(&tx)?;
        for sql in [
            "DELETE FROM stored_bytes",
            "DELETE FROM desk_attempts",
            "DELETE FROM server_key",
        ] {
            tx.execute(sql, []).map_err(StoreError::from)?;
        }
        tx.execute(
            "INSERT INTO server_key (id, key_check) VALUES (1, ?1)",
            params![&new.check()[..]],
        )
        .map_err(StoreError::from)?;
        tx.commit().map_err(StoreError::from)?;
        checkpoint(&c)?;
        erased
    };
    super::seal::replace(&pending, key_file)?;
    Ok(erased)
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

/// Writes `r` as the row of `key`; `verb` is `INSERT`, or `INSERT OR IGNORE` where a row
/// already there stands.
fn insert(c: &Connection, verb: &str, key: &Key, r: &Record) -> Result<(), StoreError> {
    c.prepare_cached(&format!(
        "{verb} INTO plans (key, sealed, revision, etag, updated, purge_after) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    ))?
    .execute(params![
        &key.0[..],
        r.sealed,
        r.revision,
        r.etag,
        r.updated,
        r.purge_after
    ])?;
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

impl Sqlite {
    /// `DELETE` of the plan tables (the unsealed one too, while it exists).
    fn erase(
        &self,
        c: &Connection,
        sql: &str,
        arg: &dyn rusqlite::ToSql,
    ) -> Result<usize, StoreError> {
        let mut n = c
            .prepare_cached(&sql.replace("{table}", "plans"))?
            .execute([arg])?;
        if self.unsealed {
            n += c
                .prepare_cached(&sql.replace("{table}", "plans_unsealed"))?
                .execute([arg])?;
        }
        Ok(n)
    }
}

impl Store for Sqlite {
    fn create(&self, key: &Key, r: &Record, charge: &Charge) -> Result<bool, StoreError> {
        let mut writer = self.writer();
        let tx = writer.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if charge.limit > 0 {
            let used: i64 = tx
                .prepare_cached("SELECT bytes FROM stored_bytes WHERE client = ?1 AND day = ?2")?
                .query_row(params![&charge.client[..], charge.day], |row| row.get(0))
                .optional()?
                .unwrap_or(0);
            let size = i64::try_from(r.sealed.len()).unwrap_or(i64::MAX);
            if used.saturating_add(size) > i64::try_from(charge.limit).unwrap_or(i64::MAX) {
                return Ok(false);
            }
            tx.prepare_cached(
                "INSERT INTO stored_bytes (client, day, bytes) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (client, day) DO UPDATE SET bytes = bytes + excluded.bytes",
            )?
            .execute(params![&charge.client[..], charge.day, size])?;
        }
        insert(&tx, "INSERT", key, r)?;
        tx.commit()?;
        Ok(true)
    }

    fn read(&self, key: &Key) -> Result<Option<Record>, StoreError> {
        Ok(self
            .reader()
            .prepare_cached(
                "SELECT sealed, revision, etag, updated, purge_after FROM plans WHERE key = ?1",
            )?
            .query_row(params![&key.0[..]], |row| {
                Ok(Record {
                    sealed: row.get(0)?,
                    revision: row.get(1)?,
                    etag: row.get(2)?,
                    updated: row.get(3)?,
                    purge_after: row.get(4)?,
                })
            })
            .optional()?)
    }

    fn unsealed(&self, key: &Key) -> Result<Option<Unsealed>, StoreError> {
        if !self.unsealed {
            return Ok(None);
        }
        Ok(self
            .reader()
            .prepare_cached(
                "SELECT request, calendar, revision, updated, purge_after FROM plans_unsealed \
                 WHERE key = ?1",
            )?
            .query_row(params![&key.0[..]], |row| {
                Ok(Unsealed {
                    request: row.get(0)?,
                    calendar: row.get(1)?,
                    revision: row.get(2)?,
                    updated: row.get(3)?,
                    purge_after: row.get(4)?,
                })
            })
            .optional()?)
    }

    fn reseal(&self, key: &Key, r: &Record) -> Result<(), StoreError> {
        let mut writer = self.writer();
        let tx = writer.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another server may have sealed it a moment ago: its row stands.
        insert(&tx, "INSERT OR IGNORE", key, r)?;
        tx.prepare_cached("DELETE FROM plans_unsealed WHERE key = ?1")?
            .execute(params![&key.0[..]])?;
        tx.commit()?;
        checkpoint(&writer)
    }

    fn revise(&self, key: &Key, r: &Record) -> Result<bool, StoreError> {
        let changed = self
            .writer()
            .prepare_cached(
                "UPDATE plans SET sealed = ?2, revision = ?3, etag = ?4, updated = ?5, \
                 purge_after = ?6 WHERE key = ?1 AND revision = ?3 - 1",
            )?
            .execute(params![
                &key.0[..],
                r.sealed,
                r.revision,
                r.etag,
                r.updated,
                r.purge_after
            ])?;
        Ok(changed == 1)
    }

    fn delete(&self, key: &Key) -> Result<bool, StoreError> {
        let mut writer = self.writer();
        // The plan's follow-ups go with it, at once: none is sent after it is gone.
        let tx = writer.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = self.erase(&tx, "DELETE FROM {table} WHERE key = ?1", &&key.0[..])?;
        super::followups::erase(&tx, Some(key))?;
        tx.prepare_cached("DELETE FROM sent_mail WHERE key = ?1")?
            .execute(params![&key.0[..]])?;
        tx.commit()?;
        if changed > 0 {
            checkpoint(&writer)?;
        }
        Ok(changed == 1)
    }

    fn purge(&self, now: i64) -> Result<usize, StoreError> {
        let mut writer = self.writer();
        let tx = writer.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let purged = self.erase(&tx, "DELETE FROM {table} WHERE purge_after < ?1", &now)?;
        super::followups::erase(&tx, None)?;
        tx.commit()?;
        writer
            .prepare_cached("DELETE FROM stored_bytes WHERE day < ?1")?
            .execute(params![now.div_euclid(86_400)])?;
        if purged > 0 {
            let plans = if self.unsealed {
                "SELECT key FROM plans UNION SELECT key FROM plans_unsealed"
            } else {
                "SELECT key FROM plans"
            };
            writer
                .prepare_cached(&format!("DELETE FROM sent_mail WHERE key NOT IN ({plans})"))?
                .execute([])?;
        }
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

    fn claim_sent(
        &self,
        key: &Key,
        address: &[u8; 32],
        at: i64,
    ) -> Result<Option<i64>, StoreError> {
        let mut writer = self.writer();
        let tx = writer.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before: Option<(i64, Option<Vec<u8>>)> = tx
            .prepare_cached("SELECT sent_at, address FROM sent_mail WHERE key = ?1")?
            .query_row(params![&key.0[..]], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        let claimed = match before {
            // A claim from before addresses were kept holds for any address.
            Some((sent_at, None)) => Some(sent_at),
            Some((sent_at, Some(to))) if to == address[..] => Some(sent_at),
            Some(_) => {
                tx.prepare_cached(
                    "UPDATE sent_mail SET sent_at = ?2, address = ?3 WHERE key = ?1",
                )?
                .execute(params![&key.0[..], at, &address[..]])?;
                None
            }
            None => {
                tx.prepare_cached(
                    "INSERT INTO sent_mail (key, sent_at, address) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![&key.0[..], at, &address[..]])?;
                None
            }
        };
        tx.commit()?;
        Ok(claimed)
    }

    fn release_sent(&self, key: &Key) -> Result<(), StoreError> {
        self.writer()
            .prepare_cached("DELETE FROM sent_mail WHERE key = ?1")?
            .execute(params![&key.0[..]])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No budget.
    const FREE: Charge = Charge {
        client: [0; 16],
        day: 0,
        limit: 0,
    };

    fn record(revision: u32, purge_after: i64) -> Record {
        Record {
            sealed: format!("SEALED r{revision}").into_bytes(),
            revision,
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
        assert!(store.create(&a, &record(0, 100), &FREE).unwrap());
        assert!(store.create(&b, &record(0, 300), &FREE).unwrap());
        assert!(
            store.create(&a, &record(0, 100), &FREE).is_err(),
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
    fn a_plan_is_claimed_for_sending_once_per_address_until_released_or_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plans.db");
        let key = Key([7; 32]);
        let (ana, other) = ([1; 32], [2; 32]);
        {
            let store = Sqlite::open(&path, 1).unwrap();
            assert!(store.create(&key, &record(0, 2_000), &FREE).unwrap());
            assert_eq!(store.claim_sent(&key, &ana, 100).unwrap(), None);
            assert_eq!(store.claim_sent(&key, &ana, 200).unwrap(), Some(100));
        }
        let store = Sqlite::open(&path, 1).unwrap();
        assert_eq!(
            store.claim_sent(&key, &ana, 300).unwrap(),
            Some(100),
            "reopened"
        );
        assert_eq!(
            store.claim_sent(&key, &other, 310).unwrap(),
            None,
            "a corrected address is sent to"
        );
        assert_eq!(store.claim_sent(&key, &other, 320).unwrap(), Some(310));
        store.release_sent(&key).unwrap();
        assert_eq!(store.claim_sent(&key, &ana, 400).unwrap(), None);
        assert!(store.delete(&key).unwrap());
        assert!(store.create(&key, &record(0, 2_000), &FREE).unwrap());
        assert_eq!(
            store.claim_sent(&key, &ana, 500).unwrap(),
            None,
            "gone with its plan"
        );
        assert_eq!(store.purge(3_000).unwrap(), 1);
        assert!(store.create(&key, &record(0, 4_000), &FREE).unwrap());
        assert_eq!(
            store.claim_sent(&key, &ana, 600).unwrap(),
            None,
            "gone when purged"
        );
    }

    #[test]
    fn a_claim_from_before_addresses_holds_for_any_address() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plans.db");
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch(
                "CREATE TABLE sent_mail (key BLOB PRIMARY KEY, sent_at INTEGER NOT NULL) WITHOUT ROWID;",
            )
            .unwrap();
            c.execute(
                "INSERT INTO sent_mail (key, sent_at) VALUES (?1, 100)",
                params![&[7u8; 32][..]],
            )
            .unwrap();
        }
        let store = Sqlite::open(&path, 1).unwrap();
        assert_eq!(
            store.claim_sent(&Key([7; 32]), &[1; 32], 200).unwrap(),
            Some(100)
        );
    }

    #[test]
    fn a_deleted_or_purged_plan_leaves_nothing_in_the_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = Sqlite::open(&dir.path().join("plans.db"), 2).unwrap();
        let marked = |n: u8, purge_after| Record {
            sealed: format!("MARKER-{n}-SEALED").into_bytes(),
            ..record(0, purge_after)
        };
        for n in 0..20u8 {
            store.create(&Key([n; 32]), &marked(n, 100), &FREE).unwrap();
        }
        store
            .create(&Key([99; 32]), &marked(99, 1_000), &FREE)
            .unwrap();
        let before = raw(dir.path());
        assert!(
            contains(&before, b"MARKER-3-SEALED"),
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
                let marker = format!("MARKER-{n}-SEALED");
                assert!(
                    !contains(bytes, marker.as_bytes()),
                    "{marker} still in the files"
                );
            }
            assert!(
                contains(bytes, b"MARKER-99-SEALED"),
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
        store.create(&Key([1; 32]), &record(0, 100), &FREE).unwrap();
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

    #[test]
    fn a_client_stores_at_most_its_budget_a_day() {
        let dir = tempfile::tempdir().unwrap();
        let store = Sqlite::open(&dir.path().join("plans.db"), 1).unwrap();
        let size = record(0, 100).sealed.len() as u64;
        let charge = |client: u8, day: i64| Charge {
            client: [client; 16],
            day,
            limit: 2 * size,
        };
        assert!(
            store
                .create(&Key([1; 32]), &record(0, 100), &charge(1, 10))
                .unwrap()
        );
        assert!(
            store
                .create(&Key([2; 32]), &record(0, 100), &charge(1, 10))
                .unwrap()
        );
        assert!(
            !store
                .create(&Key([3; 32]), &record(0, 100), &charge(1, 10))
                .unwrap(),
            "a third is past the budget"
        );
        assert_eq!(
            store.read(&Key([3; 32])).unwrap(),
            None,
            "and is not stored"
        );
        assert!(
            store
                .create(&Key([3; 32]), &record(0, 100), &charge(2, 10))
                .unwrap(),
            "another client"
        );
        assert!(
            store
                .create(&Key([4; 32]), &record(0, 100), &charge(1, 11))
                .unwrap(),
            "the next day"
        );
        let days = |s: &Sqlite| -> i64 {
            s.writer()
                .query_row("SELECT COUNT(*) FROM stored_bytes", [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(days(&store), 3);
        store.purge(11 * 86_400).unwrap();
        assert_eq!(days(&store), 1, "the days before today are forgotten");
    }

    /// A database as versions before sealing made it, with one plan in clear.
    fn unsealed_database(path: &Path) {
        let c = Connection::open(path).unwrap();
        c.execute_batch(
            "CREATE TABLE plans (key BLOB NOT NULL UNIQUE, request TEXT NOT NULL, \
             revision INTEGER NOT NULL, calendar TEXT NOT NULL, etag TEXT NOT NULL, \
             updated INTEGER NOT NULL, purge_after INTEGER NOT NULL);
             CREATE INDEX plans_purge ON plans (purge_after);
             CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
             INSERT INTO settings VALUES ('clinic', 'name = \"Zebrafinch Clinic\"');",
        )
        .unwrap();
        for (n, purge_after) in [(1u8, 1_000), (2, 100)] {
            c.execute(
                "INSERT INTO plans VALUES (?1, ?2, 3, ?3, '\"e\"', 5, ?4)",
                params![
                    &[n; 32][..],
                    format!("{{\"areas\": [\"OLDAREA{n}\"]}}"),
                    format!("BEGIN:VCALENDAR OLDCAL{n}"),
                    purge_after
                ],
            )
            .unwrap();
        }
    }

    #[test]
    fn plans_from_before_sealing_are_sealed_on_their_next_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plans.db");
        unsealed_database(&path);
        let store = Sqlite::open(&path, 1).unwrap();
        let (old, purged) = (Key([1; 32]), Key([2; 32]));
        assert_eq!(store.read(&old).unwrap(), None);
        let unsealed = store.unsealed(&old).unwrap().unwrap();
        assert_eq!(unsealed.request, "{\"areas\": [\"OLDAREA1\"]}");
        assert_eq!(unsealed.calendar, "BEGIN:VCALENDAR OLDCAL1");
        assert_eq!(
            (unsealed.revision, unsealed.updated, unsealed.purge_after),
            (3, 5, 1_000)
        );
        assert_eq!(store.purge(500).unwrap(), 1, "the unsealed are purged too");
        assert_eq!(store.unsealed(&purged).unwrap(), None);
        let sealed = record(3, 1_000);
        store.reseal(&old, &sealed).unwrap();
        assert_eq!(store.unsealed(&old).unwrap(), None);
        assert_eq!(store.read(&old).unwrap(), Some(sealed));
        drop(store);
        let bytes = raw(dir.path());
        for marker in ["OLDAREA1", "OLDCAL1", "OLDAREA2", "OLDCAL2"] {
            assert!(
                !contains(&bytes, marker.as_bytes()),
                "{marker} in the files"
            );
        }
    }

    #[test]
    fn settings_are_sealed_with_the_key_file_and_refused_with_another() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plans.db");
        let key = dir.path().join("plans.db.key");
        unsealed_database(&path);
        let store = Sqlite::open_sealed(&path, 1, &key).unwrap();
        let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the key file is made private");
        assert_eq!(
            store.setting("clinic").unwrap().as_deref(),
            Some("name = \"Zebrafinch Clinic\""),
            "a setting stored in clear is sealed at start, and still reads"
        );
        store.set_setting("protocol", "Zebraprotocol").unwrap();
        drop(store);
        let bytes = raw(dir.path());
        for marker in ["Zebrafinch", "Zebraprotocol"] {
            assert!(
                !contains(&bytes, marker.as_bytes()),
                "{marker} in the files"
            );
        }
        assert!(
            Sqlite::open(&path, 1).unwrap().setting("clinic").is_err(),
            "no key, no settings"
        );

        let other = dir.path().join("other.key");
        crate::serve::seal::ServerKey::create(&other).unwrap();
        let err = Sqlite::open_sealed(&path, 1, &other)
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("key-file") && err.contains("another key"),
            "{err}"
        );
        let missing = dir.path().join("missing.key");
        let err = Sqlite::open_sealed(&path, 1, &missing)
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("missing"), "{err}");
        assert!(!missing.exists(), "no new key for a sealed database");

        let reopened = Sqlite::open_sealed(&path, 1, &key).unwrap();
        assert_eq!(
            reopened.setting("protocol").unwrap().as_deref(),
            Some("Zebraprotocol")
        );
    }

    #[test]
    fn a_rotated_key_seals_everything_and_the_old_one_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plans.db");
        let key = dir.path().join("plans.db.key");
        let store = Sqlite::open_sealed(&path, 1, &key).unwrap();
        store.set_setting("clinic", "name = \"X\"").unwrap();
        drop(store);
        let old = std::fs::read(&key).unwrap();
        assert!(!rotate_key(&path, &key).unwrap());
        let new = std::fs::read(&key).unwrap();
        assert_ne!(old, new);
        let store = Sqlite::open_sealed(&path, 1, &key).unwrap();
        assert_eq!(
            store.setting("clinic").unwrap().as_deref(),
            Some("name = \"X\"")
        );
        drop(store);
        let old_file = dir.path().join("old.key");
        std::fs::write(&old_file, &old).unwrap();
        std::fs::set_permissions(
            &old_file,
            std::os::unix::fs::PermissionsExt::from_mode(0o600),
        )
        .unwrap();
        assert!(Sqlite::open_sealed(&path, 1, &old_file).is_err());

        // Cut short after the database was sealed with the new key, before the file moved.
        std::fs::rename(&key, dir.path().join("plans.db.key.new")).unwrap();
        std::fs::rename(&old_file, &key).unwrap();
        assert!(Sqlite::open_sealed(&path, 1, &key).is_err());
        assert!(rotate_key(&path, &key).unwrap(), "finished");
        assert_eq!(std::fs::read(&key).unwrap(), new);
        Sqlite::open_sealed(&path, 1, &key).unwrap();
    }
}
