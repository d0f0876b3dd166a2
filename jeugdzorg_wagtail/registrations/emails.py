"""The e-mails of registration. Each goes out after the transaction that caused it committed.

To a person who registered (in the language they registered in), with their own link:

* ``confirmation``: the sessions and where they stand (a place, or a place on the waiting
  list), with an ``.ics`` file per confirmed session (:mod:`.calendar`); sent again, as
  ``changed``, after they changed their registration;
* ``promoted``: a place came free and is theirs, with the session's ``.ics``;
* ``session_changed``: the editors changed a session's time, place or status, with the
  updated ``.ics`` (a higher ``SEQUENCE``, or ``STATUS:CANCELLED``);
* ``links``: their links again, when they asked for them.

When sending fails the registration is kept and marked (``email_failed``, with a note), as a
call's submissions are; editors see it in the registrations list.

To an address on an event's interest list: ``interest_confirm`` (confirm it: double opt-in) and
``interest_open`` (registration has opened), the only message it ever gets, with a link that
removes the address at once (also as a ``List-Unsubscribe`` header).

The templates are reached through the page's ``get_registration_email_template(kind)``.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from ..calls.emails import one_line, rich_text_to_plain
from ..core.conf import jw_settings
from . import tokens
from .calendar import CONTENT_TYPE, session_attachments
from .choices import PlaceStatus

__all__ = [
    "EMAIL_TEMPLATES",
    "absolute_route_url",
    "registration_link",
    "send_confirmation",
    "send_interest_confirmation",
    "send_interest_open",
    "send_links",
    "send_promotions",
    "send_messages",
    "send_session_change",
    "session_change_messages",
]

logger = logging.getLogger("jeugdzorg_wagtail.registrations")

EMAIL_TEMPLATES = {
    kind: f"jeugdzorg_wagtail/emails/registration_{kind}.txt"
    for kind in (
        "confirmation",
        "promoted",
        "session_changed",
        "links",
        "interest_confirm",
        "interest_open",
    )
}


def absolute_route_url(page, route, *args):
    """The absolute URL of a route of ``page`` (on the root URL of the page's site)."""
    return (page.get_full_url() or "") + page.reverse_subpage(route, args=args).lstrip("/")


def registration_link(page, registration):
    """The absolute URL of a person's own registration (``registration/<token>/``)."""
    return absolute_route_url(page, "registration", registration.token)


def _language(value):
    return value or settings.LANGUAGE_CODE


def mark_failed(registration, kind, error):
    """Keep a note that an e-mail to ``registration`` failed (shown to editors)."""
    note = f"{timezone.now():%Y-%m-%d %H:%M} {kind}: {error}"
    notes = "\n".join(filter(None, [registration.email_notes, note]))
    type(registration).objects.filter(pk=registration.pk).update(
        email_failed=True, email_notes=notes
    )
    registration.email_failed, registration.email_notes = True, notes


def _send(message, registration, kind):
    """Send ``message``; a failure is logged and marked on ``registration``, never raised."""
    if not message.to:
        return False
    try:
        message.send()
    except Exception as exc:  # any backend error: the registration must stay
        logger.exception("Sending the %s of registration %s failed", kind, registration.pk)
        mark_failed(registration, kind, type(exc).__name__)
        return False
    return True


def _context(page, registration, **extra):
    return {
        "page": page,
        "event": page,
        "event_url": page.get_full_url() or "",
        "registration": registration,
        "tz_name": jw_settings.calendar_time_zone,
        "registration_url": registration_link(page, registration) if registration else "",
        "confirmation_text": rich_text_to_plain(
            getattr(page, "registration_confirmation_text", "")
        ),
        **extra,
    }


def _message(page, kind, subject, context, to, attachments=(), headers=None):
    body = render_to_string(page.get_registration_email_template(kind), context)
    message = EmailMessage(subject=one_line(subject), body=body, to=to, headers=headers)
    for name, content in attachments:
        message.attach(name, content, CONTENT_TYPE)
    return message


def _confirmed_sessions(entries):
    return [entry.session_id for entry in entries if entry.status == PlaceStatus.CONFIRMED]


def _attachments(page, session_ids):
    if not session_ids:
        return []
    session_model = type(page)._meta.get_field("sessions").related_model
    return session_attachments(page, session_model._default_manager.filter(pk__in=session_ids))


def send_confirmation(page, registration, changed=False, only_sessions=None):
    """The confirmation of a registration (or, with ``changed``, of a change to it).

    Every session it holds, with its status; an ``.ics`` for each confirmed session (with
    ``only_sessions``, for those of them only: the newly confirmed ones after a change).
    """
    entries = list(registration.entries.select_related("session").order_by("session__start"))
    attach = _confirmed_sessions(entries)
    if only_sessions is not None:
        attach = [pk for pk in attach if pk in set(only_sessions)]
    with translation.override(_language(registration.language)):
        context = _context(page, registration, entries=entries, changed=changed)
        if changed:
            subject = gettext("Your registration for “%(event)s” has been changed")
        else:
            subject = gettext("Your registration for “%(event)s”")
        message = _message(
            page,
            "confirmation",
            subject % {"event": page.title},
            context,
            [registration.email],
            _attachments(page, attach),
        )
    return _send(message, registration, "confirmation")


def send_promotions(page, entries):
    """To each of ``entries`` that moved up from the waiting list: the place is theirs."""
    for entry in entries:
        registration = entry.registration
        with translation.override(_language(registration.language)):
            context = _context(page, registration, entry=entry, session=entry.session)
            subject = gettext("A place has come free: you can attend “%(event)s”") % {
                "event": page.title
            }
            message = _message(
                page,
                "promoted",
                subject,
                context,
                [registration.email],
                _attachments(page, [entry.session_id]),
            )
        _send(message, registration, "promoted")


def session_change_messages(page, session, entries, cancelled=False):
    """``[(message, registration)]``: to each of ``entries`` (of one session), that the
    session changed or is cancelled.

    Those with a place get the session's updated ``.ics``; with ``cancelled`` (a session
    that is being removed) it says ``STATUS:CANCELLED``, one ``SEQUENCE`` higher.
    """
    if not entries:
        return []
    session_model = type(session)
    files = session_attachments(
        page, session_model._default_manager.filter(pk=session.pk), cancelled=cancelled
    )
    status = "cancelled" if cancelled else session.status
    messages = []
    for entry in entries:
        registration = entry.registration
        with translation.override(_language(registration.language)):
            context = _context(
                page, registration, entry=entry, session=session, session_status=status
            )
            subject = gettext("Changed: “%(event)s”") % {"event": page.title}
            if status == "cancelled":
                subject = gettext("Cancelled: “%(event)s”") % {"event": page.title}
            message = _message(
                page,
                "session_changed",
                subject,
                context,
                [registration.email],
                files if entry.status == PlaceStatus.CONFIRMED else (),
            )
        messages.append((message, registration))
    return messages


def send_messages(messages, kind):
    """Send ``[(message, registration)]``; failures are marked on the registrations."""
    for message, registration in messages:
        _send(message, registration, kind)


def send_session_change(page, session, entries):
    """To each of ``entries`` (of one session): the session changed (or is cancelled)."""
    send_messages(session_change_messages(page, session, entries), "session_changed")


def send_links(page, registrations, language=None):
    """The links of ``registrations`` (of one address) to that address."""
    if not registrations:
        return
    first = registrations[0]
    with translation.override(_language(language or first.language)):
        links = [registration_link(page, registration) for registration in registrations]
        context = _context(page, first, links=links)
        subject = gettext("Your registration for “%(event)s”: your link") % {"event": page.title}
        message = _message(page, "links", subject, context, [first.email])
    _send(message, first, "links")


def send_interest_confirmation(page, interest):
    """The message that asks to confirm an address on the interest list (double opt-in)."""
    with translation.override(_language(interest.language)):
        url = absolute_route_url(page, "interest_confirm", interest.token(tokens.CONFIRM_INTEREST))
        context = _context(page, None, interest=interest, confirm_url=url)
        subject = gettext("Confirm that you want to hear when registration for “%(event)s” opens")
        message = _message(
            page, "interest_confirm", subject % {"event": page.title}, context, [interest.email]
        )
    message.send()


def send_interest_open(page, interest):
    """The one message to a confirmed address: registration has opened. Raises on failure."""
    with translation.override(_language(interest.language)):
        leave_url = absolute_route_url(
            page, "interest_leave", interest.token(tokens.LEAVE_INTEREST)
        )
        register_url = absolute_route_url(page, "register")
        context = _context(
            page, None, interest=interest, register_url=register_url, leave_url=leave_url
        )
        subject = gettext("Registration for “%(event)s” is open") % {"event": page.title}
        message = _message(
            page,
            "interest_open",
            subject,
            context,
            [interest.email],
            headers={"List-Unsubscribe": f"<{leave_url}>"},
        )
    message.send()
