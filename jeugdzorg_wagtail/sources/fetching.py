"""Fetch a partner's calendar feed over HTTP(S), safely.

An editor types the address of a feed; the server fetches it. Without care that is a
server-side request forgery: an address (or a redirect, or a DNS answer) pointing at
``127.0.0.1``, ``10.x``, or a cloud's metadata service (``169.254.169.254``) would make this
site fetch from its own network and show the editor the result. :func:`fetch` refuses that:

* Only ``http://`` and ``https://`` addresses (``webcal://`` and ``webcals://``, the
  "subscribe" form of a feed, are read as ``https://``). No user name or password in the
  address. Any port from 1 to 65535 is allowed: the address checks below are what keep
  the host's network out of reach, and partners do serve feeds on ports like 8080.
* The host name is resolved once per request (resolver injectable, default
  :func:`socket.getaddrinfo`) and **every** address it resolves to is checked by
  :func:`check_address`; one internal address refuses the whole fetch, before any
  connection is opened.
* The connection is opened to the checked address itself, not to the host name: a DNS
  answer that changes between the check and the connection (DNS rebinding) cannot move
  it. The request still carries the original ``Host`` header and, for ``https``, the TLS
  handshake sends the host name (SNI) and verifies the certificate against it.
* Redirects (301, 302, 303, 307, 308) are followed by hand, at most
  ``SOURCES_MAX_REDIRECTS`` of them; each new address goes through every check again.
  A redirect back to an address already visited is an error (a loop).
* One deadline, ``SOURCES_TIMEOUT`` seconds, covers the whole fetch: DNS, connecting, TLS,
  the headers, the body and every redirect. A watchdog closes the connection when it
  passes, so a server that sends one byte a second is stopped too. Each connection attempt
  also has its own ``SOURCES_CONNECT_TIMEOUT``.
* The body is limited to ``SOURCES_MAX_BYTES``, as sent (a larger ``Content-Length`` is
  refused before reading) and after ``gzip``/``deflate`` decompression (a small "zip bomb"
  that unpacks to gigabytes is stopped at the limit).
* Conditional GET: the ``ETag`` and ``Last-Modified`` of the previous fetch go out as
  ``If-None-Match`` and ``If-Modified-Since``; a ``304`` is a result that says "not
  modified".

Every failure is a :class:`FetchError` (or a subclass) with a ``code`` for programs and a
``message`` in plain language for editors, translated when it is read. No other exception
leaves :func:`fetch` for network trouble.

Why the standard library's :mod:`http.client` and not ``requests``/``urllib3`` (both
installed with Wagtail): pinning the connection to a checked address takes a socket we open
ourselves, which ``http.client`` accepts as it is (``connection.sock``), with TLS, SNI and
certificate checks done by :mod:`ssl` against the host name. ``requests`` would need a
custom transport adapter reaching into urllib3's pool internals to do the same, and its
automatic redirects, proxies from the environment and connection reuse would each have to be
switched off. The standard library keeps every step visible in this one module.

The content type is not checked here: feeds are served as ``text/calendar``, ``text/plain``,
``application/octet-stream`` and worse. :mod:`.parsing` decides by the content itself and
gives a clear message when it is a web page instead of a calendar.
"""

import contextlib
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jeugdzorg_wagtail import __version__
from jeugdzorg_wagtail.core.conf import jw_settings
from jeugdzorg_wagtail.core.sizes import format_file_size

__all__ = [
    "USER_AGENT",
    "BlockedAddress",
    "ConnectError",
    "DNSError",
    "FetchError",
    "FetchLimits",
    "FetchResult",
    "FetchTimeout",
    "HTTPStatusError",
    "InvalidURL",
    "ProtocolError",
    "RedirectError",
    "TLSError",
    "TooLarge",
    "check_address",
    "fetch",
    "is_allowed_address",
    "resolve_checked",
    "validate_url",
]

USER_AGENT = f"jeugdzorg-wagtail/{__version__} (+https://jeugdzorg-wagtail.readthedocs.io/)"
ACCEPT = "text/calendar, text/plain;q=0.9, */*;q=0.8"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
OK_STATUSES = frozenset({200, 203})
MAX_URL_LENGTH = 2048
CHUNK_SIZE = 64 * 1024

# --- Errors -------------------------------------------------------------------------------


def _format_param(name, value):
    if name == "size":
        return format_file_size(value)
    return value


class FetchError(Exception):
    """A feed could not be fetched.

    ``code`` names the kind of failure for programs (``"timeout"``, ``"blocked_address"``,
    ...); ``message`` says it for an editor, in the active language (it is translated when
    read, so store ``code`` and ``params`` if the text is needed later in another language);
    ``detail`` is technical text for logs (an address, an exception), never shown to editors.
    """

    code = "error"
    default_message = _("The calendar could not be fetched.")

    def __init__(self, message=None, *, code=None, params=None, detail=""):
        self.code = code or type(self).code
        self.template = message if message is not None else self.default_message
        self.params = dict(params or {})
        self.detail = detail
        super().__init__(self.code, detail)

    @property
    def message(self):
        text = str(self.template)
        if not self.params:
            return text
        return text % {name: _format_param(name, value) for name, value in self.params.items()}

    def __str__(self):
        return self.message


class InvalidURL(FetchError):
    code = "invalid_url"
    default_message = _("This is not a valid web address.")


class BlockedAddress(FetchError):
    code = "blocked_address"
    default_message = _("This address points to an internal network and is not fetched.")


class DNSError(FetchError):
    code = "dns"
    default_message = _("The server name %(host)s was not found. Check the address.")


class ConnectError(FetchError):
    code = "connect"
    default_message = _("The server %(host)s could not be reached.")


class FetchTimeout(FetchError):
    code = "timeout"

    @property
    def message(self):
        seconds = self.params.get("seconds", 0)
        count = int(seconds) if float(seconds).is_integer() else 2  # 0.5: "seconden"
        text = ngettext(
            "The server did not answer within %(seconds)s second.",
            "The server did not answer within %(seconds)s seconds.",
            count,
        )
        return text % {"seconds": number_format(seconds)}


class TLSError(FetchError):
    code = "tls"
    default_message = _("A secure connection with %(host)s could not be made.")


class TooLarge(FetchError):
    code = "too_large"
    default_message = _("The file is larger than %(size)s.")


class RedirectError(FetchError):
    code = "redirect"
    default_message = _("The address redirects in a way that cannot be followed.")


class ProtocolError(FetchError):
    code = "protocol"
    default_message = _("The server sent an incomplete or unreadable answer.")


class HTTPStatusError(FetchError):
    """The server answered, but not with the calendar. ``status`` is the HTTP status."""

    code = "http_status"
    default_message = _("The server answered with HTTP %(status)s instead of the calendar.")

    def __init__(self, status, *, detail=""):
        self.status = status
        super().__init__(_status_message(status), params={"status": status}, detail=detail)


def _status_message(status):
    if status in (404, 410):
        return _("The calendar was not found at this address (HTTP %(status)s).")
    if status in (401, 403):
        return _(
            "The server refuses access to the calendar (HTTP %(status)s). Is the calendar public?"
        )
    if status == 429:
        return _(
            "The server receives too many requests (HTTP %(status)s). The next fetch tries again."
        )
    if 500 <= status <= 599:
        return _("The partner's server had an error (HTTP %(status)s). The next fetch tries again.")
    return HTTPStatusError.default_message


#: OpenSSL's verification codes with a message of their own.
_CERTIFICATE_EXPIRED = 10
_CERTIFICATE_HOST_MISMATCH = 62


def _certificate_message(verify_code):
    if verify_code == _CERTIFICATE_EXPIRED:
        return _("The security certificate of %(host)s has expired.")
    if verify_code == _CERTIFICATE_HOST_MISMATCH:
        return _("The security certificate the server sent is not for %(host)s.")
    return _("The security certificate of %(host)s is not trusted.")


# --- Limits and result --------------------------------------------------------------------


@dataclass(frozen=True)
class FetchLimits:
    """The limits of one fetch; :meth:`from_settings` reads them from ``JEUGDZORG_WAGTAIL``."""

    timeout: float
    connect_timeout: float
    max_bytes: int
    max_redirects: int
    allow_loopback: bool = False

    @classmethod
    def from_settings(cls):
        return cls(
            timeout=jw_settings.SOURCES_TIMEOUT,
            connect_timeout=jw_settings.SOURCES_CONNECT_TIMEOUT,
            max_bytes=jw_settings.SOURCES_MAX_BYTES,
            max_redirects=jw_settings.SOURCES_MAX_REDIRECTS,
            allow_loopback=jw_settings.SOURCES_ALLOW_LOOPBACK,
        )


@dataclass(frozen=True)
class FetchResult:
    """What a successful fetch brought.

    ``url`` is the address the content came from (after redirects); ``redirects`` lists each
    redirect followed as ``(status, new_url)``. ``content`` is the body after decompression
    (``b""`` when not modified). ``content_type`` is the media type without parameters,
    lowercased; ``charset`` the ``charset`` parameter, if any. ``etag`` and
    ``last_modified`` are the validators to send next time (on a 304 the server's, or the
    ones sent when it gave none).
    """

    url: str
    status: int
    content: bytes
    content_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None
    redirects: tuple = ()

    @property
    def not_modified(self):
        return self.status == 304

    @property
    def moved_to(self):
        """The new address when every redirect was permanent (301/308), else ``None``.

        An admin can offer to update the source's address with it.
        """
        if self.redirects and all(status in (301, 308) for status, _url in self.redirects):
            return self.redirects[-1][1]
        return None


# --- Addresses ----------------------------------------------------------------------------

_net = ipaddress.ip_network

#: IPv4 networks never fetched from (RFC 6890 special-purpose registry and friends).
BLOCKED_IPV4 = tuple(
    _net(n)
    for n in (
        "0.0.0.0/8",  # "this network", 0.0.0.0
        "10.0.0.0/8",  # private
        "100.64.0.0/10",  # shared address space (carrier-grade NAT)
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local, cloud metadata services
        "172.16.0.0/12",  # private
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # documentation (TEST-NET-1)
        "192.88.99.0/24",  # 6to4 relay anycast
        "192.168.0.0/16",  # private
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation (TEST-NET-2)
        "203.0.113.0/24",  # documentation (TEST-NET-3)
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and 255.255.255.255 broadcast
    )
)

#: IPv6 networks never fetched from. ``::ffff:0:0/96`` (IPv4-mapped), ``64:ff9b::/96``
#: (NAT64) and ``2002::/16`` (6to4) are judged by the IPv4 address they carry instead.
BLOCKED_IPV6 = tuple(
    _net(n)
    for n in (
        "::/8",  # unspecified, loopback, IPv4-compatible and -translated, other reserved
        "100::/64",  # discard-only
        "2001::/23",  # IETF protocol assignments: Teredo (2001::/32), benchmarking, ORCHID
        "2001:db8::/32",  # documentation
        "3fff::/20",  # documentation
        "5f00::/16",  # segment routing (SRv6) identifiers
        "fc00::/7",  # unique local addresses (private)
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated)
        "ff00::/8",  # multicast
    )
)

_NAT64 = _net("64:ff9b::/96")
_LOOPBACK_ALLOWED = (_net("127.0.0.0/8"), _net("::1/128"))


def _embedded_ipv4(ip):
    """The IPv4 address an IPv6 address stands for (mapped, NAT64, 6to4), or ``None``."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    return None


def _refused(ip):
    if ip.version == 6:
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            return _refused(embedded)
    blocked = BLOCKED_IPV4 if ip.version == 4 else BLOCKED_IPV6
    if any(ip in network for network in blocked):
        return True
    # The standard library's own view, as a second opinion (its lists change per release).
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (ip.version == 6 and ip.is_site_local)
        or not ip.is_global
    )


def is_allowed_address(address, *, allow_loopback=False):
    """Whether a feed may be fetched from ``address`` (a string or an ``ipaddress`` value).

    Refused: every network in :data:`BLOCKED_IPV4` and :data:`BLOCKED_IPV6`; every address
    the standard library calls private, loopback, link-local, multicast, reserved,
    unspecified, site-local or not global; and an IPv4-mapped (``::ffff:a.b.c.d``), NAT64
    (``64:ff9b::a.b.c.d``) or 6to4 (``2002:aabb:ccdd::``) address whose IPv4 address is
    refused. With ``allow_loopback`` (the ``SOURCES_ALLOW_LOOPBACK`` setting, for tests and
    the demo) ``127.0.0.0/8`` and ``::1`` are allowed, nothing else.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.version == 6 and ip.scope_id:
        ip = ipaddress.IPv6Address(str(ip).split("%", 1)[0])
    if allow_loopback and any(ip in network for network in _LOOPBACK_ALLOWED):
        return True
    return not _refused(ip)


def check_address(address, *, allow_loopback=False):
    """Raise :class:`BlockedAddress` unless :func:`is_allowed_address` allows ``address``."""
    if not is_allowed_address(address, allow_loopback=allow_loopback):
        raise BlockedAddress(detail=f"refused address {address}")


def resolve_checked(host, port, *, resolver=None, allow_loopback=False):
    """The addresses of ``host``, each checked; raise if one of them is refused.

    ``resolver`` is called like :func:`socket.getaddrinfo` (``resolver(host, port,
    type=socket.SOCK_STREAM)``) and returns its 5-tuples. An IP literal is not resolved.
    Raises :class:`DNSError` when the name does not resolve and :class:`BlockedAddress` when
    any address is refused.
    """
    if _is_ip_literal(host):
        addresses = [host]
    else:
        resolver = resolver or socket.getaddrinfo
        try:
            infos = resolver(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError, ValueError) as exc:
            raise DNSError(params={"host": host}, detail=repr(exc)) from exc
        addresses = []
        for info in infos or ():
            address = str(info[4][0])
            if address not in addresses:
                addresses.append(address)
        if not addresses:
            raise DNSError(params={"host": host}, detail="no addresses")
    refused = [a for a in addresses if not is_allowed_address(a, allow_loopback=allow_loopback)]
    if refused:
        raise BlockedAddress(detail=f"{host} resolves to refused address(es) {refused}")
    return addresses


def _is_ip_literal(host):
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


# --- Addresses of feeds (URLs) ------------------------------------------------------------

_HOST_LABEL = r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
_HOST_NAME = re.compile(rf"{_HOST_LABEL}(?:\.{_HOST_LABEL})*\.?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_HEADER_VALUE = re.compile(r"[\x20-\x7e]{1,1024}")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SCHEME_ALIASES = {"webcal": "https", "webcals": "https"}


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str
    port: int
    path: str


def _parse_url(url):
    if not isinstance(url, str):
        raise InvalidURL(detail=repr(url))
    url = url.strip()
    if not url or len(url) > MAX_URL_LENGTH or _CONTROL.search(url):
        raise InvalidURL(detail="empty, too long or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidURL(
            _("The port number in the address is not valid."), code="invalid_port"
        ) from exc
    scheme = _SCHEME_ALIASES.get(parts.scheme.lower(), parts.scheme.lower())
    if scheme not in _DEFAULT_PORTS:
        raise InvalidURL(
            _("Only addresses that start with http:// or https:// can be fetched."),
            code="invalid_scheme",
            detail=parts.scheme,
        )
    if "@" in parts.netloc:
        raise InvalidURL(
            _(
                "The address contains a user name or password. Use a public link to the "
                "calendar without them."
            ),
            code="credentials_in_url",
        )
    host = parts.hostname or ""
    if not host:
        raise InvalidURL(detail="no host")
    if port == 0:
        raise InvalidURL(_("The port number in the address is not valid."), code="invalid_port")
    if not _is_ip_literal(host):
        if parts.netloc.startswith("["):
            raise InvalidURL(detail="bad IPv6 literal")
        try:
            host = host.encode("idna").decode("ascii").lower()
        except UnicodeError as exc:
            raise InvalidURL(detail=repr(exc)) from exc
        if len(host) > 253 or not _HOST_NAME.fullmatch(host):
            raise InvalidURL(detail=f"bad host name {host!r}")
    elif "%" in host:
        raise InvalidURL(detail="zone index in address")
    port = port or _DEFAULT_PORTS[scheme]
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/?%:@!$&'()*+,;=-._~")
    netloc = f"[{host}]" if ":" in host else host
    if port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    normalised = urlunsplit((scheme, netloc, path, query, ""))
    return _Target(
        url=normalised,
        scheme=scheme,
        host=host,
        port=port,
        path=path + (f"?{query}" if query else ""),
    )


def validate_url(url):
    """The normalised form of a feed address, or :class:`InvalidURL` with the reason.

    Checks the form only (no DNS): scheme ``http``/``https`` (``webcal``/``webcals`` become
    ``https``), no credentials, a valid host and port. A form field can use it to refuse a
    wrong address as it is typed; :func:`fetch` checks the addresses again on every fetch.
    """
    return _parse_url(url).url


# --- The deadline -------------------------------------------------------------------------


class _Deadline:
    """One deadline for a whole fetch; when it passes, the open sockets are shut down.

    Socket timeouts alone are per operation: a server that sends a byte a second never
    trips them. The watchdog timer shuts the connection down at the deadline, which wakes
    any read blocked in another phase (TLS handshake, headers, body).
    """

    def __init__(self, seconds):
        self.seconds = seconds
        self.expires = time.monotonic() + seconds
        self.expired = False
        self._sockets = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def error(self):
        return FetchTimeout(params={"seconds": self.seconds})

    def remaining(self):
        left = self.expires - time.monotonic()
        if self.expired or left <= 0:
            self.expired = True
            raise self.error()
        return left

    def watch(self, sock):
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._shutdown(sock)

    def _expire(self):
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shutdown(sock)

    @staticmethod
    def _shutdown(sock):
        # The plain socket method, also for a TLS socket: it acts on the file descriptor
        # and wakes a read blocked in the fetching thread.
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def cancel(self):
        self._timer.cancel()


# --- Connections --------------------------------------------------------------------------


class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP connection over a socket opened (and TLS-wrapped) by :func:`_open_socket`.

    It never connects by itself: ``http.client`` would resolve the host name again, which
    is exactly what pinning the checked address prevents.
    """

    def __init__(self, target, sock):
        super().__init__(target.host, target.port)
        self.default_port = _DEFAULT_PORTS[target.scheme]  # no ":443" in the Host header
        self.sock = sock

    def connect(self):
        raise ConnectionError("a pinned connection cannot reconnect")

    def close(self):
        # http.client closes its socket as soon as a "Connection: close" answer arrives,
        # while the body is still to be read; the socket stays open (for the read timeouts
        # and the deadline) until the fetch closes it itself.
        self.sock = None
        super().close()


def _default_ssl_context():
    return ssl.create_default_context()


def _open_socket(target, addresses, limits, deadline, ssl_context):
    last_error = None
    for address in addresses:
        timeout = min(limits.connect_timeout, deadline.remaining())
        try:
            sock = socket.create_connection((address, target.port), timeout=timeout)
        except TimeoutError as exc:
            last_error = FetchTimeout(params={"seconds": limits.connect_timeout}, detail=repr(exc))
            continue
        except OSError as exc:
            last_error = exc
            continue
        deadline.watch(sock)
        if target.scheme == "https":
            context = ssl_context or _default_ssl_context()
            try:
                sock = context.wrap_socket(
                    sock, server_hostname=target.host, do_handshake_on_connect=False
                )
                deadline.watch(sock)
                sock.settimeout(deadline.remaining())
                sock.do_handshake()
            except BaseException:
                sock.close()
                raise
        return sock
    raise last_error


# --- Bodies -------------------------------------------------------------------------------


class _Body:
    """Collects the body, decompressing ``gzip``/``deflate``, with a cap on the result."""

    def __init__(self, encoding, limit):
        self.limit = limit
        self.size = 0
        self.parts = []
        encoding = (encoding or "identity").strip().lower()
        if encoding in ("identity", ""):
            self.wbits = None
        elif encoding in ("gzip", "x-gzip"):
            self.wbits = 16 + zlib.MAX_WBITS
        elif encoding == "deflate":
            self.wbits = zlib.MAX_WBITS  # zlib-wrapped, as the RFC says; raw as a fallback
        else:
            raise ProtocolError(
                _("The server sent the calendar compressed in a way that cannot be read."),
                code="content_encoding",
                detail=encoding,
            )
        self._decompressor = zlib.decompressobj(self.wbits) if self.wbits else None
        self._output_started = False

    def _add(self, data):
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge(params={"size": self.limit}, detail="after decompression")
        if data:
            self._output_started = True
            self.parts.append(data)

    def feed(self, data):
        if self._decompressor is None:
            self._add(data)
            return
        while data:
            try:
                out = self._decompressor.decompress(data, self.limit - self.size + 1)
            except zlib.error:
                if self.wbits == zlib.MAX_WBITS and not self._output_started:
                    self.wbits = -zlib.MAX_WBITS
                    self._decompressor = zlib.decompressobj(self.wbits)
                    continue
                raise
            self._add(out)
            if self._decompressor.eof:
                rest = self._decompressor.unused_data
                if self.wbits > zlib.MAX_WBITS and rest.strip(b"\0"):
                    # A further gzip member (concatenated gzip files are one stream).
                    self._decompressor = zlib.decompressobj(self.wbits)
                    data = rest
                    continue
                return
            data = self._decompressor.unconsumed_tail

    def finish(self):
        if self._decompressor is not None and not self._decompressor.eof:
            raise ProtocolError(
                _("The server sent the calendar compressed, but incomplete."),
                code="content_encoding",
                detail="compressed stream not finished",
            )
        return b"".join(self.parts)


def _read_body(response, sock, limits, deadline):
    if response.length is not None and response.length > limits.max_bytes:
        raise TooLarge(params={"size": limits.max_bytes}, detail=f"length {response.length}")
    body = _Body(response.getheader("Content-Encoding"), limits.max_bytes)
    received = 0
    while True:
        sock.settimeout(deadline.remaining())
        chunk = response.read1(CHUNK_SIZE)
        deadline.remaining()
        if not chunk:
            break
        received += len(chunk)
        if received > limits.max_bytes:
            raise TooLarge(params={"size": limits.max_bytes}, detail="as sent")
        body.feed(chunk)
    if response.length:  # the connection closed before Content-Length bytes came
        raise ProtocolError(detail=f"{response.length} bytes missing")
    return body.finish()


def _content_type(response):
    value = response.getheader("Content-Type") or ""
    media_type, _sep, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _eq, param_value = param.partition("=")
        if name.strip().lower() == "charset" and param_value.strip():
            charset = param_value.strip().strip('"').lower()
    return media_type.strip().lower(), charset


def _header_value(value):
    """``value`` when it can be sent in a header as it is, else ``None``."""
    if isinstance(value, str) and _HEADER_VALUE.fullmatch(value):
        return value
    return None


# --- Fetching -----------------------------------------------------------------------------


def fetch(url, *, etag=None, last_modified=None, resolver=None, ssl_context=None, limits=None):
    """Fetch the feed at ``url``; return a :class:`FetchResult` or raise :class:`FetchError`.

    ``etag`` and ``last_modified`` are the validators of the previous successful fetch.
    ``resolver`` replaces :func:`socket.getaddrinfo` (tests give a stub); ``ssl_context``
    replaces the default (system trust store, host name checked); ``limits`` replaces the
    settings (:class:`FetchLimits`).
    """
    run = _FetchRun(
        etag=_header_value(etag),
        last_modified=_header_value(last_modified),
        resolver=resolver,
        ssl_context=ssl_context,
        limits=limits or FetchLimits.from_settings(),
    )
    return run.fetch(url)


class _FetchRun:
    """One call of :func:`fetch`: its limits, deadline and the host being talked to."""

    def __init__(self, *, etag, last_modified, resolver, ssl_context, limits):
        self.etag = etag
        self.last_modified = last_modified
        self.resolver = resolver
        self.ssl_context = ssl_context
        self.limits = limits
        self.host = ""
        self.redirects = []
        self.headers = {
            "User-Agent": USER_AGENT,
            "Accept": ACCEPT,
            "Accept-Encoding": "gzip, deflate",
            "Connection": "close",
        }
        if etag:
            self.headers["If-None-Match"] = etag
        if last_modified:
            self.headers["If-Modified-Since"] = last_modified

    def fetch(self, url):
        self.deadline = _Deadline(self.limits.timeout)
        try:
            return self._follow(_parse_url(url))
        except FetchError as exc:
            if self.deadline.expired and not isinstance(exc, FetchTimeout):
                raise self.deadline.error() from exc
            raise
        except (OSError, http.client.HTTPException, ValueError, zlib.error, EOFError) as exc:
            raise self._translate(exc) from exc
        finally:
            self.deadline.cancel()

    def _follow(self, target):
        seen = {target.url}
        while True:
            self.host = target.host
            addresses = self._resolve(target)
            sock = _open_socket(target, addresses, self.limits, self.deadline, self.ssl_context)
            connection = _PinnedConnection(target, sock)
            response = None
            try:
                sock.settimeout(self.deadline.remaining())
                connection.request("GET", target.path, headers=self.headers)
                sock.settimeout(self.deadline.remaining())
                response = connection.getresponse()
                if response.status in REDIRECT_STATUSES:
                    target = self._next_hop(target, response, seen)
                    continue
                return self._result(target, response, sock)
            finally:
                if response is not None:
                    response.close()
                connection.close()
                sock.close()

    def _result(self, target, response, sock):
        status = response.status
        if status == 304 and (self.etag or self.last_modified):
            return FetchResult(
                url=target.url,
                status=304,
                content=b"",
                content_type="",
                charset=None,
                etag=response.getheader("ETag") or self.etag,
                last_modified=response.getheader("Last-Modified") or self.last_modified,
                redirects=tuple(self.redirects),
            )
        if status not in OK_STATUSES:
            raise HTTPStatusError(status, detail=target.url)
        content = _read_body(response, sock, self.limits, self.deadline)
        content_type, charset = _content_type(response)
        return FetchResult(
            url=target.url,
            status=status,
            content=content,
            content_type=content_type,
            charset=charset,
            etag=response.getheader("ETag"),
            last_modified=response.getheader("Last-Modified"),
            redirects=tuple(self.redirects),
        )

    def _resolve(self, target):
        """:func:`resolve_checked` within the deadline (a resolver can hang for long)."""
        allow_loopback = self.limits.allow_loopback
        if _is_ip_literal(target.host):
            return resolve_checked(target.host, target.port, allow_loopback=allow_loopback)
        outcome = {}

        def work():
            try:
                outcome["addresses"] = resolve_checked(
                    target.host,
                    target.port,
                    resolver=self.resolver,
                    allow_loopback=allow_loopback,
                )
            except BaseException as exc:  # raised again in the fetching thread below
                outcome["error"] = exc

        worker = threading.Thread(target=work, daemon=True, name="jeugdzorg-resolve")
        worker.start()
        worker.join(self.deadline.remaining())
        if worker.is_alive():
            raise self.deadline.error()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["addresses"]

    def _next_hop(self, target, response, seen):
        location = (response.getheader("Location") or "").strip()
        if not location:
            raise RedirectError(
                _("The server redirects without saying where to."),
                code="redirect_without_location",
            )
        next_target = _parse_url(urljoin(target.url, location))
        if next_target.url in seen:
            raise RedirectError(
                _("The address redirects in a circle."),
                code="redirect_loop",
                detail=next_target.url,
            )
        if len(self.redirects) >= self.limits.max_redirects:
            raise RedirectError(
                _("The address redirects more than %(count)s times."),
                code="too_many_redirects",
                params={"count": self.limits.max_redirects},
            )
        seen.add(next_target.url)
        self.redirects.append((response.status, next_target.url))
        return next_target

    def _translate(self, exc):
        """The :class:`FetchError` for a network or protocol exception."""
        host, detail = self.host, repr(exc)
        if self.deadline.expired or isinstance(exc, TimeoutError):
            return self.deadline.error()
        if isinstance(exc, ssl.SSLCertVerificationError):
            return TLSError(
                _certificate_message(exc.verify_code),
                code="tls_certificate",
                params={"host": host},
                detail=detail,
            )
        if isinstance(exc, ssl.SSLError):
            return TLSError(params={"host": host}, detail=detail)
        if isinstance(exc, http.client.HTTPException):
            return ProtocolError(detail=detail)
        if isinstance(exc, ConnectionRefusedError):
            return ConnectError(
                _("The server %(host)s refused the connection."),
                code="connection_refused",
                params={"host": host},
                detail=detail,
            )
        if isinstance(exc, OSError):
            return ConnectError(params={"host": host}, detail=detail)
        if isinstance(exc, zlib.error):
            return ProtocolError(
                _("The server sent the calendar compressed, but damaged."),
                code="content_encoding",
                detail=detail,
            )
        return ProtocolError(detail=detail)
