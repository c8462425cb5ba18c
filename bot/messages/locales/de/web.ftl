## German (de). The web pages (claim page, transparency pages, the drop index, error pages) and
## the partner API's human-readable `message`. Words only: the page's markup is the template's,
## and values typed by someone (titles, names) are HTML-escaped before they go in. $title is a
## drop's title. Visitors are spoken to as "du"; the partner API in neutral words.

## Every page

web-page-title = { $title } · fairdrop
web-footer = Faire, nachprüfbare Microdrops. Jede Ziehung lässt sich mit { $command } prüfen.

## The home page; $keys and $openapi are links

web-index-tagline = Faire, nachprüfbare Microdrops für die Community dieses Streams.
web-index-winners = Im Twitch-Chat gewonnen? Öffne den Abhol-Link aus dem Chat, um deinen Code zu holen.
web-index-pages = Jeder ausgeloste Drop hat eine Seite unter { $path } mit Commitment, Seed, Hash der Teilnehmerliste und Ziehungsprotokoll.
web-index-partners = Partner: Die Einlöse-API ist unter { $openapi } beschrieben; öffentliche Schlüssel, um Tokens offline zu prüfen, gibt es unter { $keys }.

## The claim page

web-claim-title = Dein Code: { $title }
web-claim-login = Im Twitch-Chat gewonnen? Melde dich mit Twitch an, um deinen Code zu sehen. Wir erfahren nur deine Twitch-Nutzer-ID; es wird nichts gepostet und keine Berechtigung angefragt.
web-claim-login-button = Mit Twitch anmelden
web-claim-logged-in = Angemeldet als { $login }.
web-claim-logout-button = Abmelden
web-claim-keep-private = Behalte deinen Code für dich: Wer ihn zuerst vorzeigt, löst ihn ein.
web-claim-how-drawn = So wurde dieser Drop ausgelost
web-claim-missed = Die Abholzeit für { $units } ist abgelaufen; { $count ->
        [one] der Preis ging
       *[other] die Preise gingen
    } an die Warteliste.
web-claim-none = Für dich gibt es in diesem Drop (noch) keinen Code.
web-code-prize = Preis #{ $serial }
web-code-ready = Bereit zum Einlösen
web-code-status = { $code_state ->
        [redeemed] Bereits eingelöst
        [expired] Abgelaufen
        [revoked] Widerrufen
        [forged] Kein Code von uns
       *[other] Nicht einlösbar
    }
web-code-short = Kurzcode (zum Abtippen):
web-code-qr = Oder zeig diesen QR-Code:
web-code-valid-until = Gültig bis { $until }. Dein Pseudonym im Ziehungsprotokoll: { $pseudonym }.
web-code-token = Token
web-code-where = Einlösen bei

## Error pages: a heading, and one line on what to do

web-error-no-such-drop = Diesen Drop gibt es nicht
web-error-no-such-drop-link = Prüf den Link aus dem Chat; er nennt den Drop.
web-error-no-such-drop-path = Drop-Seiten liegen unter /drops/, gefolgt von der Nummer des Drops.
web-error-no-such-drop-number = Es gibt keinen Drop #{ $id }.
web-error-login-not-set-up = Anmeldung nicht eingerichtet
web-error-login-not-set-up-detail = Für diesen Bot ist noch keine Twitch-Anmeldung eingerichtet.
web-error-bad-login-link = Ungültiger Anmelde-Link
web-error-bad-login-link-detail = Öffne den Abhol-Link aus dem Chat und melde dich dort an.
web-error-login-expired = Anmeldung abgelaufen
web-error-login-expired-detail = Deine Anmeldung ist abgelaufen oder wurde in einem anderen Browser begonnen; öffne den Abhol-Link noch mal und melde dich von dort an.
web-error-login-cancelled = Anmeldung abgebrochen
web-error-login-cancelled-detail = Die Twitch-Anmeldung wurde abgebrochen; nichts wurde geändert.
web-error-login-refused = Anmeldung abgelehnt
web-error-login-refused-detail = Die Antwort der Anmeldung passt nicht zur Anmeldung in diesem Browser; öffne den Abhol-Link noch mal und melde dich von dort an.
web-error-login-failed = Anmeldung fehlgeschlagen
web-error-login-failed-detail = Twitch hat nicht bestätigt, wer du bist: { $reason }
web-error-not-from-this-site = Nicht von dieser Seite
web-error-log-out-here = Melde dich direkt auf der Abholseite ab.
web-error-bad-logout = Ungültige Abmeldung
web-error-bad-logout-detail = Melde dich mit dem Button auf der Abholseite ab.
web-error-logout-refused = Abmeldung abgelehnt
web-error-bad-request = Ungültige Anfrage
web-error-index-parameter = Die Drop-Übersicht kennt nur einen Parameter: ?page=N.
web-error-page-number = Die Seite muss eine Zahl von 1 bis { $count } sein.
web-error-no-such-page = Diese Seite gibt es nicht
web-error-fewer-pages = Es gibt weniger als { $count } Seiten mit Drops.
web-error-no-such-season = Diese Season gibt es nicht
web-error-season-path = Season-Seiten liegen unter /series/, gefolgt vom Namen der Serie.
web-error-unknown-series = Keine abgeschlossene Episode einer Serie namens { $series }.
web-error-not-a-community = Keine Community
web-error-channel-name = ?channel= erwartet den Namen einer Community.
web-error-name-the-community = Nenne die Community
web-error-several-communities = Die Serie { $series } läuft in mehreren Communities: Nenne eine mit ?channel= und ihrem Namen.

## The drop index, /drops

web-drops-title = Drops
web-drops-none = Noch keine Drops.
web-drops-header-drop = Drop
web-drops-header-community = Community
web-drops-header-state = Status
web-drops-header-mode = Modus
web-drops-header-supply = Anzahl
web-drops-header-opened = geöffnet
web-drops-not-yet = noch nicht
web-drops-newer = neuer
web-drops-older = älter

## A drop's transparency page, /drops/<number>

web-drop-title = Drop: { $title }
web-drop-facts = Drop #{ $id } · { $mode ->
        [fcfs] wer zuerst kommt, mahlt zuerst
       *[draw] Verlosung
    } · Anzahl { $supply } · { $phase ->
        [draft] Entwurf
        [scheduled] geplant
        [early] Vorabzugang
        [public] offen für alle
        [closed] geschlossen
        [drawn] ausgelost
        [settled] abgeschlossen
       *[cancelled] abgesagt
    }
web-drop-commitment = Commitment
web-drop-guaranteed = Garantierte Exemplare (beim Öffnen festgelegt)
web-drop-seed = Seed
web-drop-entry-hash = Hash der Teilnehmerliste
web-drop-beacon = Beacon
web-drop-drawn-at = Ausgelost am
web-drop-entrants-by-tier = Teilnehmer nach Stufe
web-drop-winners = Gewinner
web-drop-rerolls = Weitergaben und Disqualifikationen
web-drop-changes = Änderungen durch Moderatoren
web-drop-verify-yourself = Prüf die Ziehung selbst
web-drop-not-yet = noch nicht
web-drop-seed-later = wird nach der Ziehung enthüllt
web-drop-entry-hash-later = wird zum Schluss festgelegt
web-drop-guaranteed-at-open = wird beim Öffnen des Drops festgelegt
web-drop-guaranteed-none = nicht festgelegt (der Drop wurde geöffnet, bevor es garantierte Exemplare gab)
web-drop-header-tier = Stufe
web-drop-header-entrants = Teilnehmer
web-drop-header-serial = #
web-drop-header-winner = Gewinner
web-drop-header-pseudonym = Pseudonym
web-drop-header-via = über
web-drop-header-status = Status
web-drop-header-from = von
web-drop-header-to = an
web-drop-header-at = wann
web-drop-header-why = Grund
web-drop-header-by = durch
web-drop-header-what = was
web-drop-no-entries = Noch keine Teilnahmen.
web-drop-no-winners = Noch keine Gewinner.
web-drop-no-rerolls = Keine.
web-drop-no-changes = Keine Änderung seit der Erstellung.
web-drop-left-out = { $count } bei der erneuten Prüfung zum Schluss aussortiert.
web-drop-nobody-left = niemand mehr übrig
web-drop-reroll-by = { $reason } (durch { $actor })
web-drop-fcfs = Ein Drop nach dem Prinzip „wer zuerst kommt“: Die Exemplare gingen in der Reihenfolge raus, in der die Claims ankamen; keine Ziehung.
web-drop-transcript-later = Das Ziehungsprotokoll erscheint hier, sobald der Drop ausgelost ist.
web-drop-verify-how = Der Seed wurde festgelegt (sein SHA-256 ist das Commitment oben), bevor jemand mitgemacht hat, und die Teilnehmerliste wurde zum Schluss eingefroren und gehasht. Jeder kann die Gewinner und die Warteliste allein aus dem Ziehungsprotokoll nachrechnen:
web-drop-download = Ziehungsprotokoll herunterladen
web-drop-verify-prints = Es gibt OK aus, wenn der Seed zum Commitment passt, die Teilnahmen den Hash der Teilnehmerliste ergeben und dieselben Gewinner herauskommen; sonst sagt es genau, was abweicht. Teilnehmer stehen im Ziehungsprotokoll unter Pseudonymen, die pro Drop gesalzen sind.
web-drop-beacon-none = keiner
web-drop-beacon-opted-out = Keiner: Dieser Drop wurde ohne öffentlichen Zufall ausgelost (bewusst abgewählt), der Betreiber hätte das Ergebnis also beeinflussen können.
web-drop-beacon-round = drand-quicknet-Runde { $round }, veröffentlicht am { $when }, nach dem Schluss
web-drop-beacon-waiting = { $line }; die Ziehung mischt ihren Zufall ein, sobald er erschienen ist.
web-drop-beacon-verified = { $line }; Signatur geprüft, Zufallswert { $hash }.
web-drop-beacon-outcome = { $line }; { $result }.

## A season's page, /series/<name>: aggregates only. $count is a number of days or episodes.

web-season-title = Season { $series }
web-season-facts = { $count ->
        [one] 1 Episode
       *[other] { $count } Episoden
    } in { $community } · Wiederkehr in Tagen der Zeitzone { $zone } gezählt · Stand: { $as_of }
web-season-repeat-rate = Wiederkehrrate (auch bei der vorigen Episode dabei)
web-season-back-within = innerhalb von { $count ->
        [one] 1 Tag
       *[other] { $count } Tagen
    } wieder dabei
web-season-distinct-winners = verschiedene Gewinner
web-season-repeat-winners = Mehrfachgewinner
web-season-no-episodes = Noch ist keine Episode abgeschlossen.
web-season-no-experiments = Kein Mengen-Experiment in dieser Season.
web-season-episodes = Episoden
web-season-fairness = Fairness nach Stufe über die Season
web-season-experiments = Mengen-Experimente
web-season-header-figure = Kennzahl
web-season-header-value = Wert
web-season-header-episode = Episode
web-season-header-closed = geschlossen
web-season-header-variant = Variante
web-season-header-entrants = Teilnehmer
web-season-header-new = neu
web-season-header-returning = wiederkehrend
web-season-header-pass-holders = Pass-Inhaber
web-season-header-winners = Gewinner
web-season-header-converted-24h = eingelöst nach 24 h
web-season-header-converted-72h = nach 72 h
web-season-header-back-in = wieder da nach { $count } T
web-season-header-tier = Stufe
web-season-header-entry-share = Anteil an Teilnahmen
web-season-header-winner-share = Anteil an Gewinnern
web-season-header-rate = Rate
web-season-header-reading = Einordnung

## The partner API's `message` (JSON), by error code

api-invalid-content-type = einen JSON-Body mit Content-Type: application/json senden
api-invalid-json = der Body ist kein gültiges JSON
api-invalid-body = der Body muss ein JSON-Objekt sein wie {"{"}"code": "..."{"}"}
api-unknown-field = unbekanntes Feld { $field }
api-invalid-code = 'code' muss das Token oder der Kurzcode sein, als String
api-invalid-order-value = 'order_value_cents' muss eine ganze Zahl von 0 bis { $count } sein
api-invalid-idempotency-key = Idempotency-Key muss aus 1-255 druckbaren ASCII-Zeichen bestehen
api-unauthorized = einen aktiven Partner-API-Schlüssel senden: Authorization: Bearer <key>
api-idempotency-key-reused = dieser Idempotency-Key wurde für eine andere Anfrage verwendet
api-too-many-failures = zu viele Fehlversuche; erneut versuchen in { $count } s
api-unknown-code = diesen Code gibt es nicht: prüfen, ob er vollständig getippt oder gescannt wurde
api-code-expired = dieser Code ist abgelaufen
api-code-revoked = dieser Code wurde widerrufen; sein Exemplar ging an jemand anderen
api-already-redeemed = dieser Code wurde bereits eingelöst
api-out-of-scope = dieser Code gehört zu einem Drop, den dieser Partner-Schlüssel nicht abdeckt

## Said by the web app in plain text (never markup): the answers of the live feed
## (/overlay/{community}/events, /drops/{id}/events) when it cannot serve a stream.

web-feed-no-drop = Diesen Drop gibt es nicht.
web-feed-no-community = Diese Community gibt es nicht.
web-feed-too-many-from-address = Von deiner Adresse sind zu viele Live-Feeds offen; schließ einen und versuch es noch mal.
web-feed-full = Der Live-Feed bedient schon so viele Clients, wie er kann; versuch es gleich noch mal.

## More of the web pages: a season's lift (the hours after each close against the same hours of
## earlier weeks), a drop page's live line and its in-browser check, and a member's receipts
## (/mydrops). $standing is one of the web-receipt-* lines on how an entry stands; $place where
## the transcript lists it.

web-season-lift-title = Zuwachs: die { $hours } h nach jedem Schluss
web-season-header-lift-subscriptions = Abos (Basiswert)
web-season-header-lift-resubscriptions = Abo-Verlängerungen (Basiswert)
web-season-header-lift-follows = Follows (Basiswert)
web-season-lift-caveat = Ein Vergleich mit denselben Stunden früherer Wochen, kein Beweis, dass der Drop das bewirkt hat.
web-drop-live-line = Teilnehmer: { $entrants } · jetzt { $phase }
web-drop-phase = { $phase ->
        [draft] Entwurf
        [scheduled] geplant
        [early] Vorabzugang
        [public] offen für alle
        [closed] geschlossen
        [drawn] ausgelost
        [settled] abgeschlossen
       *[cancelled] abgesagt
    }
web-drop-reload-for-winners = Die Ziehung ist erfolgt: Lade die Seite neu, um die Gewinner und den Seed zu sehen.
web-drop-check-then = Prüf sie dann mit { $link } oder auf dieser Seite.
web-drop-verify-with-fairdrop = mit fairdrop:
web-drop-verify-without-it = ohne fairdrop: { $link }, eine einzige Datei, die nur Python 3.11 braucht (sie prüft auch die drand-Signatur, wenn drand-verify installiert ist):
web-drop-verify-in-browser = direkt hier, in diesem Browser:
web-drop-verify-check-button = Ziehung in diesem Browser prüfen
web-claim-your-drops = deine letzten Drops
web-error-no-such-overlay = Dieses Overlay gibt es nicht
web-receipt-heading = Deine Teilnahme
web-receipt-label-pseudonym = Pseudonym
web-receipt-label-tier = Stufe
web-receipt-label-weight = Gewicht
web-receipt-label-standing = Stand
web-receipt-label-place = Im Ziehungsprotokoll
web-receipt-place = { $place } im { $link }
web-receipt-the-transcript = Ziehungsprotokoll
web-receipt-place-later = steht dort, sobald der Drop ausgelost ist
web-receipt-in-draw = In der Ziehung; die Gewinner werden zum Schluss ausgelost.
web-receipt-left-out = Bei der erneuten Prüfung zum Schluss aussortiert
web-receipt-holds = Gewonnen
web-receipt-waitlisted = Nicht gezogen; auf der Warteliste, falls ein Exemplar zurückkommt.
web-receipt-passed-on = Gewonnen, aber die Abholzeit ist abgelaufen, und das Exemplar ging an die Warteliste.
web-receipt-no-unit = Angekommen, als kein Exemplar mehr für dich übrig war.
web-receipt-cancelled = Der Drop wurde abgesagt.
web-receipt-because = { $standing }: { $reason }.
web-receipt-units = { $standing }: { $units }.
web-receipt-only-you = Nur du siehst diese Seite: Das Ziehungsprotokoll führt alle Teilnehmer nur unter ihrem Pseudonym. So kannst du prüfen, dass du mit diesem Gewicht in der Ziehung warst, ohne dass jemand erfährt, welcher Eintrag du bist.
web-mydrops-title = Deine letzten Drops
web-mydrops-login = Bei einem Drop im Twitch-Chat mitgemacht? Melde dich mit Twitch an, um deine Quittungen zu sehen: das Pseudonym, unter dem dich jede Ziehung führt, deine Stufe und dein Gewicht und den Stand deiner Teilnahme. Wir erfahren nur deine Twitch-Nutzer-ID; es wird nichts gepostet und keine Berechtigung angefragt.
web-mydrops-none = Du hast bei keinem der letzten Drops mitgemacht.
web-mydrops-logged-in = Angemeldet als { $login }. Nur du siehst diese Seite.
