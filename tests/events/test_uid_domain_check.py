"""The system check that warns when calendar UIDs would be qualified with a local name."""

import pytest

from jeugdzorg_wagtail.events.checks import check_uid_domain


def ids(messages):
    return [m.id for m in messages]


@pytest.mark.django_db
def test_warns_when_the_default_sites_host_name_is_local_with_debug_off(site, settings):
    settings.DEBUG = False
    site.hostname = "localhost"
    site.save()
    assert ids(check_uid_domain(None)) == ["jeugdzorg_wagtail.W001"]
    site.hostname = "127.0.0.1"
    site.save()
    assert ids(check_uid_domain(None)) == ["jeugdzorg_wagtail.W001"]


@pytest.mark.django_db
def test_quiet_with_a_public_host_name_a_uid_domain_or_debug_on(site, settings):
    settings.DEBUG = False
    site.hostname = "jeugdzorg.example.org"
    site.save()
    assert check_uid_domain(None) == []
    site.hostname = "localhost"
    site.save()
    settings.JEUGDZORG_WAGTAIL = {"UID_DOMAIN": "agenda.example.org"}
    assert check_uid_domain(None) == []
    settings.DEBUG = True
    settings.JEUGDZORG_WAGTAIL = {}
    assert check_uid_domain(None) == []


@pytest.mark.django_db
def test_warns_when_the_uid_domain_setting_is_local(settings):
    settings.DEBUG = False
    settings.JEUGDZORG_WAGTAIL = {"UID_DOMAIN": "localhost:8000"}
    assert ids(check_uid_domain(None)) == ["jeugdzorg_wagtail.W001"]


def test_the_check_does_not_fail_when_the_database_is_not_ready(settings, monkeypatch):
    from django.db import OperationalError
    from wagtail.models import Site

    def not_ready(*args, **kwargs):
        raise OperationalError("no such table: wagtailcore_site")

    monkeypatch.setattr(Site.objects, "filter", not_ready)
    settings.DEBUG = False
    assert check_uid_domain(None) == []
