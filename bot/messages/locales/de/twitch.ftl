## German (de). Said in Twitch chat. A line is at most 500 characters and starts with our own
## words, never with a value. $title is the drop's title (its name when it has none); $command
## is !claim; $closes, $starts, $deadline and $opens are times like 14:05 UTC; $link is a web
## address. Chat is spoken to as "du", like German streamers do.

## The drop's announcements. $emoji is the community's emoji and a space ([communities.NAME]
## emoji), or nothing.

twitch-drop-terms = { $units ->
        [0] begrenzte Anzahl
        [one] 1 Exemplar
       *[other] { $units } Exemplare
    }, { $mode ->
        [fcfs] wer zuerst kommt, mahlt zuerst
       *[draw] Gewinner werden zum Schluss ausgelost
    }
twitch-scheduled = Drop „{ $title }“ ist für { $starts } geplant: { $terms }.
twitch-scheduled-sometime = Drop „{ $title }“ ist geplant: { $terms }.
twitch-opened = { $emoji }Drop offen: „{ $title }“! { $terms }.
twitch-open-to-everyone = { $emoji }Drop „{ $title }“ ist jetzt für alle offen! { $terms }.
twitch-enter-until = Tippe { $command }, um bis { $closes } mitzumachen.
twitch-enter = Tippe { $command }, um mitzumachen.
twitch-tiers = Wer wann mitmachen kann: { $tiers }.
twitch-tier-from = { $who } ab { $opens }
twitch-commitment = Faire Verlosung: Commitment { $commitment }, der Seed wird nach der Ziehung enthüllt; prüf es unter { $link }.
twitch-commitment-cli = Faire Verlosung: Commitment { $commitment }, der Seed wird nach der Ziehung enthüllt; prüf es mit fairdrop verify-draw.
twitch-commitment-round = Faire Verlosung: Commitment { $commitment }, gebunden an drand-Runde { $round } (öffentlicher Zufall, erscheint nach dem Schluss); der Seed wird nach der Ziehung enthüllt; prüf es unter { $link }.
twitch-commitment-round-cli = Faire Verlosung: Commitment { $commitment }, gebunden an drand-Runde { $round } (öffentlicher Zufall, erscheint nach dem Schluss); der Seed wird nach der Ziehung enthüllt; prüf es mit fairdrop verify-draw.
twitch-beacon-waiting = Die Ziehung von „{ $title }“ wartet auf öffentlichen Zufall (drand-Runde { $round }), der noch nicht abrufbar ist; gezogen wird erst, wenn die Runde abrufbar ist.
twitch-beacon-waiting-draw-without = Die Ziehung von „{ $title }“ wartet auf öffentlichen Zufall (drand-Runde { $round }), der noch nicht abrufbar ist; nach { $wait } wird ohne ihn gezogen (steht dann im Ziehungsprotokoll).
twitch-closing-at = Drop „{ $title }“ schließt um { $closes }: Tippe jetzt { $command }, um mitzumachen.
twitch-closing-soon = Drop „{ $title }“ schließt gleich: Tippe jetzt { $command }, um mitzumachen.
twitch-closed = Drop „{ $title }“ ist geschlossen: Keine Teilnahme mehr möglich.
twitch-closed-entrants = { $entrants ->
        [one] 1 Teilnehmer.
       *[other] { $entrants } Teilnehmer.
    }
twitch-closed-frozen = Teilnehmerliste eingefroren, Hash { $hash }; jetzt folgt die Ziehung.
twitch-closed-arrivals = Reihenfolge festgehalten, Kettenkopf { $hash }; die Exemplare gingen der Reihe nach raus.
twitch-drawn = Drop „{ $title }“ ist ausgelost: { $winners ->
        [one] 1 Gewinner
       *[other] { $winners } Gewinner
    } aus { $entrants ->
        [one] 1 Teilnehmer
       *[other] { $entrants } Teilnehmern
    }.
twitch-drawn-guaranteed = { $units ->
        [one] 1 Exemplar ging
       *[other] { $units } Exemplare gingen
    } zuerst an die Garantielisten.
twitch-drawn-winners = Gewinner von „{ $title }“:
twitch-drawn-nameless = Dazu { $winners ->
        [one] 1 Twitch-Gewinner, dessen Name nicht angezeigt werden kann.
       *[other] { $winners } Twitch-Gewinner, deren Namen nicht angezeigt werden können.
    }
twitch-drawn-on-discord = { $winners ->
        [one] 1 Gewinner auf Discord bekommt den Code dort.
       *[other] { $winners } Gewinner auf Discord bekommen ihren Code dort.
    }
twitch-drawn-claim = Gewinner: Loggt euch unter { $link } ein und holt euren Code.
twitch-reveal = Faire Verlosung: { $hashes }; prüfen unter { $link }.
twitch-reveal-cli = Faire Verlosung: { $hashes }; prüfen mit fairdrop verify-draw.
twitch-reveal-seed = Seed { $hash }
twitch-reveal-commitment = Commitment { $hash }
twitch-reveal-entry-list = Teilnehmerliste { $hash }
twitch-won = Drop „{ $title }“: Du hast gewonnen! Hol dir deinen Code bis { $deadline } unter { $link }:
twitch-won-sometime = Drop „{ $title }“: Du hast gewonnen! Hol dir deinen Code unter { $link }:
twitch-won-nameless = und { $winners ->
        [one] 1 Gewinner, dessen Name nicht angezeigt werden kann
       *[other] { $winners } Gewinner, deren Namen nicht angezeigt werden können
    }
twitch-rerolled = Drop „{ $title }“: { $count ->
        [one] { $units } wurde nicht rechtzeitig abgeholt und geht
       *[other] { $units } wurden nicht rechtzeitig abgeholt und gehen
    } an { $count ->
        [one] den nächsten Teilnehmer
       *[other] die nächsten Teilnehmer
    } in der Reihe.
twitch-rerolled-nobody = Drop „{ $title }“: { $count ->
        [one] { $units } wurde nicht rechtzeitig abgeholt, und es ist niemand mehr in der Reihe, der es bekommen könnte.
       *[other] { $units } wurden nicht rechtzeitig abgeholt, und es ist niemand mehr in der Reihe, der sie bekommen könnte.
    }
# A moderator disqualified a unit's winner: $units is the unit (twitch-unit), $reason their words.
# $units stays in the nominative ("#3" or "ein Exemplar").
twitch-disqualified = Drop „{ $title }“: Ein Moderator hat einen Gewinner disqualifiziert; { $units } geht an den nächsten Teilnehmer in der Reihe.
twitch-disqualified-because = Drop „{ $title }“: Ein Moderator hat einen Gewinner disqualifiziert ({ $reason }); { $units } geht an den nächsten Teilnehmer in der Reihe.
twitch-disqualified-nobody = Drop „{ $title }“: Ein Moderator hat einen Gewinner disqualifiziert, und für { $units } ist niemand mehr in der Reihe.
twitch-disqualified-nobody-because = Drop „{ $title }“: Ein Moderator hat einen Gewinner disqualifiziert ({ $reason }), und für { $units } ist niemand mehr in der Reihe.
twitch-unit = #{ $serial }
twitch-a-unit = ein Exemplar
twitch-cancelled = Drop „{ $title }“ wurde abgesagt. Alle dafür ausgegebenen Codes sind ungültig.
twitch-cancelled-because = Drop „{ $title }“ wurde abgesagt ({ $reason }). Alle dafür ausgegebenen Codes sind ungültig.
# A moderator moved an open drop's close: $duration is by how much, $closes the new close.
twitch-extended = Drop „{ $title }“: Ein Moderator hat die Teilnahmezeit um { $duration } { $moved ->
        [shortened] verkürzt
       *[extended] verlängert
    }; Schluss ist jetzt um { $closes }.
twitch-extended-sometime = Drop „{ $title }“: Ein Moderator hat die Teilnahmezeit { $moved ->
        [shortened] verkürzt
       *[extended] verlängert
    }.
twitch-paused = Drop „{ $title }“ wurde von einem Moderator pausiert: Keine Teilnahme, bis es weitergeht.
twitch-resumed = Drop „{ $title }“ läuft wieder: Tippe { $command }, um mitzumachen; Schluss ist um { $closes }.
twitch-resumed-sometime = Drop „{ $title }“ läuft wieder: Tippe { $command }, um mitzumachen.
twitch-settled = Drop „{ $title }“ ist abgeschlossen: Jedes Exemplar wurde abgeholt oder weitergegeben. Danke an alle!

## The summary after a drop, in one line

twitch-summary-head = Drop „{ $title }“, { $after }:
# $after: how long after the close the summary's figures were taken (or so far).
twitch-summary-after = { $span } nach dem Schluss
twitch-summary-so-far = bisher
twitch-summary-entrants = { $entrants ->
        [one] 1 Teilnehmer
       *[other] { $entrants } Teilnehmer
    }
twitch-summary-entrants-returning = { $entrants ->
        [one] 1 Teilnehmer
       *[other] { $entrants } Teilnehmer
    } ({ $new } neu, { $returning } wieder dabei)
twitch-summary-needed = { $entrants }, { $winners ->
        [one] 1 Gewinner
       *[other] { $winners } Gewinner
    }, { $redeemed } eingelöst.
twitch-summary-needed-share = { $entrants }, { $winners ->
        [one] 1 Gewinner
       *[other] { $winners } Gewinner
    }, { $redeemed } eingelöst ({ $share } der Gewinner).
twitch-summary-told = Benachrichtigt: { $told }, Code angesehen: { $viewed }.
twitch-summary-claim-time = Median bis zum Abholen: { $duration }.
twitch-summary-redeem-time = Median bis zum Einlösen: { $duration }.
twitch-summary-revenue = Bestellungen im Wert von { $money }.
twitch-summary-link = Alle Zahlen und die faire Verlosung: { $link }
twitch-summary-cli = Prüf die Ziehung mit fairdrop verify-draw.

## Answers to chat commands: said before a batch of @mentions

twitch-ack-entered = Du bist beim Drop „{ $title }“ dabei:
twitch-ack-already = Du bist beim Drop „{ $title }“ schon dabei, eine Teilnahme pro Person:
twitch-ack-won = Du hast ein Exemplar von „{ $title }“ ergattert! Hol dir deinen Code auf der Abholseite:
twitch-ack-sold-out = Der Drop „{ $title }“ ist vergriffen, du stehst auf der Warteliste:
twitch-ack-cap = Mehr gibt es pro Person im Drop „{ $title }“ nicht:
twitch-ack-opens-at = Der Drop „{ $title }“ öffnet für dich um { $opens }:
twitch-ack-early-access = Vorabzugang ist für { $who }; alle können ab { $opens } beim Drop „{ $title }“ mitmachen:
twitch-ack-not-eligible = Diesmal nicht ({ $reason }):
twitch-ack-closed = Der Drop „{ $title }“ ist geschlossen:
twitch-ack-paused = Der Drop „{ $title }“ ist pausiert, versuch es wieder, sobald er weiterläuft:
twitch-ack-not-open = Der Drop „{ $title }“ ist noch nicht offen:
twitch-ack-no-drop = Gerade läuft kein Drop:
twitch-ack-slow-down = Langsam, einmal reicht:
# The line that counts, rather than mentions, the rest of a rush: $said is one of the above.
twitch-ack-counted = { $said } { $more ->
        [one] 1 weitere Person von euch.
       *[other] { $more } weitere von euch.
    }
twitch-ack-merged-more = und { $more } weitere.

## Answers to one chatter: said as "<answer> (@login)"

twitch-reply = { $answer } ({ $mention })
twitch-reply-mods-only = nur der Broadcaster und die Mods können Drops steuern
twitch-reply-failed-claim = das hat bei uns nicht geklappt; versuch { $command } gleich noch mal
twitch-reply-failed = das hat bei uns nicht geklappt; versuch es gleich noch mal
twitch-reply-rerolled = { $units ->
        [one] 1 nicht abgeholtes Exemplar ging an die Warteliste
       *[other] { $units } nicht abgeholte Exemplare gingen an die Warteliste
    }
twitch-reply-status = Drop { $name }: { $phase ->
        [draft] ein Entwurf
        [scheduled] geplant
        [early] offen (Vorabzugang)
        [public] offen
        [closed] geschlossen
        [drawn] ausgelost
        [settled] abgeschlossen
       *[cancelled] storniert
    }, { $entrants ->
        [one] 1 Teilnehmer
       *[other] { $entrants } Teilnehmer
    }, { $allocated } von { $supply } vergeben, { $claimed } abgeholt
# Moderators steering a drop: $winner and $successor are display names, $duration how long.
twitch-reply-disqualified = { $winner } ist disqualifiziert; Exemplar #{ $serial } geht an { $successor }
twitch-reply-disqualified-nobody = { $winner } ist disqualifiziert; für Exemplar #{ $serial } ist niemand mehr in der Reihe
twitch-reply-extended = Schluss um { $closes } (um { $duration } { $moved ->
        [shortened] verkürzt
       *[extended] verlängert
    })
twitch-reply-paused = pausiert, noch { $duration } Teilnahmezeit übrig
twitch-reply-resumed = läuft wieder; Schluss um { $closes }
twitch-reply-edited = Drop { $name } ist jetzt „{ $title }“, { $supply ->
        [one] 1 Exemplar
       *[other] { $supply } Exemplare
    }, Teilnahme für { $duration }
twitch-reply-edited-starts = Drop { $name } ist jetzt „{ $title }“, { $supply ->
        [one] 1 Exemplar
       *[other] { $supply } Exemplare
    }, Teilnahme für { $duration }, öffnet um { $starts }
twitch-reply-linked = verknüpft: Dein Twitch- und dein Discord-Konto sind bei Drops jetzt eine Person
twitch-reply-already-linked = schon verknüpft
twitch-reply-link-self = das ist dein eigener Code; tippe ihn mit deinem anderen Konto ein
twitch-reply-linked-elsewhere = dieses Konto ist schon woanders verknüpft; heb die Verknüpfung zuerst auf und nutze dann /link noch mal
twitch-reply-link-unknown = diesen Verknüpfungscode gibt es nicht, er wurde schon benutzt oder ist abgelaufen; hol dir mit /link auf Discord einen neuen

## Aufruf-Zeilen für einen falsch geschriebenen Chat-Befehl, als Antworten gesagt (twitch-reply).
## Befehle, ihre Optionen und die Wörter in Großbuchstaben (NAME, CODE) werden so getippt: lassen.
## $typed ist, was der Moderator tippte und nicht verstanden wird; $usage eine der Aufruf-Zeilen.

twitch-usage-drop = Aufruf: !drop open|close|status|cancel|reroll|list|disqualify|extend|shorten|pause|resume|edit|schedule|series|help
twitch-usage-open = Aufruf: !drop open NAME [supply=N] [for=10m] [early=2m] [mode=lottery|fcfs] [title=...] [at=20:00] [beacon=on|off] [keyword=!wort]
twitch-usage-edit = Aufruf: !drop edit NAME [supply=N] [for=10m] [early=2m] [title=...] [at=20:00] (Entwürfe oder geplante Drops)
twitch-usage-extend = Aufruf: !drop extend 5m (oder -5m) [NAME], !drop shorten 5m [NAME]
twitch-usage-disqualify = Aufruf: !drop disqualify @nutzer [grund]
twitch-usage-schedule = Aufruf: !drop schedule NAME every fri 20:00 [supply=N] [for=10m] [early=2m] [mode=lottery|fcfs] [title=...] [beacon=on|off]
twitch-usage-series = Aufruf: !drop series (die laufenden), !drop series stop NAME
twitch-usage-link = Aufruf: !link CODE (den Code gibt es mit /link in unserem Discord)
twitch-usage-list = Aufruf: !drop list
twitch-usage-help = Aufruf: !drop help
twitch-usage-close = Aufruf: !drop close [NAME]
twitch-usage-status = Aufruf: !drop status [NAME]
twitch-usage-reroll = Aufruf: !drop reroll [NAME]
twitch-usage-pause = Aufruf: !drop pause [NAME]
twitch-usage-resume = Aufruf: !drop resume [NAME]
twitch-usage-at-in-series = at= passt nicht zu einer Serie: every sagt, wann; { $usage }
twitch-usage-keyword-in-series = keyword= passt nicht zu einer Serie: ihre Drops betritt man mit !claim; { $usage }
twitch-usage-not-a-duration = { $typed } ist keine Dauer wie 5m oder 1h30m; { $usage }
twitch-usage-not-key-value = '{ $typed }' ist nicht Schlüssel=Wert; { $usage }
twitch-usage-given-twice = { $typed }= doppelt angegeben; { $usage }
twitch-usage-unknown-option = unbekannte Option { $typed }=; { $usage }
twitch-usage-supply = supply={ $typed } muss eine ganze Zahl von 1 bis 1.000.000 sein
twitch-usage-duration = { $typed } ist keine Dauer wie 30s, 10m oder 1h30m
twitch-usage-mode = mode={ $typed } muss lottery oder fcfs sein
twitch-usage-beacon = beacon={ $typed } muss on oder off sein
twitch-help = fairdrop: !claim, um beim laufenden Drop mitzumachen; !link CODE, um dein Discord-Konto zu verbinden. Mods: !drop open NAME [supply=N] [for=10m] [early=2m] [mode=lottery|fcfs] [at=20:00] [keyword=!wort], !drop close, !drop status, !drop cancel, !drop reroll, !drop list, !drop disqualify @nutzer [grund], !drop extend 5m, !drop shorten 5m, !drop pause, !drop resume, !drop edit NAME supply=N, !drop schedule NAME every fri 20:00, !drop series [stop NAME]

## !drop list, to a moderator, in one line (clipped to 500): parts joined by "; ", $drops_line a part's drops (each
## one twitch-drops-listed*), $when a time like 14:05 UTC

twitch-drops-none = noch keine Drops; starte einen mit !drop open NAME
twitch-drops-part = { $part ->
        [running] laufend
        [upcoming] demnächst
       *[recent] zuletzt
    }: { $drops_line }
twitch-drops-listed = { $name } ({ $phase ->
        [draft] Entwurf
        [scheduled] geplant
        [early] Vorabzugang
        [public] offen für alle
        [closed] geschlossen
        [drawn] ausgelost
        [settled] abgeschlossen
        [cancelled] abgesagt
       *[other] { $phase }
    })
twitch-drops-listed-closes = { $name } ({ $phase ->
        [draft] Entwurf
        [scheduled] geplant
        [early] Vorabzugang
        [public] offen für alle
        [closed] geschlossen
        [drawn] ausgelost
        [settled] abgeschlossen
        [cancelled] abgesagt
       *[other] { $phase }
    }, schließt um { $when })
twitch-drops-listed-opens = { $name } ({ $phase ->
        [draft] Entwurf
        [scheduled] geplant
        [early] Vorabzugang
        [public] offen für alle
        [closed] geschlossen
        [drawn] ausgelost
        [settled] abgeschlossen
        [cancelled] abgesagt
       *[other] { $phase }
    }, öffnet um { $when })

# Recurring drops: $every is a weekly day and time (fri 20:00), $next when the next drop opens.
twitch-reply-series-started = Serie { $name }: ein Drop jede Woche { $every }, der erste am { $next }
twitch-reply-series-stopped = Serie { $name } ist gestoppt; aus ihr öffnen keine Drops mehr
twitch-series-none = keine Serie läuft; starte eine mit !drop schedule NAME every fri 20:00
twitch-series-list = Serien: { $series_line }
twitch-series-listed = { $name } (jede Woche { $every }, nächster am { $next })

## A whisper to a Twitch winner (an option): never a code. $deadline is a time like 14:05 UTC.
## twitch-whisper-won-plain is said when the unit's number or the deadline is not known.

twitch-whisper-won = Du hast beim Drop „{ $title }“ gewonnen (#{ $serial })! Hol dir deinen Code bis { $deadline } unter { $link }. fairdrop schickt Codes nie per Whisper oder im Chat.
twitch-whisper-won-plain = Du hast beim Drop „{ $title }“ gewonnen! Hol dir deinen Code unter { $link }. fairdrop schickt Codes nie per Whisper oder im Chat.

## A season's summary in one line: once the season is over, or on the first of a month for the
## month before ($month, like May 2026). $entrants counts entries: a fan once per episode.

twitch-season-final = Die Staffel „{ $series }“ ist vorbei: { $episodes ->
        [one] 1 Folge
       *[other] { $episodes } Folgen
    }, { $entrants ->
        [one] 1 Teilnahme
       *[other] { $entrants } Teilnahmen
    } ({ $returning } von wiederkehrenden Fans), { $redeemed } eingelöst.
twitch-season-month = Staffel „{ $series }“ bis Ende { $month }: { $episodes ->
        [one] 1 Folge
       *[other] { $episodes } Folgen
    }, { $entrants ->
        [one] 1 Teilnahme
       *[other] { $entrants } Teilnahmen
    } ({ $returning } von wiederkehrenden Fans), { $redeemed } eingelöst.
twitch-season-lift = { $subscriptions } neue Abos in den 72 h nach den Folgen, erwartet waren { $expected }: ein Vergleich, kein Beweis, dass die Drops sie bewirkt haben.
twitch-season-lift-unknown = { $subscriptions } neue Abos in den 72 h nach den Folgen: eine Zählung, kein Beweis, dass die Drops sie bewirkt haben.
