# Die Seiten des Empfangs (`aftercare serve`, /desk): was das Praxisteam liest. Sie sprechen die
# Sprache, die der Browser des Teams anfragt (sonst die der Praxis); die eigenen Seiten, der
# Kalender und die E-Mails der Patientinnen und Patienten sprechen deren Sprache.
# Variablen werden { $name } geschrieben; siehe https://projectfluent.org/fluent/guide/

## Alle Seiten des Empfangs.
desk-nav-home = Empfang
desk-nav-handover = Plan übergeben
desk-nav-suggest = Termin vorschlagen
desk-nav-day = Tagesliste
desk-nav-settings = Einstellungen
desk-sign-out = Abmelden ({ $name })
desk-refused-title = Formular nicht angenommen
desk-refused = Dieses Formular ist abgelaufen oder wurde nicht auf dieser Empfangsseite ausgefüllt. Öffnen Sie die Seite neu und senden Sie das Formular noch einmal ab.
desk-admins-title = Nur mit Administratorrechten
desk-admins = Die Praxiseinstellungen lassen sich nur mit einem Administratorkonto ändern. Wenden Sie sich bitte an die Administration Ihrer Praxis.

## Die Anmeldung.
desk-signin-title = Empfang: Anmelden
desk-name = Name
desk-password = Passwort
desk-signin = Anmelden
desk-signin-too-large = Das Anmeldeformular war zu groß (höchstens 16 KiB): Ein Name hat höchstens 64 Zeichen, ein Passwort höchstens 1.000.
desk-signin-too-long = Falscher Name oder falsches Passwort: Ein Name besteht aus höchstens 64 Buchstaben, Ziffern, „.“, „_“, „-“ oder „@“, ein Passwort aus höchstens 1.000 Zeichen.
desk-signin-wrong = Falscher Name oder falsches Passwort.
desk-signin-wait = Zu viele fehlgeschlagene Anmeldeversuche: Warten Sie { $minutes } Minuten oder wenden Sie sich an die Administration.

## Das eigene Passwort.
desk-password-title = Ihr Passwort
desk-password-current = Aktuelles Passwort
desk-password-new = Neues Passwort (mindestens 10 Zeichen; gut geeignet sind mehrere Wörter hintereinander)
desk-password-again = Neues Passwort wiederholen
desk-password-change = Passwort ändern
desk-password-hint = Auf allen anderen Geräten werden Sie dabei abgemeldet; hier bleiben Sie angemeldet.
desk-password-differ = Das neue Passwort und die Wiederholung stimmen nicht überein: Geben Sie zweimal dasselbe Passwort ein.
desk-password-wrong = Das aktuelle Passwort ist falsch.
desk-password-wait = Zu viele falsche Passwörter: Warten Sie { $minutes } Minuten oder wenden Sie sich an die Administration.
desk-password-changed = Passwort geändert. Auf allen anderen Geräten sind Sie jetzt abgemeldet.

## Die Startseite des Empfangs.
desk-home-title = Empfang
desk-home-signed-in = Angemeldet als { $name }.
desk-home-handover = <a href="/desk/handover">Plan übergeben</a>: Termin und gewohnte Trainingswoche der Patientin oder des Patienten eintragen, dann den QR-Code zeigen oder den Plan per E-Mail senden.
desk-home-suggest = <a href="/desk/suggest">Termin vorschlagen</a>: die Termine finden, bei denen die Erholung das gewohnte Training der Patientin oder des Patienten am wenigsten einschränkt, und einen davon für die Planübergabe übernehmen.
desk-home-day = <a href="/desk/day">Tagesliste</a>: die CSV-Datei mit den Terminen eines Tages hochladen; daraus entstehen alle Pläne auf einmal, die Kalender als ZIP-Datei und alle E-Mails in einem Schritt.
desk-home-settings = <a href="/desk/settings">Praxiseinstellungen</a>: die Angaben der Praxis und das geltende Protokoll.
desk-home-password = <a href="/desk/password">Ihr Passwort</a>: Ihr eigenes Passwort ändern.

## Ein übergebener Plan.
desk-handed-title = Nachsorgeplan
desk-handed-qr = Die Patientin oder der Patient scannt diesen QR-Code mit der Kamera des Smartphones. So öffnet sich der Plan und lässt sich dort in den Kalender übernehmen.
desk-handed-page = Link zum Plan (für die Patientin oder den Patienten):
desk-handed-language = Sprache des Plans: { $language } (Seite, Kalender und E-Mails der Patientin oder des Patienten).
desk-send-to = Per E-Mail senden an
desk-send = Per E-Mail senden
desk-send-hint = Eine E-Mail-Adresse, auf Wunsch mit Namen (Zoë Müller <zoe@example.com>). Die Adresse wird zum Versenden verwendet und nur dann (verschlüsselt) gespeichert, wenn die Patientin oder der Patient den Nachsorge-E-Mails zugestimmt hat. An dieselbe Adresse wird der Plan nur einmal gesendet.
desk-no-mail = Auf diesem Server ist kein E-Mail-Versand eingerichtet: Zeigen Sie der Patientin oder dem Patienten den QR-Code. Den Versand kann die Administration einrichten (Server mit --smtp und --mail-from starten).
desk-not-sent = Nicht gesendet: { $reason }
desk-not-sent-no-mail = Nicht gesendet: Auf diesem Server ist kein E-Mail-Versand eingerichtet. Zeigen Sie den QR-Code; den Versand kann die Administration einrichten (Server mit --smtp und --mail-from starten).
desk-not-sent-record = Nicht gesendet: Der Server konnte den Versand nicht vermerken; bitte versuchen Sie es noch einmal.
desk-sent-before = Der Plan wurde bereits am { $when } an diese Adresse gesendet und wird nicht noch einmal gesendet. Ist die E-Mail nicht angekommen, zeigen Sie den QR-Code.
desk-sent = Gesendet: Der Mailserver hat die Nachricht an { $email } angenommen.
desk-follow-ups-off = Nachsorge-E-Mails sind nicht eingeschaltet: { $reason }
desk-follow-ups-email = Bitte geben Sie die E-Mail-Adresse der Patientin oder des Patienten an: Ohne Adresse können keine Nachsorge-E-Mails verschickt werden.

## Einen Termin vorschlagen.
desk-suggest-title = Termin vorschlagen
desk-suggest-lede = Hier finden Sie die Termine, bei denen die Erholung die gewohnte Trainingswoche der Patientin oder des Patienten am wenigsten einschränkt.
desk-suggest-from = Von
desk-suggest-to = Bis
desk-suggest-zone = Zeitzone
desk-suggest-hours = Sprechzeiten (Wochentage auf Englisch: mon, tue, wed, thu, fri, sat, sun)
desk-suggest-minutes = Termindauer in Minuten
desk-suggest-protect = Wichtige Anlässe, zu denen die Patientin oder der Patient nicht mehr eingeschränkt sein soll, einer pro Zeile (JJJJ-MM-TT HH:MM Anlass, z. B. 2026-12-20 08:00 Halbmarathon)
desk-suggest-workouts = Die gewohnten Trainingseinheiten der Patientin oder des Patienten, eine pro Zeile: TAGE UHRZEIT DAUER AKTIVITÄT, Tage und Aktivität auf Englisch (z. B. mon,wed 18:00 1h weights)
desk-suggest-submit = Vorschlagen
desk-suggest-best = Beste Termine
desk-suggest-book = Übernehmen
desk-suggest-english = Die Begründungen gibt es bisher nur auf Englisch.

## Die Praxiseinstellungen.
desk-settings-title = Praxiseinstellungen
desk-settings-clinic = Angaben der Praxis (TOML: name, phone, after_hours, address, website, intro, sign_off; tz, z. B. Europe/Berlin, die voreingestellte Zeitzone der Formulare und Tageslisten; date_order, dmy oder mdy, für Datumsangaben mit Schrägstrichen in Tageslisten; language, z. B. de, die Sprache der Patientinnen und Patienten, sofern sie keine eigene wählen)
desk-settings-logo = Logo (auf jeder Seite für Patientinnen und Patienten)
desk-settings-logo-current = Aktuelles Logo
desk-settings-logo-new = Neues Logo: PNG oder JPEG, höchstens 200 KB
desk-settings-logo-none = Logo entfernen
desk-settings-protocol = Das geltende Protokoll: eine eigene Fassung der Praxis, die das eingebaute ersetzt (TOML, wie bei --protocol; leer: das eingebaute)
desk-settings-rows = Höchstzahl der Zeilen einer Tagesliste (1 bis { $max }; leer: { $default })
desk-settings-save = Speichern
desk-settings-saved = Gespeichert: Ab dem nächsten Plan und der nächsten Seite gelten diese Einstellungen.
desk-settings-unreadable = Das Formular konnte nicht gelesen werden: { $reason }

## Tagesliste: das Hochladen.
desk-day-title = Tagesliste
desk-day-lede = Laden Sie die CSV-Datei mit den Terminen des Tages hoch, so wie das Buchungssystem sie exportiert: eine Kopfzeile, dann ein Termin pro Zeile. Die üblichen Spaltenüberschriften werden erkannt, etwa „Patienten-ID“, „Datum“, „Uhrzeit“, „Behandlungsbereich“, „E-Mail“ und „Sprache“ (auch englische wie „Patient ID“ oder „Appointment Date“). Bei anderen Überschriften fragt die Seite nach dem Hochladen, was die Spalten enthalten.
desk-day-kept = Hochgeladene Liste: { $file } (bleibt gespeichert: Sie müssen die Datei nicht noch einmal auswählen).
desk-day-other-file = Oder eine andere Datei
desk-day-file = CSV-Datei
desk-day-slashes = Datumsangaben mit Schrägstrichen
desk-day-slashes-refuse = Nachfragen (mehrdeutig)
desk-day-slashes-dmy = Tag zuerst (01/12 ist der 1. Dezember)
desk-day-slashes-mdy = Monat zuerst (01/12 ist der 12. Januar)
desk-day-zone = Zeitzone für Zeilen ohne eigene Zeitzone
desk-day-zone-none = Keine: Jede Zeile gibt ihre eigene an
desk-day-past = Termine vor heute einbeziehen
desk-day-columns = Was jede Spalte enthält
desk-day-not-read = Nicht einlesen
desk-day-make = Pläne erstellen
desk-day-choose-file = Bitte wählen Sie die CSV-Datei aus.
desk-day-unreadable = Die hochgeladenen Daten konnten nicht gelesen werden: { $reason }
desk-day-too-long = { $file } hat mehr als { $limit } Zeilen, die Höchstzahl für eine Tagesliste: Teilen Sie die Datei auf oder bitten Sie die Administration, die Höchstzahl in den Praxiseinstellungen zu erhöhen.
desk-day-header = { $problem } Geben Sie unten an, was jede Spalte enthält.
desk-day-needs-order = { $file }: { $n ->
    [one] 1 Zeile enthält ein Datum
   *[other] { $n } Zeilen enthalten ein Datum
} mit Schrägstrichen (etwa 12/03/2026). Wählen Sie unten bei „Datumsangaben mit Schrägstrichen“, ob der Tag oder der Monat zuerst steht, und klicken Sie erneut auf „Pläne erstellen“. Die Administration kann die übliche Reihenfolge der Praxis dauerhaft festlegen (date_order in den Praxiseinstellungen).
desk-day-past-rows = { $file }: { $n ->
    [one] 1 Zeile betrifft einen Termin
   *[other] { $n } Zeilen betreffen Termine
} vor heute{ $earliest }. Prüfen Sie, ob das die richtige Liste ist. Wenn ja und auch diese Termine einen Plan und eine E-Mail erhalten sollen: Setzen Sie unten das Häkchen bei „Termine vor heute einbeziehen“ und klicken Sie erneut auf „Pläne erstellen“.
desk-day-earliest = { " " }(der früheste: { $when })
desk-day-cannot-read-as = „{ $header }“ lässt sich nicht als { $column } einlesen
desk-day-gone-title = Liste nicht mehr vorhanden
desk-day-gone = Eine hochgeladene Liste wird eine Stunde lang aufbewahrt (oder bis ihre Pläne gelöscht werden). Laden Sie die CSV-Datei erneut hoch.
# Die Spalten, die eine Tagesliste einlesen kann, so wie die Auswahl der Zuordnung sie nennt.
desk-column = { $column ->
    [id] Patienten-ID
    [name] Name
    [email] E-Mail-Adresse
    [language] Sprache
    [at] Datum und Uhrzeit
    [date] Datum
    [time] Uhrzeit
    [tz] Zeitzone
    [minutes] Dauer in Minuten
    [sweat] Schwitzstärke
    [areas] Behandelte Bereiche
    [product] Wirkstoff
    [workouts] Trainingseinheiten
    [discreet] Diskrete Kalendertitel
    [touch_up] Nachbehandlung
   *[status] Buchungsstatus (stornierte und nicht wahrgenommene Termine erhalten keinen Plan)
}

## Tagesliste: die Ergebnisse.
desk-day-each-row = { $file }: Jede Zeile erscheint hier, sobald sie verarbeitet ist.
desk-day-patient = Patientin/Patient
desk-day-result = Ergebnis
desk-day-as-read = Termin (wie eingelesen)
desk-day-done = erledigt
desk-day-done-sent = erledigt; E-Mail gesendet
desk-day-done-sent-before = erledigt; E-Mail schon früher gesendet
desk-day-done-no-email = erledigt, aber keine E-Mail: { $reason }
desk-day-done-not-sent = erledigt; E-Mail nicht gesendet: { $reason }
desk-day-row = Zeile { $row }
desk-day-id-row = { $id } (Zeile { $row })
desk-day-refused = abgelehnt, kein Plan: { $reason }
desk-day-refused-column = abgelehnt, kein Plan (Spalte „{ $column }“): { $reason }
desk-day-not-held = kein Plan: { $reason }
desk-day-not-held-count = { $n ->
    [one] 1 Zeile ist ein abgesagter oder nicht wahrgenommener Termin: kein Plan, keine E-Mail.
   *[other] { $n } Zeilen sind abgesagte oder nicht wahrgenommene Termine: kein Plan, keine E-Mail.
}
desk-day-counts = Zeilen: { $rows }; erledigt: { $done }{ $without }; abgelehnt: { $refused }.
desk-day-without = { $n ->
    [one] { " " }(1 ohne E-Mail-Adresse)
   *[other] { " " }({ $n } ohne E-Mail-Adresse)
}
desk-day-emails = E-Mails: { $sent } jetzt gesendet, { $before } schon früher gesendet, { $not } nicht gesendet.
desk-day-ignored = Nicht eingelesene Spalten: { $columns }.
desk-day-open-hint = Ein Klick auf die Patienten-ID öffnet die Übergabeseite des Plans: Dort können Sie den QR-Code zeigen oder die E-Mail einzeln senden.
desk-day-zip = Kalender und Ergebnisse herunterladen (ZIP-Datei)
desk-day-send = Alle E-Mails senden
desk-day-send-hint = Jede Nachricht wird nur einmal gesendet, auch wenn Sie zweimal klicken.
desk-day-wrong-list = Falsche Liste? Pläne dieser Liste löschen
desk-day-stopped = Abgebrochen: { $reason }
desk-day-sent = Gesendet: { $n ->
    [one] 1 Nachricht
   *[other] { $n } Nachrichten
}{ $before }.
desk-day-sent-before = { $n ->
   *[other] { " " }(schon früher gesendet: { $n })
}
desk-day-send-stopped = { " " }Versand abgebrochen: { $reason }. Klicken Sie erneut auf „Alle E-Mails senden“, um die übrigen zu senden.

## Tagesliste: ihre Pläne löschen.
desk-erase-title = Pläne dieser Liste löschen?
desk-erase-text = { $n ->
    [one] 1 Plan wurde
   *[other] { $n } Pläne wurden
} aus { $file } erstellt. Nach dem Löschen funktionieren die Seiten und Kalenderlinks der Patientinnen und Patienten nicht mehr, und ihre Nachsorge-E-Mails werden eingestellt; bereits gesendete E-Mails lassen sich nicht zurückholen. Auch die Liste und ihre Dateien werden gelöscht.
desk-erase-yes = { $n ->
    [one] Den Plan löschen
   *[other] Die { $n } Pläne löschen
}
desk-erase-no = Nicht löschen
desk-erased = Gelöscht: { $n ->
    [one] 1 Plan
   *[other] { $n } Pläne
} aus { $file }; auch die Liste und ihre Dateien sind gelöscht.
desk-upload-again = Neue Liste hochladen
