"""Import and export of taxonomy terms: one row per term, keyed by its slug."""

from import_export import resources

from ..importexport.registry import register_resource
from ..importexport.report import RowReport, error_messages
from ..importexport.resources import ResourceMixin
from .models import EventType, Organisation, Region, TargetGroup, Theme

__all__ = [
    "EventTypeResource",
    "OrganisationResource",
    "RegionResource",
    "TargetGroupResource",
    "TaxonomyResource",
    "ThemeResource",
    "term_resource",
]

FIELDS = ("slug", "name", "description")


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
                for field, message in error_messages(row_result.validation_error):
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


def term_resource(model, fields=FIELDS):
    """A :class:`TaxonomyResource` for the terms of ``model`` with the columns ``fields``,
    registered as the resource of ``model``."""
    meta = type(
        "Meta", (TaxonomyResource.Meta,), {"model": model, "fields": fields, "export_order": fields}
    )
    resource = type(
        f"{model.__name__}Resource", (TaxonomyResource,), {"Meta": meta, "__module__": __name__}
    )
    return register_resource(model)(resource)


EventTypeResource = term_resource(EventType)
ThemeResource = term_resource(Theme)
TargetGroupResource = term_resource(TargetGroup)
RegionResource = term_resource(Region)
OrganisationResource = term_resource(Organisation, fields=(*FIELDS, "website"))
