//! Stages of the return to exercise, placed one after the other from T0, and held by setbacks.

use chrono::{DateTime, Duration};

use crate::model::{Anchor, Protocol, Stage, StageSpan, Until, Window};
use crate::tz::Zone;
use crate::units::fill;

/// The setbacks that count (from T0 on), in time order.
pub(super) fn setbacks(given: &[DateTime<Zone>], t0: DateTime<Zone>) -> Vec<DateTime<Zone>> {
    let mut setbacks: Vec<_> = given.iter().copied().filter(|s| *s >= t0).collect();
    setbacks.sort();
    setbacks
}

/// The stages with the protocol's stage each came from. A stage of no length is left out with
/// a note; each setback holds the stage in force (see [`hold_stage`]).
pub(super) fn place<'p>(
    t0: DateTime<Zone>,
    windows: &[Window],
    protocol: &'p Protocol,
    setbacks: &[DateTime<Zone>],
    notes: &mut Vec<String>,
) -> Vec<(StageSpan, &'p Stage)> {
    let mut stages: Vec<(StageSpan, &Stage)> = Vec::new();
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
                source: stage.source.clone(),
            },
            stage,
        ));
        if let Some(end) = end {
            start = end;
        }
    }
    // How long a setback holds the stage: the protocol's setback check-in comes then.
    let hold = protocol
        .anchored(Anchor::Setback)
        .map_or(Duration::hours(24), |r| r.at);
    for &at in setbacks {
        hold_stage(&mut stages, at, hold);
    }
    stages
}

/// A setback at `at`: the stage in force is held until `hold` (24 h by default) after it, and
/// every later stage moves by the same amount. In the last stage (nothing to hold), the stage
/// before it is repeated for `hold`.
fn hold_stage(stages: &mut Vec<(StageSpan, &Stage)>, at: DateTime<Zone>, hold: Duration) {
    let hold_until = at + hold;
    let Some(k) = stages
        .iter()
        .position(|(s, _)| s.start <= at && s.end.is_none_or(|e| at < e))
    else {
        return;
    };
    if stages[k].0.end.is_none() {
        if k == 0 {
            return;
        }
        let (mut repeat, stage) = stages[k - 1].clone();
        repeat.start = at;
        repeat.end = Some(hold_until);
        stages[k].0.end = Some(at);
        let mut last = stages[k].clone();
        last.0.start = hold_until;
        last.0.end = None;
        stages.push((repeat, stage));
        stages.push(last);
        return;
    }
    let end = stages[k].0.end.unwrap_or(hold_until);
    let delta = hold_until - end;
    if delta <= Duration::zero() {
        return;
    }
    stages[k].0.end = Some(hold_until);
    for (span, _) in stages.iter_mut().skip(k + 1) {
        span.start += delta;
        span.end = span.end.map(|e| e + delta);
    }
}
