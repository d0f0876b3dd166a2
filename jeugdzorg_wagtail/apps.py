from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JeugdzorgWagtailConfig(AppConfig):
    name = "jeugdzorg_wagtail"
    label = "jeugdzorg_wagtail"
    verbose_name = _("Youth-care network")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401  (register signal handlers)
        from .core import checks  # noqa: F401  (register system checks)
        from .events import resources as event_resources  # noqa: F401  (register resources)
        from .practice import resources as practice_resources  # noqa: F401
        from .taxonomy import resources as taxonomy_resources  # noqa: F401
