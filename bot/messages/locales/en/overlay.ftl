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

## The moderators' preview (/overlay/<community>/preview): a sample drop, no real one

overlay-preview-title = Sample drop: signed hoodie
overlay-preview-subscribers = subscribers
overlay-preview-vips = VIPs

## The browser source's address names no community or drop fairdrop knows

overlay-unknown = No overlay here: check the community name or the drop number in the address.
