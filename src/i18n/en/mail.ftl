# The e-mail that carries a plan: its subject, the plain part's frame and the HTML part.

mail-subject = Your { $procedure } aftercare plan
mail-subject-discreet = Your aftercare plan
mail-hello = Hello { $name },
# What the message says of the calendar it carries; with a page, where to subscribe to it.
mail-calendar = The calendar attached to this message holds every step: import it into your calendar app.
mail-calendar-feed = The calendar attached to this message holds every step: import it into your calendar app, or subscribe to it from your plan's page to get its changes.

## The HTML part.
html-title = Your aftercare plan
html-visit = Your { $kind ->
    [touch-up] touch-up
   *[appointment] appointment
}
html-visit-of = Your { $procedure } { $kind ->
    [touch-up] touch-up
   *[appointment] appointment
}
html-visit-on = { $visit } on { $when } ({ $zone }).
html-date-time = { $date }, { $time }
html-restrictions = What to avoid, and until when
html-until = until { $when }
html-stages = Getting back to exercise
html-stage = From { $when }: { $title }.
html-sessions = Your usual workouts until then
html-reminders = Reminders and check-ins
html-warnings = Warning signs
