"""Resources: what each import and export reads and writes.

Every resource offers the same interface to the admin views:

- ``required_columns``, ``key_column`` and ``preview_columns``;
- ``export_dataset(queryset)``: a :class:`tablib.Dataset` of the rows to export;
- ``run_import(dataset, dry_run=..., user=..., options=...)``: an :class:`ImportReport`.

``run_import`` runs in one transaction: a dry run, or a run with any error, is rolled back as a
whole, so a failure in the last row leaves nothing of the rows before it.
"""

import dataclasses
import datetime as dt
import re
from collections import Counter, defaultdict
from html import unescape

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from import_export import resources
from wagtail.rich_text import RichText

from ..core.search import IndexAtTheEnd, NoDeferredIndex
from ..models import EventType, Organisation, Region, TargetGroup, Theme

__all__ = [
    "ImportReport",
    "RowError",
    "RowReport",
    "ResourceMixin",
    "TaxonomyResource",
    "EventTypeResource",
    "ThemeResource",
    "TargetGroupResource",
    "RegionResource",
    "OrganisationResource",
    "PageResource",
    "EventResource",
    "PracticeExampleResource",
]

NEW, UPDATE, SKIP = "new", "update", "skip"


@dataclasses.dataclass
class RowError:
    """One error: the row as a spreadsheet numbers it (header = 1; 0 for the whole file)."""

    row: int
    column: str
    message: str


@dataclasses.dataclass
class RowReport:
    row: int
    import_type: str  # "new", "update" or "skip"
    key: str
    values: list


@dataclasses.dataclass
class ImportReport:
    rows: list = dataclasses.field(default_factory=list)
    errors: list = dataclasses.field(default_factory=list)
    created_terms: list = dataclasses.field(default_factory=list)

    @property
    def totals(self):
        counts = Counter(row.import_type for row in self.rows)
        return {"new": counts[NEW], "update": counts[UPDATE], "skip": counts[SKIP]}

    @property
    def ok(self):
        return not self.errors

    def error(self, row, column, message):
        self.errors.append(RowError(row, column or "", str(message)))


def _messages(error):
    """(field, message) pairs of a ValidationError."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                yield ("" if field == NON_FIELD_ERRORS else field), message
    else:
        for message in error.messages:
            yield "", message


class ResourceMixin:
    """The interface the admin views use. You can override each method in a subclass."""

    #: Columns that every file must have.
    required_columns = ()
    #: The column that identifies a row's object (kept, so importing again updates it).
    key_column = "import_key"
    #: Columns shown in the preview table.
    preview_columns = ()
    #: Whether the upload form offers "create unknown values" for taxonomy columns.
    has_taxonomy_columns = False
    #: Whether the upload form asks for a parent page and offers "publish".
    is_page_resource = False

    def check_columns(self, dataset, report):
        missing = [c for c in self.required_columns if c not in (dataset.headers or [])]
        if missing:
            report.error(
                0,
                ", ".join(missing),
                _("Required columns are missing: %(columns)s. The file has: %(found)s.")
                % {
                    "columns": ", ".join(missing),
                    "found": ", ".join(h for h in dataset.headers or [] if h) or "-",
                },
            )
        return not missing

    def row_identity(self, row):
        """What must be unique per row of one file (the key, by default)."""
        return (str(row.get(self.key_column) or "").strip(),)

    def check_duplicates(self, dataset, report):
        seen = {}
        for number, row in zip(dataset.row_numbers, dataset.dict, strict=True):
            identity = self.row_identity(row)
            if not identity[0]:
                continue
            if identity in seen:
                report.error(
                    number,
                    self.key_column,
                    _("Duplicate key “%(key)s”: also in row %(other)s.")
                    % {"key": " / ".join(str(i) for i in identity), "other": seen[identity]},
                )
            else:
                seen[identity] = number

    def export_dataset(self, queryset):
        """The rows to export. You can override this method to add or change columns."""
        return self.export(queryset=queryset)

    def run_import(self, dataset, *, dry_run, user=None, options=None):
        """Check and import ``dataset``; roll everything back on a dry run or any error."""
        options = options or {}
        report = ImportReport()
        if not hasattr(dataset, "row_numbers"):
            dataset.row_numbers = list(range(2, len(dataset) + 2))
        if not self.check_columns(dataset, report):
            return report
        self.check_duplicates(dataset, report)
        if report.errors:
            return report
        with transaction.atomic(), self.deferred_index() as deferred:
            self.import_rows(dataset, report, dry_run=dry_run, user=user, options=options)
            if dry_run or report.errors:
                transaction.set_rollback(True)
            else:
                deferred.flush()
        return report

    def deferred_index(self):
        """The context in which rows are saved; its ``flush()`` updates the search index.

        Page resources index each imported page once at the end (see
        :mod:`~jeugdzorg_wagtail.search_index`); other resources index as they save.
        """
        return NoDeferredIndex()

    def import_rows(self, dataset, report, *, dry_run, user, options):
        raise NotImplementedError


# Taxonomy ------------------------------------------------------------------------------


class TaxonomyResource(ResourceMixin, resources.ModelResource):
    """A taxonomy term per row; the key is the slug."""

    key_column = "slug"
    required_columns = ("slug", "name")
    preview_columns = ("slug", "name")

    class Meta:
        fields = ("slug", "name", "description")
        export_order = ("slug", "name", "description")
        import_id_fields = ("slug",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def before_import_row(self, row, **kwargs):
        for key, value in list(row.items()):
            row[key] = "" if value is None else str(value).strip()

    def import_rows(self, dataset, report, *, dry_run, user, options):
        headers = [h for h in dataset.headers if h in self.get_import_field_names()]
        data = dataset.subset(cols=headers) if headers != dataset.headers else dataset
        result = self.import_data(data, dry_run=dry_run, use_transactions=False, raise_errors=False)
        for error in result.base_errors:
            report.error(0, "", error.error)
        for index, row_result in enumerate(result.rows):
            number = dataset.row_numbers[index]
            row = dataset.dict[index]
            if row_result.errors:
                for error in row_result.errors:
                    report.error(number, "", error.error)
                continue
            if row_result.validation_error is not None:
                for field, message in _messages(row_result.validation_error):
                    report.error(number, field, message)
                continue
            report.rows.append(
                RowReport(
                    number,
                    row_result.import_type,
                    str(row.get(self.key_column) or ""),
                    [row.get(column) or "" for column in self.preview_columns],
                )
            )

    def get_import_field_names(self):
        return [f.column_name for f in self.get_import_fields()]


class EventTypeResource(TaxonomyResource):
    class Meta(TaxonomyResource.Meta):
        model = EventType


class ThemeResource(TaxonomyResource):
    class Meta(TaxonomyResource.Meta):
        model = Theme


class TargetGroupResource(TaxonomyResource):
    class Meta(TaxonomyResource.Meta):
        model = TargetGroup


class RegionResource(TaxonomyResource):
    class Meta(TaxonomyResource.Meta):
        model = Region


class OrganisationResource(TaxonomyResource):
    class Meta(TaxonomyResource.Meta):
        model = Organisation
        fields = ("slug", "name", "description", "website")
        export_order = ("slug", "name", "description", "website")


# Value parsing for page resources -------------------------------------------------------

TRUE_VALUES = {"1", "true", "yes", "ja", "j", "y", "x", "waar", "wahr"}
FALSE_VALUES = {"", "0", "false", "no", "nee", "n", "onwaar"}


def text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_bool(value):
    if isinstance(value, bool):
        return value
    lowered = text(value).lower()
    if lowered in TRUE_VALUES:
        return True
    if lowered in FALSE_VALUES:
        return False
    raise ValueError(
        _("“%(value)s” is not yes or no (use ja/nee, yes/no or 1/0).") % {"value": value}
    )


DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y %H:%M")
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y")


def parse_datetime(value, zone):
    """A datetime or a date (``(value, is_date)``) from a cell; naive values are in ``zone``."""
    if isinstance(value, dt.datetime):
        naive = value
    elif isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time.min, tzinfo=zone), True
    else:
        raw = text(value)
        naive = None
        for fmt in DATETIME_FORMATS:
            try:
                naive = dt.datetime.strptime(raw, fmt)
                break
            except ValueError:
                continue
        if naive is None:
            for fmt in DATE_FORMATS:
                try:
                    day = dt.datetime.strptime(raw, fmt).date()
                    return dt.datetime.combine(day, dt.time.min, tzinfo=zone), True
                except ValueError:
                    continue
            raise ValueError(
                _("“%(value)s” is not a date and time (use 2025-03-14 19:30 or 2025-03-14).")
                % {"value": raw}
            )
    if timezone.is_naive(naive):
        naive = naive.replace(tzinfo=zone)
    return naive, False


def format_datetime(value, zone, date_only=False):
    if value is None:
        return ""
    local = value.astimezone(zone)
    return local.strftime("%Y-%m-%d") if date_only else local.strftime("%Y-%m-%d %H:%M")


class TermLookup:
    """Finds taxonomy terms by name or slug (case-insensitive), creating unknown ones if asked."""

    def __init__(self, model, create=False):
        self.model = model
        self.create = create
        self.by_value = {}
        for term in model._default_manager.all():
            self.by_value[term.slug.lower()] = term
            self.by_value[term.name.lower()] = term
        self.created = []

    def known(self):
        return sorted({term.name for term in self.by_value.values()}, key=str.lower)

    def get(self, value):
        term = self.by_value.get(value.lower()) or self.by_value.get(slugify(value))
        if term is None and self.create:
            term = self.model(name=value)
            term.save()
            self.by_value[term.slug] = self.by_value[value.lower()] = term
            self.created.append(term)
        if term is None:
            known = self.known()
            raise ValueError(
                _("%(model)s “%(value)s” is unknown. Known values: %(known)s.")
                % {
                    "model": capfirst(self.model._meta.verbose_name),
                    "value": value,
                    "known": ", ".join(known) if known else "-",
                }
            )
        return term


# Pages --------------------------------------------------------------------------------


class PageResource(ResourceMixin, resources.Resource):
    """Base resource for importing and exporting pages of one model, with revisions.

    A page is identified by its ``import_key`` (kept on the page). New pages are created under
    the parent chosen on the upload form, as drafts or published; existing pages are updated
    through a new revision (published if chosen), never by writing fields of a live page.
    A page whose values equal those of its latest revision is left alone: no revision.

    A subclass sets:

    - ``page_model``: the page class (it must have an ``import_key`` field);
    - ``parent_page_models``: the page classes offered as parent on the upload form;
    - ``text_fields``: page fields read from a column of the same name as text;
    - ``boolean_fields``: page fields read as yes/no;
    - ``taxonomy_fields``: ``{column: model}`` for a foreign key to one term;
    - ``taxonomy_multi_fields``: ``{column: model}`` for a many-to-many field of terms
      (comma-separated names or slugs in the cell).

    and can override :meth:`group_rows` (several rows per page), :meth:`apply_children`
    (child objects such as sessions), :meth:`snapshot_children` and :meth:`export_rows`.
    """

    page_model = None
    parent_page_models = ()
    text_fields = ("title",)
    boolean_fields = ()
    taxonomy_fields = {}
    taxonomy_multi_fields = {}
    child_columns = ()
    required_columns = ("import_key", "title")
    preview_columns = ("import_key", "title")
    is_page_resource = True

    def deferred_index(self):
        return IndexAtTheEnd(self.page_model)

    @property
    def has_taxonomy_columns(self):
        return bool(self.taxonomy_fields or self.taxonomy_multi_fields)

    # Export

    def get_export_columns(self):
        return [
            self.key_column,
            *self.text_fields,
            *self.taxonomy_fields,
            *self.taxonomy_multi_fields,
            *self.boolean_fields,
            *self.child_columns,
        ]

    def page_row(self, page):
        """The page-level columns of ``page`` as a dict."""
        row = {self.key_column: page.import_key}
        for name in self.text_fields:
            row[name] = getattr(page, name) or ""
        for name in self.taxonomy_fields:
            term = getattr(page, name)
            row[name] = term.name if term else ""
        for name in self.taxonomy_multi_fields:
            row[name] = ", ".join(sorted(t.name for t in getattr(page, name).all()))
        for name in self.boolean_fields:
            row[name] = "ja" if getattr(page, name) else "nee"
        return row

    def export_rows(self, page):
        """The rows of one page. You can override this method (one row per session, ...)."""
        yield self.page_row(page)

    def export_dataset(self, queryset):
        import tablib

        columns = self.get_export_columns()
        dataset = tablib.Dataset(headers=columns)
        for page in queryset.specific() if hasattr(queryset, "specific") else queryset:
            if page.has_unpublished_changes:
                page = page.get_latest_revision_as_object()
            for row in self.export_rows(page):
                dataset.append([row.get(column, "") for column in columns])
        return dataset

    # Import

    def group_rows(self, dataset):
        """``[(key, [(row number, row dict), ...]), ...]``: the rows of each page, in order."""
        groups = defaultdict(list)
        for number, row in zip(dataset.row_numbers, dataset.dict, strict=True):
            groups[text(row.get(self.key_column))].append((number, row))
        return list(groups.items())

    def find_pages(self, keys):
        pages = defaultdict(list)
        for page in self.page_model._default_manager.filter(
            import_key__in=keys, alias_of__isnull=True
        ):
            pages[page.import_key].append(page)
        return pages

    def import_rows(self, dataset, report, *, dry_run, user, options):
        parent = options.get("parent")
        publish = bool(options.get("publish"))
        create = bool(options.get("create_unknown"))
        lookups = {
            column: TermLookup(model, create=create)
            for column, model in self.get_lookup_models().items()
        }
        groups = self.group_rows(dataset)
        existing = self.find_pages([key for key, _rows in groups if key])
        reserved_slugs = set()
        for key, rows in groups:
            first_number = rows[0][0]
            if not key:
                for number, _row in rows:
                    report.error(number, self.key_column, _("The key is empty."))
                continue
            found = existing.get(key, [])
            if len(found) > 1:
                report.error(
                    first_number,
                    self.key_column,
                    _("The key “%(key)s” is used by several pages.") % {"key": key},
                )
                continue
            page = found[0] if found else None
            errors_before = len(report.errors)
            if page is None:
                if parent is None:
                    report.error(first_number, "", _("Choose a parent page for new pages."))
                    continue
                if user is not None and not parent.permissions_for_user(user).can_add_subpage():
                    report.error(
                        first_number, "", _("You may not add pages under the chosen parent.")
                    )
                    continue
                obj = self.page_model(import_key=key)
                before = None
            else:
                perms = page.permissions_for_user(user) if user is not None else None
                if perms is not None and not perms.can_edit():
                    report.error(first_number, "", _("You may not edit this page."))
                    continue
                if perms is not None and publish and not perms.can_publish():
                    report.error(first_number, "", _("You may not publish this page."))
                    continue
                obj = page.get_latest_revision_as_object()
                before = self.snapshot(obj)
            self.apply_page_values(obj, rows, report, lookups)
            self.apply_children(obj, rows, report)
            if len(report.errors) > errors_before:
                continue
            self.validate(obj, rows, report)
            if len(report.errors) > errors_before:
                continue
            if page is None:
                import_type = NEW
            elif self.snapshot(obj) == before and not (publish and not page.live):
                import_type = SKIP
            else:
                import_type = UPDATE
            report.rows.append(
                RowReport(
                    first_number,
                    import_type,
                    key,
                    [text(rows[0][1].get(column)) for column in self.preview_columns] + [len(rows)],
                )
            )
            if dry_run or import_type == SKIP or report.errors:
                continue
            self.save_page(obj, page, parent, publish, user, reserved_slugs)
        for lookup in lookups.values():
            report.created_terms.extend(lookup.created)

    def get_lookup_models(self):
        """``{column: model}`` of the columns read as taxonomy terms. You can override this."""
        return {**self.taxonomy_fields, **self.taxonomy_multi_fields}

    def page_values(self, rows, report, lookups):
        """The page-level values of a page's rows (taken from its first row)."""
        number, row = rows[0]
        values = {}
        for name in self.text_fields:
            values[name] = text(row.get(name))
        for name in self.boolean_fields:
            if name in row:
                try:
                    values[name] = parse_bool(row.get(name))
                except ValueError as error:
                    report.error(number, name, error)
        for name in self.taxonomy_fields:
            raw = text(row.get(name))
            if name not in row:
                continue
            try:
                values[name] = lookups[name].get(raw) if raw else None
            except ValueError as error:
                report.error(number, name, error)
        for name in self.taxonomy_multi_fields:
            if name not in row:
                continue
            terms = []
            for part in text(row.get(name)).split(","):
                if part.strip():
                    try:
                        terms.append(lookups[name].get(part.strip()))
                    except ValueError as error:
                        report.error(number, name, error)
            values[name] = terms
        # Later rows of the same page may repeat the page columns, but not contradict them.
        for other_number, other in rows[1:]:
            for name in (*self.text_fields, *self.taxonomy_fields):
                value = text(other.get(name))
                if value and value != text(row.get(name)):
                    report.error(
                        other_number,
                        name,
                        _("Differs from row %(row)s of the same key; leave it empty or equal.")
                        % {"row": number},
                    )
        return values

    def apply_page_values(self, obj, rows, report, lookups):
        for name, value in self.page_values(rows, report, lookups).items():
            if name in self.taxonomy_multi_fields:
                getattr(obj, name).set(value)
            else:
                setattr(obj, name, value)

    def apply_children(self, obj, rows, report):
        """Set child objects (for example sessions) from ``rows``. You can override this."""

    def snapshot_children(self, obj):
        """A comparable value of the child objects. You can override this."""
        return ()

    def snapshot(self, obj):
        """What decides whether a page changed: its imported values and children."""
        values = [getattr(obj, name) for name in (*self.text_fields, *self.boolean_fields)]
        values += [getattr(obj, f"{name}_id") for name in self.taxonomy_fields]
        values += [
            sorted(t.pk for t in getattr(obj, name).all()) for name in self.taxonomy_multi_fields
        ]
        return values, self.snapshot_children(obj)

    def validate(self, obj, rows, report):
        number = rows[0][0]
        if not obj.title:
            report.error(number, "title", _("The title is empty."))
        names = {*self.text_fields, *self.boolean_fields, *self.taxonomy_fields}
        exclude = [f.name for f in obj._meta.fields if f.name not in names]
        try:
            obj.clean_fields(exclude=exclude)
        except ValidationError as error:
            for field, message in _messages(error):
                report.error(number, field, message)

    def unique_slug(self, parent, title, reserved):
        base = slugify(title)[:200] or "page"
        slug, n = base, 2
        siblings = set(parent.get_children().values_list("slug", flat=True))
        while slug in siblings or (parent.pk, slug) in reserved:
            slug, n = f"{base}-{n}", n + 1
        reserved.add((parent.pk, slug))
        return slug

    def save_page(self, obj, page, parent, publish, user, reserved_slugs):
        """Create or update the page through a revision; publish it if asked."""
        if page is None:
            obj.slug = self.unique_slug(parent, obj.title, reserved_slugs)
            obj.live = False
            parent.add_child(instance=obj)
            revision = obj.save_revision(user=user, log_action=True)
        else:
            revision = obj.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
        return obj


# Events -------------------------------------------------------------------------------


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

    @property
    def page_model(self):
        from ..models import EventPage

        return EventPage

    @property
    def parent_page_models(self):
        from ..models import EventIndexPage

        return (EventIndexPage,)

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
        from ..models import EventSession

        return EventSession.calendar_zone()

    def _status_values(self):
        from django.utils import translation

        from ..models import SessionStatus

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
        from ..models import EventSession

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
                for field, message in _messages(error):
                    report.error(number, inverse.get(field, field), message)
            sessions.append(session)
        obj.sessions = sessions

    def snapshot_children(self, obj):
        return [
            tuple(getattr(s, field) for field in self.session_columns.values())
            for s in obj.sessions.all()
        ]


# Practice examples --------------------------------------------------------------------

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote|div)>|<(ul|ol)[^>]*>", re.IGNORECASE)
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def html_to_text(html):
    """Rich text as plain text: paragraphs separated by an empty line, ``<br>`` as a new line."""
    if not html:
        return ""
    html = _LINE_BREAK.sub("\n", str(html))
    html = _BLOCK_END.sub("\n\n", html)
    return normalise_text(unescape(strip_tags(html)))


def normalise_text(value):
    """Trim each line, and keep at most one empty line between paragraphs."""
    lines = [" ".join(line.split()) for line in text(value).replace("\r\n", "\n").split("\n")]
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)


def text_to_html(value):
    """Plain text as rich text: a ``<p>`` per paragraph, ``<br/>`` for a single new line."""
    return "".join(
        "<p>" + "<br/>".join(escape(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in normalise_text(value).split("\n\n")
        if paragraph
    )


def stream_text(stream):
    """The text of a body StreamField: its paragraphs and quotes (images and embeds have none)."""
    parts = []
    for block in stream or []:
        if block.block_type == "paragraph":
            parts.append(html_to_text(block.value.source))
        elif block.block_type == "quote":
            quote = normalise_text(block.value.get("quote"))
            attribution = text(block.value.get("attribution"))
            parts.append(f"{quote}\n— {attribution}" if attribution else quote)
    return "\n\n".join(part for part in parts if part)


def parse_int(value):
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raw = text(value)
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": raw}) from None


class PracticeExampleResource(PageResource):
    """Practice examples: one row per example.

    The body and the results are read and written as plain text (paragraphs separated by an
    empty line). A page whose text is unchanged keeps its rich text, images and quotes; a
    changed text replaces the body by paragraphs. A column that the file does not have leaves
    the field of an existing example as it is.
    """

    text_fields = (
        "title",
        "summary",
        "period_text",
        "contact_name",
        "contact_email",
        "contact_url",
    )
    boolean_fields = ("is_running",)
    taxonomy_fields = {"region": Region}
    taxonomy_multi_fields = {"themes": Theme, "target_groups": TargetGroup}
    #: Columns read as whole numbers.
    number_fields = ("start_year", "start_month", "end_year", "end_month")
    #: Columns read as text and stored as rich text (``results``) or paragraphs (``body``).
    rich_text_fields = ("body", "results")
    #: The organisations behind the example, names or slugs separated by commas, in order.
    organisations_column = "organisations"
    #: One link per line: ``title | https://...`` (or the address alone).
    links_column = "links"
    required_columns = ("import_key", "title", "summary")
    preview_columns = ("import_key", "title", "region")
    summary_max_length = 400

    @property
    def page_model(self):
        from ..models import PracticeExamplePage

        return PracticeExamplePage

    @property
    def parent_page_models(self):
        from ..models import PracticeExampleIndexPage

        return (PracticeExampleIndexPage,)

    def get_export_columns(self):
        return [
            "import_key",
            "slug",
            "title",
            "summary",
            "body",
            "results",
            "region",
            "themes",
            "target_groups",
            self.organisations_column,
            "start_year",
            "start_month",
            "end_year",
            "end_month",
            "period_text",
            "is_running",
            "contact_name",
            "contact_email",
            "contact_url",
            self.links_column,
        ]

    def get_lookup_models(self):
        return {**super().get_lookup_models(), self.organisations_column: Organisation}

    # Export

    def organisation_ids(self, page):
        ids = []
        for link in page.organisation_links.all():
            if link.organisation_id and link.organisation_id not in ids:
                ids.append(link.organisation_id)
        return ids

    def links_text(self, page):
        lines = []
        for block in page.links or []:
            title, url = text(block.value.get("title")), text(block.value.get("url"))
            lines.append(url if not title or title == url else f"{title} | {url}")
        return "\n".join(lines)

    def page_row(self, page):
        row = super().page_row(page)
        row["slug"] = page.slug
        row["body"] = stream_text(page.body)
        row["results"] = html_to_text(page.results)
        ids = self.organisation_ids(page)
        names = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))
        row[self.organisations_column] = ", ".join(names[pk] for pk in ids if pk in names)
        for name in self.number_fields:
            value = getattr(page, name)
            row[name] = "" if value is None else value
        row[self.links_column] = self.links_text(page)
        return row

    # Import

    def import_rows(self, dataset, report, *, dry_run, user, options):
        self._parent = options.get("parent")
        self._new_slugs = {}
        super().import_rows(dataset, report, dry_run=dry_run, user=user, options=options)

    def page_values(self, rows, report, lookups):
        number, row = rows[0]
        values = super().page_values(rows, report, lookups)
        # A column the file does not have leaves the field as it is (except the required ones).
        for name in self.text_fields:
            if name not in row and name not in self.required_columns:
                values.pop(name, None)
        for name in self.number_fields:
            if name in row:
                try:
                    values[name] = parse_int(row.get(name))
                except ValueError as error:
                    report.error(number, name, error)
        if self.organisations_column in row:
            organisations = []
            for part in text(row.get(self.organisations_column)).split(","):
                if part.strip():
                    try:
                        term = lookups[self.organisations_column].get(part.strip())
                    except ValueError as error:
                        report.error(number, self.organisations_column, error)
                    else:
                        if term not in organisations:
                            organisations.append(term)
            values[self.organisations_column] = organisations
        return values

    def apply_page_values(self, obj, rows, report, lookups):
        from ..models import PracticeExampleOrganisation

        number, row = rows[0]
        values = self.page_values(rows, report, lookups)
        organisations = values.pop(self.organisations_column, None)
        for name, value in values.items():
            if name in self.taxonomy_multi_fields:
                if sorted(t.pk for t in getattr(obj, name).all()) != sorted(t.pk for t in value):
                    getattr(obj, name).set(value)
            else:
                setattr(obj, name, value)
        if organisations is not None and [o.pk for o in organisations] != self.organisation_ids(
            obj
        ):
            obj.organisation_links = [
                PracticeExampleOrganisation(organisation=organisation)
                for organisation in organisations
            ]
        if "slug" in row and text(row.get("slug")):
            raw = text(row.get("slug"))
            slug = slugify(raw, allow_unicode=True)
            if slug != raw:
                report.error(
                    number,
                    "slug",
                    _("“%(value)s” is not a slug: use lower-case letters, digits and hyphens.")
                    % {"value": raw},
                )
            else:
                obj.slug = slug
        # Body and results: only when their text changed, so that unchanged rich text stays.
        if "body" in row:
            body = normalise_text(row.get("body"))
            if body != stream_text(obj.body):
                obj.body = [("paragraph", RichText(text_to_html(body)))] if body else []
        if "results" in row:
            results = normalise_text(row.get("results"))
            if results != html_to_text(obj.results):
                obj.results = text_to_html(results)
        if self.links_column in row:
            links = self.parse_links(number, row.get(self.links_column), report)
            if links is not None and links != self.links_text(obj):
                obj.links = [
                    ("link", {"title": title, "url": url}) for title, url in self.link_pairs(links)
                ]

    def link_pairs(self, value):
        for line in value.split("\n"):
            if not line.strip():
                continue
            title, _sep, url = line.rpartition("|")
            title, url = title.strip(), url.strip()
            yield (title or url), url

    def parse_links(self, number, value, report):
        """The links cell, checked and normalised (``None`` when it has an error)."""
        from django.core.validators import URLValidator

        lines = [line.strip() for line in text(value).replace("\r\n", "\n").split("\n")]
        lines = [line for line in lines if line]
        validate = URLValidator()
        ok = True
        normalised = []
        for title, url in self.link_pairs("\n".join(lines)):
            try:
                validate(url)
            except ValidationError:
                report.error(
                    number,
                    self.links_column,
                    _(
                        "“%(value)s” is not a web address; give one link per line as "
                        "“title | https://…”."
                    )
                    % {"value": url},
                )
                ok = False
                continue
            if len(title) > 255:
                report.error(number, self.links_column, _("A link title is too long."))
                ok = False
            normalised.append(url if title == url else f"{title} | {url}")
        return "\n".join(normalised) if ok else None

    def snapshot(self, obj):
        values, children = super().snapshot(obj)
        values += [getattr(obj, name) for name in self.number_fields]
        values += [
            obj.slug,
            stream_text(obj.body),
            html_to_text(obj.results),
            self.organisation_ids(obj),
            self.links_text(obj),
        ]
        return values, children

    def validate(self, obj, rows, report):
        number = rows[0][0]
        super().validate(obj, rows, report)
        # The base class checks the text, yes/no and taxonomy fields; check the numbers here.
        exclude = [f.name for f in obj._meta.fields if f.name not in self.number_fields]
        try:
            obj.clean_fields(exclude=exclude)
        except ValidationError as error:
            for field, message in _messages(error):
                report.error(number, field, message)
        if len(obj.summary or "") > self.summary_max_length:
            report.error(
                number,
                "summary",
                _("The summary has %(length)s characters; at most %(limit)s are allowed.")
                % {"length": len(obj.summary), "limit": self.summary_max_length},
            )
        for field, message in obj.get_period_errors().items():
            report.error(number, field, message)
        self.validate_slug(obj, number, report)

    def validate_slug(self, obj, number, report):
        """A slug given in the file must be free among the page's future siblings."""
        parent = obj.get_parent() if obj.pk else self._parent
        if not obj.slug or parent is None:
            return
        siblings = parent.get_children().filter(slug=obj.slug)
        if obj.pk:
            siblings = siblings.exclude(pk=obj.pk)
        taken = siblings.exists()
        other = self._new_slugs.get((parent.pk, obj.slug))
        if taken or (other is not None and other != number):
            report.error(
                number,
                "slug",
                _("The slug “%(slug)s” is already used by another page under the same parent.")
                % {"slug": obj.slug},
            )
        self._new_slugs.setdefault((parent.pk, obj.slug), number)

    def save_page(self, obj, page, parent, publish, user, reserved_slugs):
        if page is None and obj.slug:
            reserved_slugs.add((parent.pk, obj.slug))
            obj.live = False
            parent.add_child(instance=obj)
            revision = obj.save_revision(user=user, log_action=True)
            if publish:
                revision.publish(user=user)
            return obj
        return super().save_page(obj, page, parent, publish, user, reserved_slugs)
