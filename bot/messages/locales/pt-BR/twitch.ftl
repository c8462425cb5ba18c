## Brazilian Portuguese (pt-BR). Said in Twitch chat. A line is at most 500 characters and starts
## with our own words, never with a value. $title is the drop's title (its name when it has
## none); $command is !claim; $closes, $starts, $deadline and $opens are times like 14:05 UTC;
## $link is a web address. Chat is spoken to as "você".
## Plurals: in pt-BR the CLDR category [one] covers 0 and 1, so a selector that shows the count
## has a [0] variant first (zero takes the plural here: "0 participantes"); [many] is a whole
## million, said with "de" before a noun ("1.000.000 de participantes").

## The drop's announcements. $emoji is the community's emoji and a space ([communities.NAME]
## emoji), or nothing.

twitch-drop-terms = { $units ->
        [0] quantidade limitada
        [one] 1 unidade
        [many] { $units } de unidades
       *[other] { $units } unidades
    }, { $mode ->
        [fcfs] por ordem de chegada
       *[draw] ganhadores sorteados no encerramento
    }
twitch-scheduled = Drop "{ $title }" agendado para { $starts }: { $terms }.
twitch-scheduled-sometime = Drop "{ $title }" agendado: { $terms }.
twitch-opened = { $emoji }Drop aberto: "{ $title }"! { $terms }.
twitch-open-to-everyone = { $emoji }O drop "{ $title }" agora está aberto para todo mundo! { $terms }.
twitch-enter-until = Digite { $command } para participar até { $closes }.
twitch-enter = Digite { $command } para participar.
twitch-tiers = Quem pode participar e quando: { $tiers }.
twitch-tier-from = { $who } a partir de { $opens }
twitch-commitment = Sorteio justo: compromisso { $commitment }, semente revelada depois do sorteio; confira em { $link }.
twitch-commitment-cli = Sorteio justo: compromisso { $commitment }, semente revelada depois do sorteio; confira com fairdrop verify-draw.
twitch-commitment-round = Sorteio justo: compromisso { $commitment }, vinculado à rodada { $round } do drand (aleatoriedade pública publicada depois do encerramento); semente revelada depois do sorteio; confira em { $link }.
twitch-commitment-round-cli = Sorteio justo: compromisso { $commitment }, vinculado à rodada { $round } do drand (aleatoriedade pública publicada depois do encerramento); semente revelada depois do sorteio; confira com fairdrop verify-draw.
twitch-beacon-waiting = O sorteio de "{ $title }" está esperando a aleatoriedade pública (rodada { $round } do drand), que ainda não está disponível; ele só acontece quando a rodada estiver disponível.
twitch-beacon-waiting-draw-without = O sorteio de "{ $title }" está esperando a aleatoriedade pública (rodada { $round } do drand), que ainda não está disponível; depois de { $wait }, ele acontece sem ela (fica registrado na ata do sorteio).
twitch-closing-at = O drop "{ $title }" fecha às { $closes }: digite { $command } agora para participar.
twitch-closing-soon = O drop "{ $title }" fecha daqui a pouco: digite { $command } agora para participar.
twitch-closed = Drop "{ $title }" encerrado: não dá mais para participar.
twitch-closed-entrants = { $entrants ->
        [0] 0 participantes.
        [one] 1 participante.
        [many] { $entrants } de participantes.
       *[other] { $entrants } participantes.
    }
twitch-closed-frozen = Lista de participantes congelada, hash { $hash }; agora vem o sorteio.
twitch-closed-arrivals = Chegadas registradas, topo da cadeia { $hash }; as unidades saíram por ordem de chegada.
twitch-drawn = Drop "{ $title }" sorteado: { $winners ->
        [0] 0 ganhadores
        [one] 1 ganhador
        [many] { $winners } de ganhadores
       *[other] { $winners } ganhadores
    } entre { $entrants ->
        [0] 0 participantes
        [one] 1 participante
        [many] { $entrants } de participantes
       *[other] { $entrants } participantes
    }.
twitch-drawn-guaranteed = { $units ->
        [0] 0 unidades foram
        [one] 1 unidade foi
        [many] { $units } de unidades foram
       *[other] { $units } unidades foram
    } primeiro para as listas garantidas.
twitch-drawn-winners = Ganhadores de "{ $title }":
twitch-drawn-nameless = E mais { $winners ->
        [0] 0 ganhadores da Twitch cujos nomes não podem ser mostrados.
        [one] 1 ganhador da Twitch cujo nome não pode ser mostrado.
        [many] { $winners } de ganhadores da Twitch cujos nomes não podem ser mostrados.
       *[other] { $winners } ganhadores da Twitch cujos nomes não podem ser mostrados.
    }
twitch-drawn-on-discord = { $winners ->
        [0] 0 ganhadores no Discord recebem o código por lá.
        [one] 1 ganhador no Discord recebe o código por lá.
        [many] { $winners } de ganhadores no Discord recebem o código por lá.
       *[other] { $winners } ganhadores no Discord recebem o código por lá.
    }
twitch-drawn-claim = Ganhadores: entrem em { $link } para pegar o código.
twitch-reveal = Sorteio justo: { $hashes }; confira em { $link }.
twitch-reveal-cli = Sorteio justo: { $hashes }; confira com fairdrop verify-draw.
twitch-reveal-seed = semente { $hash }
twitch-reveal-commitment = compromisso { $hash }
twitch-reveal-entry-list = lista de participantes { $hash }
twitch-won = Drop "{ $title }": você ganhou! Pegue seu código em { $link } até { $deadline }:
twitch-won-sometime = Drop "{ $title }": você ganhou! Pegue seu código em { $link }:
twitch-won-nameless = e { $winners ->
        [0] 0 ganhadores cujos nomes não podem ser mostrados
        [one] 1 ganhador cujo nome não pode ser mostrado
        [many] { $winners } de ganhadores cujos nomes não podem ser mostrados
       *[other] { $winners } ganhadores cujos nomes não podem ser mostrados
    }
twitch-rerolled = Drop "{ $title }": { $count ->
        [one] { $units } não foi retirada a tempo e passa
       *[other] { $units } não foram retiradas a tempo e passam
    } para { $count ->
        [one] o próximo participante
       *[other] os próximos participantes
    } da fila.
twitch-rerolled-nobody = Drop "{ $title }": { $count ->
        [one] { $units } não foi retirada a tempo, e não sobrou ninguém na fila para recebê-la.
       *[other] { $units } não foram retiradas a tempo, e não sobrou ninguém na fila para recebê-las.
    }
# A moderator disqualified a unit's winner: $units is the unit (twitch-unit), $reason their words.
twitch-disqualified = Drop "{ $title }": o ganhador de { $units } foi desclassificado por um moderador, e a unidade passa para o próximo participante da fila.
twitch-disqualified-because = Drop "{ $title }": o ganhador de { $units } foi desclassificado por um moderador ({ $reason }), e a unidade passa para o próximo participante da fila.
twitch-disqualified-nobody = Drop "{ $title }": o ganhador de { $units } foi desclassificado por um moderador, e não sobrou ninguém na fila para receber a unidade.
twitch-disqualified-nobody-because = Drop "{ $title }": o ganhador de { $units } foi desclassificado por um moderador ({ $reason }), e não sobrou ninguém na fila para receber a unidade.
twitch-unit = #{ $serial }
twitch-a-unit = uma unidade
twitch-cancelled = O drop "{ $title }" foi cancelado. Os códigos emitidos para ele não valem mais.
twitch-cancelled-because = O drop "{ $title }" foi cancelado ({ $reason }). Os códigos emitidos para ele não valem mais.
# A moderator moved an open drop's close: $duration is by how much, $closes the new close.
twitch-extended = Drop "{ $title }": um moderador { $moved ->
        [shortened] encurtou
       *[extended] estendeu
    } o prazo de participação em { $duration }; agora as participações fecham às { $closes }.
twitch-extended-sometime = Drop "{ $title }": um moderador { $moved ->
        [shortened] encurtou
       *[extended] estendeu
    } o prazo de participação.
twitch-paused = O drop "{ $title }" foi pausado por um moderador: nada de participações até ele voltar.
twitch-resumed = O drop "{ $title }" voltou: digite { $command } para participar; as participações fecham às { $closes }.
twitch-resumed-sometime = O drop "{ $title }" voltou: digite { $command } para participar.
twitch-settled = Drop "{ $title }" concluído: todas as unidades foram retiradas ou repassadas. Valeu, galera!

## The summary after a drop, in one line

twitch-summary-head = Drop "{ $title }", { $after }:
# $after: how long after the close the summary's figures were taken (or so far).
twitch-summary-after = { $span } depois do encerramento
twitch-summary-so-far = até agora
twitch-summary-entrants = { $entrants ->
        [0] 0 participantes
        [one] 1 participante
        [many] { $entrants } de participantes
       *[other] { $entrants } participantes
    }
twitch-summary-entrants-returning = { $entrants ->
        [0] 0 participantes
        [one] 1 participante
        [many] { $entrants } de participantes
       *[other] { $entrants } participantes
    } ({ $new ->
        [0] 0 novos
        [one] 1 novo
       *[other] { $new } novos
    }, { $returning } de volta)
twitch-summary-needed = { $entrants }, { $winners ->
        [0] 0 ganhadores
        [one] 1 ganhador
        [many] { $winners } de ganhadores
       *[other] { $winners } ganhadores
    }, { $redeemed ->
        [0] 0 resgatados
        [one] 1 resgatado
       *[other] { $redeemed } resgatados
    }.
twitch-summary-needed-share = { $entrants }, { $winners ->
        [0] 0 ganhadores
        [one] 1 ganhador
        [many] { $winners } de ganhadores
       *[other] { $winners } ganhadores
    }, { $redeemed ->
        [0] 0 resgatados
        [one] 1 resgatado
       *[other] { $redeemed } resgatados
    } ({ $share } dos ganhadores).
twitch-summary-told = Avisados: { $told }, viram o código: { $viewed }.
twitch-summary-claim-time = Mediana até a retirada: { $duration }.
twitch-summary-redeem-time = Mediana até o resgate: { $duration }.
twitch-summary-revenue = Pedidos no valor de { $money }.
twitch-summary-link = Todos os números e o sorteio justo: { $link }
twitch-summary-cli = Confira o sorteio com fairdrop verify-draw.

## Answers to chat commands: said before a batch of @mentions

twitch-ack-entered = Você está no drop "{ $title }":
twitch-ack-already = Você já está no drop "{ $title }", uma participação por pessoa:
twitch-ack-won = Você garantiu uma unidade de "{ $title }"! Pegue seu código na página de retirada:
twitch-ack-sold-out = O drop "{ $title }" esgotou, você está na lista de espera:
twitch-ack-cap = Esse é o máximo que uma pessoa pode levar no drop "{ $title }":
twitch-ack-opens-at = O drop "{ $title }" abre para você às { $opens }:
twitch-ack-early-access = O acesso antecipado é para { $who }; todo mundo pode participar do drop "{ $title }" a partir de { $opens }:
twitch-ack-not-eligible = Não foi dessa vez ({ $reason }):
twitch-ack-closed = O drop "{ $title }" já fechou:
twitch-ack-paused = O drop "{ $title }" está pausado, tente de novo quando ele voltar:
twitch-ack-not-open = O drop "{ $title }" ainda não abriu:
twitch-ack-no-drop = Nenhum drop rolando agora:
twitch-ack-slow-down = Calma, uma vez basta:
# The line that counts, rather than mentions, the rest of a rush: $said is one of the above.
twitch-ack-counted = { $said } mais { $more } de vocês.
twitch-ack-merged-more = e mais { $more }.

## Answers to one chatter: said as "<answer> (@login)"

twitch-reply = { $answer } ({ $mention })
twitch-reply-mods-only = só o streamer e os moderadores podem comandar drops
twitch-reply-failed-claim = isso não deu certo do nosso lado; tente { $command } de novo daqui a pouco
twitch-reply-failed = isso não deu certo do nosso lado; tente de novo daqui a pouco
twitch-reply-rerolled = { $units ->
        [0] 0 unidades não retiradas foram para a lista de espera
        [one] 1 unidade não retirada foi para a lista de espera
        [many] { $units } de unidades não retiradas foram para a lista de espera
       *[other] { $units } unidades não retiradas foram para a lista de espera
    }
twitch-reply-status = drop { $name }: { $phase ->
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
# Moderators steering a drop: $winner and $successor are display names, $duration how long.
twitch-reply-disqualified = { $winner } foi desclassificado; a unidade #{ $serial } passa para { $successor }
twitch-reply-disqualified-nobody = { $winner } foi desclassificado; não sobrou ninguém na fila para a unidade #{ $serial }
twitch-reply-extended = as participações fecham às { $closes } ({ $moved ->
        [shortened] encurtado
       *[extended] estendido
    } em { $duration })
twitch-reply-paused = pausado, com { $duration } de participação restante
twitch-reply-resumed = retomado; as participações fecham às { $closes }
twitch-reply-edited = o drop { $name } agora é "{ $title }", { $supply ->
        [0] 0 unidades
        [one] 1 unidade
        [many] { $supply } de unidades
       *[other] { $supply } unidades
    }, participações por { $duration }
twitch-reply-edited-starts = o drop { $name } agora é "{ $title }", { $supply ->
        [0] 0 unidades
        [one] 1 unidade
        [many] { $supply } de unidades
       *[other] { $supply } unidades
    }, participações por { $duration }, abrindo às { $starts }
twitch-reply-linked = vinculado: suas contas da Twitch e do Discord agora são uma pessoa só nos drops
twitch-reply-already-linked = já vinculado
twitch-reply-link-self = esse código é seu; digite ele pela sua outra conta
twitch-reply-linked-elsewhere = esta conta está vinculada a outra; desvincule primeiro e depois use /link de novo
twitch-reply-link-unknown = esse código de vínculo é desconhecido, já foi usado ou expirou; use /link no Discord para pegar um novo

## Linhas de uso de um comando de chat mal digitado, ditas como respostas (twitch-reply). Os
## comandos, suas opções e as palavras em maiúsculas (NAME, CODE) são o que se digita: mantenha.
## $typed é o que o moderador digitou e não foi entendido; $usage é uma das linhas de uso.

twitch-usage-drop = uso: !drop open|close|status|cancel|reroll|list|disqualify|extend|shorten|pause|resume|edit|schedule|series|help
twitch-usage-open = uso: !drop open NAME [supply=N] [for=10m] [early=2m] [mode=lottery|fcfs] [title=...] [at=20:00] [beacon=on|off] [keyword=!palavra]
twitch-usage-edit = uso: !drop edit NAME [supply=N] [for=10m] [early=2m] [title=...] [at=20:00] (drops em rascunho ou agendados)
twitch-usage-extend = uso: !drop extend 5m (ou -5m) [NAME], !drop shorten 5m [NAME]
twitch-usage-disqualify = uso: !drop disqualify @usuario [motivo]
twitch-usage-schedule = uso: !drop schedule NAME every fri 20:00 [supply=N] [for=10m] [early=2m] [mode=lottery|fcfs] [title=...] [beacon=on|off]
twitch-usage-series = uso: !drop series (as que estão rodando), !drop series stop NAME
twitch-usage-link = uso: !link CODE (pegue o código com /link no nosso Discord)
twitch-usage-list = uso: !drop list
twitch-usage-help = uso: !drop help
twitch-usage-close = uso: !drop close [NAME]
twitch-usage-status = uso: !drop status [NAME]
twitch-usage-reroll = uso: !drop reroll [NAME]
twitch-usage-pause = uso: !drop pause [NAME]
twitch-usage-resume = uso: !drop resume [NAME]
twitch-usage-at-in-series = at= não cabe numa série: every diz quando; { $usage }
twitch-usage-keyword-in-series = keyword= não cabe numa série: nos drops dela se entra com !claim; { $usage }
twitch-usage-not-a-duration = { $typed } não é uma duração como 5m ou 1h30m; { $usage }
twitch-usage-not-key-value = '{ $typed }' não é chave=valor; { $usage }
twitch-usage-given-twice = { $typed }= aparece duas vezes; { $usage }
twitch-usage-unknown-option = opção desconhecida { $typed }=; { $usage }
twitch-usage-supply = supply={ $typed } precisa ser um número inteiro de 1 a 1.000.000
twitch-usage-duration = { $typed } não é uma duração como 30s, 10m ou 1h30m
twitch-usage-mode = mode={ $typed } precisa ser lottery ou fcfs
twitch-usage-beacon = beacon={ $typed } precisa ser on ou off
twitch-help = fairdrop: !claim para entrar no drop em andamento; !link CODE para juntar sua conta do Discord. Mods: !drop open NAME [supply=N] [for=10m] [early=2m] [mode=lottery|fcfs] [at=20:00] [keyword=!palavra], !drop close, !drop status, !drop cancel, !drop reroll, !drop list, !drop disqualify @usuario [motivo], !drop extend 5m, !drop shorten 5m, !drop pause, !drop resume, !drop edit NAME supply=N, !drop schedule NAME every fri 20:00, !drop series [stop NAME]

## !drop list, to a moderator, in one line (clipped to 500): parts joined by "; ", $drops_line a part's drops (each
## one twitch-drops-listed*), $when a time like 14:05 UTC

twitch-drops-none = nenhum drop ainda; abra um com !drop open NOME
twitch-drops-part = { $part ->
        [running] rolando
        [upcoming] em breve
       *[recent] recentes
    }: { $drops_line }
twitch-drops-listed = { $name } ({ $phase ->
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
twitch-drops-listed-closes = { $name } ({ $phase ->
        [draft] rascunho
        [scheduled] agendado
        [early] acesso antecipado
        [public] aberto para todos
        [closed] fechado
        [drawn] sorteado
        [settled] concluído
        [cancelled] cancelado
       *[other] { $phase }
    }, fecha às { $when })
twitch-drops-listed-opens = { $name } ({ $phase ->
        [draft] rascunho
        [scheduled] agendado
        [early] acesso antecipado
        [public] aberto para todos
        [closed] fechado
        [drawn] sorteado
        [settled] concluído
        [cancelled] cancelado
       *[other] { $phase }
    }, abre às { $when })

# Recurring drops: $every is a weekly day and time (fri 20:00), $next when the next drop opens.
twitch-reply-series-started = série { $name }: um drop a cada { $every }, o primeiro em { $next }
twitch-reply-series-stopped = a série { $name } foi parada; nenhum drop novo abre por ela
twitch-series-none = nenhuma série rolando; comece uma com !drop schedule NOME every fri 20:00
twitch-series-list = séries: { $series_line }
twitch-series-listed = { $name } (a cada { $every }, próximo em { $next })

## A whisper to a Twitch winner (an option): never a code. $deadline is a time like 14:05 UTC.
## twitch-whisper-won-plain is said when the unit's number or the deadline is not known.

twitch-whisper-won = Você ganhou o drop "{ $title }" (#{ $serial })! Pegue seu código em { $link } até { $deadline }. O fairdrop nunca manda códigos por sussurro nem no chat.
twitch-whisper-won-plain = Você ganhou o drop "{ $title }"! Pegue seu código em { $link }. O fairdrop nunca manda códigos por sussurro nem no chat.

## A season's summary in one line: once the season is over, or on the first of a month for the
## month before ($month, like May 2026). $entrants counts entries: a fan once per episode.

twitch-season-final = A temporada "{ $series }" terminou: { $episodes ->
        [one] { $episodes } episódio
       *[other] { $episodes } episódios
    }, { $entrants ->
        [one] { $entrants } participação
       *[other] { $entrants } participações
    } ({ $returning } de fãs que voltaram), { $redeemed } resgatados.
twitch-season-month = Temporada "{ $series }" até o fim de { $month }: { $episodes ->
        [one] { $episodes } episódio
       *[other] { $episodes } episódios
    }, { $entrants ->
        [one] { $entrants } participação
       *[other] { $entrants } participações
    } ({ $returning } de fãs que voltaram), { $redeemed } resgatados.
twitch-season-lift = { $subscriptions } inscrições novas nas 72 h após os episódios, contra { $expected } esperadas: uma comparação, não prova de que os drops as causaram.
twitch-season-lift-unknown = { $subscriptions } inscrições novas nas 72 h após os episódios: uma contagem, não prova de que os drops as causaram.
