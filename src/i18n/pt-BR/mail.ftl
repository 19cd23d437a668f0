# The e-mail that carries a plan: its subject, the plain part's frame and the HTML part.

mail-subject = Seu plano de cuidados pós-aplicação de { $procedure }
mail-subject-discreet = Seu plano de cuidados pós-aplicação
mail-hello = Olá, { $name },
# What the message says of the calendar it carries; with a page, where to subscribe to it.
mail-calendar = A agenda anexada a esta mensagem traz todas as etapas: importe-a no seu aplicativo de agenda.
mail-calendar-feed = A agenda anexada a esta mensagem traz todas as etapas: importe-a no seu aplicativo de agenda ou assine-a na página do seu plano para receber as alterações.

## The HTML part.
html-title = Seu plano de cuidados pós-aplicação
html-visit = { $kind ->
    [touch-up] Seu retoque
   *[appointment] Sua consulta
}
html-visit-of = { $kind ->
    [touch-up] Seu retoque
   *[appointment] Sua consulta
} de { $procedure }
html-visit-on = { $visit } em { $when } ({ $zone }).
html-date-time = { $date }, às { $time }
html-restrictions = O que evitar e até quando
html-until = até { $when }
html-stages = Volta aos exercícios
html-stage = A partir de { $when }: { $title }.
html-sessions = Seus treinos habituais até lá
html-reminders = Lembretes e autoavaliações
html-warnings = Sinais de alerta
