## Shown on stream by the OBS overlay (/overlay/<community>): short lines read at a glance, on a
## small panel in a corner. The page puts in the values as the drop moves: $countdown is a
## countdown like 4:59 or 1:02:03; $starts a time of day in the streamer's clock; $who the
## groups with early access, listed; $link the short address of the drop's transparency page;
## $commitment the start of the commitment; counts are numbers the plural rules pick words for.

## What the drop is doing, above its title

overlay-phase-scheduled = Next drop
overlay-phase-early = Early access
overlay-phase-public = Open to everyone
overlay-phase-paused = Paused
overlay-phase-drawing = Drawing…
overlay-phase-cancelled = Cancelled
overlay-winners = { $winners ->
    [one] Winner
   *[other] Winners
}

## Under the title

overlay-supply = { $supply ->
    [one] { $supply } unit
   *[other] { $supply } units
}
overlay-starts = Starts at { $starts }
overlay-opens-in = Opens in { $countdown }
overlay-early = Early access: { $who }
overlay-everyone-in = Everyone can enter in { $countdown }
overlay-closes-in = Closes in { $countdown }
overlay-entrants = { $entrants ->
    [one] { $entrants } entrant
   *[other] { $entrants } entrants
}
overlay-commitment = Commitment { $commitment }
overlay-beacon = Waiting for drand round { $round }
overlay-more-winners = { $more ->
    [one] and { $more } more
   *[other] and { $more } more
}
overlay-no-winners = Nobody entered: no winners.
overlay-check = Check the draw: { $link }

## Who has early access ($who above), one line per kind of condition a tier's rule names;
## the page joins several with "and" or "or" in the page's language. $age is a length of time
## like "30 days"; $list, $name and $series are names from the drop's rules.

overlay-who-everyone = everyone
overlay-who-subscriber = subscribers
overlay-who-founder = founders
overlay-who-vip = VIPs
overlay-who-moderator = moderators
overlay-who-broadcaster = the broadcaster
overlay-who-role = members with a Discord role
overlay-who-list = the { $list } list
overlay-who-holder = holders of { $name }
overlay-who-series = holders of any { $series } drop
overlay-who-account-age = accounts older than { $age }
overlay-who-follow-age = followers of over { $age }
overlay-who-join-age = Discord members of over { $age }
overlay-who-won-within = winners of the last { $age }
overlay-who-won-within-series = { $series } winners of the last { $age }
overlay-who-not = not { $who }
overlay-who-requiring = { $who } ({ $required })

## The moderators' preview (/overlay/<community>/preview): a sample drop, no real one

overlay-preview-title = Sample drop: signed hoodie

## The browser source's address names no community or drop fairdrop knows

overlay-unknown = No overlay here: check the community name or the drop number in the address.
