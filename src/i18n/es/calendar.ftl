# El calendario (.ics): el nombre del calendario, el título de cada evento (SUMMARY, como máximo
# 40 caracteres en un teléfono: títulos cortos) y su descripción, y las categorías.

cal-name = Cuidados tras el tratamiento con { $procedure }
cal-name-discreet = Plan de recuperación
# El título de la cita: `kind` es `appointment` o `touch-up`.
cal-visit = { $kind ->
    [touch-up] Retoque
   *[appointment] Cita
}
cal-plan-starts = Su plan de cuidados tras el tratamiento empieza cuando termina la cita ({ $when }).
# Se dice antes del enlace a la página del plan, dondequiera que vaya el enlace (calendario, correos).
page-link = La página de su plan, para indicar lo que ha pasado (más hinchazón, ejercicio antes de tiempo), imprimir la hoja de recomendaciones o eliminar el plan:

## Eventos de restricciones: uno por cada momento en que terminan restricciones.
cal-rule = { $title } hasta el { $when }. Evite: { $avoid } Por qué: { $why }
cal-rule-instead = En su lugar: { $instead }
cal-reason = { $title } hasta el { $when }
cal-still-in-force = Después, todavía en vigor:
cal-segment = Hasta { $when }: { $title }
cal-segment-more = Hasta { $when }: { $title } +{ $more }

## Fases de la vuelta al ejercicio.
cal-stage-title = Fase { $number } de recuperación: { $title }
cal-stage = { $title }: { $advice }
cal-stage-until = { $title } hasta el { $when }: { $advice }
cal-stage-line = Fase «{ $title }»: { $advice }

## Un entrenamiento habitual durante la recuperación.
cal-session-keep = { $name }: sin problema, como siempre
cal-session-scale = Más suave: { $name }
cal-session-replace = { $minutes } min de { $activity } en vez de { $name }
cal-session-skip = Hoy no toca: { $name }
cal-session-usual = Sesión habitual: { $name }, { $minutes } min.
cal-session-now = Por ahora: { $substitute }.
cal-session-why = Por qué:
cal-session-note = Nota: { $note }.

## Comprobaciones tras hacer ejercicio antes de tiempo.
cal-checks-name = Comprobaciones tras el tratamiento
cal-not-too-soon = Ejercicio: no fue demasiado pronto

## Categorías (CATEGORIES), que algunas aplicaciones de calendario muestran como etiquetas.
category-aftercare = Postratamiento
category-appointment = Cita
category-restrictions = Restricciones
category-stage = Fase
category-workout = Entrenamiento
category-care = Cuidados
category-check-in = Comprobación
category-follow-up = Revisión
