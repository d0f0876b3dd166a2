"""Messages about a source kept in the database and shown later, in the reader's language.

A fetch runs in a management command (no language) or for one editor; the message is read
later by another editor, perhaps in another language. So a message is stored as the English
text it was written in (the ``msgid`` of the catalogue), its ``code`` and its ``params``, and
translated when it is shown (:func:`render`). Parameters keep their raw values: a size is
formatted in the reader's locale when shown.
"""

from django.utils.translation import gettext, override

from ..core.sizes import format_file_size
from .fetching import FetchTimeout

__all__ = ["problem_message", "render", "stored"]


def _msgid(template):
    """The untranslated text of a (lazy) translatable string."""
    with override(None):
        return str(template)


def _plain(value):
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    return str(value)


def stored(code, template, params=None, **extra):
    """A JSON-ready dict for a message: ``code``, ``message`` (the msgid) and ``params``.

    ``extra`` (``uid``, ``summary``, ``skipped``) is kept beside them.
    """
    return {
        "code": code,
        "message": _msgid(template),
        "params": {name: _plain(value) for name, value in (params or {}).items()},
        **extra,
    }


def render(message):
    """A stored message in the active language ("" for none)."""
    if not message:
        return ""
    params = dict(message.get("params") or {})
    if message.get("code") == "timeout":  # its text depends on the number (ngettext)
        return FetchTimeout(params=params).message
    msgid = message.get("message") or ""
    text = gettext(msgid) if msgid else ""  # gettext("") is the catalogue's header
    if not params:
        return text
    if "size" in params:
        params["size"] = format_file_size(params["size"])
    try:
        return text % params
    except (KeyError, TypeError, ValueError):  # a text of another version of the package
        return text


def problem_message(problem):
    """A parser's :class:`~.parsing.ParseProblem` as a stored message."""
    return stored(
        problem.code,
        problem.template,
        problem.params,
        uid=problem.uid,
        summary=problem.summary,
        skipped=problem.skipped,
    )
