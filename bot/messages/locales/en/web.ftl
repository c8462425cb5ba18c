## The web pages (claim page, transparency pages, the drop index, error pages) and the partner
## API's human-readable `message`. Words only: the page's markup is the template's, and values
## typed by someone (titles, names) are HTML-escaped before they go in. $title is a drop's title.

## Every page

web-page-title = { $title } · fairdrop
web-footer = Fair, provable microdrops. Every draw can be checked with { $command }.

## The home page; $keys and $openapi are links

web-index-tagline = Fair, provable microdrops for this stream's community.
web-index-winners = Won in Twitch chat? Open the claim link from chat to get your code.
web-index-pages = Every drawn drop has a page at { $path } with its commitment, seed, entry-list hash and transcript.
web-index-partners = Partners: the redemption API is described at { $openapi }; public keys for checking tokens offline are at { $keys }.

## The claim page

web-claim-title = Your code: { $title }
web-claim-login = Won in Twitch chat? Log in with Twitch to see your code. We only learn your Twitch user id; nothing is posted and no permission is asked for.
web-claim-login-button = Log in with Twitch
web-claim-logged-in = Logged in as { $login }.
web-claim-logout-button = Log out
web-claim-keep-private = Keep your code private: whoever shows it first redeems it.
web-claim-how-drawn = How this drop was drawn
web-claim-missed = The claim window for { $units } ran out; the { $count ->
        [one] prize passed
       *[other] prizes passed
    } to the waitlist.
web-claim-none = No code for you in this drop (yet).
web-code-prize = Prize #{ $serial }
web-code-ready = Ready to use
web-code-status = { $code_state ->
        [redeemed] Already redeemed
        [expired] Expired
        [revoked] Revoked
        [forged] Not a code of ours
       *[other] Not usable
    }
web-code-short = Short code (to type):
web-code-qr = Or show this QR code:
web-code-valid-until = Valid until { $until }. Your pseudonym in the draw transcript: { $pseudonym }.
web-code-token = Token
web-code-where = Where to redeem

## Error pages: a heading, and one line on what to do

web-error-no-such-drop = No such drop
web-error-no-such-drop-link = Check the link from chat; it names the drop.
web-error-no-such-drop-path = Drop pages are at /drops/ followed by the drop's number.
web-error-no-such-drop-number = There is no drop #{ $id }.
web-error-login-not-set-up = Login is not set up
web-error-login-not-set-up-detail = This bot has no Twitch login configured yet.
web-error-bad-login-link = Bad login link
web-error-bad-login-link-detail = Open the claim link from chat and log in there.
web-error-login-expired = Login expired
web-error-login-expired-detail = Your login expired or began in another browser; open the claim link again and log in from there.
web-error-login-cancelled = Login cancelled
web-error-login-cancelled-detail = Twitch login was cancelled; nothing changed.
web-error-login-refused = Login refused
web-error-login-refused-detail = The login answer did not match this browser's login; open the claim link again and log in from there.
web-error-login-failed = Login failed
web-error-login-failed-detail = Twitch did not confirm who you are: { $reason }
web-error-not-from-this-site = Not from this site
web-error-log-out-here = Log out from the claim page itself.
web-error-bad-logout = Bad logout
web-error-bad-logout-detail = Log out with the button on the claim page.
web-error-logout-refused = Logout refused
web-error-bad-request = Bad request
web-error-index-parameter = The drop index takes one parameter: ?page=N.
web-error-page-number = The page must be a number from 1 to { $count }.
web-error-no-such-page = No such page
web-error-fewer-pages = There are fewer than { $count } pages of drops.
web-error-no-such-season = No such season
web-error-season-path = Season pages are at /series/ followed by the series name.
web-error-unknown-series = No closed episode of a series named { $series }.
web-error-not-a-community = Not a community
web-error-channel-name = ?channel= takes a community's name.
web-error-name-the-community = Name the community
web-error-several-communities = The series { $series } runs in several communities: name one with ?channel= and its name.

## The drop index, /drops

web-drops-title = Drops
web-drops-none = No drops yet.
web-drops-header-drop = drop
web-drops-header-community = community
web-drops-header-state = state
web-drops-header-mode = mode
web-drops-header-supply = supply
web-drops-header-opened = opened
web-drops-not-yet = not yet
web-drops-newer = newer
web-drops-older = older

## A drop's transparency page, /drops/<number>

web-drop-title = Drop: { $title }
web-drop-facts = Drop #{ $id } · { $mode ->
        [fcfs] first come, first served
       *[draw] lottery
    } · supply { $supply } · { $phase ->
        [draft] draft
        [scheduled] scheduled
        [early] early access
        [public] open to everyone
        [closed] closed
        [drawn] drawn
        [settled] settled
       *[cancelled] cancelled
    }
web-drop-commitment = Commitment
web-drop-guaranteed = Guaranteed units (committed at open)
web-drop-seed = Seed
web-drop-entry-hash = Entry-list hash
web-drop-beacon = Beacon
web-drop-drawn-at = Drawn at
web-drop-entrants-by-tier = Entrants by tier
web-drop-winners = Winners
web-drop-rerolls = Rerolls and disqualifications
web-drop-changes = Changes by moderators
web-drop-verify-yourself = Check the draw yourself
web-drop-not-yet = not yet
web-drop-seed-later = revealed after the draw
web-drop-entry-hash-later = fixed at close
web-drop-guaranteed-at-open = fixed when the drop opens
web-drop-guaranteed-none = not committed (the drop opened before guaranteed units were)
web-drop-header-tier = tier
web-drop-header-entrants = entrants
web-drop-header-serial = #
web-drop-header-winner = winner
web-drop-header-pseudonym = pseudonym
web-drop-header-via = via
web-drop-header-status = status
web-drop-header-from = from
web-drop-header-to = to
web-drop-header-at = at
web-drop-header-why = why
web-drop-header-by = by
web-drop-header-what = what
web-drop-no-entries = No entries yet.
web-drop-no-winners = No winners yet.
web-drop-no-rerolls = None.
web-drop-no-changes = No change since it was created.
web-drop-left-out = { $count } left out by the re-check at close.
web-drop-nobody-left = nobody left
web-drop-reroll-by = { $reason } (by { $actor })
web-drop-fcfs = A first-come drop: units went in the order claims arrived; no draw.
web-drop-transcript-later = The transcript is published here once the drop is drawn.
web-drop-verify-how = The seed was committed to (its SHA-256 is the commitment above) before anyone entered, and the entry list was frozen and hashed at close. Anyone can re-derive the winners and the waitlist from the transcript alone:
web-drop-download = Download the transcript
web-drop-verify-prints = It prints OK when the seed matches the commitment, the entries hash to the entry-list hash and the same winners come out; otherwise it says exactly what differs. Entrants appear in the transcript under pseudonyms that are salted per drop.
web-drop-beacon-none = none
web-drop-beacon-opted-out = None: this drop drew without public randomness (it opted out), so the operator could have influenced the result.
web-drop-beacon-round = drand quicknet round { $round }, published at { $when }, after the close
web-drop-beacon-waiting = { $line }; the draw mixes in its randomness once it is out.
web-drop-beacon-verified = { $line }; signature verified, randomness { $hash }.
web-drop-beacon-outcome = { $line }; { $result }.

## A season's page, /series/<name>: aggregates only. $count is a number of days or episodes.

web-season-title = Season { $series }
web-season-facts = { $count ->
        [one] 1 episode
       *[other] { $count } episodes
    } in { $community } · retention counted in { $zone } days · as of { $as_of }
web-season-repeat-rate = repeat rate (entered the previous episode too)
web-season-back-within = entered again within { $count } days
web-season-distinct-winners = distinct winners
web-season-repeat-winners = repeat winners
web-season-no-episodes = No episode has closed yet.
web-season-no-experiments = No supply experiment in this season.
web-season-episodes = Episodes
web-season-fairness = Fairness by tier over the season
web-season-experiments = Supply experiments
web-season-header-figure = figure
web-season-header-value = value
web-season-header-episode = episode
web-season-header-closed = closed
web-season-header-variant = variant
web-season-header-entrants = entrants
web-season-header-new = new
web-season-header-returning = returning
web-season-header-pass-holders = pass holders
web-season-header-winners = winners
web-season-header-converted-24h = converted by 24 h
web-season-header-converted-72h = by 72 h
web-season-header-back-in = back in { $count } d
web-season-header-tier = tier
web-season-header-entry-share = share of entries
web-season-header-winner-share = share of winners
web-season-header-rate = rate
web-season-header-reading = reading

## The partner API's `message` (JSON), by error code

api-invalid-content-type = send a JSON body with Content-Type: application/json
api-invalid-json = the body is not valid JSON
api-invalid-body = the body must be a JSON object like {"{"}"code": "..."{"}"}
api-unknown-field = unknown field { $field }
api-invalid-code = 'code' must be the token or short code, as a string
api-invalid-order-value = 'order_value_cents' must be a whole number from 0 to { $count }
api-invalid-idempotency-key = Idempotency-Key must be 1-255 printable ASCII characters
api-unauthorized = send a live partner API key: Authorization: Bearer <key>
api-idempotency-key-reused = this Idempotency-Key was used for a different request
api-too-many-failures = too many failed attempts; try again in { $count } s
api-unknown-code = no such code: check that it was typed or scanned whole
api-code-expired = this code has expired
api-code-revoked = this code was revoked; its unit passed to someone else
api-already-redeemed = this code was already redeemed
api-out-of-scope = this code is from a drop this partner key does not cover

## Said by the web app in plain text (never markup): the answers of the live feed
## (/overlay/{community}/events, /drops/{id}/events) when it cannot serve a stream.

web-feed-no-drop = There is no such drop.
web-feed-no-community = There is no such community.
web-feed-too-many-from-address = Too many live feeds are open from your address; close one and try again.
web-feed-full = The live feed is serving all the clients it can; try again shortly.

## The season page's subscriber and follower lift ([seasons] lift).

web-season-lift-title = Lift: the { $hours } h after each close
web-season-header-lift-subscriptions = subscriptions (baseline)
web-season-header-lift-resubscriptions = resubscriptions (baseline)
web-season-header-lift-follows = follows (baseline)
web-season-lift-caveat = A comparison with the same hours of earlier weeks, not proof that the drop caused it.

## The transparency page while the drop runs (its live line follows the drop's feed).

web-drop-live-line = Entrants: { $entrants } · now { $phase }
web-drop-phase = { $phase ->
        [draft] draft
        [scheduled] scheduled
        [early] early access
        [public] open to everyone
        [closed] closed
        [drawn] drawn
        [settled] settled
       *[cancelled] cancelled
    }
web-drop-reload-for-winners = The draw is in: reload the page for the winners and the seed.
web-drop-check-then = Check it then with { $link }, or on this page.
web-drop-verify-with-fairdrop = with fairdrop:
web-drop-verify-without-it = without it: { $link }, one file that needs only Python 3.11 (it checks the drand signature too when drand-verify is installed):
web-drop-verify-in-browser = right here, in this browser:
web-drop-verify-check-button = Check the draw in this browser
web-claim-your-drops = your recent drops
web-error-no-such-overlay = No such overlay
web-receipt-heading = Your entry
web-receipt-label-pseudonym = Pseudonym
web-receipt-label-tier = Tier
web-receipt-label-weight = Weight
web-receipt-label-standing = Where it stands
web-receipt-label-place = In the transcript
web-receipt-place = { $place } in { $link }
web-receipt-the-transcript = the transcript
web-receipt-place-later = listed once the drop is drawn
web-receipt-in-draw = In the draw; winners are drawn at close.
web-receipt-left-out = Left out by the re-check at close
web-receipt-holds = Won
web-receipt-waitlisted = Not drawn; on the waitlist if a unit comes back.
web-receipt-passed-on = Won, but the claim window ran out and the unit passed to the waitlist.
web-receipt-no-unit = Arrived when no unit was left for you.
web-receipt-cancelled = The drop was cancelled.
web-receipt-because = { $standing }: { $reason }.
web-receipt-units = { $standing }: { $units }.
web-receipt-only-you = Only you see this page: the transcript lists every entrant by pseudonym alone, so you can check you were in the draw, drawn with this weight, without anyone learning which one is you.
web-mydrops-title = Your recent drops
web-mydrops-login = Entered a drop in Twitch chat? Log in with Twitch to see your receipts: the pseudonym each draw lists you under, your tier and weight, and how your entry stands. We only learn your Twitch user id; nothing is posted and no permission is asked for.
web-mydrops-none = You have not entered any recent drop.
web-mydrops-logged-in = Logged in as { $login }. Only you see this page.
