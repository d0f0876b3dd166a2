"""Points the default site at the address it is served on: ``set_site_address 127.0.0.1:8000``.

Wagtail builds every absolute URL (calendar feeds, ``webcal://`` links, e-mails, structured
data) on the hostname and port of the ``Site`` record, whatever address a visitor used. The
example site's migration creates its site as ``localhost`` on port 80; ``make demo`` serves it
on ``127.0.0.1:8000``, so it runs this command first and every absolute link leads back to
the server that is running.
"""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site


class Command(BaseCommand):
    help = "Set the default site's hostname and port to the address it is served on."

    def add_arguments(self, parser):
        parser.add_argument("address", help="host:port, for example 127.0.0.1:8000")

    def handle(self, *args, address, **options):
        host, sep, port = address.rpartition(":")
        if not sep or not host or not port.isdigit():
            raise CommandError(f"Give the address as host:port, not “{address}”.")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default site; run migrate first.")
        if (site.hostname, site.port) != (host, int(port)):
            site.hostname, site.port = host, int(port)
            site.save()
        self.stdout.write(f"The default site is served on {site.root_url}/.")
