"""Signal handlers of registration; ``apps.ready()`` calls :func:`connect`.

* Publishing an event keeps its privacy statement's text as a version, tells those registered
  for a session that changed (its time, place or status: its ``SEQUENCE`` rose) once per
  change, and gives places that came free (more places, a session on again) to the waiting
  lists. The e-mails go out after the publication committed.
* Removing a session tells those registered for it that it is cancelled.
"""

from django.db import transaction
from django.db.models.signals import pre_delete
from django.utils import timezone
from wagtail.signals import page_published

from ..core.privacy_statement import record_privacy_statement_version
from ..core.signals import connect_each, models_derived_from, page_models_with
from ..events.choices import SessionStatus
from . import emails, places
from .mixins import OnSiteRegistrationMixin, SessionPlacesMixin

__all__ = ["announce_changes", "connect", "notify_changed_sessions", "notify_removed_session"]


def notify_changed_sessions(sender, instance, **kwargs):
    """An event was published: after commit, :func:`announce_changes` for its sessions."""
    page = instance
    entry_model = page.get_session_registration_model()
    if not entry_model.objects.active().filter(session__page_id=page.pk).exists():
        return
    transaction.on_commit(lambda: announce_changes(page))


def announce_changes(page, now=None):
    """Tell those registered for a session of ``page`` that changed since they were last told
    (each change once), and fill the places that are free from the waiting lists."""
    now = now or timezone.now()
    entry_model = page.get_session_registration_model()
    session_model = entry_model._meta.get_field("session").related_model
    for session in session_model.objects.filter(page_id=page.pk).order_by("start", "pk"):
        changed = entry_model.objects.active().filter(
            session=session, sequence_sent__lt=session.sequence
        )
        told = [
            entry
            for entry in changed.select_related("registration")
            # Moved on here and now, so that a second publication tells nobody twice.
            if entry_model.objects.filter(pk=entry.pk, sequence_sent__lt=session.sequence).update(
                sequence_sent=session.sequence
            )
        ]
        emails.send_session_change(page, session, told)
        with transaction.atomic():
            locked = places.lock_sessions(session_model, [session.pk])
            promoted = places.fill_places(locked[0], entry_model, now)
        emails.send_promotions(page, promoted)


def notify_removed_session(sender, instance, **kwargs):
    """A session is being removed: those registered for it hear that it is cancelled.

    Only for a session that has not ended and was not cancelled already. The messages and
    their ``.ics`` are made now, while the session's row is still there; they are sent after
    commit.
    """
    if instance.end_bound and instance.end_bound <= timezone.now():
        return
    if instance.status == SessionStatus.CANCELLED:
        return
    entries = list(instance.registrations.active().select_related("registration"))
    if not entries:
        return
    page = instance.page.specific
    messages = emails.session_change_messages(page, instance, entries, cancelled=True)
    transaction.on_commit(lambda: emails.send_messages(messages, "session_changed"))


def connect():
    """Connect the handlers to the event pages and sessions with registration."""
    events = page_models_with(OnSiteRegistrationMixin)
    connect_each(page_published, record_privacy_statement_version, events)
    connect_each(page_published, notify_changed_sessions, events)
    connect_each(pre_delete, notify_removed_session, models_derived_from(SessionPlacesMixin))
