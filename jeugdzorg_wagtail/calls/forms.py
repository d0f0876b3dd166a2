"""The public form of a call for participation."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..core import form_fields
from ..core.conf import jw_settings
from ..taxonomy.models import Region, TargetGroup, Theme
from .attachments import validate_attachment

__all__ = ["CallSubmissionForm"]

MAX_LINKS = 5

#: The start of a web address with its scheme.
SCHEME = re.compile(r"https?://", re.IGNORECASE)
#: Something that reads as a web address: with a scheme, starting with www., or a host name.
ADDRESS_LIKE = re.compile(r"(https?://|www\.)\S+|[\w-]+(\.[\w-]+)*\.[a-z]{2,}(/\S*)?", re.I)


def holds_several_addresses(text):
    """Whether ``text`` holds two or more web addresses (side by side, or run together)."""
    if len(SCHEME.findall(text)) > 1:
        return True
    parts = [part for part in re.split(r"[\s,;]+", text) if part]
    return len(parts) > 1 and sum(bool(ADDRESS_LIKE.fullmatch(part)) for part in parts) > 1


phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-.]{6,30}$",
    _("Enter a phone number with digits only, for example 043 123 45 67 or +31 43 123 45 67."),
)


class CallSubmissionForm(form_fields.AccessibleFormMixin, forms.Form):
    """What a visitor sends to a call. ``submission_types`` are the types on offer.

    Personal fields carry ``autocomplete`` tokens; after validation every field with an error
    gets ``aria-invalid`` and ``aria-describedby`` pointing at its message and help text.
    """

    name = form_fields.name_field()
    organisation = form_fields.organisation_field()
    role = form_fields.role_field()
    email = form_fields.email_field(_("We send a confirmation to this address."))
    phone = form_fields.CharField(
        label=_("Phone number (optional)"),
        max_length=30,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    region = form_fields.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        empty_label=_("Choose a region"),
        # Required in clean_region() only when regions exist, so that a site without any
        # still has a working form.
        required=False,
        widget=forms.Select(attrs={"required": True}),
    )
    submission_type = forms.ChoiceField(
        label=_("What do you offer?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what you offer."),
            "invalid_choice": _("Choose one of the options offered."),
        },
    )
    title = form_fields.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Enter a title.")},
    )
    summary = form_fields.CharField(
        label=_("Summary"),
        max_length=600,
        help_text=_("In a few sentences, at most 600 characters."),
        error_messages={"required": _("Enter a summary.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    description = form_fields.CharField(
        label=_("Description"),
        max_length=5000,
        help_text=_(
            "What you would like to show or do, for whom, and how; at most 5,000 characters."
        ),
        error_messages={"required": _("Enter a description.")},
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    themes = form_fields.ModelMultipleChoiceField(
        label=_("Themes (optional)"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = form_fields.ModelMultipleChoiceField(
        label=_("Target groups (optional)"),
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    links = form_fields.CharField(
        label=_("Links (optional)"),
        required=False,
        max_length=3000,
        help_text=_("Web addresses about your work, one per line, at most 5."),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_(
            "A PDF, Word (docx), PowerPoint (pptx), OpenDocument (odt, odp), JPEG or PNG file "
            "of at most %(max)s."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy statement and agree that my details are used to handle "
            "my submission."
        ),
        error_messages={"required": _("Tick the box to agree to the privacy statement.")},
    )

    form_id = "jw-call-form"
    group_fields = ("submission_type", "themes", "target_groups")

    def __init__(
        self, *args, call=None, submission_types=None, max_size=None, request=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.call = call
        #: The request that sent the form (``None`` for a form only shown), for overrides of
        #: ``process_form_submission(form)`` that need it.
        self.request = request
        types = submission_types if submission_types is not None else []
        self.fields["submission_type"].choices = [(t["label"], t["label"]) for t in types]
        self.submission_types = types
        if max_size is None:
            max_size = jw_settings.ATTACHMENT_MAX_SIZE
        self.max_size = max_size
        self.fields["attachment"].help_text = self.fields["attachment"].help_text % {
            "max": filesizeformat(max_size)
        }
        self.describe_fields()

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data.get("links", "").splitlines()]
        links = [line for line in lines if line]
        if len(links) > MAX_LINKS:
            raise ValidationError(_("Give at most 5 links."), code="too_many")
        validate = URLValidator(schemes=["http", "https"])
        for link in links:
            params = {"link": link[:100]}
            if holds_several_addresses(link):
                raise ValidationError(
                    _(
                        "“%(link)s” holds more than one web address. "
                        "Put each link on a line of its own."
                    ),
                    code="several",
                    params=params,
                )
            try:
                validate(link)
            except ValidationError:
                if not SCHEME.match(link):
                    raise ValidationError(
                        _("“%(link)s” is not a web address. Links start with https://."),
                        code="invalid",
                        params=params,
                    ) from None
                raise ValidationError(
                    _("“%(link)s” is not a valid web address."), code="invalid", params=params
                ) from None
            if len(link) > 500:
                raise ValidationError(_("A link may be at most 500 characters long."))
        return links

    def clean_region(self):
        region = self.cleaned_data.get("region")
        if region is None and Region.objects.exists():
            raise ValidationError(_("Choose your region."), code="required")
        return region

    def clean_attachment(self):
        uploaded = self.cleaned_data.get("attachment")
        if not uploaded:
            return None
        return validate_attachment(uploaded, max_size=self.max_size)
