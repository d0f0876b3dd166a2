"""Places in sessions: who gets one, who waits, and who moves up when one comes free.

Places are never given twice. Whatever hands out or frees a place first locks the rows of the
sessions concerned (:func:`lock_sessions`, in a transaction), then counts the confirmed
places, then writes. On PostgreSQL the lock is ``SELECT ... FOR UPDATE`` on the session rows
(in key order, so that two registrations for the same sessions never wait for each other);
a second registration for a session waits until the first has committed and then counts it.
SQLite has no row locks: there the first write takes the database's write lock, so
registrations are counted and written one at a time.

The functions take the models from the objects they are given (the entry model is the
registration's ``entries`` model), so that a site with models of its own can use them.
"""

from django.db import connections, router
from django.db.models import Count, F

from ..events.choices import SessionStatus
from .choices import PlaceStatus

__all__ = [
    "TAKING_PLACE",
    "SessionFull",
    "book",
    "cancel_entries",
    "counts_by_session",
    "place_counts",
    "fill_places",
    "lock_sessions",
]


#: The statuses of sessions that take place (and so take registrations).
TAKING_PLACE = (SessionStatus.SCHEDULED, SessionStatus.MOVED_ONLINE)


class SessionFull(Exception):
    """A chosen session is full and has no waiting list."""

    def __init__(self, session):
        super().__init__(session)
        self.session = session


def lock_sessions(session_model, ids):
    """Lock the session rows ``ids`` until the transaction ends; returns them, in key order."""
    sessions = session_model._default_manager.filter(pk__in=list(ids)).order_by("pk")
    if connections[router.db_for_write(session_model)].features.has_select_for_update:
        return list(sessions.select_for_update())
    # SQLite: a write that changes nothing takes the database's write lock for the
    # transaction, so that another registration counts only after this one committed.
    sessions.update(places=F("places"))
    return list(sessions)


def place_counts(entries):
    """``{session id: {"confirmed": n, "waiting": m}}`` of the places in ``entries`` (a
    queryset), in one query; sessions without any are missing."""
    counts = {}
    rows = (
        entries.filter(status__in=[PlaceStatus.CONFIRMED, PlaceStatus.WAITING])
        .order_by()
        .values_list("session_id", "status")
        .annotate(count=Count("pk"))
    )
    for session_id, status, count in rows:
        counts.setdefault(session_id, {"confirmed": 0, "waiting": 0})[str(status)] = count
    return counts


def counts_by_session(entry_model, session_ids):
    """``{session id: {"confirmed": n, "waiting": m}}`` for ``session_ids``, in one query."""
    session_ids = list(session_ids)
    counts = place_counts(entry_model._default_manager.filter(session_id__in=session_ids))
    return {pk: counts.get(pk, {"confirmed": 0, "waiting": 0}) for pk in session_ids}


def _confirmed_counts(entry_model, session_ids):
    return {
        pk: values["confirmed"]
        for pk, values in counts_by_session(entry_model, session_ids).items()
    }


def book(registration, sessions, entry_model, now, waiting_list=True):
    """Give ``registration`` a place in each of ``sessions``, or one on its waiting list.

    Call it inside a transaction. A session the registration already holds a place (or a
    waiting place) in is left as it is; a cancelled one is taken up again. Raises
    :class:`SessionFull` when a session is full and ``waiting_list`` is off (the caller's
    transaction should then roll back). Returns the entries that were made or taken up.
    """
    if not sessions:
        return []
    locked = lock_sessions(type(sessions[0]), [session.pk for session in sessions])
    taken = _confirmed_counts(entry_model, [session.pk for session in locked])
    existing = {
        entry.session_id: entry
        for entry in entry_model._default_manager.filter(
            registration=registration, session_id__in=[session.pk for session in locked]
        )
    }
    changed = []
    for session in locked:
        entry = existing.get(session.pk)
        if entry is not None and entry.status != PlaceStatus.CANCELLED:
            continue
        if session.places is None or taken[session.pk] < session.places:
            status = PlaceStatus.CONFIRMED
            taken[session.pk] += 1
        elif waiting_list:
            status = PlaceStatus.WAITING
        else:
            raise SessionFull(session)
        if entry is None:
            entry = entry_model(registration=registration, session=session)
        entry.status = status
        entry.confirmed_at = now if status == PlaceStatus.CONFIRMED else None
        entry.waiting_since = now if status == PlaceStatus.WAITING else None
        entry.cancelled_at = None
        entry.sequence_sent = session.sequence
        entry.save()
        entry.session = session
        changed.append(entry)
    return changed


def fill_places(session, entry_model, now):
    """Give the free places of ``session`` (locked by the caller) to the first on its waiting
    list; returns the entries that moved up, in the order of the list.

    Nobody moves up into a session that has started or is not taking place.
    """
    if now >= session.start or session.status not in TAKING_PLACE:
        return []
    waiting = entry_model._default_manager.filter(session=session, status=PlaceStatus.WAITING)
    if session.places is None:
        free = None
    else:
        taken = _confirmed_counts(entry_model, [session.pk])[session.pk]
        free = session.places - taken
        if free <= 0:
            return []
    waiting = waiting.order_by("waiting_since", "pk")
    chosen = list(waiting if free is None else waiting[:free])
    for entry in chosen:
        entry.status = PlaceStatus.CONFIRMED
        entry.confirmed_at = now
        entry.sequence_sent = session.sequence
        entry.save(update_fields=["status", "confirmed_at", "sequence_sent"])
        entry.session = session
    return chosen


def cancel_entries(entries, now):
    """Cancel ``entries`` (places of one registration or of several); returns the entries of
    others that moved up into the places that came free.

    Call it inside a transaction. The sessions are locked before anything is written.
    """
    entries = [entry for entry in entries if entry.status != PlaceStatus.CANCELLED]
    if not entries:
        return []
    entry_model = type(entries[0])
    session_model = entry_model._meta.get_field("session").related_model
    sessions = {s.pk: s for s in lock_sessions(session_model, {e.session_id for e in entries})}
    freed = set()
    for entry in entries:
        if entry.status == PlaceStatus.CONFIRMED:
            freed.add(entry.session_id)
        entry.status = PlaceStatus.CANCELLED
        entry.cancelled_at = now
        entry.save(update_fields=["status", "cancelled_at"])
    promoted = []
    for session_id in sorted(freed):
        promoted += fill_places(sessions[session_id], entry_model, now)
    return promoted
