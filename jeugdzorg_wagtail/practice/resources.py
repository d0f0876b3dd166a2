"""Import and export of practice examples: one row per example."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.rich_text import RichText

from ..importexport.registry import register_resource
from ..importexport.report import error_messages
from ..importexport.resources import PageResource
from ..importexport.values import (
    html_to_text,
    normalise_text,
    parse_int,
    stream_text,
    text,
    text_to_html,
)
from ..taxonomy.models import Organisation, Region, TargetGroup, Theme
from .models import PracticeExampleIndexPage, PracticeExampleOrganisation, PracticeExamplePage

__all__ = ["PracticeExampleResource"]


@register_resource(PracticeExamplePage)
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

    page_model = PracticeExamplePage
    parent_page_models = (PracticeExampleIndexPage,)

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
            for field, message in error_messages(error):
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
