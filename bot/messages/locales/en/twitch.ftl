## Said in Twitch chat. A line is at most 500 characters and starts with our own words, never
## with a value. $title is the drop's title (its name when it has none); $command is !claim;
## $closes, $starts, $deadline and $opens are times like 14:05 UTC; $link is a web address.

## The drop's announcements. $emoji is the community's emoji and a space ([communities.NAME]
## emoji), or nothing.

twitch-drop-terms = { $units ->
        [0] limited supply
        [one] 1 unit
       *[other] { $units } units
    }, { $mode ->
        [fcfs] first come, first served
       *[draw] winners drawn at close
    }
twitch-scheduled = Drop "{ $title }" is scheduled for { $starts }: { $terms }.
twitch-scheduled-sometime = Drop "{ $title }" is scheduled: { $terms }.
twitch-opened = { $emoji }Drop open: "{ $title }"! { $terms }.
twitch-open-to-everyone = { $emoji }Drop "{ $title }" is now open to everyone! { $terms }.
twitch-enter-until = Type { $command } to enter until { $closes }.
twitch-enter = Type { $command } to enter.
twitch-tiers = Who can enter when: { $tiers }.
twitch-tier-from = { $who } from { $opens }
twitch-commitment = Fair draw: commitment { $commitment }, seed revealed after the draw; check it at { $link }.
twitch-commitment-cli = Fair draw: commitment { $commitment }, seed revealed after the draw; check it with fairdrop verify-draw.
twitch-commitment-round = Fair draw: commitment { $commitment }, bound to drand round { $round } (public randomness published after the close); seed revealed after the draw; check it at { $link }.
twitch-commitment-round-cli = Fair draw: commitment { $commitment }, bound to drand round { $round } (public randomness published after the close); seed revealed after the draw; check it with fairdrop verify-draw.
twitch-beacon-waiting = The draw of "{ $title }" waits for public randomness (drand round { $round }), which cannot be fetched yet; it draws only once the round can be fetched.
twitch-beacon-waiting-draw-without = The draw of "{ $title }" waits for public randomness (drand round { $round }), which cannot be fetched yet; after { $wait } it draws without it (recorded in the transcript).
twitch-closing-at = Drop "{ $title }" closes at { $closes }: type { $command } now to enter.
twitch-closing-soon = Drop "{ $title }" closes soon: type { $command } now to enter.
twitch-closed = Drop "{ $title }" is closed: no more entries.
twitch-closed-entrants = { $entrants ->
        [one] 1 entrant.
       *[other] { $entrants } entrants.
    }
twitch-closed-frozen = Entry list frozen, hash { $hash }; the draw follows.
twitch-closed-arrivals = Arrivals recorded, chain head { $hash }; units went in order.
twitch-drawn = Drop "{ $title }" is drawn: { $winners ->
        [one] 1 winner
       *[other] { $winners } winners
    } from { $entrants ->
        [one] 1 entrant
       *[other] { $entrants } entrants
    }.
twitch-drawn-guaranteed = { $units ->
        [one] 1 unit
       *[other] { $units } units
    } went to guaranteed lists first.
twitch-drawn-winners = Winners of "{ $title }":
twitch-drawn-nameless = Plus { $winners ->
        [one] 1 Twitch winner
       *[other] { $winners } Twitch winners
    } whose name cannot be shown.
twitch-drawn-on-discord = { $winners ->
        [one] 1 winner on Discord gets their code there.
       *[other] { $winners } winners on Discord get their code there.
    }
twitch-drawn-claim = Winners: log in at { $link } to get your code.
twitch-reveal = Fair draw: { $hashes }; verify at { $link }.
twitch-reveal-cli = Fair draw: { $hashes }; verify with fairdrop verify-draw.
twitch-reveal-seed = seed { $hash }
twitch-reveal-commitment = commitment { $hash }
twitch-reveal-entry-list = entry list { $hash }
twitch-won = Drop "{ $title }": you won! Get your code at { $link } by { $deadline }:
twitch-won-sometime = Drop "{ $title }": you won! Get your code at { $link }:
twitch-won-nameless = and { $winners ->
        [one] 1 winner
       *[other] { $winners } winners
    } whose name cannot be shown
twitch-rerolled = Drop "{ $title }": { $count ->
        [one] { $units } was not claimed in time and passes
       *[other] { $units } were not claimed in time and pass
    } to the next { $count ->
        [one] entrant
       *[other] entrants
    } in line.
twitch-rerolled-nobody = Drop "{ $title }": { $count ->
        [one] { $units } was not claimed in time, and nobody is left in line to pass it to.
       *[other] { $units } were not claimed in time, and nobody is left in line to pass them to.
    }
# A moderator disqualified a unit's winner: $units is the unit (twitch-unit), $reason their words.
twitch-disqualified = Drop "{ $title }": the winner of { $units } was disqualified by a moderator and it passes to the next entrant in line.
twitch-disqualified-because = Drop "{ $title }": the winner of { $units } was disqualified by a moderator ({ $reason }) and it passes to the next entrant in line.
twitch-disqualified-nobody = Drop "{ $title }": the winner of { $units } was disqualified by a moderator, and nobody is left in line to pass it to.
twitch-disqualified-nobody-because = Drop "{ $title }": the winner of { $units } was disqualified by a moderator ({ $reason }), and nobody is left in line to pass it to.
twitch-unit = #{ $serial }
twitch-a-unit = a unit
twitch-cancelled = Drop "{ $title }" was cancelled. Any codes issued for it are void.
twitch-cancelled-because = Drop "{ $title }" was cancelled ({ $reason }). Any codes issued for it are void.
# A moderator moved an open drop's close: $duration is by how much, $closes the new close.
twitch-extended = Drop "{ $title }": a moderator { $moved ->
        [shortened] shortened
       *[extended] extended
    } the entry window by { $duration }; entries now close at { $closes }.
twitch-extended-sometime = Drop "{ $title }": a moderator { $moved ->
        [shortened] shortened
       *[extended] extended
    } the entry window.
twitch-paused = Drop "{ $title }" is paused by a moderator: no entries until it resumes.
twitch-resumed = Drop "{ $title }" is running again: type { $command } to enter; entries close at { $closes }.
twitch-resumed-sometime = Drop "{ $title }" is running again: type { $command } to enter.
twitch-settled = Drop "{ $title }" is settled: every unit is claimed or passed on. Thanks, everyone!

## The summary after a drop, in one line

twitch-summary-head = Drop "{ $title }", { $after }:
# $after: how long after the close the summary's figures were taken (or so far).
twitch-summary-after = { $span } after the close
twitch-summary-so-far = so far
twitch-summary-entrants = { $entrants ->
        [one] 1 entrant
       *[other] { $entrants } entrants
    }
twitch-summary-entrants-returning = { $entrants ->
        [one] 1 entrant
       *[other] { $entrants } entrants
    } ({ $new } new, { $returning } back)
twitch-summary-needed = { $entrants }, { $winners ->
        [one] 1 winner
       *[other] { $winners } winners
    }, { $redeemed } redeemed.
twitch-summary-needed-share = { $entrants }, { $winners ->
        [one] 1 winner
       *[other] { $winners } winners
    }, { $redeemed } redeemed ({ $share } of winners).
twitch-summary-told = { $told } told, { $viewed } saw their code.
twitch-summary-claim-time = Median time to claim { $duration }.
twitch-summary-redeem-time = Median time to redeem { $duration }.
twitch-summary-revenue = Orders worth { $money }.
twitch-summary-link = Full figures and the fair draw: { $link }
twitch-summary-cli = Check the draw with fairdrop verify-draw.

## Answers to chat commands: said before a batch of @mentions

twitch-ack-entered = You're in the { $title } drop:
twitch-ack-already = Already in the { $title } drop, one entry each:
twitch-ack-won = You got one of the { $title } units! Fetch your code on the claim page:
twitch-ack-sold-out = The { $title } drop is sold out, you're on the waitlist:
twitch-ack-cap = That's the most one person can take in the { $title } drop:
twitch-ack-opens-at = The { $title } drop opens for you at { $opens }:
twitch-ack-early-access = Early access is for { $who }; everyone can enter the { $title } drop from { $opens }:
twitch-ack-not-eligible = Not this one ({ $reason }):
twitch-ack-closed = The { $title } drop has closed:
twitch-ack-paused = The { $title } drop is paused, try again once it resumes:
twitch-ack-not-open = The { $title } drop has not opened yet:
twitch-ack-no-drop = No drop is running right now:
twitch-ack-slow-down = Slow down, one claim is enough:
# The line that counts, rather than mentions, the rest of a rush: $said is one of the above.
twitch-ack-counted = { $said } { $more ->
        [one] 1 more of you.
       *[other] { $more } more of you.
    }
twitch-ack-merged-more = and { $more } more.

## Answers to one chatter: said as "<answer> (@login)"

twitch-reply = { $answer } ({ $mention })
twitch-reply-mods-only = only the broadcaster and moderators can run drops
twitch-reply-failed-claim = that didn't go through on our side; try { $command } again soon
twitch-reply-failed = that didn't go through on our side; try it again soon
twitch-reply-rerolled = { $units ->
        [one] 1 unclaimed unit passed to the waitlist
       *[other] { $units } unclaimed units passed to the waitlist
    }
twitch-reply-status = drop { $name }: { $phase }, { $entrants ->
        [one] 1 entrant
       *[other] { $entrants } entrants
    }, { $allocated } of { $supply } allocated, { $claimed } claimed
# Moderators steering a drop: $winner and $successor are display names, $duration how long.
twitch-reply-disqualified = { $winner } is disqualified; unit #{ $serial } passes to { $successor }
twitch-reply-disqualified-nobody = { $winner } is disqualified; unit #{ $serial } has nobody left in line
twitch-reply-extended = entries close { $closes } ({ $moved ->
        [shortened] shortened
       *[extended] extended
    } by { $duration })
twitch-reply-paused = paused with { $duration } of entries left
twitch-reply-resumed = resumed; entries close { $closes }
twitch-reply-edited = drop { $name } is now "{ $title }", { $supply ->
        [one] 1 unit
       *[other] { $supply } units
    }, entries for { $duration }
twitch-reply-edited-starts = drop { $name } is now "{ $title }", { $supply ->
        [one] 1 unit
       *[other] { $supply } units
    }, entries for { $duration }, opening at { $starts }
# Recurring drops: $every is a weekly day and time (fri 20:00), $next when the next drop opens.
twitch-reply-series-started = series { $name }: a drop every { $every }, the first { $next }
twitch-reply-series-stopped = series { $name } is stopped; no more drops open from it
twitch-series-none = no series running; start one with !drop schedule NAME every fri 20:00
twitch-series-list = series: { $series_line }
twitch-series-listed = { $name } (every { $every }, next { $next })
twitch-reply-linked = linked: your Twitch and Discord accounts are now one person in drops
twitch-reply-already-linked = already linked
twitch-reply-link-self = that code is your own; type it from your other account
twitch-reply-linked-elsewhere = this account is linked elsewhere; unlink it first, then run /link again
twitch-reply-link-unknown = that link code is unknown, used or expired; run /link in Discord for a new one

## Usage lines for a malformed chat command, said as answers (twitch-reply). The commands, their
## options and the words in capitals (NAME, CODE) are what people type: keep them as they are.
## $typed is what the moderator typed that is not understood; $usage is one of the usage lines.

twitch-usage-drop = usage: !drop open|close|status|cancel|reroll|list|disqualify|extend|shorten|pause|resume|edit|schedule|series|help
twitch-usage-open = usage: !drop open NAME [supply=N] [for=10m] [early=2m] [mode=lottery|fcfs] [title=...] [at=20:00] [beacon=on|off] [keyword=!word]
twitch-usage-edit = usage: !drop edit NAME [supply=N] [for=10m] [early=2m] [title=...] [at=20:00] (draft or scheduled drops)
twitch-usage-extend = usage: !drop extend 5m (or -5m) [NAME], !drop shorten 5m [NAME]
twitch-usage-disqualify = usage: !drop disqualify @user [reason]
twitch-usage-schedule = usage: !drop schedule NAME every fri 20:00 [supply=N] [for=10m] [early=2m] [mode=lottery|fcfs] [title=...] [beacon=on|off]
twitch-usage-series = usage: !drop series (the running ones), !drop series stop NAME
twitch-usage-link = usage: !link CODE (get the code with /link in our Discord)
twitch-usage-list = usage: !drop list
twitch-usage-help = usage: !drop help
twitch-usage-close = usage: !drop close [NAME]
twitch-usage-status = usage: !drop status [NAME]
twitch-usage-reroll = usage: !drop reroll [NAME]
twitch-usage-pause = usage: !drop pause [NAME]
twitch-usage-resume = usage: !drop resume [NAME]
twitch-usage-at-in-series = at= has no place in a series: every says when; { $usage }
twitch-usage-keyword-in-series = keyword= has no place in a series: its drops enter by !claim; { $usage }
twitch-usage-not-a-duration = { $typed } is not a duration like 5m or 1h30m; { $usage }
twitch-usage-not-key-value = '{ $typed }' is not key=value; { $usage }
twitch-usage-given-twice = { $typed }= given twice; { $usage }
twitch-usage-unknown-option = unknown option { $typed }=; { $usage }
twitch-usage-supply = supply={ $typed } must be a whole number from 1 to 1,000,000
twitch-usage-duration = { $typed } is not a duration like 30s, 10m or 1h30m
twitch-usage-mode = mode={ $typed } must be lottery or fcfs
twitch-usage-beacon = beacon={ $typed } must be on or off
twitch-help = fairdrop: !claim to enter the running drop; !link CODE to join your Discord account. Mods: !drop open NAME [supply=N] [for=10m] [early=2m] [mode=lottery|fcfs] [at=20:00] [keyword=!word], !drop close, !drop status, !drop cancel, !drop reroll, !drop list, !drop disqualify @user [reason], !drop extend 5m, !drop shorten 5m, !drop pause, !drop resume, !drop edit NAME supply=N, !drop schedule NAME every fri 20:00, !drop series [stop NAME]

## !drop list, to a moderator, in one line (clipped to 500): parts joined by "; ", $drops_line a part's drops (each
## one twitch-drops-listed*), $when a time like 14:05 UTC

twitch-drops-none = no drops yet; open one with !drop open NAME
twitch-drops-part = { $part ->
        [running] running
        [upcoming] upcoming
       *[recent] recent
    }: { $drops_line }
twitch-drops-listed = { $name } ({ $phase })
twitch-drops-listed-closes = { $name } ({ $phase }, closes { $when })
twitch-drops-listed-opens = { $name } ({ $phase }, opens { $when })

## A whisper to a Twitch winner (an option): never a code. $deadline is a time like 14:05 UTC.
## twitch-whisper-won-plain is said when the unit's number or the deadline is not known.

twitch-whisper-won = You won the { $title } drop (#{ $serial })! Get your code at { $link } by { $deadline }. fairdrop never sends codes in whispers or chat.
twitch-whisper-won-plain = You won the { $title } drop! Get your code at { $link }. fairdrop never sends codes in whispers or chat.

## A season's summary in one line: once the season is over, or on the first of a month for the
## month before ($month, like May 2026). $entrants counts entries: a fan once per episode.

twitch-season-final = Season "{ $series }" is over: { $episodes ->
        [one] 1 episode
       *[other] { $episodes } episodes
    }, { $entrants ->
        [one] 1 entry
       *[other] { $entrants } entries
    } ({ $returning } by returning fans), { $redeemed } redeemed.
twitch-season-month = Season "{ $series }" to the end of { $month }: { $episodes ->
        [one] 1 episode
       *[other] { $episodes } episodes
    }, { $entrants ->
        [one] 1 entry
       *[other] { $entrants } entries
    } ({ $returning } by returning fans), { $redeemed } redeemed.
twitch-season-lift = { $subscriptions } new subs in the 72 h after the episodes against { $expected } expected: a comparison, not proof the drops caused it.
twitch-season-lift-unknown = { $subscriptions } new subs in the 72 h after the episodes: a count, not proof the drops caused it.
