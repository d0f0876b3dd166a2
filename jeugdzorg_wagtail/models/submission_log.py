"""The log of what editors do with submissions, visible to the editors of the call.

Wagtail keeps log entries of plain models in one table and shows them (in **Reports → Site
history**) to every user with a permission on the model, so every editor with a submission
permission would see the status changes of every call. :class:`SubmissionLogEntry` holds the
log of call submissions instead, with the call it belongs to, and shows an entry only to the
users who see the submission itself: those who may edit the call's page, and superusers.
Wagtail writes to it through ``register_log_actions`` (see ``wagtail_hooks.py``).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager

from .calls import CallForParticipationPage, CallSubmission, calls_for_user

__all__ = ["SubmissionLogEntry"]

#: Any of these permissions opens the inbox (and, for their calls, its log).
SUBMISSION_PERMISSIONS = ("view", "change", "delete", "view_personal_data")


class SubmissionLogEntryManager(BaseLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.update(object_id=str(instance.pk), call_id=instance.call_id)
        return super().log_action(instance, action, **kwargs)

    def for_instance(self, instance):
        return self.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )

    def viewable_by_user(self, user):
        """Entries of the calls whose submissions ``user`` sees; all for superusers."""
        if user.is_active and user.is_superuser:
            return self.all()
        opts = CallSubmission._meta
        if not any(
            user.has_perm(
                f"{opts.app_label}.{name}"
                if name == "view_personal_data"
                else f"{opts.app_label}.{name}_{opts.model_name}"
            )
            for name in SUBMISSION_PERMISSIONS
        ):
            return self.none()
        return self.filter(call_id__in=calls_for_user(user).values("pk"))


class SubmissionLogEntry(BaseLogEntry):
    """A log entry about one call submission (status changed, practice example made, …)."""

    object_id = models.CharField(max_length=255, db_index=True)
    call = models.ForeignKey(
        CallForParticipationPage,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("call"),
    )

    objects = SubmissionLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("submission log entry")
        verbose_name_plural = _("submission log entries")

    def __str__(self):
        return f"SubmissionLogEntry {self.pk}: {self.action!r} on submission {self.object_id}"
