"""The app loads, its settings have defaults and overrides, and the site setting works."""

import io

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from jeugdzorg_wagtail.core.conf import DEFAULTS, jw_settings
from jeugdzorg_wagtail.models import NetworkSettings


def test_app_is_installed_with_its_label():
    config = apps.get_app_config("jeugdzorg_wagtail")
    assert config.name == "jeugdzorg_wagtail"
    assert str(config.verbose_name) in {"Jeugdzorgnetwerk", "Youth-care network"}


def test_settings_have_documented_defaults():
    assert jw_settings.BASE_TEMPLATE == "base.html"
    assert jw_settings.FEED_PAST_DAYS == 90
    assert jw_settings.ATTACHMENT_MAX_SIZE == 10 * 1024 * 1024
    assert jw_settings.calendar_time_zone == "Europe/Amsterdam"


def test_every_default_is_documented():
    with open("docs/settings.md", encoding="utf-8") as fh:
        text = fh.read()
    missing = [key for key in DEFAULTS if f"`{key}`" not in text]
    assert missing == []


def test_override_settings_reloads_the_dict():
    with override_settings(JEUGDZORG_WAGTAIL={"BASE_TEMPLATE": "layout.html", "FEED_PAST_DAYS": 7}):
        assert jw_settings.BASE_TEMPLATE == "layout.html"
        assert jw_settings.FEED_PAST_DAYS == 7
        assert jw_settings.EVENTS_PER_PAGE == DEFAULTS["EVENTS_PER_PAGE"]
    assert jw_settings.BASE_TEMPLATE == "base.html"


def test_calendar_zone_follows_time_zone_unless_set():
    with override_settings(TIME_ZONE="Europe/Brussels"):
        assert jw_settings.calendar_time_zone == "Europe/Brussels"
    with override_settings(JEUGDZORG_WAGTAIL={"CALENDAR_TIME_ZONE": "UTC"}):
        assert jw_settings.calendar_time_zone == "UTC"


def test_unknown_key_is_refused_clearly():
    with override_settings(JEUGDZORG_WAGTAIL={"BASE_TEMPLAT": "x.html"}):
        with pytest.raises(ImproperlyConfigured, match="BASE_TEMPLAT"):
            jw_settings.BASE_TEMPLATE  # noqa: B018


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError):
        jw_settings.NOT_A_SETTING  # noqa: B018


@pytest.mark.django_db
def test_network_settings_per_site(site):
    settings = NetworkSettings.for_site(site)
    assert settings.calendar_refresh_hours == 12
    settings.name = "Netwerk Jeugdzorg Limburg"
    settings.mastodon = "https://mastodon.example.org/@jeugdzorg"
    settings.save()
    again = NetworkSettings.for_site(site)
    assert again.name == "Netwerk Jeugdzorg Limburg"
    assert [url for _label, url in again.social_links] == [
        "https://mastodon.example.org/@jeugdzorg"
    ]


@pytest.mark.django_db
def test_network_settings_are_editable_in_the_admin(admin_client, site):
    url = reverse("wagtailsettings:edit", args=["jeugdzorg_wagtail", "networksettings", site.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "notification_email" in response.content.decode()
    response = admin_client.post(
        url,
        {
            "name": "Regionaal netwerk",
            "description": "",
            "notification_email": "redactie@example.org",
            "website": "",
            "mastodon": "",
            "bluesky": "",
            "linkedin": "",
            "instagram": "",
            "facebook": "",
            "youtube": "",
            "calendar_refresh_hours": "6",
        },
    )
    assert response.status_code == 302
    stored = NetworkSettings.for_site(site)
    assert stored.notification_email == "redactie@example.org"
    assert stored.calendar_refresh_hours == 6


@pytest.mark.django_db
def test_taxonomy_is_managed_in_the_network_menu_group(admin_client):
    response = admin_client.get("/admin/jeugdzorg_wagtail/region/")
    assert response.status_code == 200
    response = admin_client.post(
        "/admin/jeugdzorg_wagtail/region/create/", {"name": "Holland Rijnland", "slug": ""}
    )
    assert response.status_code == 302
    from jeugdzorg_wagtail.models import Region

    assert Region.objects.get().slug == "holland-rijnland"


@pytest.mark.django_db
def test_migrations_match_the_models():
    out = io.StringIO()
    call_command("makemigrations", "jeugdzorg_wagtail", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_demo_command_is_idempotent_and_creates_no_users(root_page, settings):
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    settings.DEBUG = True
    out = io.StringIO()
    call_command("jeugdzorg_demo", stdout=out)
    assert "Demo content added" in out.getvalue()
    pages = Page.objects.count()
    assert NetworkSettings.for_site(root_page.get_site()).notification_email.endswith(
        "@example.org"
    )
    out = io.StringIO()
    call_command("jeugdzorg_demo", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert Page.objects.count() == pages
    assert get_user_model().objects.count() == 0


@pytest.mark.django_db
def test_demo_command_refuses_with_debug_off_unless_yes(root_page, settings):
    from django.core.management.base import CommandError
    from wagtail.models import Page

    settings.DEBUG = False
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="--yes"):
        call_command("jeugdzorg_demo", stdout=io.StringIO())
    assert Page.objects.count() == pages
    call_command("jeugdzorg_demo", "--yes", stdout=io.StringIO())
    assert Page.objects.count() > pages


@pytest.mark.django_db
def test_demo_command_builds_under_a_given_parent(root_page, settings):
    from wagtail.models import Page

    settings.DEBUG = True
    holder = Page(title="Proef", slug="proef")
    root_page.add_child(instance=holder)
    call_command("jeugdzorg_demo", "--parent", str(holder.pk), stdout=io.StringIO())
    assert Page.objects.child_of(holder).filter(slug="agenda").exists()
