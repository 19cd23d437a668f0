# The web app's patient pages: the form, the plan's page, the printable handout, deleting,
# and the short pages that say one thing (the desk's own pages are in desk.ftl).
# Variables are written { $name }; see https://projectfluent.org/fluent/guide/

## Every page.
page-brand = aftercare
page-language = Language
page-error-title = Error: { $title }
page-problem = There is a problem
page-new-plan = Make a new plan

## The short pages.
gone-title = Plan not found
gone-text = This plan is not here: it was deleted, it expired, or the link is incomplete.
check-title = Please check
retry-title = Please try again
retry-text = The plan changed at the same moment; please try again.
tomorrow-title = Please try again tomorrow
tomorrow-text = Too many plans from your address today; please try again tomorrow.
server-title = Something went wrong
server-text = Something went wrong on the server; nothing was changed.
large-title = Too large
large-text = The request is larger than this server accepts: at most { $kib } KiB.
not-found-title = Not found
not-found-text = There is no page at this address.
deleted-title = Your plan is deleted
deleted-text = It is erased from this server: its page and calendar link no longer work, and no more reminder e-mails are sent. Events already in your calendar stay until you remove the subscription or the events.

## The form.
form-title = Your aftercare plan
form-lede = Enter your appointment and your usual week. You get a day-by-day plan and a calendar for your phone.
form-appointment = Your appointment
form-date = Date
form-time = Time
form-minutes = Length, in minutes
form-zone = Time zone
form-areas = Treated areas
form-product = Product
form-product-unsure = Not sure / not listed
form-touch-up = This visit is a touch-up of a recent treatment
form-week = Your usual week
form-week-hint = One row per workout; leave the rest empty.
form-workout = Workout { $n }
form-at = At
form-workout-minutes = Minutes
form-activity = Activity
form-activity-choose = Choose an activity
form-calendar = Or a calendar export with your workouts (.ics)
form-sweat = How much do you sweat when you train?
form-sweat-light = A little
form-sweat-moderate = Moderately
form-sweat-heavy = A lot
form-more = More options
form-discreet = Discreet titles (for a shared calendar)
form-clock = Clock
form-clock-24 = 24-hour (18:00)
form-clock-12 = 12-hour (6:00 PM)
form-fold = If your time happens twice (clocks going back)
form-fold-ask = Ask me
form-fold-earlier = The first one
form-fold-later = The second one
form-protocol = Protocol
form-submit = Make my plan
form-privacy = No name is asked. An e-mail address is kept (sealed) only if you ask for reminders by e-mail. Your plan is stored under a secret link only you receive, and erased after its last event, or when you delete it.
# A weekday's short name: the form's workout rows, and the columns of the picture of the
# recovery (keep it to two or three letters).
form-day = { $day ->
    [mon] Mon
    [tue] Tue
    [wed] Wed
    [thu] Thu
    [fri] Fri
    [sat] Sat
   *[sun] Sun
}

## The form's own errors (the plan's checks come after).
form-error-date = Please give the appointment's date.
form-error-time = Please give the appointment's time.
form-error-minutes = Please give the length as a whole number of minutes, 1 to 720.
# `missing` is a list of the parts below, joined by `form-error-and`.
form-error-workout = Workout { $n }: please give { $missing }.
form-error-and = { " " }and{ " " }
form-missing-days = the days
form-missing-time = the time
form-missing-minutes = the minutes
form-missing-activity = the activity
form-error-workout-other = Workout { $n }: { $reason }
form-error-calendar-text = The calendar file is not text: is it an .ics export?
form-error-too-large = The request is larger than this server accepts: at most { $kib } KiB. Is the calendar file the right one?
form-error-unreadable = The form could not be read. Please send it again.
form-error-areas = Please choose only areas from the list.
form-error-product = Please choose a product from the list, or "Not sure / not listed".
# The appointment's time does not exist that day: the clocks jump from `before` to `after`.
form-error-gap = { $value } does not exist in { $zone } that day: the clocks jump forward from { $before } to { $after }. Please choose another time.
# The appointment's time happens twice that day.
form-error-fold = { $value } happens twice in { $zone } that day (the clocks go back). Please choose which one under "More options", "If your time happens twice".
form-error-zone = Please choose a time zone from the list.
form-error-email = Please give an e-mail address such as ana@example.com.
form-error-workout-value = Please check its time (such as 18:00) and its minutes (1 to 720).
form-error-at = Please give a date that exists and a time such as 09:00.
form-error-calendar = This file could not be read as a calendar export (.ics). Export your calendar again, or fill in your workouts above instead.
# Any other refusal: `detail` is the check's own words (in English).
form-error-other = This was not accepted: { $detail }

## The plan's page.
plan-title = Your aftercare plan
plan-lede = { $visit }: { $date }, { $time } ({ $zone }).
plan-visit = Your { $kind ->
    [touch-up] touch-up
   *[appointment] appointment
}
plan-visit-of = Your { $procedure } { $kind ->
    [touch-up] touch-up
   *[appointment] appointment
}
plan-setback = You reported more swelling at { $when }. The plan steps back one stage until { $until }, with no heat; then it carries on from there.
plan-setback-stay = You reported more swelling at { $when }. The plan keeps you in its first stage until { $until }, with no heat; then it carries on from there.
plan-setback-before = You reported more swelling at { $when }.
plan-exercised = You exercised at { $when }
plan-exercised-checks = The check-ins are in the day-by-day plan below and in your calendar.
plan-jump-report = Report a change
plan-jump-days = Day by day
plan-jump-handout = Printable handout
plan-calendar = Add it to your calendar
plan-download = Download the calendar file
plan-subscribe = Subscribe (Apple Calendar, Outlook)
plan-google = <strong>Google Calendar:</strong> copy the link, open <a href="https://calendar.google.com/calendar/u/0/r/settings/addbyurl" rel="noreferrer">From URL</a> in Google Calendar's settings, paste it and press Add calendar.
plan-feed-label = Your calendar's link
plan-copy = Copy link
plan-copied = Copied
plan-email = E-mail address
plan-outlook = <strong>Outlook.com:</strong> <a href="{ $href }" rel="noreferrer">add it from the web</a>.
plan-qr = Scan with your phone's camera to open this plan there.
plan-qr-label = QR code of the plan's link
plan-subscribed = A subscribed calendar follows changes to this plan: Apple Calendar and Outlook look again every hour; Google Calendar only every few hours to a day, and it ignores the calendar's reminders (alarms). The link is private: anyone who has it can see this plan.
# The calendar's name when it is added from the web.
plan-calendar-name = { $procedure } aftercare
plan-calendar-name-discreet = Recovery plan
plan-glance = At a glance
plan-warnings = Warning signs
plan-report = Report a change: your plan adjusts
plan-swelling = My swelling increased
plan-swelling-hint = The plan steps back a stage for a day, with no heat, and your calendar follows.
plan-when = When (leave empty for now)
plan-swelling-submit = Update my plan
plan-oops = I exercised too soon
plan-oops-hint = Not a disaster: you get check-ins over the next hours and days, timed to your plan, and the signs to watch for.
plan-oops-what = What you did (optional)
plan-oops-example = e.g. hot yoga
plan-oops-submit = Add check-ins
plan-delete = Delete my plan
plan-delete-hint = Erases it: this page and the calendar link stop working. You are asked once more first.
plan-error-before = That time is before your appointment ended ({ $end }). Choose a later time, or leave it empty for now.

## The day-by-day view (the plan's page).
days-heading = Day by day
days-earlier = Earlier days ({ $n })
days-limits = Limits:
days-until = { $what } (until { $time })
days-nothing = Nothing planned today.
days-today = Today
days-tomorrow = Tomorrow
days-yesterday = Yesterday
days-appointment-text = Aftercare starts when it ends, at { $time }.
days-workout = { $name }, { $minutes } min
days-as-usual = Fine as usual.

## The picture of the recovery (the plan's page).
timeline-title = Your recovery at a glance
timeline-description = From { $from } to { $to }: { $restrictions } restrictions, { $stages } stages, { $workouts } usual workouts.
timeline-until = Until { $when }
timeline-appointment-end = The end of the appointment
timeline-now = now
timeline-between = The days in between
timeline-stage = { $title } (from { $when })
timeline-session = { $name }, { $when }: { $outcome }
timeline-workout = workout { $outcome }
timeline-outcome = { $outcome ->
    [keep] as usual
    [scale] lighter
    [replace] replaced
   *[skip] skipped
}

## The printable handout.
handout-title = Aftercare handout
handout-qr = Scan to open your plan on your phone: add it to your calendar there, or report a change.
handout-open = Open your plan
handout-avoid = What to avoid, and until when
handout-until = Until { $when }:
handout-stages = Getting back to exercise
handout-stage = From { $when }: { $title }.
handout-sessions = Your usual workouts until then
handout-as-usual = { $names }: as usual.
handout-session = { $when }: { $name } → { $what }
handout-check = { $when }: { $title }
handout-checks = Check-ins and follow-up

## Deleting a plan.
delete-title = Delete your plan?
delete-text = This erases your plan from this server now. Its page and its calendar link stop working, reminder e-mails stop, and it cannot be undone. Events already in your calendar stay until you remove them.
delete-yes = Yes, delete my plan
delete-no = No, keep my plan

## The front desk's hand-over form (the patient's form, worded for staff).
desk-front = Front desk
desk-form-title = Hand over a plan
desk-form-lede = The patient's appointment and usual week. Then show them the QR code, or send the plan by e-mail.
desk-form-language = The patient's language
desk-form-email = The patient's e-mail address (optional: used to send, and kept sealed only for follow-ups)
desk-form-adjust = Adjust for this patient (optional): a rule and its length, e.g. heat 72h; several with commas
desk-form-adjust-reason = Why (the patient reads it), e.g. because of today's dose
desk-form-appointment = The patient's appointment
desk-form-week = The patient's usual week
desk-form-calendar = Or a calendar export with the patient's workouts (.ics)
desk-form-sweat = How much does the patient sweat when training?
desk-form-fold = If the time happens twice (clocks going back)
desk-form-ask = Ask
desk-form-submit = Make the plan
