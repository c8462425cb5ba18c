## Brazilian Portuguese (pt-BR). Shown on stream by the OBS overlay (/overlay/<community>): short
## lines read at a glance, on a small panel in a corner. The page puts in the values as the drop
## moves: $countdown is a countdown like 4:59 or 1:02:03; $starts a time of day in the streamer's
## clock; $who the groups with early access, listed; $link the short address of the drop's
## transparency page; $commitment the start of the commitment; counts are numbers the plural
## rules pick words for.
## Plurals: the page renders each counted line once per CLDR category (with 1 for [one]) and
## picks one with Intl.PluralRules, so a [0] variant never reaches it and 0 takes the [one]
## words. The entrant count, 0 when a drop opens, is therefore said as "Participantes: 0".

## What the drop is doing, above its title

overlay-phase-scheduled = Próximo drop
overlay-phase-early = Acesso antecipado
overlay-phase-public = Aberto para todo mundo
overlay-phase-paused = Pausado
overlay-phase-drawing = Sorteando…
overlay-phase-cancelled = Cancelado
overlay-winners = { $winners ->
    [one] Ganhador
   *[other] Ganhadores
}

## Under the title

overlay-supply = { $supply ->
    [0] { $supply } unidades
    [one] { $supply } unidade
    [many] { $supply } de unidades
   *[other] { $supply } unidades
}
overlay-starts = Começa às { $starts }
overlay-opens-in = Abre em { $countdown }
overlay-early = Acesso antecipado: { $who }
overlay-everyone-in = Aberto para todo mundo em { $countdown }
overlay-closes-in = Fecha em { $countdown }
overlay-entrants = Participantes: { $entrants }
overlay-commitment = Compromisso { $commitment }
overlay-beacon = Aguardando a rodada { $round } do drand
overlay-more-winners = { $more ->
    [one] e mais { $more }
   *[other] e mais { $more }
}
overlay-no-winners = Ninguém participou: nenhum ganhador.
overlay-check = Confira o sorteio: { $link }

## Who has early access ($who above), one line per kind of condition a tier's rule names;
## the page joins several with "and" or "or" in the page's language. $age is a length of time
## like "30 dias"; $list, $name and $series are names from the drop's rules.

overlay-who-everyone = todos
overlay-who-subscriber = inscritos
overlay-who-founder = fundadores
overlay-who-vip = VIPs
overlay-who-moderator = moderadores
overlay-who-broadcaster = o streamer
overlay-who-role = membros com um cargo do Discord
overlay-who-list = a lista { $list }
overlay-who-holder = donos de { $name }
overlay-who-series = donos de qualquer drop de { $series }
overlay-who-account-age = contas com mais de { $age }
overlay-who-follow-age = seguidores há mais de { $age }
overlay-who-join-age = membros do Discord há mais de { $age }
overlay-who-won-within = ganhadores dos últimos { $age }
overlay-who-won-within-series = ganhadores de { $series } dos últimos { $age }
overlay-who-not = não { $who }
overlay-who-requiring = { $who } ({ $required })

## The moderators' preview (/overlay/<community>/preview): a sample drop, no real one

overlay-preview-title = Drop de exemplo: moletom autografado

## The browser source's address names no community or drop fairdrop knows

overlay-unknown = Nenhum overlay aqui: confira o nome da comunidade ou o número do drop no endereço.
