## Lo que se dice en el chat de Twitch. Una línea tiene como mucho 500 caracteres y empieza con
## nuestras palabras, nunca con un valor. $title es el título del drop (su nombre si no tiene);
## $command es !claim; $closes, $starts, $deadline y $opens son horas como 14:05 UTC; $link es
## una dirección web.

## Los anuncios del drop. $emoji es el emoji de la comunidad y un espacio ([communities.NAME]
## emoji), o nada.

twitch-drop-terms = { $units ->
        [0] unidades limitadas
        [one] 1 unidad
        [many] { $units } de unidades
       *[other] { $units } unidades
    }, { $mode ->
        [fcfs] por orden de llegada
       *[draw] ganadores sorteados al cierre
    }
twitch-scheduled = El drop "{ $title }" está programado para las { $starts }: { $terms }.
twitch-scheduled-sometime = El drop "{ $title }" está programado: { $terms }.
twitch-opened = { $emoji }¡Drop abierto: "{ $title }"! { $terms }.
twitch-open-to-everyone = { $emoji }¡El drop "{ $title }" ya está abierto para todos! { $terms }.
twitch-enter-until = Escribe { $command } para participar hasta las { $closes }.
twitch-enter = Escribe { $command } para participar.
twitch-tiers = Quién puede participar y cuándo: { $tiers }.
twitch-tier-from = { $who } desde las { $opens }
twitch-commitment = Sorteo justo: compromiso { $commitment }; la semilla se revela tras el sorteo; compruébalo en { $link }.
twitch-commitment-cli = Sorteo justo: compromiso { $commitment }; la semilla se revela tras el sorteo; compruébalo con fairdrop verify-draw.
twitch-commitment-round = Sorteo justo: compromiso { $commitment }, ligado a la ronda { $round } de drand (azar público que se publica tras el cierre); la semilla se revela tras el sorteo; compruébalo en { $link }.
twitch-commitment-round-cli = Sorteo justo: compromiso { $commitment }, ligado a la ronda { $round } de drand (azar público que se publica tras el cierre); la semilla se revela tras el sorteo; compruébalo con fairdrop verify-draw.
twitch-beacon-waiting = El sorteo de "{ $title }" espera el azar público (ronda { $round } de drand), que aún no se puede obtener; se sorteará en cuanto se pueda obtener la ronda.
twitch-beacon-waiting-draw-without = El sorteo de "{ $title }" espera el azar público (ronda { $round } de drand), que aún no se puede obtener; pasados { $wait } se sorteará sin él (queda anotado en la transcripción).
twitch-closing-at = El drop "{ $title }" cierra a las { $closes }: escribe { $command } ya para participar.
twitch-closing-soon = El drop "{ $title }" cierra pronto: escribe { $command } ya para participar.
twitch-closed = El drop "{ $title }" está cerrado: no se admiten más participaciones.
twitch-closed-entrants = { $entrants ->
        [one] 1 participante.
        [many] { $entrants } de participantes.
       *[other] { $entrants } participantes.
    }
twitch-closed-frozen = Lista de participantes congelada, hash { $hash }; ahora viene el sorteo.
twitch-closed-arrivals = Llegadas registradas, cabeza de la cadena { $hash }; las unidades se dieron por orden.
twitch-drawn = Drop "{ $title }" sorteado: { $winners ->
        [one] 1 ganador
        [many] { $winners } de ganadores
       *[other] { $winners } ganadores
    } entre { $entrants ->
        [one] 1 participante
        [many] { $entrants } de participantes
       *[other] { $entrants } participantes
    }.
twitch-drawn-guaranteed = { $units ->
        [one] 1 unidad fue
        [many] { $units } de unidades fueron
       *[other] { $units } unidades fueron
    } primero a las listas garantizadas.
twitch-drawn-winners = Ganadores de "{ $title }":
twitch-drawn-nameless = Y { $winners ->
        [one] 1 ganador de Twitch
        [many] { $winners } de ganadores de Twitch
       *[other] { $winners } ganadores de Twitch
    } cuyo nombre no se puede mostrar.
twitch-drawn-on-discord = { $winners ->
        [one] 1 ganador en Discord recibe allí su código.
        [many] { $winners } de ganadores en Discord reciben allí su código.
       *[other] { $winners } ganadores en Discord reciben allí su código.
    }
twitch-drawn-claim = Ganadores: inicien sesión en { $link } para recoger su código.
twitch-reveal = Sorteo justo: { $hashes }; verifícalo en { $link }.
twitch-reveal-cli = Sorteo justo: { $hashes }; verifícalo con fairdrop verify-draw.
twitch-reveal-seed = semilla { $hash }
twitch-reveal-commitment = compromiso { $hash }
twitch-reveal-entry-list = lista de participantes { $hash }
twitch-won = Drop "{ $title }": ¡has ganado! Recoge tu código en { $link } antes de las { $deadline }:
twitch-won-sometime = Drop "{ $title }": ¡has ganado! Recoge tu código en { $link }:
twitch-won-nameless = y { $winners ->
        [one] 1 ganador
        [many] { $winners } de ganadores
       *[other] { $winners } ganadores
    } cuyo nombre no se puede mostrar
twitch-rerolled = Drop "{ $title }": { $count ->
        [one] { $units } no se reclamó a tiempo y pasa
       *[other] { $units } no se reclamaron a tiempo y pasan
    } { $count ->
        [one] al siguiente participante
       *[other] a los siguientes participantes
    } de la lista.
twitch-rerolled-nobody = Drop "{ $title }": { $count ->
        [one] { $units } no se reclamó a tiempo y no queda nadie en la lista a quien pasarla.
       *[other] { $units } no se reclamaron a tiempo y no queda nadie en la lista a quien pasarlas.
    }
# Un moderador descalificó al ganador de una unidad: $units es la unidad (twitch-unit), $reason sus palabras.
twitch-disqualified = Drop "{ $title }": un moderador descalificó al ganador de { $units }, que pasa al siguiente participante de la lista.
twitch-disqualified-because = Drop "{ $title }": un moderador descalificó al ganador de { $units } ({ $reason }), que pasa al siguiente participante de la lista.
twitch-disqualified-nobody = Drop "{ $title }": un moderador descalificó al ganador de { $units } y no queda nadie en la lista a quien pasarla.
twitch-disqualified-nobody-because = Drop "{ $title }": un moderador descalificó al ganador de { $units } ({ $reason }) y no queda nadie en la lista a quien pasarla.
twitch-unit = la unidad #{ $serial }
twitch-a-unit = una unidad
twitch-cancelled = El drop "{ $title }" se ha cancelado. Los códigos emitidos para él ya no valen.
twitch-cancelled-because = El drop "{ $title }" se ha cancelado ({ $reason }). Los códigos emitidos para él ya no valen.
# Un moderador movió el cierre de un drop abierto: $duration es cuánto, $closes el nuevo cierre.
twitch-extended = Drop "{ $title }": un moderador { $moved ->
        [shortened] acortó
       *[extended] alargó
    } el plazo en { $duration }; ahora se cierra a las { $closes }.
twitch-extended-sometime = Drop "{ $title }": un moderador { $moved ->
        [shortened] acortó
       *[extended] alargó
    } el plazo para participar.
twitch-paused = Un moderador ha pausado el drop "{ $title }": no se puede participar hasta que se reanude.
twitch-resumed = El drop "{ $title }" vuelve a estar en marcha: escribe { $command } para participar; se cierra a las { $closes }.
twitch-resumed-sometime = El drop "{ $title }" vuelve a estar en marcha: escribe { $command } para participar.
twitch-settled = El drop "{ $title }" está liquidado: todas las unidades se han reclamado o pasado a otros. ¡Gracias a todos!

## El resumen tras un drop, en una línea

twitch-summary-head = Drop "{ $title }", { $after }:
# $after: cuánto después del cierre se tomaron las cifras del resumen (o hasta ahora).
twitch-summary-after = { $span } después del cierre
twitch-summary-so-far = hasta ahora
twitch-summary-entrants = { $entrants ->
        [one] 1 participante
        [many] { $entrants } de participantes
       *[other] { $entrants } participantes
    }
twitch-summary-entrants-returning = { $entrants ->
        [one] 1 participante
        [many] { $entrants } de participantes
       *[other] { $entrants } participantes
    } ({ $new } nuevos, { $returning } repiten)
twitch-summary-needed = { $entrants }, { $winners ->
        [one] 1 ganador
        [many] { $winners } de ganadores
       *[other] { $winners } ganadores
    }, { $redeemed } canjeados.
twitch-summary-needed-share = { $entrants }, { $winners ->
        [one] 1 ganador
        [many] { $winners } de ganadores
       *[other] { $winners } ganadores
    }, { $redeemed } canjeados ({ $share } de los ganadores).
twitch-summary-told = { $told } avisados, { $viewed } vieron su código.
twitch-summary-claim-time = Tiempo medio para reclamar: { $duration }.
twitch-summary-redeem-time = Tiempo medio para canjear: { $duration }.
twitch-summary-revenue = Pedidos por valor de { $money }.
twitch-summary-link = Todas las cifras y el sorteo justo: { $link }
twitch-summary-cli = Comprueba el sorteo con fairdrop verify-draw.

## Respuestas a los comandos del chat: se dicen antes de un lote de @menciones

twitch-ack-entered = Estás en el drop { $title }:
twitch-ack-already = Ya estás en el drop { $title }, una participación por persona:
twitch-ack-won = ¡Te llevas una de las unidades de { $title }! Recoge tu código en la página de canje:
twitch-ack-sold-out = El drop { $title } está agotado, quedas en la lista de espera:
twitch-ack-cap = Es lo máximo que una persona puede llevarse del drop { $title }:
twitch-ack-opens-at = El drop { $title } se abre para ti a las { $opens }:
twitch-ack-early-access = El acceso anticipado es para { $who }; todos pueden participar en el drop { $title } desde las { $opens }:
twitch-ack-not-eligible = Esta vez no ({ $reason }):
twitch-ack-closed = El drop { $title } ya se ha cerrado:
twitch-ack-paused = El drop { $title } está en pausa, vuelve a intentarlo cuando se reanude:
twitch-ack-not-open = El drop { $title } aún no se ha abierto:
twitch-ack-no-drop = Ahora mismo no hay ningún drop en marcha:
twitch-ack-slow-down = Tranquilidad, con un !claim basta:
# La línea que cuenta, en vez de mencionar, al resto de una avalancha: $said es una de las anteriores.
twitch-ack-counted = { $said } { $more ->
        [one] y 1 persona más.
        [many] y { $more } de personas más.
       *[other] y { $more } personas más.
    }
twitch-ack-merged-more = y { $more } más.

## Respuestas a una persona del chat: se dicen como "<respuesta> (@login)"

twitch-reply = { $answer } ({ $mention })
twitch-reply-mods-only = solo quien emite y sus moderadores pueden gestionar drops
twitch-reply-failed-claim = eso no ha funcionado por nuestra parte; vuelve a probar { $command } en un momento
twitch-reply-failed = eso no ha funcionado por nuestra parte; vuelve a probar en un momento
twitch-reply-rerolled = { $units ->
        [one] 1 unidad sin reclamar pasó a la lista de espera
        [many] { $units } de unidades sin reclamar pasaron a la lista de espera
       *[other] { $units } unidades sin reclamar pasaron a la lista de espera
    }
twitch-reply-status = drop { $name }: { $phase ->
        [draft] en borrador
        [scheduled] programado
        [early] abierto (acceso anticipado)
        [public] abierto
        [closed] cerrado
        [drawn] sorteado
        [settled] liquidado
       *[cancelled] cancelado
    }, { $entrants ->
        [one] 1 participante
        [many] { $entrants } de participantes
       *[other] { $entrants } participantes
    }, { $allocated } de { $supply } asignadas, { $claimed } reclamadas
# Moderadores llevando un drop: $winner y $successor son nombres visibles, $duration cuánto tiempo.
twitch-reply-disqualified = { $winner } queda descalificado; la unidad #{ $serial } pasa a { $successor }
twitch-reply-disqualified-nobody = { $winner } queda descalificado; no queda nadie en la lista para la unidad #{ $serial }
twitch-reply-extended = se cierra a las { $closes } ({ $moved ->
        [shortened] acortado
       *[extended] alargado
    } { $duration })
twitch-reply-paused = en pausa con { $duration } de plazo por delante
twitch-reply-resumed = reanudado; se cierra a las { $closes }
twitch-reply-edited = el drop { $name } ahora es "{ $title }", { $supply ->
        [one] 1 unidad
        [many] { $supply } de unidades
       *[other] { $supply } unidades
    }, participación durante { $duration }
twitch-reply-edited-starts = el drop { $name } ahora es "{ $title }", { $supply ->
        [one] 1 unidad
        [many] { $supply } de unidades
       *[other] { $supply } unidades
    }, participación durante { $duration }, se abre a las { $starts }
twitch-reply-linked = vinculado: tus cuentas de Twitch y Discord cuentan ahora como una sola persona en los drops
twitch-reply-already-linked = ya estaba vinculado
twitch-reply-link-self = ese código es tuyo; escríbelo desde tu otra cuenta
twitch-reply-linked-elsewhere = esta cuenta está vinculada a otra; desvincúlala primero y vuelve a usar /link
twitch-reply-link-unknown = ese código de vínculo no existe, ya se usó o caducó; usa /link en Discord para pedir otro

## Líneas de uso de un comando de chat mal escrito, dichas como respuestas (twitch-reply). Los
## comandos, sus opciones y las palabras en mayúsculas (NAME, CODE) son lo que se escribe: tal cual.
## $typed es lo que escribió el moderador y no se entiende; $usage es una de las líneas de uso.

twitch-usage-drop = uso: !drop open|close|status|cancel|reroll|list|disqualify|extend|shorten|pause|resume|edit|schedule|series|help
twitch-usage-open = uso: !drop open NAME [supply=N] [for=10m] [early=2m] [mode=lottery|fcfs] [title=...] [at=20:00] [beacon=on|off] [keyword=!palabra]
twitch-usage-edit = uso: !drop edit NAME [supply=N] [for=10m] [early=2m] [title=...] [at=20:00] (drops en borrador o programados)
twitch-usage-extend = uso: !drop extend 5m (o -5m) [NAME], !drop shorten 5m [NAME]
twitch-usage-disqualify = uso: !drop disqualify @usuario [motivo]
twitch-usage-schedule = uso: !drop schedule NAME every fri 20:00 [supply=N] [for=10m] [early=2m] [mode=lottery|fcfs] [title=...] [beacon=on|off]
twitch-usage-series = uso: !drop series (las que están en marcha), !drop series stop NAME
twitch-usage-link = uso: !link CODE (consigue el código con /link en nuestro Discord)
twitch-usage-list = uso: !drop list
twitch-usage-help = uso: !drop help
twitch-usage-close = uso: !drop close [NAME]
twitch-usage-status = uso: !drop status [NAME]
twitch-usage-reroll = uso: !drop reroll [NAME]
twitch-usage-pause = uso: !drop pause [NAME]
twitch-usage-resume = uso: !drop resume [NAME]
twitch-usage-at-in-series = at= no cabe en una serie: every dice cuándo; { $usage }
twitch-usage-keyword-in-series = keyword= no cabe en una serie: a sus drops se entra con !claim; { $usage }
twitch-usage-not-a-duration = { $typed } no es una duración como 5m o 1h30m; { $usage }
twitch-usage-not-key-value = '{ $typed }' no es clave=valor; { $usage }
twitch-usage-given-twice = { $typed }= aparece dos veces; { $usage }
twitch-usage-unknown-option = opción desconocida { $typed }=; { $usage }
twitch-usage-supply = supply={ $typed } debe ser un número entero de 1 a 1.000.000
twitch-usage-duration = { $typed } no es una duración como 30s, 10m o 1h30m
twitch-usage-mode = mode={ $typed } debe ser lottery o fcfs
twitch-usage-beacon = beacon={ $typed } debe ser on u off
twitch-help = fairdrop: !claim para entrar en el drop en marcha; !link CODE para unir tu cuenta de Discord. Mods: !drop open NAME [supply=N] [for=10m] [early=2m] [mode=lottery|fcfs] [at=20:00] [keyword=!palabra], !drop close, !drop status, !drop cancel, !drop reroll, !drop list, !drop disqualify @usuario [motivo], !drop extend 5m, !drop shorten 5m, !drop pause, !drop resume, !drop edit NAME supply=N, !drop schedule NAME every fri 20:00, !drop series [stop NAME]

## !drop list, a un moderador, en una línea (recortada a 500): partes unidas por "; ", $drops_line
## los drops de una parte (cada uno twitch-drops-listed*), $when una hora como 14:05 UTC

twitch-drops-none = todavía no hay drops; abre uno con !drop open NOMBRE
twitch-drops-part = { $part ->
        [running] en marcha
        [upcoming] próximos
       *[recent] recientes
    }: { $drops_line }
twitch-drops-listed = { $name } ({ $phase })
twitch-drops-listed-closes = { $name } ({ $phase }, cierra a las { $when })
twitch-drops-listed-opens = { $name } ({ $phase }, abre a las { $when })

# Drops recurrentes: $every es un día y una hora de cada semana (fri 20:00), $next cuándo abre el próximo drop.
twitch-reply-series-started = serie { $name }: un drop cada { $every }, el primero el { $next }
twitch-reply-series-stopped = la serie { $name } está detenida; ya no abrirá más drops
twitch-series-none = no hay ninguna serie en marcha; empieza una con !drop schedule NOMBRE every fri 20:00
twitch-series-list = series: { $series_line }
twitch-series-listed = { $name } (cada { $every }; próximo: { $next })

## Un susurro a quien gana en Twitch (opcional): nunca un código. $deadline es una hora como 14:05 UTC.
## twitch-whisper-won-plain se dice cuando no se sabe el número de la unidad o el plazo.

twitch-whisper-won = ¡Has ganado el drop { $title } (#{ $serial })! Recoge tu código en { $link } antes de las { $deadline }. fairdrop nunca envía códigos por susurro ni por el chat.
twitch-whisper-won-plain = ¡Has ganado el drop { $title }! Recoge tu código en { $link }. fairdrop nunca envía códigos por susurro ni por el chat.

## A season's summary in one line: once the season is over, or on the first of a month for the
## month before ($month, like May 2026). $entrants counts entries: a fan once per episode.

twitch-season-final = La temporada "{ $series }" ha terminado: { $episodes ->
        [one] 1 episodio
       *[other] { $episodes } episodios
    }, { $entrants ->
        [one] 1 participación
       *[other] { $entrants } participaciones
    } ({ $returning } de fans que vuelven), { $redeemed } canjeados.
twitch-season-month = Temporada "{ $series }" hasta el final de { $month }: { $episodes ->
        [one] 1 episodio
       *[other] { $episodes } episodios
    }, { $entrants ->
        [one] 1 participación
       *[other] { $entrants } participaciones
    } ({ $returning } de fans que vuelven), { $redeemed } canjeados.
twitch-season-lift = { $subscriptions } suscripciones nuevas en las 72 h tras los episodios frente a { $expected } esperadas: una comparación, no prueba de que los drops las causaran.
twitch-season-lift-unknown = { $subscriptions } suscripciones nuevas en las 72 h tras los episodios: un recuento, no prueba de que los drops las causaran.
