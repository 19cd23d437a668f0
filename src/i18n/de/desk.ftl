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
desk-sign-out = { $name } abmelden
desk-refused-title = Abgelehnt
desk-refused = Dieses Formular ist veraltet oder stammt nicht von diesem Empfang: Öffnen Sie die Seite erneut und versuchen Sie es noch einmal.
desk-admins-title = Nur mit Administratorrechten
desk-admins = Die Praxiseinstellungen lassen sich nur mit einem Administratorkonto ändern.

## Die Anmeldung.
desk-signin-title = Empfang: Anmelden
desk-name = Name
desk-password = Passwort
desk-signin = Anmelden
desk-signin-too-large = Das Anmeldeformular war zu groß (höchstens 16 KiB): Ein Name hat höchstens 64 Zeichen, ein Passwort höchstens 1.000.
desk-signin-too-long = Falscher Name oder falsches Passwort: Ein Name besteht aus höchstens 64 Buchstaben, Ziffern, „.“, „_“, „-“ oder „@“, ein Passwort aus höchstens 1.000 Zeichen.
desk-signin-wrong = Falscher Name oder falsches Passwort.
desk-signin-wait = Zu viele fehlgeschlagene Anmeldungen: Warten Sie { $minutes } Minuten oder wenden Sie sich an die Administration.

## Das eigene Passwort.
desk-password-title = Ihr Passwort
desk-password-current = Aktuelles Passwort
desk-password-new = Neues Passwort (mindestens 10 Zeichen; gut sind einige Wörter hintereinander)
desk-password-again = Neues Passwort wiederholen
desk-password-change = Passwort ändern
desk-password-hint = Ihre anderen Anmeldungen werden beendet; diese bleibt bestehen.
desk-password-differ = Das neue Passwort und die Wiederholung stimmen nicht überein: Geben Sie zweimal dasselbe Passwort ein.
desk-password-wrong = Das aktuelle Passwort ist falsch.
desk-password-wait = Zu viele falsche Passwörter: Warten Sie { $minutes } Minuten oder wenden Sie sich an die Administration.
desk-password-changed = Geändert: Ihre anderen Anmeldungen sind beendet.

## Die Startseite des Empfangs.
desk-home-title = Empfang
desk-home-signed-in = Angemeldet als { $name }.
desk-home-handover = <a href="/desk/handover">Plan übergeben</a>: Termin und gewohnte Trainingswoche der Patientin oder des Patienten, danach ein QR-Code zum Scannen oder eine E-Mail.
desk-home-suggest = <a href="/desk/suggest">Termin vorschlagen</a>: die Termine, bei denen die Erholung das gewohnte Training der Patientin oder des Patienten am wenigsten einschränkt; buchen Sie einen davon.
desk-home-day = <a href="/desk/day">Tagesliste</a>: eine CSV-Datei mit Terminen, daraus alle Pläne auf einmal, die Kalender als zip und alle E-Mails in einem Schritt.
desk-home-settings = <a href="/desk/settings">Praxiseinstellungen</a>: die Angaben der Praxis und das geltende Protokoll.
desk-home-password = <a href="/desk/password">Ihr Passwort</a>: hier ändern.

## Ein übergebener Plan.
desk-handed-title = Der Nachsorgeplan
desk-handed-qr = Die Patientin oder der Patient scannt diesen Code mit der Smartphone-Kamera: Er öffnet den Plan, der sich dort zum Kalender hinzufügen lässt.
desk-handed-page = Die Seite der Patientin oder des Patienten:
desk-handed-language = Sprache des Plans: { $language } (Seite, Kalender und E-Mails der Patientin oder des Patienten).
desk-send-to = Per E-Mail senden an
desk-send = Per E-Mail senden
desk-send-hint = Eine Adresse oder ein Name mit Adresse (Zoë Müller <zoe@example.com>). Sie wird zum Versenden verwendet und nur dann (verschlüsselt) gespeichert, wenn die Patientin oder der Patient den Nachsorge-E-Mails zugestimmt hat; der Plan wird nur einmal gesendet.
desk-no-mail = Auf diesem Server ist kein E-Mail-Versand eingerichtet (starten Sie ihn mit --smtp und --mail-from).
desk-not-sent = Nicht gesendet: { $reason }
desk-not-sent-no-mail = Nicht gesendet: Auf diesem Server ist kein E-Mail-Versand eingerichtet (starten Sie ihn mit --smtp und --mail-from).
desk-not-sent-record = Nicht gesendet: Der Server konnte den Versand nicht vermerken; bitte versuchen Sie es noch einmal.
desk-sent-before = Bereits an diese Adresse gesendet ({ $when }): nicht erneut gesendet.
desk-sent = Gesendet: Der Mailserver hat die Nachricht an { $email } angenommen.
desk-follow-ups-off = Nachsorge-E-Mails sind nicht eingeschaltet: { $reason }
desk-follow-ups-email = email: die E-Mail-Adresse der Patientin oder des Patienten, für die Nachsorge-E-Mails

## Einen Termin vorschlagen.
desk-suggest-title = Termin vorschlagen
desk-suggest-lede = Die Termine, bei denen die Erholung die gewohnte Trainingswoche der Patientin oder des Patienten am wenigsten einschränkt.
desk-suggest-from = Von
desk-suggest-to = Bis
desk-suggest-zone = Zeitzone
desk-suggest-hours = Sprechzeiten
desk-suggest-minutes = Termindauer in Minuten
desk-suggest-protect = Anlässe, die die Erholung nicht beeinträchtigen darf, einer pro Zeile (YYYY-MM-DD HH:MM Anlass)
desk-suggest-workouts = Die gewohnten Trainingseinheiten der Patientin oder des Patienten, eine pro Zeile (DAYS HH:MM DURATION ACTIVITY, z. B. mon,wed 18:00 1h weights)
desk-suggest-submit = Vorschlagen
desk-suggest-best = Beste Termine
desk-suggest-book = Buchen
desk-suggest-english = Die Begründungen sind auf Englisch: Vorschläge gibt es nur auf Englisch.

## Die Praxiseinstellungen.
desk-settings-title = Praxiseinstellungen
desk-settings-clinic = Die Praxis (TOML: name, phone, after_hours, address, website, intro, sign_off; tz, z. B. Europe/Berlin, die voreingestellte Zeitzone der Formulare und Tageslisten; date_order, dmy oder mdy, für Datumsangaben mit Schrägstrichen in Tageslisten; language, z. B. de, die Sprache der Patientinnen und Patienten, sofern sie keine eigene wählen)
desk-settings-logo = Logo (auf jeder Seite für Patientinnen und Patienten)
desk-settings-logo-current = Aktuelles Logo
desk-settings-logo-new = Neues Logo: PNG oder JPEG, höchstens 200 KB
desk-settings-logo-none = Kein Logo
desk-settings-protocol = Das geltende Protokoll: eine eigene Fassung der Praxis, die das eingebaute ersetzt (TOML, wie bei --protocol; leer: das eingebaute)
desk-settings-rows = Höchstzahl der Zeilen einer Tagesliste (1 bis { $max }; leer: { $default })
desk-settings-save = Speichern
desk-settings-saved = Gespeichert: Ab dem nächsten Plan und der nächsten Seite gelten diese Einstellungen.
desk-settings-unreadable = Das Formular konnte nicht gelesen werden: { $reason }

## Tagesliste: das Hochladen.
desk-day-title = Tagesliste
desk-day-lede = Eine CSV-Datei mit den Terminen des Tages, so wie das Buchungssystem sie exportiert: eine Kopfzeile, dann ein Termin pro Zeile. Die Seite erkennt die üblichen Spaltenüberschriften: „Patient ID“ („Patienten-ID“), „Appointment Date“ („Termindatum“), „Time“ („Uhrzeit“), „Treatment Area“ („Behandlungsbereich“), „E-mail“ („E-Mail“); geben Sie unten für jede andere Spalte an, was sie enthält.
desk-day-kept = Die Liste: { $file } (gespeichert: Sie müssen sie nicht noch einmal auswählen).
desk-day-other-file = Oder eine andere Datei
desk-day-file = Die CSV-Datei
desk-day-slashes = Datumsangaben mit Schrägstrichen
desk-day-slashes-refuse = Ablehnen (mehrdeutig)
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
desk-day-too-long = { $file } hat mehr als { $limit } Zeilen, mehr als eine Tagesliste hier haben darf: Teilen Sie die Datei auf oder bitten Sie die Administration, die Grenze in den Praxiseinstellungen zu erhöhen.
desk-day-header = { $problem } Geben Sie unten an, was jede Spalte enthält.
desk-day-needs-order = { $file }: { $n ->
    [one] In 1 Zeile steht das Datum
   *[other] In { $n } Zeilen steht das Datum
} mit Schrägstrichen (etwa 12/03/2026). Wählen Sie unten, ob der Tag oder der Monat zuerst steht, und erstellen Sie die Pläne dann erneut; die Administration kann die übliche Reihenfolge der Praxis einmal festlegen (date_order in den Praxiseinstellungen).
desk-day-past-rows = { $file }: { $n ->
    [one] 1 Zeile betrifft einen Termin
   *[other] { $n } Zeilen betreffen Termine
} vor heute{ $earliest }. Prüfen Sie, ob das die richtige Liste ist; um die Pläne trotzdem zu erstellen und zu senden, setzen Sie unten das Häkchen bei „Termine vor heute einbeziehen“ und erstellen Sie die Pläne erneut.
desk-day-earliest = { " " }(der früheste: { $when })
desk-day-cannot-read-as = „{ $header }“ lässt sich nicht als { $column } einlesen
desk-day-gone-title = Nicht mehr vorhanden
desk-day-gone = Diese Liste wird eine Stunde lang aufbewahrt: Laden Sie sie erneut hoch.
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
    [discreet] Diskrete Titel
    [touch_up] Nachbehandlung
   *[status] Buchungsstatus (stornierte und nicht wahrgenommene Termine erhalten keinen Plan)
}

## Tagesliste: die Ergebnisse.
desk-day-each-row = { $file }: jede Zeile, sobald sie verarbeitet ist.
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
desk-day-refused = abgelehnt: { $reason }
desk-day-refused-column = abgelehnt: { $column }: { $reason }
desk-day-counts = Zeilen: { $rows }; erledigt: { $done }{ $without }; abgelehnt: { $refused }.
desk-day-without = { $n ->
    [one] { " " }(1 ohne E-Mail-Adresse)
   *[other] { " " }({ $n } ohne E-Mail-Adresse)
}
desk-day-emails = E-Mails: { $sent } jetzt gesendet, { $before } schon früher gesendet, { $not } nicht gesendet.
desk-day-ignored = Nicht eingelesene Spalten: { $columns }.
desk-day-open-hint = Die Patienten-ID einer Zeile öffnet die Übergabeseite ihres Plans: mit dem QR-Code zum Scannen oder zum einzelnen Versand der E-Mail.
desk-day-zip = Kalender und Ergebnisse herunterladen (zip)
desk-day-send = Alle E-Mails senden
desk-day-send-hint = Jede Nachricht wird nur einmal gesendet, auch wenn Sie die Schaltfläche zweimal drücken.
desk-day-wrong-list = Falsche Liste? Pläne dieser Liste löschen
desk-day-stopped = Abgebrochen: { $reason }
desk-day-sent = Gesendet: { $n ->
    [one] 1 Nachricht
   *[other] { $n } Nachrichten
}{ $before }.
desk-day-sent-before = { $n ->
   *[other] { " " }(schon früher gesendet: { $n })
}
desk-day-send-stopped = { " " }Versand abgebrochen: { $reason }. Drücken Sie die Schaltfläche erneut, um die übrigen zu senden.

## Tagesliste: ihre Pläne löschen.
desk-erase-title = Pläne dieser Liste löschen?
desk-erase-text = { $n ->
    [one] 1 Plan wurde
   *[other] { $n } Pläne wurden
} aus { $file } erstellt. Die Seiten und Kalenderlinks der Patientinnen und Patienten funktionieren dann nicht mehr, und ihre Nachsorge-E-Mails werden eingestellt; bereits gesendete E-Mails lassen sich nicht zurückholen. Auch die Liste und ihre Dateien werden gelöscht.
desk-erase-yes = { $n ->
    [one] Den Plan löschen
   *[other] Die { $n } Pläne löschen
}
desk-erase-no = Nicht löschen
desk-erased = Gelöscht: { $n ->
    [one] 1 Plan
   *[other] { $n } Pläne
} aus { $file }; auch die Liste und ihre Dateien sind gelöscht.
desk-upload-again = Eine Liste hochladen
