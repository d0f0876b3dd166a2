"""AVG (GDPR) rights for one e-mail address: access (what is stored) and erasure."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email

from ...core import privacy


class Command(BaseCommand):
    help = (
        "Access: print everything stored about one e-mail address (JSON). "
        "With --erase: delete it (the submissions and their attachments). "
        "Either way a record is kept with a hash of the address, never the address."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The person's e-mail address.")
        parser.add_argument(
            "--erase", action="store_true", help="Delete what is stored about this address."
        )
        parser.add_argument("--user", help="The username of who handles the request.")

    def handle(self, *args, email, erase=False, user=None, **options):
        try:
            validate_email(email)
        except Exception as error:
            raise CommandError("Give a valid e-mail address.") from error
        handler = None
        if user:
            handler = get_user_model().objects.filter(username=user).first()
            if handler is None:
                raise CommandError(f"No user {user!r}.")
        report = access_report(email)
        self.stdout.write(json.dumps(report, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        for source in privacy.sources():
            if erase and source.erase is not None:
                self.stderr.write(source.erase(email, handler))
            elif not erase and source.record_access is not None:
                source.record_access(email, report[source.key], handler)


def access_report(email):
    """Everything stored about ``email``, from every source of personal data."""
    report = {"email": email.strip()}
    for source in privacy.sources():
        report[source.key] = source.report(email)
    return report
