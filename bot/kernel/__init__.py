"""The kernel: what both core packages stand on, and nothing else.

One clock protocol, transactions and the base unit of work, the error base class (with the
refusal of a badly written spec, which rules and durations share), durations as people write
them, the randomness port and the Crockford alphabet. It imports nothing from `bot` but itself.

The layers above it run kernel ← gating ← drops ← adapters (store, twitch, discord, web) ←
bootstrap ← cli and run, each direction enforced by the banned-import rule (TID251, with the
per-folder `ruff.toml` files in bot/kernel, bot/gating and bot/drops). Gating sits *below* drops,
the reverse of the first sketch in DESIGN.md, because that is the direction the code already
runs: gating is the policy library of who may enter (rules, tiers, anti-bot settings, lists,
linked accounts, eligibility) and the drop engine consults it on every claim, and a drop's tiers
carry gating's rules. Gating needs of a drop only its tiers, channel, anti-bot settings and
opening time, which it names in a small protocol (`bot.gating.context.GatedDrop`), so the
few pieces that pointed up (`Tier`, `AntiBot`, `Claimant`) moved into gating. The other way
round would have emptied gating into drops, or turned the claim path's every eligibility check
into a port.
"""
