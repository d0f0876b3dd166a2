"""The submissions inbox: list, detail, review states, bulk status change and export.

A user sees the submissions of the calls whose page they may edit (``calls_for_user``),
everywhere in the inbox: the listing's queryset is the one every view here starts from, and
a submission outside it is a 404. Personal data (``CallSubmission.personal_data_fields``) is
shown, searched, downloaded and exported only for users with the permission
``jeugdzorg_wagtail.view_personal_data``; other editors see what was sent (title, summary,
type, call, status), never who sent it.
Submissions arrive through the public form, so nobody creates them here.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin import DateFieldListFilter, RelatedFieldListFilter
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import re_path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.log_actions import log
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.views import EditView, InspectView

from ..attachments import CONTENT_TYPES
from ..core.admin import PK_RANGE, BaseModelAdmin
from ..importexport.formats import EXPORT_FORMATS, export_dataset
from ..importexport.options import ImportExportIndexView, ImportExportModelAdminMixin
from ..importexport.submissions import CallSubmissionResource
from ..importexport.views import listing_view
from ..models import (
    CallSubmission,
    PracticeExampleIndexPage,
    SubmissionExport,
    SubmissionStatus,
    calls_for_user,
)

PERSONAL_DATA_PERMISSION = "jeugdzorg_wagtail.view_personal_data"


def can_view_personal_data(user):
    return bool(user and user.is_active and user.has_perm(PERSONAL_DATA_PERMISSION))


class CallSubmissionPermissionHelper(PermissionHelper):
    """The model permissions, and for one submission also the page permission on its call.

    A user sees a submission when they may edit its call's page (:func:`calls_for_user`),
    as Wagtail's form submissions follow the form page; superusers see all.
    """

    def user_can_create(self, user):
        return False

    def user_can_see_obj(self, user, obj):
        """Whether ``obj`` is a submission to a call whose page ``user`` may edit."""
        if user.is_active and user.is_superuser:
            return True
        # Asked for every row of the listing: the calls are looked up once per request.
        call_ids = getattr(user, "_jeugdzorg_call_ids", None)
        if call_ids is None:
            call_ids = set(calls_for_user(user).values_list("pk", flat=True))
            user._jeugdzorg_call_ids = call_ids
        return obj.call_id in call_ids

    def user_can_inspect_obj(self, user, obj):
        return super().user_can_inspect_obj(user, obj) and self.user_can_see_obj(user, obj)

    def user_can_edit_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and self.user_can_see_obj(user, obj)

    def user_can_delete_obj(self, user, obj):
        return super().user_can_delete_obj(user, obj) and self.user_can_see_obj(user, obj)


class CallListFilter(RelatedFieldListFilter):
    """Filter by call, offering only the calls whose submissions the user may see."""

    def field_choices(self, field, request, model_admin):
        return list(calls_for_user(request.user).order_by("title").values_list("pk", "title"))


class CallSubmissionButtonHelper(ButtonHelper):
    """Adds "Make a practice example" to an accepted submission's buttons."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        exclude = exclude or []
        if (
            "practice_example" not in exclude
            and obj.status == SubmissionStatus.ACCEPTED
            and not obj.practice_example_id
            and self.permission_helper.user_can_edit_obj(self.request.user, obj)
        ):
            buttons.append(
                {
                    "url": reverse(
                        "jeugdzorg_wagtail_callsubmission_modeladmin_practice_example",
                        args=[obj.pk],
                    ),
                    "label": gettext("Make a practice example"),
                    "classname": "button button-secondary",
                    "title": gettext("Make a draft practice example from this submission"),
                }
            )
        return buttons


class SubmissionsField(forms.ModelMultipleChoiceField):
    """Ticked submissions; a key that is no number a database holds is refused as invalid."""

    def clean(self, value):
        for key in value or ():
            try:
                number = int(str(key))
            except ValueError:
                number = None
            if number is None or not PK_RANGE[0] <= number <= PK_RANGE[1]:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(key)[:20]},
                )
        return super().clean(value)


class BulkStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=SubmissionStatus.choices)
    submissions = SubmissionsField(
        queryset=CallSubmission.objects.none(),
        error_messages={"required": _("Select at least one submission.")},
    )

    def __init__(self, *args, queryset=None, **kwargs):
        """``queryset``: the submissions that may be ticked (those of the user's listing)."""
        super().__init__(*args, **kwargs)
        if queryset is not None:
            self.fields["submissions"].queryset = queryset


class CallSubmissionIndexView(ImportExportIndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.model_admin.user_can_bulk_change(self.request.user):
            context["bulk_status_form"] = BulkStatusForm(auto_id="id_bulk_%s")
            context["bulk_status_url"] = self.model_admin.get_extra_url("bulk_status")
        return context


class CallSubmissionEditView(EditView):
    """Records who changed the status and when, and logs the change."""

    def form_valid(self, form):
        previous = form.initial.get("status")
        changed = "status" in form.changed_data
        if changed:
            self.instance.reviewed_by = self.request.user
            self.instance.reviewed_at = timezone.now()
        response = super().form_valid(form)
        if changed:
            self.instance.log_status_change(previous, self.request.user)
        return response


class CallSubmissionInspectView(InspectView):
    """Shows personal fields only to users who may see personal data."""

    def get_fields_dict(self):
        fields = []
        for field_name in self.model_admin.get_inspect_view_fields():
            if field_name in CallSubmission.personal_data_fields and not can_view_personal_data(
                self.request.user
            ):
                continue
            fields.append(self.get_dict_for_field(field_name))
        return fields

    def get_field_label(self, field_name, field=None):
        return capfirst(super().get_field_label(field_name, field))

    def get_field_display_value(self, field_name, field=None):
        instance = self.instance
        empty = self.model_admin.get_empty_value_display(field_name)
        if field_name == "attachment":
            # The file has no public URL: a permission-checked download view serves it.
            if not instance.attachment:
                return empty
            return format_html(
                '<a href="{}" download>{}</a> ({})',
                self.model_admin.get_extra_url("attachment", instance.pk),
                instance.attachment_name,
                filesizeformat(instance.attachment_size or 0),
            )
        if field_name == "links":
            return "\n".join(instance.links or []) or empty
        if isinstance(getattr(instance, field_name, None), bool):
            return gettext("yes") if getattr(instance, field_name) else gettext("no")
        if field_name == "privacy_version":
            version = instance.privacy_version
            return _("version of %(date)s") % {
                "date": date_format(timezone.localtime(version.created_at), "DATETIME_FORMAT")
            }
        if field_name == "reviewed_by":
            user = instance.reviewed_by
            return (user.get_full_name() or user.get_username()) if user else empty
        if field_name == "practice_example":
            page = instance.practice_example
            if page is None:
                return empty
            return format_html(
                '<a href="{}">{}</a>', reverse("wagtailadmin_pages:edit", args=[page.pk]), page
            )
        return super().get_field_display_value(field_name, field)


class CallSubmissionAdmin(ImportExportModelAdminMixin, BaseModelAdmin):
    model = CallSubmission
    menu_label = _("Submissions")
    menu_icon = "form"
    list_display = (
        "select_box",
        "__str__",
        "title",
        "call",
        "submission_type",
        "status",
        "created_at",
    )
    list_display_add_buttons = "title"
    list_filter = (
        ("call", CallListFilter),
        "status",
        "submission_type",
        "region",
        ("created_at", DateFieldListFilter),
    )
    list_select_related = ("call",)
    search_fields = ("title", "summary")
    personal_search_fields = ("title", "summary", "organisation", "name", "email")
    ordering = ("-created_at",)
    add_to_settings_menu = False
    exclude_from_explorer = True
    inspect_view_enabled = True
    index_view_class = CallSubmissionIndexView
    index_template_name = "jeugdzorg_wagtail/submissions/index.html"
    edit_view_class = CallSubmissionEditView
    inspect_view_class = CallSubmissionInspectView
    inspect_template_name = "jeugdzorg_wagtail/submissions/inspect.html"
    permission_helper_class = CallSubmissionPermissionHelper
    button_helper_class = CallSubmissionButtonHelper
    resource_class = CallSubmissionResource
    export_formats = ("csv", "xlsx")
    inspect_view_fields = [
        "call",
        "created_at",
        "status",
        "reviewed_by",
        "reviewed_at",
        "submission_type",
        "title",
        "summary",
        "description",
        "region",
        "themes",
        "target_groups",
        "links",
        "name",
        "organisation",
        "role",
        "email",
        "phone",
        "attachment",
        "consent_given_at",
        "privacy_version",
        "editor_notes",
        "practice_example",
        "email_failed",
        "email_notes",
        "anonymised_at",
    ]
    form_fields_exclude = [
        "call",
        "name",
        "organisation",
        "role",
        "email",
        "phone",
        "region",
        "submission_type",
        "title",
        "summary",
        "description",
        "themes",
        "target_groups",
        "links",
        "attachment",
        "email_failed",
    ]

    # The listing

    @property
    def select_box(self):
        def select_box(obj):
            return format_html(
                '<input type="checkbox" name="submissions" value="{}" form="jw-bulk-status" '
                'aria-label="{}">',
                obj.pk,
                gettext("Select submission %(number)s") % {"number": f"#{obj.pk}"},
            )

        select_box.short_description = _("Select")
        return select_box

    def get_list_display(self, request):
        columns = list(self.list_display)
        if not self.user_can_bulk_change(request.user):
            columns.remove("select_box")
        if can_view_personal_data(request.user):
            columns[columns.index("title") + 1 : columns.index("title") + 1] = ["name", "email"]
        return columns

    def get_queryset(self, request):
        """The submissions of the calls whose page the user may edit (all for superusers)."""
        return super().get_queryset(request).for_user(request.user)

    def get_search_fields(self, request):
        if can_view_personal_data(request.user):
            return self.personal_search_fields
        return self.search_fields

    # Permissions

    def user_can_export(self, user):
        """Exports hold personal data: only for users who may see it."""
        return can_view_personal_data(user) and self.permission_helper.user_can_list(user)

    def user_can_import(self, user):
        return False

    def user_can_bulk_change(self, user):
        helper = self.permission_helper
        return helper.user_has_specific_permission(user, helper.get_perm_codename("change"))

    # URLs

    def get_extra_url(self, action, *args):
        return reverse(f"{self.import_export_url_prefix}_{action}", args=args)

    def get_import_export_url(self, action):
        return self.get_extra_url(action)

    def get_admin_urls_for_registration(self):
        urls = BaseModelAdmin.get_admin_urls_for_registration(self)
        base = self.url_helper.get_action_url_pattern("index").rstrip("$").rstrip("/")
        prefix = self.import_export_url_prefix
        return urls + (
            re_path(
                rf"{base}/export/$",
                SubmissionExportView.as_view(model_admin=self),
                name=f"{prefix}_export",
            ),
            re_path(
                rf"{base}/bulk-status/$",
                BulkStatusView.as_view(model_admin=self),
                name=f"{prefix}_bulk_status",
            ),
            re_path(
                rf"{base}/attachment/(?P<pk>\d+)/$",
                AttachmentView.as_view(model_admin=self),
                name=f"{prefix}_attachment",
            ),
            re_path(
                rf"{base}/practice-example/(?P<pk>\d+)/$",
                MakePracticeExampleView.as_view(model_admin=self),
                name=f"{prefix}_practice_example",
            ),
        )


class SubmissionAdminView(View):
    model_admin = None

    def has_permission(self, user):
        return self.model_admin.permission_helper.user_can_list(user)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not self.has_permission(request.user):
            # A plain 403: Wagtail's admin would turn PermissionDenied into a redirect.
            return HttpResponseForbidden(gettext("You do not have permission to do this."))
        return super().dispatch(request, *args, **kwargs)

    def redirect_back(self, request):
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = self.model_admin.url_helper.index_url
        return redirect(target)


class SubmissionExportView(SubmissionAdminView):
    """The listing (with its filters and search) as CSV or XLSX; every export is recorded."""

    def has_permission(self, user):
        return self.model_admin.user_can_export(user)

    def get(self, request):
        fmt = request.GET.get("format", "csv")
        if fmt not in self.model_admin.export_formats:
            raise Http404
        listing = listing_view(self.model_admin, request)
        queryset = listing.get_queryset(request)
        resource = self.model_admin.get_resource()
        dataset = resource.export_dataset(queryset)
        record = SubmissionExport.objects.create(
            user=request.user,
            row_count=len(dataset),
            file_format=fmt,
            filters=listing.applied_filters[:500],
        )
        log(
            instance=record,
            action="jeugdzorg_wagtail.submissions_export",
            user=request.user,
            data={"count": record.row_count, "format": fmt},
        )
        content_type, extension = EXPORT_FORMATS[fmt]
        response = HttpResponse(export_dataset(dataset, fmt), content_type=content_type)
        stamp = timezone.localtime(record.exported_at).strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="submissions-{stamp}.{extension}"'
        response["Cache-Control"] = "private, no-store"
        return response


class BulkStatusView(SubmissionAdminView):
    """Sets one status on the submissions ticked in the listing."""

    def has_permission(self, user):
        return self.model_admin.user_can_bulk_change(user)

    def post(self, request):
        form = BulkStatusForm(request.POST, queryset=self.model_admin.get_queryset(request))
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return self.redirect_back(request)
        status = SubmissionStatus(form.cleaned_data["status"])
        changed = 0
        for submission in form.cleaned_data["submissions"]:
            if self.model_admin.permission_helper.user_can_edit_obj(request.user, submission):
                changed += submission.set_status(status, request.user)
        messages.success(
            request,
            ngettext(
                "%(count)s submission set to “%(status)s”.",
                "%(count)s submissions set to “%(status)s”.",
                changed,
            )
            % {"count": changed, "status": status.label},
        )
        return self.redirect_back(request)


class AttachmentView(SubmissionAdminView):
    """The attachment of a submission, only for users who may see personal data."""

    def has_permission(self, user):
        return can_view_personal_data(user) and self.model_admin.permission_helper.user_can_list(
            user
        )

    def get(self, request, pk):
        submission = self.model_admin.get_object_or_404(request, pk)
        if not submission.attachment:
            raise Http404
        try:
            handle = submission.attachment.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=submission.attachment_name or submission.attachment.name.rsplit("/", 1)[-1],
            content_type=CONTENT_TYPES.get(submission.attachment_type, "application/octet-stream"),
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class PracticeExampleForm(forms.Form):
    library = forms.ModelChoiceField(
        label=_("Library"),
        queryset=PracticeExampleIndexPage.objects.none(),
        empty_label=None,
        help_text=_("The practice example is made as a draft under this page."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [
            page.pk
            for page in PracticeExampleIndexPage.objects.order_by("path")
            if page.permissions_for_user(user).can_add_subpage()
        ]
        self.fields["library"].queryset = PracticeExampleIndexPage.objects.filter(
            pk__in=allowed
        ).order_by("path")


class MakePracticeExampleView(SubmissionAdminView):
    """Makes a draft practice example from an accepted submission."""

    template_name = "jeugdzorg_wagtail/submissions/make_practice_example.html"

    def has_permission(self, user):
        return self.model_admin.user_can_bulk_change(user)

    def render(self, request, submission, form):
        context = {
            "view": self,
            "submission": submission,
            "form": form,
            "inspect_url": self.model_admin.url_helper.get_action_url("inspect", submission.pk),
            "header_icon": self.model_admin.get_menu_icon(),
        }
        return TemplateResponse(request, self.template_name, context)

    def get(self, request, pk):
        submission = self.model_admin.get_object_or_404(request, pk)
        form = PracticeExampleForm(user=request.user)
        if submission.status != SubmissionStatus.ACCEPTED:
            form = None
        return self.render(request, submission, form)

    def post(self, request, pk):
        submission = self.model_admin.get_object_or_404(request, pk)
        if submission.status != SubmissionStatus.ACCEPTED:
            return HttpResponseForbidden(gettext("Only an accepted submission can become one."))
        form = PracticeExampleForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render(request, submission, form)
        page = submission.make_practice_example(form.cleaned_data["library"], user=request.user)
        messages.success(
            request,
            gettext("Draft practice example “%(title)s” made. Check it and publish it.")
            % {"title": page.title},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
