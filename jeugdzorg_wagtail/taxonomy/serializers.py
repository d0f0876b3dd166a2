"""Taxonomy terms and organisations in Wagtail's API, as plain values."""

from rest_framework import serializers

__all__ = ["OrganisationLinkSerializer", "TermSerializer"]


class TermSerializer(serializers.Serializer):
    """A taxonomy term in the API: its name and slug."""

    name = serializers.CharField()
    slug = serializers.CharField()


class OrganisationLinkSerializer(serializers.Serializer):
    """The organisation of a link row (``row.organisation``) in the API."""

    name = serializers.CharField(source="organisation.name")
    slug = serializers.CharField(source="organisation.slug")
    website = serializers.CharField(source="organisation.website")
