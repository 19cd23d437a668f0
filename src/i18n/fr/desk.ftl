# Les pages de l’accueil (`aftercare serve`, /desk) : ce que lit le personnel de la clinique. Elles
# parlent la langue que demande le navigateur du personnel (sinon celle de la clinique) ; les pages,
# le calendrier et les e-mails du patient parlent la langue du patient.
# Les variables s’écrivent { $name } ; voir https://projectfluent.org/fluent/guide/

## Toutes les pages de l’accueil.
desk-nav-home = Accueil
desk-nav-handover = Remettre un plan
desk-nav-suggest = Proposer un horaire
desk-nav-day = Liste du jour
desk-nav-settings = Paramètres
desk-sign-out = Déconnexion ({ $name })
desk-refused-title = Refusé
desk-refused = Ce formulaire a expiré ou ne provient pas de l’accueil : rouvrez la page et réessayez.
desk-admins-title = Réservé aux administrateurs
desk-admins = Seul un compte administrateur peut modifier les paramètres de la clinique.

## La connexion.
desk-signin-title = Accueil : connexion
desk-name = Identifiant
desk-password = Mot de passe
desk-signin = Se connecter
desk-signin-too-large = Le formulaire de connexion était trop volumineux (16 Kio au maximum) : un identifiant compte au plus 64 caractères, un mot de passe au plus 1 000.
desk-signin-too-long = Identifiant ou mot de passe incorrect : un identifiant compte au plus 64 lettres, chiffres, « . », « _ », « - » ou « @ », un mot de passe au plus 1 000 caractères.
desk-signin-wrong = Identifiant ou mot de passe incorrect.
desk-signin-wait = Trop d’échecs de connexion : patientez { $minutes } min ou adressez-vous à un administrateur.

## Son propre mot de passe.
desk-password-title = Votre mot de passe
desk-password-current = Mot de passe actuel
desk-password-new = Nouveau mot de passe (10 caractères au moins ; une suite de quelques mots fait un bon mot de passe)
desk-password-again = Confirmation du nouveau mot de passe
desk-password-change = Changer le mot de passe
desk-password-hint = Vos autres sessions seront fermées ; celle-ci restera ouverte.
desk-password-differ = Le nouveau mot de passe et sa confirmation ne correspondent pas : saisissez deux fois le même.
desk-password-wrong = Le mot de passe actuel est incorrect.
desk-password-wait = Trop de mots de passe incorrects : patientez { $minutes } min ou adressez-vous à un administrateur.
desk-password-changed = Mot de passe modifié : vos autres sessions ont été fermées.

## La première page de l’accueil.
desk-home-title = Accueil
desk-home-signed-in = Compte connecté : { $name }.
desk-home-handover = <a href="/desk/handover">Remettre un plan</a> : le rendez-vous et la semaine habituelle du patient, puis un QR code à scanner ou un e-mail.
desk-home-suggest = <a href="/desk/suggest">Proposer un horaire</a> : les créneaux dont la récupération perturbe le moins l’entraînement habituel du patient ; réservez-en un.
desk-home-day = <a href="/desk/day">Liste du jour</a> : un fichier CSV de rendez-vous, tous les plans d’un coup, les calendriers dans un zip, l’envoi de tous les e-mails.
desk-home-settings = <a href="/desk/settings">Paramètres de la clinique</a> : les coordonnées de la clinique et le protocole en vigueur.
desk-home-password = <a href="/desk/password">Votre mot de passe</a> : pour le modifier.

## Un plan remis.
desk-handed-title = Le plan du patient
desk-handed-qr = Le patient scanne ce code avec l’appareil photo de son téléphone : son plan s’ouvre, et il peut l’ajouter à son calendrier.
desk-handed-page = La page du patient :
desk-handed-language = Langue du plan du patient : { $language } (sa page, son calendrier et ses e-mails).
desk-send-to = L’envoyer par e-mail à
desk-send = Envoyer par e-mail
desk-send-hint = Une adresse, ou un nom et une adresse (Marie Dupont <marie@example.com>). Elle sert à l’envoi, et n’est conservée (chiffrée) que si le patient a accepté les e-mails de suivi ; le plan n’est envoyé qu’une fois.
desk-no-mail = L’envoi d’e-mails n’est pas configuré sur ce serveur : montrez le QR code au patient, ou demandez à l’administrateur de configurer l’envoi (--smtp et --mail-from).
desk-not-sent = Non envoyé : { $reason }
desk-not-sent-no-mail = Non envoyé : l’envoi d’e-mails n’est pas configuré sur ce serveur. Montrez le QR code au patient, ou demandez à l’administrateur de configurer l’envoi (--smtp et --mail-from).
desk-not-sent-record = Non envoyé : le serveur n’a pas pu enregistrer l’envoi ; veuillez réessayer.
desk-sent-before = Déjà envoyé à cette adresse ({ $when }) : pas de nouvel envoi.
desk-sent = Envoyé : le serveur de messagerie a accepté le message pour { $email }.
desk-follow-ups-off = E-mails de suivi non activés : { $reason }
desk-follow-ups-email = Indiquez l’adresse e-mail du patient : elle est nécessaire pour les e-mails de suivi.

## Proposer un horaire.
desk-suggest-title = Proposer un horaire
desk-suggest-lede = Les créneaux dont la récupération perturbe le moins la semaine habituelle du patient.
desk-suggest-from = Du
desk-suggest-to = Au
desk-suggest-zone = Fuseau horaire
desk-suggest-hours = Horaires de la clinique
desk-suggest-minutes = Durée du rendez-vous, en minutes
desk-suggest-protect = Événements à préserver pendant la récupération, un par ligne (AAAA-MM-JJ HH:MM description, par ex. 2026-12-12 15:00 mariage)
desk-suggest-workouts = Les séances habituelles du patient, une par ligne : jours, heure, durée, activité, avec les jours et l’activité en anglais (par ex. mon,wed 18:00 1h weights pour de la musculation le lundi et le mercredi à 18:00)
desk-suggest-submit = Proposer
desk-suggest-best = Meilleurs horaires
desk-suggest-book = Choisir ce créneau
desk-suggest-english = Les raisons des propositions ne sont pour l’instant disponibles qu’en anglais.

## Les paramètres de la clinique.
desk-settings-title = Paramètres de la clinique
desk-settings-clinic = La clinique (TOML : name, phone, after_hours, address, website, intro, sign_off ; tz, par ex. Europe/Paris, le fuseau par défaut des formulaires et des listes du jour ; date_order, dmy ou mdy, pour les dates avec barres obliques d’une liste du jour ; language, par ex. fr, la langue des patients, sauf s’ils choisissent la leur)
desk-settings-logo = Logo (sur chaque page patient)
desk-settings-logo-current = Logo actuel
desk-settings-logo-new = Nouveau logo : PNG ou JPEG, 200 Ko au maximum
desk-settings-logo-none = Aucun logo
desk-settings-protocol = Le protocole en vigueur : les modifications d’un médecin au protocole intégré (TOML, comme pour --protocol ; vide : le protocole intégré)
desk-settings-rows = Nombre maximal de lignes d’une liste du jour (de 1 à { $max } ; vide : { $default })
desk-settings-save = Enregistrer
desk-settings-saved = Enregistré : ces paramètres s’appliquent dès le prochain plan et la prochaine page.
desk-settings-unreadable = Le formulaire n’a pas pu être lu : { $reason }

## La liste du jour : l’import.
desk-day-title = Liste du jour
desk-day-lede = Un fichier CSV des rendez-vous du jour, tel que l’exporte votre logiciel de prise de rendez-vous : une ligne d’en-tête, puis un rendez-vous par ligne. Les en-têtes courants sont reconnus, en anglais (« Patient ID », « Appointment Date », « Time », « Treatment Area », « E-mail ») comme en français (« Nom », « Date », « Heure », « Zone traitée », « Langue », « Statut ») ; pour toute autre colonne, indiquez ci-dessous ce qu’elle contient.
desk-day-kept = La liste : { $file } (conservée : inutile de la choisir à nouveau).
desk-day-other-file = Ou un autre fichier
desk-day-file = Le fichier CSV
desk-day-slashes = Dates avec barres obliques
desk-day-slashes-refuse = Les refuser (ambiguës)
desk-day-slashes-dmy = Jour en premier (01/12 est le 1er décembre)
desk-day-slashes-mdy = Mois en premier (01/12 est le 12 janvier)
desk-day-zone = Fuseau horaire des lignes qui n’en indiquent pas
desk-day-zone-none = Aucun : chaque ligne indique le sien
desk-day-past = Inclure les rendez-vous antérieurs à aujourd’hui
desk-day-columns = Contenu de chaque colonne
desk-day-not-read = Non lue
desk-day-make = Créer les plans
desk-day-choose-file = Veuillez choisir le fichier CSV.
desk-day-unreadable = Le fichier importé n’a pas pu être lu : { $reason }
desk-day-too-long = { $file } compte plus de { $limit } lignes, le maximum autorisé ici pour une liste du jour : divisez le fichier, ou demandez à un administrateur de relever la limite dans les paramètres de la clinique.
desk-day-header = { $problem } Indiquez ci-dessous ce que contient chaque colonne.
desk-day-needs-order = { $file } : { $n ->
    [one] { $n } ligne donne sa date
   *[other] { $n } lignes donnent leur date
} avec des barres obliques (par ex. 12/03/2026). Choisissez ci-dessous si le jour ou le mois vient en premier, puis appuyez de nouveau sur « Créer les plans » ; un administrateur peut définir une fois pour toutes l’ordre habituel de la clinique (date_order dans les paramètres de la clinique).
desk-day-past-rows = { $file } : { $n ->
    [one] { $n } ligne concerne un rendez-vous antérieur
   *[other] { $n } lignes concernent des rendez-vous antérieurs
} à aujourd’hui{ $earliest }. Vérifiez qu’il s’agit de la bonne liste ; pour créer et envoyer malgré tout leurs plans, cochez « Inclure les rendez-vous antérieurs à aujourd’hui » ci-dessous, puis appuyez de nouveau sur « Créer les plans ».
desk-day-earliest = { " " }(le plus ancien : { $when })
desk-day-cannot-read-as = La colonne « { $header } » ne peut pas être lue comme { $column }
desk-day-gone-title = Liste introuvable
desk-day-gone = Cette liste n’existe plus : elle a été supprimée, ou son délai de conservation d’une heure est dépassé. Importez-la de nouveau si besoin.
# Ce que peut contenir une colonne de la liste du jour, tel que le nomment les choix de la correspondance.
desk-column = { $column ->
    [id] Identifiant patient
    [name] Nom
    [email] Adresse e-mail
    [language] Langue
    [at] Date et heure
    [date] Date
    [time] Heure
    [tz] Fuseau horaire
    [minutes] Durée en minutes
    [sweat] Niveau de transpiration
    [areas] Zones traitées
    [product] Produit
    [workouts] Séances
    [discreet] Titres discrets
    [touch_up] Rendez-vous de retouche
   *[status] Statut du rendez-vous (pas de plan pour les rendez-vous annulés ou non honorés)
}

## La liste du jour : les résultats.
desk-day-each-row = { $file } : le résultat de chaque ligne, au fur et à mesure.
desk-day-patient = Patient
desk-day-result = Résultat
desk-day-as-read = Rendez-vous, tel que lu
desk-day-done = plan créé
desk-day-done-sent = plan créé ; e-mail envoyé
desk-day-done-sent-before = plan créé ; e-mail déjà envoyé
desk-day-done-no-email = plan créé, mais pas d’e-mail : { $reason }
desk-day-done-not-sent = plan créé ; e-mail non envoyé : { $reason }
desk-day-row = ligne { $row }
desk-day-id-row = { $id } (ligne { $row })
desk-day-refused = refusée : { $reason }
desk-day-refused-column = refusée : { $column } : { $reason }
desk-day-not-held = pas de plan : { $reason }
desk-day-not-held-count = { $n ->
    [one] { $n } ligne correspond à un rendez-vous annulé ou non honoré : ni plan ni e-mail.
   *[other] { $n } lignes correspondent à des rendez-vous annulés ou non honorés : ni plan ni e-mail.
}
desk-day-counts = Lignes : { $rows } ; plans créés : { $done }{ $without } ; refusées : { $refused }.
desk-day-without = { $n ->
    [one] { " " }({ $n } sans adresse e-mail)
   *[other] { " " }({ $n } sans adresse e-mail)
}
desk-day-emails = E-mails envoyés maintenant : { $sent } ; déjà envoyés : { $before } ; non envoyés : { $not }.
desk-day-ignored = Colonnes non lues : { $columns }.
desk-day-open-hint = L’identifiant patient d’une ligne ouvre la page de remise de son plan : le QR code à scanner, ou l’envoi de l’e-mail à ce seul patient.
desk-day-zip = Télécharger les calendriers et les résultats (zip)
desk-day-send = Envoyer tous les e-mails
desk-day-send-hint = Chaque message n’est envoyé qu’une fois, même si vous appuyez deux fois.
desk-day-wrong-list = Mauvaise liste ? Supprimez ses plans
desk-day-stopped = Interrompu : { $reason }
desk-day-sent = { $n ->
    [one] { $n } message envoyé
   *[other] { $n } messages envoyés
}{ $before }.
desk-day-sent-before = { $n ->
   *[other] { " " }(déjà envoyés auparavant : { $n })
}
desk-day-send-stopped = { " " }Envoi interrompu : { $reason }. Appuyez de nouveau sur le bouton pour envoyer le reste.

## La liste du jour : la suppression de ses plans.
desk-erase-title = Supprimer les plans de cette liste ?
desk-erase-text = { $n ->
    [one] { $n } plan a été créé
   *[other] { $n } plans ont été créés
} à partir de { $file }. Les pages et les liens de calendrier de leurs patients cesseront de fonctionner, et leurs e-mails de suivi s’arrêteront ; les e-mails déjà envoyés ne peuvent pas être rappelés. La liste et ses fichiers seront également effacés.
desk-erase-yes = { $n ->
    [one] Supprimer le plan
   *[other] Supprimer les { $n } plans
}
desk-erase-no = Les conserver
desk-erased = { $n ->
    [one] { $n } plan supprimé
   *[other] { $n } plans supprimés
} (liste { $file }) ; la liste et ses fichiers sont effacés.
desk-upload-again = Importer une liste
