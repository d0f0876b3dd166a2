"""The submissions inbox: list, detail, review states, bulk status change and export.

A user sees the submissions of the calls whose page they may edit (``calls_for_user``),
everywhere in the inbox: the listing's queryset is the one every view here starts from, and
a submission outside it is a 404. Personal data (``CallSubmission.personal_data_fields``) is
shown, searched, downloaded and exported only for users with the permission
``jeugdzorg_wagtail.view_personal_data``; other editors see what was sent (title, summary,
type, call, status), never who sent it.
Submissions arrive through the public form, so nobody creates them here.
"""

from django.contrib.admin import DateFieldListFilter, RelatedFieldListFilter
from django.contrib.admin.utils import quote as admin_quote
from django.db.models import Exists, OuterRef
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import register_admin_url_finder
from wagtail_modeladmin.helpers import ButtonHelper, ModelAdminURLFinder
from wagtail_modeladmin.views import EditView, InspectView

from ..core.admin import BaseModelAdmin, PageScopedPermissionHelper, PersonalDataAdminMixin
from ..importexport.options import ImportExportIndexView, ImportExportModelAdminMixin
from ..market.models import MarketStand
from .choices import SubmissionStatus
from .models import CallSubmission, calls_for_user
from .views import (
    AttachmentView,
    BulkStatusForm,
    BulkStatusView,
    MakePracticeExampleView,
    PlaceOnMarketView,
    SubmissionExportView,
    can_view_personal_data,
)

__all__ = ["CallSubmissionAdmin", "SubmissionAdminURLFinder"]


class CallSubmissionPermissionHelper(PageScopedPermissionHelper):
    """The model permissions, and for one submission also the page permission on its call.

    A user sees a submission when they may edit its call's page (:func:`calls_for_user`),
    as Wagtail's form submissions follow the form page; superusers see all.
    """

    def user_can_create(self, user):
        return False

    def pages_for_user(self, user):
        return calls_for_user(user)

    def page_id_of(self, obj):
        return obj.call_id


class CallListFilter(RelatedFieldListFilter):
    """Filter by call, offering only the calls whose submissions the user may see."""

    def field_choices(self, field, request, model_admin):
        return list(calls_for_user(request.user).order_by("title").values_list("pk", "title"))


def on_market(submission):
    """Whether a stand was made from ``submission`` (annotated by the listing's queryset)."""
    found = getattr(submission, "on_market", None)
    return submission.market_stands.exists() if found is None else found


class CallSubmissionButtonHelper(ButtonHelper):
    """Adds "Make a practice example" and "Place on the market" to an accepted submission's
    buttons."""

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
        if (
            "market" not in exclude
            and obj.status == SubmissionStatus.ACCEPTED
            and obj.call.event_id
            and not on_market(obj)
            and self.permission_helper.user_can_edit_obj(self.request.user, obj)
            and self.request.user.has_perm("jeugdzorg_wagtail.add_marketstand")
        ):
            buttons.append(
                {
                    "url": reverse(
                        "jeugdzorg_wagtail_callsubmission_modeladmin_market", args=[obj.pk]
                    ),
                    "label": gettext("Place on the market"),
                    "classname": "button button-secondary",
                    "title": gettext("Make a stand on the open-space market of the event"),
                }
            )
        return buttons


class SubmissionAdminURLFinder(ModelAdminURLFinder):
    """Admin URLs of a submission: its edit page (which Wagtail's site history links) as
    modeladmin gives it, and its detail page, which the notice e-mail links.

    Registered by :meth:`CallSubmissionAdmin.register_admin_url_finders`, so the model never
    imports the admin.
    """

    def get_inspect_url(self, instance):
        """The detail page of ``instance``, if the user (or, without one, anyone) may see it."""
        if self.user is None or self.permission_helper.user_can_inspect_obj(self.user, instance):
            return self.url_helper.get_action_url("inspect", admin_quote(instance.pk))
        return None


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


class CallSubmissionAdmin(PersonalDataAdminMixin, ImportExportModelAdminMixin, BaseModelAdmin):
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
        """The submissions of the calls whose page the user may edit (all for superusers),
        each with ``on_market`` (whether a market stand was made from it)."""
        stands = MarketStand.objects.filter(submission=OuterRef("pk"))
        return (
            super().get_queryset(request).for_user(request.user).annotate(on_market=Exists(stands))
        )

    # Permissions and URLs: PersonalDataAdminMixin

    def user_can_bulk_change(self, user):
        return self.user_can_change_records(user)

    def get_extra_views(self):
        return (
            ("export", SubmissionExportView, "export"),
            ("bulk-status", BulkStatusView, "bulk_status"),
            (r"attachment/(?P<pk>\d+)", AttachmentView, "attachment"),
            (r"practice-example/(?P<pk>\d+)", MakePracticeExampleView, "practice_example"),
            (r"market/(?P<pk>\d+)", PlaceOnMarketView, "market"),
        )

    def register_admin_url_finders(self):
        finder_class = type(
            "CallSubmissionAdminURLFinder",
            (SubmissionAdminURLFinder,),
            {"permission_helper": self.permission_helper, "url_helper": self.url_helper},
        )
        register_admin_url_finder(self.model, finder_class)
