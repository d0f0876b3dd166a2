"""Demo calls for participation: an open call for the next symposium and the call of 2012.

The open call opens the day before the demo is first loaded and closes 60 days later; those
dates are fixed then and left alone on later runs. Both calls are linked to their events when
the agenda step put them in ``context["events"]``.
"""

import datetime as dt

from django.utils import timezone

from ..core.conf import jw_settings
from ..models import CallForParticipationPage, CallSubmission, SubmissionStatus
from .utils import add_child, get_child

NOTIFY = "redactie@example.org"

PRIVACY = (
    "<p>Met dit formulier vragen we je naam, organisatie, functie, e-mailadres en "
    "(als je wilt) je telefoonnummer. We gebruiken die gegevens alleen om je voorstel te "
    "beoordelen, contact met je op te nemen en het programma van het symposium samen te "
    "stellen.</p>"
    "<ul><li>Alleen de leden van de programmacommissie zien je persoonsgegevens.</li>"
    "<li>Een bijlage bewaren we buiten de openbare website; niemand kan haar via een "
    "webadres openen.</li>"
    "<li>Twaalf maanden na het sluiten van de oproep verwijderen we je persoonsgegevens en "
    "je bijlage. De inhoud van je voorstel kan als praktijkvoorbeeld blijven staan, zonder "
    "je naam.</li>"
    "<li>Wil je weten wat we van je bewaren, of wil je dat we het verwijderen? Mail naar "
    "redactie@example.org.</li></ul>"
)


def _types(*pairs):
    return [("type", {"label": label, "description": text}) for label, text in pairs]


def open_call(today, zone, events):
    opens = dt.datetime.combine(today - dt.timedelta(days=1), dt.time(9), tzinfo=zone)
    closes = dt.datetime.combine(today + dt.timedelta(days=60), dt.time(17), tzinfo=zone)
    return CallForParticipationPage(
        title="Wie doet er mee, en met welk praktijkvoorbeeld?",
        slug="oproep-symposium-jeugdzorg-2-0",
        intro="<p>Voor de volgende editie van het Symposium Jeugdzorg 2.0 Limburg zoeken we "
        "professionals die hun werk willen laten zien op de open space markt, of die een "
        "workshop willen geven.</p>",
        body="<p>Voorbeelden uit de praktijk waarin ICT en sociale media het verschil maken: voor "
        "jongeren, voor ouders of voor jou en je collega's. Denk aan een beveiligde website "
        "waar een gezin direct contact heeft met de hulpverlener, aan kennis delen via "
        "sociale media of aan een gedeelde agenda over organisaties heen.</p>"
        "<h3>Hoe we kiezen</h3>"
        "<p>De programmacommissie kijkt vooral naar wat anderen van je voorbeeld kunnen "
        "leren. Binnen drie weken na het sluiten van de oproep hoor je van ons.</p>",
        submission_types=_types(
            ("Praktijkvoorbeeld", "Je laat je werk zien aan een kraam op de open space markt."),
            (
                "Voorstel voor een workshop",
                "Een workshop van 45 minuten, voor hoogstens 20 deelnemers.",
            ),
            ("Presentatie", "Een korte presentatie van 15 minuten in de feestzaal."),
            ("Kraam op de open-spacemarkt", "Alleen een kraam, zonder vast programma."),
        ),
        opens_at=opens,
        closes_at=closes,
        event=events.get("symposium-next"),
        privacy_statement=PRIVACY,
        confirmation_text="<p>De programmacommissie neemt binnen drie weken na het sluiten "
        "van de oproep contact met je op.</p>",
        notify_emails=NOTIFY,
        search_description="Doe mee aan het Symposium Jeugdzorg 2.0 Limburg met een "
        "praktijkvoorbeeld, een workshop of een presentatie.",
    )


def closed_call_2012(zone, events):
    return CallForParticipationPage(
        title="Oproep: Symposium Jeugdzorg 2.0 Limburg 2012",
        slug="oproep-symposium-jeugdzorg-2-0-limburg-2012",
        intro="<p>Voor het symposium van 26 april 2012 in het Gouvernement in Maastricht "
        "vroegen we hulpverleners om hun praktijkvoorbeelden en workshopvoorstellen.</p>",
        body="<p>Op de open space markt presenteerden professionals hun werk aan bestuurders "
        "en beleidsmedewerkers van gemeenten en provincie. Centraal stonden de cliënt als "
        "partner, slim gebruik van ICT en online werken met jongeren en ouders.</p>",
        submission_types=_types(
            ("Praktijkvoorbeeld", "Voor de open space markt in de feestzaal."),
            ("Voorstel voor een workshop", ""),
        ),
        opens_at=dt.datetime(2012, 2, 1, 9, tzinfo=zone),
        closes_at=dt.datetime(2012, 3, 30, 17, tzinfo=zone),
        event=events.get("symposium-2012"),
        privacy_statement=PRIVACY,
        confirmation_text="<p>We namen contact met je op over je plek op de markt.</p>",
        notify_emails=NOTIFY,
    )


#: The region and themes of each call (the symposium is in Limburg and about working online).
TAXONOMY = {
    "symposium-next": ("Limburg", ["De professional", "Jongeren en ouders"]),
    "symposium-2012": ("Limburg", ["De professional"]),
}


def load(parent, report, context):
    zone = jw_settings.calendar_zone
    events = context.get("events") or {}
    regions = context.get("regions") or {}
    themes = context.get("themes") or {}
    calls = {}
    for key, build in (
        ("symposium-next", lambda: open_call(timezone.localdate(), zone, events)),
        ("symposium-2012", lambda: closed_call_2012(zone, events)),
    ):
        page = build()
        existing = get_child(parent, page.slug)
        if existing is None:
            region, names = TAXONOMY[key]
            page.region = regions.get(region)
            page.themes = [themes[name] for name in names if name in themes]
        calls[key] = existing if existing is not None else add_child(parent, page, report)
    context["calls"] = calls
    add_submissions(calls["symposium-next"], report, context)
    add_market_2012(calls["symposium-2012"], report, context)


#: Made-up submissions, so that the inbox in the admin has something to review.
SUBMISSIONS = (
    {
        "name": "Fatima el Amrani",
        "organisation": "Jeugdteam Venlo",
        "role": "Jeugdprofessional",
        "email": "f.elamrani@example.org",
        "region": "Limburg",
        "submission_type": "Praktijkvoorbeeld",
        "title": "Ouders aan tafel bij het plan van hun kind",
        "summary": "In Venlo schrijven ouders en jongeren het plan samen met de "
        "hulpverlener, aan de keukentafel in plaats van op kantoor.",
        "themes": ["Jongeren en ouders"],
        "status": SubmissionStatus.ACCEPTED,
    },
    {
        "name": "Joost Verhagen",
        "organisation": "Stichting Thuis Online",
        "role": "Projectleider",
        "email": "joost@example.org",
        "region": "Holland Rijnland",
        "submission_type": "Voorstel voor een workshop",
        "title": "Beeldbellen met jongeren: wat werkt en wat niet",
        "summary": "Een workshop over online hulp: wanneer een videogesprek helpt, en "
        "wanneer je beter langs kunt gaan.",
        "themes": ["Jongeren en ouders", "De professional"],
        "status": SubmissionStatus.UNDER_REVIEW,
    },
    {
        "name": "Marieke de Boer",
        "organisation": "Gemeente Leiden",
        "role": "Beleidsmedewerker",
        "email": "m.deboer@example.org",
        "region": "Holland Rijnland",
        "submission_type": "Kraam op de open-spacemarkt",
        "title": "Samen inkopen in de regio",
        "summary": "Hoe twaalf gemeenten samen de jeugdhulp inkopen, en wat dat "
        "betekent voor kleine aanbieders.",
        "themes": ["Beleid en management"],
        "status": SubmissionStatus.RECEIVED,
    },
)


def add_submissions(call, report, context):
    """A few submissions to the open call, once: only when it has none yet."""
    if call is None or CallSubmission.objects.filter(call=call).exists():
        return
    regions = context.get("regions") or {}
    themes = context.get("themes") or {}
    version = call.get_privacy_version()
    for values in SUBMISSIONS:
        values = dict(values)
        chosen = [themes[name] for name in values.pop("themes") if name in themes]
        submission = CallSubmission.objects.create(
            call=call,
            region=regions.get(values.pop("region")),
            consent_given_at=timezone.now(),
            privacy_version=version,
            language="nl",
            **values,
        )
        submission.themes.set(chosen)
        report.append((f"{CallSubmission._meta.verbose_name}: {submission.title}", True))


#: The practice examples shown at the open-space market of 2012, each sent in answer to the
#: call (the sender's details are made up; the examples are the library's).
MARKET_2012 = (
    ("1", "beveiligde-website-voor-kind-en-gezin", "Lotte Hermans", "lotte@example.org"),
    ("2", "kennis-delen-via-sociale-media", "Ruud Smeets", "ruud@example.org"),
    ("3", "online-samenwerken-en-gedeelde-agendas", "Noor Janssen", "noor@example.org"),
)


def add_market_2012(call, report, context):
    """The open-space market of the 2012 symposium, once: accepted submissions to its call,
    each placed on the market as an editor does from the inbox (``place_on_market``)."""
    if call is None or call.event_id is None:
        return
    if CallSubmission.objects.filter(call=call).exists():
        return
    examples = context.get("practice_examples") or {}
    regions = context.get("regions") or {}
    version = call.get_privacy_version()
    for number, slug, name, email in MARKET_2012:
        example = examples.get(slug)
        if example is None:
            continue
        submission = CallSubmission.objects.create(
            call=call,
            name=name,
            email=email,
            organisation="Jeugdzorg 2.0 Limburg",
            region=regions.get("Limburg"),
            submission_type="Kraam op de open-spacemarkt",
            title=example.title,
            summary=example.summary,
            status=SubmissionStatus.ACCEPTED,
            practice_example=example,
            consent_given_at=dt.datetime(2012, 3, 15, 12, tzinfo=jw_settings.calendar_zone),
            privacy_version=version,
            language="nl",
        )
        stand = submission.place_on_market(number=number)
        report.append((f"{stand._meta.verbose_name}: {stand}", True))
