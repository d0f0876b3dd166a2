"""Admin views: export of a listing, upload with a dry-run preview, and confirmation."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View

from . import tempfiles
from .formats import EXPORT_FORMATS, ImportFileError, export_dataset, read_upload
from .forms import ConfirmForm, UploadForm

__all__ = [
    "ExportView",
    "ImportView",
    "ConfirmImportView",
    "listing_queryset",
    "listing_view",
]

#: Query parameters of the export URL that are not filters of the listing.
EXPORT_PARAMS = ("format",)


def listing_view(model_admin, request):
    """The modeladmin listing's view, set up for ``request`` as its ``dispatch()`` would."""
    request.GET = request.GET.copy()
    for key in EXPORT_PARAMS:
        request.GET.pop(key, None)
    view = model_admin.index_view_class(model_admin=model_admin)
    view.setup(request)
    view.list_export = model_admin.get_list_export(request)
    view.list_display = model_admin.get_list_display(request)
    view.list_filter = model_admin.get_list_filter(request)
    view.search_fields = model_admin.get_search_fields(request)
    view.items_per_page = model_admin.list_per_page
    view.select_related = model_admin.list_select_related
    view.search_handler = model_admin.get_search_handler(request, view.search_fields)
    view.export = None
    view.params = request.GET.copy()
    for key in (view.PAGE_VAR, view.ERROR_FLAG, view.EXPORT_VAR):
        view.params.pop(key, None)
    view.query = request.GET.get(view.SEARCH_VAR, "")
    return view


def listing_queryset(model_admin, request):
    """The queryset the modeladmin listing shows for the same filters and search."""
    view = listing_view(model_admin, request)
    return view.get_queryset(request)


class ModelAdminView(View):
    model_admin = None
    permission = "import"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        check = getattr(self.model_admin, f"user_can_{self.permission}")
        if not check(request.user):
            # A plain 403: Wagtail's admin would turn PermissionDenied into a redirect.
            return HttpResponseForbidden(_("You do not have permission to do this."))
        self.resource = self.model_admin.get_resource()
        return super().dispatch(request, *args, **kwargs)

    def base_context(self):
        model_admin = self.model_admin
        opts = model_admin.model._meta
        return {
            "view": self,
            "model_admin": model_admin,
            "verbose_name_plural": opts.verbose_name_plural,
            "index_url": model_admin.url_helper.index_url,
            "import_url": model_admin.get_import_export_url("import"),
            "confirm_url": model_admin.get_import_export_url("import_confirm"),
            "header_icon": model_admin.get_menu_icon(),
            "resource": self.resource,
        }


class ExportView(ModelAdminView):
    permission = "export"

    def get(self, request):
        fmt = request.GET.get("format", "csv")
        if fmt not in EXPORT_FORMATS or fmt not in self.model_admin.export_formats:
            raise Http404
        queryset = listing_queryset(self.model_admin, request)
        dataset = self.resource.export_dataset(queryset)
        content_type, extension = EXPORT_FORMATS[fmt]
        response = HttpResponse(export_dataset(dataset, fmt), content_type=content_type)
        name = slugify(str(self.model_admin.model._meta.verbose_name_plural)) or "export"
        response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
        return response


class ImportView(ModelAdminView):
    template_name = "jeugdzorg_wagtail/importexport/import.html"

    def get(self, request):
        form = UploadForm(resource=self.resource, user=request.user)
        return self.render_upload(form)

    def render_upload(self, form, file_errors=None):
        context = self.base_context()
        context.update(form=form, file_errors=file_errors or [])
        return TemplateResponse(self.request, self.template_name, context)

    def post(self, request):
        form = UploadForm(request.POST, request.FILES, resource=self.resource, user=request.user)
        if not form.is_valid():
            return self.render_upload(form)
        upload = form.cleaned_data["import_file"]
        data = upload.read()
        try:
            dataset = read_upload(data, upload.name)
        except ImportFileError as error:
            return self.render_upload(form, [str(error)])
        report = self.resource.run_import(
            dataset, dry_run=True, user=request.user, options=form.import_options()
        )
        token = tempfiles.save(data) if report.ok else None
        confirm_form = None
        if token:
            initial = {
                "token": token,
                "file_name": upload.name,
                "create_unknown": form.cleaned_data.get("create_unknown"),
                "publish": form.cleaned_data.get("publish"),
                "parent": form.cleaned_data.get("parent"),
            }
            confirm_form = ConfirmForm(initial=initial, resource=self.resource, user=request.user)
        return render_preview(self, report, upload.name, confirm_form)


def render_preview(view, report, file_name, confirm_form, template="preview"):
    context = view.base_context()
    context.update(
        report=report,
        totals=report.totals,
        file_name=file_name,
        confirm_form=confirm_form,
        preview_columns=view.resource.preview_columns,
        page_resource=view.resource.is_page_resource,
    )
    return TemplateResponse(
        view.request, f"jeugdzorg_wagtail/importexport/{template}.html", context
    )


class ConfirmImportView(ModelAdminView):
    http_method_names = ["post"]

    def post(self, request):
        form = ConfirmForm(request.POST, resource=self.resource, user=request.user)
        if not form.is_valid():
            messages.error(request, _("The import could not be confirmed. Upload the file again."))
            return redirect(self.model_admin.get_import_export_url("import"))
        token = form.cleaned_data["token"]
        data = tempfiles.read(token)
        if data is None:
            messages.error(
                request,
                _("The uploaded file has expired or was already imported. Upload it again."),
            )
            return redirect(self.model_admin.get_import_export_url("import"))
        file_name = form.cleaned_data.get("file_name") or ""
        try:
            dataset = read_upload(data, file_name)
        except ImportFileError as error:  # pragma: no cover - it was read before
            tempfiles.delete(token)
            messages.error(request, str(error))
            return redirect(self.model_admin.get_import_export_url("import"))
        report = self.resource.run_import(
            dataset, dry_run=False, user=request.user, options=form.import_options()
        )
        tempfiles.delete(token)
        if not report.ok:
            return render_preview(self, report, file_name, None)
        totals = report.totals
        messages.success(
            request,
            _("Imported: %(new)s new, %(update)s updated, %(skip)s unchanged.") % totals,
        )
        return redirect(self.model_admin.url_helper.index_url)
