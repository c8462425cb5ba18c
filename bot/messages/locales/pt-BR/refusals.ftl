## Recusas do motor de drops, ditas a quem pediu (alguém no chat, um membro do Discord, uma
## página web). $typed é o que alguém digitou, com aspas; $name o nome curto de um drop; $phase o
## estado de um drop; $doing o que um moderador tentou fazer com ele.

refusal-duration = a duração { $typed } não é como 30s, 10m, 2h ou 1h30m
refusal-no-drop-running = nenhum drop está rolando aqui
refusal-no-drop-named = nenhum drop chamado { $typed } aqui
refusal-no-drop-number = nenhum drop com o número { $id }
refusal-still-running = o drop '{ $name }' ainda está { $phase ->
        [draft] em rascunho
        [scheduled] agendado
        [early] aberto (acesso antecipado)
        [public] aberto
        [closed] fechado
        [drawn] sorteado
        [settled] encerrado
       *[cancelled] cancelado
    } neste canal; feche ou cancele primeiro
refusal-still-running-here = o drop '{ $name }' ainda está { $phase ->
        [draft] em rascunho
        [scheduled] agendado
        [early] aberto (acesso antecipado)
        [public] aberto
        [closed] fechado
        [drawn] sorteado
        [settled] encerrado
       *[cancelled] cancelado
    } neste canal
refusal-spec-name = o nome do drop { $typed } deve ter de 1 a 32 letras minúsculas, dígitos, '-' ou '_'
refusal-spec-supply = as unidades devem estar entre 1 e { $supply }, não { $typed }
refusal-spec-cap = o máximo por pessoa deve ser pelo menos 1, não { $typed }
refusal-spec-lottery-cap = um sorteio dá uma unidade por ganhador; o máximo por pessoa deve ser 1
refusal-spec-entry-window = o prazo de participação deve ser maior que zero
refusal-spec-claim-window = o prazo para resgatar deve ser maior que zero
refusal-spec-code-expiry = a validade do código deve ser maior que zero
refusal-spec-expiry-before-claim = a validade do código não pode ser menor que o prazo para resgatar
refusal-spec-tier-names = os nomes dos níveis devem ser únicos: { $names }
refusal-spec-tier-name = o nome do nível { $typed } deve ter letras minúsculas, dígitos, - ou _
refusal-spec-tier-weight = nível '{ $tier }': o peso deve ser de 1 a 1000, não { $typed }
refusal-spec-tier-offset = nível '{ $tier }': o atraso de abertura não pode ser negativo
refusal-spec-tier-late = o nível '{ $tier }' abre { $offset } após o início, mas o drop fecha após { $window }
refusal-spec-last-tier = a última janela deve estar aberta a todos: adicione um nível com 'everyone'
refusal-start = o início { $typed } não é um horário como 20:00, +10m ou 2026-11-21T20:00
refusal-start-past = o início { $typed } já passou; use um horário futuro ou abra agora
refusal-start-far = o início { $typed } está a mais de { $count } dias
refusal-start-clock = o início { $typed } não é um horário do dia (00:00 a 23:59)
refusal-every = { $typed } não é um dia e um horário como 'fri 20:00'
refusal-every-clock = { $typed } não é um horário do dia (00:00 a 23:59)
refusal-keyword = a palavra-chave { $typed } deve ser ! e de 1 a 24 letras, dígitos, - ou _ (como !hoodie)
refusal-keyword-command = a palavra-chave { $command } é um comando do bot; escolha outra palavra
refusal-keyword-taken = a palavra-chave { $command } já é do drop '{ $name }'; escolha outra palavra
refusal-keyword-alias = a palavra-chave { $command } já é um apelido de !claim na configuração; escolha outra palavra
refusal-no-draw = não dá para sortear o drop '{ $name }': é por ordem de chegada, não há sorteio
refusal-cannot-move = não dá para { $doing ->
        [schedule] agendar
        [open] abrir
        [close] fechar
        [draw] sortear
        [settle] encerrar
       *[cancel] cancelar
    } o drop '{ $name }': ele está { $phase ->
        [draft] em rascunho
        [scheduled] agendado
        [early] aberto (acesso antecipado)
        [public] aberto
        [closed] fechado
        [drawn] sorteado
        [settled] encerrado
       *[cancelled] cancelado
    } (dali pode ir para { $phase ->
        [draft] agendado, acesso antecipado, aberto ou cancelado
        [scheduled] acesso antecipado, aberto ou cancelado
        [early] aberto, fechado ou cancelado
        [public] fechado ou cancelado
        [closed] sorteado, encerrado ou cancelado
       *[drawn] encerrado ou cancelado
    })
refusal-cannot-move-final = não dá para { $doing ->
        [schedule] agendar
        [open] abrir
        [close] fechar
        [draw] sortear
        [settle] encerrar
       *[cancel] cancelar
    } o drop '{ $name }': ele está { $phase ->
        [draft] em rascunho
        [scheduled] agendado
        [early] aberto (acesso antecipado)
        [public] aberto
        [closed] fechado
        [drawn] sorteado
        [settled] encerrado
       *[cancelled] cancelado
    } (dali não pode ir para nada: é definitivo)
refusal-paused-resume-first = o drop '{ $name }' está pausado; retome primeiro
refusal-move-by-nothing = mover o fechamento em 0s não muda nada
refusal-close-too-soon = isso fecharia o drop '{ $name }' em menos de um minuto; feche agora com o comando de fechar
refusal-close-before-public = isso fecharia o drop '{ $name }' antes que todos possam participar ({ $clock } UTC)
refusal-open-too-long = isso deixaria o drop '{ $name }' aberto mais de { $duration } no total
refusal-paused-already = o drop '{ $name }' já está pausado
refusal-not-paused = o drop '{ $name }' não está pausado
refusal-not-open-to-extend = o drop '{ $name }' não está aberto (está { $phase ->
        [draft] em rascunho
        [scheduled] agendado
        [early] aberto (acesso antecipado)
        [public] aberto
        [closed] fechado
        [drawn] sorteado
        [settled] encerrado
       *[cancelled] cancelado
    }); só o prazo de um drop aberto pode ser estendido ou encurtado
refusal-not-open-to-pause = o drop '{ $name }' não está aberto (está { $phase ->
        [draft] em rascunho
        [scheduled] agendado
        [early] aberto (acesso antecipado)
        [public] aberto
        [closed] fechado
        [drawn] sorteado
        [settled] encerrado
       *[cancelled] cancelado
    }); só as participações de um drop aberto podem ser pausadas
refusal-edit-open = o drop '{ $name }' está { $phase ->
        [draft] em rascunho
        [scheduled] agendado
        [early] aberto (acesso antecipado)
        [public] aberto
        [closed] fechado
        [drawn] sorteado
        [settled] encerrado
       *[cancelled] cancelado
    }: depois de aberto, suas unidades, níveis e regras são os anunciados; só o fechamento pode mudar (extend) ou pausar
refusal-edit-nothing = nada para mudar: informe um título, unidades, prazo, early ou at
refusal-edit-draft-start = o drop '{ $name }' é um rascunho; abra, ou crie um agendado, para definir um início
refusal-edit-start-past = o novo início deve estar no futuro
refusal-edit-same = o drop já está assim; nada mudou
refusal-dq-settled = o drop '{ $name }' está encerrado: todas as unidades foram resgatadas e seu registro é definitivo
refusal-dq-not-drawn-state = o drop '{ $name }' está { $phase ->
        [draft] em rascunho
        [scheduled] agendado
        [early] aberto (acesso antecipado)
        [public] aberto
        [closed] fechado
        [drawn] sorteado
        [settled] encerrado
       *[cancelled] cancelado
    }; só um drop sorteado tem ganhadores
refusal-dq-not-drawn = o drop '{ $name }' ainda não foi sorteado; não há ganhador para desclassificar
refusal-dq-redeemed = o código de { $winner } do drop '{ $name }' já foi resgatado; uma unidade resgatada não pode ser repassada
refusal-dq-no-unit = { $winner } não tem unidade do drop '{ $name }'; só quem ganhou pode ser desclassificado
refusal-dq-ambiguous = mais de um ganhador do drop '{ $name }' se chama { $winner }; desclassifique pelo Discord, onde cada membro é exato
refusal-draw-first-come = o drop '{ $name }' é por ordem de chegada; não há sorteio
refusal-draw-entries-changed = a lista de participantes do drop '{ $name }' mudou depois do fechamento (publicada { $hash }…, agora { $entries }…); sem sorteio
refusal-draw-waits = o drop '{ $name }' espera a rodada { $round } do drand; sem sorteio
refusal-draw-other-round = o drop '{ $name }' se comprometeu com a rodada { $round }, não com a { $other_round }
refusal-draw-no-round = o drop '{ $name }' não se comprometeu com nenhuma rodada do drand
refusal-summary-cancelled = o drop '{ $name }' foi cancelado; um drop cancelado não tem resumo
refusal-summary-not-closed = o drop '{ $name }' ainda não fechou; seus resumos contam a partir do fechamento
refusal-summary-before-close = um resumo vem depois do fechamento, não antes
refusal-transcript-first-come = o drop { $id } é por ordem de chegada; não há sorteio
refusal-transcript-lottery = o drop { $id } é um sorteio; sua transcrição é o seu sorteio
refusal-transcript-not-drawn = o drop '{ $name }' ainda não foi sorteado; sem transcrição
refusal-transcript-not-closed = o drop '{ $name }' ainda não fechou; sem transcrição
refusal-transcript-too-old = o drop '{ $name }' abriu antes de existirem transcrições por ordem de chegada
refusal-signing-key-gone = a chave de assinatura { $key } deste código não está mais no chaveiro; restaure-a do backup para entregar o código
refusal-series-running = a série '{ $series }' já está rolando; pare-a primeiro
refusal-series-none-called = nenhuma série rolando se chama '{ $series }'
refusal-season-unknown = nenhum episódio fechado de uma série chamada '{ $series }'
refusal-season-several = a série '{ $series }' roda em várias comunidades ({ $allowed }): diga qual
refusal-rule-shape = a regra { $typed } deve ser 'everyone' ou TIPO:VALOR (tipos: { $allowed })
refusal-rule-kind = tipo de regra desconhecido { $typed } em { $rule }
refusal-rule-badge = insígnia da Twitch desconhecida { $typed } (uma de { $allowed })
refusal-rule-role = o cargo do Discord { $typed } deve ser um id numérico de cargo
refusal-rule-series = { $rule }: nomeie a série depois do último ':' ou deixe de fora
refusal-rule-age = { $rule }: a duração { $typed } não é como 30s, 10m, 2h ou 1h30m
refusal-rule-zero = { $rule }: o tempo deve ser maior que zero, como won-within:30d
refusal-rule-node = a regra { $rule } deve ser uma condição ou { "{" }any_of = [...]{ "}" } / { "{" }all_of = [...]{ "}" } / { "{" }not = ...{ "}" }
refusal-rule-none = um nível precisa de pelo menos uma regra
refusal-list-name = o nome da lista { $typed } deve ter de 1 a 32 letras minúsculas, dígitos, '-' ou '_'
refusal-list-account = { $typed } não é uma conta como twitch:12345 ou discord:67890
refusal-list-kind = o tipo de lista { $typed } deve ser um de { $allowed }
refusal-list-unknown = nenhuma lista chamada '{ $list }' no canal '{ $community }'; crie com `lists create { $list } --kind <{ $allowed }>`
refusal-list-exists = a lista '{ $list }' já existe
refusal-list-no-account = informe pelo menos uma conta
refusal-list-login-here = o login da Twitch { $typed } não pode ser consultado aqui; informe como twitch:<id do usuário>
refusal-list-no-user = nenhum usuário da Twitch chamado { $typed }
refusal-list-not-member = { $typed } não é uma conta como twitch:12345 nem um login da Twitch

## As linhas inválidas de uma importação CSV: cada $problem na linha $row do arquivo.

refusal-import-row = linha { NUMBER($row, useGrouping: 0) }: { $problem }
refusal-import-header = o cabeçalho deve ser account,display_name
refusal-import-unreadable = não é possível ler como CSV: { $error }
refusal-import-columns = { $count } colunas, esperadas no máximo 2
refusal-import-display-name = o nome de exibição deve ter no máximo 64 caracteres imprimíveis
refusal-import-login-here = o login da Twitch { $typed } não pode ser consultado aqui
refusal-import-not-account = { $typed } não é nem uma conta nem um login da Twitch
refusal-import-duplicate = { $account } já está na linha { NUMBER($first_row, useGrouping: 0) }
refusal-import-too-many = mais de { $count } linhas; divida o arquivo
refusal-import-rejected = { $count ->
        [one] { $count } linha inválida
       *[other] { $count } linhas inválidas
    }; nada foi importado
refusal-import-whole = { $problem }; nada foi importado
