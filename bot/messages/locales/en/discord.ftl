## Said on Discord: private replies to a member, the drop post (embed and button), DMs. At most
## 2,000 characters a message. $title is the drop's title; $when and $until are Discord
## timestamps each reader sees in their own time zone; nobody is ever pinged by these texts.

## What a member who pressed Enter is told, privately

discord-entered = You're in the **{ $title }** drop. Winners are drawn at close; good luck!
# With the entrant's receipt: $pseudonym is the id the transcript lists them under.
discord-entered-receipt = You're in the **{ $title }** drop. Winners are drawn at close; good luck! Your receipt: pseudonym `{ $pseudonym }`, tier { $tier }, weight { $weight }; find it in the transcript after the draw.
discord-already-entered = You're already in the **{ $title }** drop: one entry each.
discord-sold-out = The **{ $title }** drop is sold out. You're on the waitlist if a unit comes back.
discord-cap-reached = That's the most one person can take in the **{ $title }** drop.
discord-opens-for-you = The **{ $title }** drop opens for you { $when }.
discord-early-access = Early access to **{ $title }** is for { $who }. Everyone can enter { $when }.
discord-not-eligible = You can't enter **{ $title }**: { $reason }.
discord-closed = The **{ $title }** drop has closed.
discord-entry-paused = The **{ $title }** drop is paused by a moderator; press again once it resumes.
discord-not-open = The **{ $title }** drop has not opened yet.
discord-no-drop = That drop is not running any more.
discord-slow-down = Slow down: one press is enough.
discord-won = You got unit #{ $serial } of **{ $title }**!
discord-duplicate = Your press for **{ $title }** was already counted.
discord-cancelled = The **{ $title }** drop was cancelled.
discord-closed-empty-handed = The **{ $title }** drop has closed, and you hold no unit of it.
discord-not-drawn = No code for you in **{ $title }**: entries are closed and you were not drawn. If a winner doesn't claim in time, their unit passes to the waitlist and you'll hear from us.

## Codes, privately: $code is the short code to type, $link where to redeem it

discord-code-heading = **Your code for { $title }** (#{ $serial })
discord-code-short = Short code: `{ $code }`
discord-code-redeem = Redeem: <{ $link }>
discord-code-validity = Valid until { $until }. It works once: keep it to yourself. The QR code holds the signed token.
discord-missed = Your claim window for { $units } of **{ $title }** ran out; the { $count ->
        [one] unit passed
       *[other] units passed
    } to the waitlist.
discord-no-codes = You have no codes from recent drops.

## A member's receipts (/mydrops, and /mycodes with them), privately: every recent drop they
## entered. $pseudonym is the id the transcript lists them under; $place where it lists them
## (like winners[2] or waitlist[14]); $link is the transcript; $units the units they hold.

discord-receipts-heading = **Your recent drops** (only you see this):
discord-receipt-in-draw = **{ $title }**: you're in the draw as `{ $pseudonym }`, tier { $tier }, weight { $weight }.
discord-receipt-left-out = **{ $title }**: your entry `{ $pseudonym }` was left out at close: { $reason }.
discord-receipt-holds = **{ $title }**: `{ $pseudonym }` (tier { $tier }, weight { $weight }) holds { $units }.
discord-receipt-waitlisted = **{ $title }**: `{ $pseudonym }` (tier { $tier }, weight { $weight }) was not drawn and is on the waitlist.
discord-receipt-passed-on = **{ $title }**: `{ $pseudonym }` won, but the claim window ran out and the unit passed to the waitlist.
discord-receipt-no-unit = **{ $title }**: you arrived as `{ $pseudonym }` (tier { $tier }) when no unit was left for you.
discord-receipt-cancelled = **{ $title }**: the drop was cancelled; your entry was `{ $pseudonym }`.
discord-receipt-place = Find `{ $pseudonym }` at { $place } in the transcript: <{ $link }>
discord-receipt-place-offline = Find `{ $pseudonym }` at { $place } in the transcript.
discord-no-drops = You have not entered any recent drop.
discord-link-code = Type `!link { $code }` in the Twitch chat of this community { $when }. It links your Twitch and Discord accounts into one person for drops: one entry each, and codes reach you here.
discord-failed = Something went wrong on our side; it is logged. Please try again.
discord-more-rows = …and { $more } more

## The drop post: an embed with one button. $emoji is the community's emoji and a space
## ([communities.NAME] emoji), or nothing. A button's label is at most 80 characters.

discord-post-title = { $emoji }{ $title }
discord-post-description = { $units ->
        [one] 1 unit
       *[other] { $units } units
    }, { $mode ->
        [fcfs] first come, first served
       *[draw] drawn at close
    }.
discord-post-state = State
discord-post-entrants = Entrants
discord-post-closes = Entries close
discord-post-who-when = Who can enter when
discord-post-tier = • { $who }
discord-post-tier-from = • { $who } from { $opens }
discord-post-everyone = everyone
discord-post-allocated = Allocated
discord-post-allocated-value = { $allocated } of { $supply }
discord-post-fair-draw = Fair draw
discord-post-commitment = Commitment `{ $commitment }`
discord-post-round = Bound to drand round { $round }, published after the close.
discord-post-seed = Seed `{ $seed }`
discord-post-entry-list = Entry list `{ $entries }`
discord-post-check = Check it with `fairdrop verify-draw` or on the transparency page.
discord-post-seed-later = The seed is revealed after the draw.
discord-post-footer = drop { $name } · #{ $id }
discord-button-enter = Enter
discord-button-get-code = Get my code
discord-phase = { $phase ->
        [draft] Draft
        [scheduled] Scheduled
        [early] Early access
        [public] Open to everyone
        [closed] Closed
        [drawn] Drawn: winners, get your code
        [settled] Settled
       *[cancelled] Cancelled
    }

## Said in the community's announcement channel. $mentions are the winners' Discord mentions,
## put in by fairdrop; a message that pings them allows those users only.

discord-drop-cancelled = Drop **{ $title }** was cancelled. Any codes issued for it are void.
discord-drop-cancelled-because = Drop **{ $title }** was cancelled ({ $reason }). Any codes issued for it are void.
discord-drawn-no-discord-winners = **{ $title }** is drawn. Winners on Twitch: check chat.
discord-drawn = **{ $title }** is drawn! Winners, press **Get my code** on the post or use /mycodes:
# A moderator moved an open drop's close, or paused or resumed it: $when is the new close.
discord-drop-extended = A moderator { $moved ->
        [shortened] shortened
       *[extended] extended
    } the entry window of **{ $title }**: entries now close { $when }.
discord-drop-extended-sometime = A moderator { $moved ->
        [shortened] shortened
       *[extended] extended
    } the entry window of **{ $title }**.
discord-drop-paused = **{ $title }** is paused by a moderator: no entries until it resumes.
discord-drop-resumed = **{ $title }** is running again; entries close { $when }.
discord-drop-resumed-sometime = **{ $title }** is running again.
discord-rerolled-to-you = { $mentions }: a unit of **{ $title }** came back and it's yours! Press **Get my code** on the post or use /mycodes.

## Answers to moderators' /drop commands, privately. $name is the drop's name as typed.

discord-mod-draft = Drop **{ $name }** is ready as a draft ({ $units } units, { $mode }). Open it with `/drop open name:{ $command_name }`.
discord-mod-already-prepared = Drop **{ $name }** is already prepared; open it without options, or cancel it and open a new one.
discord-mod-opened = Drop **{ $name }** is open. The post with its Enter button goes to the announcement channel.
discord-mod-opened-until = Drop **{ $name }** is open, entries close { $when }. The post with its Enter button goes to the announcement channel.
discord-mod-scheduled = Drop **{ $name }** opens by itself { $when } ({ $units } units, { $mode }). Its post goes up now; `/drop open` opens it early, `/drop cancel` calls it off.
discord-mod-closed = Drop **{ $name }** is closed.
discord-mod-closed-waiting = Drop **{ $name }** is closed; it is drawn once drand round { $round } is out.
discord-mod-closed-drawn = Drop **{ $name }** is closed and drawn: { $winners ->
        [one] 1 winner
       *[other] { $winners } winners
    } from { $entrants ->
        [one] 1 entrant
       *[other] { $entrants } entrants
    }, { $waitlist } on the waitlist.
discord-mod-cancelled = Drop **{ $name }** is cancelled.
discord-mod-rerolled = { $units ->
        [one] 1 unclaimed unit passed to the waitlist.
       *[other] { $units } unclaimed units passed to the waitlist.
    }
# Steering a drop: $winner and $successor are display names, $duration how long.
discord-mod-disqualified = **{ $winner }** is disqualified; unit #{ $serial } passes to **{ $successor }**.
discord-mod-disqualified-nobody = **{ $winner }** is disqualified; unit #{ $serial } has nobody left in line.
discord-mod-extended = Drop **{ $name }**: entries close { $when } ({ $moved ->
        [shortened] shortened
       *[extended] extended
    } by { $duration }).
# Recurring drops: $every is a weekly day and time (fri 20:00), $when the next drop's time.
discord-mod-series-started = Series **{ $name }**: a drop opens by itself every { $every }, the first { $when }.
discord-mod-series-stopped = Series **{ $name }** is stopped; no more drops open from it.
discord-mod-series-none = No series running: start one with `/drop schedule name every:fri 20:00`.
discord-mod-series-listed = **{ $name }**: every { $every }, next { $when }
discord-mod-schedule-at-or-every = Give `at` for one drop, or `every` for a drop every week (not both).
discord-mod-series-no-keyword = A weekly series' drops are entered with !claim: leave out `keyword`.
discord-mod-paused = Drop **{ $name }**: paused with { $duration } of entries left.
discord-mod-resumed = Drop **{ $name }**: resumed; entries close { $when }.
discord-mod-edited = Drop **{ $name }** is now **{ $title }**, { $supply ->
        [one] 1 unit
       *[other] { $supply } units
    }, entries for { $duration }.
discord-mod-edited-starts = Drop **{ $name }** is now **{ $title }**, { $supply ->
        [one] 1 unit
       *[other] { $supply } units
    }, entries for { $duration }, opening { $when }.
discord-mod-status = Drop **{ $name }**: { $phase }, { $entrants ->
        [one] 1 entrant
       *[other] { $entrants } entrants
    }, { $allocated } of { $supply } allocated, { $claimed } claimed
discord-mod-status-passed-on = , { $expired } passed on
discord-mod-status-closes = , closes { $when }
discord-mod-status-end = .

## /drop list, /drop history and /drop audit, privately. $listed is a part's drops (each one
## discord-drops-listed*), $member a mention of the member (nobody is pinged).

discord-drops-none = No drops yet: open one with `/drop open`.
discord-drops-part = **{ $part ->
        [running] Running
        [upcoming] Upcoming
       *[recent] Recent
    }**: { $listed }
discord-drops-listed = { $name } ({ $phase })
discord-drops-listed-closes = { $name } ({ $phase }, closes { $when })
discord-drops-listed-opens = { $name } ({ $phase }, opens { $when })
discord-history-none = { $member } has not entered or won any drop here.
discord-history-heading = Drops of { $member }, newest first:
# One drop of the history: $what is its parts (discord-history-entered...), joined by "; ".
discord-history-line = **{ $name }** ({ $phase }): { $what }
discord-history-entered = entered ({ $tier })
discord-history-not-entered = did not enter
discord-history-won = won { $units_won }
discord-history-unit = #{ $serial } { $status }
discord-history-redeemed = redeemed { $dates }
discord-audit-none = No moderator actions yet.
discord-audit-none-for = No moderator actions for **{ $name }** yet.
# One action: $about is " <drop>" or nothing, $asked " [<options>]" or nothing.
discord-audit-line = { $when } **{ $action }**{ $about } by { $actor } ({ $platform }){ $asked }: { $result }

## Refusals to a member who may not run a moderator command. $role shows the moderator role
## (Discord shows its name; nobody is pinged).

discord-refused-not-moderator = Only members with the { $role } role or Manage Server can run drops and lists here.
discord-refused-no-moderator-role = Only members with Manage Server can run drops and lists here (a moderator role can be added with /fairdrop setup).
discord-refused-not-set-up = fairdrop is not set up for this server: add its id to [[discord.guilds]] in the bot's config
discord-refused-setup = Only members with Manage Server can change fairdrop's setup here.

## The summary of a drop (24 h and 72 h after the close), as an embed

discord-summary-title = { $title }: { $after }
discord-summary-after = { $span } after the close
discord-summary-so-far = so far
discord-summary-description = **{ $entrants }** { $entrants ->
        [one] entrant
       *[other] entrants
    } ({ $new } new, { $returning } returning), **{ $winners }** { $winners ->
        [one] winner
       *[other] winners
    }, **{ $redeemed }** redeemed ({ $share_of_winners } of winners, { $share_of_viewed } of codes viewed).
discord-summary-funnel = Funnel
discord-summary-step = { $step ->
        [entrants] entrants
        [eligible] eligible
        [winners] winners
        [delivered] delivered
        [viewed] viewed
       *[redeemed] redeemed
    }: **{ $count }**
discord-summary-timing = Timing
discord-summary-timing-value = median to claim: **{ $claim }**
    median to redeem: **{ $redeem }**
    rerolled: **{ $rerolls }**
discord-summary-revenue = Revenue reported
discord-summary-revenue-value = **{ $money }** from { $orders ->
        [one] 1 order
       *[other] { $orders } orders
    }
discord-summary-by-tier = By tier
discord-summary-by-platform = By platform
discord-summary-filtered = Filtered
discord-summary-fairness = Fairness: share of entries → share of winners
discord-summary-fairness-row = { $tier }: { $entry_share } → **{ $winner_share }**
discord-summary-row = { $name }: **{ $count }**
# A counted reason someone was kept out (when claiming) or left out of the draw (at close);
# $name is the reason as stored, said for one this version has no words for.
discord-summary-reason-row = { $reason_kind ->
        [denied] deny list
        [suspicious] suspicious
        [account_age] account age
        [not_following] not following
        [follow_age] follow age
        [at_close_denied] filtered at close: deny list
        [at_close_suspicious] filtered at close: suspicious
        [at_close_account_age] filtered at close: account age
        [at_close_not_following] filtered at close: not following
        [at_close_follow_age] filtered at close: follow age
        [one_entry] one entry per person
        [guaranteed] holds a guaranteed unit from a list
        [not_eligible] no longer eligible
        [wrong_window] no longer eligible for the window entered in
       *[other] { $name }
    }: **{ $count }**
discord-summary-more-rows = and { $more } more
discord-summary-none = none
discord-summary-footer = As of { $as_of }; closed { $closed }
discord-summary-footer-provisional = As of { $as_of } (provisional); closed { $closed }

## Answers to moderators' /alloc commands, privately. $list is a list's name as typed; $kind
## early, guaranteed or deny.

discord-list-made = List **{ $list }** ({ $kind }) is ready.
discord-list-added = Added { $added } to **{ $list }**.
discord-list-added-some-there = Added { $added } to **{ $list }** ({ $already } already on it).
discord-list-removed = Took { $removed } off **{ $list }**.
discord-list-none = No lists yet: make one with `/alloc create`.
discord-list-summary = **{ $list }** ({ $kind }): { $members ->
        [one] 1 member
       *[other] { $members } members
    }
discord-list-heading = **{ $list }** ({ $kind }), { $members }:
discord-list-more = …and { $more } more (`/alloc export`).
discord-list-imported = Imported into **{ $list }**: { $added } added, { $already } already on it.
discord-list-imported-replacing = Imported into **{ $list }**: { $added } added, { $already } already on it, { $removed } taken off.
discord-list-export = **{ $list }** as CSV:
discord-list-deleted = Deleted **{ $list }** ({ $members ->
        [one] 1 member
       *[other] { $members } members
    }).

## The answer to /fairdrop setup: $drops and $summaries are channels, $role the moderator role
## (shown by name, nobody pinged); each is discord-setup-not-set when there is none.

discord-setup = Drops are posted in { $drops }, summaries in { $summaries }. Moderator role: { $role } (Manage Server always works).
discord-setup-not-set = not set
discord-beacon-waiting = The draw of **{ $title }** waits for public randomness (drand round { $round }), which cannot be fetched yet; it draws only once the round can be fetched.
discord-beacon-waiting-draw-without = The draw of **{ $title }** waits for public randomness (drand round { $round }), which cannot be fetched yet; after { $wait } it draws without it (recorded in the transcript).

## A season's summary in the summary channel, with the chart of its episodes and retention.

discord-season-title-final = Season { $series }: the whole season
discord-season-title-month = Season { $series }: to the end of { $month }
discord-season-description = **{ $episodes }** { $episodes ->
        [one] episode
       *[other] episodes
    }, **{ $entrants }** { $entrants ->
        [one] entry
       *[other] entries
    } ({ $returning } by returning fans), **{ $redeemed }** redeemed.
discord-season-lift = { $subscriptions } new subscriptions in the 72 h after the episodes against { $expected } expected: a comparison with earlier weeks, not proof that the drops caused it.
discord-season-lift-unknown = { $subscriptions } new subscriptions in the 72 h after the episodes: a count, not proof that the drops caused it.
discord-season-footer = As of { $as_of }
# /lists: a refused member list or import file; $file is the attached file's name.
discord-lists-no-member = name at least one member (a mention, twitch:<id> or a Twitch login)
discord-lists-file-too-large = { $file }: larger than { $count } bytes
discord-lists-file-not-utf8 = { $file }: not UTF-8 text; save it as CSV UTF-8
