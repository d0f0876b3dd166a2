"""Serving slides safely: content types a browser will not run, and file names in the
``Content-Disposition`` header that every browser reads."""

import unicodedata
import urllib.parse

__all__ = ["STORAGE_ERRORS", "UNSAFE_CONTENT_TYPES", "attachment_header", "safe_content_type"]

#: Content types a browser might render or run: always served as a plain download.
UNSAFE_CONTENT_TYPES = {
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "text/xml",
    "application/xml",
    "text/javascript",
    "application/javascript",
    "application/x-javascript",
    "text/xsl",
    "application/x-shockwave-flash",
}

#: Exceptions a storage may raise for a missing or unreadable file.
STORAGE_ERRORS = (OSError, ValueError, NotImplementedError)


def safe_content_type(content_type):
    """``content_type``, or ``application/octet-stream`` for anything a browser could render
    as a page or script (HTML, SVG, XML, JavaScript)."""
    base = (content_type or "").split(";")[0].strip().lower()
    if (
        not base
        or base in UNSAFE_CONTENT_TYPES
        or base.endswith("+xml")
        or "html" in base
        or "script" in base
    ):
        return "application/octet-stream"
    return content_type


def attachment_header(filename):
    """A ``Content-Disposition: attachment`` value with an ASCII ``filename`` and, for any
    other name, an RFC 5987 ``filename*`` (RFC 6266), e.g. for ``Café “Zorg”.pdf``:
    ``attachment; filename="Cafe _Zorg_.pdf"; filename*=UTF-8''Caf%C3%A9%20%E2%80%9CZorg...``.
    """
    name = "".join(ch for ch in filename if unicodedata.category(ch)[0] != "C")
    name = name.replace("/", "_").replace("\\", "_").strip(" .") or "download"
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = "".join("_" if ch in '"\\' else ch for ch in ascii_name).strip() or "download"
    value = f'attachment; filename="{ascii_name}"'
    if ascii_name != name:
        value += f"; filename*=UTF-8''{urllib.parse.quote(name, safe='')}"
    return value
