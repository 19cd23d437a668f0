//! The timeline picture: an inline SVG of the recovery period, made on the server (no script,
//! no external file), for the web page and the desk's hand-over page. (The e-mail's HTML part
//! says the same as a table: webmail strips inline SVG.)
//!
//! Days run left to right, up to the day the full routine is back; the quiet days after it, up
//! to the last event (the follow-up), fold into one narrow "…" column. The stages of the return
//! to exercise are coloured bands; the restrictions are grouped by when they end, each group a
//! labelled bar from the end of the appointment to that end; each usual workout has its own
//! labelled row of marks whose colour *and* shape say the outcome (kept ●, lighter ▲,
//! replaced ■, skipped ×), so the picture reads in grey too. Every word is at least
//! [`TEXT`] units high in a drawing [`WIDTH`] units wide, so 12 px or more on a 390 px phone,
//! and starts right of the line that marks the end of the appointment, never under it.
//!
//! ```
//! use aftercare::model::{Appointment, Protocol, Routine, Sweat};
//! use chrono::TimeZone;
//!
//! let tz: aftercare::tz::Zone = "Europe/London".parse().unwrap();
//! let appointment = Appointment::new(tz.with_ymd_and_hms(2027, 2, 5, 16, 0, 0).unwrap(), 30).unwrap();
//! let plan = aftercare::plan::plan(&appointment, &Routine::default(), &Protocol::builtin(), Sweat::default());
//! let svg = aftercare::render::timeline::render(&plan, None, Default::default());
//! assert!(svg.starts_with("<svg") && svg.contains("Until ") && svg.contains("heat"));
//! ```

use std::fmt::Write;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::model::{Outcome, Plan};
use crate::render::html::escape;
use crate::tz::Zone;
use crate::units::week::TimeStyle;

/// The drawing's width, in its own units (about a phone's CSS pixels).
pub const WIDTH: f64 = 360.0;
const LEFT: f64 = 4.0;
const RIGHT: f64 = 356.0;
/// The size of every word, in the drawing's units.
pub const TEXT: f64 = 13.0;
/// A line of text, top to top.
const LINE: f64 = 16.0;
/// The narrowest a day's label may have (the weekday and the date, at [`TEXT`]).
const LABEL_ROOM: f64 = 26.0;
/// Stage colours, in order (light enough for dark text on them).
const STAGE_FILLS: [&str; 5] = ["#f4c7c3", "#fce8b2", "#d9ead3", "#c9daf8", "#e6d5f0"];
/// A halo behind words, so that a line drawn near them (now) never runs through them.
const HALO: &str =
    r##"paint-order="stroke" stroke="#fff" stroke-width="3" stroke-linejoin="round""##;

/// The colour of an outcome's mark, and its key in the catalogue's `timeline-outcome`.
fn outcome_style(outcome: Outcome) -> (&'static str, &'static str) {
    match outcome {
        Outcome::Keep => ("#1b7a3a", "keep"),
        Outcome::Scale => ("#9a6700", "scale"),
        Outcome::Replace => ("#1a5fb4", "replace"),
        Outcome::Skip => ("#5e5e5e", "skip"),
    }
}

/// An outcome as the legend says it (`as usual`, `lighter`), in `lang`.
fn outcome_name(outcome: Outcome, lang: crate::i18n::Lang) -> String {
    lang.tr("timeline-outcome", &[("outcome", outcome_style(outcome).1)])
}

/// A column of the picture: one day, or the quiet days after the return folded into one.
struct Column {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    left: f64,
    right: f64,
    /// The day it shows; `None` for the folded days.
    day: Option<NaiveDate>,
}

/// Where instants go across the picture: linear within each column.
struct Scale(Vec<Column>);

impl Scale {
    /// The days from `first` to `back` (the full routine's day), then `last` (the last event's
    /// day) with the days between folded into one column.
    fn new(first: NaiveDate, back: NaiveDate, last: NaiveDate, zone: Zone) -> Scale {
        let back = back.clamp(first, last);
        let mut spans: Vec<(NaiveDate, NaiveDate, Option<NaiveDate>)> = first
            .iter_days()
            .take_while(|d| *d <= back)
            .map(|d| (d, d + Duration::days(1), Some(d)))
            .collect();
        if last > back {
            let after = back + Duration::days(1);
            if last > after {
                spans.push((after, last, None));
            }
            spans.push((last, last + Duration::days(1), Some(last)));
        }
        let width = (RIGHT - LEFT) / spans.len() as f64;
        Scale(
            spans
                .into_iter()
                .enumerate()
                .map(|(i, (from, to, day))| Column {
                    from: local_midnight(from, zone),
                    to: local_midnight(to, zone),
                    left: LEFT + width * i as f64,
                    right: LEFT + width * (i + 1) as f64,
                    day,
                })
                .collect(),
        )
    }

    fn x(&self, t: DateTime<Utc>) -> f64 {
        for c in &self.0 {
            if t < c.to {
                let span = (c.to - c.from).num_seconds().max(1) as f64;
                let s = (t - c.from).num_seconds() as f64;
                return c.left + (c.right - c.left) * (s / span).clamp(0.0, 1.0);
            }
        }
        RIGHT
    }

    fn width(&self) -> f64 {
        self.0.first().map_or(RIGHT - LEFT, |c| c.right - c.left)
    }
}

/// `text` in lines of at most `chars` characters, broken between words.
fn wrap(text: &str, chars: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= chars => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Draws `plan` from the appointment's day to the last day anything happens; `now`, when
/// given and inside that span, is a dashed line.
pub fn render(plan: &Plan, now: Option<DateTime<Utc>>, style: TimeStyle) -> String {
    let zone = plan.appointment.tz;
    // Every word in the plan's language, the dates too.
    let lang = plan.lang;
    let style = style.with_lang(lang);
    let first = plan.appointment.start.date_naive();
    let last = plan.last_instant().date_naive();
    let back = plan
        .stages
        .iter()
        .map(|s| s.start.date_naive())
        .max()
        .unwrap_or(last);
    let scale = Scale::new(first, back, last, zone);
    let x = |t: DateTime<Utc>| scale.x(t);
    let year = chrono::Datelike::year(&first);
    // Words start right of the end of the appointment, and fit before the right edge.
    let t0 = x(plan.appointment.end.with_timezone(&Utc));
    let words_x = t0 + 4.0;
    let chars = ((RIGHT - words_x) / (TEXT * 0.56)) as usize;

    let mut body = String::new();
    // Day columns and their labels: every day when they fit, else every few.
    let step = (LABEL_ROOM / scale.width()).ceil().max(1.0) as usize;
    for (i, column) in scale.0.iter().enumerate() {
        let (left, right) = (column.left, column.right);
        if i % 2 == 1 {
            let _ = write!(
                body,
                r##"<rect x="{left:.1}" y="0" width="{:.1}" height="100%" fill="#f3f3f3"/>"##,
                right - left
            );
        }
        let mid = (left + right) / 2.0;
        match column.day {
            Some(date) if i % step == 0 || i + 1 == scale.0.len() => {
                let _ = write!(
                    body,
                    r#"<text x="{mid:.1}" y="12" text-anchor="middle" font-size="{TEXT}">{}</text><text x="{mid:.1}" y="26" text-anchor="middle" font-size="{TEXT}" font-weight="bold">{}</text>"#,
                    escape(&lang.tr(
                        "form-day",
                        &[(
                            "day",
                            crate::units::week::day_id(chrono::Datelike::weekday(&date))
                        )]
                    )),
                    date.format("%-d")
                );
            }
            Some(_) => {}
            None => {
                let _ = write!(
                    body,
                    r#"<text x="{mid:.1}" y="26" text-anchor="middle" font-size="{TEXT}" font-weight="bold"><title>{}</title>…</text>"#,
                    escape(&lang.t("timeline-between"))
                );
            }
        }
    }
    let top = 31.0;
    let mut y = top;

    // Stages as bands, labelled in the legend below.
    for (i, stage) in plan.stages.iter().enumerate() {
        let from = x(stage.start.with_timezone(&Utc));
        let to = stage.end.map_or(RIGHT, |e| x(e.with_timezone(&Utc)));
        let _ = write!(
            body,
            r#"<rect x="{from:.1}" y="{y}" width="{:.1}" height="12" fill="{}"><title>{}</title></rect>"#,
            (to - from).max(0.5),
            STAGE_FILLS[i % STAGE_FILLS.len()],
            escape(&stage.title)
        );
    }
    y += 16.0;

    // Restrictions, grouped by when they end (the soonest first): when, what, then the bar.
    let mut ends: Vec<DateTime<Zone>> = plan.windows.iter().map(|w| w.end).collect();
    ends.sort();
    ends.dedup();
    for end in ends {
        let ending: Vec<_> = plan.windows.iter().filter(|w| w.end == end).collect();
        let from = ending
            .iter()
            .map(|w| x(w.start.with_timezone(&Utc)))
            .fold(RIGHT, f64::min);
        let to = x(end.with_timezone(&Utc));
        let what: Vec<&str> = ending.iter().map(|w| w.title.as_str()).collect();
        let _ = write!(
            body,
            r#"<text x="{words_x:.1}" y="{:.1}" font-size="{TEXT}" font-weight="bold" {HALO}>{}</text>"#,
            y + 12.0,
            escape(&lang.tr("timeline-until", &[("when", &style.when(end, year))]))
        );
        y += LINE;
        for line in wrap(
            &crate::units::capitalise(&what.join(lang.separator())),
            chars,
        ) {
            let _ = write!(
                body,
                r#"<text x="{words_x:.1}" y="{:.1}" font-size="{TEXT}" {HALO}>{}</text>"#,
                y + 12.0,
                escape(&line)
            );
            y += LINE;
        }
        let _ = write!(
            body,
            r##"<rect x="{from:.1}" y="{:.1}" width="{:.1}" height="7" rx="2" fill="#b3261e"/>"##,
            y + 2.0,
            (to - from).max(1.0)
        );
        y += 14.0;
    }

    // The usual workouts: a row for each, its name above its marks.
    let mut names: Vec<&str> = Vec::new();
    for s in &plan.sessions {
        if !names.contains(&s.name.as_str()) {
            names.push(&s.name);
        }
    }
    for name in names {
        let _ = write!(
            body,
            r#"<g class="workout"><text x="{words_x:.1}" y="{:.1}" font-size="{TEXT}" {HALO}>{}</text>"#,
            y + 12.0,
            escape(name)
        );
        let mid = y + LINE + 6.0;
        for s in plan.sessions.iter().filter(|s| s.name == name) {
            let cx = x(s.start.with_timezone(&Utc));
            body.push_str(&mark(
                s.outcome,
                cx,
                mid,
                &lang.tr(
                    "timeline-session",
                    &[
                        ("name", &s.name),
                        ("when", &style.when(s.start, year)),
                        ("outcome", &outcome_name(s.outcome, lang)),
                    ],
                ),
            ));
        }
        body.push_str("</g>");
        y += LINE + 14.0;
    }

    // The end of the appointment, and now.
    let _ = write!(
        body,
        r##"<line class="appointment" x1="{t0:.1}" y1="{top}" x2="{t0:.1}" y2="{y:.1}" stroke="#000" stroke-width="1"><title>{}</title></line>"##,
        escape(&lang.t("timeline-appointment-end"))
    );
    if let Some(now) = now {
        let start = scale.0.first().map(|c| c.from);
        let end = scale.0.last().map(|c| c.to);
        if start.is_some_and(|s| s <= now) && end.is_some_and(|e| now < e) {
            let nx = x(now);
            let anchor = if nx < t0 || nx > WIDTH / 2.0 {
                "end"
            } else {
                "start"
            };
            let _ = write!(
                body,
                r##"<line x1="{nx:.1}" y1="{top}" x2="{nx:.1}" y2="{:.1}" stroke="#000" stroke-dasharray="3 2"/><text x="{:.1}" y="{:.1}" font-size="{TEXT}" text-anchor="{anchor}">{}</text>"##,
                y + 2.0,
                if anchor == "end" { nx - 2.0 } else { nx + 2.0 },
                y + 14.0,
                escape(&lang.t("timeline-now")),
            );
            y += LINE;
        }
    }

    // Legend: stages, then outcomes.
    y += 6.0;
    let mut legend = String::new();
    // Each swatch is drawn at the origin, then moved to its line.
    let mut items: Vec<(String, String)> = plan
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                format!(
                    r#"<rect x="-5" y="-5" width="10" height="10" fill="{}"/>"#,
                    STAGE_FILLS[i % STAGE_FILLS.len()]
                ),
                lang.tr(
                    "timeline-stage",
                    &[("title", &s.title), ("when", &style.when(s.start, year))],
                ),
            )
        })
        .collect();
    if !plan.sessions.is_empty() {
        let mut outcomes: Vec<Outcome> = plan.sessions.iter().map(|s| s.outcome).collect();
        outcomes.sort();
        outcomes.dedup();
        for o in outcomes {
            items.push((
                mark(o, 0.0, 0.0, ""),
                lang.tr("timeline-workout", &[("outcome", &outcome_name(o, lang))]),
            ));
        }
    }
    // A long legend (a setback's stage, in a longer language) wraps rather than run past the
    // picture's right edge.
    let legend_chars = ((RIGHT - LEFT - 16.0) / (TEXT * 0.56)) as usize;
    for (swatch, text) in items {
        let _ = write!(
            legend,
            r#"<g transform="translate({},{:.1})">{swatch}</g>"#,
            LEFT + 5.0,
            y + 6.0,
        );
        for (i, line) in wrap(&text, legend_chars).into_iter().enumerate() {
            if i > 0 {
                y += LINE;
            }
            let _ = write!(
                legend,
                r#"<text x="{}" y="{:.1}" font-size="{TEXT}">{}</text>"#,
                LEFT + 16.0,
                y + 11.0,
                escape(&line)
            );
        }
        y += 18.0;
    }
    let height = y + 4.0;
    let description = lang.tr(
        "timeline-description",
        &[
            ("from", &style.when(plan.appointment.start, year)),
            ("to", &style.when(plan.last_instant(), year)),
            ("restrictions", &plan.windows.len().to_string()),
            ("stages", &plan.stages.len().to_string()),
            ("workouts", &plan.sessions.len().to_string()),
        ],
    );
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0}" width="100%" role="img" aria-labelledby="timeline-title timeline-desc" font-family="sans-serif" class="timeline"><title id="timeline-title">{}</title><desc id="timeline-desc">{}</desc>{body}{legend}</svg>"#,
        escape(&lang.t("timeline-title")),
        escape(&description)
    )
}

/// An outcome's mark centred on (`cx`, `cy`): kept ●, lighter ▲, replaced ■, skipped ×.
fn mark(outcome: Outcome, cx: f64, cy: f64, title: &str) -> String {
    let (colour, _) = outcome_style(outcome);
    let title = if title.is_empty() {
        String::new()
    } else {
        format!("<title>{}</title>", escape(title))
    };
    match outcome {
        Outcome::Keep => {
            format!(
                r#"<circle class="mark" cx="{cx:.1}" cy="{cy:.1}" r="4.5" fill="{colour}">{title}</circle>"#
            )
        }
        Outcome::Scale => format!(
            r#"<path class="mark" d="M{:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z" fill="{colour}">{title}</path>"#,
            cx,
            cy - 5.0,
            cx + 5.0,
            cy + 4.0,
            cx - 5.0,
            cy + 4.0
        ),
        Outcome::Replace => format!(
            r#"<rect class="mark" x="{:.1}" y="{:.1}" width="9" height="9" fill="{colour}">{title}</rect>"#,
            cx - 4.5,
            cy - 4.5
        ),
        Outcome::Skip => format!(
            r#"<path class="mark" d="M{:.1} {:.1}L{:.1} {:.1}M{:.1} {:.1}L{:.1} {:.1}" stroke="{colour}" stroke-width="2.2">{title}</path>"#,
            cx - 4.0,
            cy - 4.0,
            cx + 4.0,
            cy + 4.0,
            cx + 4.0,
            cy - 4.0,
            cx - 4.0,
            cy + 4.0
        ),
    }
}

/// The instant a local day starts (its first valid minute when midnight falls in a gap).
fn local_midnight(date: NaiveDate, zone: Zone) -> DateTime<Utc> {
    use chrono::TimeZone;
    let mut t = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    for _ in 0..=180 {
        if let Some(at) = zone.from_local_datetime(&t).earliest() {
            return at.with_timezone(&Utc);
        }
        t += Duration::minutes(15);
    }
    // Never reached: no zone skips more than a day... except Samoa's 2011 day, handled by
    // going on from the next day's start.
    Utc.from_utc_datetime(&t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Appointment, Protocol, Routine, Sweat};
    use chrono::TimeZone;

    #[test]
    fn hostile_names_are_text_and_every_outcome_has_its_mark() {
        let tz: Zone = "Europe/London".parse().unwrap();
        let appointment =
            Appointment::new(tz.with_ymd_and_hms(2027, 2, 5, 16, 0, 0).unwrap(), 30).unwrap();
        let mut routine = Routine::default();
        routine.add_workout("daily 18:00 60m hiit").unwrap();
        routine.workouts[0].name = "<script>alert(1)</script>".into();
        let plan = crate::plan::plan(&appointment, &routine, &Protocol::builtin(), Sweat::Heavy);
        let svg = render(&plan, None, TimeStyle::default());
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        let outcomes: std::collections::BTreeSet<_> =
            plan.sessions.iter().map(|s| s.outcome).collect();
        for o in outcomes {
            assert!(svg.contains(outcome_style(o).0), "{o:?}");
        }
        assert_eq!(svg.matches("<svg").count(), 1);
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn a_long_legend_wraps_inside_the_picture() {
        let tz: Zone = "Europe/Madrid".parse().unwrap();
        let appointment =
            Appointment::new(tz.with_ymd_and_hms(2026, 12, 10, 16, 0, 0).unwrap(), 30).unwrap();
        let protocol = Protocol::builtin_in(crate::i18n::Lang::Es);
        // A setback the next morning: its stage's title names both times.
        let options = crate::plan::Options {
            sweat: Sweat::Heavy,
            setbacks: vec![tz.with_ymd_and_hms(2026, 12, 11, 9, 0, 0).unwrap()],
            next_treatment: false,
            style: TimeStyle::default(),
        };
        let plan = crate::plan::plan_with(&appointment, &Routine::default(), &protocol, &options);
        let svg = render(&plan, None, TimeStyle::default());
        let room = ((RIGHT - LEFT - 16.0) / (TEXT * 0.56)) as usize;
        let longest = svg
            .split("<text ")
            .skip(1)
            .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
            .map(|rest| rest.split('<').next().unwrap_or_default().chars().count())
            .max()
            .unwrap();
        assert!(longest <= room, "{longest} > {room}: {svg}");
        assert!(svg.contains("Empeoramiento"), "{svg}");
    }

    #[test]
    fn quiet_days_fold_and_every_word_is_large_and_clear_of_the_appointment_line() {
        let tz: Zone = "Europe/London".parse().unwrap();
        let appointment =
            Appointment::new(tz.with_ymd_and_hms(2027, 2, 5, 16, 0, 0).unwrap(), 30).unwrap();
        let mut routine = Routine::default();
        routine
            .add_workout("mon,wed,fri 18:00 60m weights")
            .unwrap();
        let plan = crate::plan::plan(&appointment, &routine, &Protocol::builtin(), Sweat::Heavy);
        let svg = render(&plan, None, TimeStyle::default());
        // Fri 5 to the full routine's day, then the follow-up's day: the days between are one
        // "…" column.
        let back = plan
            .stages
            .iter()
            .map(|s| s.start.date_naive())
            .max()
            .unwrap();
        let last = plan.last_instant().date_naive();
        assert!(last - back > Duration::days(2), "{back} {last}");
        let days = (back - plan.appointment.start.date_naive()).num_days() as usize + 2;
        let labels = svg.matches(r#"font-weight="bold">"#).count();
        assert_eq!(labels, days + 1, "{svg}");
        assert_eq!(svg.matches("…</text>").count(), 1);
        // Every word at [`TEXT`] units, and right of the end of the appointment's line (but
        // the day labels above it and the legend below it).
        assert!(!svg.contains("font-size=\"9\"") && !svg.contains("font-size=\"11\""));
        let line_x: f64 = svg
            .split(r#"<line class="appointment" x1=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        for text in svg.split("<text x=\"").skip(1) {
            let x: f64 = text.split('"').next().unwrap().parse().unwrap();
            if text.contains("paint-order") {
                assert!(x >= line_x + 3.0, "{x} vs {line_x}: {text}");
            }
        }
    }
}
