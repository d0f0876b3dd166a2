"""Demo agenda: the agenda page (its events are added as the agenda features land)."""

from ..models import EventIndexPage
from .utils import add_child, get_child


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
