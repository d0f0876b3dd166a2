from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JeugdzorgWagtailConfig(AppConfig):
    name = "jeugdzorg_wagtail"
    label = "jeugdzorg_wagtail"
    verbose_name = _("Youth-care network")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import startup  # Django: models are importable only once ready() runs

        startup.connect_signals()
