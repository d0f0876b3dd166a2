"""Import and export of events: one row per session, the event's key on each row."""

import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from ..core.conf import jw_settings
from ..importexport.registry import register_resource
from ..importexport.report import error_messages
from ..importexport.resources import PageResource
from ..importexport.values import format_datetime, parse_bool, parse_datetime, text
from ..taxonomy.models import EventType, Region, TargetGroup, Theme
from .choices import RepeatFrequency, SessionStatus, Weekday
from .entries import refresh_entries
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
        "repeat_frequency": "repeat_frequency",
        "repeat_interval": "repeat_interval",
        "repeat_weekdays": "repeat_weekdays",
        "repeat_week_of_month": "repeat_week_of_month",
        "repeat_until": "repeat_until",
        "repeat_count": "repeat_count",
        "repeat_exceptions": "repeat_exceptions",
    }
    child_columns = tuple(session_columns)
    required_columns = ("import_key", "title", "session_start")
    preview_columns = ("import_key", "title", "session_start", "city")

    page_model = EventPage
    parent_page_models = (EventIndexPage,)
    bulk_create_pages = True

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
                    **self.export_rule(session),
                }
            )
            yield row

    @staticmethod
    def export_rule(session):
        """The repeat columns of ``session`` (empty for a single date)."""
        if not session.repeat_frequency:
            return dict.fromkeys(
                (c for c in EventResource.session_columns if c.startswith("repeat_")), ""
            )
        return {
            "repeat_frequency": session.repeat_frequency,
            "repeat_interval": str(session.repeat_interval or 1),
            "repeat_weekdays": session.repeat_weekdays,
            "repeat_week_of_month": (
                str(session.repeat_week_of_month) if session.repeat_week_of_month else ""
            ),
            "repeat_until": session.repeat_until.isoformat() if session.repeat_until else "",
            "repeat_count": str(session.repeat_count or ""),
            "repeat_exceptions": exceptions_text(session.repeat_exceptions),
        }

    def _choice_values(self, choices):
        values = {}
        for language in ("nl", "en"):
            with translation.override(language):
                for value, label in choices:
                    values[str(label).lower()] = value
        for value, _label in choices:
            values[str(value).lower()] = value
        return values

    def parse_rule(self, row, number, report):
        """The repeat fields of one row (empty for a single date), errors in ``report``."""
        values = {
            "repeat_frequency": "",
            "repeat_interval": 1,
            "repeat_weekdays": "",
            "repeat_week_of_month": None,
            "repeat_until": None,
            "repeat_count": None,
            "repeat_exceptions": [],
        }
        frequency = text(row.get("repeat_frequency")).lower()
        if not frequency:
            if text(row.get("repeat_exceptions")):
                report.error(
                    number,
                    "repeat_exceptions",
                    _("Exceptions are for a repeating session only. Fill in repeat_frequency."),
                )
            return values
        frequencies = self._choice_values(RepeatFrequency.choices)
        if frequency not in frequencies:
            report.error(
                number,
                "repeat_frequency",
                _("Unknown value “%(value)s”. Known values: %(known)s.")
                % {"value": frequency, "known": ", ".join(RepeatFrequency.values)},
            )
            return values
        values["repeat_frequency"] = frequencies[frequency]
        for column in ("repeat_interval", "repeat_count", "repeat_week_of_month"):
            raw = text(row.get(column))
            if not raw:
                continue
            try:
                values[column] = int(raw)
            except ValueError:
                report.error(number, column, _("Enter a whole number."))
        if values["repeat_interval"] is None:
            values["repeat_interval"] = 1
        days = self._choice_values(Weekday.choices)
        weekdays = []
        for part in text(row.get("repeat_weekdays")).replace(";", ",").split(","):
            part = part.strip().lower()
            if not part:
                continue
            if part not in days:
                report.error(
                    number,
                    "repeat_weekdays",
                    _("Unknown weekday “%(value)s”. Use MO, TU, WE, TH, FR, SA, SU.")
                    % {"value": part},
                )
                continue
            weekdays.append(days[part])
        values["repeat_weekdays"] = ",".join(c for c in Weekday.values if c in weekdays)
        until = text(row.get("repeat_until"))
        if until:
            try:
                values["repeat_until"] = dt.date.fromisoformat(until)
            except ValueError:
                report.error(number, "repeat_until", _("Enter a date as YYYY-MM-DD."))
        raw = text(row.get("repeat_exceptions"))
        if raw:
            try:
                values["repeat_exceptions"] = parse_exceptions(raw)
            except ValueError as error:
                report.error(number, "repeat_exceptions", error)
        return values

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
            values.update(self.parse_rule(row, number, report))
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

    def create_children(self, objs):
        """The sessions of the new pages in one insert and their dates in the agenda in one
        more, as saving each session writes them; then the other relations."""
        by_model = {}
        for obj in objs:
            for session in obj.sessions.all():
                session.page = obj
                session.set_derived_fields()
                by_model.setdefault(type(session), []).append(session)
            # Read from the database from now on, as after a save of the page.
            obj._cluster_related_objects.pop("sessions", None)
        for model, sessions in by_model.items():
            model._default_manager.bulk_create(sessions)
            refresh_entries(sessions)
        super().create_children(objs)

    def snapshot_children(self, obj):
        return [
            tuple(
                exceptions_text(s.repeat_exceptions)
                if field == "repeat_exceptions"
                else getattr(s, field)
                for field in self.session_columns.values()
            )
            for s in obj.sessions.all()
        ]


#: The fields of a changed date in the ``repeat_exceptions`` column, besides ``date``.
CHANGE_FIELDS = (
    "status",
    "new_date",
    "start_time",
    "end_time",
    "venue",
    "address",
    "postal_code",
    "city",
    "online_url",
    "note",
)


def _plain(value):
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def exceptions_text(blocks):
    """The exceptions of a session as the ``repeat_exceptions`` column: a JSON list of
    ``{"skip": "2026-07-22"}`` and ``{"change": "2026-09-23", "start_time": "20:00", ...}``
    (only the values given), or ``""``."""
    items = []
    for block in blocks or ():
        value = block.value
        if block.block_type == "skip":
            items.append({"skip": _plain(value.get("date"))})
        elif block.block_type == "change":
            item = {"change": _plain(value.get("date"))}
            for name in CHANGE_FIELDS:
                plain = _plain(value.get(name))
                if plain and not (name == "status" and plain == SessionStatus.SCHEDULED):
                    item[name] = plain
            items.append(item)
    return json.dumps(items, ensure_ascii=False) if items else ""


def parse_exceptions(raw):
    """The StreamField data of the ``repeat_exceptions`` column (see :func:`exceptions_text`);
    ``ValueError`` with a message for an editor when it cannot be read."""
    try:
        items = json.loads(raw)
    except json.JSONDecodeError:
        items = None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ValueError(
            _(
                'Write the exceptions as a list: [{"skip": "2026-07-22"}, '
                '{"change": "2026-09-23", "start_time": "20:00"}].'
            )
        )
    blocks = []
    for item in items:
        kind = "skip" if "skip" in item else "change" if "change" in item else None
        unknown = set(item) - {"skip", "change", *CHANGE_FIELDS}
        if kind is None or unknown or (kind == "skip" and len(item) > 1):
            raise ValueError(
                _("Each exception has “skip” or “change” with a date; unknown: %(item)s.")
                % {"item": json.dumps(item, ensure_ascii=False)}
            )
        try:
            day = dt.date.fromisoformat(str(item[kind]))
            if kind == "change" and item.get("new_date"):
                dt.date.fromisoformat(str(item["new_date"]))
            for name in ("start_time", "end_time"):
                if item.get(name):
                    dt.time.fromisoformat(str(item[name]))
        except ValueError:
            raise ValueError(
                _("Write dates as YYYY-MM-DD and times as HH:MM: %(item)s.")
                % {"item": json.dumps(item, ensure_ascii=False)}
            ) from None
        if kind == "skip":
            blocks.append({"type": "skip", "value": {"date": day.isoformat()}})
            continue
        value = {name: str(item.get(name) or "") for name in CHANGE_FIELDS}
        value["date"] = day.isoformat()
        value["status"] = value["status"] or SessionStatus.SCHEDULED
        blocks.append({"type": "change", "value": value})
    return blocks
