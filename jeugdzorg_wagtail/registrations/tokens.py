"""The signed links of registration: a visitor's own registration, and confirming or removing an
address on an event's interest list.

A token is ``<key>-<signature>``: the record's primary key and an HMAC (SHA-256 with
``SECRET_KEY``) of the key, the record's own random ``secret`` and what the link is for. Only
letters, digits and ``-``, so that Wagtail serves it as a path segment; no account is needed,
and a link made for one purpose opens nothing else. Changing a record's ``secret`` (or
``SECRET_KEY``) makes its old links invalid.
"""

import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

__all__ = [
    "CONFIRM_INTEREST",
    "LEAVE_INTEREST",
    "REGISTRATION",
    "make_token",
    "new_secret",
    "read_token",
    "token_matches",
]

#: What a link is for.
REGISTRATION = "registration"
CONFIRM_INTEREST = "interest-confirm"
LEAVE_INTEREST = "interest-leave"

SIGNATURE_LENGTH = 32


def new_secret():
    """A record's random secret (its links' part that nobody can guess)."""
    return secrets.token_hex(16)


def _signature(purpose, key, secret):
    value = f"{purpose}|{key}|{secret}"
    digest = salted_hmac("jeugdzorg_wagtail.registrations.link", value, algorithm="sha256")
    return digest.hexdigest()[:SIGNATURE_LENGTH]


def make_token(purpose, record):
    """The token of ``record`` (with ``pk`` and ``secret``) for ``purpose``."""
    return f"{record.pk}-{_signature(purpose, record.pk, record.secret)}"


def read_token(token):
    """The primary key a token names (an int), or ``None`` for something that is no token."""
    key, _dash, signature = str(token or "").partition("-")
    if not (
        key.isascii() and key.isdigit() and len(key) <= 18 and len(signature) == SIGNATURE_LENGTH
    ):
        return None
    return int(key)


def token_matches(purpose, token, record):
    """Whether ``token`` is the token of ``record`` for ``purpose``."""
    return record is not None and constant_time_compare(str(token), make_token(purpose, record))
