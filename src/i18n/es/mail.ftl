# El correo que lleva un plan: el asunto, el marco de la parte de texto y la parte HTML.

mail-subject = Su plan de cuidados tras { $procedure }
mail-subject-discreet = Su plan de cuidados
mail-hello = Hola, { $name }:
# Lo que el mensaje dice del calendario que lleva; con página, dónde suscribirse.
mail-calendar = El calendario adjunto a este mensaje contiene todos los pasos: impórtelo en su aplicación de calendario.
mail-calendar-feed = El calendario adjunto a este mensaje contiene todos los pasos: impórtelo en su aplicación de calendario, o suscríbase a él desde la página de su plan para recibir sus actualizaciones.

## La parte HTML.
html-title = Su plan de cuidados
html-visit = { $kind ->
    [touch-up] Su retoque
   *[appointment] Su cita
}
html-visit-of = { $kind ->
    [touch-up] Su retoque de { $procedure }
   *[appointment] Su cita de { $procedure }
}
html-visit-on = { $visit }: { $when } ({ $zone }).
html-date-time = { $date }, { $time }
html-restrictions = Qué evitar, y hasta cuándo
html-until = hasta el { $when }
html-stages = Vuelta al ejercicio
html-stage = Desde el { $when }: { $title }.
html-sessions = Sus entrenamientos habituales hasta entonces
html-reminders = Recordatorios y comprobaciones
html-warnings = Signos de alarma
