## Las páginas web (página de canje, páginas de transparencia, el índice de drops, páginas de
## error) y el `message` legible de la API de socios. Solo palabras: el marcado es de la
## plantilla, y los valores escritos por alguien (títulos, nombres) se escapan para HTML antes de
## entrar. $title es el título de un drop.

## Todas las páginas

web-page-title = { $title } · fairdrop
web-footer = Microdrops justos y demostrables. Cualquier sorteo se puede comprobar con { $command }.

## La página de inicio; $keys y $openapi son enlaces

web-index-tagline = Microdrops justos y demostrables para la comunidad de este canal.
web-index-winners = ¿Ganaste en el chat de Twitch? Abre el enlace de canje del chat para recoger tu código.
web-index-pages = Cada drop sorteado tiene una página en { $path } con su compromiso, su semilla, el hash de la lista de participantes y la transcripción.
web-index-partners = Socios: la API de canje se describe en { $openapi }; las claves públicas para comprobar tokens sin conexión están en { $keys }.

## La página de canje

web-claim-title = Tu código: { $title }
web-claim-login = ¿Ganaste en el chat de Twitch? Inicia sesión con Twitch para ver tu código. Solo conocemos tu id de usuario de Twitch; no se publica nada ni se pide ningún permiso.
web-claim-login-button = Iniciar sesión con Twitch
web-claim-logged-in = Sesión iniciada como { $login }.
web-claim-logout-button = Cerrar sesión
web-claim-keep-private = No enseñes tu código: quien lo muestre primero se lo queda.
web-claim-how-drawn = Cómo se sorteó este drop
web-claim-missed = Se acabó el plazo para reclamar { $units }; { $count ->
        [one] el premio pasó
       *[other] los premios pasaron
    } a la lista de espera.
web-claim-none = No hay código para ti en este drop (todavía).
web-code-prize = Premio #{ $serial }
web-code-ready = Listo para usar
web-code-status = { $code_state ->
        [redeemed] Ya canjeado
        [expired] Caducado
        [revoked] Revocado
        [forged] No es un código nuestro
       *[other] No se puede usar
    }
web-code-short = Código corto (para escribir):
web-code-qr = O enseña este código QR:
web-code-valid-until = Válido hasta el { $until }. Tu seudónimo en la transcripción del sorteo: { $pseudonym }.
web-code-token = Token
web-code-where = Dónde canjearlo

## Páginas de error: un título y una línea sobre qué hacer

web-error-no-such-drop = Ese drop no existe
web-error-no-such-drop-link = Revisa el enlace del chat; lleva el nombre del drop.
web-error-no-such-drop-path = Las páginas de los drops están en /drops/ seguido del número del drop.
web-error-no-such-drop-number = No hay ningún drop #{ $id }.
web-error-login-not-set-up = El inicio de sesión no está configurado
web-error-login-not-set-up-detail = Este bot todavía no tiene configurado el inicio de sesión con Twitch.
web-error-bad-login-link = Enlace de inicio de sesión no válido
web-error-bad-login-link-detail = Abre el enlace de canje del chat e inicia sesión desde ahí.
web-error-login-expired = Inicio de sesión caducado
web-error-login-expired-detail = Tu inicio de sesión caducó o empezó en otro navegador; vuelve a abrir el enlace de canje e inicia sesión desde ahí.
web-error-login-cancelled = Inicio de sesión cancelado
web-error-login-cancelled-detail = Se canceló el inicio de sesión con Twitch; no ha cambiado nada.
web-error-login-refused = Inicio de sesión rechazado
web-error-login-refused-detail = La respuesta de inicio de sesión no coincide con la de este navegador; vuelve a abrir el enlace de canje e inicia sesión desde ahí.
web-error-login-failed = Falló el inicio de sesión
web-error-login-failed-detail = Twitch no confirmó quién eres: { $reason }
web-error-not-from-this-site = No viene de este sitio
web-error-log-out-here = Cierra la sesión desde la propia página de canje.
web-error-bad-logout = Cierre de sesión no válido
web-error-bad-logout-detail = Cierra la sesión con el botón de la página de canje.
web-error-logout-refused = Cierre de sesión rechazado
web-error-bad-request = Petición no válida
web-error-index-parameter = El índice de drops admite un solo parámetro: ?page=N.
web-error-page-number = La página debe ser un número del 1 al { $count }.
web-error-no-such-page = Esa página no existe
web-error-fewer-pages = Hay menos de { $count } páginas de drops.
web-error-no-such-season = Esa temporada no existe
web-error-season-path = Las páginas de temporada están en /series/ seguido del nombre de la serie.
web-error-unknown-series = No hay ningún episodio cerrado de una serie llamada { $series }.
web-error-not-a-community = No es una comunidad
web-error-channel-name = ?channel= lleva el nombre de una comunidad.
web-error-name-the-community = Indica la comunidad
web-error-several-communities = La serie { $series } se emite en varias comunidades: indica una con ?channel= y su nombre.

## El índice de drops, /drops

web-drops-title = Drops
web-drops-none = Todavía no hay drops.
web-drops-header-drop = drop
web-drops-header-community = comunidad
web-drops-header-state = estado
web-drops-header-mode = modo
web-drops-header-supply = unidades
web-drops-header-opened = abierto
web-drops-not-yet = todavía no
web-drops-newer = más recientes
web-drops-older = más antiguos

## La página de transparencia de un drop, /drops/<número>

web-drop-title = Drop: { $title }
web-drop-facts = Drop #{ $id } · { $mode ->
        [fcfs] por orden de llegada
       *[draw] sorteo
    } · { $supply ->
        [one] 1 unidad
        [many] { $supply } de unidades
       *[other] { $supply } unidades
    } · { $phase ->
        [draft] borrador
        [scheduled] programado
        [early] acceso anticipado
        [public] abierto a todos
        [closed] cerrado
        [drawn] sorteado
        [settled] liquidado
       *[cancelled] cancelado
    }
web-drop-commitment = Compromiso
web-drop-guaranteed = Unidades garantizadas (comprometidas al abrir)
web-drop-seed = Semilla
web-drop-entry-hash = Hash de la lista de participantes
web-drop-beacon = Baliza
web-drop-drawn-at = Sorteado el
web-drop-entrants-by-tier = Participantes por nivel
web-drop-winners = Ganadores
web-drop-rerolls = Resorteos y descalificaciones
web-drop-changes = Cambios de los moderadores
web-drop-verify-yourself = Comprueba el sorteo tú mismo
web-drop-not-yet = todavía no
web-drop-seed-later = se revela tras el sorteo
web-drop-entry-hash-later = se fija al cierre
web-drop-guaranteed-at-open = se fija cuando se abre el drop
web-drop-guaranteed-none = sin comprometer (el drop se abrió antes que las unidades garantizadas)
web-drop-header-tier = nivel
web-drop-header-entrants = participantes
web-drop-header-serial = #
web-drop-header-winner = ganador
web-drop-header-pseudonym = seudónimo
web-drop-header-via = vía
web-drop-header-status = estado
web-drop-header-from = de
web-drop-header-to = a
web-drop-header-at = cuándo
web-drop-header-why = por qué
web-drop-header-by = quién
web-drop-header-what = qué
web-drop-no-entries = Todavía no hay participaciones.
web-drop-no-winners = Todavía no hay ganadores.
web-drop-no-rerolls = Ninguno.
web-drop-no-changes = Sin cambios desde que se creó.
web-drop-left-out = { $count ->
        [one] 1 quedó fuera
        [many] { $count } de participantes quedaron fuera
       *[other] { $count } quedaron fuera
    } en la revisión al cierre.
web-drop-nobody-left = no queda nadie
web-drop-reroll-by = { $reason } (por { $actor })
web-drop-fcfs = Un drop por orden de llegada: las unidades se dieron en el orden en que llegaron las participaciones; no hay sorteo.
web-drop-transcript-later = La transcripción se publica aquí en cuanto se sortee el drop.
web-drop-verify-how = La semilla se comprometió (su SHA-256 es el compromiso de arriba) antes de que nadie participara, y la lista de participantes se congeló y se calculó su hash al cierre. Cualquiera puede volver a obtener los ganadores y la lista de espera solo con la transcripción:
web-drop-download = Descargar la transcripción
web-drop-verify-prints = Muestra OK cuando la semilla coincide con el compromiso, las participaciones dan el hash de la lista y salen los mismos ganadores; si no, dice exactamente qué difiere. En la transcripción los participantes aparecen con seudónimos salados para cada drop.
web-drop-beacon-none = ninguna
web-drop-beacon-opted-out = Ninguna: este drop se sorteó sin azar público (se desactivó), así que quien lo gestiona podría haber influido en el resultado.
web-drop-beacon-round = ronda { $round } de drand quicknet, publicada el { $when }, después del cierre
web-drop-beacon-waiting = { $line }; el sorteo mezcla su azar en cuanto salga.
web-drop-beacon-verified = { $line }; firma verificada, azar { $hash }.
web-drop-beacon-outcome = { $line }; { $result }.

## La página de una temporada, /series/<nombre>: solo totales. $count es un número de días o episodios.

web-season-title = Temporada { $series }
web-season-facts = { $count ->
        [one] 1 episodio
        [many] { $count } de episodios
       *[other] { $count } episodios
    } en { $community } · retención contada en días de { $zone } · a fecha de { $as_of }
web-season-repeat-rate = tasa de repetición (también participaron en el episodio anterior)
web-season-back-within = volvieron a participar en { $count } días
web-season-distinct-winners = ganadores distintos
web-season-repeat-winners = ganadores que repiten
web-season-no-episodes = Todavía no se ha cerrado ningún episodio.
web-season-no-experiments = No hay experimentos de unidades en esta temporada.
web-season-episodes = Episodios
web-season-fairness = Justicia por nivel en la temporada
web-season-experiments = Experimentos de unidades
web-season-header-figure = dato
web-season-header-value = valor
web-season-header-episode = episodio
web-season-header-closed = cierre
web-season-header-variant = variante
web-season-header-entrants = participantes
web-season-header-new = nuevos
web-season-header-returning = repiten
web-season-header-pass-holders = con pase
web-season-header-winners = ganadores
web-season-header-converted-24h = canjearon en 24 h
web-season-header-converted-72h = en 72 h
web-season-header-back-in = vuelven en { $count } d
web-season-header-tier = nivel
web-season-header-entry-share = cuota de participaciones
web-season-header-winner-share = cuota de ganadores
web-season-header-rate = tasa
web-season-header-reading = lectura

## El `message` de la API de socios (JSON), por código de error

api-invalid-content-type = envía un cuerpo JSON con Content-Type: application/json
api-invalid-json = el cuerpo no es JSON válido
api-invalid-body = el cuerpo debe ser un objeto JSON como {"{"}"code": "..."{"}"}
api-unknown-field = campo desconocido { $field }
api-invalid-code = 'code' debe ser el token o el código corto, como cadena
api-invalid-order-value = 'order_value_cents' debe ser un número entero del 0 al { $count }
api-invalid-idempotency-key = Idempotency-Key debe tener de 1 a 255 caracteres ASCII imprimibles
api-unauthorized = envía una clave de API de socio activa: Authorization: Bearer <clave>
api-idempotency-key-reused = esta Idempotency-Key ya se usó para otra petición
api-too-many-failures = demasiados intentos fallidos; vuelve a intentarlo en { $count } s
api-unknown-code = ese código no existe: comprueba que se escribió o escaneó entero
api-code-expired = este código ha caducado
api-code-revoked = este código se revocó; su unidad pasó a otra persona
api-already-redeemed = este código ya se canjeó
api-out-of-scope = este código es de un drop que esta clave de socio no cubre

## Lo que dice la aplicación web en texto plano (nunca marcado): las respuestas del feed en vivo
## (/overlay/{community}/events, /drops/{id}/events) cuando no puede servir un stream.

web-feed-no-drop = Ese drop no existe.
web-feed-no-community = Esa comunidad no existe.
web-feed-too-many-from-address = Hay demasiados feeds en vivo abiertos desde tu dirección; cierra uno y vuelve a intentarlo.
web-feed-full = El feed en vivo ya atiende a todos los clientes que puede; vuelve a intentarlo en un momento.

## Más de las páginas web: el incremento de la temporada (las horas tras cada cierre frente a las
## mismas horas de semanas anteriores), la línea en vivo de la página de un drop y la comprobación
## en el navegador, y los resguardos de un miembro (/mydrops). $standing es una de las líneas
## web-receipt-* de cómo va una participación; $place dónde la lista la transcripción.

web-season-lift-title = Incremento: las { $hours } h tras cada cierre
web-season-header-lift-subscriptions = suscripciones (línea base)
web-season-header-lift-resubscriptions = resuscripciones (línea base)
web-season-header-lift-follows = nuevos seguidores (línea base)
web-season-lift-caveat = Una comparación con las mismas horas de semanas anteriores, no una prueba de que el drop lo causara.
web-drop-live-line = Participantes: { $entrants } · ahora { $phase }
web-drop-phase = { $phase ->
        [draft] borrador
        [scheduled] programado
        [early] acceso anticipado
        [public] abierto a todos
        [closed] cerrado
        [drawn] sorteado
        [settled] liquidado
       *[cancelled] cancelado
    }
web-drop-reload-for-winners = El sorteo ya se hizo: recarga la página para ver los ganadores y la semilla.
web-drop-check-then = Compruébalo entonces con { $link }, o en esta página.
web-drop-verify-with-fairdrop = con fairdrop:
web-drop-verify-without-it = sin fairdrop: { $link }, un solo archivo que solo necesita Python 3.11 (también comprueba la firma de drand si drand-verify está instalado):
web-drop-verify-in-browser = aquí mismo, en este navegador:
web-drop-verify-check-button = Comprobar el sorteo en este navegador
web-claim-your-drops = tus drops recientes
web-error-no-such-overlay = Ese overlay no existe
web-receipt-heading = Tu participación
web-receipt-label-pseudonym = Seudónimo
web-receipt-label-tier = Nivel
web-receipt-label-weight = Peso
web-receipt-label-standing = Cómo va
web-receipt-label-place = En la transcripción
web-receipt-place = { $place } en { $link }
web-receipt-the-transcript = la transcripción
web-receipt-place-later = aparecerá cuando se sortee el drop
web-receipt-in-draw = En el sorteo; los ganadores se sortean al cierre.
web-receipt-left-out = Quedó fuera en la revisión al cierre
web-receipt-holds = Ganaste
web-receipt-waitlisted = No saliste en el sorteo; estás en la lista de espera por si vuelve alguna unidad.
web-receipt-passed-on = Ganaste, pero se acabó el plazo para reclamar y la unidad pasó a la lista de espera.
web-receipt-no-unit = Llegaste cuando ya no quedaba ninguna unidad para ti.
web-receipt-cancelled = El drop se canceló.
web-receipt-because = { $standing }: { $reason }.
web-receipt-units = { $standing }: { $units }.
web-receipt-only-you = Solo tú ves esta página: la transcripción lista a cada participante solo por su seudónimo, así que puedes comprobar que estuviste en el sorteo, con este peso, sin que nadie sepa cuál eres tú.
web-mydrops-title = Tus drops recientes
web-mydrops-login = ¿Participaste en un drop en el chat de Twitch? Inicia sesión con Twitch para ver tus resguardos: el seudónimo con el que te lista cada sorteo, tu nivel y tu peso, y cómo va tu participación. Solo conocemos tu id de usuario de Twitch; no se publica nada ni se pide ningún permiso.
web-mydrops-none = No has participado en ningún drop reciente.
web-mydrops-logged-in = Sesión iniciada como { $login }. Solo tú ves esta página.
