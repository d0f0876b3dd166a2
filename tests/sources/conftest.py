"""Fixtures for partner feeds: a feed server on 127.0.0.1 and a guard on every connection.

No test here sends traffic anywhere but 127.0.0.1. The autouse ``connections`` guard sits in
``socket.socket.connect``: a connection to any other address is recorded and refused before
the system call, so even a bug in the fetcher cannot reach the network; the test fails unless
it expected that attempt (``connections.take_outside()``). The ``dns`` guard refuses every
real name lookup, so a host name only resolves through a test's stub resolver.
"""

import http.server
import ipaddress
import socket
import socketserver
import ssl
import subprocess
import threading
import time

import pytest
from django.utils import translation

from tests.utils import make_source

LOOPBACK = "127.0.0.1"


class ConnectionLog:
    """The addresses the code under test tried to connect to, as ``(host, port)``."""

    def __init__(self):
        self.attempts = []
        self.outside = []

    def take_outside(self):
        taken, self.outside = self.outside, []
        return taken


@pytest.fixture(autouse=True)
def connections(monkeypatch):
    log = ConnectionLog()
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def check(address):
        host, port = address[0], address[1]
        log.attempts.append((host, port))
        if host != LOOPBACK:
            log.outside.append((host, port))
            raise ConnectionRefusedError(f"test guard: no connection to {host}:{port}")

    def connect(sock, address):
        check(address)
        return real_connect(sock, address)

    def connect_ex(sock, address):
        check(address)
        return real_connect_ex(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield log
    assert log.outside == [], f"connections outside 127.0.0.1 were tried: {log.outside}"


@pytest.fixture(autouse=True)
def dns(monkeypatch):
    """Refuse real name lookups; IP literals pass (``create_connection`` resolves those)."""
    looked_up = []
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        try:
            ipaddress.ip_address(host)
        except ValueError:
            looked_up.append(host)
            raise socket.gaierror(socket.EAI_NONAME, "test guard: no DNS") from None
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return looked_up


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def source_settings(settings):
    """Settings for fetching from the local feed server; ``source_settings(KEY=value)``."""
    settings.JEUGDZORG_WAGTAIL = {
        "SOURCES_ALLOW_LOOPBACK": True,
        "SOURCES_TIMEOUT": 5,
        "SOURCES_CONNECT_TIMEOUT": 2,
        "SOURCES_MAX_BYTES": 256 * 1024,
        "SOURCES_MAX_REDIRECTS": 3,
    }

    def change(**values):
        settings.JEUGDZORG_WAGTAIL = {**settings.JEUGDZORG_WAGTAIL, **values}

    return change


def stub_resolver(*answers):
    """A resolver that gives ``answers[0]`` on the first call, ``answers[1]`` on the next...

    Each answer is a list of IP addresses (the last answer repeats). ``resolver.calls``
    records the host names asked for.
    """

    def resolver(host, port, family=0, type=0, proto=0, flags=0):  # noqa: A002
        index = min(len(resolver.calls), len(answers) - 1)
        resolver.calls.append(host)
        result = []
        for address in answers[index]:
            ip = ipaddress.ip_address(address)
            family_ = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
            sockaddr = (address, port, 0, 0) if ip.version == 6 else (address, port)
            result.append((family_, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", sockaddr))
        return result

    resolver.calls = []
    return resolver


# --- The feed server ----------------------------------------------------------------------

SIMPLE_FEED = (
    b"BEGIN:VCALENDAR\r\n"
    b"VERSION:2.0\r\n"
    b"PRODID:-//Partner//Agenda//NL\r\n"
    b"BEGIN:VEVENT\r\n"
    b"UID:inloop-1@partner.example\r\n"
    b"DTSTAMP:20250101T090000Z\r\n"
    b"DTSTART;TZID=Europe/Amsterdam:20250312T190000\r\n"
    b"DTEND;TZID=Europe/Amsterdam:20250312T210000\r\n"
    b"SUMMARY:Inloopavond pleegzorg\r\n"
    b"END:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)


class FeedHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        feeds = self.server.feeds
        path = self.path.split("?", 1)[0]
        feeds.requests.append((self.path, dict(self.headers.items())))
        handler = feeds.routes.get(path)
        if handler is None:
            self.send_body(b"not found", status=404, content_type="text/plain")
            return
        try:
            handler(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as the limits make it do

    def send_body(self, body, *, status=200, content_type="text/calendar; charset=utf-8",
                  headers=None):  # fmt: skip
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002
        pass


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def server_bind(self):
        # Skip HTTPServer's socket.getfqdn(): no name lookups in tests.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


class FeedServer:
    """Routes of a test server on 127.0.0.1: ``serve``, ``redirect`` or any ``route``."""

    def __init__(self, scheme="http", tls_context=None):
        self.scheme = scheme
        self.routes = {}
        self.requests = []
        self.stop = threading.Event()
        self.httpd = _HTTPServer((LOOPBACK, 0), FeedHandler)
        if tls_context is not None:
            self.httpd.socket = tls_context.wrap_socket(self.httpd.socket, server_side=True)
        self.httpd.feeds = self
        self.port = self.httpd.server_port
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def url(self, path, host=LOOPBACK):
        return f"{self.scheme}://{host}:{self.port}{path}"

    def route(self, path):
        def register(handler):
            self.routes[path] = handler
            return handler

        return register

    def serve(self, path, body=SIMPLE_FEED, **kwargs):
        self.routes[path] = lambda h: h.send_body(body, **kwargs)

    def redirect(self, path, location, status=302):
        self.routes[path] = lambda h: h.send_body(
            b"", status=status, content_type=None, headers={"Location": location}
        )

    def trickle(self, handler, data, interval=0.05):
        """Send ``data`` a byte at a time until the client leaves or the test ends."""
        for byte in data:
            if self.stop.is_set():
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(interval)

    def close(self):
        if self.stop.is_set():
            return
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.close()


# --- TLS ----------------------------------------------------------------------------------


def _openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory):
    """A throw-away certificate authority and a server certificate for ``feed.test``."""
    folder = tmp_path_factory.mktemp("tls")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", "/CN=Test CA for partner feeds",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=folder)  # fmt: skip
    _openssl("req", *ec, "-keyout", "server.key", "-out", "server.csr",
             "-subj", "/CN=feed.test", cwd=folder)  # fmt: skip
    (folder / "server.ext").write_text(
        "subjectAltName=DNS:feed.test\n"
        "basicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=serverAuth\n"
        "authorityKeyIdentifier=keyid\n"
        "subjectKeyIdentifier=hash\n"
    )
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", "server.pem", "-days", "2",
             "-extfile", "server.ext", cwd=folder)  # fmt: skip
    return folder


@pytest.fixture
def tls_server(tls_files):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tls_files / "server.pem", tls_files / "server.key")
    server = FeedServer(scheme="https", tls_context=context)
    yield server
    server.close()


@pytest.fixture
def trusting_context(tls_files):
    """A client context that trusts the test authority (and checks host names as usual)."""
    context = ssl.create_default_context(cafile=str(tls_files / "ca.pem"))
    return context


# --- Feeds written for a test -------------------------------------------------------------


def vevent(uid="event-1@partner.example", **properties):
    """A VEVENT with ``UID``, a ``DTSTAMP`` and the given properties.

    Keyword names are property names with ``_`` for ``-`` (``RECURRENCE_ID``); a value is
    the text after the name, so ``DTSTART=";TZID=Europe/Amsterdam:20250312T190000"`` (a
    leading ``;`` or ``:`` is kept as it is, anything else gets a ``:``). A list gives the
    property once per item.
    """
    lines = ["BEGIN:VEVENT"]
    if uid is not None:
        lines.append(f"UID:{uid}")
    lines.append("DTSTAMP:20250101T090000Z")
    for name, value in properties.items():
        for item in value if isinstance(value, list) else [value]:
            separator = "" if item[:1] in (";", ":") else ":"
            lines.append(f"{name.replace('_', '-')}{separator}{item}")
    lines.append("END:VEVENT")
    return "\r\n".join(lines)


def calendar(*components, header=""):
    """A VCALENDAR around the given components (text), as bytes in UTF-8."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Partner//Agenda//NL"]
    if header:
        lines.append(header)
    lines.extend(components)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


# --- Sources in the database --------------------------------------------------------------


@pytest.fixture
def partner(db, feed_server, source_settings):
    """A source whose feed is ``/agenda.ics`` on the feed server (serve it in the test)."""
    return make_source("Jeugdzorg Zuid", url=feed_server.url("/agenda.ics"))


def event_rows(source, **filters):
    """``{uid: row}`` of the source's events still in its feed."""
    return {row.uid: row for row in source.events.present().filter(**filters)}


def counts(source):
    """The counts of the source's last fetch, as the admin shows them."""
    source.refresh_from_db()
    return {
        "new": source.count_new,
        "changed": source.count_changed,
        "removed": source.count_removed,
        "unchanged": source.count_unchanged,
    }
