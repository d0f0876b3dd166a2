"""Sessions and organisation roles of an event in Wagtail's API, as plain values."""

from rest_framework import serializers

__all__ = ["EventSessionSerializer", "OrganisationRoleSerializer"]


class OrganisationRoleSerializer(serializers.Serializer):
    """An organisation and its role in an event, in the API."""

    role = serializers.CharField()
    name = serializers.CharField(source="organisation.name")
    slug = serializers.CharField(source="organisation.slug")
    website = serializers.CharField(source="organisation.website")


class EventSessionSerializer(serializers.Serializer):
    """A session in the API, as plain values. The online link only when it is public."""

    id = serializers.IntegerField(source="pk")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    all_day = serializers.BooleanField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    venue = serializers.CharField()
    address = serializers.CharField()
    postal_code = serializers.CharField()
    city = serializers.CharField()
    online_url = serializers.CharField(source="online_url_shown")
    attendance_mode = serializers.CharField()
    status = serializers.CharField()
    note = serializers.CharField()
