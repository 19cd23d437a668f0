//! The web app in a real browser: Debian's Chromium, driven through chromedriver (WebDriver),
//! as a person would use it on a phone and on a desktop: fill the form, read the plan and its
//! picture, download the calendar, report a setback, print the handout. axe-core checks each
//! page for accessibility problems. Screenshots go to `target/browser/`.
//!
//! Needs `chromium`, `chromium-driver` and axe-core (`bash .ci/test` installs them all).

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Duration as Days, Utc};
use common::Dir;
use common::server::Server;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

const CHROMIUM: &str = "/usr/bin/chromium";
const DRIVER: &str = "/usr/bin/chromedriver";

fn axe_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/axe/node_modules/axe-core/axe.min.js")
}

fn shots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// chromedriver on a free loopback port; killed when dropped.
struct Driver(Child, u16);

impl Driver {
    fn start() -> Driver {
        for needed in [CHROMIUM, DRIVER] {
            assert!(
                Path::new(needed).exists(),
                "{needed} is missing: run `bash .ci/test` (it installs Debian's chromium and chromium-driver)"
            );
        }
        assert!(
            axe_script().exists(),
            "axe-core is missing: run `bash .ci/test` (npm install axe-core into target/axe)"
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(DRIVER)
            .arg(format!("--port={port}"))
            // The browser's zone, which the form's script must preselect.
            .env("TZ", "America/New_York")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver(child, port)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn browser(driver: &Driver, profile: &Path, downloads: &Path, size: (u32, u32)) -> Client {
    // Two TLS back ends are compiled in (from other crates); WebDriver here is plain HTTP, but
    // the client wants one chosen.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--lang=en-US", format!("--user-data-dir={}", profile.display()),
                format!("--window-size={},{}", size.0, size.1),
            ],
            "prefs": {
                "download.default_directory": downloads.display().to_string(),
                "download.prompt_for_download": false,
            },
        }),
    );
    if size.0 < 500 {
        // A desktop window cannot be narrower than about 500 px: a phone is emulated.
        caps["goog:chromeOptions"]["mobileEmulation"] =
            json!({"deviceMetrics": {"width": size.0, "height": size.1, "pixelRatio": 2.0}});
    }
    ClientBuilder::rustls()
        .unwrap()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.1))
        .await
        .expect("a browser session")
}

/// Runs axe-core on the current page: the serious and critical violations.
async fn accessibility(client: &Client) -> Vec<String> {
    let axe = std::fs::read_to_string(axe_script()).unwrap();
    client.execute(&axe, vec![]).await.unwrap();
    let result = client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations\
               .filter(v => v.impact === 'serious' || v.impact === 'critical')\
               .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))));",
            vec![],
        )
        .await
        .unwrap();
    result
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    std::fs::write(shots().join(format!("{name}.png")), png).unwrap();
}

async fn click(client: &Client, css: &str) {
    let element = client.find(Locator::Css(css)).await.unwrap();
    element.click().await.unwrap();
}

async fn type_into(client: &Client, css: &str, text: &str) {
    let element = client.find(Locator::Css(css)).await.unwrap();
    element.send_keys(text).await.unwrap();
}

async fn choose(client: &Client, css: &str, value: &str) {
    let element = client.find(Locator::Css(css)).await.unwrap();
    element.select_by_value(value).await.unwrap();
}

/// The page's main text; empty while a page is loading.
async fn page_text(client: &Client) -> String {
    match client.find(Locator::Css("main")).await {
        Ok(main) => main.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// The page's main text once it contains `words` (or whatever it says after 10 s).
async fn text_with(client: &Client, words: &str) -> String {
    let started = Instant::now();
    loop {
        let text = page_text(client).await;
        if text.contains(words) || started.elapsed() > Duration::from_secs(10) {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The whole visit, at one window size.
async fn visit(server: &Server, driver: &Driver, size: (u32, u32), label: &str) {
    let dir = tempfile::tempdir().unwrap();
    let downloads = dir.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let client = browser(driver, &dir.path().join("profile"), &downloads, size).await;
    client.goto(&format!("{}/", server.base())).await.unwrap();

    // The script preselected the browser's zone.
    let tz = client.find(Locator::Id("tz")).await.unwrap();
    assert_eq!(
        tz.prop("value").await.unwrap().as_deref(),
        Some("America/New_York")
    );
    let problems = accessibility(&client).await;
    assert!(problems.is_empty(), "the form: {problems:#?}");
    screenshot(&client, &format!("{label}-form")).await;

    // Yesterday's appointment, so that "now" is in the recovery period.
    let ny: chrono_tz::Tz = "America/New_York".parse().unwrap();
    let yesterday = (Utc::now().with_timezone(&ny) - Days::days(1)).date_naive();
    let date = client.find(Locator::Css("input[name=date]")).await.unwrap();
    date.send_keys(&yesterday.format("%m%d%Y").to_string())
        .await
        .unwrap();
    let time = client.find(Locator::Css("input[name=time]")).await.unwrap();
    time.send_keys("1000AM").await.unwrap();
    for day in ["mon", "wed", "fri"] {
        click(&client, &format!("input[name=w0_days][value={day}]")).await;
    }
    type_into(&client, "input[name=w0_time]", "0600PM").await;
    type_into(&client, "input[name=w0_minutes]", "60").await;
    choose(&client, "select[name=w0_activity]", "weights").await;
    click(&client, "input[name=sweat][value=heavy]").await;
    click(&client, "input[name=areas][value=forehead]").await;
    click(&client, "form[action='/plans'] button[type=submit]").await;

    // The plan: the day-by-day view and the picture.
    let started = Instant::now();
    while !client
        .current_url()
        .await
        .unwrap()
        .path()
        .starts_with("/p/")
    {
        if started.elapsed() > Duration::from_secs(10) {
            screenshot(&client, &format!("{label}-stuck")).await;
            let mut errors = Vec::new();
            for e in client.find_all(Locator::Css(".error")).await.unwrap() {
                errors.push(e.text().await.unwrap());
            }
            panic!("no plan page; errors on the form: {errors:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let text = page_text(&client).await;
    assert!(
        text.contains("Day by day") && text.contains("Today"),
        "{text}"
    );
    assert!(text.contains("Weight training, 60 min"), "{text}");
    let width = client
        .execute(
            "return document.querySelector('svg.timeline').getBoundingClientRect().width",
            vec![],
        )
        .await
        .unwrap()
        .as_f64()
        .unwrap();
    assert!(
        width > 300.0 && width <= size.0 as f64,
        "the timeline fits the window: {width}"
    );
    client.find(Locator::Css("figure.qr svg")).await.unwrap();
    let problems = accessibility(&client).await;
    assert!(problems.is_empty(), "the plan page: {problems:#?}");
    screenshot(&client, &format!("{label}-plan")).await;

    // Download the calendar, as a person would, and check it.
    client
        .find(Locator::LinkText("Download .ics"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let file = downloads.join("aftercare.ics");
    let started = Instant::now();
    while !file.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "no download in {}",
            downloads.display()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let ics = std::fs::read_to_string(&file).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    common::save_calendar(&format!("browser-{label}"), &ics);
    let checker = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/check-ics");
    if checker.exists() {
        let out = Command::new(&checker).arg(&file).output().unwrap();
        assert!(
            out.status.success(),
            "check-ics: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }

    // A setback, now: the page changes.
    click(&client, "form[action$='/setback'] button").await;
    let started = Instant::now();
    loop {
        let text = page_text(&client).await;
        if text.contains("Check-in: a day after the setback") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the setback is not on the page: {text}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    screenshot(&client, &format!("{label}-setback")).await;

    // Reminders by e-mail: the box unticked is refused next to it; ticked, they are on.
    type_into(
        &client,
        "form[action$='/followups'] input[name=email]",
        "ana@example.com",
    )
    .await;
    click(&client, "form[action$='/followups'] button").await;
    let text = text_with(&client, "tick the box").await;
    assert!(text.contains("tick the box"), "{text}");
    let problems = accessibility(&client).await;
    assert!(problems.is_empty(), "the consent refused: {problems:#?}");
    type_into(
        &client,
        "form[action$='/followups'] input[name=email]",
        "ana@example.com",
    )
    .await;
    click(&client, "form[action$='/followups'] input[name=follow_ups]").await;
    click(&client, "form[action$='/followups'] button").await;
    let text = text_with(&client, "Reminders by e-mail are on").await;
    assert!(text.contains("Reminders by e-mail are on"), "{text}");
    screenshot(&client, &format!("{label}-followups")).await;

    // The handout.
    client
        .find(Locator::LinkText("Printable handout"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client.find(Locator::Css(".handout")).await.unwrap();
    let problems = accessibility(&client).await;
    assert!(problems.is_empty(), "the handout: {problems:#?}");
    screenshot(&client, &format!("{label}-handout")).await;
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_makes_a_plan_on_a_phone_and_on_a_desktop() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let driver = Driver::start();
    visit(&server, &driver, (390, 844), "phone").await;
    visit(&server, &driver, (1280, 900), "desktop").await;
}

#[test]
fn the_handout_prints_on_one_page() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let reply = server.post_json(
        "/api/plans",
        r#"{"at": "2027-02-05 16:00", "tz": "Europe/London", "sweat": "heavy", "areas": ["forehead"],
            "workouts": ["mon,wed,fri 18:00 60m weights", "sat 09:00 90m running", "tue,thu 07:00 45m hiit"]}"#,
    );
    let token = reply.json()["token"].as_str().unwrap().to_string();
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: run `bash .ci/test`"
    );
    let pdf = shots().join("handout.pdf");
    let _ = std::fs::remove_file(&pdf);
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(CHROMIUM)
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("{}/p/{token}/handout", server.base()))
        .output()
        .unwrap();
    assert!(
        pdf.exists(),
        "no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let text = String::from_utf8_lossy(&bytes);
    let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
    assert_eq!(pages, 1, "the handout is one page");
}

/// Reads the QR code in a PNG screenshot.
fn read_qr(png: &[u8]) -> String {
    let image = image::load_from_memory(png).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(image);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the screenshot");
    grids[0].decode().unwrap().1
}

/// The desk's visit, at one window size: sign in, hand over a plan, the patient scans the QR
/// code, then a day's list.
async fn desk_visit(server: &Server, driver: &Driver, size: (u32, u32), label: &str) {
    let dir = tempfile::tempdir().unwrap();
    let downloads = dir.path().join("downloads");
    let client = browser(driver, &dir.path().join("profile"), &downloads, size).await;
    client
        .goto(&format!("{}/desk", server.base()))
        .await
        .unwrap();
    assert!(
        client
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/desk/signin")
    );
    let problems = accessibility(&client).await;
    assert!(problems.is_empty(), "the sign-in page: {problems:#?}");
    type_into(&client, "input[name=name]", "front").await;
    type_into(&client, "input[name=password]", "correct horse battery").await;
    click(&client, "form[action='/desk/signin'] button").await;
    let text = text_with(&client, "Signed in as front").await;
    assert!(
        text.contains("Signed in as front"),
        "{}: {text}",
        client.current_url().await.unwrap()
    );
    let problems = accessibility(&client).await;
    assert!(problems.is_empty(), "the desk: {problems:#?}");

    // Hand over a plan.
    client
        .find(Locator::LinkText("Hand over a plan"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    type_into(&client, "input[name=date]", "02052027").await;
    type_into(&client, "input[name=time]", "0400PM").await;
    choose(&client, "select#tz", "Europe/London").await;
    // Ticked from the keyboard (space), as a desk does after tabbing: on the phone-sized form
    // a pointer click here landed on the time field below once the page had scrolled.
    type_into(&client, "input[name=w0_days][value=sat]", " ").await;
    type_into(&client, "input[name=w0_time]", "0900AM").await;
    type_into(&client, "input[name=w0_minutes]", "90").await;
    choose(&client, "select[name=w0_activity]", "running").await;
    let problems = accessibility(&client).await;
    assert!(problems.is_empty(), "the hand-over form: {problems:#?}");
    client
        .find(Locator::Css(
            "form[action='/desk/handover'] button[type=submit]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let qr = client
        .find(Locator::Css("figure.big-qr svg"))
        .await
        .unwrap();
    // A screenshot of the code as the screen shows it (the element's part of the page).
    let png = qr.screenshot().await.unwrap();
    std::fs::write(shots().join(format!("{label}-desk-qr.png")), &png).unwrap();
    screenshot(&client, &format!("{label}-desk-handover")).await;
    let problems = accessibility(&client).await;
    assert!(problems.is_empty(), "the hand-over page: {problems:#?}");

    // The patient's phone reads the code and opens the plan it holds.
    let link = read_qr(&png);
    assert!(
        link.starts_with("webcal://") && link.ends_with("/calendar.ics"),
        "{link}"
    );
    let page = link
        .replace("webcal://", "http://")
        .trim_end_matches("/calendar.ics")
        .to_string();
    client.goto(&page).await.unwrap();
    let text = text_with(&client, "Run, 90 min").await;
    assert!(
        text.contains("Your aftercare plan") && text.contains("Run, 90 min"),
        "{text}"
    );

    // A day's list.
    client
        .goto(&format!("{}/desk/day", server.base()))
        .await
        .unwrap();
    let csv = dir.path().join("day.csv");
    std::fs::write(
        &csv,
        "id,at,tz,workouts\nP-1,2027-02-05 16:00,Europe/London,sat 09:00 1h running\nP-2,2027-02-30 16:00,Europe/London,\n",
    )
    .unwrap();
    type_into(&client, "input[name=csv]", &csv.display().to_string()).await;
    click(&client, "form[action='/desk/day'] button").await;
    let text = text_with(&client, "2 rows").await;
    assert!(text.contains("2 rows: 1 done, 1 refused."), "{text}");
    assert!(
        text.contains("P-1") && text.contains("failed: at:"),
        "{text}"
    );
    let problems = accessibility(&client).await;
    assert!(problems.is_empty(), "the day's results: {problems:#?}");
    screenshot(&client, &format!("{label}-desk-day")).await;
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_front_desk_hands_a_plan_over_to_the_patient_s_phone() {
    let dir = Dir::new();
    let out = dir.run_with(
        &[
            "desk",
            "add-user",
            "front",
            "--password-stdin",
            "--db",
            "plans.db",
        ],
        b"correct horse battery\n",
    );
    assert!(out.status.success());
    let server = Server::start(dir.path(), &[]);
    let driver = Driver::start();
    desk_visit(&server, &driver, (390, 844), "phone").await;
    desk_visit(&server, &driver, (1280, 900), "desktop").await;
}
