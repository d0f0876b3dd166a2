"""The import engine: what every resource offers the admin views, and the base of page
resources.

Every resource offers the same interface to the admin views:

- ``required_columns``, ``key_column`` and ``preview_columns``;
- ``export_dataset(queryset)``: a :class:`tablib.Dataset` of the rows to export;
- ``run_import(dataset, dry_run=..., user=..., options=...)``: an
  :class:`~jeugdzorg_wagtail.importexport.report.ImportReport`.

``run_import`` runs in one transaction: a dry run, or a run with any error, is rolled back as a
whole, so a failure in the last row leaves nothing of the rows before it.

The resources themselves live with their features (``taxonomy/resources.py``,
``events/resources.py``, ...) and register themselves in :mod:`.registry`.
"""

from collections import defaultdict

import tablib
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.db.models import F, prefetch_related_objects
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import resources
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published

from ..core.search import NoDeferredIndex
from .deferred import PageWorkAtTheEnd
from .report import NEW, SKIP, UPDATE, ImportReport, RowReport, error_messages
from .values import TermLookup, parse_bool, text

__all__ = ["PageResource", "ResourceMixin"]


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

        Page resources update the search index and the reference index of each imported
        page once at the end (see :mod:`~jeugdzorg_wagtail.core.search` and
        :mod:`.deferred`); other resources index as they save.
        """
        return NoDeferredIndex()

    def import_rows(self, dataset, report, *, dry_run, user, options):
        raise NotImplementedError


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
    #: Whether new pages are written together after the rows (:meth:`create_pages`) instead
    #: of one by one (:meth:`save_page`). Both leave the same pages, revisions and log.
    bulk_create_pages = False
    text_fields = ("title",)
    boolean_fields = ()
    taxonomy_fields = {}
    taxonomy_multi_fields = {}
    child_columns = ()
    required_columns = ("import_key", "title")
    preview_columns = ("import_key", "title")
    is_page_resource = True

    def deferred_index(self):
        return PageWorkAtTheEnd(self.page_model)

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
        new_pages = []
        # The upload form does not offer "publish" where the user may not publish; this refuses
        # it for any other caller too, before anything is saved.
        may_publish_new = (
            not publish
            or user is None
            or parent is None
            or parent.permissions_for_user(user).can_publish_subpage()
        )
        bulk = parent is not None and self.creates_in_bulk(parent, publish, user)
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
                if not may_publish_new:
                    report.error(
                        first_number, "", _("You may not publish pages under the chosen parent.")
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
            if page is None and bulk:
                new_pages.append(obj)
                continue
            self.save_page(obj, page, parent, publish, user, reserved_slugs)
        if new_pages and not dry_run and not report.errors:
            self.create_pages(new_pages, parent, publish, user, reserved_slugs)
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
            for field, message in error_messages(error):
                report.error(number, field, message)

    def unique_slug(self, parent, title, reserved, siblings=None):
        base = slugify(title)[:200] or "page"
        slug, n = base, 2
        if siblings is None:
            siblings = set(parent.get_children().values_list("slug", flat=True))
        while slug in siblings or (parent.pk, slug) in reserved:
            slug, n = f"{base}-{n}", n + 1
        reserved.add((parent.pk, slug))
        return slug

    def creates_in_bulk(self, parent, publish, user):
        """Whether new pages under ``parent`` are made by :meth:`create_pages`.

        Not on a database that cannot return the ids of rows inserted in bulk (SQLite before
        3.35). Rows that would publish new pages where ``user`` may not publish are refused
        before (:meth:`import_rows`), so they never reach either way of saving.
        """
        if not self.bulk_create_pages:
            return False
        # The revisions and log entries need the ids that a bulk insert returns.
        return connections[router.db_for_write(Page)].features.can_return_rows_from_bulk_insert

    def create_pages(self, objs, parent, publish, user, reserved_slugs):
        """Create the new pages ``objs`` under ``parent`` together; publish them if asked.

        The result is that of :meth:`save_page` for each in turn (adding the page to the tree,
        saving a revision, publishing it): the same page rows, tree paths, revisions, log
        entries (create, edit, publish), child rows and ``page_published`` signals, with a
        few queries per page instead of a few hundred.
        """
        node = Page.objects.select_for_update().get(pk=parent.pk)
        children = node.get_children()
        siblings = set(children.values_list("slug", flat=True))
        last_path = children.order_by("-path").values_list("path", flat=True).first()
        step = Page._str2int(last_path[-Page.steplen :]) if last_path else 0
        depth = node.depth + 1
        for obj in objs:
            step += 1
            obj.slug = self.unique_slug(node, obj.title, reserved_slugs, siblings=siblings)
            obj.live = False
            obj.depth = depth
            obj.numchild = 0
            obj.path = Page._get_path(node.path, depth, step)
            obj._cached_parent_obj = node
            obj.locale_id = node.locale_id  # as Page.get_default_locale() finds it
            obj.full_clean()
            obj.set_url_path(node)
            # A plain save of the rows (Page.save would also log and clean again).
            models.Model.save_base(obj)
        Page.objects.filter(pk=node.pk).update(numchild=F("numchild") + len(objs))
        parent.numchild = node.numchild + len(objs)
        self.create_children(objs)
        # The revisions read the relations from the database, as after saving each page.
        prefetch_related_objects(
            objs,
            *(r.get_accessor_name() for r in get_all_child_relations(self.page_model)),
            *(f.name for f in get_all_child_m2m_relations(self.page_model)),
        )

        now = timezone.now()
        context = get_active_log_context()
        user = user or context.user
        base_type = ContentType.objects.get_for_model(Page)
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type=ContentType.objects.get_for_model(obj),
                    base_content_type=base_type,
                    object_id=str(obj.pk),
                    user=user,
                    created_at=now,
                    content=obj.serializable_data(),
                    object_str=str(obj),
                )
                for obj in objs
            ]
        )
        fields = ["latest_revision", "latest_revision_created_at", "draft_title"]
        fields += ["has_unpublished_changes", "live", "expired"]
        if publish:
            fields += ["live_revision", "first_published_at", "last_published_at"]
        for obj, revision in zip(objs, revisions, strict=True):
            obj.latest_revision = revision
            obj.latest_revision_created_at = revision.created_at
            obj.draft_title = obj.title
            obj.has_unpublished_changes = not publish
            obj.expired = False
            if publish:
                obj.live = True
                obj.live_revision = revision
                obj.first_published_at = obj.last_published_at = now
        Page.objects.bulk_update(objs, fields, batch_size=100)

        actions = [("wagtail.create", False), ("wagtail.edit", True)]
        if publish:
            actions.append(("wagtail.publish", True))
        PageLogEntry.objects.bulk_create(
            [
                PageLogEntry(
                    content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
                    label=str(obj) or f"{type(obj).__name__} object ({obj.pk})",
                    action=action,
                    timestamp=now,
                    data={},
                    user=user,
                    uuid=context.uuid,
                    content_changed=True,
                    page=obj,
                    revision=revision if with_revision else None,
                )
                for obj, revision in zip(objs, revisions, strict=True)
                for action, with_revision in actions
            ]
        )
        if publish:
            for obj, revision in zip(objs, revisions, strict=True):
                page_published.send(sender=obj.specific_class, instance=obj, revision=revision)

    def create_children(self, objs):
        """Write the child rows and many-to-many relations of the new pages ``objs``.

        By default each page's relations are committed as saving the page commits them. You
        can override this to write them in bulk (as events do with their sessions).
        """
        for obj in objs:
            for relation in get_all_child_relations(obj):
                getattr(obj, relation.get_accessor_name()).commit()
            for field in get_all_child_m2m_relations(obj):
                getattr(obj, field.name).commit()

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
