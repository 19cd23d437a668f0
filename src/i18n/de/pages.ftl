# Die Seiten der Web-App für Patientinnen und Patienten: das Formular, die Seite des Plans, das
# Merkblatt zum Drucken, das Löschen und die kurzen Seiten, die nur eines sagen (die eigenen Seiten
# des Empfangs stehen in desk.ftl).
# Variablen werden { $name } geschrieben; siehe https://projectfluent.org/fluent/guide/

## Alle Seiten.
page-brand = aftercare
page-language = Sprache
page-error-title = Fehler: { $title }
page-problem = Es gibt ein Problem
page-new-plan = Neuen Plan erstellen

## Die kurzen Seiten.
gone-title = Plan nicht gefunden
gone-text = Diesen Plan gibt es hier nicht: Er wurde gelöscht oder ist abgelaufen, oder der Link ist unvollständig.
check-title = Bitte prüfen Sie Ihre Angaben
retry-title = Bitte versuchen Sie es noch einmal
retry-text = Der Plan wurde im selben Moment geändert; bitte versuchen Sie es noch einmal.
tomorrow-title = Bitte versuchen Sie es morgen noch einmal
tomorrow-text = Heute wurden von Ihrer IP-Adresse aus zu viele Pläne erstellt; bitte versuchen Sie es morgen noch einmal.
server-title = Ein Fehler ist aufgetreten
server-text = Auf dem Server ist ein Fehler aufgetreten; es wurde nichts geändert.
large-title = Zu groß
large-text = Die Anfrage ist größer, als dieser Server zulässt: höchstens { $kib } KiB.
not-found-title = Nicht gefunden
not-found-text = Unter dieser Adresse gibt es keine Seite.
deleted-title = Ihr Plan ist gelöscht
deleted-text = Er wurde von diesem Server gelöscht: Seine Seite und sein Kalenderlink funktionieren nicht mehr, und es werden keine Nachsorge-E-Mails mehr verschickt. Einträge, die schon in Ihrem Kalender stehen, bleiben dort, bis Sie das Abonnement oder die Einträge entfernen.

## Das Formular.
form-title = Ihr Nachsorgeplan
form-lede = Geben Sie Ihren Termin und Ihre gewohnte Trainingswoche ein. Sie erhalten einen Plan Tag für Tag und einen Kalender für Ihr Smartphone.
form-appointment = Ihr Termin
form-date = Datum
form-time = Uhrzeit
form-minutes = Dauer in Minuten
form-zone = Zeitzone
form-areas = Behandelte Bereiche
form-product = Wirkstoff
form-product-unsure = Nicht sicher / nicht in der Liste
form-touch-up = Dieser Termin ist die Nachbehandlung einer kürzlich erfolgten Behandlung
form-week = Ihre gewohnte Trainingswoche
form-week-hint = Eine Zeile pro Trainingseinheit; lassen Sie die übrigen leer.
form-workout = Trainingseinheit { $n }
form-at = Uhrzeit
form-workout-minutes = Minuten
form-activity = Aktivität
form-activity-choose = Aktivität auswählen
form-calendar = Oder ein Kalenderexport mit Ihren Trainingseinheiten (.ics)
form-sweat = Wie stark schwitzen Sie beim Training?
form-sweat-light = Ein wenig
form-sweat-moderate = Mäßig
form-sweat-heavy = Stark
form-more = Weitere Optionen
form-discreet = Diskrete Titel (für einen geteilten Kalender)
form-clock = Uhrzeitformat
form-clock-24 = 24 Stunden (18:00)
form-clock-12 = 12 Stunden (6:00 PM)
form-fold = Wenn Ihre Uhrzeit zweimal vorkommt (die Uhren werden zurückgestellt)
form-fold-ask = Mich fragen
form-fold-earlier = Die erste
form-fold-later = Die zweite
form-protocol = Protokoll
form-submit = Meinen Plan erstellen
form-privacy = Ihr Name wird nicht abgefragt. Eine E-Mail-Adresse wird nur (verschlüsselt) gespeichert, wenn Sie Nachsorge-E-Mails wünschen. Ihr Plan wird unter einem geheimen Link gespeichert, den nur Sie erhalten, und gelöscht, sobald sein letzter Eintrag vorbei ist oder Sie ihn löschen.
# Die Wochentage einer Zeile für eine Trainingseinheit, Montag zuerst.
form-day = { $day ->
    [mon] Mo
    [tue] Di
    [wed] Mi
    [thu] Do
    [fri] Fr
    [sat] Sa
   *[sun] So
}

## Die eigenen Fehler des Formulars (die Prüfungen des Plans kommen danach).
form-error-date = Bitte geben Sie das Datum des Termins an.
form-error-time = Bitte geben Sie die Uhrzeit des Termins an.
form-error-minutes = Bitte geben Sie die Dauer in ganzen Minuten an, von 1 bis 720.
# `missing` ist eine Liste der Teile unten, verbunden mit `form-error-and`.
form-error-workout = Trainingseinheit { $n }: Bitte geben Sie { $missing } an.
form-error-and = { " " }und{ " " }
form-missing-days = die Tage
form-missing-time = die Uhrzeit
form-missing-minutes = die Minuten
form-missing-activity = die Aktivität
form-error-workout-other = Trainingseinheit { $n }: { $reason }
form-error-calendar-text = Die Kalenderdatei ist keine Textdatei: Ist es ein .ics-Export?
form-error-too-large = Die Anfrage ist größer, als dieser Server zulässt: höchstens { $kib } KiB. Ist es die richtige Kalenderdatei?
form-error-unreadable = Das Formular konnte nicht gelesen werden. Bitte senden Sie es noch einmal ab.
form-error-areas = Bitte wählen Sie nur Bereiche aus der Liste.
form-error-product = Bitte wählen Sie einen Wirkstoff aus der Liste oder „Nicht sicher / nicht in der Liste“.
# Die Uhrzeit des Termins gibt es an diesem Tag nicht: Die Uhren springen von `before` auf `after`.
form-error-gap = { $value } gibt es an diesem Tag in der Zeitzone { $zone } nicht: Die Uhren werden von { $before } auf { $after } vorgestellt. Bitte wählen Sie eine andere Uhrzeit.
# Die Uhrzeit des Termins kommt an diesem Tag zweimal vor.
form-error-fold = { $value } kommt an diesem Tag in der Zeitzone { $zone } zweimal vor (die Uhren werden zurückgestellt). Bitte wählen Sie unter „Weitere Optionen“, „Wenn Ihre Uhrzeit zweimal vorkommt“, welche gemeint ist.
form-error-zone = Bitte wählen Sie eine Zeitzone aus der Liste.
form-error-email = Bitte geben Sie eine E-Mail-Adresse an, zum Beispiel ana@example.com.
form-error-workout-value = Bitte prüfen Sie die Uhrzeit (zum Beispiel 18:00) und die Minuten (1 bis 720).
form-error-at = Bitte geben Sie ein gültiges Datum und eine Uhrzeit an, zum Beispiel 09:00.
form-error-calendar = Diese Datei ließ sich nicht als Kalenderexport (.ics) lesen. Exportieren Sie Ihren Kalender erneut, oder tragen Sie Ihre Trainingseinheiten stattdessen oben ein.
# Jede andere Ablehnung: `detail` sind die eigenen Worte der Prüfung (auf Englisch).
form-error-other = Diese Angabe wurde nicht angenommen: { $detail }

## Die Seite des Plans.
plan-title = Ihr Nachsorgeplan
plan-lede = { $visit }: { $date }, { $time } ({ $zone }).
plan-visit = { $kind ->
    [touch-up] Ihre Nachbehandlung
   *[appointment] Ihr Termin
}
plan-visit-of = { $kind ->
    [touch-up] Ihre { $procedure }-Nachbehandlung
   *[appointment] Ihr { $procedure }-Termin
}
plan-setback = Sie haben gemeldet, dass die Schwellung am { $when } zugenommen hat. Der Plan geht bis { $until } eine Phase zurück, ohne Hitze; danach geht er von dort aus weiter.
plan-setback-stay = Sie haben gemeldet, dass die Schwellung am { $when } zugenommen hat. Der Plan bleibt bis { $until } in der ersten Phase, ohne Hitze; danach geht er von dort aus weiter.
plan-setback-before = Sie haben gemeldet, dass die Schwellung am { $when } zugenommen hat.
plan-exercised = Sie haben am { $when } trainiert
plan-exercised-checks = Die Selbstkontrollen finden Sie unten unter „Tag für Tag“ und in Ihrem Kalender.
plan-jump-report = Änderung melden
plan-jump-days = Tag für Tag
plan-jump-handout = Merkblatt zum Drucken
plan-calendar = Zu Ihrem Kalender hinzufügen
plan-download = Kalenderdatei herunterladen
plan-subscribe = Abonnieren (Apple Kalender, Outlook)
plan-google = <strong>Google Kalender:</strong> Kopieren Sie den Link, öffnen Sie in den Einstellungen von Google Kalender <a href="https://calendar.google.com/calendar/u/0/r/settings/addbyurl" rel="noreferrer">Per URL</a>, fügen Sie den Link ein und wählen Sie „Kalender hinzufügen“.
plan-feed-label = Link zu Ihrem Kalender
plan-copy = Link kopieren
plan-copied = Kopiert
plan-email = E-Mail-Adresse
plan-outlook = <strong>Outlook.com:</strong> <a href="{ $href }" rel="noreferrer">aus dem Internet hinzufügen</a>.
plan-qr = Scannen Sie den Code mit der Kamera Ihres Smartphones, um diesen Plan dort zu öffnen.
plan-qr-label = QR-Code des Links zu Ihrem Plan
plan-subscribed = Ein abonnierter Kalender übernimmt Änderungen an diesem Plan: Apple Kalender und Outlook sehen stündlich nach, Google Kalender nur alle paar Stunden bis einmal am Tag, und Google Kalender ignoriert die Erinnerungen (Alarme) des Kalenders. Der Link ist privat: Wer ihn hat, kann diesen Plan sehen.
# Der Name des Kalenders, wenn er aus dem Internet hinzugefügt wird.
plan-calendar-name = { $procedure }-Nachsorge
plan-calendar-name-discreet = Erholungsplan
plan-glance = Auf einen Blick
plan-warnings = Warnzeichen
plan-report = Änderung melden: Ihr Plan passt sich an
plan-swelling = Meine Schwellung hat zugenommen
plan-swelling-hint = Der Plan geht für einen Tag eine Phase zurück, ohne Hitze, und Ihr Kalender übernimmt die Änderung.
plan-when = Wann (für „jetzt“ leer lassen)
plan-swelling-submit = Meinen Plan anpassen
plan-oops = Ich habe zu früh trainiert
plan-oops-hint = Halb so schlimm: Sie erhalten in den nächsten Stunden und Tagen Selbstkontrollen, abgestimmt auf Ihren Plan, und die Anzeichen, auf die Sie achten sollten.
plan-oops-what = Was Sie gemacht haben (optional)
plan-oops-example = z. B. Hot Yoga
plan-oops-submit = Selbstkontrollen hinzufügen
plan-delete = Meinen Plan löschen
plan-delete-hint = Der Plan wird dann gelöscht: Diese Seite und der Kalenderlink funktionieren nicht mehr. Vorher werden Sie noch einmal gefragt.
plan-error-before = Dieser Zeitpunkt liegt vor dem Ende Ihres Termins ({ $end }). Wählen Sie einen späteren Zeitpunkt oder lassen Sie das Feld für „jetzt“ leer.

## Die Ansicht Tag für Tag (die Seite des Plans).
days-heading = Tag für Tag
days-earlier = Frühere Tage ({ $n })
days-limits = Einschränkungen:
days-until = { $what } (bis { $time })
days-nothing = Heute ist nichts geplant.
days-today = Heute
days-tomorrow = Morgen
days-yesterday = Gestern
days-appointment-text = Die Nachsorge beginnt mit dem Ende des Termins um { $time }.
days-workout = { $name }, { $minutes } Min.
days-as-usual = Wie gewohnt möglich.

## Das Bild der Erholung (die Seite des Plans).
timeline-title = Ihre Erholung auf einen Blick
timeline-description = Von { $from } bis { $to }: { $restrictions } Einschränkungen, { $stages } Phasen, { $workouts } gewohnte Trainingseinheiten.
timeline-until = Bis { $when }
timeline-appointment-end = Ende des Termins
timeline-now = jetzt
timeline-between = Die Tage dazwischen
timeline-stage = { $title } (ab { $when })
timeline-session = { $name }, { $when }: { $outcome }
timeline-workout = Trainingseinheit { $outcome }
timeline-outcome = { $outcome ->
    [keep] wie gewohnt
    [scale] leichter
    [replace] ersetzt
   *[skip] ausgelassen
}

## Das Merkblatt zum Drucken.
handout-title = Merkblatt zur Nachsorge
handout-qr = Scannen Sie den Code, um Ihren Plan auf Ihrem Smartphone zu öffnen: Dort können Sie ihn zu Ihrem Kalender hinzufügen oder eine Änderung melden.
handout-open = Ihren Plan öffnen
handout-avoid = Was Sie meiden sollten und bis wann
handout-until = Bis { $when }:
handout-stages = Wiedereinstieg in den Sport
handout-stage = Ab { $when }: { $title }.
handout-sessions = Was aus Ihren gewohnten Trainingseinheiten wird
handout-as-usual = { $names }: wie gewohnt.
handout-session = { $when }: { $name } → { $what }
handout-check = { $when }: { $title }
handout-checks = Selbstkontrollen und Kontrolltermin

## Einen Plan löschen.
delete-title = Ihren Plan löschen?
delete-text = Damit wird Ihr Plan sofort von diesem Server gelöscht. Seine Seite und sein Kalenderlink funktionieren nicht mehr, die Nachsorge-E-Mails hören auf, und das lässt sich nicht rückgängig machen. Einträge, die schon in Ihrem Kalender stehen, bleiben dort, bis Sie sie entfernen.
delete-yes = Ja, meinen Plan löschen
delete-no = Nein, meinen Plan behalten

## Das Übergabeformular des Empfangs (das Formular der Patientinnen und Patienten, für das Praxisteam formuliert).
desk-front = Empfang
desk-form-title = Plan übergeben
desk-form-lede = Tragen Sie Termin und gewohnte Trainingswoche der Patientin oder des Patienten ein. Zeigen Sie danach den QR-Code oder senden Sie den Plan per E-Mail.
desk-form-language = Sprache der Patientin oder des Patienten
desk-form-email = E-Mail-Adresse der Patientin oder des Patienten (optional: für den Versand des Plans; verschlüsselt gespeichert wird sie nur bei Zustimmung zu Nachsorge-E-Mails)
desk-form-adjust = Anpassung für diese Patientin oder diesen Patienten (optional): Regel und Dauer, z. B. heat 72h (Regelnamen auf Englisch); mehrere durch Kommas getrennt
desk-form-adjust-reason = Begründung (erscheint im Plan der Patientin oder des Patienten), z. B. wegen der heutigen Dosis
desk-form-appointment = Termin der Patientin oder des Patienten
desk-form-week = Gewohnte Trainingswoche der Patientin oder des Patienten
desk-form-calendar = Oder ein Kalenderexport mit den Trainingseinheiten der Patientin oder des Patienten (.ics)
desk-form-sweat = Wie stark schwitzt die Patientin oder der Patient beim Training?
desk-form-fold = Wenn die Uhrzeit zweimal vorkommt (die Uhren werden zurückgestellt)
desk-form-ask = Nachfragen
desk-form-submit = Plan erstellen
