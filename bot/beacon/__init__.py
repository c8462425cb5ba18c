"""drand beacon rounds from outside: fetched from HTTP mirrors, verified with drand-verify.

The core (``bot.drops.beacon``) decides which round a lottery commits to; this package gets it
(``mirrors.DrandMirrors``) and checks its BLS signature against the pinned key
(``signatures.check_signature``).
"""
