# La vista de texto de un plan (`aftercare plan`) y las palabras que comparten todas las salidas.
# Las variables se escriben { $name }; véase https://projectfluent.org/fluent/guide/

## El protocolo, cuando el archivo de una clínica lo modifica sin darle nombre.
protocol-changed-by = { $name }, con los cambios de { $file }
protocol-custom-name = protocolo personalizado
protocol-default-guidance = Siga las indicaciones de su clínica: si difieren de este plan, prevalecen las suyas.

## Dates (see en/plan.ftl).
date-day = %a %-d %b
date-day-year = %a %-d %b %Y
date-time = { $day } a las { $time }
clock-am = a. m.
clock-pm = p. m.

## Cómo se llama la visita en los encabezados: `kind` es `appointment` o `touch-up`.
visit = { $kind ->
    [touch-up] retoque
   *[appointment] cita
}
visit-of = { $kind ->
    [touch-up] retoque
   *[appointment] cita
} de { $procedure }

## Cuánto suda la persona al entrenar: `sweat` es `light`, `moderate` o `heavy`.
sweat-amount = { $sweat ->
    [light] un poco
    [heavy] mucho
   *[moderate] moderadamente
}

## La vista de texto (`aftercare plan`) y la parte de texto sin formato del correo.
text-heading = Plan de cuidados tras el tratamiento: { $visit } el { $date }, de { $start } a { $end } ({ $zone })
text-sweat = Plan pensado para alguien que suda { $amount } al entrenar.
text-note = Nota: { $note }
text-restrictions-heading = Restricciones, desde el final de la cita ({ $when }):
text-restriction = hasta el { $when }  { $title }
text-avoid = evite: { $avoid }
text-instead = en su lugar: { $instead }
text-stages-heading = Vuelta al ejercicio:
text-stage = desde el { $when }  { $title }: { $advice }
text-sessions-heading = Sus entrenamientos hasta que vuelva a su rutina completa:
session-keep = sin problema, como siempre
text-session = { $when }  { $name } { $minutes } min { $outcome } ({ $stage })
text-session-note = nota: { $note }
text-no-routine = No ha indicado entrenamientos habituales: añada su rutina semanal para ver qué hacer en lugar de cada entrenamiento.
text-reminders-heading = Recordatorios y comprobaciones:

## Los signos de alarma, el contacto de la clínica y las fuentes, comunes a todas las salidas.
warnings-heading = Signos de alarma:
clinic-contact = Dudas o preocupaciones: { $name }
clinic-after-hours = (fuera de horario: { $phone })
provenance = De dónde salen estas recomendaciones: { $protocol }, a partir de:
# Un grupo de signos de alarma: qué hacer (`heading`) y después los signos, unidos por "; ".
warnings-group = { $heading }: { $signs }.

## Ejercicio antes de tiempo (`aftercare oops`).
text-exercised = Ejercicio antes de tiempo: { $date }, { $time } ({ $zone })
text-check-ins = Comprobaciones:
## Duraciones, como las dice un paciente («2 horas», «8 horas y 30 minutos»).
duration-days = { $n ->
    [one] { $n } día
   *[other] { $n } días
}
duration-hours = { $n ->
    [one] { $n } hora
   *[other] { $n } horas
}
duration-minutes = { $n ->
    [one] { $n } minuto
   *[other] { $n } minutos
}
duration-hours-minutes = { $hours } y { $minutes }

## A provider's change for this patient (the hand-over's "adjust").
adjust-instruction = { $title } durante { $new } en lugar de { $old }: es la indicación de su clínica para usted{ $reason }.
