"""What editors read in the admin: words, not Python values; one name for events; labels that
fit the number of things they name."""

import pytest
from django.utils import translation

from tests.utils import make_agenda, make_call, make_event, make_submission

SUBMISSIONS = "/admin/jeugdzorg_wagtail/callsubmission/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(root_page):
    return make_call(root_page, title="Oproep symposium")


def test_a_submission_is_named_by_its_number_only(call):
    submission = make_submission(call)
    assert str(submission) == f"Inzending #{submission.pk}"
    with translation.override("en"):
        assert str(submission) == f"Submission #{submission.pk}"


@pytest.mark.parametrize(("failed", "shown"), [(False, "nee"), (True, "ja")])
def test_the_detail_says_yes_or_no_whether_the_email_failed(admin_client, call, failed, shown):
    submission = make_submission(call, email_failed=failed)
    html = admin_client.get(f"{SUBMISSIONS}inspect/{submission.pk}/").content.decode()
    label = html.index('<dt class="">E-mail mislukt</dt>')
    assert f"<dd>{shown}</dd>" in html[label : label + 200]
    assert "False" not in html and "True" not in html


def test_the_detail_leads_back_to_all_submissions(admin_client, call):
    submission = make_submission(call)
    html = admin_client.get(f"{SUBMISSIONS}inspect/{submission.pk}/").content.decode()
    assert "Terug naar alle inzendingen" in html
    assert "lijst van inzending" not in html
    assert f'<a href="{SUBMISSIONS}">' in html


def test_the_listing_names_submissions_without_unexplained_numbers(admin_client, call):
    submission = make_submission(call)
    html = admin_client.get(SUBMISSIONS).content.decode()
    assert f"Inzending #{submission.pk}" in html
    assert f"#{submission.pk} ({call.pk})" not in html


def test_events_are_bijeenkomsten_in_the_menu_and_the_import(admin_client):
    menu = admin_client.get("/admin/").content.decode()
    assert "Bijeenkomsten" in menu
    assert "Evenementen" not in menu
    page = admin_client.get("/admin/jeugdzorg_wagtail/eventpage/import/").content.decode()
    assert "<title>Bijeenkomsten importeren" in " ".join(page.split())


def test_listings_say_yes_or_no_instead_of_true_or_false(admin_client, root_page):
    make_event(make_agenda(root_page), "Themacafé")
    html = admin_client.get("/admin/jeugdzorg_wagtail/eventpage/").content.decode()
    assert 'alt="True"' not in html and 'alt="False"' not in html
    assert ">ja<" in html.replace("\n", "").replace(" ", "")


def test_the_session_panel_adds_one_session_at_a_time(admin_client, root_page):
    agenda = make_agenda(root_page)
    html = admin_client.get(
        f"/admin/pages/add/jeugdzorg_wagtail/eventpage/{agenda.pk}/"
    ).content.decode()
    text = " ".join(html.split())
    assert "Voeg sessie toe" in text
    assert "Voeg sessies toe" not in text
    assert "Sessies 1" not in text
    assert "Data en plaatsen" in text
