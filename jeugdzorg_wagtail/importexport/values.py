"""Reading and writing the values of spreadsheet cells: text, yes/no, dates, whole numbers,
taxonomy terms and rich text as plain text."""

import datetime as dt
import re
from html import unescape

from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _

__all__ = [
    "TermLookup",
    "format_datetime",
    "html_to_text",
    "normalise_text",
    "parse_bool",
    "parse_datetime",
    "parse_int",
    "stream_text",
    "text",
    "text_to_html",
]

TRUE_VALUES = {"1", "true", "yes", "ja", "j", "y", "x", "waar", "wahr"}
FALSE_VALUES = {"", "0", "false", "no", "nee", "n", "onwaar"}


def text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_bool(value):
    if isinstance(value, bool):
        return value
    lowered = text(value).lower()
    if lowered in TRUE_VALUES:
        return True
    if lowered in FALSE_VALUES:
        return False
    raise ValueError(
        _("“%(value)s” is not yes or no (use ja/nee, yes/no or 1/0).") % {"value": value}
    )


DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y %H:%M")
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y")


def parse_datetime(value, zone):
    """A datetime or a date (``(value, is_date)``) from a cell; naive values are in ``zone``."""
    if isinstance(value, dt.datetime):
        naive = value
    elif isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time.min, tzinfo=zone), True
    else:
        raw = text(value)
        naive = None
        for fmt in DATETIME_FORMATS:
            try:
                naive = dt.datetime.strptime(raw, fmt)
                break
            except ValueError:
                continue
        if naive is None:
            for fmt in DATE_FORMATS:
                try:
                    day = dt.datetime.strptime(raw, fmt).date()
                    return dt.datetime.combine(day, dt.time.min, tzinfo=zone), True
                except ValueError:
                    continue
            raise ValueError(
                _("“%(value)s” is not a date and time (use 2025-03-14 19:30 or 2025-03-14).")
                % {"value": raw}
            )
    if timezone.is_naive(naive):
        naive = naive.replace(tzinfo=zone)
    return naive, False


def format_datetime(value, zone, date_only=False):
    if value is None:
        return ""
    local = value.astimezone(zone)
    return local.strftime("%Y-%m-%d") if date_only else local.strftime("%Y-%m-%d %H:%M")


class TermLookup:
    """Finds taxonomy terms by name or slug (case-insensitive), creating unknown ones if asked."""

    def __init__(self, model, create=False):
        self.model = model
        self.create = create
        self.by_value = {}
        for term in model._default_manager.all():
            self.by_value[term.slug.lower()] = term
            self.by_value[term.name.lower()] = term
        self.created = []

    def known(self):
        return sorted({term.name for term in self.by_value.values()}, key=str.lower)

    def get(self, value):
        term = self.by_value.get(value.lower()) or self.by_value.get(slugify(value))
        if term is None and self.create:
            term = self.model(name=value)
            term.save()
            self.by_value[term.slug] = self.by_value[value.lower()] = term
            self.created.append(term)
        if term is None:
            known = self.known()
            raise ValueError(
                _("%(model)s “%(value)s” is unknown. Known values: %(known)s.")
                % {
                    "model": capfirst(self.model._meta.verbose_name),
                    "value": value,
                    "known": ", ".join(known) if known else "-",
                }
            )
        return term


_BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote|div)>|<(ul|ol)[^>]*>", re.IGNORECASE)
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def html_to_text(html):
    """Rich text as plain text: paragraphs separated by an empty line, ``<br>`` as a new line."""
    if not html:
        return ""
    html = _LINE_BREAK.sub("\n", str(html))
    html = _BLOCK_END.sub("\n\n", html)
    return normalise_text(unescape(strip_tags(html)))


def normalise_text(value):
    """Trim each line, and keep at most one empty line between paragraphs."""
    lines = [" ".join(line.split()) for line in text(value).replace("\r\n", "\n").split("\n")]
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)


def text_to_html(value):
    """Plain text as rich text: a ``<p>`` per paragraph, ``<br/>`` for a single new line."""
    return "".join(
        "<p>" + "<br/>".join(escape(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in normalise_text(value).split("\n\n")
        if paragraph
    )


def stream_text(stream):
    """The text of a body StreamField: its paragraphs and quotes (images and embeds have none)."""
    parts = []
    for block in stream or []:
        if block.block_type == "paragraph":
            parts.append(html_to_text(block.value.source))
        elif block.block_type == "quote":
            quote = normalise_text(block.value.get("quote"))
            attribution = text(block.value.get("attribution"))
            parts.append(f"{quote}\n— {attribution}" if attribution else quote)
    return "\n\n".join(part for part in parts if part)


def parse_int(value):
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raw = text(value)
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": raw}) from None
