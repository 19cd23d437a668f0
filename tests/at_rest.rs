//! `aftercare serve`'s data at rest: a copy of its files reveals no health data, the server
//! key file is private and checked at start, plans are stored small, and one address stores
//! a bounded number of bytes a day.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::Dir;
use common::server::{Reply, Server};

/// A plan whose every detail is a marker: the appointment's day, an area, a product, a named
/// workout.
const MARKED: &str = r#"{"at": "2027-02-05 16:00", "tz": "Europe/London", "minutes": 30,
    "workouts": ["mon,wed,fri 18:00 60m weights"], "sweat": "heavy",
    "habits": {"workout": [{"name": "Zebrafinchrun", "activity": "running",
        "days": "sat", "at": "08:00", "minutes": 90}]},
    "areas": ["bunny-lines"], "product": "dysport"}"#;

/// What none of the database's files may contain, in any case.
const MARKERS: &[&str] = &[
    "zebrafinchrun",
    "bunny",
    "dysport",
    "2027-02-05",
    "20270205",
    "weight training",
    "127.0.0.1",
];

fn token_of(reply: &Reply) -> String {
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()["token"].as_str().unwrap().to_string()
}

/// Every byte of the database's files (`-wal` and `-shm` too), lower-cased.
fn raw_files(db: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        if let Ok(b) = std::fs::read(format!("{}{suffix}", db.display())) {
            bytes.extend(b);
        }
    }
    bytes.to_ascii_lowercase()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Every value of every table of a copy of the database, as `sqlite3` shows it (`.dump`),
/// or, without the `sqlite3` program, as SQLite reads it; lower-cased.
fn opened_copy(db: &Path, dir: &Path) -> String {
    let copy = dir.join("copy.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::copy(
            format!("{}{suffix}", db.display()),
            format!("{}{suffix}", copy.display()),
        );
    }
    let dump = std::process::Command::new("sqlite3")
        .arg(&copy)
        .arg(".dump")
        .output();
    if let Ok(out) = dump {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        return String::from_utf8_lossy(&out.stdout).to_lowercase();
    }
    let c = rusqlite::Connection::open(&copy).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = String::new();
    for table in tables {
        let mut statement = c.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = statement.column_count();
        let mut rows = statement.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..columns {
                use rusqlite::types::ValueRef;
                match row.get_ref(i).unwrap() {
                    ValueRef::Text(t) | ValueRef::Blob(t) => {
                        out.push_str(&String::from_utf8_lossy(t));
                    }
                    other => out.push_str(&format!("{other:?}")),
                }
                out.push('|');
            }
        }
    }
    out.to_lowercase()
}

#[test]
fn a_copy_of_the_database_reveals_no_health_data_and_the_feed_still_works() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let mut tokens: Vec<String> = (0..5)
        .map(|_| token_of(&server.post_json("/api/plans", MARKED)))
        .collect();
    // Revised, and made from the form too.
    let setback = server.post_json(
        &format!("/api/plans/{}/setback", tokens[0]),
        r#"{"at": "2027-02-06 10:00"}"#,
    );
    assert_eq!(setback.status, 200, "{}", setback.text());
    let form = server.post_form(
        "/plans",
        &[
            ("date", "2027-02-05"),
            ("time", "16:00"),
            ("minutes", "30"),
            ("tz", "Europe/London"),
            ("areas", "bunny-lines"),
            ("product", "dysport"),
            ("sweat", "heavy"),
            ("w0_days", "mon"),
            ("w0_time", "18:00"),
            ("w0_minutes", "60"),
            ("w0_activity", "weights"),
        ],
        None,
    );
    assert_eq!(form.status, 303, "{}", form.text());
    let page = form.header("location").unwrap().to_string();
    tokens.push(page.trim_start_matches("/p/").to_string());

    let feed = server.get(&format!("/p/{}/calendar.ics", tokens[1]));
    assert_eq!(feed.status, 200);
    let ics = feed.text().to_lowercase();
    let read = server
        .get(&format!("/api/plans/{}", tokens[1]))
        .text()
        .to_lowercase();
    for marker in ["zebrafinchrun", "dysport", "20270205", "weight training"] {
        assert!(
            ics.contains(marker),
            "the calendar has {marker}: the test can see it"
        );
    }
    for marker in ["bunny", "2027-02-05"] {
        assert!(
            read.contains(marker),
            "the plan has {marker}: the test can see it"
        );
    }
    let db = server.db.clone();
    server.kill();

    let raw = raw_files(&db);
    let opened = opened_copy(&db, dir.path());
    assert!(opened.contains("create table"), "the copy opens");
    for marker in MARKERS {
        assert!(!contains(&raw, marker), "{marker} in the database's files");
        assert!(!opened.contains(marker), "{marker} in the opened copy");
    }
    for token in &tokens {
        assert!(
            !contains(&raw, &token.to_ascii_lowercase()),
            "a token in the files"
        );
    }

    // Opened again: the feed answers as before, 200 then 304.
    let server = Server::start(dir.path(), &[]);
    for token in &tokens {
        let feed = server.get(&format!("/p/{token}/calendar.ics"));
        assert_eq!(feed.status, 200, "{}", feed.text());
        assert!(feed.text().starts_with("BEGIN:VCALENDAR"));
        let etag = feed.header("etag").unwrap().to_string();
        let cached = server.request(
            "GET",
            &format!("/p/{token}/calendar.ics"),
            &[("If-None-Match", &etag)],
            b"",
        );
        assert_eq!(cached.status, 304);
        assert!(cached.body.is_empty());
        let again = server.get(&format!("/p/{token}/calendar.ics"));
        assert_eq!(again.text(), feed.text(), "the same calendar every time");
    }
    assert_eq!(server.get(&page).status, 200);
}

#[test]
fn the_key_file_is_made_private_and_a_wrong_one_stops_the_server() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let db = server.db.clone();
    token_of(&server.post_json("/api/plans", MARKED));
    server.kill();
    let key = dir.path().join("plans.db.key");
    let meta = std::fs::metadata(&key).expect("the key file beside the database");
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert_eq!(meta.len(), 32);

    let db = db.display().to_string();
    let start = |key: &Path| {
        let key = key.display().to_string();
        let out = dir.run(&[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--db",
            &db,
            "--key-file",
            &key,
        ]);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let missing = dir.path().join("missing.key");
    let (code, err) = start(&missing);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("--key-file") && err.contains("missing"),
        "{err}"
    );
    assert!(
        !missing.exists(),
        "no new key for a database sealed with one"
    );

    let other = dir.write("other.key", [7u8; 32]);
    std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (code, err) = start(&other);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("--key-file") && err.contains("another key"),
        "{err}"
    );

    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (code, err) = start(&key);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("0644") && err.contains("chmod 600"), "{err}");

    // Rotated: the new key opens the database, the old one no longer does.
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let old = dir.write("old.key", std::fs::read(&key).unwrap());
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o600)).unwrap();
    let rotated = dir.ok(&["key", "rotate", "--db", &db]);
    assert!(rotated.is_empty(), "{rotated}");
    assert_ne!(std::fs::read(&key).unwrap(), std::fs::read(&old).unwrap());
    let (_, err) = start(&old);
    assert!(err.contains("another key"), "{err}");
    Server::start(dir.path(), &[]);
}

#[test]
fn a_plan_is_stored_in_a_few_kilobytes() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let n = 20;
    for _ in 0..n {
        token_of(&server.post_json("/api/plans", MARKED));
    }
    let db = server.db.clone();
    server.kill();
    let c = rusqlite::Connection::open(&db).unwrap();
    let (count, largest, total): (i64, i64, i64) = c
        .query_row(
            "SELECT COUNT(*), MAX(length(sealed) + length(key) + length(etag)), \
             SUM(length(sealed) + length(key) + length(etag)) FROM plans",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let pages: i64 = c.query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    eprintln!(
        "{count} plans: {} bytes a row on average, {largest} at most; the file {} KiB",
        total / count,
        pages * 4096 / 1024
    );
    assert_eq!(count, n);
    assert!(largest < 4 * 1024, "a row of {largest} bytes");
}

#[test]
fn one_address_stores_at_most_its_budget_a_day() {
    let dir = Dir::new();
    // About two plans a day.
    let server = Server::start(dir.path(), &["--store-budget-kib", "6", "--behind-proxy"]);
    token_of(&server.post_json("/api/plans", MARKED));
    token_of(&server.post_json("/api/plans", MARKED));
    let refused = server.post_json("/api/plans", MARKED);
    assert_eq!(refused.status, 429, "{}", refused.text());
    assert!(
        refused.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("try again tomorrow"),
        "{}",
        refused.text()
    );
    let form = server.post_form(
        "/plans",
        &[
            ("date", "2027-02-05"),
            ("time", "16:00"),
            ("tz", "Europe/London"),
        ],
        None,
    );
    assert_eq!(form.status, 429, "the form too");
    assert!(form.text().contains("try again tomorrow"));
    let elsewhere = server.request(
        "POST",
        "/api/plans",
        &[
            ("Content-Type", "application/json"),
            ("X-Forwarded-For", "203.0.113.7"),
        ],
        MARKED.as_bytes(),
    );
    assert_eq!(elsewhere.status, 201, "another address has its own budget");
    // The count is in the database: a restarted server keeps it.
    server.kill();
    let server = Server::start(dir.path(), &["--store-budget-kib", "6", "--behind-proxy"]);
    assert_eq!(server.post_json("/api/plans", MARKED).status, 429);
}

#[test]
fn the_key_cannot_change_under_a_running_server_and_a_lost_one_is_reset() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let token = token_of(&server.post_json("/api/plans", MARKED));
    let db = server.db.display().to_string();
    let key = dir.path().join("plans.db.key");
    let before = std::fs::read(&key).unwrap();
    // While a server holds the key, neither command touches it: the server would go on
    // sealing with the old key, and the database would not open at its next start.
    for command in [
        &["key", "rotate", "--db", &db][..],
        &["key", "reset", "--db", &db, "--erase-settings"],
    ] {
        let out = dir.run(command);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("stop every `aftercare serve`"), "{err}");
        assert_eq!(std::fs::read(&key).unwrap(), before, "{command:?}");
    }
    assert_eq!(server.get("/healthz").status, 200);
    server.kill();

    // The key is lost, with a setting only it could open.
    std::fs::remove_file(&key).unwrap();
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO settings (name, value) VALUES ('clinic', x'00112233')",
            [],
        )
        .unwrap();
    let out = dir.run(&["serve", "--listen", "127.0.0.1:0", "--db", &db]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("`aftercare key reset`"), "{err}");
    let out = dir.run(&["key", "reset", "--db", &db]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("key reset needs --erase-settings"), "{err}");
    assert!(!key.exists());

    let out = dir.run(&["key", "reset", "--db", &db, "--erase-settings"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("1 desk settings erased") && said.contains("the plans are kept"),
        "{said}"
    );
    let meta = std::fs::metadata(&key).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    // The server starts with the built-in settings, and the plan's link still opens it.
    let server = Server::start(dir.path(), &[]);
    let feed = server.get(&format!("/p/{token}/calendar.ics"));
    assert_eq!(feed.status, 200, "{}", feed.text());
    assert!(feed.text().contains("BEGIN:VCALENDAR"));
}
