"""Demo library: the page "Praktijkvoorbeelden" and the network's practice examples.

Each example is looked up by its slug first and created only when it is missing. Taxonomy
comes from the taxonomy step (``context["themes"]`` and so on); where the events step has made
the events an example was presented at (``context["events"]``), the example links to them.
"""

from ..models import PracticeExampleIndexPage, PracticeExampleOrganisation, PracticeExamplePage
from .utils import add_child, get_child

LIBRARY = {
    "title": "Praktijkvoorbeelden",
    "slug": "praktijkvoorbeelden",
    "intro": "<p>Wat doen professionals in de jeugdzorg al anders, en wat levert het op? "
    "Zoek op regio, thema, doelgroep of organisatie, of op een woord dat je onthouden hebt.</p>",
    "search_description": "Praktijkvoorbeelden uit de jeugdzorg: wie doet wat, waar en voor wie.",
}

EXAMPLES = [
    {
        "slug": "haven-71-op-de-leo-kannerschool",
        "title": "Haven 71 op de Leo Kannerschool",
        "summary": "Jeugdhulp die naar de leerling toe komt: begeleiders van Haven 71 werken "
        "in de school, zodat er veel meer tijd overblijft voor de begeleiding zelf.",
        "body": [
            (
                "paragraph",
                "<p>Leerlingen van de Leo Kannerschool in Oegstgeest die jeugdhulp nodig "
                "hebben, hoeven daarvoor de school niet uit. De begeleiders van Haven 71 "
                "zijn op school aanwezig en sluiten aan bij wat de leerling daar meemaakt.</p>"
                "<p>Omdat reistijd en wachtkamers wegvallen, gaat de tijd naar de "
                "begeleiding. Docenten en begeleiders kennen elkaar en stemmen snel af.</p>",
            ),
            (
                "quote",
                {
                    "quote": "De hulp zit nu in hetzelfde gebouw als de klas.",
                    "attribution": "Uit de presentatie op het themacafé",
                },
            ),
        ],
        "results": "<p>Veel meer tijd voor begeleiding, minder verzuim door afspraken elders, "
        "en korte lijnen tussen school en jeugdhulp. Gefinancierd uit het Tijdelijk Fonds "
        "Jeugdhulp.</p>",
        "region": "Holland Rijnland",
        "themes": ["De professional", "Beleid en management"],
        "target_groups": ["Curatieve jeugdzorg", "Jeugd-GGZ"],
        "organisations": ["Haven 71", "Leo Kannerschool"],
        "period_text": "sinds het schooljaar 2017-2018",
        "is_running": True,
        "contact_name": "Haven 71",
        "contact_email": "info@haven71.example.org",
        "events": ["themacafe-2018"],
    },
    {
        "slug": "garage2020",
        "title": "Garage2020",
        "summary": "Een netwerk van werkplaatsen dat vraagstukken uit de jeugdzorg van een "
        "andere kant bekijkt, ze uitpluist en met nieuwe oplossingen komt.",
        "body": [
            (
                "paragraph",
                "<p>In de werkplaatsen van Garage2020 werken jongeren, professionals en "
                "ontwerpers samen. Ze beginnen niet bij de oplossing maar bij de vraag: wat "
                "is hier eigenlijk het probleem, en voor wie?</p>"
                "<p>Door een vraagstuk eerst goed te omschrijven en uit elkaar te halen, "
                "ontstaan ideeën die binnen de gewone structuren niet opkomen.</p>",
            ),
        ],
        "results": "<p>Nieuwe oplossingen die met de doelgroep zijn bedacht en getest. De les: "
        "neem de tijd om het probleem te begrijpen voordat je iets bouwt.</p>",
        "region": "Landelijk",
        "themes": ["De professional", "Jongeren en ouders"],
        "target_groups": ["Jeugdwerk", "Gemeenten"],
        "organisations": ["Garage2020"],
        "is_running": True,
        "contact_name": "Garage2020",
        "contact_url": "https://www.garage2020.example.org/contact/",
        "events": ["themacafe-2018"],
    },
    {
        "slug": "beveiligde-website-voor-kind-en-gezin",
        "title": "Beveiligde website voor kind en gezin",
        "summary": "Een afgeschermde website geeft kind en gezin informatie op maat en direct "
        "contact met hun hulpverlener.",
        "body": [
            (
                "paragraph",
                "<p>Op een beveiligde website vinden een kind en zijn ouders de informatie die "
                "bij hun situatie past. Ze sturen hun hulpverlener een bericht wanneer het hen "
                "uitkomt, en krijgen antwoord zonder op een afspraak te wachten.</p>",
            ),
        ],
        "results": "<p>Cliënten zijn beter op de hoogte en nemen eerder zelf contact op: de "
        "cliënt als partner.</p>",
        "region": "Limburg",
        "themes": ["Jongeren en ouders"],
        "target_groups": ["Preventieve jeugdzorg", "Curatieve jeugdzorg"],
        "organisations": ["Jeugdzorg 2.0 Limburg"],
        "start_year": 2011,
        "is_running": True,
        "contact_name": "Jeugdzorg 2.0 Limburg",
        "contact_email": "info@jeugdzorg20.example.org",
        "events": ["symposium-2012"],
    },
    {
        "slug": "kennis-delen-via-sociale-media",
        "title": "Kennis delen via sociale media",
        "summary": "Professionals in Limburg delen wat ze weten en vragen elkaar om raad via "
        "sociale media, over de grenzen van hun organisatie heen.",
        "body": [
            (
                "paragraph",
                "<p>Een vraag over een lastige casus, een nuttig artikel, een aankondiging: "
                "professionals zetten het online en collega's van andere organisaties reageren. "
                "Zo wordt kennis die anders in één team blijft, van iedereen.</p>",
            ),
        ],
        "results": "<p>Sneller antwoord op vragen en een netwerk dat ook buiten bijeenkomsten "
        "doorgaat. Les: spreek af wat wel en niet online kan, zodat privacy van cliënten "
        "gewaarborgd blijft.</p>",
        "region": "Limburg",
        "themes": ["De professional"],
        "target_groups": ["Jeugdwerk", "Preventieve jeugdzorg"],
        "organisations": ["Jeugdzorg 2.0 Limburg"],
        "start_year": 2011,
        "end_year": 2013,
        "is_running": False,
        "contact_name": "Jeugdzorg 2.0 Limburg",
        "contact_email": "info@jeugdzorg20.example.org",
        "events": ["symposium-2012"],
    },
    {
        "slug": "online-samenwerken-en-gedeelde-agendas",
        "title": "Online samenwerken en gedeelde agenda's",
        "summary": "Organisaties rond een gezin plannen en werken samen in een gedeelde "
        "online omgeving, met agenda's die iedereen kan inzien.",
        "body": [
            (
                "paragraph",
                "<p>Wanneer meerdere organisaties bij één gezin betrokken zijn, kost afstemmen "
                "veel tijd. Met gedeelde agenda's en een online werkruimte ziet iedereen wie "
                "wanneer wat doet, en hoeven overleggen niet telkens per mail te worden "
                "gepland.</p>",
            ),
        ],
        "results": "<p>Minder dubbel werk en minder gemiste afspraken. Het werkt pas als alle "
        "betrokken organisaties meedoen.</p>",
        "region": "Limburg",
        "themes": ["De professional", "Beleid en management"],
        "target_groups": ["Curatieve jeugdzorg", "Jeugdbescherming en justitie", "Gemeenten"],
        "organisations": ["Jeugdzorg 2.0 Limburg"],
        "start_year": 2012,
        "start_month": 1,
        "is_running": True,
        "contact_name": "Jeugdzorg 2.0 Limburg",
        "contact_url": "https://www.jeugdzorg20.example.org/contact/",
        "events": ["symposium-2012"],
        "links": [
            ("link", {"title": "Jeugdzorg 2.0", "url": "https://www.jeugdzorg20.example.org/"})
        ],
    },
]


def load(parent, report, context):
    library = get_child(parent, LIBRARY["slug"])
    if library is None:
        library = add_child(parent, PracticeExampleIndexPage(show_in_menus=True, **LIBRARY), report)
    context["practice_library"] = library
    examples = context.setdefault("practice_examples", {})
    for values in EXAMPLES:
        examples[values["slug"]] = _get_or_create(library, dict(values), report, context)


def _get_or_create(library, values, report, context):
    existing = get_child(library, values["slug"])
    if existing is not None:
        return existing

    def terms(kind, names):
        found = context.get(kind, {})
        return [found[name] for name in names if name in found]

    region = context.get("regions", {}).get(values.pop("region", None))
    themes = terms("themes", values.pop("themes", []))
    target_groups = terms("target_groups", values.pop("target_groups", []))
    organisations = terms("organisations", values.pop("organisations", []))
    events = [
        event
        for key in values.pop("events", [])
        if (event := context.get("events", {}).get(key)) is not None
    ]
    values.setdefault("import_key", values["slug"])  # so an export imports back onto it
    page = PracticeExamplePage(region=region, **values)
    page.themes = themes
    page.target_groups = target_groups
    page.presented_at = events
    page.organisation_links = [
        PracticeExampleOrganisation(organisation=organisation) for organisation in organisations
    ]
    return add_child(library, page, report)
