## Brazilian Portuguese (pt-BR). The web pages (claim page, transparency pages, the drop index,
## error pages) and the partner API's human-readable `message`. Words only: the page's markup is
## the template's, and values typed by someone (titles, names) are HTML-escaped before they go
## in. $title is a drop's title. Visitors are spoken to as "você".
## Plurals: in pt-BR the CLDR category [one] covers 0 and 1, so a selector that shows the count
## has a [0] variant first (zero takes the plural here); [many] is a whole million, said with
## "de" before a noun ("1.000.000 de episódios").

## Every page

web-page-title = { $title } · fairdrop
web-footer = Microdrops justos e comprováveis. Qualquer sorteio pode ser conferido com { $command }.

## The home page; $keys and $openapi are links

web-index-tagline = Microdrops justos e comprováveis para a comunidade desta live.
web-index-winners = Ganhou no chat da Twitch? Abra o link de retirada que está no chat para pegar seu código.
web-index-pages = Todo drop sorteado tem uma página em { $path } com o compromisso, a semente, o hash da lista de participantes e a ata do sorteio.
web-index-partners = Parceiros: a API de resgate está descrita em { $openapi }; as chaves públicas para conferir tokens offline estão em { $keys }.

## The claim page

web-claim-title = Seu código: { $title }
web-claim-login = Ganhou no chat da Twitch? Entre com a Twitch para ver seu código. Só ficamos sabendo o seu ID de usuário da Twitch; nada é postado e nenhuma permissão é pedida.
web-claim-login-button = Entrar com a Twitch
web-claim-logged-in = Conectado como { $login }.
web-claim-logout-button = Sair
web-claim-keep-private = Não mostre seu código para ninguém: quem mostrar primeiro resgata.
web-claim-how-drawn = Como este drop foi sorteado
web-claim-missed = O prazo de retirada de { $units } acabou; { $count ->
        [one] o prêmio foi
       *[other] os prêmios foram
    } para a lista de espera.
web-claim-none = Nenhum código para você neste drop (ainda).
web-code-prize = Prêmio #{ $serial }
web-code-ready = Pronto para usar
web-code-status = { $code_state ->
        [redeemed] Já resgatado
        [expired] Expirado
        [revoked] Revogado
        [forged] Não é um código nosso
       *[other] Não pode ser usado
    }
web-code-short = Código curto (para digitar):
web-code-qr = Ou mostre este QR code:
web-code-valid-until = Válido até { $until }. Seu pseudônimo na ata do sorteio: { $pseudonym }.
web-code-token = Token
web-code-where = Onde resgatar

## Error pages: a heading, and one line on what to do

web-error-no-such-drop = Drop não encontrado
web-error-no-such-drop-link = Confira o link do chat; ele indica o drop.
web-error-no-such-drop-path = As páginas de drops ficam em /drops/ seguido do número do drop.
web-error-no-such-drop-number = Não existe o drop #{ $id }.
web-error-login-not-set-up = Login não configurado
web-error-login-not-set-up-detail = Este bot ainda não tem o login da Twitch configurado.
web-error-bad-login-link = Link de login inválido
web-error-bad-login-link-detail = Abra o link de retirada que está no chat e entre por lá.
web-error-login-expired = Login expirado
web-error-login-expired-detail = Seu login expirou ou começou em outro navegador; abra o link de retirada de novo e entre por lá.
web-error-login-cancelled = Login cancelado
web-error-login-cancelled-detail = O login da Twitch foi cancelado; nada mudou.
web-error-login-refused = Login recusado
web-error-login-refused-detail = A resposta do login não bate com o login deste navegador; abra o link de retirada de novo e entre por lá.
web-error-login-failed = Falha no login
web-error-login-failed-detail = A Twitch não confirmou quem você é: { $reason }
web-error-not-from-this-site = Não veio deste site
web-error-log-out-here = Saia pela própria página de retirada.
web-error-bad-logout = Saída inválida
web-error-bad-logout-detail = Saia com o botão da página de retirada.
web-error-logout-refused = Saída recusada
web-error-bad-request = Requisição inválida
web-error-index-parameter = O índice de drops aceita um só parâmetro: ?page=N.
web-error-page-number = A página deve ser um número de 1 a { $count }.
web-error-no-such-page = Página não encontrada
web-error-fewer-pages = Há menos de { $count } páginas de drops.
web-error-no-such-season = Temporada não encontrada
web-error-season-path = As páginas de temporada ficam em /series/ seguido do nome da série.
web-error-unknown-series = Nenhum episódio encerrado de uma série chamada { $series }.
web-error-not-a-community = Não é uma comunidade
web-error-channel-name = ?channel= recebe o nome de uma comunidade.
web-error-name-the-community = Informe a comunidade
web-error-several-communities = A série { $series } acontece em várias comunidades: escolha uma com ?channel= e o nome dela.

## The drop index, /drops

web-drops-title = Drops
web-drops-none = Nenhum drop ainda.
web-drops-header-drop = drop
web-drops-header-community = comunidade
web-drops-header-state = status
web-drops-header-mode = modo
web-drops-header-supply = quantidade
web-drops-header-opened = aberto em
web-drops-not-yet = ainda não
web-drops-newer = mais novos
web-drops-older = mais antigos

## A drop's transparency page, /drops/<number>

web-drop-title = Drop: { $title }
web-drop-facts = Drop #{ $id } · { $mode ->
        [fcfs] por ordem de chegada
       *[draw] sorteio
    } · quantidade { $supply } · { $phase ->
        [draft] rascunho
        [scheduled] agendado
        [early] acesso antecipado
        [public] aberto para todos
        [closed] fechado
        [drawn] sorteado
        [settled] concluído
       *[cancelled] cancelado
    }
web-drop-commitment = Compromisso
web-drop-guaranteed = Unidades garantidas (comprometidas na abertura)
web-drop-seed = Semente
web-drop-entry-hash = Hash da lista de participantes
web-drop-beacon = Beacon
web-drop-drawn-at = Sorteado em
web-drop-entrants-by-tier = Participantes por nível
web-drop-winners = Ganhadores
web-drop-rerolls = Repasses e desclassificações
web-drop-changes = Alterações dos moderadores
web-drop-verify-yourself = Confira o sorteio você mesmo
web-drop-not-yet = ainda não
web-drop-seed-later = revelada depois do sorteio
web-drop-entry-hash-later = definido no encerramento
web-drop-guaranteed-at-open = definidas quando o drop abre
web-drop-guaranteed-none = sem compromisso (o drop abriu antes de existirem unidades garantidas)
web-drop-header-tier = nível
web-drop-header-entrants = participantes
web-drop-header-serial = #
web-drop-header-winner = ganhador
web-drop-header-pseudonym = pseudônimo
web-drop-header-via = via
web-drop-header-status = status
web-drop-header-from = de
web-drop-header-to = para
web-drop-header-at = quando
web-drop-header-why = motivo
web-drop-header-by = por
web-drop-header-what = o quê
web-drop-no-entries = Nenhuma participação ainda.
web-drop-no-winners = Nenhum ganhador ainda.
web-drop-no-rerolls = Nenhum.
web-drop-no-changes = Nenhuma alteração desde a criação.
web-drop-left-out = { $count ->
        [0] 0 deixados
        [one] 1 deixado
       *[other] { $count } deixados
    } de fora na nova verificação do encerramento.
web-drop-nobody-left = não sobrou ninguém
web-drop-reroll-by = { $reason } (por { $actor })
web-drop-fcfs = Um drop por ordem de chegada: as unidades saíram na ordem em que as participações chegaram; sem sorteio.
web-drop-transcript-later = A ata do sorteio é publicada aqui assim que o drop for sorteado.
web-drop-verify-how = A semente foi comprometida (o SHA-256 dela é o compromisso acima) antes de qualquer participação, e a lista de participantes foi congelada e teve seu hash calculado no encerramento. Qualquer pessoa pode recalcular os ganhadores e a lista de espera só com a ata do sorteio:
web-drop-download = Baixar a ata do sorteio
web-drop-verify-prints = Ele mostra OK quando a semente bate com o compromisso, as participações geram o hash da lista de participantes e saem os mesmos ganhadores; caso contrário, diz exatamente o que difere. Os participantes aparecem na ata sob pseudônimos com um salt próprio de cada drop.
web-drop-beacon-none = nenhum
web-drop-beacon-opted-out = Nenhum: este drop foi sorteado sem aleatoriedade pública (optou por não usar), então o operador poderia ter influenciado o resultado.
web-drop-beacon-round = rodada { $round } do drand quicknet, publicada em { $when }, depois do encerramento
web-drop-beacon-waiting = { $line }; o sorteio incorpora a aleatoriedade dela assim que ela sair.
web-drop-beacon-verified = { $line }; assinatura verificada, aleatoriedade { $hash }.
web-drop-beacon-outcome = { $line }; { $result }.

## A season's page, /series/<name>: aggregates only. $count is a number of days or episodes.

web-season-title = Temporada { $series }
web-season-facts = { $count ->
        [0] 0 episódios
        [one] 1 episódio
        [many] { $count } de episódios
       *[other] { $count } episódios
    } em { $community } · retenção contada em dias do fuso { $zone } · dados de { $as_of }
web-season-repeat-rate = taxa de retorno (participou também do episódio anterior)
web-season-back-within = participou de novo em até { $count ->
        [0] 0 dias
        [one] 1 dia
        [many] { $count } de dias
       *[other] { $count } dias
    }
web-season-distinct-winners = ganhadores diferentes
web-season-repeat-winners = ganhadores repetidos
web-season-no-episodes = Nenhum episódio foi encerrado ainda.
web-season-no-experiments = Nenhum experimento de quantidade nesta temporada.
web-season-episodes = Episódios
web-season-fairness = Justiça por nível ao longo da temporada
web-season-experiments = Experimentos de quantidade
web-season-header-figure = métrica
web-season-header-value = valor
web-season-header-episode = episódio
web-season-header-closed = encerrado
web-season-header-variant = variante
web-season-header-entrants = participantes
web-season-header-new = novos
web-season-header-returning = recorrentes
web-season-header-pass-holders = com passe
web-season-header-winners = ganhadores
web-season-header-converted-24h = convertidos em 24 h
web-season-header-converted-72h = em 72 h
web-season-header-back-in = voltaram em { $count } d
web-season-header-tier = nível
web-season-header-entry-share = parcela das participações
web-season-header-winner-share = parcela dos ganhadores
web-season-header-rate = taxa
web-season-header-reading = leitura

## The partner API's `message` (JSON), by error code

api-invalid-content-type = envie um corpo JSON com Content-Type: application/json
api-invalid-json = o corpo não é um JSON válido
api-invalid-body = o corpo deve ser um objeto JSON como {"{"}"code": "..."{"}"}
api-unknown-field = campo desconhecido { $field }
api-invalid-code = 'code' deve ser o token ou o código curto, como string
api-invalid-order-value = 'order_value_cents' deve ser um número inteiro de 0 a { $count }
api-invalid-idempotency-key = Idempotency-Key deve ter de 1 a 255 caracteres ASCII imprimíveis
api-unauthorized = envie uma chave ativa da API de parceiros: Authorization: Bearer <key>
api-idempotency-key-reused = esta Idempotency-Key já foi usada em outra requisição
api-too-many-failures = tentativas com falha demais; tente de novo em { $count } s
api-unknown-code = código inexistente: confira se ele foi digitado ou escaneado por inteiro
api-code-expired = este código expirou
api-code-revoked = este código foi revogado; a unidade dele passou para outra pessoa
api-already-redeemed = este código já foi resgatado
api-out-of-scope = este código é de um drop que esta chave de parceiro não cobre

## Said by the web app in plain text (never markup): the answers of the live feed
## (/overlay/{community}/events, /drops/{id}/events) when it cannot serve a stream.

web-feed-no-drop = Esse drop não existe.
web-feed-no-community = Essa comunidade não existe.
web-feed-too-many-from-address = Há feeds ao vivo demais abertos a partir do seu endereço; feche um e tente de novo.
web-feed-full = O feed ao vivo já está atendendo todos os clientes que consegue; tente de novo daqui a pouco.

## More of the web pages: a season's lift (the hours after each close against the same hours of
## earlier weeks), a drop page's live line and its in-browser check, and a member's receipts
## (/mydrops). $standing is one of the web-receipt-* lines on how an entry stands; $place where
## the transcript lists it.

web-season-lift-title = Efeito: as { $hours } h depois de cada encerramento
web-season-header-lift-subscriptions = inscrições (referência)
web-season-header-lift-resubscriptions = reinscrições (referência)
web-season-header-lift-follows = novos seguidores (referência)
web-season-lift-caveat = Uma comparação com as mesmas horas de semanas anteriores, não uma prova de que o drop causou isso.
web-drop-live-line = Participantes: { $entrants } · agora { $phase }
web-drop-phase = { $phase ->
        [draft] rascunho
        [scheduled] agendado
        [early] acesso antecipado
        [public] aberto para todos
        [closed] fechado
        [drawn] sorteado
        [settled] concluído
       *[cancelled] cancelado
    }
web-drop-reload-for-winners = O sorteio saiu: recarregue a página para ver os ganhadores e a semente.
web-drop-check-then = Confira então com { $link }, ou nesta página.
web-drop-verify-with-fairdrop = com o fairdrop:
web-drop-verify-without-it = sem o fairdrop: { $link }, um único arquivo que só precisa do Python 3.11 (ele também confere a assinatura do drand quando o drand-verify está instalado):
web-drop-verify-in-browser = aqui mesmo, neste navegador:
web-drop-verify-check-button = Conferir o sorteio neste navegador
web-claim-your-drops = seus drops recentes
web-error-no-such-overlay = Overlay não encontrado
web-receipt-heading = Sua participação
web-receipt-label-pseudonym = Pseudônimo
web-receipt-label-tier = Nível
web-receipt-label-weight = Peso
web-receipt-label-standing = Situação
web-receipt-label-place = Na ata do sorteio
web-receipt-place = { $place } na { $link }
web-receipt-the-transcript = ata do sorteio
web-receipt-place-later = aparece quando o drop for sorteado
web-receipt-in-draw = No sorteio; os ganhadores são sorteados no encerramento.
web-receipt-left-out = Ficou de fora na nova verificação do encerramento
web-receipt-holds = Ganhou
web-receipt-waitlisted = Não foi sorteado; está na lista de espera caso alguma unidade volte.
web-receipt-passed-on = Ganhou, mas o prazo para retirar acabou e a unidade passou para a lista de espera.
web-receipt-no-unit = Chegou quando não sobrava mais nenhuma unidade para você.
web-receipt-cancelled = O drop foi cancelado.
web-receipt-because = { $standing }: { $reason }.
web-receipt-units = { $standing }: { $units }.
web-receipt-only-you = Só você vê esta página: a ata do sorteio lista cada participante só pelo pseudônimo, então você pode conferir que estava no sorteio, com este peso, sem que ninguém saiba qual deles é você.
web-mydrops-title = Seus drops recentes
web-mydrops-login = Participou de um drop no chat da Twitch? Entre com a Twitch para ver seus comprovantes: o pseudônimo com que cada sorteio lista você, seu nível e seu peso, e a situação da sua participação. Só ficamos sabendo o seu ID de usuário da Twitch; nada é postado e nenhuma permissão é pedida.
web-mydrops-none = Você não participou de nenhum drop recente.
web-mydrops-logged-in = Conectado como { $login }. Só você vê esta página.
