# A agenda (.ics): o nome da agenda, o título de cada evento (SUMMARY: um celular mostra cerca
# de 40 caracteres, títulos curtos) e sua descrição, e as categorias.

cal-name = Cuidados após { $procedure }
cal-name-discreet = Plano de recuperação
# O título da consulta: `kind` é `appointment` ou `touch-up`.
cal-visit = { $kind ->
    [touch-up] Retoque
   *[appointment] Consulta
}
cal-plan-starts = Seu plano de cuidados começa quando a consulta termina ({ $when }).
# Dito antes do link para a página do plano, onde quer que o link vá (agenda, e-mails).
page-link = A página do seu plano, para contar o que aconteceu (mais inchaço, exercício cedo demais), imprimir as orientações ou apagar o plano:

## Eventos de restrições: um para cada momento em que restrições terminam.
cal-rule = { $title } até { $when }. Evite: { $avoid } Por quê: { $why }
cal-rule-instead = Em vez disso: { $instead }
cal-reason = { $title } até { $when }
cal-still-in-force = Depois disso, continua valendo:
cal-segment = Até { $when }: { $title }
cal-segment-more = Até { $when }: { $title } +{ $more }

## Fases da volta aos exercícios.
cal-stage-title = Fase { $number }: { $title }
cal-stage = { $title }: { $advice }
cal-stage-until = { $title } até { $when }: { $advice }
cal-stage-line = Fase "{ $title }": { $advice }

## Um treino habitual durante a recuperação.
cal-session-keep = { $name }: como de costume
cal-session-scale = Mais leve: { $name }
cal-session-replace = { $minutes } min de { $activity } (no lugar de { $name })
cal-session-skip = Hoje sem { $name }
cal-session-usual = Habitual: { $name }, { $minutes } min.
cal-session-now = Agora: { $substitute }.
cal-session-why = Por quê:
cal-session-note = Observação: { $note }.

## Autoavaliações depois de se exercitar cedo demais.
cal-checks-name = Autoavaliações de cuidados
cal-not-too-soon = Exercício: não foi cedo demais

## Categorias (CATEGORIES), que alguns aplicativos mostram como etiquetas.
category-aftercare = Cuidados
category-appointment = Consulta
category-restrictions = Restrições
category-stage = Fase
category-workout = Treino
category-care = Cuidado
category-check-in = Autoavaliação
category-follow-up = Retorno
