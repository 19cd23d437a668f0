# The front desk's pages (`aftercare serve`, /desk): what clinic staff read. They speak the
# language the staff's browser asks for (else the clinic's); the patient's own pages, feed and
# e-mails speak the patient's.
# Variables are written { $name }; see https://projectfluent.org/fluent/guide/

## Every desk page.
desk-nav-home = Front desk
desk-nav-handover = Hand over
desk-nav-suggest = Suggest a time
desk-nav-day = A day's list
desk-nav-settings = Settings
desk-sign-out = Sign out { $name }
desk-refused-title = Refused
desk-refused = This form is out of date or did not come from this desk: open the page again and retry.
desk-admins-title = Admins only
desk-admins = Clinic settings can be changed by an admin account.

## Signing in.
desk-signin-title = Front desk: sign in
desk-name = Name
desk-password = Password
desk-signin = Sign in
desk-signin-too-large = The sign-in form was too large (at most 16 KiB): a name is at most 64 characters, a password at most 1,000.
desk-signin-too-long = Wrong name or password: a name is at most 64 letters, digits, '.', '_', '-' or '@', a password at most 1,000 characters.
desk-signin-wrong = Wrong name or password.
desk-signin-wait = Too many failed sign-ins: wait { $minutes } minutes, or ask an admin.

## One's own password.
desk-password-title = Your password
desk-password-current = Current password
desk-password-new = New password (at least 10 characters; a few words make a good one)
desk-password-again = The new password again
desk-password-change = Change the password
desk-password-hint = Your other sign-ins end; this one goes on.
desk-password-differ = The new password and its repetition differ: type the same one twice.
desk-password-wrong = The current password is wrong.
desk-password-wait = Too many wrong passwords: wait { $minutes } minutes, or ask an admin.
desk-password-changed = Changed: your other sign-ins have ended.

## The desk's first page.
desk-home-title = Front desk
desk-home-signed-in = Signed in as { $name }.
desk-home-handover = <a href="/desk/handover">Hand over a plan</a>: the patient's appointment and week, then a QR code to scan or an e-mail.
desk-home-suggest = <a href="/desk/suggest">Suggest a time</a>: the slots whose recovery costs the patient's routine the least; book one.
desk-home-day = <a href="/desk/day">A day's list</a>: a CSV of appointments, every plan at once, calendars as a zip, all e-mails sent.
desk-home-settings = <a href="/desk/settings">Clinic settings</a>: the clinic's details and the protocol in force.
desk-home-password = <a href="/desk/password">Your password</a>: change it.

## A plan handed over.
desk-handed-title = The patient's plan
desk-handed-qr = The patient scans this with their phone's camera: it opens their plan, where they add it to their calendar.
desk-handed-page = The patient's page:
desk-handed-language = The patient's plan is in { $language }: their page, calendar and e-mails.
desk-send-to = Send it by e-mail to
desk-send = Send by e-mail
desk-send-hint = An address, or a name and address (Zoë Müller <zoe@example.com>). It is used to send, and kept (sealed) only if the patient agreed to follow-ups; the plan is sent once.
desk-no-mail = E-mail is not set up on this server (start it with --smtp and --mail-from).
desk-not-sent = Not sent: { $reason }
desk-not-sent-no-mail = Not sent: e-mail is not set up on this server (start it with --smtp and --mail-from).
desk-not-sent-record = Not sent: the server could not record the sending; please try again.
desk-sent-before = Already sent to this address, at { $when }: not sent again.
desk-sent = Sent: the mail server accepted the message for { $email }.
desk-follow-ups-off = Follow-up e-mails are not on: { $reason }
desk-follow-ups-email = email: the patient's e-mail address, for the follow-up e-mails

## Suggesting a time.
desk-suggest-title = Suggest a time
desk-suggest-lede = The slots whose recovery costs the patient's usual week the least.
desk-suggest-from = From
desk-suggest-to = To
desk-suggest-zone = Time zone
desk-suggest-hours = Clinic hours
desk-suggest-minutes = Appointment length, minutes
desk-suggest-protect = Events the recovery must not spoil, one per line (YYYY-MM-DD HH:MM what)
desk-suggest-workouts = The patient's usual workouts, one per line (DAYS HH:MM DURATION ACTIVITY, e.g. mon,wed 18:00 1h weights)
desk-suggest-submit = Suggest
desk-suggest-best = Best times
desk-suggest-book = Book
desk-suggest-english = The reasons are in English: suggestions are worded in English only.

## Clinic settings.
desk-settings-title = Clinic settings
desk-settings-clinic = The clinic (TOML: name, phone, after_hours, address, website, intro, sign_off; tz, e.g. Europe/Madrid, the default zone of the forms and the day's lists; date_order, dmy or mdy, for a day's list's slashed dates; language, e.g. de, the patients' language unless they choose theirs)
desk-settings-logo = Logo (on every patient page)
desk-settings-logo-current = The current logo
desk-settings-logo-new = A new logo: PNG or JPEG, at most 200 KB
desk-settings-logo-none = No logo
desk-settings-protocol = The protocol in force: a provider's override of the built-in one (TOML, as for --protocol; empty: the built-in)
desk-settings-rows = The most rows a day's list may have (1 to { $max }; empty: { $default })
desk-settings-save = Save
desk-settings-saved = Saved: the next plan and page use these settings.
desk-settings-unreadable = The form could not be read: { $reason }

## A day's list: the upload.
desk-day-title = A day's list
desk-day-lede = A CSV of the day's appointments, as the booking system exports it: a header row, then one appointment a row. The page reads the usual headings ("Patient ID", "Appointment Date", "Time", "Treatment Area", "E-mail"); say below what any other column holds.
desk-day-kept = The list: { $file } (kept: no need to choose it again).
desk-day-other-file = Or another file
desk-day-file = The CSV file
desk-day-slashes = Dates with slashes
desk-day-slashes-refuse = Refuse them (ambiguous)
desk-day-slashes-dmy = Day first (01/12 is 1 December)
desk-day-slashes-mdy = Month first (01/12 is January 12)
desk-day-zone = Time zone of rows without one
desk-day-zone-none = None: every row gives its own
desk-day-past = Include appointments before today
desk-day-columns = What each column holds
desk-day-not-read = Not read
desk-day-make = Make the plans
desk-day-choose-file = Please choose the CSV file.
desk-day-unreadable = The upload could not be read: { $reason }
desk-day-too-long = { $file } has more than { $limit } rows, the most a day's list may have here: split it, or ask an admin to raise the limit in the clinic settings.
desk-day-header = { $problem } Say below what each column holds.
desk-day-needs-order = { $file }: { $n ->
    [one] 1 row writes its date
   *[other] { $n } rows write their dates
} with slashes (such as 12/03/2026). Choose below whether the day or the month comes first, then make the plans again; an admin can set the clinic's usual order once (date_order in the clinic settings).
desk-day-past-rows = { $file }: { $n ->
    [one] 1 row is for an appointment
   *[other] { $n } rows are for appointments
} before today{ $earliest }. Check that this is the right list; to make and send their plans anyway, tick "Include appointments before today" below and make the plans again.
desk-day-earliest = { " " }(the earliest: { $when })
desk-day-cannot-read-as = "{ $header }" cannot be read as { $column }
desk-day-gone-title = Not here any more
desk-day-gone = This list is kept for an hour: upload it again.
# The columns a day's list can read, as the mapping's choices name them.
desk-column = { $column ->
    [id] Patient ID
    [name] Name
    [email] E-mail
    [language] Language
    [at] Date and time
    [date] Date
    [time] Time
    [tz] Time zone
    [minutes] Length in minutes
    [sweat] Sweat level
    [areas] Treated areas
    [product] Product
    [workouts] Workouts
    [discreet] Discreet titles
    [touch_up] Touch-up visit
   *[status] Booking status (cancelled and no-show rows get no plan)
}

## A day's list: the results.
desk-day-each-row = { $file }: each row as it is done.
desk-day-patient = Patient
desk-day-result = Result
desk-day-as-read = Appointment, as read
desk-day-done = done
desk-day-done-sent = done; e-mail sent
desk-day-done-sent-before = done; e-mail sent before
desk-day-done-no-email = done, but no e-mail: { $reason }
desk-day-done-not-sent = done; e-mail not sent: { $reason }
desk-day-row = row { $row }
desk-day-id-row = { $id } (row { $row })
desk-day-refused = refused: { $reason }
desk-day-refused-column = refused: { $column }: { $reason }
desk-day-not-held = not planned: { $reason }
desk-day-not-held-count = { $n ->
    [one] 1 row is a cancelled or missed appointment: no plan and no e-mail for it.
   *[other] { $n } rows are cancelled or missed appointments: no plan and no e-mail for them.
}
desk-day-counts = { $rows } rows: { $done } done{ $without }, { $refused } refused.
desk-day-without = { $n ->
    [one] { " " }(1 without an e-mail address)
   *[other] { " " }({ $n } without an e-mail address)
}
desk-day-emails = E-mails: { $sent } sent now, { $before } sent before, { $not } not sent.
desk-day-ignored = Columns not read: { $columns }.
desk-day-open-hint = A row's Patient ID opens its plan's hand-over page: the QR code to scan, or their e-mail on its own.
desk-day-zip = Download the calendars and the results (zip)
desk-day-send = Send all e-mails
desk-day-send-hint = Each message goes once, even if you press twice.
desk-day-wrong-list = Wrong list? Delete its plans
desk-day-stopped = Stopped: { $reason }
desk-day-sent = Sent { $n ->
    [one] 1 message
   *[other] { $n } messages
}{ $before }.
desk-day-sent-before = { $n ->
   *[other] { " " }({ $n } had been sent before)
}
desk-day-send-stopped = { " " }Sending stopped: { $reason }. Press the button again to send the rest.

## A day's list: deleting its plans.
desk-erase-title = Delete this list's plans?
desk-erase-text = { $n ->
    [one] 1 plan was
   *[other] { $n } plans were
} made from { $file }. Their patients' pages and calendar feeds stop working and their follow-up e-mails stop; e-mails already sent cannot be called back. The list and its files are erased too.
desk-erase-yes = { $n ->
    [one] Delete the plan
   *[other] Delete the { $n } plans
}
desk-erase-no = Keep them
desk-erased = Deleted { $n ->
    [one] 1 plan
   *[other] { $n } plans
} made from { $file }; the list and its files are erased.
desk-upload-again = Upload a list
