//! Stages of the return to exercise, placed one after the other from T0; a setback steps one
//! stage back; the sessions the ladder kept below the last stage move its start.

use std::borrow::Cow;

use chrono::DateTime;

use crate::model::{Protocol, Session, Setback, Stage, StageSpan, Until, Window};
use crate::tz::Zone;
use crate::units::fill;
use crate::units::week::TimeStyle;

/// A placed stage and the protocol stage it plans as: the protocol's own, or after a setback a
/// copy with the setback's bars added.
pub(super) type Placed<'p> = (StageSpan, Cow<'p, Stage>);

/// The setbacks that count (from T0 on), in time order.
pub(super) fn setbacks(given: &[DateTime<Zone>], t0: DateTime<Zone>) -> Vec<DateTime<Zone>> {
    let mut setbacks: Vec<_> = given.iter().copied().filter(|s| *s >= t0).collect();
    setbacks.sort();
    setbacks
}

/// The stages with the protocol's stage each came from. A stage of no length is left out with
/// a note; each setback steps one stage back (see [`step_back`]).
pub(super) fn place<'p>(
    t0: DateTime<Zone>,
    windows: &[Window],
    protocol: &'p Protocol,
    setbacks: &[DateTime<Zone>],
    style: TimeStyle,
    notes: &mut Vec<String>,
) -> Vec<Placed<'p>> {
    let mut stages: Vec<Placed<'p>> = Vec::new();
    let mut start = t0;
    for stage in &protocol.stages {
        let end = stage.until.as_ref().map(|until| {
            let end = match until {
                Until::Elapsed(d) => t0 + *d,
                Until::Rule(id) => windows.iter().find(|w| &w.rule == id).map_or(t0, |w| w.end),
            };
            end.max(start)
        });
        if end == Some(start) {
            notes.push(fill(
                &protocol.wording.stage_left_out,
                &[("stage", &stage.title)],
            ));
            continue;
        }
        stages.push((
            StageSpan {
                id: stage.id.clone(),
                title: stage.title.clone(),
                start,
                end,
                advice: stage.advice.clone(),
                setback: false,
                source: stage.source.clone(),
            },
            Cow::Borrowed(stage),
        ));
        if let Some(end) = end {
            start = end;
        }
    }
    for &at in setbacks {
        step_back(&mut stages, protocol, at);
    }
    // What the setback bars lasts until the end of the run of step backs it is in (a second
    // setback during the first steps back further, and the bar goes on). Its title says so; the
    // bar itself is said where a setback starts a step back, not again on what resumes.
    let year = chrono::Datelike::year(&t0.naive_local());
    for i in 0..stages.len() {
        if !stages[i].0.setback {
            continue;
        }
        let run_end = stages[i..]
            .iter()
            .take_while(|(s, _)| s.setback)
            .last()
            .and_then(|(s, _)| s.end);
        // Never sooner than a window that bars the same thing already says: a setback early
        // on the first day must not read as if heat came back before its 48 h are over.
        let barred_until = windows
            .iter()
            .filter(|w| {
                protocol.rules.iter().any(|r| {
                    r.id == w.rule
                        && r.forbids
                            .iter()
                            .any(|f| protocol.setback.forbids.contains(f))
                })
            })
            .map(|w| w.end)
            .max();
        let until = run_end
            .map(|t| barred_until.map_or(t, |b| t.max(b)))
            .map(|t| style.when(t, year))
            .unwrap_or_default();
        // The title says until when this stage lasts; the bar, until the run ends.
        let own_end = stages[i]
            .0
            .end
            .map(|t| style.when(t, year))
            .unwrap_or_default();
        let title = fill(
            &protocol.wording.setback_stage,
            &[("stage", &stages[i].1.title), ("until", &own_end)],
        );
        let starts_one = setbacks.contains(&stages[i].0.start);
        let span = &mut stages[i].0;
        span.title = title;
        let note = fill(&protocol.setback.advice, &[("until", &until)]);
        if starts_one && !note.is_empty() {
            span.advice = format!("{} {note}", span.advice);
        }
    }
    stages
}

/// A setback at `at`: from then, for the protocol's `hold` (24 h), the plan is one stage back
/// from the one in force (the first stage stays the first), with the setback's bars (heat)
/// added; then the stage in force resumes where it was, and it and every later stage move
/// later by `hold`. What came before `at` is left as it was.
fn step_back<'p>(stages: &mut Vec<Placed<'p>>, protocol: &'p Protocol, at: DateTime<Zone>) {
    let Setback {
        hold,
        forbids,
        advice: _,
        source,
    } = &protocol.setback;
    let hold = *hold;
    let Some(k) = stages
        .iter()
        .position(|(s, _)| s.start <= at && s.end.is_none_or(|e| at < e))
    else {
        return;
    };
    // One stage back in the protocol's order, from the stage the span plans as (a span that is
    // itself a step back steps back again).
    let rank = |id: &str| protocol.stages.iter().position(|s| s.id == id);
    let back_rank = rank(&stages[k].0.id).map_or(0, |r| r.saturating_sub(1));
    let Some(back) = protocol.stages.get(back_rank) else {
        return;
    };
    let until = at + hold;
    let mut stage = back.clone();
    for f in forbids {
        if !stage.forbids.contains(f) {
            stage.forbids.push(*f);
        }
    }
    let mut sources = stage.source.clone();
    for s in source {
        if !sources.contains(s) {
            sources.push(s.clone());
        }
    }
    let span = StageSpan {
        id: stage.id.clone(),
        // Titled once every setback is placed (see `place`).
        title: stage.title.clone(),
        start: at,
        end: Some(until),
        advice: stage.advice.clone(),
        setback: true,
        source: sources,
    };
    // The span in force is cut at the setback and resumes after the step back.
    let mut resumed = stages[k].clone();
    resumed.0.start = until;
    resumed.0.end = resumed.0.end.map(|e| e + hold);
    stages[k].0.end = Some(at);
    let cut_empty = stages[k].0.start == at;
    for (later, _) in stages.iter_mut().skip(k + 1) {
        later.start += hold;
        later.end = later.end.map(|e| e + hold);
    }
    stages.insert(k + 1, (span, Cow::Owned(stage)));
    stages.insert(k + 2, resumed);
    if cut_empty {
        stages.remove(k);
    }
}

/// Each span of the last stage starts no earlier than the end of the last session the ladder
/// planned below it in that span (a session on day 6 still built up means the full routine is
/// back after it, not on day 5), the span before it lasting until then: the stage list says
/// what the sessions do. After a late setback the last stage has two spans; each is moved.
pub(super) fn follow_sessions(stages: &mut [Placed<'_>], sessions: &[Session]) {
    let Some(last_id) = stages.last().map(|(s, _)| s.id.clone()) else {
        return;
    };
    for k in 1..stages.len() {
        let span = &stages[k].0;
        if span.id != last_id || span.setback {
            continue;
        }
        let (start, end) = (span.start, span.end);
        let Some(moved) = sessions
            .iter()
            .filter(|s| s.start >= start && end.is_none_or(|e| s.start < e))
            .map(|s| s.end)
            .max()
        else {
            continue;
        };
        let moved = end.map_or(moved, |e| moved.min(e));
        stages[k].0.start = moved;
        stages[k - 1].0.end = Some(moved);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn stage_ids(stages: &[Placed<'_>]) -> Vec<(String, i64, Option<i64>, bool)> {
        let t0 = stages[0].0.start;
        stages
            .iter()
            .map(|(s, _)| {
                (
                    s.id.clone(),
                    (s.start - t0).num_hours(),
                    s.end.map(|e| (e - t0).num_hours()),
                    s.setback,
                )
            })
            .collect()
    }

    fn placed(setbacks_h: &[i64]) -> Vec<(String, i64, Option<i64>, bool)> {
        let protocol = Protocol::builtin();
        let tz: Zone = "Europe/London".parse().unwrap();
        let t0 = tz.with_ymd_and_hms(2026, 12, 4, 15, 30, 0).unwrap();
        let windows = super::super::windows::place(
            &crate::model::Appointment::new(t0 - Duration::minutes(30), 30).unwrap(),
            &protocol,
            crate::model::Sweat::Moderate,
        );
        let setbacks: Vec<_> = setbacks_h
            .iter()
            .map(|h| t0 + Duration::hours(*h))
            .collect();
        let stages = place(
            t0,
            &windows,
            &protocol,
            &setbacks,
            TimeStyle::default(),
            &mut Vec::new(),
        );
        stage_ids(&stages)
    }

    fn s(id: &str, from: i64, to: Option<i64>, setback: bool) -> (String, i64, Option<i64>, bool) {
        (id.to_string(), from, to, setback)
    }

    #[test]
    fn a_setback_in_build_steps_back_to_ease_for_a_day_then_builds_again() {
        assert_eq!(
            placed(&[90]),
            [
                s("settle", 0, Some(24), false),
                s("ease", 24, Some(72), false),
                s("build", 72, Some(90), false),
                s("ease", 90, Some(114), true),
                s("build", 114, Some(144), false),
                s("full", 144, None, false),
            ]
        );
    }

    #[test]
    fn a_setback_in_the_first_stage_stays_in_it_and_setbacks_compose() {
        assert_eq!(
            placed(&[10]),
            [
                s("settle", 0, Some(10), false),
                s("settle", 10, Some(34), true),
                s("settle", 34, Some(48), false),
                s("ease", 48, Some(96), false),
                s("build", 96, Some(144), false),
                s("full", 144, None, false),
            ]
        );
        // A second setback during the step back steps back once more.
        assert_eq!(
            placed(&[100, 110]),
            [
                s("settle", 0, Some(24), false),
                s("ease", 24, Some(72), false),
                s("build", 72, Some(100), false),
                s("ease", 100, Some(110), true),
                s("settle", 110, Some(134), true),
                s("ease", 134, Some(148), true),
                s("build", 148, Some(168), false),
                s("full", 168, None, false),
            ]
        );
    }

    #[test]
    fn a_setback_once_the_routine_is_back_steps_back_to_build() {
        assert_eq!(
            placed(&[200]),
            [
                s("settle", 0, Some(24), false),
                s("ease", 24, Some(72), false),
                s("build", 72, Some(120), false),
                s("full", 120, Some(200), false),
                s("build", 200, Some(224), true),
                s("full", 224, None, false),
            ]
        );
    }
}
