"""Getting onto a real channel and server: `fairdrop setup` (Twitch login by device code,
Discord invite and picks) and `fairdrop doctor` (one check a line). Above the core, beside the
adapters: it talks to Twitch and Discord over HTTP and reads the database and the config."""
