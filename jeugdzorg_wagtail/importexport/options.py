"""The modeladmin side: buttons in the listing's header and the import and export URLs."""

from django.urls import re_path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..core.admin import DeclaredFiltersIndexView
from . import views
from .registry import resource_for

__all__ = ["ImportExportIndexViewMixin", "ImportExportIndexView", "ImportExportModelAdminMixin"]


class ImportExportIndexViewMixin:
    """Puts the import and export buttons in the context of a modeladmin listing."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The listing's own parameters: those it ignores are not passed on to the export.
        context["import_export_buttons"] = self.model_admin.get_import_export_buttons(
            self.request, query=self.params
        )
        return context


class ImportExportIndexView(ImportExportIndexViewMixin, DeclaredFiltersIndexView):
    pass


class ImportExportModelAdminMixin:
    """Adds import (CSV, XLSX) and export (CSV, XLSX, JSON) to a modeladmin class.

    The resource is ``resource_class``, or else the one registered for the model (see
    :mod:`jeugdzorg_wagtail.importexport.registry`).
    The buttons appear in the listing's header for users with the permissions; exports take the
    listing's current filters and search. A modeladmin with its own ``index_view_class`` adds
    :class:`ImportExportIndexViewMixin` to it; a custom index template extends
    ``jeugdzorg_wagtail/importexport/modeladmin_index.html``.
    """

    resource_class = None
    index_view_class = ImportExportIndexView
    index_template_name = "jeugdzorg_wagtail/importexport/modeladmin_index.html"
    export_formats = ("csv", "xlsx", "json")

    def get_resource_class(self):
        """``resource_class``, or the resource registered for the model."""
        return self.resource_class or resource_for(self.model)

    def get_resource(self):
        """The resource instance. You can override this method to pass arguments."""
        return self.get_resource_class()()

    # Permissions

    def user_can_export(self, user):
        """Export needs the view or change permission (for pages: edit rights somewhere)."""
        if self.is_pagemodel:
            return user.is_superuser or self.permission_helper.user_can_create(user)
        opts = self.model._meta
        return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        )

    def user_can_import(self, user):
        """Import needs the add and change permissions (for pages: may add under a parent)."""
        if self.is_pagemodel:
            return user.is_superuser or self.permission_helper.user_can_create(user)
        opts = self.model._meta
        return user.has_perm(f"{opts.app_label}.add_{opts.model_name}") and user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        )

    # URLs and buttons

    @cached_property
    def import_export_url_prefix(self):
        return f"{self.opts.app_label}_{self.opts.model_name}_modeladmin"

    def get_import_export_url(self, action):
        return reverse(f"{self.import_export_url_prefix}_{action}")

    def get_import_export_buttons(self, request, query=None):
        """The export and import buttons; exports get ``query`` (default: the request's)."""
        buttons = []
        query = (request.GET if query is None else query).copy()
        for key in ("p", "export"):
            query.pop(key, None)
        if self.user_can_export(request.user):
            for fmt in self.export_formats:
                query["format"] = fmt
                buttons.append(
                    {
                        "url": f"{self.get_import_export_url('export')}?{query.urlencode()}",
                        "label": _("Export %(format)s") % {"format": fmt.upper()},
                        "icon": "download",
                    }
                )
        if self.user_can_import(request.user):
            buttons.append(
                {
                    "url": self.get_import_export_url("import"),
                    "label": _("Import"),
                    "icon": "upload",
                }
            )
        return buttons

    def get_admin_urls_for_registration(self):
        urls = super().get_admin_urls_for_registration()
        base = self.url_helper.get_action_url_pattern("index").rstrip("$").rstrip("/")
        return urls + (
            re_path(
                rf"{base}/export/$",
                views.ExportView.as_view(model_admin=self),
                name=f"{self.import_export_url_prefix}_export",
            ),
            re_path(
                rf"{base}/import/$",
                views.ImportView.as_view(model_admin=self),
                name=f"{self.import_export_url_prefix}_import",
            ),
            re_path(
                rf"{base}/import/confirm/$",
                views.ConfirmImportView.as_view(model_admin=self),
                name=f"{self.import_export_url_prefix}_import_confirm",
            ),
        )
