"""No sentence a fan, moderator or partner reads is left in the adapters' Python: they pass
values, the catalog (bot/messages/locales) holds the words.

The rule: a string literal that reads as a sentence (three words or more) in bot/twitch,
bot/discord, bot/web or the summaries is a finding, and so are words between the markup of a
web template (bot/web/templates), unless it is
- a docstring or a comment (for readers of the code);
- an argument of a logging call (for operators, in the logs);
- an argument of an exception raised (for operators, or one line the CLI prints), unless the
  exception is a refusal someone is told (`REFUSALS`: a `DropError`, `ListError`, `Refused`...),
  whose words come from the catalog: an id the core raises it with, or words already said;
- listed in ALLOWED below, file by file, with the reason.
Not scanned, by decision: what the operator reads at a terminal (bot/cli, bot/onboarding:
`fairdrop setup`, `doctor`, `init`, `audit`...) and the errors it raises are for whoever runs
fairdrop, in English like the logs, not words said to a community; so are the audit log's
recorded results (bot/drops/audit.py), kept as written and read back as records.
A finding names the file, the line and the literal, so whoever added it can move it into a
.ftl file (`fairdrop messages list` shows the ids in use).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.messages.test_refusals import REFUSALS

ROOT = Path(__file__).resolve().parents[2]
SCANNED = [
    *sorted((ROOT / "bot" / "twitch").rglob("*.py")),
    *sorted((ROOT / "bot" / "discord").rglob("*.py")),
    *sorted((ROOT / "bot" / "web").rglob("*.py")),
    ROOT / "bot" / "drops" / "summary.py",
]
SENTENCE = re.compile(r"[A-Za-z][a-z']*,? (?:[A-Za-z'][a-z']*,? ){1,}[A-Za-z'][a-z']*")
LOGGING = {"debug", "info", "warning", "error", "exception", "critical", "log"}

# Literals still in code, by file: (a piece of the literal, why it may stay or what remains).
ALLOWED: dict[str, list[tuple[str, str]]] = {
    # Slash command option descriptions shared by several commands (those in decorators are
    # skipped): localized through discord.py's translator (issue 22 item 3), not the catalog.
    "bot/discord/cogs/drops.py": [
        (piece, "NEW_DROP option descriptions (item 3)")
        for piece in (
            "Short name, used in commands",
            "What fans see (default: the name)",
            "How many units",
            "How long entries stay open",
            "How long early access runs",
            "lottery: drawn at close",
        )
    ],
    "bot/twitch/commands.py": [("'drop series stop'", "a command as typed in chat, not words")],
    "bot/twitch/client.py": [
        ("the EventSub socket closed", "what `_recover` logs, for operators"),
        ("a subscription was revoked", "what `_recover` logs, for operators"),
    ],
    "bot/web/openapi.py": [("", "the OpenAPI description: a document for developers, in English")],
    "bot/web/metrics.py": [("", "Prometheus help texts: for operators")],
    "bot/web/security.py": [("default-src", "the Content-Security-Policy header, not words")],
    "bot/web/overlay/page.py": [
        ("default-src", "the overlay's Content-Security-Policy header, not words"),
        ("img-src", "the overlay's Content-Security-Policy header, not words"),
    ],
    # The standalone verifier is a tool for whoever checks a draw, in English like `fairdrop
    # verify-draw`; it must import nothing of fairdrop, the catalog included (docs/draw-spec.md).
    "bot/web/static/verify_draw.py": [("", "the single-file verifier's findings, for checkers")],
}


def _skipped(tree: ast.Module) -> set[int]:
    """Ids of the string nodes that are docstrings, log arguments or exception messages."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            skipped.add(id(first.value))
        inside: list[ast.AST] = []
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in LOGGING:
                inside = [*node.args, *node.keywords]
        if isinstance(node, ast.Raise) and node.exc is not None and not _refusal(node.exc):
            inside = [node.exc]
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "__init__":
            inside = [*node.args, *node.keywords]  # an exception's message, given to its base
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            inside = list(node.decorator_list)
        for part in inside:
            skipped.update(id(n) for n in ast.walk(part))
    return skipped


def _refusal(raised: ast.expr) -> bool:
    if not isinstance(raised, ast.Call):
        return False
    func = raised.func
    return (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")) in REFUSALS


def findings(path: Path, where: str = "") -> list[str]:
    """`file:line: 'literal'` for each sentence-like literal in `path` the rule does not skip;
    `where` names the file (default: its path in the project)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _skipped(tree)
    where = where or path.relative_to(ROOT).as_posix()
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped or not isinstance(node, ast.Constant):
            continue
        if isinstance(node.value, str) and SENTENCE.search(node.value):
            found.append(f"{where}:{node.lineno}: {node.value!r}")
    return found


def _allowed(finding: str) -> bool:
    for prefix, pieces in ALLOWED.items():
        if finding.startswith(prefix) and any(piece in finding for piece, _ in pieces):
            return True
    return False


def test_no_fan_facing_sentence_is_left_in_the_adapters() -> None:
    left = [f for path in SCANNED for f in findings(path) if not _allowed(f)]

    assert left == [], "move these into bot/messages/locales/en/*.ftl:\n" + "\n".join(left)


TEMPLATES = sorted((ROOT / "bot" / "web" / "templates").glob("*.html"))
_MARKUP = re.compile(r"<[^>]*>|\$\{?\w+\}?|&\w+;")


def template_findings(path: Path, where: str = "") -> list[str]:
    """`file:line: 'words'` for each run of words in template `path` outside its markup and
    `$values` (the words come from the catalog, the template holds the markup)."""
    where = where or path.relative_to(ROOT).as_posix()
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        words = _MARKUP.sub(" ", line)
        if match := SENTENCE.search(words):
            found.append(f"{where}:{number}: {match.group(0)!r}")
    return found


def test_no_sentence_is_left_in_the_web_templates() -> None:
    left = [f for path in TEMPLATES for f in template_findings(path)]

    assert left == [], "move these into bot/messages/locales/en/web.ftl:\n" + "\n".join(left)


def test_the_template_scanner_finds_words_between_the_markup(tmp_path: Path) -> None:
    planted = tmp_path / "planted.html"
    planted.write_text(
        '<p class="muted">$said <a href="$url">$link</a></p>\n<p>Log in with Twitch</p>\n',
        encoding="utf-8",
    )

    assert template_findings(planted, "planted.html") == ["planted.html:2: 'Log in with Twitch'"]


def test_the_scanner_finds_a_sentence_and_skips_what_is_for_operators(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text(
        '"""A docstring that reads as a sentence."""\n'
        'SAID = f"You are in the {title} drop now"\n'
        'log.info("a line for operators here")\n'
        'raise RuntimeError("a bug for whoever reads the trace")\n'
        'raise DropError("no such drop in this channel")\n'
        'raise DropError("refusal-no-drop-running")\n',
        encoding="utf-8",
    )

    # A refusal someone is told is said from the catalog: its words in code are a finding.
    assert findings(planted, "planted.py") == [
        "planted.py:2: 'You are in the '",
        "planted.py:5: 'no such drop in this channel'",
    ]
