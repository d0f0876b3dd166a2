"""Demo partner agenda: the calendar of the network "Radicale vernieuwing jeugdzorg".

The calendar is a file that ships with the demo (``files/``): a monthly online conversation
with a summer break, one date moved and one cancelled, a yearly action day and a single
afternoon. The site serves the file itself, as a document, and the demo's agenda source
points at that document on ``127.0.0.1`` and the port of the default site: fetching it
(``jeugdzorg_fetch_sources``, or "Fetch now" in the admin) talks to this site only, and works
when the site allows fetching from its own machine (``SOURCES_ALLOW_LOOPBACK``, which the
example site turns on). The demo itself reads the file directly, without fetching, so the
events are there at once. Nothing here ever fetches another address.
"""

from pathlib import Path

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Site

from ..models import AgendaSource
from ..sources.importing import import_content

FEED_FILE = Path(__file__).resolve().parent / "files" / "partneragenda-radicale-vernieuwing.ics"
DOCUMENT_TITLE = "Agenda Radicale vernieuwing jeugdzorg (iCal, demo)"
SOURCE_NAME = "Netwerk Radicale vernieuwing jeugdzorg"


def feed_document(report):
    """The document that serves the demo's partner calendar (made once)."""
    document_model = get_document_model()
    document = document_model.objects.filter(title=DOCUMENT_TITLE).first()
    if document is None:
        document = document_model(title=DOCUMENT_TITLE)
        document.file.save(FEED_FILE.name, ContentFile(FEED_FILE.read_bytes()), save=False)
        document.save()
        report.append((f"document: {DOCUMENT_TITLE}", True))
    return document


def local_address(path):
    """``path`` on this site, on 127.0.0.1 and the default site's port."""
    site = Site.objects.filter(is_default_site=True).first()
    port = site.port if site is not None else 80
    host = "127.0.0.1" if port == 80 else f"127.0.0.1:{port}"
    return f"http://{host}{path}"


def load(parent, report, context):
    if AgendaSource.objects.filter(name=SOURCE_NAME).exists():
        return
    document = feed_document(report)
    source = AgendaSource.objects.create(
        name=SOURCE_NAME,
        url=local_address(document.url),
        region=context.get("regions", {}).get("Landelijk"),
        event_type=None,
    )
    themes = context.get("themes", {})
    source.themes.set([t for t in (themes.get("Jongeren en ouders"),) if t is not None])
    groups = context.get("target_groups", {})
    source.target_groups.set([g for g in (groups.get("Vrijwilligersorganisaties"),) if g])
    if context.get("agenda") is not None:
        source.agendas.set([context["agenda"]])
    report.append((f"agenda source: {SOURCE_NAME}", True))
    import_content(source, FEED_FILE.read_bytes())
