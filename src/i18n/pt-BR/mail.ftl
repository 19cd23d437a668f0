# O e-mail que leva um plano: o assunto, a moldura da parte em texto e a parte HTML.

mail-subject = Seu plano de cuidados após { $procedure }
mail-subject-discreet = Seu plano de cuidados
mail-hello = Olá, { $name },
# O que a mensagem diz da agenda que leva; com página, onde assiná-la.
mail-calendar = A agenda anexada a esta mensagem contém todas as etapas: importe-a no seu aplicativo de agenda.
mail-calendar-feed = A agenda anexada a esta mensagem contém todas as etapas: importe-a no seu aplicativo de agenda ou assine-a pela página do seu plano para receber as alterações.

## A parte HTML.
html-title = Seu plano de cuidados
html-visit = { $kind ->
    [touch-up] Seu retoque
   *[appointment] Sua consulta
}
html-visit-of = { $kind ->
    [touch-up] Seu retoque de { $procedure }
   *[appointment] Sua consulta de { $procedure }
}
html-visit-on = { $visit }: { $when } ({ $zone }).
html-date-time = { $date }, às { $time }
html-restrictions = O que evitar, e até quando
html-until = até { $when }
html-stages = Volta aos exercícios
html-stage = A partir de { $when }: { $title }.
html-sessions = Seus treinos habituais até lá
html-reminders = Lembretes e autoavaliações
html-warnings = Sinais de alerta
