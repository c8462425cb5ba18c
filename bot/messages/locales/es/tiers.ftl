## Para quién es un nivel, dicho donde se nombra un nivel (la publicación de un drop, su línea de
## apertura en el chat, una respuesta de acceso anticipado), construido pieza a pieza desde su
## regla. $left y $right son piezas ya dichas; $list, $name (un drop) y $series son nombres que
## alguien escribió; $role_name es el nombre de un rol de Discord; $age una duración como 30d;
## $span una duración como 30 días.

tier-everyone = todo el mundo
tier-badge = { $badge ->
        [subscriber] suscriptores
        [founder] fundadores
        [vip] VIPs
        [moderator] moderadores
       *[broadcaster] quien emite
    }
tier-role = miembros con el rol { $role_name }
tier-role-unnamed = miembros con un rol de Discord
tier-list = la lista { $list }
tier-holder = quienes tienen { $name }
tier-series = quienes tienen algún drop de { $series }
tier-won-within = quienes ganaron un drop en los últimos { $span }
tier-won-within-series = quienes ganaron un drop de { $series } en los últimos { $span }
tier-account-age = cuentas con más de { $age }
tier-follow-age = seguidores desde hace más de { $age }
tier-join-age = miembros de Discord que entraron hace más de { $age }
tier-or = { $left } o { $right }
tier-and = { $left } y { $right }
tier-not = no { $left }
tier-grouped = ({ $left })
tier-requiring = { $left } ({ $right })
tier-refusal = este drop es para { $left }
# Por qué una regla antibots o una lista de bloqueo dejó fuera a alguien al participar.
tier-filtered = { $reason_kind ->
        [denied] denegado
        [suspicious] sospechoso
        [account_age] antigüedad de la cuenta
        [not_following] no sigue el canal
       *[follow_age] antigüedad como seguidor
    }
# Por qué una exclusión deja fuera a alguien: $left es para quién no es el drop; $ago hace cuánto
# ganó (tier-ago), $span cuánto esperan quienes ganan.
tier-barred = este drop no es para { $left }
tier-barred-role = los miembros con un rol de Discord no pueden participar en este drop
tier-barred-won = ganaste un drop { $ago }; quienes ganan esperan { $span }
tier-barred-won-series = ganaste un drop de { $series } { $ago }; quienes ganan en { $series } esperan { $span }
tier-ago = hace { $span }
tier-ago-now = hace un momento
tier-also = { $left }; { $right }
