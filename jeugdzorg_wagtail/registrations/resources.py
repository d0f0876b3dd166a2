"""The export of registrations: one row per person and session (personal data included: see
the admin's permission check)."""

from django.utils import timezone
from import_export import fields, resources

from ..importexport.registry import register_resource
from ..importexport.resources import ResourceMixin
from .models import SessionRegistration

__all__ = ["SessionRegistrationResource"]


def _local(value, pattern="%Y-%m-%d %H:%M"):
    return f"{timezone.localtime(value):{pattern}}" if value else ""


@register_resource(SessionRegistration)
class SessionRegistrationResource(ResourceMixin, resources.Resource):
    """Export only; every text cell is escaped by ``export_dataset``."""

    reference = fields.Field(column_name="reference", attribute="registration_id")
    event = fields.Field(column_name="event")
    session = fields.Field(column_name="session")
    place = fields.Field(column_name="place")
    status = fields.Field(column_name="status")
    waiting_position = fields.Field(column_name="waiting_list_position")
    registered_at = fields.Field(column_name="registered_at")
    name = fields.Field(column_name="name", attribute="registration__name")
    email = fields.Field(column_name="email", attribute="registration__email")
    organisation = fields.Field(column_name="organisation", attribute="registration__organisation")
    role = fields.Field(column_name="role", attribute="registration__role")
    dietary_wishes = fields.Field(
        column_name="dietary_wishes", attribute="registration__dietary_wishes"
    )
    question = fields.Field(column_name="question", attribute="registration__question")
    answer = fields.Field(column_name="answer", attribute="registration__answer")
    language = fields.Field(column_name="language", attribute="registration__language")
    email_failed = fields.Field(column_name="email_failed")

    def export_dataset(self, queryset):
        queryset = queryset.select_related("registration__event", "session").with_waiting_position()
        return self.export(queryset=queryset)

    def dehydrate_event(self, obj):
        return obj.registration.event.title

    def dehydrate_session(self, obj):
        return _local(obj.session.start)

    def dehydrate_place(self, obj):
        return obj.session.city or obj.session.venue

    def dehydrate_status(self, obj):
        return str(obj.get_status_display())

    def dehydrate_waiting_position(self, obj):
        if not obj.is_waiting:
            return ""
        return getattr(obj, "waiting_ahead", 0) + 1

    def dehydrate_registered_at(self, obj):
        return _local(obj.created_at)

    def dehydrate_email_failed(self, obj):
        return "yes" if obj.registration.email_failed else ""
