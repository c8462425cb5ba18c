## Para quem é um nível, dito onde um nível é nomeado (o post de um drop, sua linha de abertura
## no chat, uma resposta de acesso antecipado), montado peça por peça a partir da regra.
## $left e $right são peças já ditas; $list, $name (um drop) e $series são nomes que alguém
## digitou; $role_name é o nome de um cargo do Discord; $age uma duração como 30d; $span uma
## duração como 30 dias.

tier-everyone = todo mundo
tier-badge = { $badge ->
        [subscriber] inscritos
        [founder] fundadores
        [vip] VIPs
        [moderator] moderadores
       *[broadcaster] quem faz a live
    }
tier-role = membros com o cargo { $role_name }
tier-role-unnamed = membros com um cargo do Discord
tier-list = a lista { $list }
tier-holder = quem tem { $name }
tier-series = quem tem algum drop de { $series }
tier-won-within = quem ganhou um drop nos últimos { $span }
tier-won-within-series = quem ganhou um drop de { $series } nos últimos { $span }
tier-account-age = contas com mais de { $age }
tier-follow-age = seguidores há mais de { $age }
tier-join-age = membros do Discord que entraram há mais de { $age }
tier-or = { $left } ou { $right }
tier-and = { $left } e { $right }
tier-not = não { $left }
tier-grouped = ({ $left })
tier-requiring = { $left } ({ $right })
tier-refusal = este drop é para { $left }
# Por que uma regra antibots ou uma lista de bloqueio deixou alguém de fora ao participar.
tier-filtered = { $reason_kind ->
        [denied] bloqueado
        [suspicious] suspeito
        [account_age] idade da conta
        [not_following] não segue o canal
       *[follow_age] tempo como seguidor
    }
# Por que uma exclusão deixa alguém de fora: $left é para quem o drop não é; $ago há quanto tempo
# ganhou (tier-ago), $span quanto tempo quem ganha espera.
tier-barred = este drop não é para { $left }
tier-barred-role = membros com um cargo do Discord não podem participar deste drop
tier-barred-won = você ganhou um drop { $ago }; quem ganha espera { $span }
tier-barred-won-series = você ganhou um drop de { $series } { $ago }; quem ganha em { $series } espera { $span }
tier-ago = há { $span }
tier-ago-now = agora há pouco
tier-also = { $left }; { $right }
