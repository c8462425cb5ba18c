## Las negativas del motor de drops, dichas a quien lo pidió (alguien en el chat, un miembro de
## Discord, una página web). $typed es lo que alguien escribió, con comillas; $name el nombre
## corto de un drop; $phase el estado de un drop; $doing lo que un moderador intentó hacer.

refusal-duration = la duración { $typed } no es como 30s, 10m, 2h o 1h30m
refusal-no-drop-running = no hay ningún drop en marcha aquí
refusal-no-drop-named = no hay ningún drop llamado { $typed } aquí
refusal-no-drop-number = no hay ningún drop con el número { $id }
refusal-still-running = el drop '{ $name }' sigue { $phase ->
        [draft] en borrador
        [scheduled] programado
        [early] abierto (acceso anticipado)
        [public] abierto
        [closed] cerrado
        [drawn] sorteado
        [settled] liquidado
       *[cancelled] cancelado
    } en este canal; ciérralo o cancélalo primero
refusal-still-running-here = el drop '{ $name }' sigue { $phase ->
        [draft] en borrador
        [scheduled] programado
        [early] abierto (acceso anticipado)
        [public] abierto
        [closed] cerrado
        [drawn] sorteado
        [settled] liquidado
       *[cancelled] cancelado
    } en este canal
refusal-spec-name = el nombre de drop { $typed } debe tener de 1 a 32 minúsculas, dígitos, '-' o '_'
refusal-spec-supply = las unidades deben estar entre 1 y { $supply }, no { $typed }
refusal-spec-cap = el máximo por persona debe ser al menos 1, no { $typed }
refusal-spec-lottery-cap = un sorteo da una unidad por ganador; el máximo por persona debe ser 1
refusal-spec-entry-window = el plazo de participación debe ser mayor que cero
refusal-spec-claim-window = el plazo para reclamar debe ser mayor que cero
refusal-spec-code-expiry = la caducidad del código debe ser mayor que cero
refusal-spec-expiry-before-claim = la caducidad del código no puede ser más corta que el plazo para reclamar
refusal-spec-tier-names = los nombres de los niveles deben ser únicos: { $names }
refusal-spec-tier-name = el nombre de nivel { $typed } debe tener minúsculas, dígitos, - o _
refusal-spec-tier-weight = nivel '{ $tier }': el peso debe ser de 1 a 1000, no { $typed }
refusal-spec-tier-offset = nivel '{ $tier }': el retraso de apertura no puede ser negativo
refusal-spec-tier-late = el nivel '{ $tier }' abre { $offset } después del inicio, pero el drop cierra a los { $window }
refusal-spec-last-tier = la última ventana debe estar abierta a todo el mundo: añade un nivel con 'everyone'
refusal-start = el inicio { $typed } no es una hora como 20:00, +10m o 2026-11-21T20:00
refusal-start-past = el inicio { $typed } ya pasó; usa una hora futura o ábrelo ahora
refusal-start-far = el inicio { $typed } está a más de { $count } días
refusal-start-clock = el inicio { $typed } no es una hora del día (00:00 a 23:59)
refusal-every = { $typed } no es un día y una hora como 'fri 20:00'
refusal-every-clock = { $typed } no es una hora del día (00:00 a 23:59)
refusal-keyword = la palabra clave { $typed } debe ser ! y de 1 a 24 letras, dígitos, - o _ (como !hoodie)
refusal-keyword-command = la palabra clave { $command } es un comando del bot; elige otra palabra
refusal-keyword-taken = la palabra clave { $command } ya la usa el drop '{ $name }'; elige otra palabra
refusal-keyword-alias = la palabra clave { $command } ya es un alias de !claim en la configuración; elige otra palabra
refusal-no-draw = no se puede sortear el drop '{ $name }': es por orden de llegada, no hay sorteo
refusal-cannot-move = no se puede { $doing ->
        [schedule] programar
        [open] abrir
        [close] cerrar
        [draw] sortear
        [settle] liquidar
       *[cancel] cancelar
    } el drop '{ $name }': está { $phase ->
        [draft] en borrador
        [scheduled] programado
        [early] abierto (acceso anticipado)
        [public] abierto
        [closed] cerrado
        [drawn] sorteado
        [settled] liquidado
       *[cancelled] cancelado
    } (desde ahí puede pasar a { $phase ->
        [draft] programado, acceso anticipado, abierto o cancelado
        [scheduled] acceso anticipado, abierto o cancelado
        [early] abierto, cerrado o cancelado
        [public] cerrado o cancelado
        [closed] sorteado, liquidado o cancelado
       *[drawn] liquidado o cancelado
    })
refusal-cannot-move-final = no se puede { $doing ->
        [schedule] programar
        [open] abrir
        [close] cerrar
        [draw] sortear
        [settle] liquidar
       *[cancel] cancelar
    } el drop '{ $name }': está { $phase ->
        [draft] en borrador
        [scheduled] programado
        [early] abierto (acceso anticipado)
        [public] abierto
        [closed] cerrado
        [drawn] sorteado
        [settled] liquidado
       *[cancelled] cancelado
    } (desde ahí no puede pasar a nada: es definitivo)
refusal-paused-resume-first = el drop '{ $name }' está en pausa; reanúdalo primero
refusal-move-by-nothing = mover el cierre 0s no cambia nada
refusal-close-too-soon = eso cerraría el drop '{ $name }' en menos de un minuto; ciérralo ya con el comando de cierre
refusal-close-before-public = eso cerraría el drop '{ $name }' antes de que todo el mundo pueda participar ({ $clock } UTC)
refusal-open-too-long = eso dejaría el drop '{ $name }' abierto más de { $duration } en total
refusal-paused-already = el drop '{ $name }' ya está en pausa
refusal-not-paused = el drop '{ $name }' no está en pausa
refusal-not-open-to-extend = el drop '{ $name }' no está abierto (está { $phase ->
        [draft] en borrador
        [scheduled] programado
        [early] abierto (acceso anticipado)
        [public] abierto
        [closed] cerrado
        [drawn] sorteado
        [settled] liquidado
       *[cancelled] cancelado
    }); solo se puede alargar o acortar el plazo de un drop abierto
refusal-not-open-to-pause = el drop '{ $name }' no está abierto (está { $phase ->
        [draft] en borrador
        [scheduled] programado
        [early] abierto (acceso anticipado)
        [public] abierto
        [closed] cerrado
        [drawn] sorteado
        [settled] liquidado
       *[cancelled] cancelado
    }); solo se pueden pausar las participaciones de un drop abierto
refusal-edit-open = el drop '{ $name }' está { $phase ->
        [draft] en borrador
        [scheduled] programado
        [early] abierto (acceso anticipado)
        [public] abierto
        [closed] cerrado
        [drawn] sorteado
        [settled] liquidado
       *[cancelled] cancelado
    }: una vez abierto, sus unidades, niveles y reglas son los anunciados; solo se puede mover su cierre (extend) o pausarlo
refusal-edit-nothing = nada que cambiar: indica un título, unidades, plazo, early o at
refusal-edit-draft-start = el drop '{ $name }' es un borrador; ábrelo, o crea uno programado, para fijar un inicio
refusal-edit-start-past = el nuevo inicio debe estar en el futuro
refusal-edit-same = el drop ya está así; no ha cambiado nada
refusal-dq-settled = el drop '{ $name }' está liquidado: se reclamaron todas las unidades y su registro es definitivo
refusal-dq-not-drawn-state = el drop '{ $name }' está { $phase ->
        [draft] en borrador
        [scheduled] programado
        [early] abierto (acceso anticipado)
        [public] abierto
        [closed] cerrado
        [drawn] sorteado
        [settled] liquidado
       *[cancelled] cancelado
    }; solo un drop sorteado tiene ganadores
refusal-dq-not-drawn = el drop '{ $name }' aún no se ha sorteado; no hay ganador que descalificar
refusal-dq-redeemed = el código de { $winner } del drop '{ $name }' ya se canjeó; una unidad canjeada no se puede pasar a otra persona
refusal-dq-no-unit = { $winner } no tiene ninguna unidad del drop '{ $name }'; solo se puede descalificar a quien ganó
refusal-dq-ambiguous = más de un ganador del drop '{ $name }' se llama { $winner }; descalifícalo desde Discord, donde cada miembro es exacto
refusal-draw-first-come = el drop '{ $name }' es por orden de llegada; no hay sorteo
refusal-draw-entries-changed = la lista de participantes del drop '{ $name }' cambió después del cierre (publicada { $hash }…, ahora { $entries }…); no se sortea
refusal-draw-waits = el drop '{ $name }' espera la ronda { $round } de drand; no se sortea
refusal-draw-other-round = el drop '{ $name }' se comprometió con la ronda { $round }, no con la { $other_round }
refusal-draw-no-round = el drop '{ $name }' no se comprometió con ninguna ronda de drand
refusal-summary-cancelled = el drop '{ $name }' se canceló; un drop cancelado no tiene resumen
refusal-summary-not-closed = el drop '{ $name }' aún no ha cerrado; sus resúmenes cuentan desde el cierre
refusal-summary-before-close = un resumen llega después del cierre, no antes
refusal-transcript-first-come = el drop { $id } es por orden de llegada; no hay sorteo
refusal-transcript-lottery = el drop { $id } es un sorteo; su transcripción es su sorteo
refusal-transcript-not-drawn = el drop '{ $name }' aún no se ha sorteado; no hay transcripción
refusal-transcript-not-closed = el drop '{ $name }' aún no ha cerrado; no hay transcripción
refusal-transcript-too-old = el drop '{ $name }' se abrió antes de que existieran las transcripciones por orden de llegada
refusal-signing-key-gone = la clave de firma { $key } de este código ya no está en el llavero; restáurala de la copia de seguridad para entregar el código
refusal-series-running = la serie '{ $series }' ya está en marcha; detenla primero
refusal-series-none-called = no hay ninguna serie en marcha llamada '{ $series }'
refusal-season-unknown = no hay ningún episodio cerrado de una serie llamada '{ $series }'
refusal-season-several = la serie '{ $series }' se emite en varias comunidades ({ $allowed }): nombra una
refusal-rule-shape = la regla { $typed } debe ser 'everyone' o TIPO:VALOR (tipos: { $allowed })
refusal-rule-kind = tipo de regla desconocido { $typed } en { $rule }
refusal-rule-badge = insignia de Twitch desconocida { $typed } (una de { $allowed })
refusal-rule-role = el rol de Discord { $typed } debe ser un id numérico de rol
refusal-rule-series = { $rule }: nombra la serie después del último ':' o quítalo
refusal-rule-age = { $rule }: la duración { $typed } no es como 30s, 10m, 2h o 1h30m
refusal-rule-zero = { $rule }: el tiempo debe ser mayor que cero, como won-within:30d
refusal-rule-node = la regla { $rule } debe ser una condición o { "{" }any_of = [...]{ "}" } / { "{" }all_of = [...]{ "}" } / { "{" }not = ...{ "}" }
refusal-rule-none = un nivel necesita al menos una regla
refusal-list-name = el nombre de lista { $typed } debe tener de 1 a 32 minúsculas, dígitos, '-' o '_'
refusal-list-account = { $typed } no es una cuenta como twitch:12345 o discord:67890
refusal-list-kind = el tipo de lista { $typed } debe ser uno de { $allowed }
refusal-list-unknown = no hay ninguna lista llamada '{ $list }' en el canal '{ $community }'; créala con `lists create { $list } --kind <{ $allowed }>`
refusal-list-exists = la lista '{ $list }' ya existe
refusal-list-no-account = indica al menos una cuenta
refusal-list-login-here = el usuario de Twitch { $typed } no se puede buscar aquí; indícalo como twitch:<id de usuario>
refusal-list-no-user = no hay ningún usuario de Twitch llamado { $typed }
refusal-list-not-member = { $typed } no es una cuenta como twitch:12345 ni un usuario de Twitch

## Las filas erróneas de una importación CSV: cada $problem en la línea $row del archivo.

refusal-import-row = línea { NUMBER($row, useGrouping: 0) }: { $problem }
refusal-import-header = la cabecera debe ser account,display_name
refusal-import-unreadable = no se puede leer como CSV: { $error }
refusal-import-columns = { $count } columnas, se esperaban 2 como mucho
refusal-import-display-name = el nombre visible debe tener como mucho 64 caracteres imprimibles
refusal-import-login-here = el usuario de Twitch { $typed } no se puede buscar aquí
refusal-import-not-account = { $typed } no es ni una cuenta ni un usuario de Twitch
refusal-import-duplicate = { $account } ya está en la línea { NUMBER($first_row, useGrouping: 0) }
refusal-import-too-many = más de { $count } filas; divide el archivo
refusal-import-rejected = { $count ->
        [one] { $count } fila errónea
       *[other] { $count } filas erróneas
    }; no se importó nada
refusal-import-whole = { $problem }; no se importó nada
