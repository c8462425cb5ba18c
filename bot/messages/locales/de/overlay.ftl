## German (de). Shown on stream by the OBS overlay (/overlay/<community>): short lines read at a
## glance, on a small panel in a corner. The page puts in the values as the drop moves:
## $countdown is a countdown like 4:59 or 1:02:03; $starts a time of day in the streamer's clock;
## $who the groups with early access, listed; $link the short address of the drop's transparency
## page; $commitment the start of the commitment; counts are numbers the plural rules pick words for.

## What the drop is doing, above its title

overlay-phase-scheduled = Nächster Drop
overlay-phase-early = Vorabzugang
overlay-phase-public = Offen für alle
overlay-phase-paused = Pausiert
overlay-phase-drawing = Ziehung läuft…
overlay-phase-cancelled = Abgesagt
overlay-winners = { $winners ->
    [one] Gewinner
   *[other] Gewinner
}

## Under the title

overlay-supply = { $supply ->
    [one] { $supply } Exemplar
   *[other] { $supply } Exemplare
}
overlay-starts = Beginnt um { $starts }
overlay-opens-in = Öffnet in { $countdown }
overlay-early = Vorabzugang: { $who }
overlay-everyone-in = Für alle offen in { $countdown }
overlay-closes-in = Schließt in { $countdown }
overlay-entrants = { $entrants ->
    [one] { $entrants } Teilnehmer
   *[other] { $entrants } Teilnehmer
}
overlay-commitment = Commitment { $commitment }
overlay-beacon = Warte auf drand-Runde { $round }
overlay-more-winners = { $more ->
    [one] und { $more } weiterer
   *[other] und { $more } weitere
}
overlay-no-winners = Niemand hat mitgemacht: keine Gewinner.
overlay-check = Prüf die Ziehung: { $link }

## The moderators' preview (/overlay/<community>/preview): a sample drop, no real one

overlay-preview-title = Beispiel-Drop: signierter Hoodie
overlay-preview-subscribers = Abonnenten
overlay-preview-vips = VIPs

## The browser source's address names no community or drop fairdrop knows

overlay-unknown = Hier gibt es kein Overlay: Prüf den Community-Namen oder die Drop-Nummer in der Adresse.
