//! The human-readable view of a plan: a timeline for the terminal.

use chrono::DateTime;

use crate::model::{Clinic, Outcome, Plan, Routine};
use crate::plan::oops::Monitoring;
use crate::plan::suggest::{Needs, Request, Suggestions};
use crate::render::warning_signs;
use crate::tz::Zone;
use crate::units::week::TimeStyle;

/// Renders the plan as a readable timeline. `procedure` names the treatment in the heading;
/// `None` keeps it out (discreet). `clinic`, when known, says whom to call; `style` is the
/// reader's clock and date order.
pub fn render(
    plan: &Plan,
    procedure: Option<&str>,
    clinic: Option<&Clinic>,
    style: TimeStyle,
) -> String {
    timeline(plan, procedure, clinic, style, true)
}

/// The plan as the e-mail's plain part: [`render`] without its advice to add a weekly
/// routine, which a patient reading a message cannot follow.
pub fn render_message(
    plan: &Plan,
    procedure: Option<&str>,
    clinic: Option<&Clinic>,
    style: TimeStyle,
) -> String {
    timeline(plan, procedure, clinic, style, false)
}

/// [`render`], with the advice to add a routine when none was given (`routine_hint`).
fn timeline(
    plan: &Plan,
    procedure: Option<&str>,
    clinic: Option<&Clinic>,
    style: TimeStyle,
    routine_hint: bool,
) -> String {
    let lang = plan.lang;
    let style = style.with_lang(lang);
    let year = chrono::Datelike::year(&plan.appointment.start.naive_local());
    let when = |t: DateTime<Zone>| style.when(t, year);
    let a = &plan.appointment;
    let mut out = String::new();
    let kind = if a.touch_up {
        "touch-up"
    } else {
        "appointment"
    };
    let visit = match procedure {
        Some(p) => lang.tr("visit-of", &[("procedure", p), ("kind", kind)]),
        None => lang.tr("visit", &[("kind", kind)]),
    };
    let line = lang.tr(
        "text-heading",
        &[
            ("visit", &visit),
            ("date", &style.dated(a.start.date_naive())),
            ("start", &style.clock(a.start.time())),
            ("end", &style.clock(a.end.time())),
            ("zone", a.tz.name()),
        ],
    );
    out.push_str(&line);
    out.push('\n');
    // The protocol is named once, with its sources, at the end ("Where this advice comes
    // from"); here only what the patient told, which sets how long hard exercise waits.
    let amount = lang.tr("sweat-amount", &[("sweat", plan.sweat.id())]);
    out.push_str(&lang.tr("text-sweat", &[("amount", &amount)]));
    out.push('\n');
    for note in &plan.notes {
        out.push_str(&lang.tr("text-note", &[("note", note)]));
        out.push('\n');
    }

    out.push('\n');
    out.push_str(&lang.tr("text-restrictions-heading", &[("when", &when(a.end))]));
    out.push('\n');
    out.push_str(&restrictions(plan, when));

    out.push_str("\n\n");
    out.push_str(&lang.tr("text-stages-heading", &[]));
    out.push('\n');
    for stage in &plan.stages {
        let line = lang.tr(
            "text-stage",
            &[
                ("when", &when(stage.start)),
                ("title", &stage.title),
                ("advice", &stage.advice),
            ],
        );
        out.push_str(&format!("  {line}\n"));
    }

    if !plan.sessions.is_empty() {
        out.push('\n');
        out.push_str(&lang.tr("text-sessions-heading", &[]));
        out.push('\n');
        for s in &plan.sessions {
            let arrow = match s.outcome {
                Outcome::Keep => lang.tr("session-keep", &[]),
                _ => format!("→ {}", s.substitute),
            };
            // The stage by the title the list above gives it, not its id.
            let stage = plan
                .stages
                .iter()
                .rev()
                .find(|st| st.id == s.stage && st.start <= s.start)
                .map_or(s.stage.as_str(), |st| st.title.as_str());
            let line = lang.tr(
                "text-session",
                &[
                    ("when", &when(s.start)),
                    ("name", &s.name),
                    ("minutes", &s.minutes.to_string()),
                    ("outcome", &arrow),
                    ("stage", stage),
                ],
            );
            out.push_str(&format!("  {line}\n"));
            if let Some(note) = &s.note {
                out.push_str(&format!(
                    "      {}\n",
                    lang.tr("text-session-note", &[("note", note)])
                ));
            }
        }
    } else if routine_hint {
        out.push('\n');
        out.push_str(&lang.tr("text-no-routine", &[]));
        out.push('\n');
    }

    out.push('\n');
    out.push_str(&lang.tr("text-reminders-heading", &[]));
    out.push('\n');
    for r in &plan.reminders {
        out.push_str(&format!("  {}  {}\n", when(r.at), r.title));
    }

    out.push('\n');
    out.push_str(&warning_signs(&plan.warnings, clinic, lang));
    if let Some(clinic) = clinic {
        out.push_str(&format!("\n{}", clinic.contact_line(lang)));
    }
    out.push_str(&format!(
        "\n\n{}\n\n{}\n",
        plan.guidance,
        crate::render::provenance(plan)
    ));
    out
}

/// The restrictions, soonest end first, each with what it means: "no pressure on the face"
/// says goggles, gua sha and expressions, and what to do instead. (The calendar's appointment
/// event keeps the short list of [`crate::render::restriction_list`]; its segments say the rest.)
fn restrictions(plan: &Plan, when: impl Fn(DateTime<Zone>) -> String) -> String {
    let lang = plan.lang;
    let mut windows: Vec<_> = plan.windows.iter().collect();
    windows.sort_by_key(|w| w.end); // stable: protocol order within the same end
    let mut out = String::new();
    for w in windows {
        if !out.is_empty() {
            out.push('\n');
        }
        let until = lang.tr(
            "text-restriction",
            &[("when", &when(w.end)), ("title", &w.title)],
        );
        let avoid = lang.tr("text-avoid", &[("avoid", &w.avoid)]);
        out.push_str(&format!("  {until}\n      {avoid}"));
        if let Some(instead) = &w.instead {
            let instead = lang.tr("text-instead", &[("instead", instead)]);
            out.push_str(&format!("\n      {instead}"));
        }
    }
    out
}

/// Renders appointment suggestions for the terminal.
pub fn render_suggestions(result: &Suggestions, request: &Request) -> String {
    let year = chrono::Datelike::year(&request.from);
    let mut out = format!(
        "Best appointment times ({}), {} to {}: {} planned\n",
        request.tz.name(),
        request.from,
        request.to,
        crate::plan::suggest::slots(result.candidates)
    );
    for note in &result.notes {
        out.push_str(&format!("Note: {note}\n"));
    }
    for p in &result.protect {
        let needs = match p.needs {
            Needs::FullStage => "must fall after your full routine is back",
            Needs::Results => "a photo event: must fall after the results day",
        };
        out.push_str(&format!(
            "Protected: {} on {} ({needs})\n",
            p.label,
            request.style.when(p.at, year)
        ));
    }
    out.push('\n');
    for (i, s) in result.suggestions.iter().enumerate() {
        out.push_str(&format!(
            "{:>2}. score {:>2}  {}\n",
            i + 1,
            s.score,
            s.reason
        ));
    }
    if !result.excluded.is_empty() {
        out.push_str("\nRuled out:\n");
        for e in &result.excluded {
            out.push_str(&format!(
                "  {} to {}: {}\n",
                request.style.when(e.from, year),
                request.style.when(e.to, year),
                e.reason
            ));
        }
    }
    out.push_str("\nScore: what the recovery costs your routine (lower is better). Follow your provider's advice on timing.\n");
    out
}

/// Renders the "exercised too soon" monitoring plan for the terminal.
pub fn render_monitoring(m: &Monitoring) -> String {
    let year = chrono::Datelike::year(&m.exercised.naive_local());
    let when = |t: DateTime<Zone>| m.style.when(t, year);
    let lang = m.style.lang;
    let mut out = lang.tr(
        "text-exercised",
        &[
            ("date", &m.style.dated(m.exercised.date_naive())),
            ("time", &m.style.clock(m.exercised.time())),
            ("zone", m.exercised.timezone().name()),
        ],
    );
    out.push('\n');
    if let Some(note) = &m.note {
        out.push_str(&format!("{note}\n"));
    }
    if !m.checks.is_empty() {
        out.push_str(&format!("\n{}\n", lang.tr("text-check-ins", &[])));
    }
    for c in &m.checks {
        out.push_str(&format!(
            "  {}  {}\n      {}\n",
            when(c.at),
            c.title,
            c.text
        ));
    }
    out.push('\n');
    out.push_str(&warning_signs(&m.warnings, None, lang));
    out.push_str(&format!("\n\n{}\n", m.guidance));
    out
}

/// A routine's week as a table, Monday first.
pub fn render_week(routine: &Routine) -> String {
    let mut rows: Vec<(u32, chrono::NaiveTime, String)> = Vec::new();
    for w in &routine.workouts {
        for day in &w.days {
            rows.push((
                day.num_days_from_monday(),
                w.at,
                format!(
                    "{:<4} {}  {:>4} min  {} ({}, {}){}",
                    crate::units::week::day_id(*day),
                    w.at.format("%H:%M"),
                    w.minutes,
                    w.name,
                    w.activity,
                    w.intensity,
                    if w.big { "  [big workout]" } else { "" }
                ),
            ));
        }
    }
    rows.sort_by_key(|r| (r.0, r.1));
    let mut out = String::new();
    if let Some(sweat) = routine.sweat {
        out.push_str(&format!(
            "Sweat level: {}\n",
            serde_json::to_value(sweat)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        ));
    }
    if rows.is_empty() {
        out.push_str("No workouts.\n");
    }
    // A habits file has no protocol of its own: the built-in wording says how words were read.
    let wording = &crate::model::Protocol::builtin().wording;
    for reading in &routine.readings {
        out.push_str(&format!("Note: {}\n", reading.note(wording)));
    }
    for (_, _, line) in rows {
        out.push_str(&line);
        out.push('\n');
    }
    out
}
