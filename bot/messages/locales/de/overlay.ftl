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

## Who has early access ($who above), one line per kind of condition a tier's rule names;
## the page joins several with "and" or "or" in the page's language. $age is a length of time
## like "30 Tage"; $list, $name and $series are names from the drop's rules.

overlay-who-everyone = alle
overlay-who-subscriber = Abonnenten
overlay-who-founder = Gründer
overlay-who-vip = VIPs
overlay-who-moderator = Moderatoren
overlay-who-broadcaster = der Streamer
overlay-who-role = Mitglieder mit einer Discord-Rolle
overlay-who-list = die Liste { $list }
overlay-who-holder = Gewinner von { $name }
overlay-who-series = Gewinner eines { $series }-Drops
overlay-who-account-age = Konten älter als { $age }
overlay-who-follow-age = Follower seit über { $age }
overlay-who-join-age = Discord-Mitglieder seit über { $age }
overlay-who-won-within = Gewinner der letzten { $age }
overlay-who-won-within-series = { $series }-Gewinner der letzten { $age }
overlay-who-not = nicht { $who }
overlay-who-requiring = { $who } ({ $required })

## The moderators' preview (/overlay/<community>/preview): a sample drop, no real one

overlay-preview-title = Beispiel-Drop: signierter Hoodie

## The browser source's address names no community or drop fairdrop knows

overlay-unknown = Hier gibt es kein Overlay: Prüf den Community-Namen oder die Drop-Nummer in der Adresse.
