# The calendar (.ics): the calendar's name, each event's title (SUMMARY, at most 40
# characters on a phone: keep titles short) and description, and the categories.

cal-name = { $procedure } aftercare
cal-name-discreet = Recovery plan
# The appointment's title: `kind` is `appointment` or `touch-up`.
cal-visit = { $kind ->
    [touch-up] Touch-up
   *[appointment] Appointment
}
cal-plan-starts = Your aftercare plan starts when the appointment ends ({ $when }).
# Said before the link to the plan's page, wherever the link goes (calendar, e-mails).
page-link = Your plan's page, to tell it what happened (more swelling, exercise too soon), print the handout or delete the plan:

## Restriction events: one per moment when restrictions end.
cal-rule = { $title } until { $when }. Avoid: { $avoid } Why: { $why }
cal-rule-instead = Instead: { $instead }
cal-reason = { $title } until { $when }
cal-still-in-force = Still in force after that:
cal-segment = Until { $when }: { $title }
cal-segment-more = Until { $when }: { $title } +{ $more }

## Stages of the return to exercise.
cal-stage-title = Aftercare stage { $number }: { $title }
cal-stage = { $title }: { $advice }
cal-stage-until = { $title } until { $when }: { $advice }
cal-stage-line = Stage: { $title }: { $advice }

## A habitual workout inside the recovery.
cal-session-keep = { $name }: fine as usual
cal-session-scale = Go lighter: { $name }
cal-session-replace = { $minutes } min { $activity } instead of { $name }
cal-session-skip = Skip { $name } today
cal-session-usual = Usual: { $name }, { $minutes } min.
cal-session-now = Now: { $substitute }.
cal-session-why = Why:
cal-session-note = Note: { $note }.

## Checking in after exercising too soon.
cal-checks-name = Aftercare check-ins
cal-not-too-soon = Exercise: not too soon

## Categories (CATEGORIES), which some calendar apps show as labels.
category-aftercare = Aftercare
category-appointment = Appointment
category-restrictions = Restrictions
category-stage = Stage
category-workout = Workout
category-care = Care
category-check-in = Check-in
category-follow-up = Follow-up
