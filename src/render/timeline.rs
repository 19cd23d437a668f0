//! The timeline picture: an inline SVG of the recovery period, made on the server (no script,
//! no external file), for the web page, the handout and the e-mail's HTML part.
//!
//! Days run left to right; the stages of the return to exercise are coloured bands; each
//! restriction window is a labelled bar from the end of the appointment to its end; each usual
//! workout is a mark whose colour *and* shape say its outcome (kept ●, lighter ▲, replaced ■,
//! skipped ×), so the picture reads in grey too. The drawing is 360 units wide with 10-unit
//! text: at a phone's 360 px the text is 10 px, and it scales with the page.
//!
//! ```
//! use aftercare::model::{Appointment, Protocol, Routine, Sweat};
//! use chrono::TimeZone;
//!
//! let tz: aftercare::tz::Zone = "Europe/London".parse().unwrap();
//! let appointment = Appointment::new(tz.with_ymd_and_hms(2027, 2, 5, 16, 0, 0).unwrap(), 30).unwrap();
//! let plan = aftercare::plan::plan(&appointment, &Routine::default(), &Protocol::builtin(), Sweat::default());
//! let svg = aftercare::render::timeline::render(&plan, None, Default::default());
//! assert!(svg.starts_with("<svg") && svg.contains("No heat"));
//! ```

use std::fmt::Write;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::model::{Outcome, Plan};
use crate::render::html::escape;
use crate::tz::Zone;
use crate::units::week::TimeStyle;

const WIDTH: f64 = 360.0;
const LEFT: f64 = 4.0;
const RIGHT: f64 = 356.0;
/// Stage colours, in order (light enough for dark text on them).
const STAGE_FILLS: [&str; 5] = ["#f4c7c3", "#fce8b2", "#d9ead3", "#c9daf8", "#e6d5f0"];

/// The colour and the name of an outcome, as the legend says them.
pub fn outcome_style(outcome: Outcome) -> (&'static str, &'static str) {
    match outcome {
        Outcome::Keep => ("#1b7a3a", "as usual"),
        Outcome::Scale => ("#9a6700", "lighter"),
        Outcome::Replace => ("#1a5fb4", "replaced"),
        Outcome::Skip => ("#5e5e5e", "skipped"),
    }
}

/// Draws `plan` from the appointment's day to the last day anything happens; `now`, when
/// given and inside that span, is a dashed line.
pub fn render(plan: &Plan, now: Option<DateTime<Utc>>, style: TimeStyle) -> String {
    let zone = plan.appointment.tz;
    let first = plan.appointment.start.date_naive();
    let last = plan.last_instant().date_naive();
    let days = (last - first).num_days() + 1;
    let origin = local_midnight(first, zone);
    let span = (local_midnight(last + Duration::days(1), zone) - origin).num_seconds() as f64;
    let x = |t: DateTime<Utc>| {
        let s = (t - origin).num_seconds() as f64;
        LEFT + (RIGHT - LEFT) * (s / span).clamp(0.0, 1.0)
    };
    let year = chrono::Datelike::year(&first);

    let mut body = String::new();
    // Day columns and their labels: every day when they fit, else every other.
    let step = if days > 21 { 2 } else { 1 };
    for (i, date) in first.iter_days().take(days as usize).enumerate() {
        let left = x(local_midnight(date, zone));
        let right = x(local_midnight(date + Duration::days(1), zone));
        if i % 2 == 1 {
            let _ = write!(
                body,
                r##"<rect x="{left:.1}" y="0" width="{:.1}" height="100%" fill="#f3f3f3"/>"##,
                right - left
            );
        }
        if i as i64 % step == 0 {
            let mid = (left + right) / 2.0;
            let _ = write!(
                body,
                r#"<text x="{mid:.1}" y="11" text-anchor="middle" font-size="9">{}</text><text x="{mid:.1}" y="23" text-anchor="middle" font-size="11" font-weight="bold">{}</text>"#,
                &date.format("%a").to_string()[..2],
                date.format("%-d")
            );
        }
    }
    let mut y = 30.0;

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
    y += 18.0;

    // Windows, the shortest first: a label, then its bar.
    let mut windows: Vec<_> = plan.windows.iter().collect();
    windows.sort_by_key(|w| w.end);
    for w in windows {
        let from = x(w.start.with_timezone(&Utc));
        let to = x(w.end.with_timezone(&Utc));
        let label = format!(
            "{} · until {}",
            crate::units::capitalise(&w.title),
            style.when(w.end, year)
        );
        let _ = write!(
            body,
            r##"<text x="{LEFT}" y="{:.1}" font-size="11">{}</text><rect x="{from:.1}" y="{:.1}" width="{:.1}" height="7" rx="2" fill="#b3261e"/>"##,
            y + 10.0,
            escape(&label),
            y + 14.0,
            (to - from).max(1.0)
        );
        y += 26.0;
    }

    // The usual workouts.
    if !plan.sessions.is_empty() {
        let _ = write!(
            body,
            r#"<text x="{LEFT}" y="{:.1}" font-size="11">Your usual workouts</text>"#,
            y + 10.0
        );
        let mid = y + 21.0;
        for s in &plan.sessions {
            let cx = x(s.start.with_timezone(&Utc));
            let _ = write!(
                body,
                "{}",
                mark(
                    s.outcome,
                    cx,
                    mid,
                    &format!("{}: {}", s.name, outcome_style(s.outcome).1)
                )
            );
        }
        y += 30.0;
    }

    // The end of the appointment, and now.
    let t0 = x(plan.appointment.end.with_timezone(&Utc));
    let _ = write!(
        body,
        r##"<line x1="{t0:.1}" y1="26" x2="{t0:.1}" y2="{y:.1}" stroke="#000" stroke-width="1"/>"##
    );
    if let Some(now) = now {
        let start = origin;
        let end = local_midnight(last + Duration::days(1), zone);
        if start <= now && now < end {
            let nx = x(now);
            let _ = write!(
                body,
                r##"<line x1="{nx:.1}" y1="26" x2="{nx:.1}" y2="{y:.1}" stroke="#000" stroke-dasharray="3 2"/><text x="{:.1}" y="{:.1}" font-size="9" text-anchor="{}">now</text>"##,
                nx,
                y + 9.0,
                if nx > WIDTH / 2.0 { "end" } else { "start" }
            );
            y += 10.0;
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
                format!("{} (from {})", s.title, style.when(s.start, year)),
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
                format!("workout {}", outcome_style(o).1),
            ));
        }
    }
    for (swatch, text) in items {
        let _ = write!(
            legend,
            r#"<g transform="translate({},{:.1})">{swatch}</g><text x="{}" y="{:.1}" font-size="11">{}</text>"#,
            LEFT + 5.0,
            y + 5.0,
            LEFT + 15.0,
            y + 9.0,
            escape(&text)
        );
        y += 16.0;
    }
    let height = y + 4.0;
    let description = format!(
        "From {} to {}: {} restrictions, {} stages, {} usual workouts.",
        style.when(plan.appointment.start, year),
        style.when(plan.last_instant(), year),
        plan.windows.len(),
        plan.stages.len(),
        plan.sessions.len()
    );
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0}" width="100%" role="img" aria-labelledby="timeline-title timeline-desc" font-family="sans-serif" class="timeline"><title id="timeline-title">Your recovery at a glance</title><desc id="timeline-desc">{}</desc>{body}{legend}</svg>"#,
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
            format!(r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="4.5" fill="{colour}">{title}</circle>"#)
        }
        Outcome::Scale => format!(
            r#"<path d="M{:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z" fill="{colour}">{title}</path>"#,
            cx,
            cy - 5.0,
            cx + 5.0,
            cy + 4.0,
            cx - 5.0,
            cy + 4.0
        ),
        Outcome::Replace => format!(
            r#"<rect x="{:.1}" y="{:.1}" width="9" height="9" fill="{colour}">{title}</rect>"#,
            cx - 4.5,
            cy - 4.5
        ),
        Outcome::Skip => format!(
            r#"<path d="M{:.1} {:.1}L{:.1} {:.1}M{:.1} {:.1}L{:.1} {:.1}" stroke="{colour}" stroke-width="2.2">{title}</path>"#,
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
}
