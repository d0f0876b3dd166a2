"""Protection of public forms against bots and floods, without storing anyone's address.

- A **honeypot**: a field people never see or hear (``HONEYPOT_FIELD``); a form that comes
  back with it filled in was sent by a bot.
- A **signed timestamp** (``TOKEN_FIELD``, made with :mod:`django.core.signing`): a form sent
  back sooner than ``FORM_MIN_SECONDS`` after it was shown is refused. There is no upper limit:
  people may keep a form open for days.
- A **rate limit** per client in Django's cache (``RATE_LIMIT_CACHE_ALIAS``): at most
  ``SUBMISSION_RATE_LIMIT`` counted POSTs per ``SUBMISSION_RATE_WINDOW`` seconds. What counts
  is up to the form: a call counts accepted submissions and posts refused as abuse, never a
  form sent back with mistakes, so an honest visitor who corrects their form is not locked
  out. The cache key holds only a keyed hash (HMAC with ``SECRET_KEY``) of the client's
  address.
"""

import ipaddress
import time
from dataclasses import dataclass

from django.core import signing
from django.core.cache import caches
from django.utils.crypto import salted_hmac

from ..core.conf import jw_settings

__all__ = [
    "Refusal",
    "HONEYPOT_FIELD",
    "TOKEN_FIELD",
    "client_address",
    "honeypot_filled",
    "make_form_token",
    "check_form_token",
    "rate_limit_reached",
    "count_toward_rate_limit",
    "rate_limit_exceeded",
    "abuse_of_post",
    "RATE_LIMITED",
    "BOT",
]


@dataclass(frozen=True)
class Refusal:
    """Why a POST to a form is refused: the status, the message for the visitor, and whether
    the form comes back with what was typed (``keep_input``) or empty."""

    status: int
    message: str
    keep_input: bool = False


HONEYPOT_FIELD = "homepage"
TOKEN_FIELD = "jw_token"  # noqa: S105  (a field name, not a secret)
TOKEN_SALT = "jeugdzorg_wagtail.calls.form-token"  # noqa: S105  (a namespace, not a secret)

# Results of check_form_token
TOKEN_OK = "ok"  # noqa: S105
TOKEN_INVALID = "invalid"  # noqa: S105
TOKEN_TOO_FAST = "too_fast"  # noqa: S105

# Results of abuse_of_post
RATE_LIMITED = "rate_limited"
BOT = "bot"


def _parse_address(value):
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def _trusted_networks():
    networks = []
    for entry in jw_settings.TRUSTED_PROXIES or []:
        try:
            networks.append(ipaddress.ip_network(str(entry).strip(), strict=False))
        except ValueError:
            continue
    return networks


def _is_trusted(value, networks):
    address = _parse_address(value)
    return address is not None and any(address in network for network in networks)


def client_address(request):
    """The address of the client that sent ``request``.

    ``REMOTE_ADDR``, unless that is one of ``TRUSTED_PROXIES`` (addresses or networks such as
    ``"10.0.0.0/8"``): then the right-most entry of ``X-Forwarded-For`` that is not a trusted
    proxy. Entries left of it could have been written by the client and are not believed.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _trusted_networks()
    if not networks or not _is_trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            return hop
    return hops[0] if hops else remote


def _rate_bucket(address):
    """IPv6 clients are counted per /64 network: one household often holds a whole /64."""
    parsed = _parse_address(address)
    if parsed is not None and parsed.version == 6 and not parsed.ipv4_mapped:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    if parsed is not None and parsed.version == 6:
        return str(parsed.ipv4_mapped)
    return address


def rate_limit_key(request, scope="calls"):
    """The cache key of the client's counter: a keyed hash, never the address itself."""
    digest = salted_hmac(
        "jeugdzorg_wagtail.rate-limit",
        f"{scope}|{_rate_bucket(client_address(request))}",
        algorithm="sha256",
    ).hexdigest()
    return f"jeugdzorg_wagtail:rate:{scope}:{digest}"


def rate_limit_reached(request, scope="calls"):
    """True when the client has used up its limit in the current window; counts nothing.

    A limit of 0 (or ``None``) turns the rate limit off.
    """
    limit = jw_settings.SUBMISSION_RATE_LIMIT
    if not limit:
        return False
    cache = caches[jw_settings.RATE_LIMIT_CACHE_ALIAS]
    return (cache.get(rate_limit_key(request, scope)) or 0) >= limit


def count_toward_rate_limit(request, scope="calls"):
    """Count one post of the client; returns its count in the window (0 with the limit off).

    The window starts at the client's first counted post.
    """
    if not jw_settings.SUBMISSION_RATE_LIMIT:
        return 0
    cache = caches[jw_settings.RATE_LIMIT_CACHE_ALIAS]
    window = jw_settings.SUBMISSION_RATE_WINDOW
    key = rate_limit_key(request, scope)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1


def rate_limit_exceeded(request, scope="calls"):
    """Count this request for its client; True when the client is over the limit.

    For forms that count every post. A call's form counts only some
    (:func:`rate_limit_reached` before, :func:`count_toward_rate_limit` after).
    """
    limit = jw_settings.SUBMISSION_RATE_LIMIT
    return bool(limit) and count_toward_rate_limit(request, scope) > limit


def make_form_token(scope):
    """A signed token with the current time, bound to ``scope`` (for example a page's id)."""
    return signing.dumps({"s": str(scope), "t": int(time.time())}, salt=TOKEN_SALT)


def check_form_token(token, scope, min_seconds=None):
    """``TOKEN_OK``, ``TOKEN_INVALID`` (missing, forged, another form) or ``TOKEN_TOO_FAST``."""
    min_seconds = jw_settings.FORM_MIN_SECONDS if min_seconds is None else min_seconds
    if not token:
        return TOKEN_INVALID
    try:
        value = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return TOKEN_INVALID
    if not isinstance(value, dict) or value.get("s") != str(scope):
        return TOKEN_INVALID
    try:
        shown_at = int(value["t"])
    except (KeyError, TypeError, ValueError):
        return TOKEN_INVALID
    if time.time() - shown_at < min_seconds:
        return TOKEN_TOO_FAST
    return TOKEN_OK


def honeypot_filled(data):
    """Whether the hidden field came back with anything in it (in any of its values, when it
    was sent more than once; a space is something too)."""
    getlist = getattr(data, "getlist", None)
    values = getlist(HONEYPOT_FIELD) if getlist is not None else [data.get(HONEYPOT_FIELD)]
    return any(value not in (None, "") for value in values)


def abuse_of_post(request, scope, rate_scope="calls"):
    """Why a POST of a public form is refused as abuse: ``RATE_LIMITED``, ``BOT`` or ``None``.

    ``RATE_LIMITED``: the client used up its limit (nothing more is counted). ``BOT``: the
    honeypot came back filled, or the form's token (made with ``make_form_token(scope)``) is
    missing, forged, for another form or too young; that post counts toward the limit. A post
    that passes is not counted here: the form counts it once it is accepted.
    """
    if rate_limit_reached(request, rate_scope):
        return RATE_LIMITED
    token_result = check_form_token(request.POST.get(TOKEN_FIELD), scope)
    if honeypot_filled(request.POST) or token_result != TOKEN_OK:
        count_toward_rate_limit(request, rate_scope)
        return BOT
    return None
