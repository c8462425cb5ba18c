"""Settings: one TOML file validated into typed settings; secrets from the environment.

Every key and its default is documented in `config.example.toml`; a test keeps the two in step.
A bad file stops the start with one line naming the file and the key.

One module per concern, each section's model beside the checks it needs:

- `fields`: the one-line `ConfigError`, `Section`, `Duration`;
- `storage`: `[database]`, `[hot_state]`, `[keys]`;
- `drops`: `[claims]`, `[drops]` (tiers, templates, weekly series);
- `platforms`: `[twitch]`, `[discord]` and their secrets' variables;
- `web`: `[web]` and the claim page's session secrets;
- `running`: `[log]`, `[scheduler]`, `[beacon]`, `[outbox]`;
- `words`: `[messages]`, `[seasons]`;
- `settings`: `Settings`, every section together (the overlay's and communities' models live
  in `bot/overlay_theme.py` and `bot/communities.py`);
- `loader`: `load_settings`, the checks across sections, and the one-line errors.

A new key goes in its section's module; a new section in a module of its concern and in
`Settings`. Everything is importable from `bot.config` as before.
"""

from bot.config.drops import (
    DEFAULT_COMMIT_DELAY_MS,
    ClaimSettings,
    DropDefaults,
    DropTemplate,
    RecurringSettings,
    RuleItem,
    TierSettings,
)
from bot.config.fields import ConfigError, Duration, Section
from bot.config.loader import DEFAULT_CONFIG, EXAMPLE_CONFIG, load_settings, overrides_folder
from bot.config.platforms import (
    ENV_DISCORD_TOKEN,
    ENV_TWITCH_REFRESH,
    ENV_TWITCH_SECRET,
    ENV_TWITCH_TOKEN,
    DiscordGuildSettings,
    DiscordSettings,
    TwitchChannelSettings,
    TwitchSettings,
)
from bot.config.running import BeaconSettings, LogSettings, OutboxSettings, SchedulerSettings
from bot.config.settings import Settings, community_names
from bot.config.storage import (
    ENV_DATABASE_URL,
    ENV_REDIS_URL,
    DatabaseSettings,
    HotStateSettings,
    KeysSettings,
)
from bot.config.web import ENV_SESSION_KEYS, MIN_SESSION_KEY, WebSettings, session_secrets
from bot.config.words import Language, MessagesSettings, SeasonSettings

__all__ = [
    "DEFAULT_COMMIT_DELAY_MS",
    "DEFAULT_CONFIG",
    "ENV_DATABASE_URL",
    "ENV_DISCORD_TOKEN",
    "ENV_REDIS_URL",
    "ENV_SESSION_KEYS",
    "ENV_TWITCH_REFRESH",
    "ENV_TWITCH_SECRET",
    "ENV_TWITCH_TOKEN",
    "EXAMPLE_CONFIG",
    "MIN_SESSION_KEY",
    "BeaconSettings",
    "ClaimSettings",
    "ConfigError",
    "DatabaseSettings",
    "DiscordGuildSettings",
    "DiscordSettings",
    "DropDefaults",
    "DropTemplate",
    "Duration",
    "HotStateSettings",
    "KeysSettings",
    "Language",
    "LogSettings",
    "MessagesSettings",
    "OutboxSettings",
    "RecurringSettings",
    "RuleItem",
    "SchedulerSettings",
    "SeasonSettings",
    "Section",
    "Settings",
    "TierSettings",
    "TwitchChannelSettings",
    "TwitchSettings",
    "WebSettings",
    "community_names",
    "load_settings",
    "overrides_folder",
    "session_secrets",
]
