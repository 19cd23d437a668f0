# The text view of a plan (`aftercare plan`), and the words every output shares.
# Variables are written { $name }; see https://projectfluent.org/fluent/guide/

## The protocol, when a provider's file changes it without naming itself.
protocol-changed-by = { $name }, com alterações de { $file }
protocol-custom-name = protocolo personalizado
protocol-default-guidance = Siga as instruções do seu médico ou da sua clínica: quando forem diferentes das deste plano, valem as deles.

## Dates and times, in the order of this language. `%a` is the weekday's short name, `%b` the
## month's, `%-d` the day of the month, `%Y` the year (chrono's strftime, with this language's
## names). The time is added after the day, with `date-time`.
date-day = %a., %-d de %b.
date-day-year = %a., %-d de %b. de %Y
date-time = { $day } { $time }
clock-am = AM
clock-pm = PM

## What the visit is called in headings: `kind` is `appointment` or `touch-up`.
visit = { $kind ->
    [touch-up] retoque
   *[appointment] consulta
}
visit-of = { $kind ->
    [touch-up] retoque
   *[appointment] consulta
} de { $procedure }

## How much the person sweats when training: `sweat` is `light`, `moderate` or `heavy`.
sweat-amount = { $sweat ->
    [light] pouco
    [heavy] muito
   *[moderate] moderadamente
}

## The text view (`aftercare plan`) and the e-mail's plain part.
text-heading = Plano de cuidados pós-aplicação: { $visit } em { $date }, das { $start } às { $end } ({ $zone })
text-sweat = Planejado para quem transpira { $amount } ao treinar.
text-note = Observação: { $note }
text-restrictions-heading = Restrições, a partir do fim da consulta ({ $when }):
text-restriction = até { $when }  { $title }
text-avoid = evite: { $avoid }
text-instead = em vez disso: { $instead }
text-stages-heading = Volta aos exercícios:
text-stage = a partir de { $when }  { $title }: { $advice }
text-sessions-heading = Seus treinos até a volta da rotina completa:
session-keep = como de costume
text-session = { $when }  { $name } { $minutes } min { $outcome } ({ $stage })
text-session-note = observação: { $note }
text-no-routine = Nenhum treino habitual informado: adicione sua rotina semanal para ver o que fazer no lugar de cada treino.
text-reminders-heading = Lembretes e autoavaliações:

## The warning signs, the clinic's line and the sources, shared by every output.
warnings-heading = Sinais de alerta:
clinic-contact = Dúvidas ou preocupações: { $name }
clinic-after-hours = (fora do horário de atendimento: { $phone })
provenance = De onde vêm estas orientações: { $protocol }, com base em:
# One group of warning signs: what to do (`heading`), then the signs, joined by "; ".
warnings-group = { $heading }: { $signs }.

## Exercised too soon (`aftercare oops`).
text-exercised = Exercício feito cedo demais: { $date }, às { $time } ({ $zone })
text-check-ins = Autoavaliações:

## Durations, as a patient says them ("2 hours", "8 hours 30 minutes"): `n` is a number, and
## each unit takes the language's plural form.
duration-days = { $n ->
    [one] { $n } dia
   *[other] { $n } dias
}
duration-hours = { $n ->
    [one] { $n } hora
   *[other] { $n } horas
}
duration-minutes = { $n ->
    [one] { $n } minuto
   *[other] { $n } minutos
}
duration-hours-minutes = { $hours } e { $minutes }

## A provider's change for this patient (the hand-over's "adjust").
adjust-instruction = { $title } por { $new } em vez de { $old }: é a orientação do seu médico ou da sua clínica para você{ $reason }.
