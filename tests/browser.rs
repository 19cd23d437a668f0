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
    browser_in(driver, profile, downloads, size, "en-US").await
}

/// [`browser`] whose languages (its `Accept-Language`) are `lang`'s.
async fn browser_in(
    driver: &Driver,
    profile: &Path,
    downloads: &Path,
    size: (u32, u32),
    lang: &str,
) -> Client {
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
                format!("--lang={lang}"), format!("--user-data-dir={}", profile.display()),
                format!("--window-size={},{}", size.0, size.1),
            ],
            "prefs": {
                "intl.accept_languages": lang,
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
    // Its words are readable (12 px at least, as drawn) and none is crossed by the line at the
    // end of the appointment; each workout mark has its words next to it.
    let timeline = client
        .execute(
            "const svg = document.querySelector('svg.timeline');\
             const texts = [...svg.querySelectorAll('text')];\
             const line = svg.querySelector('line.appointment').getBoundingClientRect();\
             const crossed = texts.filter(t => { const r = t.getBoundingClientRect();\
               return r.left < line.right && line.left < r.right && r.top < line.bottom && line.top < r.bottom; })\
               .map(t => t.textContent);\
             const sizes = texts.map(t => parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a);\
             const rows = [...svg.querySelectorAll('g.workout')];\
             return {crossed, smallest: Math.min(...sizes), rows: rows.length,\
               labelled: rows.filter(g => g.querySelector('text').textContent.length > 0\
                 && g.querySelectorAll('.mark').length > 0).length};",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        timeline["smallest"].as_f64().unwrap() >= 12.0,
        "the timeline's smallest text: {timeline}"
    );
    assert_eq!(timeline["crossed"], json!([]), "{timeline}");
    assert!(
        timeline["rows"].as_u64().unwrap() > 0 && timeline["rows"] == timeline["labelled"],
        "each workout's marks have its name: {timeline}"
    );
    let svg = client.find(Locator::Css("svg.timeline")).await.unwrap();
    client
        .execute(
            "arguments[0].scrollIntoView({block: 'start'})",
            vec![serde_json::to_value(&svg).unwrap()],
        )
        .await
        .unwrap();
    std::fs::write(
        shots().join(format!("{label}-timeline.png")),
        svg.screenshot().await.unwrap(),
    )
    .unwrap();
    // The page's QR code holds the page itself (a desktop reader opens it on their phone).
    let qr = client.find(Locator::Css("figure.qr svg")).await.unwrap();
    client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'})",
            vec![serde_json::to_value(&qr).unwrap()],
        )
        .await
        .unwrap();
    let png = qr.screenshot().await.unwrap();
    std::fs::write(shots().join(format!("{label}-plan-qr.png")), &png).unwrap();
    assert_eq!(
        read_qr(&png),
        client.current_url().await.unwrap().as_str(),
        "the page's QR code"
    );
    // What a patient needs first: the calendar and the warning signs, then the days.
    let top = |id: &'static str| {
        let client = client.clone();
        async move {
            client
                .execute(
                    &format!("return document.getElementById('{id}').getBoundingClientRect().top"),
                    vec![],
                )
                .await
                .unwrap()
                .as_f64()
                .unwrap()
        }
    };
    let (calendar, warnings, days) = (top("cal-h").await, top("warn-h").await, top("days-h").await);
    assert!(
        calendar < warnings && warnings < days,
        "calendar {calendar}, warnings {warnings}, days {days}"
    );
    let problems = accessibility(&client).await;
    assert!(problems.is_empty(), "the plan page: {problems:#?}");
    screenshot(&client, &format!("{label}-plan")).await;

    // Download the calendar, as a person would, and check it.
    client
        .find(Locator::LinkText("Download the calendar file"))
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
    common::conforms(&format!("browser-{label}"), &ics);

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
    let text = text_with(&client, "Tick the box").await;
    assert!(text.contains("Tick the box"), "{text}");
    let problems = accessibility(&client).await;
    assert!(problems.is_empty(), "the consent refused: {problems:#?}");
    // The address typed is still there: only the box is left to tick.
    let kept = client
        .find(Locator::Css("form[action$='/followups'] input[name=email]"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("ana@example.com"));
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

/// The pages of a PDF: its page objects (Chromium writes them uncompressed).
fn pdf_pages(pdf: &[u8]) -> usize {
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    let text = String::from_utf8_lossy(pdf);
    text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_handout_prints_on_one_page_of_a4_and_of_letter() {
    use fantoccini::wd::{PrintConfiguration, PrintSize};
    let clinic = format!(
        "{}/fixtures/clinic/example.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let driver = Driver::start();
    // A full week: three workouts on most days, two areas.
    let full = r#"{"at": "2027-02-05 16:00", "tz": "Europe/London", "sweat": "heavy", "areas": ["forehead", "crows-feet"],
        "workouts": ["mon,wed,fri 18:00 60m weights", "sat 09:00 90m running", "tue,thu 07:00 45m hiit"]}"#;
    // The most a plan holds: six areas (face and body, each with its own check-ins and signs),
    // four workouts a week, a setback reported the next morning.
    let most = r#"{"at": "2027-02-05 16:00", "tz": "Europe/London", "sweat": "heavy",
        "areas": ["forehead", "glabella", "crows-feet", "masseter", "underarm", "neck"],
        "workouts": ["mon,wed,fri 18:00 60m weights", "sat 09:00 90m running", "tue,thu 07:00 45m hiit", "sun 10:00 60m hot-yoga"],
        "setbacks": ["2027-02-06 10:00"]}"#;
    for (label, extra, request) in [
        ("no-clinic", vec![], full),
        ("clinic", vec!["--clinic", clinic.as_str()], full),
        ("most-clinic", vec!["--clinic", clinic.as_str()], most),
        ("most-no-clinic", vec![], most),
    ] {
        let dir = Dir::new();
        let server = Server::start(dir.path(), &extra);
        let reply = server.post_json("/api/plans", request);
        assert_eq!(reply.status, 201, "{}", reply.text());
        let token = reply.json()["token"].as_str().unwrap().to_string();
        let browser_dir = tempfile::tempdir().unwrap();
        let client = browser(
            &driver,
            &browser_dir.path().join("profile"),
            browser_dir.path(),
            (1280, 900),
        )
        .await;
        client
            .goto(&format!("{}/p/{token}/handout", server.base()))
            .await
            .unwrap();
        let text = page_text(&client).await;
        // The dates to come back to are on paper too.
        assert!(
            (text.contains("Check-in: day 3") || text.contains("Check-in: treated areas (day 3)"))
                && text.contains("Results and follow-up (day 14)"),
            "{text}"
        );
        assert!(
            text.contains("Mon 8 Feb") && text.contains("Fri 19 Feb"),
            "{text}"
        );
        if extra.is_empty() {
            assert!(!text.contains("020 7946 0000"), "{text}");
        } else {
            assert!(text.contains("020 7946 0000"), "{text}");
        }
        for (paper, size) in [("a4", PrintSize::A4), ("letter", PrintSize::US_LETTER)] {
            let pdf = client
                .print(PrintConfiguration::builder().size(size).build().unwrap())
                .await
                .unwrap();
            std::fs::write(shots().join(format!("handout-{label}-{paper}.pdf")), &pdf).unwrap();
            assert_eq!(pdf_pages(&pdf), 1, "the handout ({label}) on {paper}");
        }
        client.close().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_e_mail_reads_on_a_phone() {
    e_mail_on_a_phone(aftercare::i18n::Lang::En).await;
}

/// The same e-mail in Spanish and in German: longer words, the same layout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_e_mail_reads_on_a_phone_in_spanish_and_german() {
    e_mail_on_a_phone(aftercare::i18n::Lang::Es).await;
    e_mail_on_a_phone(aftercare::i18n::Lang::De).await;
}

async fn e_mail_on_a_phone(lang: aftercare::i18n::Lang) {
    // What each restriction's end starts with, in the e-mail's language ("until ").
    let until = lang.tr("html-until", &[("when", "")]);
    let dir = Dir::new();
    let clinic = format!(
        "{}/fixtures/clinic/example.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let eml = dir.path().join("plan.eml");
    let out = dir.run(&[
        "plan",
        "--at",
        "2027-02-05 16:00",
        "--tz",
        "Europe/Madrid",
        "--workout",
        "mon,wed,fri 18:00 60m weights",
        "--area",
        "forehead",
        "--clinic",
        &clinic,
        "--to",
        "ana@example.com",
        "--from",
        "clinica@example.com",
        "--eml",
        eml.to_str().unwrap(),
        "--lang",
        lang.tag(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The HTML part, as a mail client gets it (Python's own e-mail parser).
    let html = dir.path().join("plan.html");
    let split = Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, email\nfrom email import policy\n\
             m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=policy.default)\n\
             open(sys.argv[2], 'w').write(m.get_body(('html',)).get_content())\n",
        )
        .arg(&eml)
        .arg(&html)
        .output()
        .unwrap();
    assert!(
        split.status.success(),
        "{}",
        String::from_utf8_lossy(&split.stderr)
    );
    let driver = Driver::start();
    let client = browser(&driver, &dir.path().join("profile"), dir.path(), (390, 844)).await;
    client
        .goto(&format!("file://{}", html.display()))
        .await
        .unwrap();
    let seen = client
        .execute(
            "const line = parseFloat(getComputedStyle(document.body).lineHeight);\
             const dates = [...document.querySelectorAll('td')].filter(td => td.textContent.startsWith(arguments[0]));\
             return {dates: dates.length, lines: Math.max(...dates.map(td => { const r = document.createRange(); r.selectNodeContents(td);\
               return r.getBoundingClientRect().height / line; })),\
               svg: document.querySelectorAll('svg').length,\
               tel: [...document.querySelectorAll('a[href^=\"tel:\"]')].map(a => a.textContent),\
               telLines: Math.max(...[...document.querySelectorAll('a[href^=\"tel:\"]')]\
                 .map(a => a.getBoundingClientRect().height / line)),\
               site: document.querySelectorAll('a[href=\"https://clinic.example.com\"]').length,\
               wide: document.documentElement.scrollWidth,\
               lang: document.documentElement.lang};",
            vec![json!(until)],
        )
        .await
        .unwrap();
    let name = match lang {
        aftercare::i18n::Lang::En => "phone-email".to_string(),
        other => format!("phone-email-{}", other.tag()),
    };
    screenshot(&client, &name).await;
    assert_eq!(seen["lang"], lang.tag(), "{seen}");
    assert!(seen["dates"].as_u64().unwrap() > 3, "{seen}");
    assert!(
        seen["lines"].as_f64().unwrap() < 1.5,
        "each date on one line: {seen}"
    );
    assert_eq!(seen["svg"], 0, "no inline SVG: {seen}");
    assert_eq!(
        seen["tel"],
        json!(["112", "020 7946 0000", "020 7946 0999"]),
        "the emergency number and the clinic's, to dial with a tap: {seen}"
    );
    assert!(
        seen["telLines"].as_f64().unwrap() < 1.5,
        "each number on one line: {seen}"
    );
    assert_eq!(seen["site"], 1, "{seen}");
    assert!(
        seen["wide"].as_u64().unwrap() <= 390,
        "no sideways scrolling: {seen}"
    );
    client.close().await.unwrap();
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
    // The next page may take a moment to load on a busy machine: wait for it.
    let qr = client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("figure.big-qr svg"))
        .await
        .unwrap();
    // A screenshot of the code as the screen shows it (the element's part of the page).
    let png = qr.screenshot().await.unwrap();
    std::fs::write(shots().join(format!("{label}-desk-qr.png")), &png).unwrap();
    screenshot(&client, &format!("{label}-desk-handover")).await;
    let problems = accessibility(&client).await;
    assert!(problems.is_empty(), "the hand-over page: {problems:#?}");

    // The patient's phone reads the code and opens the plan's page it holds (not the feed:
    // from the page, the patient subscribes, downloads, reports, prints or deletes).
    let link = read_qr(&png);
    let shown = client
        .find(Locator::Css("main a[href*='/p/']"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(link, shown, "the QR code holds the patient's page");
    assert!(
        link.starts_with(&server.base()) && !link.contains(".ics"),
        "{link}"
    );
    client.goto(&link).await.unwrap();
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
        common::in_future(
            "id,at,tz,workouts\nP-1,2027-02-05 16:00,Europe/London,sat 09:00 1h running\nP-2,2027-02-30 16:00,Europe/London,\n",
        ),
    )
    .unwrap();
    type_into(&client, "input[name=csv]", &csv.display().to_string()).await;
    click(&client, "form[action='/desk/day'] button").await;
    let text = text_with(&client, "2 rows").await;
    assert!(text.contains("2 rows: 1 done, 1 refused."), "{text}");
    assert!(
        text.contains("P-1") && text.contains("refused: at:"),
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_day_s_list_proposes_its_columns_from_the_file_and_the_desk_corrects_them() {
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
    let files = tempfile::tempdir().unwrap();
    let client = browser(
        &driver,
        &files.path().join("profile"),
        &files.path().join("downloads"),
        (390, 844),
    )
    .await;
    client
        .goto(&format!("{}/desk/signin", server.base()))
        .await
        .unwrap();
    type_into(&client, "input[name=name]", "front").await;
    type_into(&client, "input[name=password]", "correct horse battery").await;
    click(&client, "form[action='/desk/signin'] button").await;
    text_with(&client, "Signed in as front").await;
    client
        .goto(&format!("{}/desk/day", server.base()))
        .await
        .unwrap();
    // The Madrid export, with two headers in Spanish the page does not know.
    let export = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/clinic/booking-export.csv"),
    )
    .unwrap()
    .replacen("Patient ID", "Nº historia", 1)
    .replacen("Email", "Contacto", 1);
    let export = common::in_future(&export);
    let csv = files.path().join("export.csv");
    std::fs::write(&csv, export).unwrap();
    type_into(&client, "input[name=csv]", &csv.display().to_string()).await;
    // The header is read in the browser: one select per column, each proposed.
    let mut selects = Vec::new();
    let started = Instant::now();
    while selects.len() < 12 && started.elapsed() < Duration::from_secs(10) {
        selects = client
            .find_all(Locator::Css("select[name=map]"))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut proposed = Vec::new();
    for select in &selects {
        proposed.push(select.prop("value").await.unwrap().unwrap_or_default());
    }
    assert_eq!(
        proposed,
        [
            "=Appointment ID",
            "=Nº historia",
            "name=Patient Name",
            "=Contacto",
            "=Phone",
            "date=Appointment Date",
            "time=Time",
            "minutes=Duration",
            "=Practitioner",
            "=Treatment",
            "areas=Treatment Area",
            "status=Status"
        ]
    );
    let problems = accessibility(&client).await;
    assert!(problems.is_empty(), "the upload form: {problems:#?}");
    screenshot(&client, "phone-desk-day-mapping").await;
    // The desk corrects what the page could not know, and chooses the date order and zone.
    selects[1].select_by_value("id=Nº historia").await.unwrap();
    selects[3].select_by_value("email=Contacto").await.unwrap();
    choose(&client, "select[name=date_order]", "dmy").await;
    choose(&client, "select[name=tz]", "Europe/Madrid").await;
    click(&client, "form[action='/desk/day'] button[type=submit]").await;
    let text = text_with(&client, "30 rows").await;
    assert!(text.contains("30 rows: 30 done, 0 refused."), "{text}");
    assert!(text.contains("MAD-1001"), "{text}");
    client.close().await.unwrap();
}

/// Where the focus is: the focused element's id.
async fn focused(client: &Client) -> String {
    client
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn title(client: &Client) -> String {
    client.title().await.unwrap()
}

/// Waits until the page's title is `want` (a form posted, the next page loaded).
async fn title_is(client: &Client, want: &str) {
    let started = Instant::now();
    while title(client).await != want {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the title is {:?}, not {want:?}",
            title(client).await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_phone_a_failed_submit_says_so_on_top_and_deleting_asks_first() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let driver = Driver::start();
    let tmp = tempfile::tempdir().unwrap();
    let client = browser(&driver, &tmp.path().join("profile"), tmp.path(), (390, 844)).await;
    client.goto(&format!("{}/", server.base())).await.unwrap();

    // The time forgotten: the summary on top, in view; the title; the focus on the time.
    type_into(&client, "input[name=date]", "02052027").await;
    click(&client, "form[action='/plans'] button[type=submit]").await;
    title_is(&client, "Error: Your aftercare plan").await;
    let summary = client.find(Locator::Css(".error-summary")).await.unwrap();
    assert!(
        summary
            .text()
            .await
            .unwrap()
            .contains("Please give the appointment's time.")
    );
    let top = client
        .execute(
            "const r = document.querySelector('.error-summary').getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight];",
            vec![],
        )
        .await
        .unwrap();
    let top: Vec<f64> = top
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert!(
        top[0] >= 0.0 && top[1] <= top[2],
        "the summary is in view: {top:?}"
    );
    assert_eq!(focused(&client).await, "time");
    let problems = accessibility(&client).await;
    assert!(problems.is_empty(), "the form with an error: {problems:#?}");
    screenshot(&client, "phone-form-error").await;

    // Given, the plan is made.
    type_into(&client, "input[name=time]", "0400PM").await;
    choose(&client, "select[name=tz]", "Europe/London").await;
    click(&client, "form[action='/plans'] button[type=submit]").await;
    title_is(&client, "Your aftercare plan").await;
    let plan_url = client.current_url().await.unwrap();
    assert!(plan_url.path().starts_with("/p/"), "{plan_url}");

    // A setback before the appointment ended (16:30): a sentence next to the button, focused.
    client
        .execute(
            "document.getElementById('setbacks').value = '2027-02-05T16:10';",
            vec![],
        )
        .await
        .unwrap();
    click(&client, "form[action$='/setback'] button").await;
    title_is(&client, "Error: Your aftercare plan").await;
    assert_eq!(focused(&client).await, "setbacks");
    let kept = client
        .execute("return document.getElementById('setbacks').value", vec![])
        .await
        .unwrap();
    assert_eq!(kept, json!("2027-02-05T16:10"), "what was typed is kept");
    let sentence = client
        .find(Locator::Id("setbacks-error"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        sentence.starts_with("That time is before your appointment ended"),
        "{sentence}"
    );
    let visible = client
        .execute(
            "const r = document.getElementById('setbacks-error').getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        visible,
        json!(true),
        "the sentence is in view beside its field"
    );
    let problems = accessibility(&client).await;
    assert!(problems.is_empty(), "the plan with an error: {problems:#?}");
    screenshot(&client, "phone-setback-error").await;

    // Delete: first a question; "keep" keeps it; "yes" erases it.
    click(&client, "form[action$='/delete'] button").await;
    title_is(&client, "Delete your plan?").await;
    let problems = accessibility(&client).await;
    assert!(problems.is_empty(), "the question: {problems:#?}");
    screenshot(&client, "phone-delete-confirm").await;
    client
        .find(Locator::LinkText("No, keep my plan"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    title_is(&client, "Your aftercare plan").await;
    click(&client, "form[action$='/delete'] button").await;
    title_is(&client, "Delete your plan?").await;
    click(&client, "form[action$='/delete'] button").await;
    title_is(&client, "Your plan is deleted").await;
    client.goto(plan_url.as_str()).await.unwrap();
    title_is(&client, "Plan not found").await;
    client.close().await.unwrap();
}

/// The language of the page shown (its `<html lang>`).
async fn page_lang(client: &Client) -> String {
    client
        .execute("return document.documentElement.lang", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// How far the page is wider than the window (0 or less: nothing to scroll sideways; a
/// desktop's scroll bar makes it negative).
async fn overflow(client: &Client) -> i64 {
    client
        .execute(
            "return document.documentElement.scrollWidth - window.innerWidth",
            vec![],
        )
        .await
        .unwrap()
        .as_i64()
        .unwrap_or(0)
}

/// Waits until the page's address starts with `path` (a form's redirect).
async fn arrive(client: &Client, path: &str, label: &str) {
    let started = Instant::now();
    while !client.current_url().await.unwrap().path().starts_with(path) {
        if started.elapsed() > Duration::from_secs(10) {
            screenshot(client, &format!("{label}-stuck")).await;
            let mut errors = Vec::new();
            for e in client.find_all(Locator::Css(".error")).await.unwrap() {
                errors.push(e.text().await.unwrap());
            }
            panic!(
                "{label}: not at {path} but {}; errors on the page: {errors:?}",
                client.current_url().await.unwrap()
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Fills the patient's form: yesterday at 10:00 in New York, the forehead, running three
/// evenings a week, sweating a lot; then sends it.
async fn fill_the_form(client: &Client) {
    let ny: chrono_tz::Tz = "America/New_York".parse().unwrap();
    let yesterday = (Utc::now().with_timezone(&ny) - Days::days(1)).date_naive();
    type_into(
        client,
        "input[name=date]",
        &yesterday.format("%m%d%Y").to_string(),
    )
    .await;
    type_into(client, "input[name=time]", "1000AM").await;
    click(client, "input[name=areas][value=forehead]").await;
    click(client, "input[name=sweat][value=heavy]").await;
    for day in ["mon", "wed", "fri"] {
        click(client, &format!("input[name=w0_days][value={day}]")).await;
    }
    type_into(client, "input[name=w0_time]", "0600PM").await;
    type_into(client, "input[name=w0_minutes]", "60").await;
    choose(client, "select[name=w0_activity]", "running").await;
    click(client, "form[action='/plans'] button[type=submit]").await;
}

/// A Spanish-speaking patient on a phone whose browser asks for Spanish: the form, the plan
/// day by day, subscribing, a setback, the e-mail reminders, the handout, then the plan
/// switched to German on its page. Every page in the plan's language, none wider than the
/// phone, none with an accessibility problem.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spanish_speaking_patient_does_everything_in_spanish_on_a_phone() {
    let dir = Dir::new();
    let server = Server::start(dir.path(), &[]);
    let driver = Driver::start();
    let browser_dir = tempfile::tempdir().unwrap();
    let client = browser_in(
        &driver,
        &browser_dir.path().join("profile"),
        browser_dir.path(),
        (390, 844),
        "es-ES,es",
    )
    .await;
    client.goto(&format!("{}/", server.base())).await.unwrap();
    assert_eq!(page_lang(&client).await, "es");
    assert_eq!(
        title(&client).await,
        "Su plan de cuidados tras el tratamiento"
    );
    let text = page_text(&client).await;
    assert!(
        text.contains("Su semana habitual") && text.contains("Crear mi plan"),
        "{text}"
    );
    assert!(accessibility(&client).await.is_empty(), "the form");
    assert!(overflow(&client).await <= 0, "the form fits the phone");
    screenshot(&client, "phone-es-form").await;

    fill_the_form(&client).await;
    arrive(&client, "/p/", "phone-es").await;
    let plan = client.current_url().await.unwrap();
    let text = text_with(&client, "Día a día").await;
    assert!(
        text.contains("Hoy") && text.contains("Carrera, 60 min"),
        "{text}"
    );
    assert!(
        text.contains("Signos de alarma") && text.contains("De un vistazo"),
        "{text}"
    );
    let subscribe = client
        .find(Locator::Css("a[href^='webcal:']"))
        .await
        .unwrap();
    assert!(subscribe.text().await.unwrap().starts_with("Suscribirse"));
    let problems = accessibility(&client).await;
    assert!(problems.is_empty(), "the plan: {problems:#?}");
    assert!(overflow(&client).await <= 0, "the plan fits the phone");
    screenshot(&client, "phone-es-plan").await;

    // A setback: the plan steps back, and says so in Spanish.
    click(&client, "form[action$='/setback'] button[type=submit]").await;
    let text = text_with(&client, "Indicó más hinchazón").await;
    assert!(text.contains("Indicó más hinchazón"), "{text}");
    screenshot(&client, "phone-es-setback").await;

    // The e-mail reminders, agreed to on the page.
    type_into(
        &client,
        "form[action$='/followups'] input[name=email]",
        "ana@example.com",
    )
    .await;
    click(&client, "form[action$='/followups'] input[name=follow_ups]").await;
    click(&client, "form[action$='/followups'] button[type=submit]").await;
    let text = text_with(&client, "están activados").await;
    assert!(
        text.contains("Los recordatorios por correo electrónico están activados"),
        "{text}"
    );

    // The handout, on paper in Spanish.
    client.goto(&format!("{plan}/handout")).await.unwrap();
    assert_eq!(page_lang(&client).await, "es");
    let text = page_text(&client).await;
    assert!(
        text.contains("Qué evitar") || text.contains("Hasta el"),
        "{text}"
    );
    screenshot(&client, "phone-es-handout").await;

    // Her partner reads German: the switch on the page changes the plan's language.
    client.goto(plan.as_str()).await.unwrap();
    click(&client, "nav.languages button[value=de]").await;
    let text = text_with(&client, "Tag für Tag").await;
    assert!(
        text.contains("Tag für Tag") && text.contains("Heute"),
        "{text}"
    );
    assert_eq!(page_lang(&client).await, "de");
    assert!(overflow(&client).await <= 0, "German fits the phone too");
    screenshot(&client, "phone-de-plan").await;
    client.close().await.unwrap();
}

/// The pseudo-locale (English accented, 40 % longer, in brackets): every label, button,
/// heading and legend of the form and the plan's page comes from the catalogues (a plain
/// one would be a hard-coded string), the pages fit a phone and a desktop, and the handout
/// still prints on one page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pseudo_locale_finds_no_hard_coded_text_and_no_layout_that_breaks() {
    use fantoccini::wd::{PrintConfiguration, PrintSize};
    let dir = Dir::new();
    let server = Server::start_with_env(dir.path(), &[], &[("AFTERCARE_PSEUDO_LOCALE", "1")]);
    let driver = Driver::start();
    // What the catalogues do not hold: the protocol's own texts (areas, products, warning
    // signs, reminders: data translated in `protocol.<lang>.toml`), what the person typed,
    // names (zones, languages, activities), and dates (the locale library's).
    let plain = "label.check, label.day, select, option, nav.languages *, .warnings h3, \
                 .warnings li, .entries *, figure svg *, .timeline *, footer *, .note, .day h3";
    let unbracketed = format!(
        "return Array.from(document.querySelectorAll('main h1, main h2, main h3, legend, \
         label, button, summary, .lede, .hint, p.small')).filter(e => !e.matches('{plain}') \
         && !e.closest('{plain}')).map(e => Array.from(e.childNodes).filter(n => n.nodeType \
         === 3).map(n => n.textContent.trim()).join(' ').trim()).filter(t => t && \
         !t.includes('[') && !/^[0-9:().,\\s-]*$/.test(t))"
    );
    for (label, size) in [("phone", (390, 844)), ("desktop", (1280, 900))] {
        let browser_dir = tempfile::tempdir().unwrap();
        let client = browser(
            &driver,
            &browser_dir.path().join("profile"),
            browser_dir.path(),
            size,
        )
        .await;
        client.goto(&format!("{}/", server.base())).await.unwrap();
        let plain_text = client.execute(&unbracketed, vec![]).await.unwrap();
        assert_eq!(
            plain_text,
            json!([]),
            "{label} form: text not from the catalogues"
        );
        assert!(overflow(&client).await <= 0, "{label} form fits");
        screenshot(&client, &format!("{label}-pseudo-form")).await;
        fill_the_form(&client).await;
        arrive(&client, "/p/", &format!("{label}-pseudo")).await;
        let plan = client.current_url().await.unwrap();
        let plain_text = client.execute(&unbracketed, vec![]).await.unwrap();
        assert_eq!(
            plain_text,
            json!([]),
            "{label} plan: text not from the catalogues"
        );
        assert!(overflow(&client).await <= 0, "{label} plan fits");
        screenshot(&client, &format!("{label}-pseudo-plan")).await;
        client.goto(&format!("{plan}/handout")).await.unwrap();
        screenshot(&client, &format!("{label}-pseudo-handout")).await;
        let pdf = client
            .print(
                PrintConfiguration::builder()
                    .size(PrintSize::A4)
                    .build()
                    .unwrap(),
            )
            .await
            .unwrap();
        std::fs::write(shots().join(format!("handout-pseudo-{label}.pdf")), &pdf).unwrap();
        assert_eq!(
            pdf_pages(&pdf),
            1,
            "the pseudo-locale handout ({label}) on A4"
        );
        client.close().await.unwrap();
    }
}

/// A German practice's front desk, whose browser asks for German and whose clinic profile
/// says its patients speak German: every desk page in German, a day's list with one row in
/// Spanish (its `Sprache` column), each patient's page in the patient's language.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_german_desk_runs_its_day_s_list_in_german() {
    let dir = Dir::new();
    let out = dir.run_with(
        &[
            "desk",
            "add-user",
            "empfang",
            "--password-stdin",
            "--db",
            "plans.db",
        ],
        b"correct horse battery\n",
    );
    assert!(out.status.success());
    dir.write(
        "praxis.toml",
        "name = \"Praxis Beispiel\"\nphone = \"+49 30 1234567\"\ntz = \"Europe/Berlin\"\nlanguage = \"de\"\n",
    );
    let clinic = dir.path().join("praxis.toml").display().to_string();
    let server = Server::start(dir.path(), &["--clinic", &clinic]);
    let driver = Driver::start();
    let files = tempfile::tempdir().unwrap();
    let client = browser_in(
        &driver,
        &files.path().join("profile"),
        &files.path().join("downloads"),
        (1280, 900),
        "de-DE,de",
    )
    .await;
    client
        .goto(&format!("{}/desk", server.base()))
        .await
        .unwrap();
    assert_eq!(page_lang(&client).await, "de");
    assert_eq!(title(&client).await, "Empfang: Anmelden");
    type_into(&client, "input[name=name]", "empfang").await;
    type_into(&client, "input[name=password]", "correct horse battery").await;
    click(&client, "form[action='/desk/signin'] button").await;
    let text = text_with(&client, "Angemeldet als empfang").await;
    assert!(text.contains("Angemeldet als empfang"), "{text}");
    assert!(accessibility(&client).await.is_empty(), "the desk");
    screenshot(&client, "desktop-de-desk").await;

    client
        .goto(&format!("{}/desk/day", server.base()))
        .await
        .unwrap();
    assert_eq!(page_lang(&client).await, "de");
    let csv = files.path().join("tagesliste.csv");
    std::fs::write(
        &csv,
        common::in_future(
            "Patienten-ID,Datum,Uhrzeit,Sprache\nP-1,2027-02-05,16:00,\nP-2,2027-02-05,16:30,es\nP-3,2027-02-30,17:00,\n",
        ),
    )
    .unwrap();
    type_into(&client, "input[name=csv]", &csv.display().to_string()).await;
    click(&client, "form[action='/desk/day'] button[type=submit]").await;
    let text = text_with(&client, "Zeilen: 3").await;
    assert!(text.contains("Zeilen: 3; erledigt: 2"), "{text}");
    assert!(
        text.contains("P-3 (Zeile 4)") && text.contains("abgelehnt"),
        "{text}"
    );
    let problems = accessibility(&client).await;
    assert!(problems.is_empty(), "the day's results: {problems:#?}");
    screenshot(&client, "desktop-de-desk-day").await;

    // Each patient's hand-over page, then their own page: German for P-1 (the clinic's
    // language), Spanish for P-2 (the row's).
    let mut hand_overs = Vec::new();
    for id in ["P-1", "P-2"] {
        let link = client.find(Locator::LinkText(id)).await.unwrap();
        hand_overs.push(link.attr("href").await.unwrap().unwrap());
    }
    for (hand_over, (id, lang, words)) in hand_overs
        .iter()
        .zip([("P-1", "de", "Tag für Tag"), ("P-2", "es", "Día a día")])
    {
        client
            .goto(&format!("{}{hand_over}", server.base()))
            .await
            .unwrap();
        let qr = client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css("figure.big-qr svg"))
            .await
            .unwrap();
        assert_eq!(
            page_lang(&client).await,
            "de",
            "the hand-over page is the desk's"
        );
        if lang == "es" {
            let text = page_text(&client).await;
            assert!(text.contains("Sprache des Plans: Español"), "{text}");
            screenshot(&client, "desktop-de-desk-handover-es").await;
        }
        let link = read_qr(&qr.screenshot().await.unwrap());
        client.goto(&link).await.unwrap();
        let text = text_with(&client, words).await;
        assert!(text.contains(words), "{id}: {text}");
        assert_eq!(page_lang(&client).await, lang, "{id}");
    }
    client.close().await.unwrap();
}
