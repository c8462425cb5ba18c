## Für wen eine Stufe ist, gesagt, wo eine Stufe genannt wird (der Post eines Drops, seine
## Eröffnungszeile im Chat, eine Antwort zum frühen Zugang), Stück für Stück aus ihrer Regel.
## $left und $right sind schon gesagte Stücke; $list, $name (ein Drop) und $series sind Namen,
## die jemand tippte; $role_name ist der Name einer Discord-Rolle; $age eine Dauer wie 30d;
## $span eine Dauer wie 30 Tage.

tier-everyone = alle
tier-badge = { $badge ->
        [subscriber] Abonnenten
        [founder] Gründer
        [vip] VIPs
        [moderator] Moderatoren
       *[broadcaster] den Streamer
    }
tier-role = Mitglieder mit der Rolle { $role_name }
tier-role-unnamed = Mitglieder mit einer Discord-Rolle
tier-list = die Liste { $list }
tier-holder = Besitzer von { $name }
tier-series = Besitzer eines { $series }-Drops
tier-won-within = Gewinner eines Drops der letzten { $span }
tier-won-within-series = Gewinner eines { $series }-Drops der letzten { $span }
tier-account-age = Konten älter als { $age }
tier-follow-age = Follower seit mehr als { $age }
tier-join-age = Discord-Mitglieder, die vor über { $age } beigetreten sind
tier-or = { $left } oder { $right }
tier-and = { $left } und { $right }
tier-not = nicht { $left }
tier-grouped = ({ $left })
tier-requiring = { $left } ({ $right })
tier-refusal = dieser Drop ist für { $left }
# Warum eine Anti-Bot-Regel oder eine Sperrliste jemanden beim Mitmachen fernhielt.
tier-filtered = { $reason_kind ->
        [denied] gesperrt
        [suspicious] verdächtig
        [account_age] Kontoalter
        [not_following] folgt nicht
       *[follow_age] Folgedauer
    }
# Warum ein Ausschluss jemanden fernhält: $left ist, für wen der Drop nicht ist; $ago wie lange
# der Gewinn her ist (tier-ago), $span wie lange Gewinner warten.
tier-barred = dieser Drop ist nicht für { $left }
tier-barred-role = Mitglieder mit einer Discord-Rolle können bei diesem Drop nicht mitmachen
tier-barred-won = dein letzter Drop-Gewinn ist { $ago }; Gewinner warten { $span }
tier-barred-won-series = dein letzter { $series }-Drop-Gewinn ist { $ago }; { $series }-Gewinner warten { $span }
tier-ago = { $span } her
tier-ago-now = gerade eben
tier-also = { $left }; { $right }
