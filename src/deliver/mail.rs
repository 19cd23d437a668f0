//! The aftercare calendar as an e-mail (RFC 5322 / MIME), and sending it over SMTP.
//!
//! The message has the structure mail clients recognise as a calendar (the one Gmail and
//! nodemailer use):
//!
//! ```text
//! multipart/mixed
//! ├── multipart/alternative
//! │   ├── text/plain; charset=utf-8         the plan, readable in a terminal
//! │   ├── text/html; charset=utf-8          the plan, for a browser
//! │   └── text/calendar; method=PUBLISH; charset=UTF-8
//! └── aftercare-<date>.ics                  the same calendar as an attachment
//! ```
//!
//! MIME is lettre's builder, never hand-assembled. Boundaries, Message-ID and Date are derived
//! from the input (Date from the same DTSTAMP as the calendar), so the same input gives the same
//! bytes. Addresses, names and subjects with line breaks or other control characters are refused
//! before they reach a header; non-ASCII ones are encoded by lettre (RFC 2047).

use std::str::FromStr;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{Message, SmtpTransport, Transport};

use crate::error::{Error, Result};

/// Who the message is from and to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// The clinic.
    pub from: Mailbox,
    /// The patient.
    pub to: Mailbox,
    /// Subject line.
    pub subject: String,
}

/// The longest subject or display name accepted, in characters: a header line stays far below
/// RFC 5322's 998 octets even RFC 2047-encoded, and a phone shows the start anyway.
pub const MAX_HEADER_CHARS: usize = 200;

/// Refuses text that could break out of a header (line breaks and other control characters)
/// or make it too long. Unicode's own line and paragraph separators (U+2028, U+2029) are line
/// breaks too: some mail clients and terminals break the line there.
pub fn check_header_text(field: &str, value: &str) -> Result<()> {
    if value
        .chars()
        .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
    {
        return Err(Error::invalid(
            field,
            value,
            "text without line breaks or other control characters",
        ));
    }
    if value.chars().count() > MAX_HEADER_CHARS {
        return Err(Error::invalid(
            field,
            value,
            format!("at most {MAX_HEADER_CHARS} characters"),
        ));
    }
    Ok(())
}

/// Parses `addr@example.com` or `Name <addr@example.com>`, with an optional display name
/// (UTF-8 allowed; encoded per RFC 2047 when written).
pub fn mailbox(field: &str, address: &str, name: Option<&str>) -> Result<Mailbox> {
    check_header_text(field, address)?;
    if let Some(name) = name {
        check_header_text(field, name)?;
    }
    let bad = || {
        Error::invalid(
            field,
            address,
            "an e-mail address such as clinic@example.com",
        )
    };
    let mut mailbox = Mailbox::from_str(address.trim()).map_err(|_| bad())?;
    if let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) {
        mailbox.name = Some(name.to_string());
    }
    if let Some(name) = &mailbox.name {
        check_header_text(field, name)?;
    }
    // An internationalised domain is written in its ASCII (punycode) form: raw UTF-8 in a
    // header needs SMTPUTF8, which many servers lack. A non-ASCII local part has no such form.
    let (user, domain) = (mailbox.email.user(), mailbox.email.domain());
    if !user.is_ascii() {
        return Err(Error::invalid(
            field,
            address,
            "an address whose part before the @ is ASCII",
        ));
    }
    if !domain.is_ascii() {
        let ascii = match url::Host::parse(domain) {
            Ok(url::Host::Domain(ascii)) => ascii,
            _ => return Err(bad()),
        };
        mailbox.email = lettre::Address::new(user, ascii).map_err(|_| bad())?;
    }
    Ok(mailbox)
}

/// What goes into the message besides the envelope.
pub struct Content<'a> {
    /// The plain-text body.
    pub text: &'a str,
    /// The HTML body.
    pub html: &'a str,
    /// The calendar (`METHOD:PUBLISH`, with an ORGANIZER on every event).
    pub ics: &'a str,
    /// The attachment's file name.
    pub filename: &'a str,
    /// The message's Date (the calendar's DTSTAMP).
    pub date: DateTime<Utc>,
    /// Identity of the message (the plan's), for Message-ID and boundaries.
    pub identity: &'a str,
    /// The language its text is written in (`Content-Language`, RFC 3282).
    pub lang: crate::i18n::Lang,
}

/// Builds the message. Fails only if lettre refuses the headers.
pub fn message(envelope: &Envelope, content: &Content<'_>) -> Result<Message> {
    check_header_text("subject", &envelope.subject)?;
    let digest = |salt: &str| {
        uuid::Uuid::new_v5(
            &uuid::Uuid::NAMESPACE_OID,
            format!("{salt}|{}", content.identity).as_bytes(),
        )
        .simple()
        .to_string()
    };
    let domain = envelope.from.email.domain().to_string();
    let calendar_type = ContentType::parse("text/calendar; method=PUBLISH; charset=UTF-8")
        .map_err(|e| Error::invalid("content type", "text/calendar", e.to_string()))?;
    let alternative = MultiPart::alternative()
        .boundary(format!("alt-{}", digest("alternative")))
        .singlepart(SinglePart::plain(content.text.to_string()))
        .singlepart(SinglePart::html(content.html.to_string()))
        .singlepart(
            SinglePart::builder()
                .header(calendar_type.clone())
                .body(content.ics.to_string()),
        );
    // The attachment says what its body says (METHOD:PUBLISH), as the text/calendar
    // registration (RFC 6047) requires.
    let attachment =
        Attachment::new(content.filename.to_string()).body(content.ics.to_string(), calendar_type);
    let mixed = MultiPart::mixed()
        .boundary(format!("mixed-{}", digest("mixed")))
        .multipart(alternative)
        .singlepart(attachment);
    let mut message = Message::builder()
        .from(envelope.from.clone())
        .to(envelope.to.clone())
        .subject(envelope.subject.clone())
        .date(content.date.into())
        .message_id(Some(format!("<{}@{domain}>", digest("message-id"))))
        .multipart(mixed)
        .map_err(|e| Error::invalid("message", "", e.to_string()))?;
    content_language(&mut message, content.lang);
    Ok(message)
}

/// Says the language `message` is written in (`Content-Language`, RFC 3282), for the mail
/// client's reading aloud and translating.
pub fn content_language(message: &mut Message, lang: crate::i18n::Lang) {
    use lettre::message::header::{HeaderName, HeaderValue};
    message.headers_mut().insert_raw(HeaderValue::new(
        HeaderName::new_from_ascii_str("Content-Language"),
        lang.tag().to_string(),
    ));
}

/// An SMTP server, checked before anything is written or sent: `smtp://host:port` (plain,
/// upgraded with STARTTLS when `?tls=required` or `?tls=opportunistic` is given) or
/// `smtps://host:port` (TLS). Credentials come from `AFTERCARE_SMTP_USERNAME` and
/// `AFTERCARE_SMTP_PASSWORD`, never from the command line, and travel only over TLS (`smtps://`
/// or `?tls=required`) unless the caller explicitly allows a plain connection.
#[derive(Debug)]
pub struct Smtp {
    url: String,
    server: String,
    credentials: Option<(String, String)>,
}

impl Smtp {
    /// Checks `url` and whether `credentials` may be sent over it (`insecure_auth`: the
    /// operator's explicit opt-out, `--smtp-insecure-auth`).
    pub fn new(
        url: &str,
        credentials: Option<(String, String)>,
        insecure_auth: bool,
    ) -> Result<Smtp> {
        let parsed = url::Url::parse(url).map_err(|_| bad_url(url))?;
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(Error::invalid(
                "smtp",
                "(a URL with credentials)",
                "a URL without credentials: set AFTERCARE_SMTP_USERNAME and AFTERCARE_SMTP_PASSWORD instead",
            ));
        }
        if !matches!(parsed.scheme(), "smtp" | "smtps") || parsed.host_str().is_none() {
            return Err(bad_url(url));
        }
        SmtpTransport::from_url(url).map_err(|_| bad_url(url))?;
        let tls = parsed.scheme() == "smtps"
            || parsed
                .query_pairs()
                .any(|(k, v)| k == "tls" && v == "required");
        if credentials.is_some() && !tls && !insecure_auth {
            return Err(Error::PlainCredentials {
                field: "smtp".into(),
                url: url.into(),
            });
        }
        let server = format!(
            "{}:{}",
            parsed.host_str().unwrap_or(""),
            parsed
                .port()
                .unwrap_or(if parsed.scheme() == "smtps" { 465 } else { 25 })
        );
        Ok(Smtp {
            url: url.to_string(),
            server,
            credentials,
        })
    }

    /// Sends `message`; succeeds only when the server accepted it.
    pub fn send(&self, message: &Message) -> Result<()> {
        let mut builder = SmtpTransport::from_url(&self.url)
            .map_err(|_| bad_url(&self.url))?
            .timeout(Some(StdDuration::from_secs(20)));
        if let Some((user, password)) = &self.credentials {
            builder =
                builder.credentials(lettre::transport::smtp::authentication::Credentials::new(
                    user.clone(),
                    password.clone(),
                ));
        }
        builder
            .build()
            .send(message)
            .map(|_| ())
            .map_err(|e| Error::Send {
                server: self.server.clone(),
                reason: e.to_string(),
            })
    }
}

fn bad_url(url: &str) -> Error {
    Error::invalid("smtp", url, "smtp://host:port or smtps://host:port")
}

/// SMTP credentials from the environment, if set.
pub fn credentials_from_env() -> Option<(String, String)> {
    let user = std::env::var("AFTERCARE_SMTP_USERNAME").ok()?;
    let password = std::env::var("AFTERCARE_SMTP_PASSWORD").unwrap_or_default();
    Some((user, password))
}

/// The message for a plan: its calendar (with the clinic as ORGANIZER on every event, as
/// `METHOD:PUBLISH` requires), the text and HTML views, and the calendar attached. Also returns
/// the calendar, so a caller that writes it too does not render it twice.
pub fn plan_message(
    plan: &crate::model::Plan,
    options: &crate::render::ics::IcsOptions,
    envelope: &Envelope,
    greeting: Option<&str>,
) -> Result<(Message, String)> {
    let options = crate::render::ics::IcsOptions {
        organizer: Some(envelope.from.email.to_string()),
        organizer_name: envelope.from.name.clone(),
        ..options.clone()
    };
    let ics = crate::render::ics::render(plan, &options);
    let procedure = (!options.discreet).then_some(options.procedure.as_str());
    let clinic = options.clinic.as_ref();
    let lang = plan.lang;
    let mut text = String::new();
    if let Some(name) = greeting {
        text.push_str(&lang.tr("mail-hello", &[("name", name)]));
        text.push_str("\n\n");
    }
    if let Some(intro) = clinic.and_then(|c| c.intro.as_deref()) {
        text.push_str(&format!("{intro}\n\n"));
    }
    let page = options.page.as_deref();
    if let Some(page) = page {
        text.push_str(&format!("{}\n{page}\n\n", lang.tr("page-link", &[])));
    }
    text.push_str(&crate::render::text::render_message(
        plan,
        procedure,
        clinic,
        options.style,
    ));
    text.push_str(&format!("\n{}\n", crate::render::calendar_line(page, lang)));
    if let Some(sign_off) = clinic.and_then(|c| c.sign_off.as_deref()) {
        text.push_str(&format!("\n{sign_off}\n"));
    }
    let html = crate::render::html::render(
        plan,
        &crate::render::html::Reader {
            procedure,
            greeting,
            clinic,
            page,
            style: options.style,
        },
    );
    let filename = format!(
        "aftercare-{}.ics",
        plan.appointment.start.format("%Y-%m-%d")
    );
    let identity = format!(
        "{}|{}|{}",
        options.uid_seed,
        plan.appointment.start.with_timezone(&Utc).to_rfc3339(),
        envelope.to.email
    );
    let message = message(
        envelope,
        &Content {
            text: &text,
            html: &html,
            ics: &ics,
            filename: &filename,
            date: options.dtstamp,
            identity: &identity,
            lang: plan.lang,
        },
    )?;
    Ok((message, ics))
}

/// The default subject, in `lang`: names the procedure unless discreet.
pub fn default_subject(procedure: Option<&str>, lang: crate::i18n::Lang) -> String {
    match procedure {
        Some(p) => lang.tr("mail-subject", &[("procedure", p)]),
        None => lang.tr("mail-subject-discreet", &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_injection_is_refused() {
        for bad in [
            "clinic@example.com\r\nBcc: x@y.z",
            "a@b.c\nX: y",
            "a@b.c\u{0}",
        ] {
            assert!(mailbox("--to", bad, None).is_err(), "{bad:?}");
        }
        assert!(mailbox("--to", "a@b.c", Some("Eve\r\nBcc: x@y.z")).is_err());
        assert!(check_header_text("--subject", "Hi\r\nBcc: x@y.z").is_err());
        for separator in ['\u{85}', '\u{2028}', '\u{2029}'] {
            let err = check_header_text("--subject", &format!("Hi{separator}Bcc: x@y.z"))
                .unwrap_err()
                .to_string();
            assert!(err.contains("without line breaks"), "{err}");
        }
        let m = mailbox("--to", "ana@example.com", Some("Ána Ñúñez")).unwrap();
        assert_eq!(m.email.to_string(), "ana@example.com");
        assert!(mailbox("--to", "not an address", None).is_err());
    }

    #[test]
    fn headers_stay_short_and_ascii() {
        let m = mailbox("--to", "ana@bücher.example", None).unwrap();
        assert_eq!(m.email.to_string(), "ana@xn--bcher-kva.example");
        assert!(mailbox("--to", "añа@example.com", None).is_err());
        let long = "n".repeat(MAX_HEADER_CHARS + 1);
        let err = mailbox("--to", "ana@example.com", Some(&long))
            .unwrap_err()
            .to_string();
        assert!(err.contains("at most 200 characters"), "{err}");
        assert!(check_header_text("--subject", &"s".repeat(10_000)).is_err());
        assert!(check_header_text("--subject", &"é".repeat(MAX_HEADER_CHARS)).is_ok());
    }

    /// The plain and HTML parts of a message (quoted-printable undone), and its calendar.
    fn parts(plan: &crate::model::Plan, page: Option<&str>) -> (String, String) {
        let options = crate::render::ics::IcsOptions {
            page: page.map(str::to_string),
            ..Default::default()
        };
        let envelope = Envelope {
            from: mailbox("from", "clinic@example.com", None).unwrap(),
            to: mailbox("to", "ana@example.com", None).unwrap(),
            subject: "Your plan".into(),
        };
        let (message, ics) = plan_message(plan, &options, &envelope, None).unwrap();
        let raw = String::from_utf8(message.formatted()).unwrap();
        (raw.replace("=\r\n", "").replace("=3D", "="), ics)
    }

    #[test]
    fn a_message_links_the_plan_s_page_only_when_there_is_one() {
        use crate::model::{Appointment, Protocol, Routine, Sweat};
        use chrono::TimeZone;
        let tz: crate::tz::Zone = "Europe/Madrid".parse().unwrap();
        let appointment =
            Appointment::new(tz.with_ymd_and_hms(2027, 2, 5, 16, 0, 0).unwrap(), 30).unwrap();
        // No routine given (a day's list row without workouts): nothing asks the patient to
        // add one, which a message cannot do.
        let plan = crate::plan::plan(
            &appointment,
            &Routine::default(),
            &Protocol::builtin(),
            Sweat::default(),
        );
        let (message, ics) = parts(&plan, None);
        assert!(!message.contains("weekly routine"));
        assert!(!message.contains("/p/") && !ics.contains("URL"));
        let page = "https://plans.example.com/p/AAAAAAAAAAAAAAAAAAAAAA";
        let (message, ics) = parts(&plan, Some(page));
        assert!(!message.contains("weekly routine"));
        assert!(message.contains(&format!("delete the plan:\r\n{page}\r\n")));
        assert!(message.contains(&format!("<a href=\"{page}\">{page}</a>")));
        assert!(ics.contains(&format!("\r\nURL;VALUE=URI:{page}\r\n")));
    }

    #[test]
    fn credentials_travel_only_over_tls() {
        let creds = || Some(("desk".to_string(), "secret".to_string()));
        let err = Smtp::new("smtp://127.0.0.1:25", creds(), false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("only travel over TLS"), "{err}");
        assert!(!err.contains("secret"));
        assert!(Smtp::new("smtps://mail.example.com", creds(), false).is_ok());
        assert!(Smtp::new("smtp://mail.example.com:587?tls=required", creds(), false).is_ok());
        assert!(Smtp::new("smtp://127.0.0.1:25", creds(), true).is_ok());
        assert!(Smtp::new("smtp://127.0.0.1:25", None, false).is_ok());
        assert!(Smtp::new("smtp://u:p@127.0.0.1:25", None, false).is_err());
        assert!(Smtp::new("http://127.0.0.1", None, false).is_err());
    }
}
