from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JeugdzorgWagtailConfig(AppConfig):
    name = "jeugdzorg_wagtail"
    label = "jeugdzorg_wagtail"
    verbose_name = _("Youth-care network")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django: these modules import models, which are importable only once ready() runs.
        # Importing them registers the system checks, import resources and sources of
        # personal data; the signal handlers are connected per sender.
        from .calls import checks as call_checks  # noqa: F401
        from .calls import personal_data as call_personal_data  # noqa: F401
        from .calls import resources as call_resources  # noqa: F401
        from .calls import signals as call_signals
        from .core import checks  # noqa: F401
        from .events import checks as event_checks  # noqa: F401
        from .events import resources as event_resources  # noqa: F401
        from .events import signals as event_signals
        from .practice import checks as practice_checks  # noqa: F401
        from .practice import personal_data as practice_personal_data  # noqa: F401
        from .practice import resources as practice_resources  # noqa: F401
        from .taxonomy import resources as taxonomy_resources  # noqa: F401

        call_signals.connect()
        event_signals.connect()
