"""fairdrop: fair, provable microdrops for Twitch chat and Discord.

`__version__` is read from the installed package's metadata, so pyproject.toml's `version` is
the one place a release number is written (`fairdrop --version` prints it).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fairdrop")
except PackageNotFoundError:  # imported from a checkout that was never installed (`make install`)
    __version__ = "0+unknown"
