# Le calendrier (.ics) : le nom du calendrier, le titre de chaque événement (SUMMARY, 40
# caractères au plus sur un téléphone : titres courts) et sa description, et les catégories.

cal-name = Suivi { $procedure }
cal-name-discreet = Plan de récupération
# Le titre du rendez-vous : `kind` vaut `appointment` ou `touch-up`.
cal-visit = { $kind ->
    [touch-up] Retouche
   *[appointment] Rendez-vous
}
cal-plan-starts = Votre plan de suivi commence à la fin du rendez-vous ({ $when }).
# Dit avant le lien vers la page du plan, partout où va le lien (calendrier, e-mails).
page-link = La page de votre plan, pour y signaler ce qui s’est passé (plus de gonflement, sport trop tôt), imprimer la fiche de conseils ou supprimer le plan :

## Événements des restrictions : un par moment où des restrictions prennent fin.
cal-rule = { $title } jusqu’au { $when }. À éviter : { $avoid } Pourquoi : { $why }
cal-rule-instead = À la place : { $instead }
cal-reason = { $title } jusqu’au { $when }
cal-still-in-force = Encore en vigueur ensuite :
cal-segment = Jusqu’à { $when } : { $title }
cal-segment-more = Jusqu’à { $when } : { $title } +{ $more }

## Phases de la reprise du sport.
cal-stage-title = Phase { $number } du suivi : { $title }
cal-stage = { $title } : { $advice }
cal-stage-until = { $title } jusqu’au { $when } : { $advice }
cal-stage-line = Phase « { $title } » : { $advice }

## Une séance habituelle pendant la récupération.
cal-session-keep = { $name } : comme d’habitude
cal-session-scale = Plus doucement : { $name }
cal-session-replace = { $minutes } min : { $activity } (remplace { $name })
cal-session-skip = À sauter aujourd’hui : { $name }
cal-session-usual = Séance habituelle : { $name }, { $minutes } min.
cal-session-now = Pour l’instant : { $substitute }.
cal-session-why = Pourquoi :
cal-session-note = Remarque : { $note }.

## Les points après un sport trop tôt.
cal-checks-name = Points de suivi
cal-not-too-soon = Sport : pas trop tôt

## Catégories (CATEGORIES), que certaines applications de calendrier affichent comme étiquettes.
category-aftercare = Suivi
category-appointment = Rendez-vous
category-restrictions = Restrictions
category-stage = Phase
category-workout = Séance
category-care = Soins
category-check-in = Point
category-follow-up = Contrôle
