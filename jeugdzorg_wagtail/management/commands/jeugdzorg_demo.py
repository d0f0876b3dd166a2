"""Loads the Dutch demo content: ``python manage.py jeugdzorg_demo``.

It builds its tree under the default site's root page (or ``--parent``). Running it again adds
and changes nothing: every piece is looked up by its slug first. It never creates users, and
with DEBUG off it refuses to run unless given ``--yes``.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page, Site

from ...demo import load_demo
from ...models import (
    CallForParticipationPage,
    EventIndexPage,
    PracticeExampleIndexPage,
    PresentationIndexPage,
    ThemeIndexPage,
)

#: The page types the demo puts straight under its parent, whose addresses it prints.
DEMO_PAGE_TYPES = (
    EventIndexPage,
    PracticeExampleIndexPage,
    PresentationIndexPage,
    ThemeIndexPage,
    CallForParticipationPage,
)


class Command(BaseCommand):
    help = "Load the Dutch demo content (agenda, calls, practice examples, presentations)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--parent",
            type=int,
            help="ID of the page to build the demo under (default: the default site's root page).",
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Run even with DEBUG off (the demo adds public pages to the site).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["yes"]:
            raise CommandError(
                "DEBUG is off: this looks like a production site. The demo adds public pages; "
                "run again with --yes if you really want them here."
            )
        if options["parent"]:
            try:
                parent = Page.objects.get(pk=options["parent"]).specific
            except Page.DoesNotExist as exc:
                raise CommandError(f"No page with ID {options['parent']}.") from exc
        else:
            site = Site.objects.filter(is_default_site=True).first()
            if site is None:
                raise CommandError("There is no default site; pass --parent.")
            parent = site.root_page.specific

        with transaction.atomic():
            report = load_demo(parent)
        created = [name for name, was_created in report if was_created]
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content added: {len(created)} item(s)."))
            for name in created:
                self.stdout.write(f"  + {name}")
        else:
            self.stdout.write("The demo content is already there; nothing changed.")
        self.write_addresses(parent)
        self.stdout.write(
            "\nThe demo's partner agenda (Network data > Agenda sources) is a calendar this site "
            "serves itself. While the site runs, fetch it again with:\n"
            "  python manage.py jeugdzorg_fetch_sources --all\n"
            "(this needs JEUGDZORG_WAGTAIL['SOURCES_ALLOW_LOOPBACK'] = True, as in the example "
            "site; it fetches from 127.0.0.1 only)."
        )

    def write_addresses(self, parent):
        """Where the demo's pages are, for a site whose home page links to none of them."""
        pages = [
            page
            for page in parent.get_children().live().specific()
            if isinstance(page, DEMO_PAGE_TYPES)
        ]
        if not pages:
            return
        self.stdout.write("\nThe demo's pages:")
        for page in pages:
            url = page.get_full_url() or page.url_path
            self.stdout.write(f"  {page.title}: {url}")
        self.stdout.write(
            "These addresses (and those in feeds and e-mails) use the hostname and port of the "
            "site in Settings > Sites: set them to the address you serve the site on."
        )
