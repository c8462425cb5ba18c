## Refusals of the drop engine, said to whoever asked (a chatter, a Discord member, a web
## page). Their English reads exactly as the engine's one-line errors in the logs and the
## command line (bot/kernel/refusals.py). $typed is what someone typed, quotes included; $name
## a drop's short name; $phase a drop's state; $doing what a moderator tried to do to it.

refusal-duration = duration { $typed } is not like 30s, 10m, 2h or 1h30m
refusal-no-drop-running = no drop is running here
refusal-no-drop-named = no drop named { $typed } here
refusal-no-drop-number = no drop with id { $id }
refusal-still-running = drop '{ $name }' is still { $phase } in this channel; close or cancel it first
refusal-still-running-here = drop '{ $name }' is still { $phase } in this channel
refusal-spec-name = drop name { $typed } must be 1-32 lowercase letters, digits, '-' or '_'
refusal-spec-supply = supply must be between 1 and { $supply }, not { $typed }
refusal-spec-cap = cap per person must be at least 1, not { $typed }
refusal-spec-lottery-cap = a lottery gives one unit per winner; cap per person must be 1
refusal-spec-entry-window = entry window must be longer than zero
refusal-spec-claim-window = claim window must be longer than zero
refusal-spec-code-expiry = code expiry must be longer than zero
refusal-spec-expiry-before-claim = code expiry must not be shorter than the claim window
refusal-spec-tier-names = tier names must be unique: { $names }
refusal-spec-tier-name = tier name { $typed } must be lowercase letters, digits, - or _
refusal-spec-tier-weight = tier '{ $tier }': weight must be 1-1000, not { $typed }
refusal-spec-tier-offset = tier '{ $tier }': opening offset must not be negative
refusal-spec-tier-late = tier '{ $tier }' opens { $offset } after the start, but the drop closes after { $window }
refusal-spec-last-tier = the last window must be open to everyone: add a tier with 'everyone'
refusal-start = start { $typed } is not a start time like 20:00, +10m or 2026-11-21T20:00
refusal-start-past = start { $typed } is in the past; use a future time or open it now
refusal-start-far = start { $typed } is more than { $count } days away
refusal-start-clock = start { $typed } is not a time of day (00:00 to 23:59)
refusal-every = { $typed } is not a day and a time like 'fri 20:00'
refusal-every-clock = { $typed } is not a time of day (00:00 to 23:59)
refusal-keyword = keyword { $typed } must be ! and 1-24 letters, digits, - or _ (like !hoodie)
refusal-keyword-command = keyword { $command } is one of the bot's commands; pick another word
refusal-keyword-taken = keyword { $command } is taken by drop '{ $name }'; pick another word
refusal-keyword-alias = keyword { $command } is taken by an alias of !claim in the config; pick another word
refusal-no-draw = cannot draw drop '{ $name }': it is first-come-first-served, there is no draw
refusal-cannot-move = cannot { $doing } drop '{ $name }': it is { $phase } (from { $phase } it can go to { $phase ->
        [draft] cancelled, early, public, scheduled
        [scheduled] cancelled, early, public
        [early] cancelled, closed, public
        [public] cancelled, closed
        [closed] cancelled, drawn, settled
       *[drawn] cancelled, settled
    })
refusal-cannot-move-final = cannot { $doing } drop '{ $name }': it is { $phase } (from { $phase } it can go to nothing: it is final)
refusal-paused-resume-first = drop '{ $name }' is paused; resume it first
refusal-move-by-nothing = moving the close by 0s changes nothing
refusal-close-too-soon = that would close drop '{ $name }' less than a minute from now; close it now with the close command instead
refusal-close-before-public = that would close drop '{ $name }' before everyone may enter ({ $clock } UTC)
refusal-open-too-long = that would keep drop '{ $name }' open longer than { $duration } in all
refusal-paused-already = drop '{ $name }' is paused already
refusal-not-paused = drop '{ $name }' is not paused
refusal-not-open-to-extend = drop '{ $name }' is not open (it is { $phase }); only an open drop's entry window can be extended or shortened
refusal-not-open-to-pause = drop '{ $name }' is not open (it is { $phase }); only an open drop's entries can be paused
refusal-edit-open = drop '{ $name }' is { $phase }: once open, its supply, tiers and rules are bound to what was announced; only its close can move (extend) or pause
refusal-edit-nothing = nothing to change: give a title, supply, window, early or at
refusal-edit-draft-start = drop '{ $name }' is a draft; open it, or make a scheduled one, to set a start
refusal-edit-start-past = the new start must be in the future
refusal-edit-same = that is how the drop is already; nothing changed
refusal-dq-settled = drop '{ $name }' is settled: every unit was claimed and its record is final
refusal-dq-not-drawn-state = drop '{ $name }' is { $phase }; only a drawn drop has winners
refusal-dq-not-drawn = drop '{ $name }' is not drawn yet; there is no winner to disqualify
refusal-dq-redeemed = { $winner }'s code for drop '{ $name }' was already redeemed; a redeemed unit cannot be passed on
refusal-dq-no-unit = { $winner } holds no unit of drop '{ $name }'; only a winner can be disqualified
refusal-dq-ambiguous = more than one winner of drop '{ $name }' is called { $winner }; disqualify them from Discord, where a member is exact
refusal-draw-first-come = drop '{ $name }' is first-come-first-served; there is no draw
refusal-draw-entries-changed = the entry list of drop '{ $name }' changed after it was closed (published { $hash }…, now { $entries }…); not drawing
refusal-draw-waits = drop '{ $name }' waits for drand round { $round }; not drawing
refusal-draw-other-round = drop '{ $name }' committed to round { $round }, not { $other_round }
refusal-draw-no-round = drop '{ $name }' committed to no drand round
refusal-summary-cancelled = drop '{ $name }' was cancelled; a cancelled drop has no summary
refusal-summary-not-closed = drop '{ $name }' has not closed yet; its summaries count from the close
refusal-summary-before-close = a summary comes after the close, not before it
refusal-transcript-first-come = drop { $id } is first-come; there is no draw
refusal-transcript-lottery = drop { $id } is a lottery; its transcript is its draw
refusal-transcript-not-drawn = drop '{ $name }' has not been drawn yet; no transcript
refusal-transcript-not-closed = drop '{ $name }' has not closed yet; no transcript
refusal-transcript-too-old = drop '{ $name }' opened before first-come transcripts existed
refusal-signing-key-gone = the signing key { $key } of this code is no longer on the keyring; restore it from backup to deliver the code
refusal-series-running = series '{ $series }' is already running; stop it first
refusal-series-none-called = no running series is called '{ $series }'
refusal-season-unknown = no closed episode of a series named '{ $series }'
refusal-season-several = series '{ $series }' runs in several communities ({ $allowed }): name one
refusal-rule-shape = rule { $typed } must be 'everyone' or KIND:VALUE (kinds: { $allowed })
refusal-rule-kind = unknown rule kind { $typed } in { $rule }
refusal-rule-badge = unknown Twitch badge { $typed } (one of { $allowed })
refusal-rule-role = Discord role { $typed } must be a numeric role id
refusal-rule-series = { $rule }: name the series after the last ':' or leave it out
refusal-rule-age = { $rule }: duration { $typed } is not like 30s, 10m, 2h or 1h30m
refusal-rule-zero = { $rule }: the time must be more than zero, like won-within:30d
refusal-rule-node = rule { $rule } must be a condition string or { "{" }any_of = [...]{ "}" } / { "{" }all_of = [...]{ "}" } / { "{" }not = ...{ "}" }
refusal-rule-none = a tier needs at least one rule
refusal-list-name = list name { $typed } must be 1-32 lowercase letters, digits, '-' or '_'
refusal-list-account = { $typed } is not an account like twitch:12345 or discord:67890
refusal-list-kind = list kind { $typed } must be one of { $allowed }
refusal-list-unknown = no list named '{ $list }' in channel '{ $community }'; create it with `lists create { $list } --kind <{ $allowed }>`
refusal-list-exists = list '{ $list }' already exists
refusal-list-no-account = name at least one account
refusal-list-login-here = Twitch login { $typed } cannot be looked up here; give it as twitch:<user id>
refusal-list-no-user = no Twitch user named { $typed }
refusal-list-not-member = { $typed } is not an account like twitch:12345 or a Twitch login

## A CSV import's bad rows (`lists import`, /alloc import): each is a $problem (a refusal said
## first) on line $row of the file; the import they reject says how many, or the one problem
## about the whole file. $error is the csv module's own words, as it says them.

refusal-import-row = line { NUMBER($row, useGrouping: 0) }: { $problem }
refusal-import-header = the header must be account,display_name
refusal-import-unreadable = not readable as CSV: { $error }
refusal-import-columns = { $count } columns, expected at most 2
refusal-import-display-name = display name must be at most 64 printable characters
refusal-import-login-here = Twitch login { $typed } cannot be looked up here
refusal-import-not-account = { $typed } is neither an account nor a Twitch login
refusal-import-duplicate = { $account } is already on line { NUMBER($first_row, useGrouping: 0) }
refusal-import-too-many = more than { $count } rows; split the file
refusal-import-rejected = { $count ->
        [one] { $count } bad row
       *[other] { $count } bad rows
    }; nothing was imported
refusal-import-whole = { $problem }; nothing was imported
