"""Demo agenda: the agenda page, five past events of the network and their follow-ups, one
of them a repeating series.

The past events keep their real dates; the follow-up editions are dated from the day the demo
is first loaded. ``context["events"]`` gets every event page, keyed by a short name, for the
steps that add presentations and calls to them.
"""

import datetime as dt

from django.utils import timezone

from ..core.conf import jw_settings
from ..models import (
    EventIndexPage,
    EventOrganisation,
    EventPage,
    EventSession,
    OrganisationRole,
    SessionStatus,
)
from .utils import add_child, get_child

BRANCH_ORGANISATIONS = [
    "ActiZ",
    "GGD Nederland",
    "GGZ Nederland",
    "Jeugdzorg Nederland",
    "MOgroep",
    "VGN",
]
REGIONAL_CITIES_2013 = [
    ("Zwolle", dt.date(2013, 6, 11)),
    ("Amsterdam", dt.date(2013, 6, 17)),
    ("Amersfoort", dt.date(2013, 9, 24)),
    ("Eindhoven", dt.date(2013, 10, 3)),
    ("Rotterdam", dt.date(2013, 10, 10)),
    ("Arnhem", dt.date(2013, 10, 14)),
]
REGIONAL_CITIES_NEXT = ["Groningen", "Utrecht", "Den Haag", "Breda", "Nijmegen", "Maastricht"]
#: Places per city of the regional meetings: each meeting has a list of its own.
REGIONAL_PLACES = {
    "Zwolle": 80,
    "Amsterdam": 120,
    "Amersfoort": 80,
    "Eindhoven": 90,
    "Rotterdam": 120,
    "Arnhem": 80,
    "Groningen": 80,
    "Utrecht": 120,
    "Den Haag": 100,
    "Breda": 80,
    "Nijmegen": 80,
    "Maastricht": 60,
}

REGISTRATION_PRIVACY = (
    "<p>Met het aanmeldformulier vragen we je naam, e-mailadres, organisatie en functie, en "
    "of je iets niet mag of wilt eten bij de lunch. We gebruiken die gegevens alleen voor "
    "deze bijeenkomsten: om je plaats vast te leggen, je te laten weten als er iets "
    "verandert en de lunch te bestellen.</p>"
    "<ul><li>Alleen de organisatoren zien je gegevens; op de presentielijst staan je naam en "
    "organisatie.</li>"
    "<li>Zes maanden na de laatste bijeenkomst verwijderen we je naam, e-mailadres en "
    "antwoorden.</li>"
    "<li>Laat je alleen je e-mailadres achter om te horen wanneer de aanmelding opengaat? "
    "Dan sturen we je één bericht en verwijderen we je adres na de bijeenkomsten.</li>"
    "<li>Wil je weten wat we van je bewaren, of wil je dat we het verwijderen? Mail naar "
    "redactie@example.org.</li></ul>"
)

THEMACAFE_PRIVACY = (
    "<p>We vragen je naam en e-mailadres, en als je wilt je organisatie en je vraag voor de "
    "avond. Alleen de organisatie van het themacafé ziet ze. We gebruiken ze om je plaats "
    "vast te leggen en je te laten weten als er iets verandert; zes maanden na de avond "
    "verwijderen we ze. Vragen? Mail naar redactie@example.org.</p>"
)


def load(parent, report, context):
    agenda = get_child(parent, "agenda")
    if agenda is None:
        agenda = add_child(
            parent,
            EventIndexPage(
                title="Agenda",
                slug="agenda",
                show_in_menus=True,
                intro="<p>Bijeenkomsten van het netwerk: symposia, regiobijeenkomsten en "
                "themacafés. Abonneer je op de agenda in je eigen agenda-app.</p>",
                search_description="Symposia, regiobijeenkomsten en themacafés.",
            ),
            report,
        )
    context["agenda"] = agenda
    events = context.setdefault("events", {})
    builder = _Builder(agenda, report, context)
    for key, build in EVENTS:
        events[key] = builder.get_or_create(key, build)


class _Builder:
    def __init__(self, agenda, report, context):
        self.agenda = agenda
        self.report = report
        self.context = context
        self.zone = jw_settings.calendar_zone
        self.today = timezone.localdate()

    def at(self, day, hour=0, minute=0):
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.zone)

    def in_days(self, days, hour=0, minute=0):
        return self.at(self.today + dt.timedelta(days=days), hour, minute)

    def term(self, kind, name):
        return self.context.get(kind, {}).get(name)

    def terms(self, kind, names):
        return [t for t in (self.term(kind, name) for name in names) if t is not None]

    def event(self, key):
        return self.context["events"].get(key)

    def get_or_create(self, key, build):
        values = build(self)
        slug = values.pop("slug")
        existing = get_child(self.agenda, slug)
        if existing is not None:
            return existing
        sessions = values.pop("sessions")
        themes = values.pop("themes", [])
        target_groups = values.pop("target_groups", [])
        organisations = values.pop("organisations", [])
        page = EventPage(slug=slug, **values)
        page.sessions = [EventSession(**session) for session in sessions]
        page.organisation_roles = [
            EventOrganisation(organisation=organisation, role=role)
            for name, role in organisations
            if (organisation := self.term("organisations", name)) is not None
        ]
        page.themes.set(self.terms("themes", themes))
        page.target_groups.set(self.terms("target_groups", target_groups))
        return add_child(self.agenda, page, self.report)


def seminar_2011(b):
    return {
        "slug": "seminar-jeugdzorg-2-0",
        "title": "Seminar Jeugdzorg 2.0",
        "intro": "De eerste stap van de beweging Jeugdzorg 2.0: wat betekenen internet en "
        "sociale media voor jongeren, ouders en hulpverleners?",
        "event_type": b.term("event_types", "Seminar"),
        "region": b.term("regions", "Limburg"),
        "themes": ["De professional", "Jongeren en ouders"],
        "organisations": [("Jeugdzorg 2.0 Limburg", OrganisationRole.ORGANISER)],
        "sessions": [{"start": b.at(dt.date(2011, 6, 3)), "all_day": True}],
        "report": "<p>Met dit seminar begon de beweging Jeugdzorg 2.0. Het gesprek over "
        "slim gebruik van ICT in de jeugdzorg kreeg een jaar later een vervolg in het "
        "Gouvernement in Maastricht.</p>",
    }


def symposium_2012(b):
    return {
        "slug": "symposium-jeugdzorg-2-0-limburg-2012",
        "title": "Symposium Jeugdzorg 2.0 Limburg",
        "intro": "Een open space markt in het Gouvernement: hulpverleners laten hun werk en "
        "projecten zien aan bestuurders en beleidsmedewerkers van gemeenten en provincie.",
        "body": [
            (
                "paragraph",
                "<p>Op deze tweede editie staat het gesprek centraal. Op de markt presenteren "
                "professionals hun praktijkvoorbeelden; daarna is er volop ruimte voor dialoog "
                "met gemeenten en provincie.</p><p>Onderwerpen: de cliënt als partner, slim "
                "gebruik van ICT door jongeren, ouders en professionals, online hulp en "
                "sociale media. De organisatie verloopt helemaal online.</p>",
            ),
            (
                "quote",
                {
                    "quote": "Wie doet er mee, en met welk praktijkvoorbeeld?",
                    "attribution": "Uit de oproep voor deelnemers",
                },
            ),
        ],
        "event_type": b.term("event_types", "Symposium"),
        "region": b.term("regions", "Limburg"),
        "themes": ["De professional", "Jongeren en ouders", "Beleid en management"],
        "target_groups": ["Gemeenten", "Preventieve jeugdzorg", "Curatieve jeugdzorg"],
        "organisations": [("Jeugdzorg 2.0 Limburg", OrganisationRole.ORGANISER)],
        "is_free": True,
        "previous_edition": b.event("seminar-2011"),
        "sessions": [
            {
                "start": b.at(dt.date(2012, 4, 26)),
                "all_day": True,
                "venue": "Provinciehuis Limburg (het Gouvernement), feestzaal",
                "city": "Maastricht",
            }
        ],
        "report": "<p>In de feestzaal van het Gouvernement stonden de kramen van de open "
        "space markt. Bestuurders en beleidsmedewerkers gingen langs bij de hulpverleners en "
        "spraken door over wat ICT voor de jeugdzorg in Limburg kan betekenen.</p>",
    }


def regional_2013(b):
    return {
        "slug": "regiobijeenkomsten-samen-voor-jeugd-2013",
        "title": "Professionele kracht, vrijwillige kracht, eigen kracht: samen voor jeugd",
        "intro": "Eén reeks van zes regiobijeenkomsten voor iedereen die met jeugd werkt. "
        "Elke bijeenkomst begint om 12:00 uur met een inlooplunch en sluit af met een "
        "netwerkborrel.",
        "body": [
            (
                "paragraph",
                "<p>Professionals, teamleiders, managers, bestuurders en medewerkers uit de "
                "jeugdzorg, jeugdgezondheidszorg, het jeugdwerk, de jeugd-GGZ en de "
                "gehandicaptenzorg zoeken samen naar de kracht van vrijwilligers en van "
                "jongeren en ouders zelf. Vrijwilligersorganisaties en gemeenten zijn ook van "
                "harte welkom.</p><p>Eerst kon je je belangstelling doorgeven; de aanmelding "
                "ging open zodra het programma rond was.</p>",
            )
        ],
        "event_type": b.term("event_types", "Regiobijeenkomst"),
        "region": b.term("regions", "Landelijk"),
        "themes": ["De professional", "Beleid en management"],
        "target_groups": [
            "Preventieve jeugdzorg",
            "Curatieve jeugdzorg",
            "Jeugdwerk",
            "Jeugd-GGZ",
            "Gehandicaptenzorg",
            "Vrijwilligersorganisaties",
            "Gemeenten",
        ],
        "organisations": [(name, OrganisationRole.ORGANISER) for name in BRANCH_ORGANISATIONS]
        + [(name, OrganisationRole.PARTNER) for name in ("MOVISIE", "NJi", "NOV")]
        + [("ZonMw", OrganisationRole.FUNDER)],
        "is_free": True,
        "registration_mode": "open",
        "ask_role": "optional",
        "ask_dietary_wishes": "optional",
        "privacy_statement": REGISTRATION_PRIVACY,
        "registration_confirmation_text": "<p>De inlooplunch begint om 12:00 uur. Tot dan!</p>",
        "sessions": [
            {
                "start": b.at(day, 12),
                "end": b.at(day, 17),
                "city": city,
                "note": "Inlooplunch vanaf 12:00 uur",
                "places": REGIONAL_PLACES[city],
            }
            for city, day in REGIONAL_CITIES_2013
        ],
    }


def themacafe_2018(b):
    return {
        "slug": "themacafe-jeugdhulp-2018",
        "title": "Themacafé Jeugdhulp: Hoe organiseren we de jeugdhulp vanaf 2020?",
        "intro": "Een avond in Oegstgeest over de toekomst van de jeugdhulp in Holland "
        "Rijnland, voor raadsleden, zorgaanbieders en iedereen die erbij betrokken is.",
        "body": [
            (
                "paragraph",
                "<p>De gemeenten in Holland Rijnland werken sinds 2006 samen in de jeugdhulp. "
                "Hoe gaat dat verder na 2020? Welkom zijn raadsleden, zorgaanbieders, leden "
                "van de WMO-adviesraad, medewerkers van TWO Jeugdhulp, het team jeugdbeleid "
                "en het regionaal bureau leerplicht.</p>",
            )
        ],
        "event_type": b.term("event_types", "Themacafé"),
        "region": b.term("regions", "Holland Rijnland"),
        "themes": ["Beleid en management", "De professional"],
        "target_groups": ["Gemeenten", "Curatieve jeugdzorg", "Preventieve jeugdzorg"],
        "organisations": [
            ("TWO Jeugdhulp", OrganisationRole.ORGANISER),
            ("Leo Kannerschool", OrganisationRole.PARTNER),
            ("Haven 71", OrganisationRole.PARTNER),
            ("Garage2020", OrganisationRole.PARTNER),
        ],
        "is_free": True,
        "programme": [
            (
                "item",
                {
                    "start_time": "19:30",
                    "title": "Opening",
                    "speaker": "De burgemeester van Zoeterwoude",
                },
            ),
            (
                "item",
                {
                    "start_time": "19:45",
                    "title": "Het kan beter",
                    "speaker": "De manager van TWO Jeugdhulp",
                },
            ),
            (
                "item",
                {"start_time": "20:15", "title": "Jeugdhulp op school", "speaker": "Haven 71"},
            ),
            (
                "item",
                {
                    "start_time": "21:00",
                    "title": "Afsluiting: kijk er eens anders naar",
                    "speaker": "Garage2020",
                },
            ),
        ],
        "sessions": [
            {
                "start": b.at(dt.date(2018, 5, 23), 19, 30),
                "end": b.at(dt.date(2018, 5, 23), 21, 30),
                "venue": "Leo Kannerschool",
                "city": "Oegstgeest",
            }
        ],
        "report": "<p>Terugkoppeling van het themacafé. De manager van TWO Jeugdhulp liet "
        "zien waar het beter kan; Haven 71 vertelde hoe begeleiding op school veel meer tijd "
        "oplevert voor de leerlingen zelf. Garage2020 sloot af met de vraag of we problemen "
        "in de jeugdhulp eens van een andere kant willen bekijken. De presentaties staan "
        "hieronder.</p>",
    }


def wat_als_2023(b):
    return {
        "slug": "aan-de-slag-met-alternatieven-wat-als-vervolg",
        "title": "Aan de slag met alternatieven jeugdzorg | Wat als… (vervolg)",
        "intro": "Een vervolgbijeenkomst van het netwerk Radicale vernieuwing jeugdzorg, in "
        "Utrecht en online.",
        "body": [
            (
                "paragraph",
                "<p>Na de actiedagen van 2022 en 2023 met (groot)ouders, jongeren, leden van "
                "cliëntenraden en ervaringsdeskundigen gaan we verder met de vraag: wat als "
                "we het anders organiseren? Je kunt in Utrecht aanschuiven of online "
                "meedoen.</p>",
            )
        ],
        "region": b.term("regions", "Utrecht"),
        "themes": ["Jongeren en ouders", "Beleid en management"],
        "organisations": [("Radicale vernieuwing jeugdzorg", OrganisationRole.ORGANISER)],
        "is_free": True,
        "sessions": [
            {
                "start": b.at(dt.date(2023, 10, 13), 10),
                "end": b.at(dt.date(2023, 10, 13), 12),
                "city": "Utrecht",
                "online_url": "https://meet.example.org/wat-als-vervolg",
                "online_url_public": True,
            }
        ],
    }


def symposium_next(b):
    return {
        "slug": "symposium-jeugdzorg-2-0-limburg",
        "title": "Symposium Jeugdzorg 2.0 Limburg: de volgende editie",
        "intro": "Opnieuw een open space markt: laat zien hoe jij online werkt met jongeren "
        "en ouders, en ga in gesprek met gemeenten en provincie.",
        "event_type": b.term("event_types", "Symposium"),
        "region": b.term("regions", "Limburg"),
        "themes": ["De professional", "Jongeren en ouders"],
        "target_groups": ["Gemeenten", "Jeugdwerk", "Curatieve jeugdzorg"],
        "organisations": [("Jeugdzorg 2.0 Limburg", OrganisationRole.ORGANISER)],
        "cost": "€ 25, gratis voor wie een praktijkvoorbeeld presenteert",
        "registration_url": "https://www.example.org/symposium/aanmelden",
        "registration_closes_at": b.in_days(80, 17),
        "previous_edition": b.event("symposium-2012"),
        "programme": [
            ("item", {"start_time": "09:30", "title": "Ontvangst met koffie"}),
            (
                "item",
                {
                    "start_time": "10:00",
                    "end_time": "12:30",
                    "title": "Open space markt",
                    "room": "Feestzaal",
                },
            ),
            (
                "item",
                {
                    "start_time": "13:30",
                    "end_time": "15:30",
                    "title": "Workshops",
                    "room": "Statenzaal en zijzalen",
                },
            ),
            ("item", {"start_time": "15:30", "title": "Afsluiting en borrel"}),
        ],
        "sessions": [
            {
                "start": b.in_days(90, 9, 30),
                "end": b.in_days(90, 16, 30),
                "venue": "Provinciehuis Limburg (het Gouvernement)",
                "city": "Maastricht",
            }
        ],
    }


def regional_next(b):
    return {
        "slug": "regiobijeenkomsten-samen-voor-jeugd",
        "title": "Samen voor jeugd: een nieuwe ronde regiobijeenkomsten",
        "intro": "Zes nieuwe regiobijeenkomsten, weer met een inlooplunch om 12:00 uur en "
        "afsluitend een netwerkborrel. Geef nu je belangstelling door; aanmelden kan zodra "
        "het programma rond is.",
        "event_type": b.term("event_types", "Regiobijeenkomst"),
        "region": b.term("regions", "Landelijk"),
        "themes": ["De professional", "Beleid en management"],
        "target_groups": ["Jeugdwerk", "Jeugd-GGZ", "Vrijwilligersorganisaties", "Gemeenten"],
        "organisations": [(name, OrganisationRole.ORGANISER) for name in BRANCH_ORGANISATIONS]
        + [(name, OrganisationRole.PARTNER) for name in ("MOVISIE", "NJi", "NOV")]
        + [("ZonMw", OrganisationRole.FUNDER)],
        "is_free": True,
        "registration_mode": "open",
        "registration_opens_at": b.in_days(21, 9),
        "ask_role": "optional",
        "ask_dietary_wishes": "optional",
        "privacy_statement": REGISTRATION_PRIVACY,
        "registration_confirmation_text": "<p>De inlooplunch begint om 12:00 uur. Kun je "
        "toch niet komen? Meld je dan af met de link in je bevestiging, dan gaat je plaats "
        "naar iemand op de wachtlijst.</p>",
        "previous_edition": b.event("regional-2013"),
        "sessions": [
            {
                "start": b.in_days(35 + 7 * i, 12),
                "end": b.in_days(35 + 7 * i, 17),
                "city": city,
                "note": "Inlooplunch vanaf 12:00 uur",
                "places": REGIONAL_PLACES[city],
            }
            for i, city in enumerate(REGIONAL_CITIES_NEXT)
        ],
    }


def themacafe_next(b):
    return {
        "slug": "themacafe-jeugdhulp",
        "title": "Themacafé Jeugdhulp: hoe staan we ervoor?",
        "intro": "Twee avonden in Holland Rijnland om terug te kijken en vooruit te denken: "
        "wat is er sinds het vorige themacafé veranderd in de jeugdhulp?",
        "event_type": b.term("event_types", "Themacafé"),
        "region": b.term("regions", "Holland Rijnland"),
        "themes": ["Beleid en management"],
        "target_groups": ["Gemeenten", "Curatieve jeugdzorg"],
        "organisations": [("TWO Jeugdhulp", OrganisationRole.ORGANISER)],
        "is_free": True,
        "registration_mode": "open",
        "ask_organisation": "optional",
        "ask_role": "",
        "free_question": "Welke vraag wil je die avond besproken zien?",
        "privacy_statement": THEMACAFE_PRIVACY,
        "previous_edition": b.event("themacafe-2018"),
        "sessions": [
            {
                "start": b.in_days(14, 19, 30),
                "end": b.in_days(14, 21, 30),
                "venue": "Leo Kannerschool",
                "city": "Oegstgeest",
                "status": SessionStatus.CANCELLED,
                "note": "Deze avond gaat niet door; kom op de tweede avond",
            },
            {
                "start": b.in_days(42, 19, 30),
                "end": b.in_days(42, 21, 30),
                "venue": "Leo Kannerschool",
                "city": "Oegstgeest",
                "places": 40,
            },
        ],
    }


def fourth_wednesdays(after, count):
    """The first ``count`` fourth Wednesdays of a month after the day ``after``."""
    days = []
    year, month = after.year, after.month
    while len(days) < count:
        first = dt.date(year, month, 1)
        day = first + dt.timedelta(days=(2 - first.weekday()) % 7 + 21)
        if day > after:
            days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def themacafe_series(b):
    """The follow-up evenings of the themacafé: every fourth Wednesday for a year, with the
    summer evening cancelled and the third evening in the library."""
    days = fourth_wednesdays(b.today + dt.timedelta(days=7), 12)
    summer = next(day for day in days if day.month in (7, 8))
    changed = next(day for day in days[2:] if day != summer)
    return {
        "slug": "vervolgavonden-themacafe",
        "title": "Vervolgavonden Themacafé Jeugdhulp",
        "intro": "Na het themacafé praten we elke vierde woensdag van de maand verder, in een "
        "kleine kring: gemeenteraadsleden, zorgaanbieders en medewerkers van TWO Jeugdhulp.",
        "event_type": b.term("event_types", "Themacafé"),
        "region": b.term("regions", "Holland Rijnland"),
        "themes": ["Beleid en management"],
        "target_groups": ["Gemeenten"],
        "organisations": [("TWO Jeugdhulp", OrganisationRole.ORGANISER)],
        "is_free": True,
        "previous_edition": b.event("themacafe-next"),
        "sessions": [
            {
                "start": b.at(days[0], 19, 30),
                "end": b.at(days[0], 21, 30),
                "venue": "Leo Kannerschool",
                "city": "Oegstgeest",
                "repeat_frequency": "monthly",
                "repeat_weekdays": "WE",
                "repeat_week_of_month": 4,
                "repeat_count": len(days),
                "repeat_exceptions": [
                    (
                        "change",
                        {
                            "date": summer,
                            "status": SessionStatus.CANCELLED,
                            "note": "Zomerstop: deze avond gaat niet door",
                        },
                    ),
                    (
                        "change",
                        {
                            "date": changed,
                            "status": SessionStatus.SCHEDULED,
                            "start_time": dt.time(20),
                            "venue": "Bibliotheek Oegstgeest",
                            "note": "Deze keer in de bibliotheek, een halfuur later",
                        },
                    ),
                ],
            }
        ],
    }


#: (key in context["events"], builder), in the order they are created.
EVENTS = [
    ("seminar-2011", seminar_2011),
    ("symposium-2012", symposium_2012),
    ("regional-2013", regional_2013),
    ("themacafe-2018", themacafe_2018),
    ("wat-als-2023", wat_als_2023),
    ("symposium-next", symposium_next),
    ("regional-next", regional_next),
    ("themacafe-next", themacafe_next),
    ("themacafe-series", themacafe_series),
]
