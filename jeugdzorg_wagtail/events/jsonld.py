"""An event as schema.org ``Event`` data: one per session, as search engines read it."""

from django.utils.translation import gettext_lazy as _

from .choices import AttendanceMode, OrganisationRole, SessionStatus

__all__ = [
    "SCHEMA_ATTENDANCE_MODE",
    "SCHEMA_EVENT_STATUS",
    "entry_json_ld",
    "organizers_json_ld",
    "session_json_ld",
]

SCHEMA_EVENT_STATUS = {
    SessionStatus.SCHEDULED: "https://schema.org/EventScheduled",
    SessionStatus.CANCELLED: "https://schema.org/EventCancelled",
    SessionStatus.POSTPONED: "https://schema.org/EventPostponed",
    SessionStatus.MOVED_ONLINE: "https://schema.org/EventMovedOnline",
}

SCHEMA_ATTENDANCE_MODE = {
    AttendanceMode.OFFLINE: "https://schema.org/OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    AttendanceMode.MIXED: "https://schema.org/MixedEventAttendanceMode",
}


def organizers_json_ld(roles):
    """``Organization`` dicts of the organisations with the organiser role among ``roles``
    (rows with ``role`` and ``organisation``)."""
    organizers = []
    for role in roles:
        if role.role != OrganisationRole.ORGANISER:
            continue
        organisation = {"@type": "Organization", "name": role.organisation.name}
        if role.organisation.website:
            organisation["url"] = role.organisation.website
        organizers.append(organisation)
    return organizers


def _locations(session):
    locations = []
    mode = session.compute_attendance_mode()
    if session.has_place and mode != AttendanceMode.ONLINE:
        place = {"@type": "Place"}
        if session.venue:
            place["name"] = session.venue
        address = {"@type": "PostalAddress"}
        for key, value in (
            ("streetAddress", session.address),
            ("postalCode", session.postal_code),
            ("addressLocality", session.city),
        ):
            if value:
                address[key] = value
        if len(address) > 1:
            place["address"] = address
        locations.append(place)
    if mode != AttendanceMode.OFFLINE:
        virtual = {"@type": "VirtualLocation"}
        if session.online_url_shown:
            virtual["url"] = session.online_url_shown
        else:
            virtual["description"] = str(_("The link is sent after registration."))
        locations.append(virtual)
    return locations


def session_json_ld(event, session, url, organizers=()):
    """One schema.org ``Event`` dict for one session of ``event`` (at ``url``).

    Reads the event's ``title`` and ``intro``, and ``is_free`` and ``cost`` when it has them.
    """
    zone = session.calendar_zone()
    data = {
        "@type": "Event",
        "name": event.title,
        "url": url,
        "eventStatus": SCHEMA_EVENT_STATUS.get(session.status),
        "eventAttendanceMode": SCHEMA_ATTENDANCE_MODE.get(session.compute_attendance_mode()),
    }
    # Only what is known: free when ticked, not free when a cost is given, else nothing.
    if getattr(event, "is_free", False):
        data["isAccessibleForFree"] = True
    elif (getattr(event, "cost", "") or "").strip():
        data["isAccessibleForFree"] = False
    if event.intro:
        data["description"] = event.intro
    if session.all_day:
        data["startDate"] = session.start_date.isoformat()
        data["endDate"] = session.end_date.isoformat()
    else:
        data["startDate"] = session.start.astimezone(zone).isoformat()
        if session.end:
            data["endDate"] = session.end.astimezone(zone).isoformat()
    locations = _locations(session)
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    organizers = list(organizers)
    if organizers:
        data["organizer"] = organizers[0] if len(organizers) == 1 else organizers
    if session.note:
        data["description"] = " ".join(filter(None, [data.get("description"), session.note]))
    if getattr(session, "is_moved", False) and session.status == SessionStatus.SCHEDULED:
        # A date of a series moved to another time: schema.org's rescheduled event.
        data["eventStatus"] = "https://schema.org/EventRescheduled"
        original = session.original_start
        data["previousStartDate"] = (
            original.astimezone(zone).date().isoformat()
            if session.all_day
            else original.astimezone(zone).isoformat()
        )
    return data


def entry_json_ld(entry, request=None):
    """One schema.org ``Event`` dict for one date of the agenda (an ``AgendaEntry``): of an
    event page, or of a partner's event (its title, its dates and place, and its own page as
    ``url`` when it has one)."""
    if entry.source_event_id is None:
        return session_json_ld(entry.page, entry, entry.page.get_full_url(request))
    zone = entry.calendar_zone()
    data = {
        "@type": "Event",
        "name": entry.title,
        "eventStatus": SCHEMA_EVENT_STATUS.get(entry.status),
        "eventAttendanceMode": SCHEMA_ATTENDANCE_MODE.get(entry.compute_attendance_mode()),
    }
    url = entry.get_url(request)
    if url:
        data["url"] = url
    if entry.all_day:
        data["startDate"] = entry.start_date.isoformat()
        data["endDate"] = entry.end_date.isoformat()
    else:
        data["startDate"] = entry.start.astimezone(zone).isoformat()
        if entry.end:
            data["endDate"] = entry.end.astimezone(zone).isoformat()
    locations = _locations(entry)
    if locations:
        data["location"] = locations[0]
    return data
