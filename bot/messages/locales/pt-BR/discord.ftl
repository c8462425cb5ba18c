## Brazilian Portuguese (pt-BR). Said on Discord: private replies to a member, the drop post
## (embed and button), DMs. At most 2,000 characters a message. $title is the drop's title;
## $when and $until are Discord timestamps each reader sees in their own time zone and language
## ("em 5 minutos"); nobody is ever pinged by these texts. A member is spoken to as "você".
## Plurals: in pt-BR the CLDR category [one] covers 0 and 1, so a selector that shows the count
## has a [0] variant first (zero takes the plural here: "0 participantes"); [many] is a whole
## million, said with "de" before a noun ("1.000.000 de participantes").

## What a member who pressed Enter is told, privately

discord-entered = Você está no drop **{ $title }**. Os ganhadores são sorteados no encerramento; boa sorte!
# With the entrant's receipt: $pseudonym is the id the transcript lists them under.
discord-entered-receipt = Você está no drop **{ $title }**. Os ganhadores são sorteados no encerramento; boa sorte! Seu comprovante: pseudônimo `{ $pseudonym }`, nível { $tier }, peso { $weight }; ele aparece na ata do sorteio depois do sorteio.
discord-already-entered = Você já está no drop **{ $title }**: uma participação por pessoa.
discord-sold-out = O drop **{ $title }** esgotou. Você está na lista de espera caso alguma unidade volte.
discord-cap-reached = Esse é o máximo que uma pessoa pode levar no drop **{ $title }**.
discord-opens-for-you = O drop **{ $title }** abre para você { $when }.
discord-early-access = O acesso antecipado a **{ $title }** é para { $who }. Todo mundo pode participar { $when }.
discord-not-eligible = Você não pode participar de **{ $title }**: { $reason }.
discord-closed = O drop **{ $title }** já fechou.
discord-entry-paused = O drop **{ $title }** foi pausado por um moderador; clique de novo quando ele voltar.
discord-not-open = O drop **{ $title }** ainda não abriu.
discord-no-drop = Esse drop não está mais rolando.
discord-slow-down = Calma: um clique basta.
discord-won = Você ganhou a unidade #{ $serial } de **{ $title }**!
discord-duplicate = Seu clique em **{ $title }** já foi contado.
discord-cancelled = O drop **{ $title }** foi cancelado.
discord-closed-empty-handed = O drop **{ $title }** fechou, e você não tem nenhuma unidade dele.
discord-not-drawn = Nenhum código para você em **{ $title }**: as participações fecharam e você não foi sorteado. Se um ganhador não retirar a tempo, a unidade dele passa para a lista de espera e a gente te avisa.

## Codes, privately: $code is the short code to type, $link where to redeem it

discord-code-heading = **Seu código de { $title }** (#{ $serial })
discord-code-short = Código curto: `{ $code }`
discord-code-redeem = Resgatar: <{ $link }>
discord-code-validity = Válido até { $until }. Só funciona uma vez: guarde só para você. O QR code contém o token assinado.
discord-missed = Seu prazo para retirar { $units } de **{ $title }** acabou; { $count ->
        [one] a unidade foi
       *[other] as unidades foram
    } para a lista de espera.
discord-no-codes = Você não tem códigos de drops recentes.

## A member's receipts (/mydrops, and /mycodes with them), privately: every recent drop they
## entered. $pseudonym is the id the transcript lists them under; $place where it lists them
## (like winners[2] or waitlist[14]); $link is the transcript; $units the units they hold.

discord-receipts-heading = **Seus drops recentes** (só você vê isto):
discord-receipt-in-draw = **{ $title }**: você está no sorteio como `{ $pseudonym }`, nível { $tier }, peso { $weight }.
discord-receipt-left-out = **{ $title }**: sua participação `{ $pseudonym }` ficou de fora no encerramento: { $reason }.
discord-receipt-holds = **{ $title }**: `{ $pseudonym }` (nível { $tier }, peso { $weight }) ficou com { $units }.
discord-receipt-waitlisted = **{ $title }**: `{ $pseudonym }` (nível { $tier }, peso { $weight }) não foi sorteado e está na lista de espera.
discord-receipt-passed-on = **{ $title }**: `{ $pseudonym }` ganhou, mas o prazo para retirar acabou e a unidade passou para a lista de espera.
discord-receipt-no-unit = **{ $title }**: você chegou como `{ $pseudonym }` (nível { $tier }) quando não sobrava mais nenhuma unidade para você.
discord-receipt-cancelled = **{ $title }**: o drop foi cancelado; sua participação era `{ $pseudonym }`.
discord-receipt-place = Procure `{ $pseudonym }` em { $place } na ata do sorteio: <{ $link }>
discord-receipt-place-offline = Procure `{ $pseudonym }` em { $place } na ata do sorteio.
discord-no-drops = Você não participou de nenhum drop recente.
discord-link-code = Digite `!link { $code }` no chat da Twitch desta comunidade; o código expira { $when }. Isso vincula suas contas da Twitch e do Discord como uma pessoa só nos drops: uma participação por pessoa, e os códigos chegam aqui.
discord-failed = Algo deu errado do nosso lado; já ficou registrado. Tente de novo, por favor.
discord-more-rows = …e mais { $more }

## The drop post: an embed with one button. $emoji is the community's emoji and a space
## ([communities.NAME] emoji), or nothing. A button's label is at most 80 characters.

discord-post-title = { $emoji }{ $title }
discord-post-description = { $units ->
        [0] 0 unidades
        [one] 1 unidade
        [many] { $units } de unidades
       *[other] { $units } unidades
    }, { $mode ->
        [fcfs] por ordem de chegada
       *[draw] sorteio no encerramento
    }.
discord-post-state = Status
discord-post-entrants = Participantes
discord-post-closes = Participações fecham
discord-post-who-when = Quem pode participar e quando
discord-post-tier = • { $who }
discord-post-tier-from = • { $who } a partir de { $opens }
discord-post-everyone = todo mundo
discord-post-allocated = Distribuídas
discord-post-allocated-value = { $allocated } de { $supply }
discord-post-fair-draw = Sorteio justo
discord-post-commitment = Compromisso `{ $commitment }`
discord-post-round = Vinculado à rodada { $round } do drand, publicada depois do encerramento.
discord-post-seed = Semente `{ $seed }`
discord-post-entry-list = Lista de participantes `{ $entries }`
discord-post-check = Confira com `fairdrop verify-draw` ou na página de transparência.
discord-post-seed-later = A semente é revelada depois do sorteio.
discord-post-footer = drop { $name } · #{ $id }
discord-button-enter = Participar
discord-button-get-code = Pegar meu código
discord-phase = { $phase ->
        [draft] Rascunho
        [scheduled] Agendado
        [early] Acesso antecipado
        [public] Aberto para todos
        [closed] Fechado
        [drawn] Sorteado: ganhadores, peguem seu código
        [settled] Concluído
       *[cancelled] Cancelado
    }

## Said in the community's announcement channel. $mentions are the winners' Discord mentions,
## put in by fairdrop; a message that pings them allows those users only.

discord-drop-cancelled = O drop **{ $title }** foi cancelado. Os códigos emitidos para ele não valem mais.
discord-drop-cancelled-because = O drop **{ $title }** foi cancelado ({ $reason }). Os códigos emitidos para ele não valem mais.
discord-drawn-no-discord-winners = **{ $title }** foi sorteado. Ganhadores na Twitch: confiram o chat.
discord-drawn = **{ $title }** foi sorteado! Ganhadores, cliquem em **Pegar meu código** no post ou usem /mycodes:
# A moderator moved an open drop's close, or paused or resumed it: $when is the new close.
discord-drop-extended = Um moderador { $moved ->
        [shortened] encurtou
       *[extended] estendeu
    } o prazo de participação de **{ $title }**: agora as participações fecham { $when }.
discord-drop-extended-sometime = Um moderador { $moved ->
        [shortened] encurtou
       *[extended] estendeu
    } o prazo de participação de **{ $title }**.
discord-drop-paused = **{ $title }** foi pausado por um moderador: nada de participações até ele voltar.
discord-drop-resumed = **{ $title }** voltou; as participações fecham { $when }.
discord-drop-resumed-sometime = **{ $title }** voltou.
discord-rerolled-to-you = { $mentions }: uma unidade de **{ $title }** voltou e é sua! Clique em **Pegar meu código** no post ou use /mycodes.

## Answers to moderators' /drop commands, privately. $name is the drop's name as typed.

discord-mod-draft = O drop **{ $name }** está pronto como rascunho ({ $units ->
        [0] 0 unidades
        [one] 1 unidade
        [many] { $units } de unidades
       *[other] { $units } unidades
    }, { $mode ->
        [fcfs] por ordem de chegada
        [draw] sorteio
       *[other] { $mode }
    }). Abra com `/drop open name:{ $command_name }`.
discord-mod-already-prepared = O drop **{ $name }** já está preparado; abra sem opções, ou cancele e abra um novo.
discord-mod-opened = O drop **{ $name }** está aberto. O post com o botão Participar vai para o canal de anúncios.
discord-mod-opened-until = O drop **{ $name }** está aberto, as participações fecham { $when }. O post com o botão Participar vai para o canal de anúncios.
discord-mod-scheduled = O drop **{ $name }** abre sozinho { $when } ({ $units ->
        [0] 0 unidades
        [one] 1 unidade
        [many] { $units } de unidades
       *[other] { $units } unidades
    }, { $mode ->
        [fcfs] por ordem de chegada
        [draw] sorteio
       *[other] { $mode }
    }). O post dele sai agora; `/drop open` abre antes, `/drop cancel` cancela.
discord-mod-closed = O drop **{ $name }** está fechado.
discord-mod-closed-waiting = O drop **{ $name }** está fechado; o sorteio acontece quando a rodada { $round } do drand sair.
discord-mod-closed-drawn = O drop **{ $name }** está fechado e sorteado: { $winners ->
        [0] 0 ganhadores
        [one] 1 ganhador
        [many] { $winners } de ganhadores
       *[other] { $winners } ganhadores
    } entre { $entrants ->
        [0] 0 participantes
        [one] 1 participante
        [many] { $entrants } de participantes
       *[other] { $entrants } participantes
    }, { $waitlist } na lista de espera.
discord-mod-cancelled = O drop **{ $name }** está cancelado.
discord-mod-rerolled = { $units ->
        [0] 0 unidades não retiradas foram para a lista de espera.
        [one] 1 unidade não retirada foi para a lista de espera.
        [many] { $units } de unidades não retiradas foram para a lista de espera.
       *[other] { $units } unidades não retiradas foram para a lista de espera.
    }
# Steering a drop: $winner and $successor are display names, $duration how long.
discord-mod-disqualified = **{ $winner }** foi desclassificado; a unidade #{ $serial } passa para **{ $successor }**.
discord-mod-disqualified-nobody = **{ $winner }** foi desclassificado; não sobrou ninguém na fila para a unidade #{ $serial }.
discord-mod-extended = Drop **{ $name }**: as participações fecham { $when } ({ $moved ->
        [shortened] encurtado
       *[extended] estendido
    } em { $duration }).
# Recurring drops: $every is a weekly day and time (fri 20:00), $when the next drop's time.
discord-mod-series-started = Série **{ $name }**: um drop abre sozinho a cada { $every }; o primeiro { $when }.
discord-mod-series-stopped = A série **{ $name }** foi parada; nenhum drop novo abre por ela.
discord-mod-series-none = Nenhuma série rolando: comece uma com `/drop schedule name every:fri 20:00`.
discord-mod-series-listed = **{ $name }**: a cada { $every }, próximo { $when }
discord-mod-schedule-at-or-every = Informe `at` para um drop só, ou `every` para um drop toda semana (não os dois).
discord-mod-series-no-keyword = Nos drops de uma série semanal se participa com !claim: tire o `keyword`.
discord-mod-paused = Drop **{ $name }**: pausado, com { $duration } de participação restante.
discord-mod-resumed = Drop **{ $name }**: retomado; as participações fecham { $when }.
discord-mod-edited = O drop **{ $name }** agora é **{ $title }**, { $supply ->
        [0] 0 unidades
        [one] 1 unidade
        [many] { $supply } de unidades
       *[other] { $supply } unidades
    }, participações por { $duration }.
discord-mod-edited-starts = O drop **{ $name }** agora é **{ $title }**, { $supply ->
        [0] 0 unidades
        [one] 1 unidade
        [many] { $supply } de unidades
       *[other] { $supply } unidades
    }, participações por { $duration }, abrindo { $when }.
discord-mod-status = Drop **{ $name }**: { $phase ->
        [draft] em rascunho
        [scheduled] agendado
        [early] aberto (acesso antecipado)
        [public] aberto
        [closed] fechado
        [drawn] sorteado
        [settled] encerrado
       *[cancelled] cancelado
    }, { $entrants ->
        [0] 0 participantes
        [one] 1 participante
        [many] { $entrants } de participantes
       *[other] { $entrants } participantes
    }, distribuídas: { $allocated } de { $supply }, retiradas: { $claimed }
discord-mod-status-passed-on = , repassadas: { $expired }
discord-mod-status-closes = , fecha { $when }
discord-mod-status-end = .

## /drop list, /drop history and /drop audit, privately. $listed is a part's drops (each one
## discord-drops-listed*), $member a mention of the member (nobody is pinged).

discord-drops-none = Nenhum drop ainda: abra um com `/drop open`.
discord-drops-part = **{ $part ->
        [running] Rolando
        [upcoming] Em breve
       *[recent] Recentes
    }**: { $listed }
discord-drops-listed = { $name } ({ $phase ->
        [draft] rascunho
        [scheduled] agendado
        [early] acesso antecipado
        [public] aberto para todos
        [closed] fechado
        [drawn] sorteado
        [settled] concluído
        [cancelled] cancelado
       *[other] { $phase }
    })
discord-drops-listed-closes = { $name } ({ $phase ->
        [draft] rascunho
        [scheduled] agendado
        [early] acesso antecipado
        [public] aberto para todos
        [closed] fechado
        [drawn] sorteado
        [settled] concluído
        [cancelled] cancelado
       *[other] { $phase }
    }, fecha { $when })
discord-drops-listed-opens = { $name } ({ $phase ->
        [draft] rascunho
        [scheduled] agendado
        [early] acesso antecipado
        [public] aberto para todos
        [closed] fechado
        [drawn] sorteado
        [settled] concluído
        [cancelled] cancelado
       *[other] { $phase }
    }, abre { $when })
discord-history-none = { $member } ainda não participou nem ganhou nenhum drop aqui.
discord-history-heading = Drops de { $member }, do mais recente ao mais antigo:
# One drop of the history: $what is its parts (discord-history-entered...), joined by "; ".
discord-history-line = **{ $name }** ({ $phase ->
        [draft] rascunho
        [scheduled] agendado
        [early] acesso antecipado
        [public] aberto para todos
        [closed] fechado
        [drawn] sorteado
        [settled] concluído
        [cancelled] cancelado
       *[other] { $phase }
    }): { $what }
discord-history-entered = participou ({ $tier })
discord-history-not-entered = não participou
discord-history-won = ganhou { $units_won }
discord-history-unit = #{ $serial } { $status }
discord-history-redeemed = resgatou { $dates }
discord-audit-none = Nenhuma ação de moderador ainda.
discord-audit-none-for = Nenhuma ação de moderador em **{ $name }** ainda.
# One action: $about is " <drop>" or nothing, $asked " [<options>]" or nothing.
discord-audit-line = { $when } **{ $action }**{ $about } por { $actor } ({ $platform }){ $asked }: { $result }

## Refusals to a member who may not run a moderator command. $role shows the moderator role
## (Discord shows its name; nobody is pinged).

discord-refused-not-moderator = Só membros com o cargo { $role } ou com a permissão Gerenciar servidor podem comandar drops e listas aqui.
discord-refused-no-moderator-role = Só membros com a permissão Gerenciar servidor podem comandar drops e listas aqui (dá para adicionar um cargo de moderador com /fairdrop setup).
discord-refused-not-set-up = O fairdrop não está configurado neste servidor: adicione o ID dele em [[discord.guilds]] na configuração do bot
discord-refused-setup = Só membros com a permissão Gerenciar servidor podem mudar a configuração do fairdrop aqui.

## The summary of a drop (24 h and 72 h after the close), as an embed

discord-summary-title = { $title }: { $after }
discord-summary-after = { $span } depois do encerramento
discord-summary-so-far = até agora
discord-summary-description = **{ $entrants }** { $entrants ->
        [0] participantes
        [one] participante
        [many] de participantes
       *[other] participantes
    } ({ $new ->
        [0] 0 novos
        [one] 1 novo
       *[other] { $new } novos
    }, { $returning } de volta), **{ $winners }** { $winners ->
        [0] ganhadores
        [one] ganhador
        [many] de ganhadores
       *[other] ganhadores
    }, **{ $redeemed }** { $redeemed ->
        [0] resgatados
        [one] resgatado
       *[other] resgatados
    } ({ $share_of_winners } dos ganhadores, { $share_of_viewed } dos códigos vistos).
discord-summary-funnel = Funil
discord-summary-step = { $step ->
        [entrants] participantes
        [eligible] elegíveis
        [winners] ganhadores
        [delivered] entregues
        [viewed] vistos
       *[redeemed] resgatados
    }: **{ $count }**
discord-summary-timing = Tempos
discord-summary-timing-value = mediana até a retirada: **{ $claim }**
    mediana até o resgate: **{ $redeem }**
    repassadas: **{ $rerolls }**
discord-summary-revenue = Receita informada
discord-summary-revenue-value = **{ $money }** em { $orders ->
        [0] 0 pedidos
        [one] 1 pedido
        [many] { $orders } de pedidos
       *[other] { $orders } pedidos
    }
discord-summary-by-tier = Por nível
discord-summary-by-platform = Por plataforma
discord-summary-filtered = Filtrados
discord-summary-fairness = Justiça: parcela das participações → parcela dos ganhadores
discord-summary-fairness-row = { $tier }: { $entry_share } → **{ $winner_share }**
discord-summary-row = { $name }: **{ $count }**
# Um motivo contado pelo qual alguém ficou de fora (ao participar) ou fora do sorteio (no fechamento);
# $name é o motivo como foi guardado, dito quando esta versão não tem palavras para ele.
discord-summary-reason-row = { $reason_kind ->
        [denied] lista de bloqueio
        [suspicious] suspeito
        [account_age] idade da conta
        [not_following] não segue o canal
        [follow_age] tempo como seguidor
        [at_close_denied] filtrado no fechamento: lista de bloqueio
        [at_close_suspicious] filtrado no fechamento: suspeito
        [at_close_account_age] filtrado no fechamento: idade da conta
        [at_close_not_following] filtrado no fechamento: não segue o canal
        [at_close_follow_age] filtrado no fechamento: tempo como seguidor
        [one_entry] uma participação por pessoa
        [guaranteed] tem uma unidade garantida por uma lista
        [not_eligible] não é mais elegível
        [wrong_window] não é mais elegível para a janela em que entrou
       *[other] { $name }
    }: **{ $count }**
discord-summary-more-rows = e mais { $more }
discord-summary-none = nenhum
discord-summary-footer = Dados de { $as_of }; fechado em { $closed }
discord-summary-footer-provisional = Dados de { $as_of } (provisórios); fechado em { $closed }

## Answers to moderators' /alloc commands, privately. $list is a list's name as typed; $kind
## early, guaranteed or deny (the option's value, shown in words).

discord-list-made = A lista **{ $list }** ({ $kind }) está pronta.
discord-list-added = **{ $list }**: { $added ->
        [0] 0 adicionados
        [one] 1 adicionado
       *[other] { $added } adicionados
    }.
discord-list-added-some-there = **{ $list }**: { $added ->
        [0] 0 adicionados
        [one] 1 adicionado
       *[other] { $added } adicionados
    } ({ $already ->
        [0] 0 já estavam nela
        [one] 1 já estava nela
       *[other] { $already } já estavam nela
    }).
discord-list-removed = **{ $list }**: { $removed ->
        [0] 0 removidos
        [one] 1 removido
       *[other] { $removed } removidos
    }.
discord-list-none = Nenhuma lista ainda: crie uma com `/alloc create`.
discord-list-summary = **{ $list }** ({ $kind }): { $members ->
        [0] 0 membros
        [one] 1 membro
        [many] { $members } de membros
       *[other] { $members } membros
    }
discord-list-heading = **{ $list }** ({ $kind }), { $members }:
discord-list-more = …e mais { $more } (`/alloc export`).
discord-list-imported = Importado para **{ $list }**: { $added ->
        [0] 0 adicionados
        [one] 1 adicionado
       *[other] { $added } adicionados
    }, { $already ->
        [0] 0 já estavam nela
        [one] 1 já estava nela
       *[other] { $already } já estavam nela
    }.
discord-list-imported-replacing = Importado para **{ $list }**: { $added ->
        [0] 0 adicionados
        [one] 1 adicionado
       *[other] { $added } adicionados
    }, { $already ->
        [0] 0 já estavam nela
        [one] 1 já estava nela
       *[other] { $already } já estavam nela
    }, { $removed ->
        [0] 0 removidos
        [one] 1 removido
       *[other] { $removed } removidos
    }.
discord-list-export = **{ $list }** em CSV:
discord-list-deleted = **{ $list }** excluída ({ $members ->
        [0] 0 membros
        [one] 1 membro
        [many] { $members } de membros
       *[other] { $members } membros
    }).

## The answer to /fairdrop setup: $drops and $summaries are channels, $role the moderator role
## (shown by name, nobody pinged); each is discord-setup-not-set when there is none.

discord-setup = Os drops são postados em { $drops }, os resumos em { $summaries }. Cargo de moderador: { $role } (Gerenciar servidor sempre funciona).
discord-setup-not-set = não definido
discord-beacon-waiting = O sorteio de **{ $title }** está esperando a aleatoriedade pública (rodada { $round } do drand), que ainda não está disponível; ele só acontece quando a rodada estiver disponível.
discord-beacon-waiting-draw-without = O sorteio de **{ $title }** está esperando a aleatoriedade pública (rodada { $round } do drand), que ainda não está disponível; depois de { $wait }, ele acontece sem ela (fica registrado na ata do sorteio).

## A season's summary in the summary channel, with the chart of its episodes and retention.

discord-season-title-final = Temporada { $series }: a temporada inteira
discord-season-title-month = Temporada { $series }: até o fim de { $month }
discord-season-description = **{ $episodes }** { $episodes ->
        [one] episódio
       *[other] episódios
    }, **{ $entrants }** { $entrants ->
        [one] participação
       *[other] participações
    } ({ $returning } de fãs que voltaram), **{ $redeemed }** resgatados.
discord-season-lift = { $subscriptions } inscrições novas nas 72 h após os episódios, contra { $expected } esperadas: uma comparação com semanas anteriores, não prova de que os drops as causaram.
discord-season-lift-unknown = { $subscriptions } inscrições novas nas 72 h após os episódios: uma contagem, não prova de que os drops as causaram.
discord-season-footer = Em { $as_of }
# /lists: a refused member list or import file; $file is the attached file's name.
discord-lists-no-member = informe pelo menos um membro (uma menção, twitch:<id> ou um login da Twitch)
discord-lists-file-too-large = { $file }: maior que { $count } bytes
discord-lists-file-not-utf8 = { $file }: não é texto UTF-8; salve como CSV UTF-8
