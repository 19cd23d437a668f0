# L’e-mail qui transmet un plan : son objet, le cadre de la partie texte brut et la partie HTML.

mail-subject = Votre plan de suivi { $procedure }
mail-subject-discreet = Votre plan de suivi
mail-hello = Bonjour { $name },
# Ce que le message dit du calendrier qu’il transmet ; avec une page, où s’y abonner.
mail-calendar = Le calendrier joint à ce message contient toutes les étapes : importez-le dans votre application de calendrier.
mail-calendar-feed = Le calendrier joint à ce message contient toutes les étapes : importez-le dans votre application de calendrier, ou abonnez-vous à ce calendrier depuis la page de votre plan pour en recevoir les modifications.

## La partie HTML.
html-title = Votre plan de suivi
html-visit = Votre { $kind ->
    [touch-up] retouche
   *[appointment] rendez-vous
}
html-visit-of = Votre { $kind ->
    [touch-up] retouche
   *[appointment] rendez-vous
} { $procedure }
html-visit-on = { $visit } du { $when } ({ $zone }).
html-date-time = { $date } à { $time }
html-restrictions = Ce qu’il faut éviter, et jusqu’à quand
html-until = jusqu’au { $when }
html-stages = La reprise du sport
html-stage = À partir du { $when } : { $title }.
html-sessions = Vos séances habituelles d’ici là
html-reminders = Rappels et points de suivi
html-warnings = Signes d’alerte
