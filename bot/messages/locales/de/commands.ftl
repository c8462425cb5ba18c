## German (de). Discord's slash commands as members see them in their client: each command's
## description, each option's and each choice's name, by the command's full name
## (`discord-command-drop-open`) and the option's (`discord-option-drop-open-name`). Sent to
## Discord as its German localizations. At most 100 characters each, no variables. The names of
## commands and options stay as declared (a moderator types /drop open in every language); an
## option's description names its choices as the choices below say them.


## /drop

discord-command-drop = Drops steuern
discord-command-drop-create = Einen Drop vorbereiten, ohne ihn zu öffnen
discord-option-drop-create-name = Kurzname, für Befehle
discord-option-drop-create-title = Was Fans sehen (Standard: der Name)
discord-option-drop-create-supply = Wie viele Exemplare
discord-option-drop-create-duration = Wie lange die Teilnahme offen ist, z. B. 10m
discord-option-drop-create-early = Wie lange der Vorabzugang läuft, bevor alle mitmachen können, z. B. 2m
discord-option-drop-create-mode = Verlosung: Ziehung zum Schluss; wer zuerst kommt: sofort vergeben
discord-command-drop-open = Einen Drop öffnen: einen vorbereiteten oder gleich einen neuen
discord-option-drop-open-name = Ein mit /drop create erstellter Drop oder ein neuer Name
discord-option-drop-open-title = Was Fans sehen (neue Drops; Standard: der Name)
discord-option-drop-open-supply = Wie viele Exemplare (neue Drops)
discord-option-drop-open-duration = Wie lange die Teilnahme offen ist, z. B. 10m (neue Drops)
discord-option-drop-open-early = Wie lange der Vorabzugang vorher läuft, z. B. 2m (neue Drops)
discord-option-drop-open-mode = Verlosung oder wer zuerst kommt (neue Drops)
discord-command-drop-schedule = Einen Drop planen, der sich später selbst öffnet, oder jede Woche
discord-option-drop-schedule-name = Kurzname, für Befehle
discord-option-drop-schedule-at = Wann er öffnet: 20:00 (Zeitzone des Streamers), +30m oder 2026-11-21T20:00
discord-option-drop-schedule-title = Was Fans sehen (Standard: der Name)
discord-option-drop-schedule-supply = Wie viele Exemplare
discord-option-drop-schedule-duration = Wie lange die Teilnahme offen ist, z. B. 10m
discord-option-drop-schedule-early = Wie lange der Vorabzugang läuft, bevor alle mitmachen können, z. B. 2m
discord-option-drop-schedule-mode = Verlosung: Ziehung zum Schluss; wer zuerst kommt: sofort vergeben
discord-command-drop-close = Die Teilnahme jetzt schließen (eine Verlosung wird sofort gezogen)
discord-option-drop-close-name = Der Drop (Standard: der laufende)
discord-command-drop-status = Wo ein Drop gerade steht
discord-option-drop-status-name = Der Drop (Standard: der laufende)
discord-command-drop-cancel = Einen Drop absagen; alle dafür ausgegebenen Codes werden ungültig
discord-option-drop-cancel-name = Der Drop (Standard: der laufende)
discord-option-drop-cancel-reason = Wird den Fans angezeigt
discord-command-drop-reroll = Jedes nach Fristende nicht abgeholte Exemplar an die Warteliste geben
discord-command-drop-list = Laufende, geplante und letzte Drops
discord-command-drop-history = Teilnahmen, Gewinne und Einlösungen eines Mitglieds über alle Drops
discord-option-drop-history-member = Das Mitglied
discord-command-drop-audit = Was Moderatoren getan haben: das Audit-Log, neueste zuerst
discord-option-drop-audit-drop = Nur die Aktionen dieses Drops (Standard: alle Aktionen hier)
discord-command-drop-disqualify = Einem Gewinner sein Exemplar jetzt nehmen; es geht an die Warteliste weiter
discord-option-drop-disqualify-member = Der Gewinner, der disqualifiziert wird
discord-option-drop-disqualify-reason = Warum (steht im Ziehungsprotokoll des Drops)
discord-option-drop-disqualify-name = Der Drop (Standard: der laufende oder neueste)
discord-command-drop-extend = Den Schluss eines offenen Drops verschieben: später, oder mit -5m früher
discord-option-drop-extend-by = Um wie viel später die Teilnahme endet, z. B. 5m; -5m beendet sie früher
discord-option-drop-extend-name = Der Drop (Standard: der laufende)
discord-command-drop-edit = Einen Entwurf oder geplanten Drop ändern, bevor er öffnet
discord-option-drop-edit-name = Ein Entwurf oder geplanter Drop
discord-option-drop-edit-title = Was Fans sehen
discord-option-drop-edit-supply = Wie viele Exemplare
discord-option-drop-edit-duration = Wie lange die Teilnahme offen ist, z. B. 10m
discord-option-drop-edit-early = Wie lange der Vorabzugang läuft, bevor alle mitmachen können, z. B. 2m
discord-option-drop-edit-at = Wann ein geplanter Drop öffnet, z. B. 20:00 oder +30m
discord-command-drop-pause = Die Teilnahme an einem Drop pausieren; die Restzeit bleibt erhalten
discord-option-drop-pause-name = Der Drop (Standard: der laufende)
discord-command-drop-resume = Wieder Teilnahmen annehmen, mit der Restzeit von der Pause
discord-option-drop-resume-name = Der Drop (Standard: der laufende)

## /alloc

discord-command-alloc = Zuteilungslisten
discord-command-alloc-create = Eine Liste anlegen
discord-option-alloc-create-name = Der Name der Liste
discord-option-alloc-create-kind = Vorabzugang: früher rein; garantiert: Exemplare vor der Ziehung; gesperrt: ausgeschlossen
discord-command-alloc-add = Mitglieder zu einer Liste hinzufügen
discord-option-alloc-add-name = Die Liste
discord-option-alloc-add-members = Erwähnungen, twitch:<id> oder Twitch-Logins
discord-command-alloc-remove = Mitglieder von einer Liste entfernen
discord-option-alloc-remove-name = Die Liste
discord-option-alloc-remove-members = Erwähnungen, twitch:<id> oder Twitch-Logins
discord-command-alloc-list = Die Listen zeigen, oder die Mitglieder einer Liste
discord-option-alloc-list-name = Eine Liste (Standard: alle Listen)
discord-command-alloc-import = Mitglieder aus einer CSV-Datei hinzufügen
discord-option-alloc-import-name = Die Liste
discord-option-alloc-import-file = CSV mit einer Spalte `account`
discord-option-alloc-import-replace = Alle Mitglieder ersetzen
discord-command-alloc-export = Eine Liste als CSV herunterladen
discord-option-alloc-export-name = Die Liste
discord-command-alloc-delete = Eine Liste löschen
discord-option-alloc-delete-name = Die Liste

discord-command-link = Einen Code für den Twitch-Chat holen, der deine Konten verknüpft

discord-command-mycodes = Deine Codes aus den letzten Drops, privat

## /fairdrop

discord-command-fairdrop = fairdrop
discord-command-fairdrop-setup = Ankündigungs- und Zusammenfassungskanal und die Rolle wählen
discord-option-fairdrop-setup-announce-channel = Wo Drops mit ihrem Mitmachen-Button gepostet werden
discord-option-fairdrop-setup-summary-channel = Wohin die Zusammenfassungen nach 24 h und 72 h gehen (Standard: Ankündigungen)
discord-option-fairdrop-setup-moderator-role = Mitglieder mit dieser Rolle steuern Drops und Listen (neben „Server verwalten“)

## The choices of an option, by value

discord-choice-lottery = Verlosung
discord-choice-fcfs = wer zuerst kommt
discord-choice-early = Vorabzugang
discord-choice-guaranteed = garantiert
discord-choice-deny = gesperrt

## Added with keywords, weekly series and receipts.

discord-option-drop-schedule-every = Oder jede Woche ein Drop, der sich selbst öffnet: fri 20:00 (Zeitzone des Streamers)
discord-option-drop-schedule-keyword = Ein Wort, mit dem man im Twitch-Chat neben !claim mitmacht, z. B. !hoodie
discord-option-drop-create-keyword = Ein Wort, mit dem man im Twitch-Chat neben !claim mitmacht, z. B. !hoodie
discord-option-drop-open-keyword = Ein Wort, mit dem man im Twitch-Chat neben !claim mitmacht, z. B. !hoodie (neue Drops)
discord-command-drop-series = Die wöchentlichen Serien mit ihrem nächsten Drop; oder eine beenden
discord-option-drop-series-stop = Eine Serie, die enden soll
discord-command-mydrops = Deine letzten Drops: deine Teilnahmen und Codes, privat
