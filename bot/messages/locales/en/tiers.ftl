## Who a tier admits, said where a tier is named (a drop's post, its opening line in chat, an
## early-access answer), built from the tier's rule piece by piece. $left and $right are pieces
## already said; $list, $name (a drop) and $series are names people typed; $role_name is a
## Discord role's name; $age a length like 30d; $span a length like 30 days.

tier-everyone = everyone
tier-badge = { $badge ->
        [subscriber] subscribers
        [founder] founders
        [vip] VIPs
        [moderator] moderators
       *[broadcaster] the broadcaster
    }
tier-role = members with the { $role_name } role
tier-role-unnamed = members with a Discord role
tier-list = the { $list } list
tier-holder = holders of { $name }
tier-series = holders of any { $series } drop
tier-won-within = winners of a drop in the last { $span }
tier-won-within-series = winners of a { $series } drop in the last { $span }
tier-account-age = accounts older than { $age }
tier-follow-age = followers older than { $age }
tier-join-age = Discord members who joined over { $age } ago
tier-or = { $left } or { $right }
tier-and = { $left } and { $right }
tier-not = not { $left }
tier-grouped = ({ $left })
tier-requiring = { $left } ({ $right })
tier-refusal = this drop is for { $left }
# Why an anti-bot rule or a deny list kept someone out when claiming.
tier-filtered = { $reason_kind ->
        [denied] denied
        [suspicious] suspicious
        [account_age] account age
        [not_following] not following
       *[follow_age] follow age
    }
# Why an exclusion bars someone: $left is who the drop is not for; $ago how long ago they won
# (tier-ago), $span how long winners wait.
tier-barred = this drop is not for { $left }
tier-barred-role = members with a Discord role can't enter this drop
tier-barred-won = you won a drop { $ago }; winners wait { $span }
tier-barred-won-series = you won a { $series } drop { $ago }; { $series } winners wait { $span }
tier-ago = { $span } ago
tier-ago-now = just now
tier-also = { $left }; { $right }
