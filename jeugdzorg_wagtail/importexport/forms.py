"""Forms of the import flow: the upload, and the confirmation that carries its options."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from ..core import form_fields
from ..core.conf import jw_settings
from ..core.sizes import format_file_size


class ImportOptionsForm(forms.Form):
    """The choices an editor makes for one import; fields depend on the resource."""

    create_unknown = forms.BooleanField(
        label=_("Create unknown values"),
        required=False,
        help_text=_(
            "Add event types, regions, themes and target groups that the file names but that do "
            "not exist yet. Without this, such rows are refused."
        ),
    )
    parent = form_fields.ModelChoiceField(
        label=_("Parent page for new pages"),
        queryset=Page.objects.none(),
        required=False,
        help_text=_("New pages are added under this page. Existing pages stay where they are."),
    )
    publish = forms.BooleanField(
        label=_("Publish"),
        required=False,
        help_text=_("Publish new and changed pages. Without this they are saved as drafts."),
    )

    def __init__(self, *args, resource, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.resource = resource
        #: The pks of the offered parents under which ``user`` may also publish.
        self.publish_parents = set()
        if not resource.has_taxonomy_columns:
            del self.fields["create_unknown"]
        if resource.is_page_resource:
            parents = []
            for page in Page.objects.type(*resource.parent_page_models).order_by("path"):
                perms = page.permissions_for_user(user)
                if perms.can_add_subpage():
                    parents.append(page)
                    if perms.can_publish_subpage():
                        self.publish_parents.add(page.pk)
            self.fields["parent"].queryset = Page.objects.filter(pk__in=[p.pk for p in parents])
            if len(parents) == 1:
                self.fields["parent"].initial = parents[0].pk
            if not self.publish_parents:
                # Not offered; a "publish" sent all the same is refused in clean().
                del self.fields["publish"]
            elif len(self.publish_parents) < len(parents):
                self.fields["publish"].help_text = _(
                    "Publish new and changed pages. Without this they are saved as drafts. You "
                    "may publish new pages only under: %(parents)s."
                ) % {
                    "parents": ", ".join(
                        p.get_admin_display_title() for p in parents if p.pk in self.publish_parents
                    )
                }
        else:
            del self.fields["parent"]
            del self.fields["publish"]

    def clean(self):
        data = super().clean()
        if not self.resource.is_page_resource:
            return data
        if "publish" not in self.fields:
            if forms.CheckboxInput().value_from_datadict(
                self.data, self.files, self.add_prefix("publish")
            ):
                raise forms.ValidationError(
                    _(
                        "You may not publish pages here. Leave “Publish” unticked to import them "
                        "as drafts."
                    ),
                    code="publish_not_allowed",
                )
            return data
        parent = data.get("parent")
        if data.get("publish") and parent is not None and parent.pk not in self.publish_parents:
            self.add_error(
                "publish",
                forms.ValidationError(
                    _(
                        "You may not publish pages under “%(parent)s”. Leave “Publish” unticked "
                        "to import them as drafts."
                    ),
                    params={"parent": parent.get_admin_display_title()},
                    code="publish_not_allowed",
                ),
            )
        return data

    def import_options(self):
        data = self.cleaned_data
        parent = data.get("parent")
        return {
            "create_unknown": data.get("create_unknown", False),
            "parent": parent.specific if parent else None,
            "publish": data.get("publish", False),
        }


class UploadForm(ImportOptionsForm):
    import_file = forms.FileField(
        label=_("File"),
        help_text=_("A CSV file (UTF-8 or Windows-1252) or an Excel workbook (.xlsx)."),
    )
    field_order = ["import_file"]

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = jw_settings.IMPORT_MAX_SIZE
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the largest file you can import is %(limit)s.")
                % {"size": format_file_size(upload.size), "limit": format_file_size(limit)}
            )
        return upload


class ConfirmForm(ImportOptionsForm):
    """The preview's confirmation: the stored file's token and the same options, hidden."""

    token = forms.CharField(widget=forms.HiddenInput)
    file_name = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget = forms.HiddenInput()
