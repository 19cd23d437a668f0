# The front desk's pages (`aftercare serve`, /desk): what clinic staff read. They speak the
# language the staff's browser asks for (else the clinic's); the patient's own pages, feed and
# e-mails speak the patient's.
# Variables are written { $name }; see https://projectfluent.org/fluent/guide/
# Brazilian Portuguese: terms as in the glossary of src/data/protocol.pt-BR.toml, pages.ftl
# (desk-form-*) and followups.pt-BR.toml.

## Every desk page.
desk-nav-home = Recepção
desk-nav-handover = Entregar plano
desk-nav-suggest = Sugerir horário
desk-nav-day = Lista do dia
desk-nav-settings = Configurações
desk-sign-out = Sair ({ $name })
desk-refused-title = Formulário recusado
desk-refused = Este formulário expirou ou não foi aberto nesta recepção: recarregue a página e envie de novo.
desk-admins-title = Somente administradores
desk-admins = As configurações da clínica só podem ser alteradas por uma conta de administrador.

## Signing in.
desk-signin-title = Recepção: entrar
desk-name = Nome
desk-password = Senha
desk-signin = Entrar
desk-signin-too-large = O formulário de acesso é grande demais (no máximo 16 KiB): o nome pode ter no máximo 64 caracteres, e a senha, no máximo 1.000.
desk-signin-too-long = Nome ou senha incorretos: o nome pode ter no máximo 64 letras, números, “.”, “_”, “-” ou “@”, e a senha, no máximo 1.000 caracteres.
desk-signin-wrong = Nome ou senha incorretos.
desk-signin-wait = Muitas tentativas de acesso sem sucesso: aguarde { $minutes } minutos ou fale com um administrador.

## One's own password.
desk-password-title = Sua senha
desk-password-current = Senha atual
desk-password-new = Nova senha (pelo menos 10 caracteres; algumas palavras juntas formam uma boa senha)
desk-password-again = Repita a nova senha
desk-password-change = Alterar a senha
desk-password-hint = Ao alterar a senha, suas outras sessões são encerradas; esta continua ativa.
desk-password-differ = A nova senha e a repetição não são iguais: digite a mesma senha duas vezes.
desk-password-wrong = A senha atual está incorreta.
desk-password-wait = Muitas senhas incorretas: aguarde { $minutes } minutos ou fale com um administrador.
desk-password-changed = Senha alterada: suas outras sessões foram encerradas.

## The desk's first page.
desk-home-title = Recepção
desk-home-signed-in = Sessão iniciada como { $name }.
desk-home-handover = <a href="/desk/handover">Entregar um plano</a>: informe a consulta e a semana do paciente; depois, mostre o QR code para o paciente escanear ou envie o plano por e-mail.
desk-home-suggest = <a href="/desk/suggest">Sugerir um horário</a>: veja os horários em que a recuperação menos atrapalha a rotina do paciente e agende um deles.
desk-home-day = <a href="/desk/day">Lista do dia</a>: envie o CSV das consultas do dia para criar todos os planos de uma vez, baixar as agendas em um zip e enviar todos os e-mails.
desk-home-settings = <a href="/desk/settings">Configurações da clínica</a>: os dados da clínica e o protocolo em vigor.
desk-home-password = <a href="/desk/password">Sua senha</a>: altere a sua senha de acesso.

## A plan handed over.
desk-handed-title = O plano do paciente
desk-handed-qr = Peça ao paciente para escanear este código com a câmera do celular: o plano abre no celular, e lá ele pode adicioná-lo à agenda.
desk-handed-page = A página do paciente:
desk-handed-language = Idioma do plano do paciente: { $language } (a página, a agenda e os e-mails).
desk-send-to = Enviar por e-mail para
desk-send = Enviar por e-mail
desk-send-hint = Um endereço, ou um nome e um endereço (Ana Souza <ana@example.com>). Ele é usado para o envio e só fica guardado (criptografado) se o paciente aceitou os e-mails de acompanhamento; cada endereço recebe o plano uma única vez.
desk-no-mail = O envio de e-mail não está configurado neste servidor: mostre o QR code ao paciente ou fale com o administrador (o servidor precisa ser iniciado com --smtp e --mail-from).
desk-not-sent = Não enviado: { $reason }
desk-not-sent-no-mail = Não enviado: o envio de e-mail não está configurado neste servidor. Mostre o QR code ao paciente ou fale com o administrador (o servidor precisa ser iniciado com --smtp e --mail-from).
desk-not-sent-record = Não enviado: o servidor não conseguiu registrar o envio; tente novamente.
desk-sent-before = Este endereço já recebeu o plano em { $when }: ele não foi enviado de novo.
desk-sent = Enviado: o servidor de e-mail aceitou a mensagem para { $email }.
desk-follow-ups-off = Os e-mails de acompanhamento não foram ativados: { $reason }
desk-follow-ups-email = email: o endereço de e-mail do paciente, para os e-mails de acompanhamento

## Suggesting a time.
desk-suggest-title = Sugerir um horário
desk-suggest-lede = Os horários em que a recuperação menos atrapalha a semana habitual do paciente.
desk-suggest-from = De
desk-suggest-to = Até
desk-suggest-zone = Fuso horário
desk-suggest-hours = Horário de funcionamento da clínica (dias em inglês, como no exemplo: mon, tue, wed, thu, fri, sat, sun)
desk-suggest-minutes = Duração da consulta, em minutos
desk-suggest-protect = Eventos que a recuperação não pode atrapalhar, um por linha (AAAA-MM-DD HH:MM descrição, ex.: 2026-12-12 20:00 casamento)
desk-suggest-workouts = Os treinos habituais do paciente, um por linha: dias (em inglês: mon a sun), horário, duração e atividade, ex.: mon,wed 18:00 1h weights (seg. e qua., às 18:00, 1 h de musculação)
desk-suggest-submit = Sugerir
desk-suggest-best = Melhores horários
desk-suggest-book = Agendar
desk-suggest-english = Os motivos aparecem em inglês: por enquanto, as sugestões só são redigidas em inglês.

## Clinic settings.
desk-settings-title = Configurações da clínica
desk-settings-clinic = A clínica, em TOML: name (nome), phone (telefone), after_hours (telefone fora do horário de atendimento), address (endereço), website (site), intro (texto de abertura), sign_off (assinatura dos e-mails); tz, ex.: America/Sao_Paulo, o fuso padrão dos formulários e das listas do dia; date_order, dmy (dia primeiro) ou mdy (mês primeiro), para as datas com barras das listas do dia; language, ex.: pt-BR, o idioma dos pacientes, a menos que eles escolham outro
desk-settings-logo = Logotipo (em todas as páginas do paciente)
desk-settings-logo-current = O logotipo atual
desk-settings-logo-new = Um novo logotipo: PNG ou JPEG, no máximo 200 KB
desk-settings-logo-none = Sem logotipo
desk-settings-protocol = O protocolo em vigor: uma versão própria da clínica ou do médico, que substitui o protocolo integrado (TOML, como em --protocol; em branco: o integrado)
desk-settings-rows = O número máximo de linhas de uma lista do dia (1 a { $max }; em branco: { $default })
desk-settings-save = Salvar
desk-settings-saved = Configurações salvas: os próximos planos e páginas já usam estas configurações.
desk-settings-unreadable = Não foi possível ler o formulário: { $reason }

## A day's list: the upload.
desk-day-title = Lista do dia
desk-day-lede = Um CSV das consultas do dia, como o sistema de agendamento o exporta: uma linha de cabeçalho e, depois, uma consulta por linha. A página reconhece sozinha os cabeçalhos usuais em inglês (“Patient ID”, “Appointment Date”, “Time”, “Treatment Area”, “E-mail”); para cabeçalhos em português ou outros, indique abaixo o que cada coluna contém.
desk-day-kept = A lista: { $file } (guardada: não é preciso escolher o arquivo de novo).
desk-day-other-file = Ou outro arquivo
desk-day-file = O arquivo CSV
desk-day-slashes = Datas com barras
desk-day-slashes-refuse = Recusar (são ambíguas)
desk-day-slashes-dmy = Dia primeiro (01/12 é 1º de dezembro)
desk-day-slashes-mdy = Mês primeiro (01/12 é 12 de janeiro)
desk-day-zone = Fuso horário das linhas sem fuso indicado
desk-day-zone-none = Nenhum: cada linha indica o seu
desk-day-past = Incluir consultas anteriores a hoje
desk-day-columns = O que cada coluna contém
desk-day-not-read = Não lida
desk-day-make = Criar os planos
desk-day-choose-file = Escolha o arquivo CSV.
desk-day-unreadable = Não foi possível ler o arquivo enviado: { $reason }
desk-day-too-long = { $file } tem mais de { $limit } linhas, o máximo que uma lista do dia pode ter aqui: divida o arquivo ou peça a um administrador para aumentar o limite nas configurações da clínica.
desk-day-header = { $problem } Indique abaixo o que cada coluna contém.
desk-day-needs-order = { $file }: { $n ->
    [one] 1 linha traz uma data
   *[other] { $n } linhas trazem datas
} com barras (como 12/03/2026). Escolha abaixo se o dia ou o mês vem primeiro e crie os planos novamente; um administrador pode definir de uma vez a ordem habitual da clínica (date_order nas configurações da clínica).
desk-day-past-rows = { $file }: { $n ->
    [one] 1 linha traz uma consulta
   *[other] { $n } linhas trazem consultas
} com data anterior a hoje{ $earliest }. Confira se esta é a lista certa; para criar e enviar os planos mesmo assim, marque “Incluir consultas anteriores a hoje” abaixo e crie os planos novamente.
desk-day-earliest = { " " }(a mais antiga: { $when })
desk-day-cannot-read-as = A coluna “{ $header }” não pode ser lida como { $column }
desk-day-gone-title = Lista não disponível
desk-day-gone = Esta lista não está mais aqui: ela foi excluída ou passou de uma hora, o tempo em que fica guardada. Envie o arquivo novamente.
# The columns a day's list can read, as the mapping's choices name them.
desk-column = { $column ->
    [id] ID do paciente
    [name] Nome
    [email] E-mail
    [language] Idioma
    [at] Data e hora
    [date] Data
    [time] Horário
    [tz] Fuso horário
    [minutes] Duração em minutos
    [sweat] Nível de transpiração
    [areas] Áreas tratadas
    [product] Produto
    [workouts] Treinos
    [discreet] Títulos discretos
    [touch_up] Consulta de retoque
   *[status] Situação do agendamento (consultas canceladas ou faltas não recebem plano)
}

## A day's list: the results.
desk-day-each-row = { $file }: cada linha à medida que é processada.
desk-day-patient = Paciente
desk-day-result = Resultado
desk-day-as-read = Consulta, como foi lida
desk-day-done = plano criado
desk-day-done-sent = plano criado; e-mail enviado
desk-day-done-sent-before = plano criado; e-mail já enviado antes
desk-day-done-no-email = plano criado, mas sem e-mail: { $reason }
desk-day-done-not-sent = plano criado; e-mail não enviado: { $reason }
desk-day-row = linha { $row }
desk-day-id-row = { $id } (linha { $row })
desk-day-refused = recusada: { $reason }
desk-day-refused-column = recusada: { $column }: { $reason }
desk-day-not-held = sem plano: { $reason }
desk-day-not-held-count = { $n ->
    [one] 1 linha é uma consulta cancelada ou uma falta: sem plano e sem e-mail.
   *[other] { $n } linhas são consultas canceladas ou faltas: sem plano e sem e-mail.
}
desk-day-counts = Linhas: { $rows }; planos criados: { $done }{ $without }; recusadas: { $refused }.
desk-day-without = { $n ->
    [one] { " " }(1 sem endereço de e-mail)
   *[other] { " " }({ $n } sem endereço de e-mail)
}
desk-day-emails = E-mails enviados agora: { $sent }; enviados anteriormente: { $before }; não enviados: { $not }.
desk-day-ignored = Colunas não lidas: { $columns }.
desk-day-open-hint = Clique no ID do paciente para abrir a página de entrega do plano dele: o QR code para escanear ou o envio por e-mail só para esse paciente.
desk-day-zip = Baixar as agendas e os resultados (zip)
desk-day-send = Enviar todos os e-mails
desk-day-send-hint = Cada mensagem é enviada uma única vez, mesmo se você clicar duas vezes.
desk-day-wrong-list = Lista errada? Exclua os planos dela
desk-day-stopped = Interrompido: { $reason }
desk-day-sent = { $n ->
    [one] 1 mensagem enviada
   *[other] { $n } mensagens enviadas
}{ $before }.
desk-day-sent-before = { $n ->
   *[other] { " " }(já enviadas anteriormente: { $n })
}
desk-day-send-stopped = { " " }Envio interrompido: { $reason }. Clique no botão novamente para enviar o restante.

## A day's list: deleting its plans.
desk-erase-title = Excluir os planos desta lista?
desk-erase-text = { $n ->
    [one] 1 plano foi criado
   *[other] { $n } planos foram criados
} a partir de { $file }. As páginas e os links da agenda desses pacientes deixam de funcionar, e os e-mails de acompanhamento deles não são mais enviados; os e-mails já enviados não têm como ser cancelados. A lista e os arquivos dela também são apagados.
desk-erase-yes = { $n ->
    [one] Excluir o plano
   *[other] Excluir os { $n } planos
}
desk-erase-no = Manter os planos
desk-erased = { $n ->
    [one] Foi excluído 1 plano criado
   *[other] Foram excluídos { $n } planos criados
} a partir de { $file }; a lista e os arquivos dela foram apagados.
desk-upload-again = Enviar uma lista
