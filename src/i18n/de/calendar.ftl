# Der Kalender (.ics): der Name des Kalenders, der Titel jedes Termins (SUMMARY, höchstens 40
# Zeichen auf einem Telefon: Titel kurz halten) und seine Beschreibung sowie die Kategorien.

cal-name = { $procedure }-Nachsorge
cal-name-discreet = Erholungsplan
# Der Titel des Termins: `kind` ist `appointment` oder `touch-up`.
cal-visit = { $kind ->
    [touch-up] Nachbehandlung
   *[appointment] Termin
}
cal-plan-starts = Ihr Nachsorgeplan beginnt mit dem Ende des Termins ({ $when }).
# Steht vor dem Link zur Seite des Plans, wo immer der Link erscheint (Kalender, E-Mails).
page-link = Auf der Seite Ihres Plans können Sie eintragen, was passiert ist (mehr Schwellung, zu früh trainiert), das Merkblatt drucken oder den Plan löschen:

## Einschränkungs-Termine: einer für jeden Zeitpunkt, an dem Einschränkungen enden.
cal-rule = { $title } bis { $when }. Zu vermeiden: { $avoid } Warum: { $why }
cal-rule-instead = Stattdessen: { $instead }
cal-reason = { $title } bis { $when }
cal-still-in-force = Danach gilt weiterhin:
cal-segment = Bis { $when } { $title }
cal-segment-more = Bis { $when } { $title } +{ $more }

## Phasen des Wiedereinstiegs in den Sport.
cal-stage-title = Nachsorgephase { $number }: { $title }
cal-stage = { $title }: { $advice }
cal-stage-until = Phase „{ $title }“ bis { $when }: { $advice }
cal-stage-line = Phase „{ $title }“: { $advice }

## Eine gewohnte Trainingseinheit während der Erholung.
cal-session-keep = { $name }: wie gewohnt möglich
cal-session-scale = Weniger intensiv: { $name }
cal-session-replace = { $minutes } Min. { $activity } statt { $name }
cal-session-skip = Heute auslassen: { $name }
cal-session-usual = Ihre gewohnte Einheit: { $name }, { $minutes } Min.
cal-session-now = Jetzt: { $substitute }.
cal-session-why = Warum:
cal-session-note = Hinweis: { $note }.

## Selbstkontrollen nach zu frühem Training.
cal-checks-name = Nachsorge-Selbstkontrollen
cal-not-too-soon = Sport: nicht zu früh

## Kategorien (CATEGORIES), die manche Kalender-Apps als Etiketten anzeigen.
category-aftercare = Nachsorge
category-appointment = Termin
category-restrictions = Einschränkungen
category-stage = Phase
category-workout = Trainingseinheit
category-care = Pflege
category-check-in = Selbstkontrolle
category-follow-up = Kontrolltermin
