//! Sealing what the database keeps, so that a copy of it reveals no health data.
//!
//! Everything sealed is XChaCha20-Poly1305 (RustCrypto's `chacha20poly1305`) under a key
//! derived with HKDF-SHA256, with a random 24-byte nonce per write and the place it belongs
//! to as associated data (a plan's record key, a setting's name): a sealed value moved to
//! another row, or changed by one bit, does not open.
//!
//! Two roots of keys:
//! * a plan's token ([`SealKey::for_plan`]): its content (the request and the calendar) opens
//!   only with the patient's link, which the server never stores;
//! * the server key ([`ServerKey`]), 32 random bytes in a file kept outside the database
//!   (`--key-file`): what the server reads without the patient (the desk's settings, the
//!   follow-up e-mails' addresses and texts) and the keyed hashes of client addresses.
//!
//! A sealed value is one format byte (1), the nonce, then the ciphertext and its tag.

use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use sha2::Sha256;

use super::token::Token;
use crate::error::Error;

/// The format byte of every sealed value; bound into its associated data.
const FORMAT: u8 = 1;
const NONCE: usize = 24;
/// The tag Poly1305 appends.
const TAG: usize = 16;
/// HKDF's salt: fixed, so that a key is derived the same way by every server.
const SALT: &[u8] = b"aftercare seal";

/// Why a sealed value could not be made or opened.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// Another key, another row, or changed bytes: nothing is returned.
    #[error("sealed data that this key does not open (another key, another row, or changed)")]
    Refused,
    /// The operating system's random source failed.
    #[error("the random source failed: {0}")]
    Random(String),
}

/// 32 bytes of HKDF-SHA256 output of `ikm` for `info`.
fn derive(ikm: &[u8], info: &[&[u8]]) -> [u8; 32] {
    let mut okm = [0u8; 32];
    Hkdf::<Sha256>::new(Some(SALT), ikm)
        .expand_multi_info(info, &mut okm)
        .expect("32 bytes is well within HKDF-SHA256's output");
    okm
}

/// A key that seals and opens values.
#[derive(Clone)]
pub struct SealKey([u8; 32]);

impl std::fmt::Debug for SealKey {
    // Never in a log by accident.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKey(…)")
    }
}

impl SealKey {
    /// The key of a plan's content: HKDF-SHA256 of its token (the link's 22 characters).
    pub fn for_plan(token: &Token) -> Self {
        SealKey(derive(token.as_str().as_bytes(), &[b"plan content v1"]))
    }

    /// `plain`, sealed for the place `aad` (a random nonce each time).
    pub fn seal(&self, aad: &[u8], plain: &[u8]) -> Result<Vec<u8>, SealError> {
        let mut nonce = [0u8; NONCE];
        getrandom::fill(&mut nonce).map_err(|e| SealError::Random(e.to_string()))?;
        let bound = [&[FORMAT][..], aad].concat();
        let sealed = XChaCha20Poly1305::new(&self.0.into())
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plain,
                    aad: &bound,
                },
            )
            // Only a message past ChaCha20's 256 GiB limit fails: none is that large.
            .map_err(|_| SealError::Refused)?;
        let mut out = Vec::with_capacity(1 + NONCE + sealed.len());
        out.push(FORMAT);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// What [`SealKey::seal`] sealed for `aad`, if this key sealed it there, unchanged.
    pub fn open(&self, aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>, SealError> {
        if sealed.len() < 1 + NONCE + TAG || sealed[0] != FORMAT {
            return Err(SealError::Refused);
        }
        let (nonce, body) = sealed[1..].split_at(NONCE);
        let nonce: [u8; NONCE] = nonce.try_into().map_err(|_| SealError::Refused)?;
        let bound = [&[FORMAT][..], aad].concat();
        XChaCha20Poly1305::new(&self.0.into())
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: body,
                    aad: &bound,
                },
            )
            .map_err(|_| SealError::Refused)
    }
}

/// The server key: 32 random bytes in a file outside the database, readable by its owner
/// only. The keys it roots are derived from it, one per use.
#[derive(Clone)]
pub struct ServerKey([u8; 32]);

impl std::fmt::Debug for ServerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerKey(…)")
    }
}

/// The size of a key file.
pub const KEY_BYTES: usize = 32;

impl ServerKey {
    /// The key in `path`; `None` when there is no such file. A file that others may read, or
    /// that is not 32 bytes, is refused.
    pub fn load(path: &Path) -> Result<Option<Self>, Error> {
        use std::os::unix::fs::PermissionsExt;
        let metadata = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(Error::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let mode = metadata.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(Error::invalid(
                "key-file",
                path.display().to_string(),
                format!(
                    "a key file readable by its owner only (it is {mode:04o}: chmod 600 {})",
                    path.display()
                ),
            ));
        }
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let key: [u8; KEY_BYTES] = bytes.as_slice().try_into().map_err(|_| {
            Error::invalid(
                "key-file",
                path.display().to_string(),
                format!(
                    "a key file of {KEY_BYTES} bytes, as aftercare makes it (this one has {})",
                    bytes.len()
                ),
            )
        })?;
        Ok(Some(ServerKey(key)))
    }

    /// A new random key, written to `path` (which must not exist yet) with mode 0600.
    pub fn create(path: &Path) -> Result<Self, Error> {
        use std::os::unix::fs::OpenOptionsExt;
        let failed = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut key = [0u8; KEY_BYTES];
        getrandom::fill(&mut key).map_err(|e| failed(std::io::Error::other(e.to_string())))?;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(failed)?;
        file.write_all(&key).map_err(failed)?;
        file.sync_all().map_err(failed)?;
        sync_dir(path).map_err(failed)?;
        Ok(ServerKey(key))
    }

    /// The key that seals the desk's settings.
    pub fn settings(&self) -> SealKey {
        SealKey(derive(&self.0, &[b"settings v1"]))
    }

    /// The key that seals the follow-up e-mails' queue: the patient's address and the
    /// messages, which the sender reads without the patient's link.
    pub fn followups(&self) -> SealKey {
        SealKey(derive(&self.0, &[b"followups v1"]))
    }

    /// The secret of the plan a day's list row is kept as: the same for the same patient id
    /// and appointment start (Unix seconds), so a list sent again finds the plans it made
    /// (and what was sent), and unguessable without the server key, like a random token.
    pub fn list_row(&self, id: &str, start: i64) -> [u8; 16] {
        let full = derive(
            &self.0,
            &[b"list row v1", &start.to_be_bytes(), id.as_bytes()],
        );
        let mut out = [0u8; 16];
        out.copy_from_slice(&full[..16]);
        out
    }

    /// What the database keeps to tell, at start, that this is its key (it reveals nothing
    /// of the key).
    pub fn check(&self) -> [u8; 32] {
        derive(&self.0, &[b"key check v1"])
    }

    /// The keyed hash a client address is counted under on UTC day `day` (days since
    /// 1970): the address is never stored, and one day's hash does not match another's.
    pub fn client(&self, address: IpAddr, day: i64) -> [u8; 16] {
        self.address_hash(b"client address v1", &day.to_be_bytes(), address)
    }

    /// The keyed hash failed desk sign-ins from `address` are counted under, as hex: the
    /// same all day and night, so that a lock-out's 15 minutes do not restart at midnight,
    /// and kept no longer than those 15 minutes.
    pub fn sign_in(&self, address: IpAddr) -> String {
        self.address_hash(b"sign-in address v1", &[], address)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn address_hash(&self, purpose: &[u8], extra: &[u8], address: IpAddr) -> [u8; 16] {
        let address = match address {
            IpAddr::V4(a) => a.to_ipv6_mapped().octets(),
            IpAddr::V6(a) => a.octets(),
        };
        let full = derive(&self.0, &[purpose, extra, &address]);
        let mut out = [0u8; 16];
        out.copy_from_slice(&full[..16]);
        out
    }
}

/// Makes a new file's name durable in its folder.
fn sync_dir(path: &Path) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::File::open(dir)?.sync_all()
}

/// Replaces `to` by `from` and makes the change durable (a key rotation's last step).
pub(crate) fn replace(from: &Path, to: &Path) -> Result<(), Error> {
    std::fs::rename(from, to)
        .and_then(|()| sync_dir(to))
        .map_err(|source| Error::Io {
            path: to.to_path_buf(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SealKey {
        SealKey::for_plan(&Token::new().unwrap())
    }

    #[test]
    fn what_is_sealed_opens_with_its_key_at_its_place_only() {
        let (k, other) = (key(), key());
        let sealed = k.seal(b"row 1", b"Zebrafinchrun at 18:00").unwrap();
        assert!(
            !sealed
                .windows(b"Zebrafinchrun".len())
                .any(|w| w == b"Zebrafinchrun")
        );
        assert_eq!(
            k.open(b"row 1", &sealed).unwrap(),
            b"Zebrafinchrun at 18:00"
        );
        assert_ne!(
            sealed,
            k.seal(b"row 1", b"Zebrafinchrun at 18:00").unwrap(),
            "a new nonce each time"
        );
        assert!(matches!(
            other.open(b"row 1", &sealed),
            Err(SealError::Refused)
        ));
        assert!(
            matches!(k.open(b"row 2", &sealed), Err(SealError::Refused)),
            "moved to another row"
        );
        for i in 0..sealed.len() {
            let mut changed = sealed.clone();
            changed[i] ^= 1;
            assert!(k.open(b"row 1", &changed).is_err(), "byte {i} changed");
        }
        assert!(k.open(b"row 1", &sealed[..sealed.len() - 1]).is_err());
        assert!(k.open(b"row 1", b"").is_err());
    }

    #[test]
    fn a_plan_s_key_is_its_token_s() {
        let token = Token::new().unwrap();
        let sealed = SealKey::for_plan(&token).seal(b"k", b"plan").unwrap();
        let again = Token::parse(token.as_str()).unwrap();
        assert_eq!(
            SealKey::for_plan(&again).open(b"k", &sealed).unwrap(),
            b"plan"
        );
    }

    #[test]
    fn the_key_file_is_made_private_and_loose_or_short_ones_are_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plans.db.key");
        assert!(ServerKey::load(&path).unwrap().is_none());
        let made = ServerKey::create(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(std::fs::read(&path).unwrap().len(), KEY_BYTES);
        let loaded = ServerKey::load(&path).unwrap().unwrap();
        assert_eq!(made.check(), loaded.check());
        assert!(ServerKey::create(&path).is_err(), "never overwritten");

        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let err = ServerKey::load(&path).unwrap_err().to_string();
        assert!(err.contains("0640") && err.contains("chmod 600"), "{err}");

        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::write(&path, b"short").unwrap();
        let err = ServerKey::load(&path).unwrap_err().to_string();
        assert!(err.contains("32 bytes") && err.contains("has 5"), "{err}");
    }

    #[test]
    fn server_keys_derive_distinct_keys_and_unlinkable_address_hashes() {
        let dir = tempfile::tempdir().unwrap();
        let a = ServerKey::create(&dir.path().join("a")).unwrap();
        let b = ServerKey::create(&dir.path().join("b")).unwrap();
        assert_ne!(a.check(), b.check());
        let sealed = a.settings().seal(b"clinic", b"name = \"X\"").unwrap();
        assert!(b.settings().open(b"clinic", &sealed).is_err());
        let ip: IpAddr = "203.0.113.9".parse().unwrap();
        assert_eq!(a.client(ip, 20_000), a.client(ip, 20_000));
        assert_ne!(a.client(ip, 20_000), a.client(ip, 20_001), "another day");
        assert_ne!(a.client(ip, 20_000), b.client(ip, 20_000), "another key");
        assert_ne!(
            a.client(ip, 20_000),
            a.client("203.0.113.10".parse().unwrap(), 20_000)
        );
    }
}
