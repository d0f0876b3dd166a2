"""Demo network settings for the site the demo is loaded into (only fields still empty)."""

from wagtail.models import Site

from ..models import NetworkSettings

VALUES = {
    "name": "Netwerk Jeugdzorg",
    "description": (
        "Een regionaal netwerk van professionals in de jeugdzorg. We organiseren symposia, "
        "regiobijeenkomsten en themacafés, verzamelen praktijkvoorbeelden en delen wat er "
        "gepresenteerd is."
    ),
    "notification_email": "redactie@example.org",
    "website": "https://www.example.org/",
    "mastodon": "https://mastodon.example.org/@jeugdzorgnetwerk",
    "linkedin": "https://www.linkedin.example.org/company/jeugdzorgnetwerk",
}


def load(parent, report, context):
    site = parent.get_site() or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    settings = NetworkSettings.for_site(site)
    changed = [field for field, value in VALUES.items() if not getattr(settings, field)]
    for field in changed:
        setattr(settings, field, VALUES[field])
    if changed or settings.pk is None:
        settings.save()
        report.append(("network settings: " + ", ".join(changed), True))
