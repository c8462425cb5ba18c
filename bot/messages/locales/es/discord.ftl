## Lo que se dice en Discord: respuestas privadas a un miembro, la publicación del drop (embed y
## botón), mensajes directos. Como mucho 2.000 caracteres por mensaje. $title es el título del
## drop; $when y $until son marcas de tiempo de Discord que cada lector ve en su zona horaria;
## estos textos nunca mencionan (ping) a nadie.

## Lo que se dice, en privado, a quien pulsó Participar

discord-entered = Estás dentro del drop **{ $title }**. Los ganadores se sortean al cierre; ¡suerte!
# Con el resguardo de la participación: $pseudonym es el id con el que aparece en la transcripción.
discord-entered-receipt = Estás dentro del drop **{ $title }**. Los ganadores se sortean al cierre; ¡suerte! Tu resguardo: seudónimo `{ $pseudonym }`, nivel { $tier }, peso { $weight }; búscalo en la transcripción tras el sorteo.
discord-already-entered = Ya estás en el drop **{ $title }**: una participación por persona.
discord-sold-out = El drop **{ $title }** está agotado. Estás en la lista de espera por si vuelve alguna unidad.
discord-cap-reached = Es lo máximo que una persona puede llevarse del drop **{ $title }**.
discord-opens-for-you = El drop **{ $title }** se abre para ti { $when }.
discord-early-access = El acceso anticipado a **{ $title }** es para { $who }. Todos pueden participar { $when }.
discord-not-eligible = No puedes participar en **{ $title }**: { $reason }.
discord-closed = El drop **{ $title }** se ha cerrado.
discord-entry-paused = Un moderador ha pausado el drop **{ $title }**; vuelve a pulsar cuando se reanude.
discord-not-open = El drop **{ $title }** aún no se ha abierto.
discord-no-drop = Ese drop ya no está en marcha.
discord-slow-down = Tranquilidad: con una pulsación basta.
discord-won = ¡Te llevas la unidad #{ $serial } de **{ $title }**!
discord-duplicate = Tu pulsación para **{ $title }** ya se contó.
discord-cancelled = El drop **{ $title }** se ha cancelado.
discord-closed-empty-handed = El drop **{ $title }** se ha cerrado y no tienes ninguna unidad.
discord-not-drawn = No hay código para ti en **{ $title }**: la participación está cerrada y no saliste en el sorteo. Si un ganador no reclama a tiempo, su unidad pasa a la lista de espera y te avisaremos.

## Códigos, en privado: $code es el código corto para escribir, $link dónde canjearlo

discord-code-heading = **Tu código para { $title }** (#{ $serial })
discord-code-short = Código corto: `{ $code }`
discord-code-redeem = Canjéalo aquí: <{ $link }>
discord-code-validity = Válido hasta { $until }. Solo sirve una vez: no se lo enseñes a nadie. El código QR contiene el token firmado.
discord-missed = Se acabó tu plazo para reclamar { $units } de **{ $title }**; { $count ->
        [one] la unidad pasó
       *[other] las unidades pasaron
    } a la lista de espera.
discord-no-codes = No tienes códigos de drops recientes.

## Los resguardos de un miembro (/mydrops, y /mycodes con ellos), en privado: cada drop reciente
## en el que participó. $pseudonym es el id con el que aparece en la transcripción; $place dónde
## aparece (como winners[2] o waitlist[14]); $link es la transcripción; $units las unidades que tiene.

discord-receipts-heading = **Tus drops recientes** (solo tú ves esto):
discord-receipt-in-draw = **{ $title }**: estás en el sorteo como `{ $pseudonym }`, nivel { $tier }, peso { $weight }.
discord-receipt-left-out = **{ $title }**: tu participación `{ $pseudonym }` quedó fuera al cierre: { $reason }.
discord-receipt-holds = **{ $title }**: `{ $pseudonym }` (nivel { $tier }, peso { $weight }) se llevó { $units }.
discord-receipt-waitlisted = **{ $title }**: `{ $pseudonym }` (nivel { $tier }, peso { $weight }) no salió en el sorteo y está en la lista de espera.
discord-receipt-passed-on = **{ $title }**: `{ $pseudonym }` ganó, pero se acabó el plazo para reclamar y la unidad pasó a la lista de espera.
discord-receipt-no-unit = **{ $title }**: llegaste como `{ $pseudonym }` (nivel { $tier }) cuando ya no quedaba ninguna unidad para ti.
discord-receipt-cancelled = **{ $title }**: el drop se canceló; tu participación era `{ $pseudonym }`.
discord-receipt-place = Busca `{ $pseudonym }` en { $place } de la transcripción: <{ $link }>
discord-receipt-place-offline = Busca `{ $pseudonym }` en { $place } de la transcripción.
discord-no-drops = No has participado en ningún drop reciente.
discord-link-code = Escribe `!link { $code }` en el chat de Twitch de esta comunidad { $when }. Así tus cuentas de Twitch y Discord cuentan como una sola persona en los drops: una participación por persona, y los códigos te llegan aquí.
discord-failed = Algo ha fallado por nuestra parte; ya está registrado. Vuelve a intentarlo, por favor.
discord-more-rows = …y { $more } más

## La publicación del drop: un embed con un botón. $emoji es el emoji de la comunidad y un
## espacio ([communities.NAME] emoji), o nada. La etiqueta de un botón tiene como mucho 80
## caracteres.

discord-post-title = { $emoji }{ $title }
discord-post-description = { $units ->
        [one] 1 unidad
        [many] { $units } de unidades
       *[other] { $units } unidades
    }, { $mode ->
        [fcfs] por orden de llegada
       *[draw] sorteadas al cierre
    }.
discord-post-state = Estado
discord-post-entrants = Participantes
discord-post-closes = Cierre
discord-post-who-when = Quién puede participar y cuándo
discord-post-tier = • { $who }
discord-post-tier-from = • { $who } desde { $opens }
discord-post-everyone = todo el mundo
discord-post-allocated = Asignadas
discord-post-allocated-value = { $allocated } de { $supply }
discord-post-fair-draw = Sorteo justo
discord-post-commitment = Compromiso `{ $commitment }`
discord-post-round = Ligado a la ronda { $round } de drand, que se publica tras el cierre.
discord-post-seed = Semilla `{ $seed }`
discord-post-entry-list = Lista de participantes `{ $entries }`
discord-post-check = Compruébalo con `fairdrop verify-draw` o en la página de transparencia.
discord-post-seed-later = La semilla se revela tras el sorteo.
discord-post-footer = drop { $name } · #{ $id }
discord-button-enter = Participar
discord-button-get-code = Mi código
discord-phase = { $phase ->
        [draft] Borrador
        [scheduled] Programado
        [early] Acceso anticipado
        [public] Abierto a todos
        [closed] Cerrado
        [drawn] Sorteado: ganadores, recojan su código
        [settled] Liquidado
       *[cancelled] Cancelado
    }

## Lo que se dice en el canal de anuncios de la comunidad. $mentions son las menciones de
## Discord de los ganadores, puestas por fairdrop; un mensaje que los menciona solo avisa a ellos.

discord-drop-cancelled = El drop **{ $title }** se ha cancelado. Los códigos emitidos para él ya no valen.
discord-drop-cancelled-because = El drop **{ $title }** se ha cancelado ({ $reason }). Los códigos emitidos para él ya no valen.
discord-drawn-no-discord-winners = **{ $title }** ya está sorteado. Ganadores de Twitch: miren el chat.
discord-drawn = ¡**{ $title }** ya está sorteado! Ganadores, pulsen **Mi código** en la publicación o usen /mycodes:
# Un moderador movió el cierre de un drop abierto, o lo pausó o reanudó: $when es el nuevo cierre.
discord-drop-extended = Un moderador { $moved ->
        [shortened] acortó
       *[extended] alargó
    } el plazo de **{ $title }**: ahora se cierra { $when }.
discord-drop-extended-sometime = Un moderador { $moved ->
        [shortened] acortó
       *[extended] alargó
    } el plazo de **{ $title }**.
discord-drop-paused = Un moderador ha pausado **{ $title }**: no se puede participar hasta que se reanude.
discord-drop-resumed = **{ $title }** vuelve a estar en marcha; se cierra { $when }.
discord-drop-resumed-sometime = **{ $title }** vuelve a estar en marcha.
discord-rerolled-to-you = { $mentions }: ha vuelto una unidad de **{ $title }** ¡y es tuya! Pulsa **Mi código** en la publicación o usa /mycodes.

## Respuestas privadas a los comandos /drop de los moderadores. $name es el nombre del drop tal como se escribió.

discord-mod-draft = El drop **{ $name }** está listo como borrador ({ $units } unidades, { $mode }). Ábrelo con `/drop open name:{ $command_name }`.
discord-mod-already-prepared = El drop **{ $name }** ya está preparado; ábrelo sin opciones, o cancélalo y abre uno nuevo.
discord-mod-opened = El drop **{ $name }** está abierto. La publicación con su botón Participar va al canal de anuncios.
discord-mod-opened-until = El drop **{ $name }** está abierto, se cierra { $when }. La publicación con su botón Participar va al canal de anuncios.
discord-mod-scheduled = El drop **{ $name }** se abrirá solo { $when } ({ $units } unidades, { $mode }). Su publicación sale ya; `/drop open` lo abre antes, `/drop cancel` lo anula.
discord-mod-closed = El drop **{ $name }** está cerrado.
discord-mod-closed-waiting = El drop **{ $name }** está cerrado; se sorteará cuando salga la ronda { $round } de drand.
discord-mod-closed-drawn = El drop **{ $name }** está cerrado y sorteado: { $winners ->
        [one] 1 ganador
        [many] { $winners } de ganadores
       *[other] { $winners } ganadores
    } entre { $entrants ->
        [one] 1 participante
        [many] { $entrants } de participantes
       *[other] { $entrants } participantes
    }, { $waitlist } en la lista de espera.
discord-mod-cancelled = El drop **{ $name }** está cancelado.
discord-mod-rerolled = { $units ->
        [one] 1 unidad sin reclamar pasó a la lista de espera.
        [many] { $units } de unidades sin reclamar pasaron a la lista de espera.
       *[other] { $units } unidades sin reclamar pasaron a la lista de espera.
    }
# Llevar un drop: $winner y $successor son nombres visibles, $duration cuánto tiempo.
discord-mod-disqualified = **{ $winner }** queda descalificado; la unidad #{ $serial } pasa a **{ $successor }**.
discord-mod-disqualified-nobody = **{ $winner }** queda descalificado; no queda nadie en la lista para la unidad #{ $serial }.
discord-mod-extended = Drop **{ $name }**: se cierra { $when } ({ $moved ->
        [shortened] acortado
       *[extended] alargado
    } { $duration }).
# Drops recurrentes: $every es un día y una hora de cada semana (fri 20:00), $when la hora del próximo drop.
discord-mod-series-started = Serie **{ $name }**: cada { $every } se abrirá solo un drop; el primero, { $when }.
discord-mod-series-stopped = La serie **{ $name }** está detenida; ya no abrirá más drops.
discord-mod-series-none = No hay ninguna serie en marcha: empieza una con `/drop schedule name every:fri 20:00`.
discord-mod-series-listed = **{ $name }**: cada { $every }; próximo: { $when }
discord-mod-schedule-at-or-every = Indica `at` para un solo drop, o `every` para un drop cada semana (no ambos).
discord-mod-series-no-keyword = En los drops de una serie semanal se participa con !claim: quita `keyword`.
discord-mod-paused = Drop **{ $name }**: en pausa con { $duration } de plazo por delante.
discord-mod-resumed = Drop **{ $name }**: reanudado; se cierra { $when }.
discord-mod-edited = El drop **{ $name }** ahora es **{ $title }**, { $supply ->
        [one] 1 unidad
        [many] { $supply } de unidades
       *[other] { $supply } unidades
    }, participación durante { $duration }.
discord-mod-edited-starts = El drop **{ $name }** ahora es **{ $title }**, { $supply ->
        [one] 1 unidad
        [many] { $supply } de unidades
       *[other] { $supply } unidades
    }, participación durante { $duration }, se abre { $when }.
discord-mod-status = Drop **{ $name }**: { $phase ->
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
discord-mod-status-passed-on = , { $expired } pasadas a otros
discord-mod-status-closes = , se cierra { $when }
discord-mod-status-end = .

## /drop list, /drop history y /drop audit, en privado. $listed son los drops de una parte (cada
## uno discord-drops-listed*), $member la mención de un miembro (sin ping).

discord-drops-none = Todavía no hay drops: abre uno con `/drop open`.
discord-drops-part = **{ $part ->
        [running] En marcha
        [upcoming] Próximos
       *[recent] Recientes
    }**: { $listed }
discord-drops-listed = { $name } ({ $phase })
discord-drops-listed-closes = { $name } ({ $phase }, cierra { $when })
discord-drops-listed-opens = { $name } ({ $phase }, abre { $when })
discord-history-none = { $member } no ha participado en ningún drop ni ha ganado nada aquí.
discord-history-heading = Drops de { $member }, los más recientes primero:
# Un drop del historial: $what son sus partes (discord-history-entered...), unidas por "; ".
discord-history-line = **{ $name }** ({ $phase }): { $what }
discord-history-entered = participó ({ $tier })
discord-history-not-entered = no participó
discord-history-won = ganó { $units_won }
discord-history-unit = #{ $serial } { $status }
discord-history-redeemed = canjeado { $dates }
discord-audit-none = Todavía no hay acciones de moderadores.
discord-audit-none-for = Todavía no hay acciones de moderadores en **{ $name }**.
# Una acción: $about es " <drop>" o nada, $asked " [<opciones>]" o nada.
discord-audit-line = { $when } **{ $action }**{ $about } por { $actor } ({ $platform }){ $asked }: { $result }

## Negativas a un miembro que no puede usar un comando de moderador. $role muestra el rol de
## moderador (Discord enseña su nombre; sin ping).

discord-refused-not-moderator = Solo los miembros con el rol { $role } o con Gestionar servidor pueden llevar drops y listas aquí.
discord-refused-no-moderator-role = Solo los miembros con Gestionar servidor pueden llevar drops y listas aquí (se puede añadir un rol de moderador con /fairdrop setup).
discord-refused-not-set-up = fairdrop no está configurado para este servidor: añade su id a [[discord.guilds]] en la configuración del bot
discord-refused-setup = Solo los miembros con Gestionar servidor pueden cambiar la configuración de fairdrop aquí.

## El resumen de un drop (24 h y 72 h después del cierre), como embed

discord-summary-title = { $title }: { $after }
discord-summary-after = { $span } después del cierre
discord-summary-so-far = hasta ahora
discord-summary-description = **{ $entrants }** { $entrants ->
        [one] participante
        [many] de participantes
       *[other] participantes
    } ({ $new } nuevos, { $returning } repiten), **{ $winners }** { $winners ->
        [one] ganador
        [many] de ganadores
       *[other] ganadores
    }, **{ $redeemed }** canjeados ({ $share_of_winners } de los ganadores, { $share_of_viewed } de los códigos vistos).
discord-summary-funnel = Embudo
discord-summary-step = { $step ->
        [entrants] participantes
        [eligible] admitidos
        [winners] ganadores
        [delivered] entregados
        [viewed] vistos
       *[redeemed] canjeados
    }: **{ $count }**
discord-summary-timing = Tiempos
discord-summary-timing-value = mediana hasta reclamar: **{ $claim }**
    mediana hasta canjear: **{ $redeem }**
    resorteadas: **{ $rerolls }**
discord-summary-revenue = Ingresos declarados
discord-summary-revenue-value = **{ $money }** en { $orders ->
        [one] 1 pedido
        [many] { $orders } de pedidos
       *[other] { $orders } pedidos
    }
discord-summary-by-tier = Por nivel
discord-summary-by-platform = Por plataforma
discord-summary-filtered = Filtrados
discord-summary-fairness = Justicia: cuota de participaciones → cuota de ganadores
discord-summary-fairness-row = { $tier }: { $entry_share } → **{ $winner_share }**
discord-summary-row = { $name }: **{ $count }**
# Un motivo contado por el que alguien quedó fuera (al participar) o fuera del sorteo (al cierre);
# $name es el motivo tal como se guardó, dicho cuando esta versión no tiene palabras para él.
discord-summary-reason-row = { $reason_kind ->
        [denied] lista de bloqueo
        [suspicious] sospechoso
        [account_age] antigüedad de la cuenta
        [not_following] no sigue el canal
        [follow_age] antigüedad como seguidor
        [at_close_denied] filtrado al cierre: lista de bloqueo
        [at_close_suspicious] filtrado al cierre: sospechoso
        [at_close_account_age] filtrado al cierre: antigüedad de la cuenta
        [at_close_not_following] filtrado al cierre: no sigue el canal
        [at_close_follow_age] filtrado al cierre: antigüedad como seguidor
        [one_entry] una participación por persona
        [guaranteed] tiene una unidad garantizada por una lista
        [not_eligible] ya no cumple los requisitos
        [wrong_window] ya no cumple los requisitos de la ventana en la que entró
       *[other] { $name }
    }: **{ $count }**
discord-summary-more-rows = y { $more } más
discord-summary-none = ninguno
discord-summary-footer = A fecha de { $as_of }; cerrado { $closed }
discord-summary-footer-provisional = A fecha de { $as_of } (provisional); cerrado { $closed }

## Respuestas privadas a los comandos /alloc de los moderadores. $list es el nombre de una lista
## tal como se escribió; $kind early, guaranteed o deny.

discord-list-made = La lista **{ $list }** ({ $kind }) está lista.
discord-list-added = Añadidos { $added } a **{ $list }**.
discord-list-added-some-there = Añadidos { $added } a **{ $list }** ({ $already } ya estaban).
discord-list-removed = Quitados { $removed } de **{ $list }**.
discord-list-none = Todavía no hay listas: crea una con `/alloc create`.
discord-list-summary = **{ $list }** ({ $kind }): { $members ->
        [one] 1 miembro
        [many] { $members } de miembros
       *[other] { $members } miembros
    }
discord-list-heading = **{ $list }** ({ $kind }), { $members }:
discord-list-more = …y { $more } más (`/alloc export`).
discord-list-imported = Importado en **{ $list }**: { $added } añadidos, { $already } ya estaban.
discord-list-imported-replacing = Importado en **{ $list }**: { $added } añadidos, { $already } ya estaban, { $removed } quitados.
discord-list-export = **{ $list }** en CSV:
discord-list-deleted = Borrada **{ $list }** ({ $members ->
        [one] 1 miembro
        [many] { $members } de miembros
       *[other] { $members } miembros
    }).

## La respuesta a /fairdrop setup: $drops y $summaries son canales, $role el rol de moderador
## (por su nombre, sin ping); cada uno es discord-setup-not-set cuando no hay.

discord-setup = Los drops se publican en { $drops }, los resúmenes en { $summaries }. Rol de moderador: { $role } (Gestionar servidor siempre vale).
discord-setup-not-set = sin configurar
discord-beacon-waiting = El sorteo de **{ $title }** espera el azar público (ronda { $round } de drand), que aún no se puede obtener; se sorteará en cuanto se pueda obtener la ronda.
discord-beacon-waiting-draw-without = El sorteo de **{ $title }** espera el azar público (ronda { $round } de drand), que aún no se puede obtener; pasados { $wait } se sorteará sin él (queda anotado en la transcripción).

## A season's summary in the summary channel, with the chart of its episodes and retention.

discord-season-title-final = Temporada { $series }: la temporada completa
discord-season-title-month = Temporada { $series }: hasta el final de { $month }
discord-season-description = **{ $episodes }** { $episodes ->
        [one] episodio
       *[other] episodios
    }, **{ $entrants }** { $entrants ->
        [one] participación
       *[other] participaciones
    } ({ $returning } de fans que vuelven), **{ $redeemed }** canjeados.
discord-season-lift = { $subscriptions } suscripciones nuevas en las 72 h tras los episodios frente a { $expected } esperadas: una comparación con semanas anteriores, no prueba de que los drops las causaran.
discord-season-lift-unknown = { $subscriptions } suscripciones nuevas en las 72 h tras los episodios: un recuento, no prueba de que los drops las causaran.
discord-season-footer = A fecha de { $as_of }
# /lists: a refused member list or import file; $file is the attached file's name.
discord-lists-no-member = indica al menos un miembro (una mención, twitch:<id> o un usuario de Twitch)
discord-lists-file-too-large = { $file }: ocupa más de { $count } bytes
discord-lists-file-not-utf8 = { $file }: no es texto UTF-8; guárdalo como CSV UTF-8
