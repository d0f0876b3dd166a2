"""Demo taxonomy: regions, the three programme lines as themes, sectors as target groups."""

from ..models import EventType, Organisation, Region, TargetGroup, Theme
from .utils import get_or_create_term

REGIONS = [
    ("Limburg", "De provincie Limburg, met Maastricht als bestuurlijk centrum."),
    ("Holland Rijnland", "Gemeenten rond Leiden die sinds 2006 samenwerken in de jeugdhulp."),
    ("Utrecht", "De stad en regio Utrecht."),
    ("Landelijk", "Bijeenkomsten en voorbeelden voor het hele land."),
]

THEMES = [
    ("De professional", "Slimmer (samen)werken en sociale innovatie."),
    (
        "Jongeren en ouders",
        "De doelgroep is online: contact en hulp via internet en sociale media.",
    ),
    ("Beleid en management", "Ruimte geven aan professionals."),
]

TARGET_GROUPS = [
    "Preventieve jeugdzorg",
    "Curatieve jeugdzorg",
    "Jeugdbescherming en justitie",
    "Jeugdwerk",
    "Jeugd-GGZ",
    "Gehandicaptenzorg",
    "Vrijwilligersorganisaties",
    "Gemeenten",
]

EVENT_TYPES = [
    "Symposium",
    "Seminar",
    "Regiobijeenkomst",
    "Themacafé",
    "Actiedag",
    "Workshop",
]

ORGANISATIONS = [
    ("ActiZ", "https://www.actiz.example.org/"),
    ("GGD Nederland", "https://www.ggd.example.org/"),
    ("GGZ Nederland", "https://www.ggz.example.org/"),
    ("Jeugdzorg Nederland", "https://www.jeugdzorg.example.org/"),
    ("MOgroep", "https://www.mogroep.example.org/"),
    ("VGN", "https://www.vgn.example.org/"),
    ("MOVISIE", "https://www.movisie.example.org/"),
    ("NJi", "https://www.nji.example.org/"),
    ("NOV", "https://www.nov.example.org/"),
    ("ZonMw", "https://www.zonmw.example.org/"),
    ("TWO Jeugdhulp", "https://www.twojeugdhulp.example.org/"),
    ("Haven 71", "https://www.haven71.example.org/"),
    ("Garage2020", "https://www.garage2020.example.org/"),
    ("Leo Kannerschool", "https://www.leokannerschool.example.org/"),
    ("Radicale vernieuwing jeugdzorg", "https://www.radicalevernieuwing.example.org/"),
    ("Jeugdzorg 2.0 Limburg", "https://www.jeugdzorg20.example.org/"),
]


def load(parent, report, context):
    context["regions"] = {
        name: get_or_create_term(Region, report, name, description=text) for name, text in REGIONS
    }
    context["themes"] = {
        name: get_or_create_term(Theme, report, name, description=text) for name, text in THEMES
    }
    context["target_groups"] = {
        name: get_or_create_term(TargetGroup, report, name) for name in TARGET_GROUPS
    }
    context["event_types"] = {
        name: get_or_create_term(EventType, report, name) for name in EVENT_TYPES
    }
    context["organisations"] = {
        name: get_or_create_term(Organisation, report, name, website=url)
        for name, url in ORGANISATIONS
    }
