# El calendario (.ics): su nombre, el título de cada evento (SUMMARY: un móvil muestra unos 40
# caracteres, títulos cortos) y su descripción, y las categorías.

cal-name = Cuidados tras { $procedure }
cal-name-discreet = Plan de recuperación
# El título de la cita: `kind` es `appointment` o `touch-up`.
cal-visit = { $kind ->
    [touch-up] Retoque
   *[appointment] Cita
}
cal-plan-starts = Su plan de cuidados empieza cuando termina la cita ({ $when }).
# Se dice antes del enlace a la página del plan, dondequiera que vaya (calendario, correos).
page-link = La página de su plan, para indicar lo que ha ocurrido (más hinchazón, ejercicio demasiado pronto), imprimir la hoja de cuidados o borrar el plan:

## Eventos de restricciones: uno por cada momento en que terminan restricciones.
cal-rule = { $title } hasta el { $when }. Evite: { $avoid } Por qué: { $why }
cal-rule-instead = En su lugar: { $instead }
cal-reason = { $title } hasta el { $when }
cal-still-in-force = Después, todavía en vigor:
cal-segment = Hasta { $when }: { $title }
cal-segment-more = Hasta { $when }: { $title } +{ $more }

## Fases de la vuelta al ejercicio.
cal-stage-title = Fase { $number } de cuidados: { $title }
cal-stage = { $title }: { $advice }
cal-stage-until = { $title } hasta el { $when }: { $advice }
cal-stage-line = Fase «{ $title }»: { $advice }

## Un entrenamiento habitual durante la recuperación.
cal-session-keep = { $name }: como siempre
cal-session-scale = Más suave: { $name }
cal-session-replace = { $minutes } min de { $activity } en vez de { $name }
cal-session-skip = Hoy sin { $name }
cal-session-usual = Habitual: { $name }, { $minutes } min.
cal-session-now = Ahora: { $substitute }.
cal-session-why = Por qué:
cal-session-note = Nota: { $note }.

## Comprobaciones tras hacer ejercicio demasiado pronto.
cal-checks-name = Comprobaciones de cuidados
cal-not-too-soon = Ejercicio: no fue demasiado pronto

## Categorías (CATEGORIES), que algunas aplicaciones muestran como etiquetas.
category-aftercare = Cuidados
category-appointment = Cita
category-restrictions = Restricciones
category-stage = Fase
category-workout = Entrenamiento
category-care = Autocuidado
category-check-in = Comprobación
category-follow-up = Revisión
