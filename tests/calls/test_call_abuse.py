"""Bots and floods: the honeypot, the 3-second rule and the rate limit of a call's form."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from jeugdzorg_wagtail.calls import guards
from jeugdzorg_wagtail.models import CallSubmission
from tests.utils import aware, call_form_data, make_call

NEUTRAL = "Je formulier kon niet worden verstuurd. Controleer het en verstuur het opnieuw."


# Honeypot


def test_the_honeypot_is_hidden_from_sight_and_from_screen_readers(client, call, open_clock):
    html = client.get(call.url).content.decode()
    match = re.search(r'<div class="jw-hp" aria-hidden="true"[^>]*>(.*?)</div>', html, re.S)
    assert match, "no hidden honeypot wrapper"
    assert "position:absolute" in match.group(0)
    assert "display:none" not in match.group(0)
    field = match.group(1)
    assert 'name="homepage"' in field
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field
    assert "Laat dit veld leeg" in field


def test_a_filled_honeypot_stores_nothing_and_shows_a_neutral_message(client, call, open_clock):
    response = client.post(call.url, call_form_data(call, homepage="https://spam.example"))
    html = response.content.decode()
    assert response.status_code == 400
    assert NEUTRAL in html
    assert "honeypot" not in html.lower() and "bot" not in html.lower()
    assert CallSubmission.objects.count() == 0
    assert mail.outbox == []
    # What was typed is still there, without error messages on the fields.
    assert "Beveiligd chatten met gezinnen" in html
    assert "jw-field--error" not in html


@pytest.mark.parametrize(
    "values", [["", "https://spam.example"], ["https://spam.example", ""], [" "]]
)
def test_any_value_in_the_honeypot_refuses_the_post_also_when_sent_twice(
    client, call, open_clock, values
):
    response = client.post(call.url, {**call_form_data(call), "homepage": values})
    assert response.status_code == 400
    assert CallSubmission.objects.count() == 0


# The 3-second rule


@pytest.mark.parametrize(
    ("shown_at", "delay", "status", "stored"),
    [
        (aware(2026, 3, 10, 12), dt.timedelta(seconds=2), 400, 0),
        (aware(2026, 3, 10, 12), dt.timedelta(seconds=3), 302, 1),
        (aware(2026, 3, 1, 9), dt.timedelta(days=30), 302, 1),
    ],
    ids=["refused-within-three-seconds", "accepted-after-three-seconds", "no-upper-limit"],
)
def test_a_form_sent_back_is_refused_only_within_three_seconds(
    client, call, shown_at, delay, status, stored
):
    with time_machine.travel(shown_at, tick=False) as traveller:
        token = re.search(r'name="jw_token" value="([^"]+)"', client.get(call.url).text).group(1)
        traveller.shift(delay)
        response = client.post(call.url, call_form_data(call, jw_token=token))
    assert response.status_code == status
    assert CallSubmission.objects.count() == stored
    if status == 400:
        assert NEUTRAL in response.content.decode()


@pytest.mark.parametrize("token", ["", "forged", None])
def test_a_missing_or_forged_token_is_refused(client, call, open_clock, token):
    response = client.post(call.url, call_form_data(call, jw_token=token or ""))
    assert response.status_code == 400
    assert CallSubmission.objects.count() == 0


def test_a_token_of_another_call_is_refused(client, call, root_page, open_clock):
    other = make_call(root_page, title="Andere oproep", slug="andere-oproep")
    data = call_form_data(call, jw_token=call_form_data(other)["jw_token"])
    assert client.post(call.url, data).status_code == 400


def test_the_minimum_time_is_a_setting(call):
    with time_machine.travel(aware(2026, 3, 10, 12), tick=False) as traveller:
        token = guards.make_form_token(call.pk)
        traveller.shift(dt.timedelta(seconds=5))
        assert guards.check_form_token(token, call.pk) == guards.TOKEN_OK
        with override_settings(JEUGDZORG_WAGTAIL={"FORM_MIN_SECONDS": 10}):
            assert guards.check_form_token(token, call.pk) == guards.TOKEN_TOO_FAST


# Rate limit


@override_settings(JEUGDZORG_WAGTAIL={"SUBMISSION_RATE_LIMIT": 2})
def test_over_the_rate_limit_a_post_gets_429_and_a_message(client, call, open_clock):
    for n in range(2):
        data = call_form_data(call, title=f"Voorstel {n}")
        assert client.post(call.url, data).status_code == 302
    response = client.post(call.url, call_form_data(call, title="Derde voorstel"))
    html = response.content.decode()
    assert response.status_code == 429
    assert "Dit formulier is vanaf jouw verbinding te vaak verstuurd." in html
    assert 'value="Derde voorstel"' in html  # what was typed is kept
    assert CallSubmission.objects.count() == 2


@override_settings(JEUGDZORG_WAGTAIL={"SUBMISSION_RATE_LIMIT": 1, "SUBMISSION_RATE_WINDOW": 60})
def test_the_rate_limit_window_ends(client, call, open_clock):
    assert client.post(call.url, call_form_data(call)).status_code == 302
    assert client.post(call.url, call_form_data(call)).status_code == 429
    open_clock.shift(dt.timedelta(seconds=61))
    assert client.post(call.url, call_form_data(call)).status_code == 302


@override_settings(JEUGDZORG_WAGTAIL={"SUBMISSION_RATE_LIMIT": 1})
def test_the_rate_limit_is_per_client(client, call, open_clock):
    assert client.post(call.url, call_form_data(call), REMOTE_ADDR="192.0.2.1").status_code == 302
    assert client.post(call.url, call_form_data(call), REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.post(call.url, call_form_data(call), REMOTE_ADDR="192.0.2.2").status_code == 302


@override_settings(
    JEUGDZORG_WAGTAIL={"SUBMISSION_RATE_LIMIT": 1, "TRUSTED_PROXIES": ["10.0.0.0/8"]}
)
def test_behind_a_trusted_proxy_the_forwarded_client_is_limited(client, call, open_clock):
    def post(forwarded):
        return client.post(
            call.url,
            call_form_data(call),
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    assert post("198.51.100.7").status_code == 302
    # A client cannot escape by writing its own X-Forwarded-For entries to the left.
    assert post("203.0.113.99, 198.51.100.7").status_code == 429
    assert post("198.51.100.8").status_code == 302


def test_client_address_believes_forwarded_only_from_trusted_proxies():
    factory = RequestFactory()
    spoofed = factory.post("/", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert guards.client_address(spoofed) == "192.0.2.9"
    with override_settings(JEUGDZORG_WAGTAIL={"TRUSTED_PROXIES": ["10.0.0.1", "10.0.0.2"]}):
        assert guards.client_address(spoofed) == "192.0.2.9"
        chain = factory.post(
            "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7, 10.0.0.2"
        )
        assert guards.client_address(chain) == "198.51.100.7"
        only_proxies = factory.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.2")
        assert guards.client_address(only_proxies) == "10.0.0.2"


def test_the_cache_holds_only_a_hash_of_the_address():
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.7")
    key = guards.rate_limit_key(request)
    assert "198.51.100.7" not in key
    assert re.fullmatch(r"[0-9a-f]{40,}", key.rsplit(":", 1)[1])
    guards.rate_limit_exceeded(request)
    assert cache.get(key) == 1


def test_ipv6_clients_are_counted_per_64_network():
    factory = RequestFactory()
    one = factory.post("/", REMOTE_ADDR="2001:db8:1:2::1")
    two = factory.post("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    other = factory.post("/", REMOTE_ADDR="2001:db8:1:3::1")
    assert guards.rate_limit_key(one) == guards.rate_limit_key(two)
    assert guards.rate_limit_key(one) != guards.rate_limit_key(other)


def test_no_ip_address_is_stored_with_a_submission(client, call, open_clock):
    client.post(call.url, call_form_data(call), REMOTE_ADDR="198.51.100.7")
    submission = CallSubmission.objects.get()
    values = [str(getattr(submission, f.attname)) for f in CallSubmission._meta.concrete_fields]
    assert not any("198.51.100.7" in value for value in values)


# What counts toward the rate limit


def test_honest_corrections_do_not_count_toward_the_rate_limit(client, call, open_clock):
    # The default limit is 5: a visitor who gets errors eight times can still send.
    for _attempt in range(8):
        response = client.post(call.url, call_form_data(call, email="geen-adres"))
        assert response.status_code == 200
    assert client.post(call.url, call_form_data(call)).status_code == 302
    assert CallSubmission.objects.count() == 1


@override_settings(JEUGDZORG_WAGTAIL={"SUBMISSION_RATE_LIMIT": 2})
@pytest.mark.parametrize(
    "refused", [{"homepage": "https://spam.example"}, {"jw_token": "forged"}, {"jw_token": ""}]
)
def test_posts_refused_as_abuse_count_toward_the_rate_limit(client, call, open_clock, refused):
    for _attempt in range(2):
        assert client.post(call.url, call_form_data(call, **refused)).status_code == 400
    response = client.post(call.url, call_form_data(call))
    assert response.status_code == 429
    assert CallSubmission.objects.count() == 0


@override_settings(JEUGDZORG_WAGTAIL={"SUBMISSION_RATE_LIMIT": 2})
def test_posts_to_a_closed_call_count_toward_the_rate_limit(client, call, root_page, open_clock):
    closed = make_call(
        root_page,
        title="Gesloten oproep",
        slug="gesloten",
        opens_at=aware(2026, 1, 1, 9),
        closes_at=aware(2026, 2, 1, 17),
    )
    for _attempt in range(2):
        assert client.post(closed.url, call_form_data(closed)).status_code == 403
    assert client.post(call.url, call_form_data(call)).status_code == 429


@override_settings(JEUGDZORG_WAGTAIL={"SUBMISSION_RATE_LIMIT": 2})
def test_accepted_submissions_count_and_corrections_in_between_do_not(client, call, open_clock):
    assert client.post(call.url, call_form_data(call)).status_code == 302
    for _attempt in range(3):
        assert client.post(call.url, call_form_data(call, name="")).status_code == 200
    assert client.post(call.url, call_form_data(call)).status_code == 302
    assert client.post(call.url, call_form_data(call, name="")).status_code == 429
