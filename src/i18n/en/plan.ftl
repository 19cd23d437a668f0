# The text view of a plan (`aftercare plan`), and the words every output shares.
# Variables are written { $name }; see https://projectfluent.org/fluent/guide/

## The protocol, when a provider's file changes it without naming itself.
protocol-changed-by = { $name }, changed by { $file }
protocol-custom-name = custom protocol
protocol-default-guidance = Follow your provider's instructions: where they differ from this plan, theirs win.

## Dates and times, in the order of this language. `%a` is the weekday's short name, `%b` the
## month's, `%-d` the day of the month, `%Y` the year (chrono's strftime, with this language's
## names). The time is added after the day, with `date-time`.
date-day = %a %-d %b
date-day-year = %a %-d %b %Y
date-time = { $day } { $time }
# A 12-hour clock's marks (`--clock 12h`): "6:00 PM".
clock-am = AM
clock-pm = PM

## What the visit is called in headings: `kind` is `appointment` or `touch-up`.
visit = { $kind ->
    [touch-up] touch-up
   *[appointment] appointment
}
visit-of = { $procedure } { $kind ->
    [touch-up] touch-up
   *[appointment] appointment
}

## How much the person sweats when training: `sweat` is `light`, `moderate` or `heavy`.
sweat-amount = { $sweat ->
    [light] a little
    [heavy] a lot
   *[moderate] moderately
}

## The text view (`aftercare plan`) and the e-mail's plain part.
text-heading = Aftercare plan: { $visit } { $date } { $start } to { $end } ({ $zone })
text-sweat = Planned for someone who sweats { $amount } when training.
text-note = Note: { $note }
text-restrictions-heading = Restrictions, from the end of the appointment ({ $when }):
text-restriction = until { $when }  { $title }
text-avoid = avoid: { $avoid }
text-instead = instead: { $instead }
text-stages-heading = Return to exercise:
text-stage = from { $when }  { $title }: { $advice }
text-sessions-heading = Your workouts until the full routine is back:
session-keep = fine as usual
text-session = { $when }  { $name } { $minutes } min { $outcome } ({ $stage })
text-session-note = note: { $note }
text-no-routine = No habitual workouts given: add your weekly routine to see what to do instead of each workout.
text-reminders-heading = Reminders and check-ins:

## The warning signs, the clinic's line and the sources, shared by every output.
warnings-heading = Warning signs:
clinic-contact = Questions or worries: { $name }
clinic-after-hours = (after hours: { $phone })
provenance = Where this advice comes from: { $protocol }, based on:
# One group of warning signs: what to do (`heading`), then the signs, joined by "; ".
warnings-group = { $heading }: { $signs }.

## Exercised too soon (`aftercare oops`).
text-exercised = Exercised too soon: { $date } { $time } ({ $zone })
text-check-ins = Check-ins:

## Durations, as a patient says them ("2 hours", "8 hours 30 minutes"): `n` is a number, and
## each unit takes the language's plural form.
duration-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
duration-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
duration-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
duration-hours-minutes = { $hours } { $minutes }

## A provider's change for this patient (the hand-over's "adjust"): `title` is the rule's
## title, `new` and `old` its lengths, `reason` the provider's reason after a comma, or nothing.
adjust-instruction = { $title } for { $new } instead of { $old }: your provider's instruction for you{ $reason }.
