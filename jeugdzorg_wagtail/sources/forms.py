"""The forms of the partner agendas in the admin: a source, one of its events, and copying an
event into an event page.

Which agendas a user may pick follows the page permissions: a source shows its events in an
agenda without moderation, so attaching it takes the permission to *publish* that agenda; a
copy is a draft under an agenda, which takes the permission to *add* pages there. An agenda a
source already shows in and the user may not pick (another site's, say) stays as it is.
"""

import ipaddress
from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Page, Site
from wagtail.permissions import page_permission_policy

from ..core.conf import jw_settings
from .fetching import BlockedAddress, InvalidURL, is_allowed_address, validate_url
from .models import agenda_page_models

__all__ = [
    "AgendaChoiceField",
    "AgendaSourceForm",
    "CopyToPageForm",
    "SourceEventForm",
    "agendas_for_user",
]

TAXONOMY_FIELDS = ("region", "event_type", "themes", "target_groups")


def agendas_for_user(user, action):
    """The agenda pages on which ``user`` has the page permission ``action`` (``"publish"``,
    ``"add"``), in tree order."""
    pages = page_permission_policy.instances_user_has_permission_for(user, action)
    return (
        Page.objects.type(*agenda_page_models()).filter(pk__in=pages.values("pk")).order_by("path")
    )


class AgendaChoiceField(forms.ModelMultipleChoiceField):
    """Agendas, each named with its site when the installation has several sites."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sites = list(Site.objects.select_related("root_page").order_by("-root_page__depth"))
        self.sites = sites if len(sites) > 1 else []

    def label_from_instance(self, obj):
        for site in self.sites:  # the deepest root first: the site the page is in
            if obj.path.startswith(site.root_page.path):
                return f"{obj.title} ({site.site_name or site.hostname})"
        return obj.title


class AgendaSourceForm(WagtailAdminModelForm):
    """A source: an address that can be fetched, and agendas the user may publish."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("agendas")
        if field is not None:
            allowed = agendas_for_user(for_user, "publish") if for_user else Page.objects.none()
            chosen = AgendaChoiceField(
                queryset=allowed,
                required=False,
                label=field.label,
                help_text=field.help_text,
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields["agendas"] = chosen
            self.kept_agendas = []
            if self.instance.pk:
                allowed_ids = set(allowed.values_list("pk", flat=True))
                self.kept_agendas = [
                    page for page in self.instance.agendas.all() if page.pk not in allowed_ids
                ]

    def clean_url(self):
        url = self.cleaned_data.get("url", "")
        try:
            url = validate_url(url)
        except InvalidURL as error:
            raise forms.ValidationError(error.message, code=error.code) from error
        host = urlsplit(url).hostname or ""
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return url  # a name: its addresses are checked on every fetch
        if not is_allowed_address(host, allow_loopback=jw_settings.SOURCES_ALLOW_LOOPBACK):
            # An address written as numbers can be refused at once.
            error = BlockedAddress()
            raise forms.ValidationError(error.message, code=error.code)
        return url

    def clean_agendas(self):
        return [*self.cleaned_data.get("agendas", []), *getattr(self, "kept_agendas", [])]


class SourceEventForm(WagtailAdminModelForm):
    """What the editor sets on a partner's event: hidden or not, and its taxonomy."""

    def save(self, commit=True):
        if any(name in self.changed_data for name in TAXONOMY_FIELDS):
            self.instance.taxonomy_edited = True
        return super().save(commit=commit)


class CopyToPageForm(forms.Form):
    agenda = forms.ModelChoiceField(
        label=_("Agenda"),
        queryset=Page.objects.none(),
        empty_label=None,
        help_text=_("The event is made as a draft under this agenda."),
    )

    def __init__(self, *args, user, source_event, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = agendas_for_user(user, "add")
        field = self.fields["agenda"]
        field.queryset = allowed
        preferred = allowed.filter(pk__in=source_event.source.agendas.values("pk")).first()
        if preferred is not None:
            field.initial = preferred.pk
