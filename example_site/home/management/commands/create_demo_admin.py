"""Creates the local admin account of the example site (never part of the package)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

USERNAME = "admin"
PASSWORD = "demo-admin"  # noqa: S105  (a local demo account, refused with DEBUG off)


class Command(BaseCommand):
    help = "Create the example site's local admin account (admin / demo-admin) if it is missing."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo admin account is for a local demo with DEBUG on only.")
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=USERNAME,
            defaults={"email": "admin@example.org", "is_staff": True, "is_superuser": True},
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        site = Site.objects.filter(is_default_site=True).first()
        root = site.root_url if site else "http://127.0.0.1:8000"
        self.stdout.write(
            f"\nLog in at {root}/admin/ as "
            f"'{USERNAME}' with password '{PASSWORD}' (local demo account).\n"
        )
