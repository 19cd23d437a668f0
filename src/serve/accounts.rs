//! The front desk's accounts, sign-ins and the clinic's settings, in the server's database.
//!
//! Passwords are stored as Argon2id hashes (PHC strings, the `argon2` crate's defaults). A
//! sign-in is a random token in a cookie; the database keeps its SHA-256 only, with its user,
//! its form token (every state-changing desk form carries it) and when it expires.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rusqlite::{OptionalExtension, params};
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
}

pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS desk_users (
    name TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    role TEXT NOT NULL,
    created INTEGER NOT NULL
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
";

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
                "INSERT OR IGNORE INTO desk_users (name, hash, role, created) VALUES (?1, ?2, ?3, ?4)",
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
        let mut statement = c.prepare("SELECT name, role FROM desk_users ORDER BY name")?;
        let rows = statement.query_map([], |row| {
            Ok(User {
                name: row.get(0)?,
                role: Role::parse(&row.get::<_, String>(1)?),
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
        let found: Option<(String, String)> = self
            .reader()
            .query_row(
                "SELECT hash, role FROM desk_users WHERE name = ?1",
                params![name],
                |row| Ok((row.get(0)?, row.get(1)?)),
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
        let hash = found.as_ref().map_or(decoy.as_str(), |(h, _)| h.as_str());
        let good = PasswordHash::new(hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        Ok(match (good, found) {
            (true, Some((_, role))) => Some(User {
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
            },
        ))
    }

    /// The live sign-in of a cookie's token at `now`.
    pub fn session(&self, token: &str, now: i64) -> Result<Option<Session>, StoreError> {
        Ok(self
            .reader()
            .query_row(
                "SELECT s.user, u.role, s.form_token FROM desk_sessions s JOIN desk_users u ON u.name = s.user \
                 WHERE s.key = ?1 AND s.expires > ?2",
                params![key_of(token), now],
                |row| {
                    Ok(Session {
                        user: User {
                            name: row.get(0)?,
                            role: Role::parse(&row.get::<_, String>(1)?),
                        },
                        form_token: row.get(2)?,
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
}
