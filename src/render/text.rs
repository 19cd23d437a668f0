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
    let year = chrono::Datelike::year(&plan.appointment.start.naive_local());
    let when = |t: DateTime<Zone>| style.when(t, year);
    let a = &plan.appointment;
    let mut out = String::new();
    out.push_str(&format!(
        "Aftercare plan: {} {} {} to {} ({})\n",
        {
            let visit = if a.touch_up {
                "touch-up"
            } else {
                "appointment"
            };
            procedure.map_or(visit.to_string(), |p| format!("{p} {visit}"))
        },
        style.dated(a.start.date_naive()),
        style.clock(a.start.time()),
        style.clock(a.end.time()),
        a.tz.name()
    ));
    // The protocol is named once, with its sources, at the end ("Where this advice comes
    // from"); here only what the patient told, which sets how long hard exercise waits.
    out.push_str(&format!(
        "Planned for someone who sweats {} when training.\n",
        plan.sweat.amount()
    ));
    for note in &plan.notes {
        out.push_str(&format!("Note: {note}\n"));
    }

    out.push_str(&format!(
        "\nRestrictions, from the end of the appointment ({}):\n",
        when(a.end)
    ));
    out.push_str(&restrictions(plan, when));

    out.push_str("\n\nReturn to exercise:\n");
    for stage in &plan.stages {
        out.push_str(&format!(
            "  from {}  {}: {}\n",
            when(stage.start),
            stage.title,
            stage.advice
        ));
    }

    if !plan.sessions.is_empty() {
        out.push_str("\nYour workouts until the full routine is back:\n");
        for s in &plan.sessions {
            let arrow = match s.outcome {
                Outcome::Keep => "fine as usual".to_string(),
                _ => format!("→ {}", s.substitute),
            };
            // The stage by the title the list above gives it, not its id.
            let stage = plan
                .stages
                .iter()
                .rev()
                .find(|st| st.id == s.stage && st.start <= s.start)
                .map_or(s.stage.as_str(), |st| st.title.as_str());
            out.push_str(&format!(
                "  {}  {} {} min {} ({stage})\n",
                when(s.start),
                s.name,
                s.minutes,
                arrow,
            ));
            if let Some(note) = &s.note {
                out.push_str(&format!("      note: {note}\n"));
            }
        }
    } else if routine_hint {
        out.push_str(
            "\nNo habitual workouts given: add your weekly routine to see what to do instead of \
             each workout.\n",
        );
    }

    out.push_str("\nReminders and check-ins:\n");
    for r in &plan.reminders {
        out.push_str(&format!("  {}  {}\n", when(r.at), r.title));
    }

    out.push('\n');
    out.push_str(&warning_signs(&plan.warnings, clinic));
    if let Some(clinic) = clinic {
        out.push_str(&format!("\n{}", clinic.contact_line()));
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
    let mut windows: Vec<_> = plan.windows.iter().collect();
    windows.sort_by_key(|w| w.end); // stable: protocol order within the same end
    let mut out = String::new();
    for w in windows {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!(
            "  until {}  {}\n      avoid: {}",
            when(w.end),
            w.title,
            w.avoid
        ));
        if let Some(instead) = &w.instead {
            out.push_str(&format!("\n      instead: {instead}"));
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
    let mut out = format!(
        "Exercised too soon: {} {} ({})\n",
        m.style.dated(m.exercised.date_naive()),
        m.style.clock(m.exercised.time()),
        m.exercised.timezone().name()
    );
    if let Some(note) = &m.note {
        out.push_str(&format!("{note}\n"));
    }
    if !m.checks.is_empty() {
        out.push_str("\nCheck-ins:\n");
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
    out.push_str(&warning_signs(&m.warnings, None));
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
