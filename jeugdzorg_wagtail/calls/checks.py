"""System checks of the calls: where attachments of submissions are stored."""

from pathlib import Path

from django.conf import settings
from django.core import checks

from .attachments import get_attachment_storage

__all__ = ["check_attachment_storage"]


@checks.register(checks.Tags.security)
def check_attachment_storage(app_configs, **kwargs):
    """Attachments of submissions must not be stored where MEDIA_URL or STATIC_URL serve."""
    try:
        storage = get_attachment_storage()
    except Exception as exc:  # a broken STORAGES entry
        return [
            checks.Error(
                f"The attachment storage cannot be loaded: {exc}", id="jeugdzorg_wagtail.E003"
            )
        ]
    location = getattr(storage, "location", None)
    if not location:
        return []
    location = Path(location).resolve()
    for setting in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = getattr(settings, setting, None)
        if not public:
            continue
        public = Path(public).resolve()
        if location == public or public in location.parents:
            return [
                checks.Error(
                    f"Attachments of call submissions are stored inside {setting} ({public}), "
                    "where a public URL may reach them.",
                    hint="Give the STORAGES alias named by JEUGDZORG_WAGTAIL['ATTACHMENT_STORAGE'] "
                    "a location outside MEDIA_ROOT and STATIC_ROOT.",
                    id="jeugdzorg_wagtail.E004",
                )
            ]
    return []
