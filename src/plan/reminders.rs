//! Reminders and check-ins placed in time: the protocol's, counted from T0 (the follow-up moved
//! by the product and the treated areas), the results day, a check-in after each setback, and
//! the "plan your next treatment" event; plus the warning signs, the treated areas' first.

use chrono::{DateTime, Duration};

use crate::model::{
    Anchor, Appointment, Area, Product, Protocol, Reminder, ReminderAt, ReminderKind, Routine,
    Warnings, Window, Wording,
};
use crate::tz::{Zone, resolve_recurring};
use crate::units::fill;

/// The reminders in time order, and the warning signs.
pub(super) fn place(
    appointment: &Appointment,
    routine: &Routine,
    protocol: &Protocol,
    placed_so_far: Placed<'_>,
    setbacks: &[DateTime<Zone>],
    next_treatment: bool,
) -> (Vec<ReminderAt>, Warnings) {
    let t0 = appointment.end();
    let treated = Treated::of(appointment, protocol);
    let mut reminders = from_t0(t0, &treated, protocol, &placed_so_far);
    if let (Some(p), Some(r)) = (treated.product, protocol.anchored(Anchor::Results)) {
        let (text, source) = results_text(p, r, &treated);
        reminders.push(ReminderAt {
            source,
            ..placed(r, r.id.clone(), t0 + p.results_from, text)
        });
    }
    if let Some(r) = protocol.anchored(Anchor::Setback) {
        for (i, &at) in setbacks.iter().enumerate() {
            let check = after_setback(r, i, at, placed_so_far.stages);
            // Another setback before this check-in comes: that one's check-in speaks for both.
            if setbacks.get(i + 1).is_some_and(|next| *next <= check.at) {
                continue;
            }
            reminders.push(check);
        }
    }
    if let (true, Some(r)) = (next_treatment, protocol.anchored(Anchor::NextTreatment)) {
        // The longest wait, and how long the effect lasts as the same entry says (an area
        // over the product, on a tie), so that the two never disagree.
        let (wait, lasts) = treated
            .product
            .map(|p| (p.next_treatment, p.lasts.as_str()))
            .into_iter()
            .chain(treated.areas.iter().filter_map(|a| {
                a.next_treatment
                    .map(|d| (d, a.lasts.as_deref().unwrap_or_default()))
            }))
            .fold(
                (r.at, r.lasts.as_deref().unwrap_or_default()),
                |longest, next| if next.0 >= longest.0 { next } else { longest },
            );
        let at = next_treatment_day(t0, wait, routine, appointment.start.time());
        let text = r
            .text
            .replace("{days}", &wait.num_days().to_string())
            .replace("{lasts}", lasts);
        reminders.push(placed(r, r.id.clone(), at, text));
    }
    reminders.sort_by_key(|r| r.at);

    let mut warnings = protocol.warnings.clone();
    for a in &treated.areas {
        for w in &a.warnings_first {
            if !warnings.first.contains(w) {
                warnings.first.push(w.clone());
            }
        }
    }
    (reminders, warnings)
}

/// The windows and the final stages (after setbacks), which reminders may follow.
pub(super) struct Placed<'a> {
    pub(super) windows: &'a [Window],
    pub(super) stages: &'a [super::stages::Placed<'a>],
}

impl Placed<'_> {
    /// When a rule's window ends, or when a stage first starts (after any setback before it:
    /// a setback later on leaves a check-in that has already come where it was).
    fn end_of(&self, id: &str) -> Option<DateTime<Zone>> {
        self.windows
            .iter()
            .find(|w| w.rule == id)
            .map(|w| w.end)
            .or_else(|| {
                self.stages
                    .iter()
                    .filter(|(s, _)| s.id == id && !s.setback)
                    .map(|(s, _)| s.start)
                    .min()
            })
    }
}

/// The results reminder's text: the product's results and the reminder's own text, unless every
/// treated area says what to expect there; then each area's own words. With its sources.
fn results_text(p: &Product, r: &Reminder, treated: &Treated<'_>) -> (String, Vec<String>) {
    let mut parts: Vec<&str> = Vec::new();
    let mut source = r.source.clone();
    let mut cite = |ids: &[String]| {
        for id in ids {
            if !source.contains(id) {
                source.push(id.clone());
            }
        }
    };
    let own: Vec<&Area> = treated
        .areas
        .iter()
        .copied()
        .filter(|a| a.results.is_some())
        .collect();
    if treated.ids.is_empty() || own.len() < treated.ids.len() {
        parts.extend([p.results.as_str(), r.text.as_str()]);
        cite(&p.source);
    }
    for a in own {
        parts.extend(a.results.as_deref());
        cite(&a.source);
    }
    (parts.join(" "), source)
}

/// What was treated: the areas the protocol knows, the product, and whether the visit is a
/// touch-up.
struct Treated<'p> {
    /// Every area id given (some may be unknown to an overridden protocol).
    ids: &'p [String],
    areas: Vec<&'p Area>,
    product: Option<&'p Product>,
    touch_up: bool,
}

impl<'p> Treated<'p> {
    fn of(appointment: &'p Appointment, protocol: &'p Protocol) -> Self {
        Treated {
            ids: &appointment.areas,
            areas: protocol
                .areas
                .iter()
                .filter(|a| appointment.areas.contains(&a.id))
                .collect(),
            product: appointment
                .product
                .as_deref()
                .and_then(|id| protocol.products.iter().find(|p| p.id == id)),
            touch_up: appointment.touch_up,
        }
    }
}

/// The protocol's reminders counted from T0. The follow-up moves later only when every treated
/// area wants it later (a jaw-only treatment is reviewed at six weeks); with other areas too,
/// it stays and each slower area gets its own review.
fn from_t0(
    t0: DateTime<Zone>,
    treated: &Treated<'_>,
    protocol: &Protocol,
    placed_so_far: &Placed<'_>,
) -> Vec<ReminderAt> {
    let wording = &protocol.wording;
    let base_follow_up = treated.product.map(|p| p.follow_up);
    let late = |a: &Area| {
        a.follow_up
            .is_some_and(|f| base_follow_up.is_none_or(|b| f > b))
    };
    let all_late = !treated.areas.is_empty()
        && treated.areas.len() == treated.ids.len()
        && treated.areas.iter().all(|a| late(a));
    let follow_up = if all_late {
        treated.areas.iter().filter_map(|a| a.follow_up).max()
    } else {
        base_follow_up
    };
    let mut reminders: Vec<ReminderAt> = Vec::new();
    let anchored_at_t0 = protocol.reminders.iter().filter(|r| {
        r.after == Anchor::Appointment
            && r.for_visit(treated.touch_up)
            && protocol.applies(&r.areas, treated.ids)
    });
    for r in anchored_at_t0 {
        let at = match (r.kind, follow_up) {
            (ReminderKind::FollowUp, Some(moved)) => moved,
            _ => r.at,
        };
        let title = match r.kind {
            ReminderKind::FollowUp => format!("{} ({})", r.title, elapsed_label(at, wording)),
            _ => r.title.clone(),
        };
        // Never before what it speaks of: a rule's end or a stage's start (moved by setbacks).
        let when = r
            .follows
            .as_deref()
            .and_then(|id| placed_so_far.end_of(id))
            .map_or(t0 + at, |follows| follows.max(t0 + at));
        let when = not_before(t0, when, r);
        // The day as the person counts it: calendar days since the appointment's date; worked
        // out only for the texts that name it (a batch places every reminder of every row).
        let with_day = |text: &str| {
            let text = text.replace(
                "{after}",
                &crate::units::duration::spoken(when - t0, protocol.lang),
            );
            if !text.contains("{day}") {
                return text;
            }
            let day = elapsed_label(
                Duration::days((when.date_naive() - t0.date_naive()).num_days()),
                wording,
            );
            text.replace("{day}", &day)
        };
        // The treated areas' own follow-up words, when every one has them (one area, mostly).
        let own: Vec<&str> = treated
            .areas
            .iter()
            .filter_map(|a| a.follow_up_text.as_deref())
            .collect();
        let text = match r.kind {
            ReminderKind::FollowUp
                if !own.is_empty()
                    && own.len() == treated.areas.len()
                    && treated.areas.len() == treated.ids.len() =>
            {
                own.join(" ")
            }
            _ => r.text.clone(),
        };
        reminders.push(ReminderAt {
            title: with_day(&title),
            ..placed(r, r.id.clone(), when, with_day(&text))
        });
        if r.kind == ReminderKind::FollowUp && !all_late {
            for a in treated.areas.iter().filter(|a| late(a)) {
                let at = a.follow_up.unwrap_or(r.at);
                reminders.push(ReminderAt {
                    title: fill(
                        &wording.area_review_title,
                        &[("area", &a.name), ("when", &elapsed_label(at, wording))],
                    ),
                    source: a.source.clone(),
                    ..placed(
                        r,
                        format!("{}-{}", r.id, a.id),
                        t0 + at,
                        fill(&wording.area_review_text, &[("area", &a.name)]),
                    )
                });
            }
        }
    }
    reminders
}

/// The check-in after setback `i` (at `at`): when its step back ends (or the reminder's own
/// `at` after the setback, if later), naming the stage stepped back to (`{stage}`) and the one
/// the plan goes back to (`{next}`).
fn after_setback(
    r: &Reminder,
    i: usize,
    at: DateTime<Zone>,
    stages: &[super::stages::Placed<'_>],
) -> ReminderAt {
    let back = stages.iter().find(|(s, _)| s.setback && s.start == at);
    let end = back.and_then(|(s, _)| s.end);
    let when = end.map_or(at + r.at, |end| end.max(at + r.at));
    let next = stages
        .iter()
        .find(|(s, _)| s.start <= when && s.end.is_none_or(|e| when < e));
    // The protocol stage's own title, without what a setback adds to the span's.
    let name =
        |p: Option<&super::stages::Placed<'_>>| p.map_or(String::new(), |(_, st)| st.title.clone());
    let (back_name, next_name) = (name(back), name(next));
    let fill_in = |text: &str| fill(text, &[("stage", &back_name), ("next", &next_name)]);
    ReminderAt {
        title: fill_in(&r.title),
        ..placed(r, format!("{}-{}", r.id, i + 1), when, fill_in(&r.text))
    }
}

/// `at`, or the reminder's `not_before` local time on T0's date when that is later ("No
/// alcohol tonight" comes in the evening, or at the end of an evening appointment).
fn not_before(t0: DateTime<Zone>, at: DateTime<Zone>, r: &Reminder) -> DateTime<Zone> {
    match r.not_before {
        Some(time) => {
            let evening = resolve_recurring(t0.date_naive().and_time(time), t0.timezone()).0;
            at.max(evening)
        }
        None => at,
    }
}

/// A reminder of the protocol placed at `at`, with its own id and text.
fn placed(r: &Reminder, id: String, at: DateTime<Zone>, text: String) -> ReminderAt {
    ReminderAt {
        id,
        kind: r.kind,
        at,
        title: r.title.clone(),
        text,
        alarm: r.alarm,
        source: r.source.clone(),
    }
}

/// "day 14", or "week 6" for whole weeks from four on.
pub(super) fn elapsed_label(d: Duration, wording: &Wording) -> String {
    let days = d.num_days();
    if days >= 28 && days % 7 == 0 {
        fill(&wording.week, &[("n", &(days / 7).to_string())])
    } else {
        fill(&wording.day, &[("n", &days.to_string())])
    }
}

/// The first day at least `wait` after `t0` with no habitual workout (within two weeks; else
/// the first day), at the appointment's time of day.
fn next_treatment_day(
    t0: DateTime<Zone>,
    wait: Duration,
    routine: &Routine,
    time: chrono::NaiveTime,
) -> DateTime<Zone> {
    let tz = t0.timezone();
    let first = (t0 + wait).date_naive();
    let busy = |date: chrono::NaiveDate| {
        routine
            .workouts
            .iter()
            .any(|w| w.days.contains(&chrono::Datelike::weekday(&date)))
            || routine
                .fixed
                .iter()
                .any(|f| f.start.with_timezone(&tz).date_naive() == date)
    };
    let day = first
        .iter_days()
        .take(14)
        .find(|d| !busy(*d))
        .unwrap_or(first);
    resolve_recurring(day.and_time(time), tz).0
}
