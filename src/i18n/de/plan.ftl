# Die Textansicht eines Plans (`aftercare plan`) und die Wörter, die alle Ausgaben gemeinsam haben.
# Variablen werden { $name } geschrieben; siehe https://projectfluent.org/fluent/guide/

## Das Protokoll, wenn die Datei einer Praxis es ändert, ohne sich selbst zu benennen.
protocol-changed-by = { $name }, geändert durch { $file }
protocol-custom-name = angepasstes Protokoll
protocol-default-guidance = Folgen Sie den Anweisungen Ihrer Praxis: Wo sie von diesem Plan abweichen, gelten die Anweisungen Ihrer Praxis.

## Datum und Uhrzeit, in der Reihenfolge dieser Sprache. `%a` ist der Kurzname des Wochentags, `%b`
## der des Monats, `%-d` der Tag des Monats, `%Y` das Jahr (strftime von chrono, mit den Namen
## dieser Sprache). Die Uhrzeit wird mit `date-time` nach dem Tag angefügt.
date-day = %a., %-d. %B
date-day-year = %a., %-d. %B %Y
date-time = { $day }, { $time }
clock-am = AM
clock-pm = PM

## Wie der Besuch in Überschriften heißt: `kind` ist `appointment` oder `touch-up`.
visit = { $kind ->
    [touch-up] Nachbehandlung
   *[appointment] Termin
}
visit-of = { $procedure }-{ $kind ->
    [touch-up] Nachbehandlung
   *[appointment] Termin
}

## Wie stark die Person beim Training schwitzt: `sweat` ist `light`, `moderate` oder `heavy`.
sweat-amount = { $sweat ->
    [light] ein wenig
    [heavy] stark
   *[moderate] mäßig
}

## Die Textansicht (`aftercare plan`) und der reine Textteil der E-Mail.
text-heading = Nachsorgeplan: { $visit } am { $date }, { $start } bis { $end } ({ $zone })
text-sweat = Geplant für eine Person, die beim Training { $amount } schwitzt.
text-note = Hinweis: { $note }
text-restrictions-heading = Einschränkungen ab dem Ende des Termins ({ $when }):
text-restriction = bis { $when }  { $title }
text-avoid = zu vermeiden: { $avoid }
text-instead = stattdessen: { $instead }
text-stages-heading = Wiedereinstieg in den Sport:
text-stage = ab { $when }  { $title }: { $advice }
text-sessions-heading = Ihre Trainingseinheiten, bis Ihr gewohntes Training wieder möglich ist:
session-keep = wie gewohnt möglich
text-session = { $when }  { $name } { $minutes } Min. { $outcome } ({ $stage })
text-session-note = Hinweis: { $note }
text-no-routine = Keine gewohnten Trainingseinheiten angegeben: Tragen Sie Ihr gewohntes Training der Woche ein, um zu sehen, was Sie statt jeder Einheit tun können.
text-reminders-heading = Erinnerungen und Selbstkontrollen:

## Die Warnzeichen, die Telefonnummer der Praxis und die Quellen, die alle Ausgaben gemeinsam haben.
warnings-heading = Warnzeichen:
clinic-contact = Fragen oder Sorgen: { $name }
clinic-after-hours = (außerhalb der Sprechzeiten: { $phone })
provenance = Woher diese Empfehlungen stammen: { $protocol }, auf Grundlage von:
# Eine Gruppe von Warnzeichen: was zu tun ist (`heading`), dann die Zeichen, verbunden mit „; “.
warnings-group = { $heading }: { $signs }.

## Zu früh trainiert (`aftercare oops`).
text-exercised = Zu früh trainiert: { $date }, { $time } ({ $zone })
text-check-ins = Selbstkontrollen:

## Zeitspannen, wie Patienten sie sagen („2 Stunden“, „8 Stunden 30 Minuten“).
duration-days = { $n ->
    [one] { $n } Tag
   *[other] { $n } Tage
}
duration-hours = { $n ->
    [one] { $n } Stunde
   *[other] { $n } Stunden
}
duration-minutes = { $n ->
    [one] { $n } Minute
   *[other] { $n } Minuten
}
duration-hours-minutes = { $hours } { $minutes }

## A provider's change for this patient (the hand-over's "adjust").
adjust-instruction = { $title } für { $new } statt { $old }: die Anweisung Ihrer Praxis für Sie{ $reason }.
