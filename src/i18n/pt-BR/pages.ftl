# The web app's patient pages: the form, the plan's page, the printable handout, deleting,
# and the short pages that say one thing (the desk's own pages are in desk.ftl).
# Variables are written { $name }; see https://projectfluent.org/fluent/guide/
# Brazilian Portuguese: terms as in the glossary of src/data/protocol.pt-BR.toml.

## Every page.
page-brand = aftercare
page-language = Idioma
page-error-title = Erro: { $title }
page-problem = Há um problema
page-new-plan = Criar um novo plano

## The short pages.
gone-title = Plano não encontrado
gone-text = Este plano não está mais disponível: ele foi excluído ou expirou, ou o link está incompleto. Confira se você abriu o link inteiro ou crie um novo plano.
check-title = Confira, por favor
retry-title = Tente novamente, por favor
retry-text = O plano foi alterado nesse mesmo momento; tente novamente, por favor.
tomorrow-title = Tente novamente amanhã, por favor
tomorrow-text = Muitos planos foram criados hoje a partir da sua conexão; tente novamente amanhã, por favor.
server-title = Algo deu errado
server-text = Algo deu errado no servidor; nada foi alterado. Tente novamente em alguns minutos.
large-title = Grande demais
large-text = O envio é maior do que este servidor aceita (no máximo { $kib } KiB): envie um arquivo menor.
not-found-title = Página não encontrada
not-found-text = Não há nenhuma página neste endereço. Confira o endereço ou crie um novo plano.
deleted-title = Seu plano foi excluído
deleted-text = Ele foi apagado deste servidor: a página e o link da agenda não funcionam mais, e nenhum outro e-mail de lembrete será enviado. Os eventos que já estão na sua agenda continuam lá até você remover a assinatura ou os eventos.

## The form.
form-title = Seu plano de cuidados pós-aplicação
form-lede = Informe os dados da sua consulta e a sua semana habitual. Você recebe um plano dia a dia e uma agenda para o seu celular.
form-appointment = Sua consulta
form-date = Data
form-time = Horário
form-minutes = Duração, em minutos
form-zone = Fuso horário
form-areas = Áreas tratadas
form-product = Produto
form-product-unsure = Não sei / não está na lista
form-touch-up = Esta consulta é um retoque de uma aplicação recente
form-week = Sua semana habitual
form-week-hint = Uma linha por treino; deixe as outras em branco.
form-workout = Treino { $n }
form-at = Às
form-workout-minutes = Minutos
form-activity = Atividade
form-activity-choose = Escolha uma atividade
form-calendar = Ou um arquivo exportado da sua agenda, com seus treinos (.ics)
form-sweat = Quanto você transpira ao treinar?
form-sweat-light = Pouco
form-sweat-moderate = Moderadamente
form-sweat-heavy = Muito
form-more = Mais opções
form-discreet = Títulos discretos (para agenda compartilhada)
form-clock = Formato da hora
form-clock-24 = 24 horas (18:00)
form-clock-12 = 12 horas (6:00 PM)
form-fold = Se o seu horário acontecer duas vezes (quando os relógios são atrasados)
form-fold-ask = Me perguntar
form-fold-earlier = O primeiro
form-fold-later = O segundo
form-protocol = Protocolo
form-submit = Criar meu plano
form-privacy = Não pedimos seu nome. Um endereço de e-mail só é guardado (criptografado) se você pedir lembretes por e-mail. Seu plano fica guardado em um link secreto que só você recebe, e é apagado depois do último evento ou quando você o excluir.
# The weekdays of a workout row, Monday first.
form-day = { $day ->
    [mon] seg
    [tue] ter
    [wed] qua
    [thu] qui
    [fri] sex
    [sat] sáb
   *[sun] dom
}

## The form's own errors (the plan's checks come after).
form-error-date = Informe a data da consulta.
form-error-time = Informe o horário da consulta.
form-error-minutes = Informe a duração em minutos, com um número inteiro de 1 a 720.
# `missing` is a list of the parts below, joined by `form-error-and`.
form-error-workout = Treino { $n }: informe { $missing }.
form-error-and = { " " }e{ " " }
form-missing-days = os dias
form-missing-time = o horário
form-missing-minutes = os minutos
form-missing-activity = a atividade
form-error-workout-other = Treino { $n }: { $reason }
form-error-calendar-text = O arquivo da agenda não está em formato de texto: é mesmo um arquivo .ics exportado?
form-error-too-large = O envio é maior do que este servidor aceita: no máximo { $kib } KiB. O arquivo da agenda é o certo?
form-error-unreadable = Não foi possível ler o formulário. Envie novamente, por favor.
form-error-areas = Escolha apenas áreas da lista.
form-error-product = Escolha um produto da lista ou “Não sei / não está na lista”.
# The appointment's time does not exist that day: the clocks jump from `before` to `after`.
form-error-gap = { $value } não existe no fuso { $zone } nesse dia: os relógios são adiantados de { $before } para { $after }. Escolha outro horário.
# The appointment's time happens twice that day.
form-error-fold = { $value } acontece duas vezes no fuso { $zone } nesse dia (os relógios são atrasados). Escolha qual deles em “Mais opções”, “Se o seu horário acontecer duas vezes”.
form-error-zone = Escolha um fuso horário da lista.
form-error-email = Informe um endereço de e-mail, por exemplo ana@example.com.
form-error-workout-value = Confira o horário (por exemplo, 18:00) e os minutos (de 1 a 720).
form-error-at = Informe uma data que exista e um horário, por exemplo 09:00.
form-error-calendar = Não foi possível ler este arquivo como uma exportação de agenda (.ics). Exporte sua agenda de novo ou informe seus treinos acima.
# Any other refusal: `detail` is the check's own words (in English).
form-error-other = Não foi aceito: { $detail }

## The plan's page.
plan-title = Seu plano de cuidados pós-aplicação
plan-lede = { $visit }: { $date }, às { $time } ({ $zone }).
plan-visit = { $kind ->
    [touch-up] Seu retoque
   *[appointment] Sua consulta
}
plan-visit-of = { $kind ->
    [touch-up] Seu retoque
   *[appointment] Sua consulta
} de { $procedure }
plan-setback = Você informou mais inchaço em { $when }. O plano volta uma fase até { $until }, sem calor; depois, continua de onde parou.
plan-setback-stay = Você informou mais inchaço em { $when }. O plano mantém você na primeira fase até { $until }, sem calor; depois, continua de onde parou.
plan-setback-before = Você informou mais inchaço em { $when }.
plan-exercised = Você se exercitou em { $when }
plan-exercised-checks = As autoavaliações estão no plano dia a dia abaixo e na sua agenda.
plan-jump-report = Informar uma mudança
plan-jump-days = Dia a dia
plan-jump-handout = Orientações para imprimir
plan-calendar = Adicione o plano à sua agenda
plan-download = Baixar o arquivo da agenda
plan-subscribe = Assinar (Calendário da Apple, Outlook)
plan-google = <strong>Google Agenda:</strong> copie o link, abra a opção <a href="https://calendar.google.com/calendar/u/0/r/settings/addbyurl" rel="noreferrer">Do URL</a> nas configurações do Google Agenda, cole o link e clique em “Adicionar agenda”.
plan-feed-label = O link da sua agenda
plan-copy = Copiar link
plan-copied = Copiado
plan-email = Endereço de e-mail
plan-outlook = <strong>Outlook.com:</strong> <a href="{ $href }" rel="noreferrer">adicione pela web</a>.
plan-qr = Escaneie com a câmera do celular para abrir este plano nele.
plan-qr-label = QR code do link do plano
plan-subscribed = Uma agenda assinada acompanha as alterações deste plano: o Calendário da Apple e o Outlook verificam de novo a cada hora; o Google Agenda, só a cada algumas horas ou até uma vez por dia, e ele ignora os lembretes (alarmes) da agenda. O link é privado: qualquer pessoa que tiver o link pode ver este plano.
# The calendar's name when it is added from the web.
plan-calendar-name = Cuidados pós-aplicação de { $procedure }
plan-calendar-name-discreet = Plano de recuperação
plan-glance = Visão geral
plan-warnings = Sinais de alerta
plan-report = Informe uma mudança: seu plano se ajusta
plan-swelling = Meu inchaço aumentou
plan-swelling-hint = O plano volta uma fase por um dia, sem calor, e sua agenda acompanha.
plan-when = Quando (deixe em branco para agora)
plan-swelling-submit = Atualizar meu plano
plan-oops = Fiz exercício cedo demais
plan-oops-hint = Não é motivo para alarme: você recebe autoavaliações nas próximas horas e dias, nos horários do seu plano, com os sinais a observar.
plan-oops-what = O que você fez (opcional)
plan-oops-example = ex.: hot yoga
plan-oops-submit = Adicionar autoavaliações
plan-delete = Excluir meu plano
plan-delete-hint = Apaga o plano: esta página e o link da agenda deixam de funcionar. Você vai confirmar na próxima tela.
plan-error-before = Esse horário é anterior ao fim da sua consulta ({ $end }), quando o plano começa. Informe um horário a partir de { $end }. Se você deixou o campo em branco (agora), informe de novo depois desse horário.

## The day-by-day view (the plan's page).
days-heading = Dia a dia
days-earlier = Dias anteriores ({ $n })
days-limits = Restrições:
days-until = { $what } (até { $time })
days-nothing = Nada planejado para hoje.
days-today = Hoje
days-tomorrow = Amanhã
days-yesterday = Ontem
days-appointment-text = Os cuidados pós-aplicação começam assim que a aplicação termina, às { $time }.
days-workout = { $name }, { $minutes } min
days-as-usual = Pode fazer normalmente.

## The picture of the recovery (the plan's page).
timeline-title = Visão geral da sua recuperação
timeline-description = De { $from } a { $to }. Restrições: { $restrictions }; fases: { $stages }; treinos habituais: { $workouts }.
timeline-until = Até { $when }
timeline-appointment-end = O fim da consulta
timeline-now = agora
timeline-between = Os dias intermediários
timeline-stage = { $title } (a partir de { $when })
timeline-session = { $name }, { $when }: { $outcome }
timeline-workout = treino { $outcome }
timeline-outcome = { $outcome ->
    [keep] como de costume
    [scale] mais leve
    [replace] substituído
   *[skip] pulado
}

## The printable handout.
handout-title = Orientações de cuidados pós-aplicação
handout-qr = Escaneie para abrir seu plano no celular: lá, você pode adicioná-lo à sua agenda ou informar uma mudança.
handout-open = Abrir seu plano
handout-avoid = O que evitar e até quando
handout-until = Até { $when }:
handout-stages = Volta aos exercícios
handout-stage = A partir de { $when }: { $title }.
handout-sessions = Seus treinos habituais até lá
handout-as-usual = { $names }: como de costume.
handout-session = { $when }: { $name } → { $what }
handout-check = { $when }: { $title }
handout-checks = Autoavaliações e retorno

## Deleting a plan.
delete-title = Excluir seu plano?
delete-text = Seu plano será apagado agora deste servidor. A página e o link da agenda deixam de funcionar, os e-mails de lembrete param de chegar, e não é possível desfazer. Os eventos que já estão na sua agenda continuam lá até você removê-los.
delete-yes = Sim, excluir meu plano
delete-no = Não, manter meu plano

## The front desk's hand-over form (the patient's form, worded for staff).
desk-front = Recepção
desk-form-title = Entregar um plano
desk-form-lede = Informe a consulta e a semana habitual do paciente. Depois, mostre o QR code ao paciente ou envie o plano por e-mail.
desk-form-language = Idioma do paciente
desk-form-email = E-mail do paciente (opcional): usado para enviar o plano; só fica guardado, criptografado, se o paciente aceitar os e-mails de acompanhamento
desk-form-adjust = Ajuste para este paciente (opcional): o código da regra, em inglês, e a nova duração, ex.: heat 72h (sem calor por 72 horas) ou alcohol 48h (sem álcool por 48 horas); vários ajustes, separados por vírgula
desk-form-adjust-reason = Motivo (o paciente vai ler), ex.: por causa da dose de hoje
desk-form-appointment = A consulta do paciente
desk-form-week = A semana habitual do paciente
desk-form-calendar = Ou um arquivo exportado da agenda, com os treinos do paciente (.ics)
desk-form-sweat = Quanto o paciente transpira ao treinar?
desk-form-fold = Se o horário acontecer duas vezes (quando os relógios são atrasados)
desk-form-ask = Perguntar
desk-form-submit = Criar o plano
