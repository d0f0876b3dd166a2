"""The stylesheets are well formed: every rule is closed, so no rule swallows the ones after
it (a browser would read those as nested rules and the pages would lose their layout)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
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


def relative_luminance(hex_colour):
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def focus_outline_colours(css):
    """(selector, colour) of every ``outline`` colour set in a rule for a focused element."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if ":focus" not in selector:
            continue
        for colour in re.findall(r"outline(?:-color)?\s*:[^;]*?(#[0-9a-fA-F]{3,6})\b", body):
            found.append((" ".join(selector.split()), colour))
    return found


def test_the_contrast_check_knows_a_weak_outline():
    weak = ".a:focus { outline: 3px solid #ffbf47; }"
    assert focus_outline_colours(weak) == [(".a:focus", "#ffbf47")]
    assert round(contrast("#ffbf47", "#ffffff"), 2) == 1.64


def test_every_focus_outline_of_the_package_has_3_to_1_contrast_on_white():
    """WCAG 2.1 (1.4.11): a focus indicator needs 3:1 against what is next to it (white)."""
    css = STYLESHEETS[0].read_text(encoding="utf-8")
    outlines = focus_outline_colours(css)
    assert len(outlines) >= 5
    weak = [(s, c, round(contrast(c, "#fff"), 2)) for s, c in outlines if contrast(c, "#fff") < 3]
    assert weak == []
