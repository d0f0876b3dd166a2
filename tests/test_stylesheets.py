"""The stylesheets are well formed: every rule is closed, so no rule swallows the ones after
it (a browser would read those as nested rules and the pages would lose their layout)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STYLESHEETS = [
    ROOT / "jeugdzorg_wagtail" / "static" / "jeugdzorg_wagtail" / "css" / "jeugdzorg.css",
    ROOT / "example_site" / "example_site" / "static" / "css" / "site.css",
]


def unclosed_rules(css):
    """Line numbers of the ``{`` that are never closed; a stray ``}`` raises ValueError."""
    css = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group().count("\n"), css, flags=re.S)
    css = re.sub(r'"(?:\\.|[^"\\])*"', '""', css)
    css = re.sub(r"'(?:\\.|[^'\\])*'", "''", css)
    opened = []
    for number, line in enumerate(css.splitlines(), start=1):
        for char in line:
            if char == "{":
                opened.append(number)
            elif char == "}":
                if not opened:
                    raise ValueError(f"line {number}: '}}' without '{{'")
                opened.pop()
    return opened


def test_unclosed_rules_are_found():
    assert unclosed_rules(".a { color: red; }\n.b { margin: 0;\n.c { padding: 0; }\n") == [2]
    assert unclosed_rules('.a::before { content: "{"; }\n/* { */\n') == []
    with pytest.raises(ValueError):
        unclosed_rules(".a { }\n}\n")


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda path: path.name)
def test_every_rule_is_closed(path):
    assert unclosed_rules(path.read_text(encoding="utf-8")) == []
