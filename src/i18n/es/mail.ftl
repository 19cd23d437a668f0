# El correo que lleva un plan: su asunto, el marco de la parte de texto sin formato y la parte HTML.

mail-subject = Su plan de cuidados tras el tratamiento con { $procedure }
mail-subject-discreet = Su plan de cuidados tras el tratamiento
mail-hello = Hola, { $name }:
# Lo que el mensaje dice del calendario que lleva; con una página, dónde suscribirse a él.
mail-calendar = El calendario adjunto a este mensaje incluye todos los pasos: impórtelo en su aplicación de calendario.
mail-calendar-feed = El calendario adjunto a este mensaje incluye todos los pasos: impórtelo en su aplicación de calendario o suscríbase a él desde la página de su plan para recibir sus cambios.

## La parte HTML.
html-title = Su plan de cuidados tras el tratamiento
html-visit = Su { $kind ->
    [touch-up] retoque
   *[appointment] cita
}
html-visit-of = Su { $kind ->
    [touch-up] retoque
   *[appointment] cita
} de { $procedure }
html-visit-on = { $visit }: { $when } ({ $zone }).
html-date-time = { $date }, { $time }
html-restrictions = Qué evitar y hasta cuándo
html-until = hasta el { $when }
html-stages = Vuelta al ejercicio
html-stage = Desde el { $when }: { $title }.
html-sessions = Sus entrenamientos hasta volver a la rutina completa
html-reminders = Recordatorios y comprobaciones
html-warnings = Signos de alarma
