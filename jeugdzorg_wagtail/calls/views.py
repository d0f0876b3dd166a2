"""The submissions inbox's own admin views: export, bulk status change, attachments and
making a practice example. Each takes its submissions from the listing's queryset, so a
submission the user may not see is a 404 here too."""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.log_actions import log

from ..core.admin import PK_RANGE
from ..core.privacy import PERSONAL_DATA_PERMISSION, can_view_personal_data
from ..importexport.formats import EXPORT_FORMATS, export_dataset
from ..importexport.views import listing_view
from ..practice.models import PracticeExampleIndexPage
from .attachments import CONTENT_TYPES
from .choices import SubmissionStatus
from .models import CallSubmission, SubmissionExport

__all__ = [
    "PERSONAL_DATA_PERMISSION",
    "AttachmentView",
    "BulkStatusForm",
    "BulkStatusView",
    "MakePracticeExampleView",
    "PlaceOnMarketView",
    "SubmissionExportView",
    "can_view_personal_data",
]


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


class SubmissionAdminView(View):
    model_admin = None

    def has_permission(self, user):
        return self.model_admin.permission_helper.user_can_list(user)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
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


class MarketPlaceForm(forms.Form):
    number = forms.CharField(
        label=_("Stand"),
        max_length=50,
        required=False,
        help_text=_("A number or a place, for example “12” or “by the windows”."),
    )
    round = forms.IntegerField(
        label=_("Round"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("For a market in rounds. Leave empty when it has none."),
    )
    library = forms.ModelChoiceField(
        label=_("Library"),
        queryset=PracticeExampleIndexPage.objects.none(),
        required=False,
        empty_label=None,
        help_text=_("No practice example was made from this submission yet: a draft is made here."),
    )

    def __init__(self, *args, user, submission, **kwargs):
        super().__init__(*args, **kwargs)
        if submission.practice_example_id:
            del self.fields["library"]
        else:
            self.fields["library"].queryset = (
                PracticeExampleForm(user=user).fields["library"].queryset
            )


class PlaceOnMarketView(SubmissionAdminView):
    """Places an accepted submission on the open-space market of its call's event."""

    template_name = "jeugdzorg_wagtail/submissions/place_on_market.html"

    def has_permission(self, user):
        return self.model_admin.user_can_bulk_change(user) and user.has_perm(
            "jeugdzorg_wagtail.add_marketstand"
        )

    def render(self, request, submission, form, stand=None):
        context = {
            "view": self,
            "submission": submission,
            "event": submission.get_market_event(),
            "stand": stand,
            "form": form,
            "inspect_url": self.model_admin.url_helper.get_action_url("inspect", submission.pk),
            "header_icon": self.model_admin.get_menu_icon(),
        }
        return TemplateResponse(request, self.template_name, context)

    def placeable(self, request, submission):
        event = submission.get_market_event()
        if submission.status != SubmissionStatus.ACCEPTED or event is None:
            return False
        return event.permissions_for_user(request.user).can_edit()

    def get(self, request, pk):
        submission = self.model_admin.get_object_or_404(request, pk)
        stand = submission.market_stands.first()
        form = None
        if self.placeable(request, submission) and stand is None:
            form = MarketPlaceForm(user=request.user, submission=submission)
        return self.render(request, submission, form, stand)

    def post(self, request, pk):
        submission = self.model_admin.get_object_or_404(request, pk)
        if not self.placeable(request, submission):
            return HttpResponseForbidden(
                gettext("Only an accepted submission to a call for an event can be placed.")
            )
        form = MarketPlaceForm(request.POST, user=request.user, submission=submission)
        if not form.is_valid():
            return self.render(request, submission, form)
        stand = submission.place_on_market(
            number=form.cleaned_data["number"],
            round=form.cleaned_data["round"],
            library=form.cleaned_data.get("library"),
            user=request.user,
        )
        messages.success(
            request,
            gettext("“%(title)s” is on the market of “%(event)s”.")
            % {"title": stand.title, "event": stand.event.title},
        )
        return redirect(self.model_admin.url_helper.get_action_url("inspect", submission.pk))
