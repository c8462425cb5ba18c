## Discord's slash commands as members see them in their client: each command's description,
## each option's and each choice's name, by the command's full name (`discord-command-drop-open`)
## and the option's (`discord-option-drop-open-name`). The English is what the code declares (a
## test keeps them equal); other languages are sent to Discord as its localizations. At most 100
## characters each, no variables.


## /drop

discord-command-drop = Run drops
discord-command-drop-create = Prepare a drop without opening it
discord-option-drop-create-name = Short name, used in commands
discord-option-drop-create-title = What fans see (default: the name)
discord-option-drop-create-supply = How many units
discord-option-drop-create-duration = How long entries stay open, e.g. 10m
discord-option-drop-create-early = How long early access runs before everyone may enter, e.g. 2m
discord-option-drop-create-mode = lottery: drawn at close; fcfs: first come, first served
discord-command-drop-open = Open a drop: a prepared one, or a new one now
discord-option-drop-open-name = A drop made with /drop create, or a new name
discord-option-drop-open-title = What fans see (new drops; default: the name)
discord-option-drop-open-supply = How many units (new drops)
discord-option-drop-open-duration = How long entries stay open, e.g. 10m (new drops)
discord-option-drop-open-early = How long early access runs first, e.g. 2m (new drops)
discord-option-drop-open-mode = lottery or fcfs (new drops)
discord-command-drop-schedule = Schedule a drop to open by itself later, or every week
discord-option-drop-schedule-name = Short name, used in commands
discord-option-drop-schedule-at = When it opens: 20:00 (the streamer's time zone), +30m, or 2026-11-21T20:00
discord-option-drop-schedule-title = What fans see (default: the name)
discord-option-drop-schedule-supply = How many units
discord-option-drop-schedule-duration = How long entries stay open, e.g. 10m
discord-option-drop-schedule-early = How long early access runs before everyone may enter, e.g. 2m
discord-option-drop-schedule-mode = lottery: drawn at close; fcfs: first come, first served
discord-command-drop-close = Close entries now (a lottery is drawn at once)
discord-option-drop-close-name = The drop (default: the running one)
discord-command-drop-status = Where a drop stands
discord-option-drop-status-name = The drop (default: the running one)
discord-command-drop-cancel = Cancel a drop; any codes issued for it become void
discord-option-drop-cancel-name = The drop (default: the running one)
discord-option-drop-cancel-reason = Shown to fans
discord-command-drop-reroll = Pass every unclaimed unit past its deadline to the waitlist
discord-command-drop-list = Running, upcoming and recent drops
discord-command-drop-history = A member's entries, wins and redemptions across drops
discord-option-drop-history-member = The member
discord-command-drop-audit = What moderators did: the audit log, newest first
discord-option-drop-audit-drop = Only this drop's actions (default: every action here)
discord-command-drop-disqualify = Take one winner's unit away now; it passes down the waitlist
discord-option-drop-disqualify-member = The winner to disqualify
discord-option-drop-disqualify-reason = Why (published in the drop's transcript)
discord-option-drop-disqualify-name = The drop (default: the running or newest one)
discord-command-drop-extend = Move an open drop's close: later, or earlier with -5m
discord-option-drop-extend-by = How much later entries close, e.g. 5m; -5m closes them earlier
discord-option-drop-extend-name = The drop (default: the running one)
discord-command-drop-edit = Change a draft or scheduled drop before it opens
discord-option-drop-edit-name = A draft or scheduled drop
discord-option-drop-edit-title = What fans see
discord-option-drop-edit-supply = How many units
discord-option-drop-edit-duration = How long entries stay open, e.g. 10m
discord-option-drop-edit-early = How long early access runs before everyone may enter, e.g. 2m
discord-option-drop-edit-at = When a scheduled drop opens, e.g. 20:00 or +30m
discord-command-drop-pause = Pause a drop's entries; the time left is kept
discord-option-drop-pause-name = The drop (default: the running one)
discord-command-drop-resume = Take entries again, with the time left when paused
discord-option-drop-resume-name = The drop (default: the running one)

## /alloc

discord-command-alloc = Allocation lists
discord-command-alloc-create = Make a list
discord-option-alloc-create-name = The list's name
discord-option-alloc-create-kind = early: early access; guaranteed: units before the draw; deny: kept out
discord-command-alloc-add = Add members to a list
discord-option-alloc-add-name = The list
discord-option-alloc-add-members = Mentions, twitch:<id> or Twitch logins
discord-command-alloc-remove = Take members off a list
discord-option-alloc-remove-name = The list
discord-option-alloc-remove-members = Mentions, twitch:<id> or Twitch logins
discord-command-alloc-list = Show the lists, or one list's members
discord-option-alloc-list-name = A list (default: all lists)
discord-command-alloc-import = Add members from a CSV file
discord-option-alloc-import-name = The list
discord-option-alloc-import-file = CSV with an `account` column
discord-option-alloc-import-replace = Replace every member
discord-command-alloc-export = Download a list as CSV
discord-option-alloc-export-name = The list
discord-command-alloc-delete = Delete a list
discord-option-alloc-delete-name = The list

discord-command-link = Get a code to type in Twitch chat, linking your accounts

discord-command-mycodes = Your codes from recent drops, privately

## /fairdrop

discord-command-fairdrop = fairdrop
discord-command-fairdrop-setup = Choose the announcement and summary channels and the role
discord-option-fairdrop-setup-announce-channel = Where drops are posted with their Enter button
discord-option-fairdrop-setup-summary-channel = Where the 24 h and 72 h summaries go (default: announcements)
discord-option-fairdrop-setup-moderator-role = Members with this role run drops and lists (besides Manage Server)

## The choices of an option, by value

discord-choice-lottery = lottery
discord-choice-fcfs = fcfs
discord-choice-early = early
discord-choice-guaranteed = guaranteed
discord-choice-deny = deny

## Added with keywords, weekly series and receipts.

discord-option-drop-schedule-every = Or a drop every week, opened by itself: fri 20:00 (the streamer's time zone)
discord-option-drop-schedule-keyword = A word that enters it in Twitch chat besides !claim, e.g. !hoodie
discord-option-drop-create-keyword = A word that enters it in Twitch chat besides !claim, e.g. !hoodie
discord-option-drop-open-keyword = A word that enters it in Twitch chat besides !claim, e.g. !hoodie (new drops)
discord-command-drop-series = The weekly series with their next drops; or stop one
discord-option-drop-series-stop = A series to stop
discord-command-mydrops = Your recent drops: your entries and codes, privately
