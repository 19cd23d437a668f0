# The calendar (.ics): the calendar's name, each event's title (SUMMARY, at most 40
# characters on a phone: keep titles short) and description, and the categories.

cal-name = Cuidados pós-aplicação de { $procedure }
cal-name-discreet = Plano de recuperação
# The appointment's title: `kind` is `appointment` or `touch-up`.
cal-visit = { $kind ->
    [touch-up] Retoque
   *[appointment] Consulta
}
cal-plan-starts = Seu plano de cuidados pós-aplicação começa quando a consulta termina ({ $when }).
# Said before the link to the plan's page, wherever the link goes (calendar, e-mails).
page-link = A página do seu plano, para informar o que aconteceu (mais inchaço, exercício cedo demais), imprimir as orientações ou excluir o plano:

## Restriction events: one per moment when restrictions end.
cal-rule = { $title } até { $when }. Evite: { $avoid } Por quê: { $why }
cal-rule-instead = Em vez disso: { $instead }
cal-reason = { $title } até { $when }
cal-still-in-force = Ainda em vigor depois disso:
cal-segment = Até { $when }: { $title }
cal-segment-more = Até { $when }: { $title } +{ $more }

## Stages of the return to exercise.
cal-stage-title = Fase { $number } da recuperação: { $title }
cal-stage = { $title }: { $advice }
cal-stage-until = { $title } até { $when }: { $advice }
cal-stage-line = Fase “{ $title }”: { $advice }

## A habitual workout inside the recovery.
cal-session-keep = { $name }: pode fazer normalmente
cal-session-scale = Pegue mais leve: { $name }
cal-session-replace = { $name } → { $minutes } min de { $activity }
cal-session-skip = Pule hoje: { $name }
cal-session-usual = Habitual: { $name }, { $minutes } min.
cal-session-now = Agora: { $substitute }.
cal-session-why = Por quê:
cal-session-note = Observação: { $note }.

## Checking in after exercising too soon.
cal-checks-name = Autoavaliações pós-aplicação
cal-not-too-soon = Exercício: não foi cedo demais

## Categories (CATEGORIES), which some calendar apps show as labels.
category-aftercare = Pós-aplicação
category-appointment = Consulta
category-restrictions = Restrições
category-stage = Fase
category-workout = Treino
category-care = Cuidados
category-check-in = Autoavaliação
category-follow-up = Retorno
