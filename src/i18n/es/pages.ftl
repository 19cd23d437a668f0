# Las páginas del paciente en la aplicación web: el formulario, la página del plan, la hoja de
# recomendaciones para imprimir, la eliminación y las páginas breves que dicen una sola cosa
# (las páginas propias de recepción están en desk.ftl).
# Las variables se escriben { $name }; véase https://projectfluent.org/fluent/guide/

## Todas las páginas.
page-brand = aftercare
page-language = Idioma
page-error-title = Error: { $title }
page-problem = Hay un problema
page-new-plan = Crear un plan nuevo

## Las páginas breves.
gone-title = Plan no encontrado
gone-text = Este plan no existe o ya no está disponible: se ha eliminado, ha caducado o el enlace está incompleto.
check-title = Revise los datos
retry-title = Vuelva a intentarlo
retry-text = El plan ha cambiado en ese mismo momento; vuelva a intentarlo.
tomorrow-title = Vuelva a intentarlo mañana
tomorrow-text = Hoy se han creado demasiados planes desde su conexión; vuelva a intentarlo mañana.
server-title = Algo ha fallado
server-text = Algo ha fallado en el servidor; no se ha cambiado nada.
large-title = Demasiado grande
large-text = La solicitud supera el tamaño que admite este servidor: { $kib } KiB como máximo.
not-found-title = Página no encontrada
not-found-text = No hay ninguna página en esta dirección.
deleted-title = Su plan se ha eliminado
deleted-text = Se ha borrado de este servidor: su página y el enlace del calendario ya no funcionan, y no recibirá más correos de recordatorio. Los eventos que ya tenga en su calendario seguirán ahí hasta que elimine la suscripción o los borre.

## El formulario.
form-title = Su plan de cuidados tras el tratamiento
form-lede = Indique los datos de su cita y sus entrenamientos de una semana habitual. Recibirá un plan día a día y un calendario para el móvil.
form-appointment = Su cita
form-date = Fecha
form-time = Hora
form-minutes = Duración, en minutos
form-zone = Zona horaria
form-areas = Zonas tratadas
form-product = Producto
form-product-unsure = No lo sé / no aparece
form-touch-up = Esta visita es un retoque de un tratamiento reciente
form-week = Su semana habitual
form-week-hint = Una fila por entrenamiento (puede marcar varios días); deje vacías las que sobren.
form-workout = Entrenamiento { $n }
form-at = A las
form-workout-minutes = Minutos
form-activity = Actividad
form-activity-choose = Elija una actividad
form-calendar = O un archivo exportado de su calendario con sus entrenamientos (.ics)
form-sweat = ¿Cuánto suda al entrenar?
form-sweat-light = Un poco
form-sweat-moderate = Moderadamente
form-sweat-heavy = Mucho
form-more = Más opciones
form-discreet = Títulos discretos (para un calendario compartido)
form-clock = Formato de hora
form-clock-24 = 24 horas (18:00)
form-clock-12 = 12 horas (6:00 p. m.)
form-fold = Si su hora se repite (al atrasar los relojes)
form-fold-ask = Preguntarme
form-fold-earlier = La primera (antes de atrasar los relojes)
form-fold-later = La segunda (después de atrasarlos)
form-protocol = Protocolo
form-submit = Crear mi plan
form-privacy = No se pide ningún nombre. Solo se guarda su dirección de correo electrónico (cifrada) si pide recordatorios por correo. Su plan se guarda con un enlace secreto que solo recibe usted, y se borra después de su último evento o cuando usted lo elimine.
# Los días de la semana de una fila de entrenamiento, empezando por el lunes.
form-day = { $day ->
    [mon] Lun
    [tue] Mar
    [wed] Mié
    [thu] Jue
    [fri] Vie
    [sat] Sáb
   *[sun] Dom
}

## Los errores propios del formulario (las validaciones del plan vienen después).
form-error-date = Indique la fecha de la cita.
form-error-time = Indique la hora de la cita.
form-error-minutes = Indique la duración en minutos, con un número entero del 1 al 720.
# `missing` es una lista de las partes de abajo, unidas por `form-error-and`.
form-error-workout = Entrenamiento { $n }: indique { $missing }.
form-error-and = { " " }y{ " " }
form-missing-days = los días
form-missing-time = la hora
form-missing-minutes = los minutos
form-missing-activity = la actividad
form-error-workout-other = Entrenamiento { $n }: { $reason }
form-error-calendar-text = El archivo del calendario no es de texto: ¿es un archivo .ics exportado?
form-error-too-large = La solicitud supera el tamaño que admite este servidor: { $kib } KiB como máximo. ¿Es el archivo de calendario correcto?
form-error-unreadable = No se ha podido leer el formulario. Vuelva a enviarlo.
form-error-areas = Elija solo zonas de la lista.
form-error-product = Elija un producto de la lista, o «No lo sé / no aparece».
# La hora de la cita no existe ese día: los relojes saltan de `before` a `after`.
form-error-gap = { $value } no existe en { $zone }: ese día los relojes se adelantan y pasan de las { $before } a las { $after }. Elija otra hora.
# La hora de la cita se da dos veces ese día.
form-error-fold = { $value } se repite en { $zone } porque ese día se atrasan los relojes. Indique cuál de las dos es en «Más opciones» > «Si su hora se repite».
form-error-zone = Elija una zona horaria de la lista.
form-error-email = Indique una dirección de correo electrónico, por ejemplo ana@example.com.
form-error-workout-value = Revise la hora (por ejemplo, 18:00) y los minutos (de 1 a 720).
form-error-at = Indique una fecha que exista y una hora, por ejemplo 09:00.
form-error-calendar = No se ha podido leer este archivo como una exportación de calendario (.ics). Vuelva a exportar su calendario o indique sus entrenamientos más arriba.
# Cualquier otro rechazo: `detail` es el texto de la propia validación (en inglés).
form-error-other = No se ha aceptado: { $detail }

## La página del plan.
plan-title = Su plan de cuidados tras el tratamiento
plan-lede = { $visit }: { $date }, { $time } ({ $zone }).
plan-visit = Su { $kind ->
    [touch-up] retoque
   *[appointment] cita
}
plan-visit-of = Su { $kind ->
    [touch-up] retoque
   *[appointment] cita
} de { $procedure }
plan-setback = Indicó más hinchazón el { $when }. Hasta el { $until }, el plan retrocede una fase y evita el calor; después se retoma desde donde estaba.
plan-setback-stay = Indicó más hinchazón el { $when }. Hasta el { $until }, el plan le mantiene en la primera fase y evita el calor; después se retoma desde donde estaba.
plan-setback-before = Indicó más hinchazón el { $when }.
plan-exercised = Hizo ejercicio el { $when }
plan-exercised-checks = Las comprobaciones están en el plan día a día, más abajo, y en su calendario.
plan-jump-report = Indicar un cambio
plan-jump-days = Día a día
plan-jump-handout = Hoja de recomendaciones para imprimir
plan-calendar = Añádalo a su calendario
plan-download = Descargar el archivo del calendario
plan-subscribe = Suscribirse (Calendario de Apple, Outlook)
plan-google = <strong>Google Calendar:</strong> copie el enlace, abra <a href="https://calendar.google.com/calendar/u/0/r/settings/addbyurl" rel="noreferrer">Desde URL</a> en la configuración de Google Calendar, péguelo y pulse Añadir calendario.
plan-feed-label = El enlace de su calendario
plan-copy = Copiar enlace
plan-copied = Copiado
plan-email = Dirección de correo electrónico
plan-outlook = <strong>Outlook.com:</strong> <a href="{ $href }" rel="noreferrer">añádalo desde la web</a>.
plan-qr = Escanee este código con la cámara del móvil para abrir el plan en el teléfono.
plan-qr-label = Código QR del enlace del plan
plan-subscribed = Un calendario suscrito se actualiza con los cambios de este plan: el Calendario de Apple y Outlook lo consultan cada hora; Google Calendar, con menos frecuencia (cada varias horas, a veces solo una vez al día), y no hace sonar los recordatorios (alarmas) del calendario. El enlace es privado: cualquiera que lo tenga puede ver este plan.
# El nombre del calendario cuando se añade desde la web.
plan-calendar-name = Cuidados tras el tratamiento con { $procedure }
plan-calendar-name-discreet = Plan de recuperación
plan-glance = De un vistazo
plan-warnings = Signos de alarma
plan-report = ¿Ha cambiado algo? Su plan se ajusta
plan-swelling = Tengo más hinchazón
plan-swelling-hint = Su plan retrocede una fase durante un día, sin calor, y su calendario se actualiza.
plan-when = Cuándo (déjelo en blanco si es ahora)
plan-swelling-submit = Actualizar mi plan
plan-oops = He hecho ejercicio demasiado pronto
plan-oops-hint = No es grave: recibirá comprobaciones en las próximas horas y días, ajustadas a su plan, y los signos que debe vigilar.
plan-oops-what = Qué hizo (opcional)
plan-oops-example = p. ej., hot yoga
plan-oops-submit = Añadir comprobaciones
plan-delete = Eliminar mi plan
plan-delete-hint = Se borra el plan: esta página y el enlace del calendario dejan de funcionar. Antes de borrarlo, se le pedirá que lo confirme.
plan-error-before = Esa hora es anterior al final de su cita ({ $end }). Elija una hora posterior o deje el campo en blanco si es ahora.

## La vista día a día (la página del plan).
days-heading = Día a día
days-earlier = Días anteriores ({ $n })
days-limits = Restricciones:
days-until = { $what } (hasta las { $time })
days-nothing = Nada previsto para este día.
days-today = Hoy
days-tomorrow = Mañana
days-yesterday = Ayer
days-appointment-text = Los cuidados empiezan cuando termina, a las { $time }.
days-workout = { $name }, { $minutes } min
days-as-usual = Sin problema, como siempre.

## El gráfico de la recuperación (la página del plan).
timeline-title = Su recuperación de un vistazo
timeline-description = Del { $from } al { $to }. Restricciones: { $restrictions }; fases: { $stages }; entrenamientos habituales: { $workouts }.
timeline-until = Hasta el { $when }
timeline-appointment-end = Final de la cita
timeline-now = ahora
timeline-between = Los días intermedios
timeline-stage = { $title } (desde el { $when })
timeline-session = { $name }, { $when }: { $outcome }
timeline-workout = entrenamiento { $outcome }
timeline-outcome = { $outcome ->
    [keep] como siempre
    [scale] más suave
    [replace] sustituido
   *[skip] omitido
}

## La hoja de recomendaciones para imprimir.
handout-title = Hoja de recomendaciones
handout-qr = Escanee el código para abrir su plan en el móvil: desde allí puede añadirlo a su calendario o indicar un cambio.
handout-open = Abrir su plan
handout-avoid = Qué evitar y hasta cuándo
handout-until = Hasta el { $when }:
handout-stages = Vuelta al ejercicio
handout-stage = Desde el { $when }: { $title }.
handout-sessions = Sus entrenamientos hasta volver a la rutina completa
handout-as-usual = { $names }: como siempre.
handout-session = { $when }: { $name } → { $what }
handout-check = { $when }: { $title }
handout-checks = Comprobaciones y revisión

## Eliminar un plan.
delete-title = ¿Eliminar su plan?
delete-text = Su plan se borrará ahora de este servidor y no se podrá deshacer. Su página y el enlace de su calendario dejarán de funcionar y no recibirá más correos de recordatorio. Los eventos que ya tenga en su calendario seguirán ahí hasta que los elimine.
delete-yes = Sí, eliminar mi plan
delete-no = No, conservar mi plan

## El formulario de entrega de recepción (el formulario del paciente, redactado para el personal).
desk-front = Recepción
desk-form-title = Entregar un plan
desk-form-lede = La cita y la semana habitual del paciente. Después, muéstrele el código QR o envíele el plan por correo electrónico.
desk-form-language = Idioma del paciente
desk-form-email = Correo electrónico del paciente (opcional: se usa para el envío, y solo se guarda, cifrado, para los correos de seguimiento)
desk-form-adjust = Ajuste para este paciente (opcional): una norma y su duración, p. ej., heat 72h; varias, separadas por comas
desk-form-adjust-reason = Motivo (lo lee el paciente), p. ej., por la dosis de hoy
desk-form-appointment = Cita del paciente
desk-form-week = Semana habitual del paciente
desk-form-calendar = O un archivo exportado del calendario con los entrenamientos del paciente (.ics)
desk-form-sweat = ¿Cuánto suda el paciente al entrenar?
desk-form-fold = Si la hora se repite (al atrasar los relojes)
desk-form-ask = Preguntar
desk-form-submit = Crear el plan
