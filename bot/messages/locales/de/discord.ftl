## German (de). Said on Discord: private replies to a member, the drop post (embed and button),
## DMs. At most 2,000 characters a message. $title is the drop's title; $when and $until are
## Discord timestamps each reader sees in their own time zone and language ("in 5 Minuten");
## nobody is ever pinged by these texts. A member is spoken to as "du".

## What a member who pressed Enter is told, privately

discord-entered = Du bist beim Drop **{ $title }** dabei. Die Gewinner werden zum Schluss ausgelost, viel Glück!
# With the entrant's receipt: $pseudonym is the id the transcript lists them under.
discord-entered-receipt = Du bist beim Drop **{ $title }** dabei. Die Gewinner werden zum Schluss ausgelost, viel Glück! Deine Quittung: Pseudonym `{ $pseudonym }`, Stufe { $tier }, Gewicht { $weight }; du findest sie nach der Ziehung im Ziehungsprotokoll.
discord-already-entered = Du bist beim Drop **{ $title }** schon dabei: eine Teilnahme pro Person.
discord-sold-out = Der Drop **{ $title }** ist vergriffen. Du stehst auf der Warteliste, falls ein Exemplar zurückkommt.
discord-cap-reached = Mehr gibt es pro Person im Drop **{ $title }** nicht.
discord-opens-for-you = Der Drop **{ $title }** öffnet für dich { $when }.
discord-early-access = Der Vorabzugang zu **{ $title }** ist für { $who }. Alle können { $when } mitmachen.
discord-not-eligible = Bei **{ $title }** kannst du nicht mitmachen: { $reason }.
discord-closed = Der Drop **{ $title }** ist geschlossen.
discord-entry-paused = Der Drop **{ $title }** wurde von einem Moderator pausiert; drück noch mal, sobald es weitergeht.
discord-not-open = Der Drop **{ $title }** ist noch nicht offen.
discord-no-drop = Dieser Drop läuft nicht mehr.
discord-slow-down = Langsam: Einmal drücken reicht.
discord-won = Du hast Exemplar #{ $serial } von **{ $title }**!
discord-duplicate = Dein Klick für **{ $title }** wurde schon gezählt.
discord-cancelled = Der Drop **{ $title }** wurde abgesagt.
discord-closed-empty-handed = Der Drop **{ $title }** ist geschlossen, und du hast kein Exemplar davon.
discord-not-drawn = Kein Code für dich bei **{ $title }**: Die Teilnahme ist vorbei und du wurdest nicht gezogen. Holt ein Gewinner sein Exemplar nicht rechtzeitig ab, geht es an die Warteliste, und du hörst von uns.

## Codes, privately: $code is the short code to type, $link where to redeem it

discord-code-heading = **Dein Code für { $title }** (#{ $serial })
discord-code-short = Kurzcode: `{ $code }`
discord-code-redeem = Einlösen: <{ $link }>
discord-code-validity = Gültig bis { $until }. Er funktioniert nur einmal: Behalte ihn für dich. Der QR-Code enthält das signierte Token.
discord-missed = Deine Abholzeit für { $units } von **{ $title }** ist abgelaufen; { $count ->
        [one] das Exemplar ging
       *[other] die Exemplare gingen
    } an die Warteliste.
discord-no-codes = Du hast keine Codes aus den letzten Drops.

## A member's receipts (/mydrops, and /mycodes with them), privately: every recent drop they
## entered. $pseudonym is the id the transcript lists them under; $place where it lists them
## (like winners[2] or waitlist[14]); $link is the transcript; $units the units they hold.

discord-receipts-heading = **Deine letzten Drops** (nur du siehst das):
discord-receipt-in-draw = **{ $title }**: Du bist als `{ $pseudonym }` in der Ziehung, Stufe { $tier }, Gewicht { $weight }.
discord-receipt-left-out = **{ $title }**: Deine Teilnahme `{ $pseudonym }` wurde zum Schluss aussortiert: { $reason }.
discord-receipt-holds = **{ $title }**: `{ $pseudonym }` (Stufe { $tier }, Gewicht { $weight }) hat { $units }.
discord-receipt-waitlisted = **{ $title }**: `{ $pseudonym }` (Stufe { $tier }, Gewicht { $weight }) wurde nicht gezogen und steht auf der Warteliste.
discord-receipt-passed-on = **{ $title }**: `{ $pseudonym }` hat gewonnen, aber die Abholzeit ist abgelaufen, und das Exemplar ging an die Warteliste.
discord-receipt-no-unit = **{ $title }**: Du kamst als `{ $pseudonym }` (Stufe { $tier }), als kein Exemplar mehr für dich übrig war.
discord-receipt-cancelled = **{ $title }**: Der Drop wurde abgesagt; deine Teilnahme war `{ $pseudonym }`.
discord-receipt-place = Du findest `{ $pseudonym }` unter { $place } im Ziehungsprotokoll: <{ $link }>
discord-receipt-place-offline = Du findest `{ $pseudonym }` unter { $place } im Ziehungsprotokoll.
discord-no-drops = Du hast bei keinem der letzten Drops mitgemacht.
discord-link-code = Tippe `!link { $code }` im Twitch-Chat dieser Community; der Code läuft { $when } ab. Damit werden dein Twitch- und dein Discord-Konto bei Drops zu einer Person: eine Teilnahme pro Person, und Codes erreichen dich hier.
discord-failed = Bei uns ist etwas schiefgelaufen; es wurde protokolliert. Bitte versuch es noch mal.
discord-more-rows = …und { $more } weitere

## The drop post: an embed with one button. $emoji is the community's emoji and a space
## ([communities.NAME] emoji), or nothing. A button's label is at most 80 characters.

discord-post-title = { $emoji }{ $title }
discord-post-description = { $units ->
        [one] 1 Exemplar
       *[other] { $units } Exemplare
    }, { $mode ->
        [fcfs] wer zuerst kommt, mahlt zuerst
       *[draw] Auslosung zum Schluss
    }.
discord-post-state = Status
discord-post-entrants = Teilnehmer
discord-post-closes = Teilnahme endet
discord-post-who-when = Wer wann mitmachen kann
discord-post-tier = • { $who }
discord-post-tier-from = • { $who } ab { $opens }
discord-post-everyone = alle
discord-post-allocated = Vergeben
discord-post-allocated-value = { $allocated } von { $supply }
discord-post-fair-draw = Faire Verlosung
discord-post-commitment = Commitment `{ $commitment }`
discord-post-round = Gebunden an drand-Runde { $round }, die nach dem Schluss erscheint.
discord-post-seed = Seed `{ $seed }`
discord-post-entry-list = Teilnehmerliste `{ $entries }`
discord-post-check = Prüf es mit `fairdrop verify-draw` oder auf der Transparenzseite.
discord-post-seed-later = Der Seed wird nach der Ziehung enthüllt.
discord-post-footer = Drop { $name } · #{ $id }
discord-button-enter = Mitmachen
discord-button-get-code = Meinen Code holen
discord-phase = { $phase ->
        [draft] Entwurf
        [scheduled] Geplant
        [early] Vorabzugang
        [public] Offen für alle
        [closed] Geschlossen
        [drawn] Ausgelost: Gewinner, holt euren Code
        [settled] Abgeschlossen
       *[cancelled] Abgesagt
    }

## Said in the community's announcement channel. $mentions are the winners' Discord mentions,
## put in by fairdrop; a message that pings them allows those users only.

discord-drop-cancelled = Drop **{ $title }** wurde abgesagt. Alle dafür ausgegebenen Codes sind ungültig.
discord-drop-cancelled-because = Drop **{ $title }** wurde abgesagt ({ $reason }). Alle dafür ausgegebenen Codes sind ungültig.
discord-drawn-no-discord-winners = **{ $title }** ist ausgelost. Gewinner auf Twitch: Schaut in den Chat.
discord-drawn = **{ $title }** ist ausgelost! Gewinner, drückt **Meinen Code holen** im Post oder nutzt /mycodes:
# A moderator moved an open drop's close, or paused or resumed it: $when is the new close.
discord-drop-extended = Ein Moderator hat die Teilnahmezeit von **{ $title }** { $moved ->
        [shortened] verkürzt
       *[extended] verlängert
    }: Die Teilnahme endet jetzt { $when }.
discord-drop-extended-sometime = Ein Moderator hat die Teilnahmezeit von **{ $title }** { $moved ->
        [shortened] verkürzt
       *[extended] verlängert
    }.
discord-drop-paused = **{ $title }** wurde von einem Moderator pausiert: Keine Teilnahme, bis es weitergeht.
discord-drop-resumed = **{ $title }** läuft wieder; die Teilnahme endet { $when }.
discord-drop-resumed-sometime = **{ $title }** läuft wieder.
discord-rerolled-to-you = { $mentions }: Ein Exemplar von **{ $title }** ist zurückgekommen und gehört dir! Drück **Meinen Code holen** im Post oder nutze /mycodes.

## Answers to moderators' /drop commands, privately. $name is the drop's name as typed.

discord-mod-draft = Drop **{ $name }** ist als Entwurf bereit ({ $units ->
        [one] 1 Exemplar
       *[other] { $units } Exemplare
    }, { $mode ->
        [fcfs] wer zuerst kommt
        [draw] Auslosung
       *[other] { $mode }
    }). Öffne ihn mit `/drop open name:{ $command_name }`.
discord-mod-already-prepared = Drop **{ $name }** ist schon vorbereitet; öffne ihn ohne Optionen oder sag ihn ab und öffne einen neuen.
discord-mod-opened = Drop **{ $name }** ist offen. Der Post mit dem Mitmachen-Button geht in den Ankündigungskanal.
discord-mod-opened-until = Drop **{ $name }** ist offen, die Teilnahme endet { $when }. Der Post mit dem Mitmachen-Button geht in den Ankündigungskanal.
discord-mod-scheduled = Drop **{ $name }** öffnet von selbst { $when } ({ $units ->
        [one] 1 Exemplar
       *[other] { $units } Exemplare
    }, { $mode ->
        [fcfs] wer zuerst kommt
        [draw] Auslosung
       *[other] { $mode }
    }). Sein Post geht jetzt raus; `/drop open` öffnet ihn früher, `/drop cancel` sagt ihn ab.
discord-mod-closed = Drop **{ $name }** ist geschlossen.
discord-mod-closed-waiting = Drop **{ $name }** ist geschlossen; ausgelost wird, sobald drand-Runde { $round } erschienen ist.
discord-mod-closed-drawn = Drop **{ $name }** ist geschlossen und ausgelost: { $winners ->
        [one] 1 Gewinner
       *[other] { $winners } Gewinner
    } aus { $entrants ->
        [one] 1 Teilnehmer
       *[other] { $entrants } Teilnehmern
    }, { $waitlist } auf der Warteliste.
discord-mod-cancelled = Drop **{ $name }** ist abgesagt.
discord-mod-rerolled = { $units ->
        [one] 1 nicht abgeholtes Exemplar ging an die Warteliste.
       *[other] { $units } nicht abgeholte Exemplare gingen an die Warteliste.
    }
# Steering a drop: $winner and $successor are display names, $duration how long.
discord-mod-disqualified = **{ $winner }** ist disqualifiziert; Exemplar #{ $serial } geht an **{ $successor }**.
discord-mod-disqualified-nobody = **{ $winner }** ist disqualifiziert; für Exemplar #{ $serial } ist niemand mehr in der Reihe.
discord-mod-extended = Drop **{ $name }**: Die Teilnahme endet { $when } (um { $duration } { $moved ->
        [shortened] verkürzt
       *[extended] verlängert
    }).
# Recurring drops: $every is a weekly day and time (fri 20:00), $when the next drop's time.
discord-mod-series-started = Serie **{ $name }**: Jede Woche { $every } öffnet ein Drop von selbst, der erste { $when }.
discord-mod-series-stopped = Serie **{ $name }** ist gestoppt; aus ihr öffnen keine Drops mehr.
discord-mod-series-none = Keine Serie läuft: Starte eine mit `/drop schedule name every:fri 20:00`.
discord-mod-series-listed = **{ $name }**: jede Woche { $every }, nächster { $when }
discord-mod-schedule-at-or-every = Gib `at` für einen einzelnen Drop an oder `every` für einen Drop jede Woche (nicht beides).
discord-mod-series-no-keyword = Bei den Drops einer wöchentlichen Serie macht man mit !claim mit: lass `keyword` weg.
discord-mod-paused = Drop **{ $name }**: pausiert, noch { $duration } Teilnahmezeit übrig.
discord-mod-resumed = Drop **{ $name }**: läuft wieder; die Teilnahme endet { $when }.
discord-mod-edited = Drop **{ $name }** ist jetzt **{ $title }**, { $supply ->
        [one] 1 Exemplar
       *[other] { $supply } Exemplare
    }, Teilnahme für { $duration }.
discord-mod-edited-starts = Drop **{ $name }** ist jetzt **{ $title }**, { $supply ->
        [one] 1 Exemplar
       *[other] { $supply } Exemplare
    }, Teilnahme für { $duration }, öffnet { $when }.
discord-mod-status = Drop **{ $name }**: { $phase ->
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
discord-mod-status-passed-on = , { $expired } weitergegeben
discord-mod-status-closes = , Schluss { $when }
discord-mod-status-end = .

## /drop list, /drop history and /drop audit, privately. $listed is a part's drops (each one
## discord-drops-listed*), $member a mention of the member (nobody is pinged).

discord-drops-none = Noch keine Drops: Öffne einen mit `/drop open`.
discord-drops-part = **{ $part ->
        [running] Laufend
        [upcoming] Demnächst
       *[recent] Zuletzt
    }**: { $listed }
discord-drops-listed = { $name } ({ $phase ->
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
discord-drops-listed-closes = { $name } ({ $phase ->
        [draft] Entwurf
        [scheduled] geplant
        [early] Vorabzugang
        [public] offen für alle
        [closed] geschlossen
        [drawn] ausgelost
        [settled] abgeschlossen
        [cancelled] abgesagt
       *[other] { $phase }
    }, Schluss { $when })
discord-drops-listed-opens = { $name } ({ $phase ->
        [draft] Entwurf
        [scheduled] geplant
        [early] Vorabzugang
        [public] offen für alle
        [closed] geschlossen
        [drawn] ausgelost
        [settled] abgeschlossen
        [cancelled] abgesagt
       *[other] { $phase }
    }, öffnet { $when })
discord-history-none = { $member } hat hier noch bei keinem Drop mitgemacht oder gewonnen.
discord-history-heading = Drops von { $member }, neueste zuerst:
# One drop of the history: $what is its parts (discord-history-entered...), joined by "; ".
discord-history-line = **{ $name }** ({ $phase ->
        [draft] Entwurf
        [scheduled] geplant
        [early] Vorabzugang
        [public] offen für alle
        [closed] geschlossen
        [drawn] ausgelost
        [settled] abgeschlossen
        [cancelled] abgesagt
       *[other] { $phase }
    }): { $what }
discord-history-entered = mitgemacht ({ $tier })
discord-history-not-entered = nicht mitgemacht
discord-history-won = gewonnen: { $units_won }
discord-history-unit = #{ $serial } { $status }
discord-history-redeemed = eingelöst { $dates }
discord-audit-none = Noch keine Moderator-Aktionen.
discord-audit-none-for = Noch keine Moderator-Aktionen für **{ $name }**.
# One action: $about is " <drop>" or nothing, $asked " [<options>]" or nothing.
discord-audit-line = { $when } **{ $action }**{ $about } von { $actor } ({ $platform }){ $asked }: { $result }

## Refusals to a member who may not run a moderator command. $role shows the moderator role
## (Discord shows its name; nobody is pinged).

discord-refused-not-moderator = Nur Mitglieder mit der Rolle { $role } oder der Berechtigung „Server verwalten“ können hier Drops und Listen steuern.
discord-refused-no-moderator-role = Nur Mitglieder mit der Berechtigung „Server verwalten“ können hier Drops und Listen steuern (eine Moderator-Rolle lässt sich mit /fairdrop setup festlegen).
discord-refused-not-set-up = fairdrop ist für diesen Server nicht eingerichtet: Trag seine ID unter [[discord.guilds]] in die Konfiguration des Bots ein
discord-refused-setup = Nur Mitglieder mit der Berechtigung „Server verwalten“ können die Einrichtung von fairdrop hier ändern.

## The summary of a drop (24 h and 72 h after the close), as an embed

discord-summary-title = { $title }: { $after }
discord-summary-after = { $span } nach dem Schluss
discord-summary-so-far = bisher
discord-summary-description = **{ $entrants }** Teilnehmer ({ $new } neu, { $returning } wieder dabei), **{ $winners }** Gewinner, **{ $redeemed }** eingelöst ({ $share_of_winners } der Gewinner, { $share_of_viewed } der angesehenen Codes).
discord-summary-funnel = Trichter
discord-summary-step = { $step ->
        [entrants] Teilnehmer
        [eligible] berechtigt
        [winners] Gewinner
        [delivered] zugestellt
        [viewed] angesehen
       *[redeemed] eingelöst
    }: **{ $count }**
discord-summary-timing = Zeiten
discord-summary-timing-value = Median bis zum Abholen: **{ $claim }**
    Median bis zum Einlösen: **{ $redeem }**
    neu verlost: **{ $rerolls }**
discord-summary-revenue = Gemeldeter Umsatz
discord-summary-revenue-value = **{ $money }** aus { $orders ->
        [one] 1 Bestellung
       *[other] { $orders } Bestellungen
    }
discord-summary-by-tier = Nach Stufe
discord-summary-by-platform = Nach Plattform
discord-summary-filtered = Herausgefiltert
discord-summary-fairness = Fairness: Anteil an Teilnahmen → Anteil an Gewinnern
discord-summary-fairness-row = { $tier }: { $entry_share } → **{ $winner_share }**
discord-summary-row = { $name }: **{ $count }**
# Ein gezählter Grund, warum jemand ferngehalten (beim Mitmachen) oder aus der Ziehung genommen
# wurde (beim Schließen); $name ist der gespeicherte Grund, gesagt, wenn diese Version keine Worte dafür hat.
discord-summary-reason-row = { $reason_kind ->
        [denied] Sperrliste
        [suspicious] verdächtig
        [account_age] Kontoalter
        [not_following] folgt nicht
        [follow_age] Folgedauer
        [at_close_denied] beim Schließen gefiltert: Sperrliste
        [at_close_suspicious] beim Schließen gefiltert: verdächtig
        [at_close_account_age] beim Schließen gefiltert: Kontoalter
        [at_close_not_following] beim Schließen gefiltert: folgt nicht
        [at_close_follow_age] beim Schließen gefiltert: Folgedauer
        [one_entry] eine Teilnahme pro Person
        [guaranteed] hat eine garantierte Einheit von einer Liste
        [not_eligible] nicht mehr berechtigt
        [wrong_window] nicht mehr berechtigt für das Zeitfenster der Teilnahme
       *[other] { $name }
    }: **{ $count }**
discord-summary-more-rows = und { $more } weitere
discord-summary-none = keine
discord-summary-footer = Stand: { $as_of }; geschlossen am { $closed }
discord-summary-footer-provisional = Stand: { $as_of } (vorläufig); geschlossen am { $closed }

## Answers to moderators' /alloc commands, privately. $list is a list's name as typed; $kind
## early, guaranteed or deny (the option's value, shown in words).

discord-list-made = Liste **{ $list }** ({ $kind }) ist bereit.
discord-list-added = { $added } zu **{ $list }** hinzugefügt.
discord-list-added-some-there = { $added } zu **{ $list }** hinzugefügt ({ $already } schon vorhanden).
discord-list-removed = { $removed } von **{ $list }** entfernt.
discord-list-none = Noch keine Listen: Leg eine mit `/alloc create` an.
discord-list-summary = **{ $list }** ({ $kind }): { $members ->
        [one] 1 Mitglied
       *[other] { $members } Mitglieder
    }
discord-list-heading = **{ $list }** ({ $kind }), { $members }:
discord-list-more = …und { $more } weitere (`/alloc export`).
discord-list-imported = In **{ $list }** importiert: { $added } hinzugefügt, { $already } schon vorhanden.
discord-list-imported-replacing = In **{ $list }** importiert: { $added } hinzugefügt, { $already } schon vorhanden, { $removed } entfernt.
discord-list-export = **{ $list }** als CSV:
discord-list-deleted = **{ $list }** gelöscht ({ $members ->
        [one] 1 Mitglied
       *[other] { $members } Mitglieder
    }).

## The answer to /fairdrop setup: $drops and $summaries are channels, $role the moderator role
## (shown by name, nobody pinged); each is discord-setup-not-set when there is none.

discord-setup = Drops werden in { $drops } gepostet, Zusammenfassungen in { $summaries }. Moderator-Rolle: { $role } („Server verwalten“ geht immer).
discord-setup-not-set = nicht festgelegt
discord-beacon-waiting = Die Ziehung von **{ $title }** wartet auf öffentlichen Zufall (drand-Runde { $round }), der noch nicht abrufbar ist; gezogen wird erst, wenn die Runde abrufbar ist.
discord-beacon-waiting-draw-without = Die Ziehung von **{ $title }** wartet auf öffentlichen Zufall (drand-Runde { $round }), der noch nicht abrufbar ist; nach { $wait } wird ohne ihn gezogen (steht dann im Ziehungsprotokoll).

## A season's summary in the summary channel, with the chart of its episodes and retention.

discord-season-title-final = Staffel { $series }: die ganze Staffel
discord-season-title-month = Staffel { $series }: bis Ende { $month }
discord-season-description = **{ $episodes }** { $episodes ->
        [one] Folge
       *[other] Folgen
    }, **{ $entrants }** { $entrants ->
        [one] Teilnahme
       *[other] Teilnahmen
    } ({ $returning } von wiederkehrenden Fans), **{ $redeemed }** eingelöst.
discord-season-lift = { $subscriptions } neue Abos in den 72 h nach den Folgen, erwartet waren { $expected }: ein Vergleich mit früheren Wochen, kein Beweis, dass die Drops sie bewirkt haben.
discord-season-lift-unknown = { $subscriptions } neue Abos in den 72 h nach den Folgen: eine Zählung, kein Beweis, dass die Drops sie bewirkt haben.
discord-season-footer = Stand { $as_of }
# /lists: a refused member list or import file; $file is the attached file's name.
discord-lists-no-member = nenne mindestens ein Mitglied (eine Erwähnung, twitch:<id> oder einen Twitch-Login)
discord-lists-file-too-large = { $file }: größer als { $count } Bytes
discord-lists-file-not-utf8 = { $file }: kein UTF-8-Text; speichere die Datei als CSV UTF-8
