# Las páginas de recepción (`aftercare serve`, /desk): lo que lee el personal de la clínica.
# Hablan el idioma que pide el navegador del personal (si no, el de la clínica); las páginas,
# el calendario y los correos del propio paciente hablan el del paciente.
# Las variables se escriben { $name }; véase https://projectfluent.org/fluent/guide/

## Todas las páginas de recepción.
desk-nav-home = Recepción
desk-nav-handover = Entregar un plan
desk-nav-suggest = Sugerir una hora
desk-nav-day = Lista del día
desk-nav-settings = Configuración
desk-sign-out = Cerrar la sesión de { $name }
desk-refused-title = Rechazado
desk-refused = Este formulario está caducado o no procede de esta recepción: vuelva a abrir la página e inténtelo de nuevo.
desk-admins-title = Solo administradores
desk-admins = Solo una cuenta de administrador puede cambiar la configuración de la clínica.

## El inicio de sesión.
desk-signin-title = Recepción: iniciar sesión
desk-name = Nombre
desk-password = Contraseña
desk-signin = Iniciar sesión
desk-signin-too-large = El formulario de inicio de sesión era demasiado grande (16 KiB como máximo): el nombre admite como máximo 64 caracteres, y la contraseña, 1000.
desk-signin-too-long = Nombre o contraseña incorrectos: el nombre admite como máximo 64 letras, cifras, «.», «_», «-» o «@», y la contraseña, 1000 caracteres.
desk-signin-wrong = Nombre o contraseña incorrectos.
desk-signin-wait = Demasiados intentos fallidos de inicio de sesión: espere { $minutes } minutos o consulte a un administrador.

## La contraseña propia.
desk-password-title = Su contraseña
desk-password-current = Contraseña actual
desk-password-new = Contraseña nueva (al menos 10 caracteres; unas cuantas palabras son una buena opción)
desk-password-again = Repita la contraseña nueva
desk-password-change = Cambiar la contraseña
desk-password-hint = Se cerrarán sus demás sesiones; esta seguirá abierta.
desk-password-differ = La contraseña nueva y su repetición no coinciden: escriba la misma las dos veces.
desk-password-wrong = La contraseña actual es incorrecta.
desk-password-wait = Demasiadas contraseñas incorrectas: espere { $minutes } minutos o consulte a un administrador.
desk-password-changed = Contraseña cambiada: se han cerrado sus demás sesiones.

## La página de inicio de recepción.
desk-home-title = Recepción
desk-home-signed-in = Ha iniciado sesión como { $name }.
desk-home-handover = <a href="/desk/handover">Entregar un plan</a>: la cita y la semana del paciente; después, un código QR para escanear o un correo electrónico.
desk-home-suggest = <a href="/desk/suggest">Sugerir una hora</a>: los huecos cuya recuperación afecta menos a la rutina del paciente; reserve uno.
desk-home-day = <a href="/desk/day">Lista del día</a>: un CSV de citas, todos los planes a la vez, los calendarios en un zip y el envío de todos los correos.
desk-home-settings = <a href="/desk/settings">Configuración de la clínica</a>: los datos de la clínica y el protocolo vigente.
desk-home-password = <a href="/desk/password">Su contraseña</a>: cámbiela.

## Un plan entregado.
desk-handed-title = El plan del paciente
desk-handed-qr = El paciente lo escanea con la cámara del móvil: se abre su plan, desde donde lo añade a su calendario.
desk-handed-page = La página del paciente:
desk-handed-language = El plan del paciente está en { $language }: su página, su calendario y sus correos.
desk-send-to = Enviarlo por correo electrónico a
desk-send = Enviar por correo electrónico
desk-send-hint = Una dirección, o un nombre y una dirección (Zoë Müller <zoe@example.com>). Se usa para el envío y solo se guarda (cifrada) si el paciente ha aceptado los correos de seguimiento; el plan se envía una sola vez.
desk-no-mail = El correo electrónico no está configurado en este servidor (inícielo con --smtp y --mail-from).
desk-not-sent = No enviado: { $reason }
desk-not-sent-no-mail = No enviado: el correo electrónico no está configurado en este servidor (inícielo con --smtp y --mail-from).
desk-not-sent-record = No enviado: el servidor no ha podido registrar el envío; vuelva a intentarlo.
desk-sent-before = Ya se envió a esta dirección el { $when }: no se ha vuelto a enviar.
desk-sent = Enviado: el servidor de correo ha aceptado el mensaje para { $email }.
desk-follow-ups-off = Los correos de seguimiento no están activados: { $reason }
desk-follow-ups-email = Indique el correo electrónico del paciente para los correos de seguimiento.

## Sugerir una hora.
desk-suggest-title = Sugerir una hora
desk-suggest-lede = Los huecos cuya recuperación afecta menos a la semana habitual del paciente.
desk-suggest-from = Desde
desk-suggest-to = Hasta
desk-suggest-zone = Zona horaria
desk-suggest-hours = Horario de la clínica
desk-suggest-minutes = Duración de la cita, en minutos
desk-suggest-protect = Eventos que la recuperación no debe estropear, uno por línea (YYYY-MM-DD HH:MM descripción)
desk-suggest-workouts = Los entrenamientos habituales del paciente, uno por línea (DAYS HH:MM DURATION ACTIVITY, p. ej., mon,wed 18:00 1h weights)
desk-suggest-submit = Sugerir
desk-suggest-best = Mejores horas
desk-suggest-book = Reservar
desk-suggest-english = Los motivos están en inglés: las sugerencias solo se redactan en inglés.

## La configuración de la clínica.
desk-settings-title = Configuración de la clínica
desk-settings-clinic = La clínica (TOML: name, phone, after_hours, address, website, intro, sign_off; tz, p. ej., Europe/Madrid, la zona horaria predeterminada de los formularios y de las listas del día; date_order, dmy o mdy, para las fechas con barras de las listas del día; language, p. ej., de, el idioma de los pacientes, salvo que elijan el suyo)
desk-settings-logo = Logotipo (en todas las páginas del paciente)
desk-settings-logo-current = El logotipo actual
desk-settings-logo-new = Un logotipo nuevo: PNG o JPEG, 200 KB como máximo
desk-settings-logo-none = Sin logotipo
desk-settings-protocol = El protocolo vigente: los cambios propios de la clínica sobre el protocolo integrado (TOML, como con --protocol; vacío: el integrado)
desk-settings-rows = El número máximo de filas de una lista del día (de 1 a { $max }; vacío: { $default })
desk-settings-save = Guardar
desk-settings-saved = Guardado: el próximo plan y la próxima página usarán esta configuración.
desk-settings-unreadable = No se ha podido leer el formulario: { $reason }

## La lista del día: la subida.
desk-day-title = Lista del día
desk-day-lede = Un CSV con las citas del día, tal como lo exporta el sistema de reservas: una fila de encabezados y, después, una cita por fila. La página reconoce los encabezados habituales («Patient ID» o «ID paciente», «Appointment Date» o «Fecha de la cita», «Time» o «Hora», «Treatment Area» o «Zona tratada», «E-mail» o «Correo electrónico»); indique abajo qué contiene cualquier otra columna.
desk-day-kept = La lista: { $file } (guardada: no hace falta volver a elegirla).
desk-day-other-file = U otro archivo
desk-day-file = El archivo CSV
desk-day-slashes = Fechas con barras
desk-day-slashes-refuse = Rechazarlas (son ambiguas)
desk-day-slashes-dmy = Primero el día (01/12 es el 1 de diciembre)
desk-day-slashes-mdy = Primero el mes (01/12 es el 12 de enero)
desk-day-zone = Zona horaria de las filas que no la indican
desk-day-zone-none = Ninguna: cada fila indica la suya
desk-day-past = Incluir las citas anteriores a hoy
desk-day-columns = Qué contiene cada columna
desk-day-not-read = No se lee
desk-day-make = Crear los planes
desk-day-choose-file = Elija el archivo CSV.
desk-day-unreadable = No se ha podido leer el archivo subido: { $reason }
desk-day-too-long = { $file } tiene más de { $limit } filas, el máximo que admite aquí una lista del día: divídala o pida a un administrador que aumente el límite en la configuración de la clínica.
desk-day-header = { $problem } Indique abajo qué contiene cada columna.
desk-day-needs-order = { $file }: { $n ->
    [one] 1 fila escribe su fecha
   *[other] { $n } filas escriben sus fechas
} con barras (como 12/03/2026). Elija abajo si va primero el día o el mes y vuelva a crear los planes; un administrador puede fijar una sola vez el orden habitual de la clínica (date_order en la configuración de la clínica).
desk-day-past-rows = { $file }: { $n ->
    [one] 1 fila es de una cita anterior a hoy
   *[other] { $n } filas son de citas anteriores a hoy
}{ $earliest }. Compruebe que es la lista correcta; para crear y enviar sus planes de todos modos, marque «Incluir las citas anteriores a hoy» abajo y vuelva a crear los planes.
desk-day-earliest = { " " }(la más antigua: { $when })
desk-day-cannot-read-as = «{ $header }» no se puede leer como { $column }
desk-day-gone-title = Ya no está disponible
desk-day-gone = Esta lista se guarda durante una hora: vuelva a subirla.
# Las columnas que puede leer una lista del día, tal como las nombran las opciones de la asignación.
desk-column = { $column ->
    [id] ID del paciente
    [name] Nombre
    [email] Correo electrónico
    [language] Idioma
    [at] Fecha y hora
    [date] Fecha
    [time] Hora
    [tz] Zona horaria
    [minutes] Duración en minutos
    [sweat] Nivel de sudoración
    [areas] Zonas tratadas
    [product] Producto
    [workouts] Entrenamientos
    [discreet] Títulos discretos
    [touch_up] Visita de retoque
   *[status] Estado de la cita (las filas canceladas o de pacientes que no acudieron no reciben plan)
}

## La lista del día: los resultados.
desk-day-each-row = { $file }: cada fila, según se procesa.
desk-day-patient = Paciente
desk-day-result = Resultado
desk-day-as-read = Cita, tal como se ha leído
desk-day-done = plan creado
desk-day-done-sent = plan creado; correo enviado
desk-day-done-sent-before = plan creado; correo ya enviado antes
desk-day-done-no-email = plan creado, pero sin correo: { $reason }
desk-day-done-not-sent = plan creado; correo no enviado: { $reason }
desk-day-row = fila { $row }
desk-day-id-row = { $id } (fila { $row })
desk-day-refused = rechazada: { $reason }
desk-day-refused-column = rechazada: { $column }: { $reason }
desk-day-not-held = sin plan: { $reason }
desk-day-not-held-count = { $n ->
    [one] 1 fila es una cita cancelada o a la que no se acudió: sin plan ni correo.
   *[other] { $n } filas son citas canceladas o a las que no se acudió: sin plan ni correo.
}
desk-day-counts = Filas: { $rows }. Con plan: { $done }{ $without }; rechazadas: { $refused }.
desk-day-without = { $n ->
    [one] { " " }(1 sin dirección de correo electrónico)
   *[other] { " " }({ $n } sin dirección de correo electrónico)
}
desk-day-emails = Correos electrónicos enviados ahora: { $sent }; enviados antes: { $before }; sin enviar: { $not }.
desk-day-ignored = Columnas no leídas: { $columns }.
desk-day-open-hint = El ID del paciente de cada fila abre la página de entrega de su plan: el código QR para escanear, o el envío de su correo por separado.
desk-day-zip = Descargar los calendarios y los resultados (zip)
desk-day-send = Enviar todos los correos
desk-day-send-hint = Cada mensaje se envía una sola vez, aunque pulse el botón dos veces.
desk-day-wrong-list = ¿Lista equivocada? Elimine sus planes
desk-day-stopped = Detenido: { $reason }
desk-day-sent = { $n ->
    [one] Se ha enviado 1 mensaje
   *[other] Se han enviado { $n } mensajes
}{ $before }.
desk-day-sent-before = { $n ->
   *[other] { " " }(ya enviados antes: { $n })
}
desk-day-send-stopped = { " " }Se ha detenido el envío: { $reason }. Vuelva a pulsar el botón para enviar el resto.

## La lista del día: eliminar sus planes.
desk-erase-title = ¿Eliminar los planes de esta lista?
desk-erase-text = { $n ->
    [one] Se ha creado 1 plan
   *[other] Se han creado { $n } planes
} a partir de { $file }. Las páginas y los enlaces de calendario de sus pacientes dejan de funcionar y se detienen sus correos de seguimiento; los correos ya enviados no se pueden recuperar. También se borran la lista y sus archivos.
desk-erase-yes = { $n ->
    [one] Eliminar el plan
   *[other] Eliminar los { $n } planes
}
desk-erase-no = Conservarlos
desk-erased = { $n ->
    [one] Se ha eliminado 1 plan creado
   *[other] Se han eliminado { $n } planes creados
} a partir de { $file }; se han borrado la lista y sus archivos.
desk-upload-again = Subir una lista
