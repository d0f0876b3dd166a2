"""Import and export of events: one row per session, the event's key on each row."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from ..core.conf import jw_settings
from ..importexport.registry import register_resource
from ..importexport.report import error_messages
from ..importexport.resources import PageResource
from ..importexport.values import format_datetime, parse_bool, parse_datetime, text
from ..taxonomy.models import EventType, Region, TargetGroup, Theme
from .choices import SessionStatus
from .models import EventIndexPage, EventPage, EventSession

__all__ = ["EventResource"]


@register_resource(EventPage)
class EventResource(PageResource):
    """Events with their sessions: one row per session, the event's key on each row."""

    text_fields = ("title", "intro", "cost", "registration_url")
    boolean_fields = ("is_free",)
    taxonomy_fields = {"event_type": EventType, "region": Region}
    taxonomy_multi_fields = {"themes": Theme, "target_groups": TargetGroup}
    #: session column: EventSession field
    session_columns = {
        "session_start": "start",
        "session_end": "end",
        "all_day": "all_day",
        "venue": "venue",
        "address": "address",
        "postal_code": "postal_code",
        "city": "city",
        "online_url": "online_url",
        "online_url_public": "online_url_public",
        "status": "status",
        "note": "note",
    }
    child_columns = tuple(session_columns)
    required_columns = ("import_key", "title", "session_start")
    preview_columns = ("import_key", "title", "session_start", "city")

    page_model = EventPage
    parent_page_models = (EventIndexPage,)

    def get_export_columns(self):
        return [
            "import_key",
            "title",
            "intro",
            "event_type",
            "region",
            "themes",
            "target_groups",
            "is_free",
            "cost",
            "registration_url",
            *self.child_columns,
        ]

    def row_identity(self, row):
        return (text(row.get(self.key_column)), text(row.get("session_start")))

    def _zone(self):
        return jw_settings.calendar_zone

    def _status_values(self):
        values = {}
        for language in ("nl", "en"):
            with translation.override(language):
                for value, label in SessionStatus.choices:
                    values[str(label).lower()] = value
        for value in SessionStatus.values:
            values[value] = value
        return values

    def export_rows(self, page):
        base = self.page_row(page)
        zone = self._zone()
        for session in page.sessions.all():
            row = dict(base)
            row.update(
                {
                    "session_start": format_datetime(session.start, zone, session.all_day),
                    "session_end": format_datetime(session.end, zone, session.all_day),
                    "all_day": "ja" if session.all_day else "nee",
                    "venue": session.venue,
                    "address": session.address,
                    "postal_code": session.postal_code,
                    "city": session.city,
                    "online_url": session.online_url,
                    "online_url_public": "ja" if session.online_url_public else "nee",
                    "status": session.status,
                    "note": session.note,
                }
            )
            yield row

    def apply_children(self, obj, rows, report):
        zone = self._zone()
        statuses = self._status_values()
        unused = list(obj.sessions.all())
        sessions = []
        for number, row in rows:
            values = {}
            try:
                all_day = parse_bool(row.get("all_day"))
            except ValueError as error:
                report.error(number, "all_day", error)
                all_day = False
            try:
                start, start_is_date = parse_datetime(row.get("session_start"), zone)
            except ValueError as error:
                report.error(number, "session_start", error)
                continue
            end = None
            if text(row.get("session_end")):
                try:
                    end, _end_is_date = parse_datetime(row.get("session_end"), zone)
                except ValueError as error:
                    report.error(number, "session_end", error)
            all_day = all_day or (start_is_date and "all_day" not in row)
            if all_day:
                start = dt.datetime.combine(start.astimezone(zone).date(), dt.time.min, zone)
                if end is not None:
                    end = dt.datetime.combine(end.astimezone(zone).date(), dt.time.min, zone)
            if end is not None and end < start:
                report.error(number, "session_end", _("The end is before the start."))
            values.update(start=start, end=end, all_day=all_day)
            for column in ("venue", "address", "postal_code", "city", "online_url", "note"):
                values[column] = text(row.get(column))
            try:
                values["online_url_public"] = parse_bool(row.get("online_url_public"))
            except ValueError as error:
                report.error(number, "online_url_public", error)
            status = text(row.get("status")).lower() or "scheduled"
            if status not in statuses:
                report.error(
                    number,
                    "status",
                    _("Unknown status “%(value)s”. Known values: %(known)s.")
                    % {"value": status, "known": ", ".join(sorted(set(statuses.values())))},
                )
            values["status"] = statuses.get(status, "scheduled")
            # Keep the existing session of the same start: its identity is its calendar UID.
            match = next((s for s in unused if s.start == start), None)
            if match is not None:
                unused.remove(match)
                session = match
            else:
                session = EventSession()
            for name, value in values.items():
                setattr(session, name, value)
            try:
                session.full_clean(exclude=["page", "sort_order"])
            except ValidationError as error:
                inverse = {field: column for column, field in self.session_columns.items()}
                for field, message in error_messages(error):
                    report.error(number, inverse.get(field, field), message)
            sessions.append(session)
        obj.sessions = sessions

    def snapshot_children(self, obj):
        return [
            tuple(getattr(s, field) for field in self.session_columns.values())
            for s in obj.sessions.all()
        ]
