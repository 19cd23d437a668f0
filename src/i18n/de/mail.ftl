# Die E-Mail, die einen Plan überbringt: ihr Betreff, der Rahmen des reinen Textteils und der HTML-Teil.

mail-subject = Ihr { $procedure }-Nachsorgeplan
mail-subject-discreet = Ihr Nachsorgeplan
mail-hello = Guten Tag, { $name },
# Was die Nachricht über den mitgeschickten Kalender sagt; mit einer Seite, wo man ihn abonniert.
mail-calendar = Der Kalender im Anhang dieser Nachricht enthält alle Schritte: Importieren Sie ihn in Ihre Kalender-App.
mail-calendar-feed = Der Kalender im Anhang dieser Nachricht enthält alle Schritte: Importieren Sie ihn in Ihre Kalender-App oder abonnieren Sie ihn auf der Seite Ihres Plans, damit Sie seine Änderungen erhalten.

## Der HTML-Teil.
html-title = Ihr Nachsorgeplan
html-visit = { $kind ->
    [touch-up] Ihre Nachbehandlung
   *[appointment] Ihr Termin
}
html-visit-of = { $kind ->
    [touch-up] Ihre { $procedure }-Nachbehandlung
   *[appointment] Ihr { $procedure }-Termin
}
html-visit-on = { $visit } am { $when } ({ $zone }).
html-date-time = { $date }, { $time }
html-restrictions = Was Sie meiden sollten und bis wann
html-until = bis { $when }
html-stages = Wiedereinstieg in den Sport
html-stage = Ab { $when }: { $title }.
html-sessions = Ihre gewohnten Trainingseinheiten bis dahin
html-reminders = Erinnerungen und Selbstkontrollen
html-warnings = Warnzeichen
