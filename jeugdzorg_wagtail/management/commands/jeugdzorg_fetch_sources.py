"""Fetches the partner calendars that are due: ``python manage.py jeugdzorg_fetch_sources``.

For cron (every few minutes) or a worker. A source is due when it is on and its interval has
passed since its last fetch; ``--all`` fetches every source that is on, ``--source ID`` the
ones named (also when off). A partner's failure (an unreachable server, a broken calendar) is
recorded on its source, shown to editors (in their language) and printed here (in English);
it is no error of this command.
The exit status is non-zero only when this site failed (the database), after every source
had its turn.
"""

from django.core.management.base import BaseCommand, CommandError, no_translations

from ...sources.importing import fetch_sources
from ...sources.models import AgendaSource


class Command(BaseCommand):
    help = "Fetch the partner calendars (agenda sources) that are due, or all of them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Fetch every source that is on, due or not.",
        )
        parser.add_argument(
            "--source",
            type=int,
            action="append",
            dest="sources",
            metavar="ID",
            help="Fetch this source (its ID in the admin's address), also when it is off. "
            "May be given more than once.",
        )

    @no_translations  # in English, as the other commands; editors read the admin in theirs
    def handle(self, *args, **options):
        if options["sources"]:
            sources = AgendaSource.objects.filter(pk__in=options["sources"])
            missing = set(options["sources"]) - set(sources.values_list("pk", flat=True))
            if missing:
                raise CommandError(
                    "No source with ID " + ", ".join(str(pk) for pk in sorted(missing)) + "."
                )
        elif options["all"]:
            sources = AgendaSource.objects.enabled()
        else:
            sources = AgendaSource.objects.due()
        sources = list(sources.order_by("name", "pk"))
        if not sources:
            if options["verbosity"] >= 1:
                self.stdout.write("No source is due.")
            return
        outcomes, errors = fetch_sources(sources)
        failed = 0
        for outcome in outcomes:
            failed += not outcome.ok
            if options["verbosity"] >= 1:
                style = self.style.SUCCESS if outcome.ok else self.style.WARNING
                self.stdout.write(style(f"[{outcome.source.pk}] {outcome.message}"))
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{len(outcomes)} source(s) fetched: {len(outcomes) - failed} fine, {failed} not."
            )
        if errors:
            raise CommandError(
                f"{len(errors)} source(s) could not be stored because of an error on this site "
                f"(see the log): {errors[0]!r}"
            )
