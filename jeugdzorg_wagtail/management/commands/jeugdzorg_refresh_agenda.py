"""Store the agenda's dates of repeating sessions up to the horizon (for cron, once a day)."""

from django.core.management.base import BaseCommand

from ...events.entries import AgendaHorizon, extend_horizon, horizon_until, refresh_entries
from ...events.models import EventSession
from ...sources.agenda import refresh_source
from ...sources.models import AgendaSource

BATCH = 200


class Command(BaseCommand):
    help = (
        "Store the dates of repeating sessions that came within AGENDA_HORIZON_DAYS days, so "
        "that no visitor waits for it. With --all, write the dates of every session anew (after "
        "sessions were written around their save(), for example by SQL or bulk_create), and of "
        "every partner event."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Write the dates of every session anew."
        )

    def handle(self, *args, all=False, **options):
        until = horizon_until()
        if all:
            count, batch = 0, []
            for session in EventSession.objects.order_by("pk").iterator(chunk_size=BATCH):
                batch.append(session)
                if len(batch) == BATCH:
                    refresh_entries(batch, until)
                    count, batch = count + len(batch), []
            refresh_entries(batch, until)
            count += len(batch)
            sources = AgendaSource.objects.order_by("pk")
            for source in sources:
                refresh_source(source, until)
            AgendaHorizon.objects.update_or_create(pk=1, defaults={"until": until})
            self.stdout.write(f"Dates of {count} sessions written up to {until}.")
            self.stdout.write(f"Dates of the events of {len(sources)} agenda sources written.")
            return
        stored = AgendaHorizon.objects.filter(pk=1).values_list("until", flat=True).first()
        if stored is not None and stored >= until:
            self.stdout.write(f"Dates are stored up to {stored}; nothing to do.")
            return
        extend_horizon(until, since=stored)
        self.stdout.write(f"Dates are stored up to {until}.")
