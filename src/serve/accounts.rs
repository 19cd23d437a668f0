//! The front desk's accounts, sign-ins and the clinic's settings, in the server's database.
//!
//! Passwords are stored as Argon2id hashes (PHC strings, the `argon2` crate's defaults). A
//! sign-in is a random token in a cookie; the database keeps its SHA-256 only, with its user,
//! its form token (every state-changing desk form carries it) and when it expires.
//!
//! Sign-in attempts are counted in the database too (so that `aftercare desk unlock` and every
//! server process sharing the file see the same counts): an attempt is recorded before its
//! password is checked, in the same transaction that counts the earlier ones, so parallel
//! guesses cannot slip past the limit. The table is pruned by time and capped in rows.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use sha2::{Digest, Sha256};

use super::store::{Sqlite, StoreError};
use super::token::Token;
use crate::error::Error;

/// What a desk account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Hand plans over, suggest times, upload a day's list.
    Desk,
    /// All that, and change the clinic's settings.
    Admin,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Desk => "desk",
            Role::Admin => "admin",
        }
    }

    fn parse(text: &str) -> Role {
        if text == "admin" {
            Role::Admin
        } else {
            Role::Desk
        }
    }
}

/// A desk account, as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// Its id: random, never reused, so that what an account owns (a day's list) is not
    /// handed to a later account of the same name.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its role.
    pub role: Role,
}

/// A live sign-in.
#[derive(Clone, Debug)]
pub struct Session {
    /// Who signed in.
    pub user: User,
    /// The token every state-changing form of this sign-in carries.
    pub form_token: String,
    /// The language the desk speaks to this request: the browser's, else the clinic's (set
    /// when the sign-in is read; English until then).
    pub lang: crate::i18n::Lang,
}

pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS desk_users (
    name TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    role TEXT NOT NULL,
    created INTEGER NOT NULL,
    id TEXT
);
CREATE TABLE IF NOT EXISTS desk_sessions (
    key BLOB PRIMARY KEY,
    user TEXT NOT NULL REFERENCES desk_users (name) ON DELETE CASCADE,
    form_token TEXT NOT NULL,
    expires INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS desk_attempts (
    account TEXT NOT NULL,
    address TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS desk_attempts_pair ON desk_attempts (account, address, at);
CREATE INDEX IF NOT EXISTS desk_attempts_address ON desk_attempts (address, at);
CREATE INDEX IF NOT EXISTS desk_attempts_at ON desk_attempts (at);
";

/// Brings the accounts of a database made by an older version up to date: each account gets
/// its id (in one transaction, so two servers opening the file at once do it once).
pub(crate) fn upgrade(c: &Connection) -> Result<(), StoreError> {
    c.execute_batch("BEGIN IMMEDIATE")?;
    let done = (|| {
        let has_id: i64 = c.query_row(
            "SELECT COUNT(*) FROM pragma_table_info('desk_users') WHERE name = 'id'",
            [],
            |row| row.get(0),
        )?;
        if has_id == 0 {
            c.execute_batch("ALTER TABLE desk_users ADD COLUMN id TEXT")?;
        }
        c.execute(
            "UPDATE desk_users SET id = lower(hex(randomblob(16))) WHERE id IS NULL",
            [],
        )
    })();
    match done {
        Ok(_) => c.execute_batch("COMMIT")?,
        Err(_) => c.execute_batch("ROLLBACK")?,
    }
    done?;
    Ok(())
}

/// Failed sign-ins allowed per account from one address in [`WINDOW`]: past it, that address
/// waits for that account, while the account's owner elsewhere still signs in.
pub const PER_ACCOUNT_AND_ADDRESS: i64 = 5;
/// Failed sign-ins allowed per address in [`WINDOW`], whatever the accounts.
pub const PER_ADDRESS: i64 = 20;
/// How long a failed sign-in counts, in seconds.
pub const WINDOW: i64 = 15 * 60;
/// The most attempts kept: the oldest go first, whatever is sent.
const KEPT_ATTEMPTS: i64 = 20_000;

/// Whether a sign-in attempt may be checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// Counted (as a failure until [`Sqlite::attempt_succeeded`] says otherwise): check it.
    Counted(i64),
    /// The limit is used up: seconds to wait.
    Wait(u64),
}

/// Checks an account name: 1 to 64 letters, digits, `.`, `_`, `-` or `@`.
pub fn check_name(name: &str) -> Result<(), Error> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-@".contains(c));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "name",
            name,
            "1 to 64 letters, digits, '.', '_', '-' or '@'",
        ))
    }
}

/// Checks a new password: at least 10 characters, at most 1,000.
pub fn check_password(password: &str) -> Result<(), Error> {
    let n = password.chars().count();
    if (10..=1000).contains(&n) {
        Ok(())
    } else {
        Err(Error::invalid(
            "password",
            "(hidden)",
            "at least 10 characters (a few words make a good one)",
        ))
    }
}

fn key_of(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

impl Sqlite {
    /// Adds a desk account; an existing name is refused.
    pub fn add_user(&self, name: &str, password: &str, role: Role, now: i64) -> Result<(), Error> {
        check_name(name)?;
        check_password(password)?;
        let hash = Argon2::default()
            .hash_password(password.as_bytes())
            .map_err(|e| Error::invalid("password", "(hidden)", e.to_string()))?
            .to_string();
        let inserted = self
            .writer()
            .execute(
                "INSERT OR IGNORE INTO desk_users (name, hash, role, created, id) \
                 VALUES (?1, ?2, ?3, ?4, lower(hex(randomblob(16))))",
                params![name, hash, role.as_str(), now],
            )
            .map_err(store_error)?;
        if inserted == 0 {
            return Err(Error::invalid("name", name, "a name no other account has"));
        }
        Ok(())
    }

    /// The accounts, by name.
    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        let c = self.writer();
        let mut statement = c.prepare("SELECT id, name, role FROM desk_users ORDER BY name")?;
        let rows = statement.query_map([], |row| {
            Ok(User {
                id: row.get(0)?,
                name: row.get(1)?,
                role: Role::parse(&row.get::<_, String>(2)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Removes an account and its sign-ins; false when there was none.
    pub fn remove_user(&self, name: &str) -> Result<bool, StoreError> {
        let c = self.writer();
        c.execute("DELETE FROM desk_sessions WHERE user = ?1", params![name])?;
        Ok(c.execute("DELETE FROM desk_users WHERE name = ?1", params![name])? == 1)
    }

    /// The account if `password` is its password. The hash is computed even for an unknown
    /// name, so that the answer takes as long either way.
    pub fn verify(&self, name: &str, password: &str) -> Result<Option<User>, StoreError> {
        let found: Option<(String, String, String)> = self
            .reader()
            .query_row(
                "SELECT hash, role, id FROM desk_users WHERE name = ?1",
                params![name],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        // The hash of a random password, made once: what an unknown name is checked against.
        static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let decoy = DECOY.get_or_init(|| {
            let random = Token::new()
                .map(|t| t.as_str().to_string())
                .unwrap_or_default();
            Argon2::default()
                .hash_password(random.as_bytes())
                .map(|h| h.to_string())
                .unwrap_or_default()
        });
        let hash = found
            .as_ref()
            .map_or(decoy.as_str(), |(h, _, _)| h.as_str());
        let good = PasswordHash::new(hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        Ok(match (good, found) {
            (true, Some((_, role, id))) => Some(User {
                id,
                name: name.to_string(),
                role: Role::parse(&role),
            }),
            _ => None,
        })
    }

    /// Starts a sign-in for `user` until `expires`: the cookie's token, and the session.
    pub fn start_session(
        &self,
        user: &User,
        expires: i64,
    ) -> Result<(String, Session), StoreError> {
        let token = Token::new().map_err(|e| StoreError::new(e.to_string()))?;
        let form_token = Token::new().map_err(|e| StoreError::new(e.to_string()))?;
        self.writer().execute(
            "INSERT INTO desk_sessions (key, user, form_token, expires) VALUES (?1, ?2, ?3, ?4)",
            params![
                key_of(token.as_str()),
                user.name,
                form_token.as_str(),
                expires
            ],
        )?;
        Ok((
            token.as_str().to_string(),
            Session {
                user: user.clone(),
                form_token: form_token.as_str().to_string(),
                lang: crate::i18n::Lang::En,
            },
        ))
    }

    /// The live sign-in of a cookie's token at `now`.
    pub fn session(&self, token: &str, now: i64) -> Result<Option<Session>, StoreError> {
        Ok(self
            .reader()
            .query_row(
                "SELECT s.user, u.role, s.form_token, u.id FROM desk_sessions s JOIN desk_users u ON u.name = s.user \
                 WHERE s.key = ?1 AND s.expires > ?2",
                params![key_of(token), now],
                |row| {
                    Ok(Session {
                        user: User {
                            id: row.get(3)?,
                            name: row.get(0)?,
                            role: Role::parse(&row.get::<_, String>(1)?),
                        },
                        form_token: row.get(2)?,
                        lang: crate::i18n::Lang::En,
                    })
                },
            )
            .optional()?)
    }

    /// Ends a sign-in (and any expired ones).
    pub fn end_session(&self, token: &str, now: i64) -> Result<(), StoreError> {
        let c = self.writer();
        c.execute(
            "DELETE FROM desk_sessions WHERE key = ?1",
            params![key_of(token)],
        )?;
        c.execute(
            "DELETE FROM desk_sessions WHERE expires <= ?1",
            params![now],
        )?;
        Ok(())
    }

    /// Counts a sign-in attempt for `account` from `address` at `now`, unless the failures
    /// already counted there (per account and address, and per address) use up the limit.
    /// Counting and recording are one transaction, taken before the password is checked, so
    /// parallel attempts cannot all pass; expired and surplus attempts are pruned on the way.
    pub fn begin_attempt(
        &self,
        account: &str,
        address: &str,
        now: i64,
    ) -> Result<Attempt, StoreError> {
        let mut c = self.writer();
        let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "DELETE FROM desk_attempts WHERE at <= ?1",
            params![now - WINDOW],
        )?;
        tx.execute(
            "DELETE FROM desk_attempts WHERE rowid <= (SELECT MAX(rowid) FROM desk_attempts) - ?1",
            params![KEPT_ATTEMPTS],
        )?;
        // The time of the limit-th latest failure: when it expires, there is room again.
        let full = |sql: &str, args: &[&dyn rusqlite::ToSql]| -> Result<Option<i64>, StoreError> {
            Ok(tx.query_row(sql, args, |row| row.get(0)).optional()?)
        };
        let blocked = full(
            "SELECT at FROM desk_attempts WHERE account = ?1 AND address = ?2 \
             ORDER BY at DESC LIMIT 1 OFFSET ?3",
            &[&account, &address, &(PER_ACCOUNT_AND_ADDRESS - 1)],
        )?
        .into_iter()
        .chain(full(
            "SELECT at FROM desk_attempts WHERE address = ?1 ORDER BY at DESC LIMIT 1 OFFSET ?2",
            &[&address, &(PER_ADDRESS - 1)],
        )?)
        .max();
        let attempt = match blocked {
            Some(at) => Attempt::Wait((at + WINDOW - now).max(1).unsigned_abs()),
            None => {
                tx.execute(
                    "INSERT INTO desk_attempts (account, address, at) VALUES (?1, ?2, ?3)",
                    params![account, address, now],
                )?;
                Attempt::Counted(tx.last_insert_rowid())
            }
        };
        tx.commit()?;
        Ok(attempt)
    }

    /// The attempt counted by [`Sqlite::begin_attempt`] was the right password: it is not a
    /// failure, and the account's earlier failures from that address are forgotten.
    pub fn attempt_succeeded(
        &self,
        account: &str,
        address: &str,
        attempt: i64,
    ) -> Result<(), StoreError> {
        self.writer().execute(
            "DELETE FROM desk_attempts WHERE rowid = ?1 OR (account = ?2 AND address = ?3)",
            params![attempt, account, address],
        )?;
        Ok(())
    }

    /// Forgets the failed sign-ins of `account`, from every address: its lock-outs are lifted.
    /// Says how many were forgotten.
    pub fn unlock(&self, account: &str) -> Result<usize, StoreError> {
        Ok(self.writer().execute(
            "DELETE FROM desk_attempts WHERE account = ?1",
            params![account],
        )?)
    }

    /// Sets the password of account `name` (checked by [`check_password`]) and ends its other
    /// sign-ins: every one but the sign-in of the cookie `keep`.
    pub fn set_password(&self, name: &str, password: &str, keep: &str) -> Result<(), Error> {
        check_password(password)?;
        let hash = Argon2::default()
            .hash_password(password.as_bytes())
            .map_err(|e| Error::invalid("password", "(hidden)", e.to_string()))?
            .to_string();
        let mut c = self.writer();
        let tx = c.transaction().map_err(store_error)?;
        let changed = tx
            .execute(
                "UPDATE desk_users SET hash = ?1 WHERE name = ?2",
                params![hash, name],
            )
            .map_err(store_error)?;
        if changed == 0 {
            return Err(Error::invalid("name", name, "the name of an account"));
        }
        tx.execute(
            "DELETE FROM desk_sessions WHERE user = ?1 AND key != ?2",
            params![name, key_of(keep)],
        )
        .map_err(store_error)?;
        tx.commit().map_err(store_error)
    }

    /// A stored setting (`clinic`, `logo`, `protocol`), opened with the server key.
    pub fn setting(&self, name: &str) -> Result<Option<String>, StoreError> {
        let key = self.sealing()?.settings();
        let sealed: Option<Vec<u8>> = self
            .reader()
            .query_row(
                "SELECT value FROM settings WHERE name = ?1",
                params![name],
                |row| row.get(0),
            )
            .optional()?;
        sealed
            .map(|sealed| {
                let plain = key
                    .open(name.as_bytes(), &sealed)
                    .map_err(|e| StoreError::new(format!("the setting {name}: {e}")))?;
                String::from_utf8(plain)
                    .map_err(|e| StoreError::new(format!("the setting {name}: {e}")))
            })
            .transpose()
    }

    /// Stores a setting, sealed with the server key; an empty value removes it.
    pub fn set_setting(&self, name: &str, value: &str) -> Result<(), StoreError> {
        if value.trim().is_empty() {
            self.writer()
                .execute("DELETE FROM settings WHERE name = ?1", params![name])?;
        } else {
            let sealed = self
                .sealing()?
                .settings()
                .seal(name.as_bytes(), value.as_bytes())
                .map_err(|e| StoreError::new(e.to_string()))?;
            self.writer().execute(
                "INSERT INTO settings (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET value = ?2",
                params![name, sealed],
            )?;
        }
        Ok(())
    }
}

fn store_error(e: rusqlite::Error) -> Error {
    Error::Output {
        what: "account",
        reason: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_sign_in_and_out() {
        let dir = tempfile::tempdir().unwrap();
        let db =
            Sqlite::open_sealed(&dir.path().join("p.db"), 1, &dir.path().join("p.db.key")).unwrap();
        db.add_user("maria", "correct horse battery", Role::Admin, 0)
            .unwrap();
        assert!(
            db.add_user("maria", "another good one", Role::Desk, 0)
                .is_err()
        );
        assert!(
            db.add_user("bad name", "correct horse battery", Role::Desk, 0)
                .is_err()
        );
        assert_eq!(
            db.add_user("short", "short", Role::Desk, 0)
                .unwrap_err()
                .field(),
            Some("password")
        );
        assert_eq!(db.verify("maria", "wrong password!").unwrap(), None);
        assert_eq!(db.verify("nobody", "correct horse battery").unwrap(), None);
        let maria = db
            .verify("maria", "correct horse battery")
            .unwrap()
            .unwrap();
        assert_eq!(maria.role, Role::Admin);
        let (cookie, session) = db.start_session(&maria, 100).unwrap();
        assert_eq!(
            db.session(&cookie, 99).unwrap().unwrap().form_token,
            session.form_token
        );
        assert!(db.session(&cookie, 100).unwrap().is_none(), "expired");
        let stored = std::fs::read(dir.path().join("p.db")).unwrap_or_default();
        assert!(!stored.windows(cookie.len()).any(|w| w == cookie.as_bytes()));
        assert!(db.remove_user("maria").unwrap());
        assert!(db.session(&cookie, 0).unwrap().is_none());
        db.set_setting("clinic", "name = \"X\"").unwrap();
        assert_eq!(
            db.setting("clinic").unwrap().as_deref(),
            Some("name = \"X\"")
        );
        db.set_setting("clinic", "").unwrap();
        assert_eq!(db.setting("clinic").unwrap(), None);
    }

    #[test]
    fn attempts_are_limited_per_account_and_address_and_per_address() {
        let dir = tempfile::tempdir().unwrap();
        let db = Sqlite::open(&dir.path().join("p.db"), 1).unwrap();
        let now = 1_000_000;
        for _ in 0..PER_ACCOUNT_AND_ADDRESS {
            assert!(matches!(
                db.begin_attempt("maria", "203.0.113.7", now).unwrap(),
                Attempt::Counted(_)
            ));
        }
        assert_eq!(
            db.begin_attempt("maria", "203.0.113.7", now + 60).unwrap(),
            Attempt::Wait((WINDOW - 60) as u64)
        );
        // The same account from another address, and another account from that one.
        let Attempt::Counted(ok) = db.begin_attempt("maria", "192.0.2.1", now).unwrap() else {
            panic!("another address waits")
        };
        db.attempt_succeeded("maria", "192.0.2.1", ok).unwrap();
        for i in PER_ACCOUNT_AND_ADDRESS..PER_ADDRESS {
            let name = format!("user{i}");
            assert!(matches!(
                db.begin_attempt(&name, "203.0.113.7", now).unwrap(),
                Attempt::Counted(_)
            ));
        }
        assert!(matches!(
            db.begin_attempt("front", "203.0.113.7", now).unwrap(),
            Attempt::Wait(_)
        ));
        // Unlocked: the account's failures go, the address's others stay.
        assert_eq!(
            db.unlock("maria").unwrap(),
            PER_ACCOUNT_AND_ADDRESS as usize
        );
        assert!(matches!(
            db.begin_attempt("maria", "203.0.113.7", now).unwrap(),
            Attempt::Counted(_)
        ));
        // After the window, all is forgotten.
        assert!(matches!(
            db.begin_attempt("front", "203.0.113.7", now + WINDOW)
                .unwrap(),
            Attempt::Counted(_)
        ));
        let rows: i64 = db
            .writer()
            .query_row("SELECT COUNT(*) FROM desk_attempts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1);
    }

    #[test]
    fn the_attempts_kept_are_capped_whatever_is_sent() {
        let dir = tempfile::tempdir().unwrap();
        let db = Sqlite::open(&dir.path().join("p.db"), 1).unwrap();
        db.writer()
            .execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000) \
                 INSERT INTO desk_attempts (account, address, at) SELECT 'x' || i, 'a' || i, 10 FROM n",
                [],
            )
            .unwrap();
        db.begin_attempt("maria", "192.0.2.1", 20).unwrap();
        let rows: i64 = db
            .writer()
            .query_row("SELECT COUNT(*) FROM desk_attempts", [], |r| r.get(0))
            .unwrap();
        assert!(rows <= KEPT_ATTEMPTS + 1, "{rows}");
    }

    #[test]
    fn an_older_database_s_accounts_get_their_ids_and_a_new_password_ends_other_sign_ins() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        {
            let old = Connection::open(&path).unwrap();
            old.execute_batch(
                "CREATE TABLE desk_users (name TEXT PRIMARY KEY, hash TEXT NOT NULL, role TEXT NOT NULL, created INTEGER NOT NULL);\
                 INSERT INTO desk_users VALUES ('old', 'x', 'desk', 0);",
            )
            .unwrap();
        }
        let db = Sqlite::open(&path, 1).unwrap();
        db.add_user("maria", "correct horse battery", Role::Desk, 0)
            .unwrap();
        let users = db.users().unwrap();
        assert_eq!(users.len(), 2);
        assert!(users.iter().all(|u| u.id.len() == 32));
        assert_ne!(users[0].id, users[1].id);
        let maria = db
            .verify("maria", "correct horse battery")
            .unwrap()
            .unwrap();
        let (this, _) = db.start_session(&maria, 100).unwrap();
        let (other, _) = db.start_session(&maria, 100).unwrap();
        assert!(db.set_password("maria", "short", &this).is_err());
        db.set_password("maria", "another good one", &this).unwrap();
        assert!(db.session(&this, 0).unwrap().is_some());
        assert!(db.session(&other, 0).unwrap().is_none());
        assert!(db.verify("maria", "another good one").unwrap().is_some());
        drop(db);
        let again = Sqlite::open(&path, 1).unwrap();
        assert_eq!(again.users().unwrap(), users, "ids kept");
    }
}
