# Les pages du patient dans l’application web : le formulaire, la page du plan, la fiche de conseils
# à imprimer, la suppression, et les pages courtes qui disent une seule chose (les pages propres à
# l’accueil sont dans desk.ftl).
# Les variables s’écrivent { $name } ; voir https://projectfluent.org/fluent/guide/

## Toutes les pages.
page-brand = aftercare
page-language = Langue
page-error-title = Erreur : { $title }
page-problem = Il y a un problème
page-new-plan = Créer un nouveau plan

## Les pages courtes.
gone-title = Plan introuvable
gone-text = Ce plan est introuvable : il a été supprimé ou a expiré, ou bien le lien est incomplet. Vérifiez que le lien est complet, ou créez un nouveau plan.
check-title = Veuillez vérifier
retry-title = Veuillez réessayer
retry-text = Le plan a été modifié au même moment ; veuillez réessayer.
tomorrow-title = Veuillez réessayer demain
tomorrow-text = Trop de plans ont été créés depuis votre adresse IP aujourd’hui ; veuillez réessayer demain.
server-title = Un problème est survenu
server-text = Un problème est survenu sur le serveur ; rien n’a été modifié. Veuillez réessayer dans quelques minutes.
large-title = Trop volumineux
large-text = La requête dépasse la taille acceptée par ce serveur : { $kib } Kio au maximum.
not-found-title = Page introuvable
not-found-text = Il n’y a aucune page à cette adresse.
deleted-title = Votre plan a été supprimé
deleted-text = Il a été effacé de ce serveur : sa page et le lien du calendrier ne fonctionnent plus, et plus aucun e-mail de rappel n’est envoyé. Les événements déjà présents dans votre calendrier y restent jusqu’à ce que vous supprimiez l’abonnement ou les événements.

## Le formulaire.
form-title = Votre plan de suivi
form-lede = Indiquez votre rendez-vous et votre semaine habituelle. Vous obtiendrez un plan jour par jour et un calendrier pour votre téléphone.
form-appointment = Votre rendez-vous
form-date = Date
form-time = Heure
form-minutes = Durée, en minutes
form-zone = Fuseau horaire
form-areas = Zones traitées
form-product = Produit
form-product-unsure = Je ne sais pas / pas dans la liste
form-touch-up = Ce rendez-vous est la retouche d’un traitement récent
form-week = Votre semaine habituelle
form-week-hint = Une ligne par séance ; laissez le reste vide.
form-workout = Séance { $n }
form-at = Heure
form-workout-minutes = Minutes
form-activity = Activité
form-activity-choose = Choisissez une activité
form-calendar = Ou un export de calendrier avec vos séances (.ics)
form-sweat = À quel point transpirez-vous pendant le sport ?
form-sweat-light = Un peu
form-sweat-moderate = Modérément
form-sweat-heavy = Beaucoup
form-more = Plus d’options
form-discreet = Titres discrets (pour un calendrier partagé)
form-clock = Affichage de l’heure
form-clock-24 = 24 heures (18:00)
form-clock-12 = 12 heures (6:00 PM)
form-fold = Si votre heure existe deux fois (retour à l’heure d’hiver)
form-fold-ask = Me demander
form-fold-earlier = La première
form-fold-later = La deuxième
form-protocol = Protocole
form-submit = Créer mon plan
form-privacy = Aucun nom n’est demandé. Une adresse e-mail n’est conservée (chiffrée) que si vous demandez des rappels par e-mail. Votre plan est enregistré sous un lien secret qui n’est remis qu’à vous, et effacé après son dernier événement, ou quand vous le supprimez.
# Les jours de la semaine d’une ligne de séance, en commençant par le lundi.
form-day = { $day ->
    [mon] lun.
    [tue] mar.
    [wed] mer.
    [thu] jeu.
    [fri] ven.
    [sat] sam.
   *[sun] dim.
}

## Les erreurs propres au formulaire (les vérifications du plan viennent ensuite).
form-error-date = Veuillez indiquer la date du rendez-vous.
form-error-time = Veuillez indiquer l’heure du rendez-vous.
form-error-minutes = Veuillez indiquer la durée en nombre entier de minutes, de 1 à 720.
# `missing` est une liste des éléments ci-dessous, reliés par `form-error-and`.
form-error-workout = Séance { $n } : veuillez indiquer { $missing }.
form-error-and = { " " }et{ " " }
form-missing-days = les jours
form-missing-time = l’heure
form-missing-minutes = les minutes
form-missing-activity = l’activité
form-error-workout-other = Séance { $n } : { $reason }
form-error-calendar-text = Le fichier de calendrier n’est pas un fichier texte : est-ce bien un export .ics ?
form-error-too-large = La requête dépasse la taille acceptée par ce serveur : { $kib } Kio au maximum. Est-ce le bon fichier de calendrier ?
form-error-unreadable = Le formulaire n’a pas pu être lu. Veuillez l’envoyer de nouveau.
form-error-areas = Veuillez choisir uniquement des zones de la liste.
form-error-product = Veuillez choisir un produit dans la liste, ou « Je ne sais pas / pas dans la liste ».
# L’heure du rendez-vous n’existe pas ce jour-là : les horloges sautent de `before` à `after`.
form-error-gap = { $value } n’existe pas dans le fuseau { $zone } ce jour-là : les horloges avancent et passent directement de { $before } à { $after }. Veuillez choisir une autre heure.
# L’heure du rendez-vous existe deux fois ce jour-là.
form-error-fold = { $value } existe deux fois dans le fuseau { $zone } ce jour-là (les horloges reculent). Indiquez laquelle dans « Plus d’options », à la ligne « Si votre heure existe deux fois », puis créez de nouveau le plan.
form-error-zone = Veuillez choisir un fuseau horaire dans la liste.
form-error-email = Indiquez une adresse e-mail valide, par exemple marie.dupont@example.com.
form-error-workout-value = Vérifiez l’heure (par exemple 18:00) et les minutes (de 1 à 720).
form-error-at = Indiquez une date qui existe et une heure, par exemple 09:00.
form-error-calendar = Ce fichier n’a pas pu être lu comme un export de calendrier (.ics). Exportez à nouveau votre calendrier, ou indiquez plutôt vos séances ci-dessus.
# Tout autre refus : `detail` est le texte de la vérification elle-même (en anglais).
form-error-other = Cela n’a pas été accepté : { $detail }

## La page du plan.
plan-title = Votre plan de suivi
plan-lede = { $visit } : { $date } à { $time } ({ $zone }).
plan-visit = Votre { $kind ->
    [touch-up] retouche
   *[appointment] rendez-vous
}
plan-visit-of = Votre { $kind ->
    [touch-up] retouche
   *[appointment] rendez-vous
} { $procedure }
plan-setback = Vous avez signalé une augmentation du gonflement le { $when }. Le plan revient à la phase précédente jusqu’au { $until }, sans chaleur, puis reprend son cours à partir de là.
plan-setback-stay = Vous avez signalé une augmentation du gonflement le { $when }. Le plan vous maintient dans la première phase jusqu’au { $until }, sans chaleur, puis reprend son cours à partir de là.
plan-setback-before = Vous avez signalé une augmentation du gonflement le { $when }.
plan-exercised = Vous avez fait du sport le { $when }
plan-exercised-checks = Les points de suivi figurent dans le plan jour par jour ci-dessous et dans votre calendrier.
plan-jump-report = Signaler un changement
plan-jump-days = Jour par jour
plan-jump-handout = Fiche à imprimer
plan-calendar = Ajoutez-le à votre calendrier
plan-download = Télécharger le fichier du calendrier
plan-subscribe = S’abonner (Calendrier d’Apple, Outlook)
plan-google = <strong>Google Agenda :</strong> copiez le lien, ouvrez <a href="https://calendar.google.com/calendar/u/0/r/settings/addbyurl" rel="noreferrer">À partir de l’URL</a> dans les paramètres de Google Agenda, collez-le et appuyez sur « Ajouter un agenda ».
plan-feed-label = Le lien de votre calendrier
plan-copy = Copier le lien
plan-copied = Copié
plan-email = Adresse e-mail
plan-outlook = <strong>Outlook.com :</strong> <a href="{ $href }" rel="noreferrer">ajoutez-le depuis le web</a>.
plan-qr = Scannez avec l’appareil photo de votre téléphone pour y ouvrir ce plan.
plan-qr-label = QR code du lien du plan
plan-subscribed = Un calendrier ajouté par abonnement suit les modifications de ce plan : Calendrier d’Apple et Outlook se mettent à jour toutes les heures ; Google Agenda seulement au bout de plusieurs heures, voire une fois par jour, et il ignore les rappels (alarmes) du calendrier. Le lien est privé : toute personne qui l’a peut voir ce plan.
# Le nom du calendrier quand il est ajouté depuis le web.
plan-calendar-name = Suivi { $procedure }
plan-calendar-name-discreet = Plan de récupération
plan-glance = Vue d’ensemble
plan-warnings = Signes d’alerte
plan-report = Signaler un changement : votre plan s’adapte
plan-swelling = Le gonflement a augmenté
plan-swelling-hint = Le plan revient à la phase précédente pendant un jour, sans chaleur, et votre calendrier se met à jour.
plan-when = Quand (laissez vide si c’est maintenant)
plan-swelling-submit = Mettre à jour mon plan
plan-oops = J’ai fait du sport trop tôt
plan-oops-hint = Ce n’est pas dramatique : vous recevrez des points de suivi dans les heures et les jours qui suivent, calés sur votre plan, ainsi que les signes à surveiller.
plan-oops-what = Ce que vous avez fait (facultatif)
plan-oops-example = par ex. hot yoga
plan-oops-submit = Ajouter les points de suivi
plan-delete = Supprimer mon plan
plan-delete-hint = Le plan est effacé : cette page et le lien du calendrier ne fonctionnent plus. Une confirmation vous est d’abord demandée.
plan-error-before = Cette heure est antérieure à la fin de votre rendez-vous ({ $end }). Choisissez une heure plus tardive, ou laissez le champ vide si c’est maintenant.

## La vue jour par jour (la page du plan).
days-heading = Jour par jour
days-earlier = Jours précédents ({ $n })
days-limits = Restrictions :
days-until = { $what } (jusqu’à { $time })
days-nothing = Rien de prévu aujourd’hui.
days-today = Aujourd’hui
days-tomorrow = Demain
days-yesterday = Hier
days-appointment-text = Le suivi commence à la fin du rendez-vous, à { $time }.
days-workout = { $name }, { $minutes } min
days-as-usual = Comme d’habitude.

## L’image de la récupération (la page du plan).
timeline-title = Votre récupération en un coup d’œil
timeline-description = Du { $from } au { $to }. Restrictions : { $restrictions } ; phases : { $stages } ; séances habituelles : { $workouts }.
timeline-until = Jusqu’au { $when }
timeline-appointment-end = Fin du rendez-vous
timeline-now = maintenant
timeline-between = Les jours intermédiaires
timeline-stage = { $title } (à partir du { $when })
# `outcome` s’accorde avec « séance » : le mot est donc répété ici, après le nom de l’activité.
timeline-session = { $name }, { $when } : séance { $outcome }
timeline-workout = séance { $outcome }
timeline-outcome = { $outcome ->
    [keep] comme d’habitude
    [scale] allégée
    [replace] remplacée
   *[skip] sautée
}

## La fiche de conseils à imprimer.
handout-title = Fiche de conseils
handout-qr = Scannez pour ouvrir votre plan sur votre téléphone : de là, ajoutez-le à votre calendrier ou signalez un changement.
handout-open = Ouvrir votre plan
handout-avoid = Ce qu’il faut éviter, et jusqu’à quand
handout-until = Jusqu’au { $when } :
handout-stages = La reprise du sport
handout-stage = À partir du { $when } : { $title }.
handout-sessions = Vos séances habituelles d’ici là
handout-as-usual = { $names } : comme d’habitude.
handout-session = { $when } : { $name } → { $what }
handout-check = { $when } : { $title }
handout-checks = Points de suivi et rendez-vous de contrôle

## La suppression d’un plan.
delete-title = Supprimer votre plan ?
delete-text = Si vous confirmez, votre plan sera effacé de ce serveur immédiatement et définitivement. Sa page et le lien de son calendrier ne fonctionneront plus, et les e-mails de rappel s’arrêteront. Les événements déjà présents dans votre calendrier y resteront jusqu’à ce que vous les supprimiez.
delete-yes = Oui, supprimer mon plan
delete-no = Non, garder mon plan

## Le formulaire de remise du plan à l’accueil (celui du patient, formulé pour le personnel).
desk-front = Accueil
desk-form-title = Remettre un plan
desk-form-lede = Le rendez-vous et la semaine habituelle du patient. Montrez-lui ensuite le QR code, ou envoyez-lui le plan par e-mail.
desk-form-language = La langue du patient
desk-form-email = L’adresse e-mail du patient (facultatif : elle sert à l’envoi, et n’est conservée, chiffrée, que pour les e-mails de suivi)
desk-form-adjust = Adapter pour ce patient (facultatif) : le code anglais d’une règle et sa durée, par ex. heat 72h pour « pas de chaleur » pendant 72 heures ; plusieurs, séparés par des virgules
desk-form-adjust-reason = Pourquoi (le patient le lit), par ex. en raison de la dose d’aujourd’hui
desk-form-appointment = Le rendez-vous du patient
desk-form-week = La semaine habituelle du patient
desk-form-calendar = Ou un export de calendrier avec les séances du patient (.ics)
desk-form-sweat = À quel point le patient transpire-t-il pendant le sport ?
desk-form-fold = Si l’heure existe deux fois (retour à l’heure d’hiver)
desk-form-ask = Demander
desk-form-submit = Créer le plan
