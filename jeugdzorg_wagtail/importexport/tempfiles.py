"""Uploaded import files, kept until the editor confirms.

The files live in Django's default storage under a private prefix, so that every server
process (and every server) can reach them; their names are random and carry the time of the
upload, so stale ones are found and removed without a database table.
"""

import re
import secrets
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ..core.conf import jw_settings

__all__ = ["save", "read", "delete", "clean_stale", "PREFIX"]

PREFIX = "jeugdzorg_wagtail_imports"
_TOKEN_RE = re.compile(r"^(\d{10})-([A-Za-z0-9_-]{40,})$")


def _path(token):
    return f"{PREFIX}/{token}.bin"


def save(data):
    """Store ``data`` and return its token (the only way to find it again)."""
    clean_stale()
    token = f"{int(time.time()):010d}-{secrets.token_urlsafe(32)}"
    default_storage.save(_path(token), ContentFile(data))
    return token


def valid(token):
    match = _TOKEN_RE.match(token or "")
    if not match:
        return False
    return time.time() - int(match.group(1)) <= jw_settings.IMPORT_TEMP_TIMEOUT


def read(token):
    """The stored bytes, or ``None`` when the token is unknown or has timed out."""
    if not valid(token) or not default_storage.exists(_path(token)):
        return None
    with default_storage.open(_path(token), "rb") as handle:
        return handle.read()


def delete(token):
    if _TOKEN_RE.match(token or "") and default_storage.exists(_path(token)):
        default_storage.delete(_path(token))


def clean_stale(now=None):
    """Remove files older than ``IMPORT_TEMP_TIMEOUT``; returns how many were removed."""
    now = now or time.time()
    try:
        _dirs, files = default_storage.listdir(PREFIX)
    except (FileNotFoundError, NotImplementedError):
        return 0
    removed = 0
    for name in files:
        match = _TOKEN_RE.match(name.removesuffix(".bin"))
        if match and now - int(match.group(1)) > jw_settings.IMPORT_TEMP_TIMEOUT:
            default_storage.delete(f"{PREFIX}/{name}")
            removed += 1
    return removed
