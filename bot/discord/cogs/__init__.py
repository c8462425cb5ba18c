"""The slash commands, one cog per feature: drops, allocation lists, members' own, setup."""
