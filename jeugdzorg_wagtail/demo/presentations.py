"""Demo presentations: the slides of the theme evening in Oegstgeest, and a listing page.

Under the Themacafé Jeugdhulp (if the agenda step made it): "Het kan beter" by the manager of
TWO Jeugdhulp, with a small PDF this module writes itself, and the presentation of Haven 71,
whose slides are no longer available. Under the site root: the site-wide "Presentaties" page.
"""

import hashlib

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from ..models import (
    EventPage,
    PracticeExamplePage,
    PresentationIndexPage,
    PresentationPage,
    PresentationSpeaker,
)
from .utils import add_child, get_child

DOCUMENT_TITLE = "Het kan beter (dia's TWO Jeugdhulp, themacafé 2018)"

SLIDE_LINES = [
    "Het kan beter",
    "Hoe organiseren we de jeugdhulp vanaf 2020?",
    "",
    "Themacafé Jeugdhulp, Oegstgeest, 23 mei 2018",
    "TWO Jeugdhulp, regio Holland Rijnland",
    "",
    "- Sinds 2006 werken de gemeenten in Holland Rijnland samen in de jeugdhulp.",
    "- Wat gaat goed: korte lijnen tussen scholen, wijkteams en aanbieders.",
    "- Wat beter kan: minder schakels, snellere hulp, één plan per gezin.",
    "- Meer ruimte voor professionals om samen met ouders te beslissen.",
    "- Hulp dichtbij: op school, in de wijk, online waar het kan.",
    "",
    "Vragen en reacties: redactie@example.org",
]


def _pdf_text(line):
    """A PDF string literal in WinAnsi (cp1252), with ( ) and \\ escaped."""
    raw = line.encode("cp1252", "replace")
    escaped = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped + b")"


def minimal_pdf(lines):
    """A small valid PDF (1.4) with one A4 page of text in Helvetica, in pure Python."""
    content = [b"BT", b"/F1 22 Tf", b"56 770 Td", _pdf_text(lines[0]) + b" Tj", b"/F1 12 Tf"]
    for line in lines[1:]:
        content += [b"0 -22 Td", _pdf_text(line) + b" Tj"]
    content.append(b"ET")
    stream = b"\n".join(content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Title " + _pdf_text(lines[0]) + b" /Producer (jeugdzorg-wagtail demo) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode()
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def _is_theme_evening(page):
    text = f"{page.slug} {page.title}".lower()
    return "themacaf" in text and ("jeugdhulp" in text or "2020" in text)


def find_theme_evening(context):
    """The Themacafé Jeugdhulp in Oegstgeest, made by the agenda step, or None."""
    events = context.get("events") or {}
    page = events.get("themacafe-2018")
    if isinstance(page, EventPage):
        return page
    for page in events.values():
        if isinstance(page, EventPage) and _is_theme_evening(page):
            return page
    agenda = context.get("agenda")
    if agenda is None:
        return None
    candidates = EventPage.objects.descendant_of(agenda)
    for page in candidates.filter(sessions__city__iexact="Oegstgeest").distinct():
        return page
    for page in candidates:
        if _is_theme_evening(page):
            return page
    return None


def get_or_create_document(report):
    Document = get_document_model()
    document = Document.objects.filter(title=DOCUMENT_TITLE).first()
    if document is None:
        data = minimal_pdf(SLIDE_LINES)
        document = Document(
            title=DOCUMENT_TITLE,
            file=ContentFile(data, name="het-kan-beter.pdf"),
            file_size=len(data),
            file_hash=hashlib.sha1(data).hexdigest(),  # noqa: S324 (as Wagtail does)
        )
        document.save()
        report.append((f"document: {DOCUMENT_TITLE}", True))
    return document


def load_event_presentations(event, report, context):
    themes = context.get("themes", {})
    organisations = context.get("organisations", {})

    if get_child(event, "het-kan-beter") is None:
        page = PresentationPage(
            title="Het kan beter",
            slug="het-kan-beter",
            event=event,
            summary=(
                "De manager van TWO Jeugdhulp blikt terug op twaalf jaar regionale "
                "samenwerking in Holland Rijnland en schetst wat er vanaf 2020 anders kan: "
                "minder schakels tussen gezin en hulp, sneller passende hulp en meer "
                "ruimte voor de professional."
            ),
            document=get_or_create_document(report),
        )
        page.speakers = [
            PresentationSpeaker(role="Manager", organisation=organisations.get("TWO Jeugdhulp"))
        ]
        theme = themes.get("Beleid en management")
        if theme is not None:
            page.themes = [theme]
        add_child(event, page, report)

    if get_child(event, "haven-71-op-de-leo-kannerschool") is None:
        page = PresentationPage(
            title="Haven 71 op de Leo Kannerschool",
            slug="haven-71-op-de-leo-kannerschool",
            event=event,
            summary=(
                "Jeugdhulp in de school zelf: de begeleiders van Haven 71 vertellen hoe "
                "leerlingen van de Leo Kannerschool hulp krijgen zonder dat ze ervoor de "
                "school uit hoeven, en hoeveel meer tijd er zo overblijft voor begeleiding."
            ),
            withdrawn=True,
            withdrawn_reason=(
                "Teruggetrokken op verzoek van Haven 71. Wil je meer weten over hun werk op "
                "school? Mail de redactie via redactie@example.org."
            ),
            practice_example=PracticeExamplePage.objects.filter(
                title__icontains="Haven 71"
            ).first(),
        )
        page.speakers = [
            PresentationSpeaker(role="Begeleiders", organisation=organisations.get("Haven 71"))
        ]
        theme = themes.get("De professional")
        if theme is not None:
            page.themes = [theme]
        add_child(event, page, report)


def load(parent, report, context):
    event = find_theme_evening(context)
    if event is not None:
        load_event_presentations(event, report, context)

    listing = get_child(parent, "presentaties")
    if listing is None:
        listing = add_child(
            parent,
            PresentationIndexPage(
                title="Presentaties",
                slug="presentaties",
                show_in_menus=True,
                intro=(
                    "<p>De dia's van wat er op onze bijeenkomsten gepresenteerd is, om na te "
                    "lezen of door te sturen. Zoek op bijeenkomst, jaar, thema of organisatie."
                    "</p>"
                ),
                search_description="Dia's en presentaties van de bijeenkomsten van het netwerk.",
            ),
            report,
        )
    context["presentations"] = listing
