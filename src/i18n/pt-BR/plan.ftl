# A visão em texto de um plano (`aftercare plan`) e as palavras que todas as saídas compartilham.
# As variáveis são escritas { $nome }; veja https://projectfluent.org/fluent/guide/

## O protocolo, quando o arquivo de uma clínica o altera sem lhe dar um nome.
protocol-changed-by = { $name }, com as alterações de { $file }
protocol-custom-name = protocolo próprio
protocol-default-guidance = Siga as orientações do seu médico ou da sua clínica: quando forem diferentes deste plano, valem as deles.

## Datas e horários (padrões strftime do chrono, com os nomes deste idioma).
date-day = %a., %-d de %b
date-day-year = %a., %-d de %b de %Y
date-time = { $day } { $time }

## Como a visita é chamada nos títulos: `kind` é `appointment` ou `touch-up`.
visit = { $kind ->
    [touch-up] retoque
   *[appointment] consulta
}
visit-of = { $kind ->
    [touch-up] retoque de { $procedure }
   *[appointment] consulta de { $procedure }
}

## Quanto a pessoa transpira ao treinar: `sweat` é `light`, `moderate` ou `heavy`.
sweat-amount = { $sweat ->
    [light] pouco
    [heavy] muito
   *[moderate] moderadamente
}

## A visão em texto (`aftercare plan`) e a parte em texto do e-mail.
text-heading = Plano de cuidados: { $visit } em { $date }, das { $start } às { $end } ({ $zone })
text-sweat = Plano feito para quem transpira { $amount } ao treinar.
text-note = Observação: { $note }
text-restrictions-heading = Restrições, a partir do fim da consulta ({ $when }):
text-restriction = até { $when }  { $title }
text-avoid = evite: { $avoid }
text-instead = em vez disso: { $instead }
text-stages-heading = Volta aos exercícios:
text-stage = a partir de { $when }  { $title }: { $advice }
text-sessions-heading = Seus treinos até a volta da rotina completa:
session-keep = pode fazer como de costume
text-session = { $when }  { $name } { $minutes } min { $outcome } ({ $stage })
text-session-note = observação: { $note }
text-no-routine = Nenhum treino habitual informado: acrescente sua rotina semanal para ver o que fazer no lugar de cada treino.
text-reminders-heading = Lembretes e autoavaliações:

## Os sinais de alerta, a linha da clínica e as fontes, comuns a todas as saídas.
warnings-heading = Sinais de alerta:
clinic-contact = Dúvidas ou preocupações: { $name }
clinic-after-hours = (fora do horário: { $phone })
provenance = De onde vêm estas orientações: { $protocol }, com base em:
# Um grupo de sinais de alerta: o que fazer (`heading`) e os sinais, separados por "; ".
warnings-group = { $heading }: { $signs }.

## Exercício cedo demais (`aftercare oops`).
text-exercised = Exercício cedo demais: { $date } { $time } ({ $zone })
text-check-ins = Autoavaliações:

## Durações, como um paciente as diz («2 horas», «8 horas e 30 minutos»).
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
