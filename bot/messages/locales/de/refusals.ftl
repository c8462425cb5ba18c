## Absagen der Drop-Engine, an wen auch immer gefragt hat (jemand im Chat, ein Discord-Mitglied,
## eine Webseite). $typed ist, was jemand getippt hat, mit Anführungszeichen; $name der Kurzname
## eines Drops; $phase der Zustand eines Drops; $doing, was ein Moderator damit tun wollte.

refusal-duration = die Dauer { $typed } ist nicht wie 30s, 10m, 2h oder 1h30m
refusal-no-drop-running = hier läuft kein Drop
refusal-no-drop-named = hier gibt es keinen Drop namens { $typed }
refusal-no-drop-number = es gibt keinen Drop mit der Nummer { $id }
refusal-still-running = Drop '{ $name }' ist in diesem Kanal noch { $phase ->
        [draft] ein Entwurf
        [scheduled] geplant
        [early] offen (Vorabzugang)
        [public] offen
        [closed] geschlossen
        [drawn] ausgelost
        [settled] abgeschlossen
       *[cancelled] storniert
    }; schließe oder storniere ihn zuerst
refusal-still-running-here = Drop '{ $name }' ist in diesem Kanal noch { $phase ->
        [draft] ein Entwurf
        [scheduled] geplant
        [early] offen (Vorabzugang)
        [public] offen
        [closed] geschlossen
        [drawn] ausgelost
        [settled] abgeschlossen
       *[cancelled] storniert
    }
refusal-spec-name = der Drop-Name { $typed } muss aus 1-32 Kleinbuchstaben, Ziffern, '-' oder '_' bestehen
refusal-spec-supply = die Stückzahl muss zwischen 1 und { $supply } liegen, nicht { $typed }
refusal-spec-cap = das Maximum pro Person muss mindestens 1 sein, nicht { $typed }
refusal-spec-lottery-cap = eine Verlosung gibt eine Einheit pro Gewinner; das Maximum pro Person muss 1 sein
refusal-spec-entry-window = die Teilnahmefrist muss länger als null sein
refusal-spec-claim-window = die Abholfrist muss länger als null sein
refusal-spec-code-expiry = die Gültigkeit des Codes muss länger als null sein
refusal-spec-expiry-before-claim = die Gültigkeit des Codes darf nicht kürzer als die Abholfrist sein
refusal-spec-tier-names = die Namen der Stufen müssen eindeutig sein: { $names }
refusal-spec-tier-name = der Stufenname { $typed } muss aus Kleinbuchstaben, Ziffern, - oder _ bestehen
refusal-spec-tier-weight = Stufe '{ $tier }': das Gewicht muss 1-1000 sein, nicht { $typed }
refusal-spec-tier-offset = Stufe '{ $tier }': der Öffnungsversatz darf nicht negativ sein
refusal-spec-tier-late = Stufe '{ $tier }' öffnet { $offset } nach dem Start, aber der Drop schließt nach { $window }
refusal-spec-last-tier = das letzte Fenster muss für alle offen sein: füge eine Stufe mit 'everyone' hinzu
refusal-start = der Start { $typed } ist keine Startzeit wie 20:00, +10m oder 2026-11-21T20:00
refusal-start-past = der Start { $typed } liegt in der Vergangenheit; nimm eine künftige Zeit oder öffne ihn jetzt
refusal-start-far = der Start { $typed } liegt mehr als { $count } Tage entfernt
refusal-start-clock = der Start { $typed } ist keine Uhrzeit (00:00 bis 23:59)
refusal-every = { $typed } ist kein Tag mit Uhrzeit wie 'fri 20:00'
refusal-every-clock = { $typed } ist keine Uhrzeit (00:00 bis 23:59)
refusal-keyword = das Stichwort { $typed } muss ! und 1-24 Buchstaben, Ziffern, - oder _ sein (wie !hoodie)
refusal-keyword-command = das Stichwort { $command } ist ein Befehl des Bots; wähle ein anderes Wort
refusal-keyword-taken = das Stichwort { $command } gehört schon Drop '{ $name }'; wähle ein anderes Wort
refusal-keyword-alias = das Stichwort { $command } ist schon ein Alias von !claim in der Konfiguration; wähle ein anderes Wort
refusal-no-draw = Drop '{ $name }' kann nicht ausgelost werden: wer zuerst kommt, gewinnt, es gibt keine Auslosung
refusal-cannot-move = Drop '{ $name }' kann nicht { $doing ->
        [schedule] geplant
        [open] geöffnet
        [close] geschlossen
        [draw] ausgelost
        [settle] abgeschlossen
       *[cancel] storniert
    } werden: er ist { $phase ->
        [draft] ein Entwurf
        [scheduled] geplant
        [early] offen (Vorabzugang)
        [public] offen
        [closed] geschlossen
        [drawn] ausgelost
        [settled] abgeschlossen
       *[cancelled] storniert
    } (von dort geht es zu { $phase ->
        [draft] geplant, Vorabzugang, offen oder storniert
        [scheduled] Vorabzugang, offen oder storniert
        [early] offen, geschlossen oder storniert
        [public] geschlossen oder storniert
        [closed] ausgelost, abgeschlossen oder storniert
       *[drawn] abgeschlossen oder storniert
    })
refusal-cannot-move-final = Drop '{ $name }' kann nicht { $doing ->
        [schedule] geplant
        [open] geöffnet
        [close] geschlossen
        [draw] ausgelost
        [settle] abgeschlossen
       *[cancel] storniert
    } werden: er ist { $phase ->
        [draft] ein Entwurf
        [scheduled] geplant
        [early] offen (Vorabzugang)
        [public] offen
        [closed] geschlossen
        [drawn] ausgelost
        [settled] abgeschlossen
       *[cancelled] storniert
    } (von dort geht es nirgendwohin: er ist endgültig)
refusal-paused-resume-first = Drop '{ $name }' ist pausiert; setze ihn zuerst fort
refusal-move-by-nothing = das Ende um 0s zu verschieben ändert nichts
refusal-close-too-soon = damit würde Drop '{ $name }' in weniger als einer Minute schließen; schließe ihn stattdessen jetzt mit dem Befehl zum Schließen
refusal-close-before-public = damit würde Drop '{ $name }' schließen, bevor alle teilnehmen dürfen ({ $clock } UTC)
refusal-open-too-long = damit wäre Drop '{ $name }' insgesamt länger als { $duration } offen
refusal-paused-already = Drop '{ $name }' ist schon pausiert
refusal-not-paused = Drop '{ $name }' ist nicht pausiert
refusal-not-open-to-extend = Drop '{ $name }' ist nicht offen (er ist { $phase ->
        [draft] ein Entwurf
        [scheduled] geplant
        [early] offen (Vorabzugang)
        [public] offen
        [closed] geschlossen
        [drawn] ausgelost
        [settled] abgeschlossen
       *[cancelled] storniert
    }); nur die Teilnahmefrist eines offenen Drops lässt sich verlängern oder verkürzen
refusal-not-open-to-pause = Drop '{ $name }' ist nicht offen (er ist { $phase ->
        [draft] ein Entwurf
        [scheduled] geplant
        [early] offen (Vorabzugang)
        [public] offen
        [closed] geschlossen
        [drawn] ausgelost
        [settled] abgeschlossen
       *[cancelled] storniert
    }); nur ein offener Drop lässt sich pausieren
refusal-edit-open = Drop '{ $name }' ist { $phase ->
        [draft] ein Entwurf
        [scheduled] geplant
        [early] offen (Vorabzugang)
        [public] offen
        [closed] geschlossen
        [drawn] ausgelost
        [settled] abgeschlossen
       *[cancelled] storniert
    }: einmal offen, sind Stückzahl, Stufen und Regeln so wie angekündigt; nur sein Ende lässt sich verschieben (extend) oder pausieren
refusal-edit-nothing = nichts zu ändern: gib einen Titel, eine Stückzahl, eine Frist, early oder at an
refusal-edit-draft-start = Drop '{ $name }' ist ein Entwurf; öffne ihn oder lege einen geplanten an, um einen Start festzulegen
refusal-edit-start-past = der neue Start muss in der Zukunft liegen
refusal-edit-same = so ist der Drop schon; nichts geändert
refusal-dq-settled = Drop '{ $name }' ist abgeschlossen: jede Einheit wurde abgeholt und sein Protokoll ist endgültig
refusal-dq-not-drawn-state = Drop '{ $name }' ist { $phase ->
        [draft] ein Entwurf
        [scheduled] geplant
        [early] offen (Vorabzugang)
        [public] offen
        [closed] geschlossen
        [drawn] ausgelost
        [settled] abgeschlossen
       *[cancelled] storniert
    }; nur ein ausgeloster Drop hat Gewinner
refusal-dq-not-drawn = Drop '{ $name }' ist noch nicht ausgelost; es gibt niemanden zu disqualifizieren
refusal-dq-redeemed = der Code von { $winner } für Drop '{ $name }' wurde schon eingelöst; eine eingelöste Einheit kann nicht weitergegeben werden
refusal-dq-no-unit = { $winner } hat keine Einheit von Drop '{ $name }'; nur wer gewonnen hat, kann disqualifiziert werden
refusal-dq-ambiguous = mehr als ein Gewinner von Drop '{ $name }' heißt { $winner }; disqualifiziere über Discord, wo ein Mitglied eindeutig ist
refusal-draw-first-come = bei Drop '{ $name }' gewinnt, wer zuerst kommt; es gibt keine Auslosung
refusal-draw-entries-changed = die Teilnehmerliste von Drop '{ $name }' hat sich nach dem Schließen geändert (veröffentlicht { $hash }…, jetzt { $entries }…); keine Auslosung
refusal-draw-waits = Drop '{ $name }' wartet auf die drand-Runde { $round }; keine Auslosung
refusal-draw-other-round = Drop '{ $name }' hat sich auf Runde { $round } festgelegt, nicht auf { $other_round }
refusal-draw-no-round = Drop '{ $name }' hat sich auf keine drand-Runde festgelegt
refusal-summary-cancelled = Drop '{ $name }' wurde storniert; ein stornierter Drop hat keine Zusammenfassung
refusal-summary-not-closed = Drop '{ $name }' ist noch nicht geschlossen; seine Zusammenfassungen zählen ab dem Schließen
refusal-summary-before-close = eine Zusammenfassung kommt nach dem Schließen, nicht davor
refusal-transcript-first-come = bei Drop { $id } gewinnt, wer zuerst kommt; es gibt keine Auslosung
refusal-transcript-lottery = Drop { $id } ist eine Verlosung; sein Protokoll ist seine Auslosung
refusal-transcript-not-drawn = Drop '{ $name }' ist noch nicht ausgelost; kein Protokoll
refusal-transcript-not-closed = Drop '{ $name }' ist noch nicht geschlossen; kein Protokoll
refusal-transcript-too-old = Drop '{ $name }' wurde geöffnet, bevor es Protokolle für „wer zuerst kommt“ gab
refusal-signing-key-gone = der Signaturschlüssel { $key } dieses Codes ist nicht mehr im Schlüsselbund; stelle ihn aus der Sicherung wieder her, um den Code zu liefern
refusal-series-running = die Serie '{ $series }' läuft schon; stoppe sie zuerst
refusal-series-none-called = keine laufende Serie heißt '{ $series }'
refusal-season-unknown = keine geschlossene Folge einer Serie namens '{ $series }'
refusal-season-several = die Serie '{ $series }' läuft in mehreren Communities ({ $allowed }): nenne eine
refusal-rule-shape = die Regel { $typed } muss 'everyone' oder ART:WERT sein (Arten: { $allowed })
refusal-rule-kind = unbekannte Regelart { $typed } in { $rule }
refusal-rule-badge = unbekanntes Twitch-Abzeichen { $typed } (eines von { $allowed })
refusal-rule-role = die Discord-Rolle { $typed } muss eine numerische Rollen-ID sein
refusal-rule-series = { $rule }: nenne die Serie nach dem letzten ':' oder lass sie weg
refusal-rule-age = { $rule }: die Dauer { $typed } ist nicht wie 30s, 10m, 2h oder 1h30m
refusal-rule-zero = { $rule }: die Zeit muss größer als null sein, wie won-within:30d
refusal-rule-node = die Regel { $rule } muss eine Bedingung oder { "{" }any_of = [...]{ "}" } / { "{" }all_of = [...]{ "}" } / { "{" }not = ...{ "}" } sein
refusal-rule-none = eine Stufe braucht mindestens eine Regel
refusal-list-name = der Listenname { $typed } muss aus 1-32 Kleinbuchstaben, Ziffern, '-' oder '_' bestehen
refusal-list-account = { $typed } ist kein Konto wie twitch:12345 oder discord:67890
refusal-list-kind = die Listenart { $typed } muss eine von { $allowed } sein
refusal-list-unknown = keine Liste namens '{ $list }' im Kanal '{ $community }'; lege sie mit `lists create { $list } --kind <{ $allowed }>` an
refusal-list-exists = die Liste '{ $list }' gibt es schon
refusal-list-no-account = nenne mindestens ein Konto
refusal-list-login-here = der Twitch-Login { $typed } lässt sich hier nicht nachschlagen; gib ihn als twitch:<Nutzer-ID> an
refusal-list-no-user = kein Twitch-Nutzer heißt { $typed }
refusal-list-not-member = { $typed } ist kein Konto wie twitch:12345 und kein Twitch-Login

## Die fehlerhaften Zeilen eines CSV-Imports: jedes $problem in Zeile $row der Datei.

refusal-import-row = Zeile { NUMBER($row, useGrouping: 0) }: { $problem }
refusal-import-header = die Kopfzeile muss account,display_name lauten
refusal-import-unreadable = nicht als CSV lesbar: { $error }
refusal-import-columns = { $count } Spalten, höchstens 2 erwartet
refusal-import-display-name = der Anzeigename darf höchstens 64 druckbare Zeichen haben
refusal-import-login-here = der Twitch-Login { $typed } lässt sich hier nicht nachschlagen
refusal-import-not-account = { $typed } ist weder ein Konto noch ein Twitch-Login
refusal-import-duplicate = { $account } steht schon in Zeile { NUMBER($first_row, useGrouping: 0) }
refusal-import-too-many = mehr als { $count } Zeilen; teile die Datei auf
refusal-import-rejected = { $count ->
        [one] { $count } fehlerhafte Zeile
       *[other] { $count } fehlerhafte Zeilen
    }; nichts wurde importiert
refusal-import-whole = { $problem }; nichts wurde importiert
