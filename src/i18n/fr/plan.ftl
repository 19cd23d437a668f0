# La vue texte d’un plan (`aftercare plan`), et les mots que partagent toutes les sorties.
# Les variables s’écrivent { $name } ; voir https://projectfluent.org/fluent/guide/

## Le protocole, quand le fichier d’un médecin le modifie sans se nommer.
protocol-changed-by = { $name }, avec les modifications de { $file }
protocol-custom-name = protocole personnalisé
protocol-default-guidance = Suivez les consignes de votre médecin : quand elles diffèrent de ce plan, ce sont elles qui priment.

## Dates et heures, dans l’ordre de cette langue. `%a` est le nom court du jour de la semaine, `%b`
## celui du mois, `%-d` le jour du mois, `%Y` l’année (strftime de chrono, avec les noms de
## cette langue). L’heure s’ajoute après le jour, avec `date-time`.
date-day = %a %-d %b
date-day-year = %a %-d %b %Y
date-time = { $day } à { $time }
clock-am = AM
clock-pm = PM

## Le nom de la visite dans les titres : `kind` vaut `appointment` ou `touch-up`.
visit = { $kind ->
    [touch-up] retouche
   *[appointment] rendez-vous
}
visit-of = { $kind ->
    [touch-up] retouche
   *[appointment] rendez-vous
} { $procedure }

## Combien la personne transpire à l’entraînement : `sweat` vaut `light`, `moderate` ou `heavy`.
sweat-amount = { $sweat ->
    [light] un peu
    [heavy] beaucoup
   *[moderate] modérément
}

## La vue texte (`aftercare plan`) et la partie texte brut de l’e-mail.
text-heading = Plan de suivi : { $visit } du { $date }, de { $start } à { $end } ({ $zone })
text-sweat = Plan prévu pour une personne qui transpire { $amount } pendant le sport.
text-note = Remarque : { $note }
text-restrictions-heading = Restrictions, à partir de la fin du rendez-vous ({ $when }) :
text-restriction = jusqu’au { $when }  { $title }
text-avoid = à éviter : { $avoid }
text-instead = à la place : { $instead }
text-stages-heading = Reprise du sport :
text-stage = à partir du { $when }  { $title } : { $advice }
text-sessions-heading = Vos séances jusqu’à la reprise de votre entraînement habituel :
session-keep = comme d’habitude
text-session = { $when }  { $name } { $minutes } min { $outcome } ({ $stage })
text-session-note = remarque : { $note }
text-no-routine = Aucune séance habituelle indiquée : ajoutez votre entraînement habituel de la semaine pour voir quoi faire à la place de chaque séance.
text-reminders-heading = Rappels et points de suivi :

## Les signes d’alerte, la ligne de la clinique et les sources, communs à toutes les sorties.
warnings-heading = Signes d’alerte :
clinic-contact = Questions ou inquiétudes : { $name }
clinic-after-hours = (en dehors des heures d’ouverture : { $phone })
provenance = D’où viennent ces conseils : { $protocol }, d’après :
# Un groupe de signes d’alerte : ce qu’il faut faire (`heading`), puis les signes, séparés par « ; ».
warnings-group = { $heading } : { $signs }.

## Sport trop tôt (`aftercare oops`).
text-exercised = Sport trop tôt : { $date } à { $time } ({ $zone })
text-check-ins = Points de suivi :

## Durées, comme un patient les dit (« 2 heures », « 8 heures et 30 minutes »).
duration-days = { $n ->
    [one] { $n } jour
   *[other] { $n } jours
}
duration-hours = { $n ->
    [one] { $n } heure
   *[other] { $n } heures
}
duration-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
duration-hours-minutes = { $hours } et { $minutes }

## A provider's change for this patient (the hand-over's "adjust").
adjust-instruction = { $title } pendant { $new } au lieu de { $old } : c’est la consigne de votre médecin pour vous{ $reason }.
