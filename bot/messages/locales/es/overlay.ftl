## Lo que muestra en el stream el overlay de OBS (/overlay/<community>): líneas cortas que se leen
## de un vistazo, en un panel pequeño en una esquina. La página pone los valores a medida que el
## drop avanza: $countdown es una cuenta atrás como 4:59 o 1:02:03; $starts una hora del día en el
## reloj de quien emite; $who los grupos con acceso anticipado, en lista; $link la dirección corta
## de la página de transparencia del drop; $commitment el comienzo del compromiso; los números
## son cantidades cuyas palabras eligen las reglas de plural.

## Lo que está haciendo el drop, encima de su título

overlay-phase-scheduled = Próximo drop
overlay-phase-early = Acceso anticipado
overlay-phase-public = Abierto para todos
overlay-phase-paused = En pausa
overlay-phase-drawing = Sorteando…
overlay-phase-cancelled = Cancelado
overlay-winners = { $winners ->
    [one] Ganador
   *[other] Ganadores
}

## Debajo del título

overlay-supply = { $supply ->
    [one] { $supply } unidad
    [many] { $supply } de unidades
   *[other] { $supply } unidades
}
overlay-starts = Empieza a las { $starts }
overlay-opens-in = Abre en { $countdown }
overlay-early = Acceso anticipado: { $who }
overlay-everyone-in = Todos pueden participar en { $countdown }
overlay-closes-in = Cierra en { $countdown }
overlay-entrants = { $entrants ->
    [one] { $entrants } participante
    [many] { $entrants } de participantes
   *[other] { $entrants } participantes
}
overlay-commitment = Compromiso { $commitment }
overlay-beacon = Esperando la ronda { $round } de drand
overlay-more-winners = { $more ->
    [one] y { $more } más
   *[other] y { $more } más
}
overlay-no-winners = Nadie participó: no hay ganadores.
overlay-check = Comprueba el sorteo: { $link }

## Quién tiene acceso anticipado ($who arriba), una línea por tipo de condición de la regla de
## un nivel; la página une varias con "y" u "o" en su idioma. $age es un tiempo como "30 días";
## $list, $name y $series son nombres de las reglas del drop.

overlay-who-everyone = todos
overlay-who-subscriber = suscriptores
overlay-who-founder = fundadores
overlay-who-vip = VIPs
overlay-who-moderator = moderadores
overlay-who-broadcaster = quien emite
overlay-who-role = miembros con un rol de Discord
overlay-who-list = la lista { $list }
overlay-who-holder = poseedores de { $name }
overlay-who-series = poseedores de cualquier drop de { $series }
overlay-who-account-age = cuentas de más de { $age }
overlay-who-follow-age = seguidores desde hace más de { $age }
overlay-who-join-age = miembros de Discord desde hace más de { $age }
overlay-who-won-within = ganadores de los últimos { $age }
overlay-who-won-within-series = ganadores de { $series } de los últimos { $age }
overlay-who-not = no { $who }
overlay-who-requiring = { $who } ({ $required })

## La vista previa de los moderadores (/overlay/<community>/preview): un drop de ejemplo, ninguno real

overlay-preview-title = Drop de ejemplo: sudadera firmada

## La dirección de la fuente de navegador no nombra ninguna comunidad ni drop que fairdrop conozca

overlay-unknown = Aquí no hay overlay: revisa el nombre de la comunidad o el número del drop en la dirección.
