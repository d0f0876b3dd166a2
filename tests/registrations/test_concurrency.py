"""Places are never given twice: many visitors register for the last places at once."""

import contextlib
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client
from wagtail.models import Locale, Page, Site

from jeugdzorg_wagtail.models import Registration, SessionRegistration
from tests.registrations.conftest import session_values
from tests.utils import make_agenda, make_registration_event, registration_form_data


def shared_cache_sqlite():
    """In-memory SQLite shared between connections locks whole tables and fails at once
    (no busy timeout): there, the posts of the threads are taken one at a time. On
    PostgreSQL (and file-based SQLite) they run truly at the same time."""
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


@pytest.fixture
def site_root(transactional_db, settings):
    """The default site's root page; made again when another transactional test emptied the
    database (with what the migrations made) before this one."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_page.specific
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=Page(title="Welkom", slug="home"))
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


@pytest.mark.django_db(transaction=True)
def test_fifty_at_once_for_ten_places_give_ten_places_and_forty_waiting(site_root, settings):
    settings.JEUGDZORG_WAGTAIL = {"SUBMISSION_RATE_LIMIT": 0}
    page = make_registration_event(
        make_agenda(site_root), sessions=[session_values(10, "Zwolle", places=10)]
    )
    session = page.sessions.get()
    url = page.url + "register/"
    count = 50
    posts = [registration_form_data(page, email=f"p{n}@example.org") for n in range(count)]
    barrier = threading.Barrier(count)
    lock = threading.Lock() if shared_cache_sqlite() else contextlib.nullcontext()
    statuses, errors = [], []

    def register(data):
        try:
            client = Client()
            barrier.wait()
            with lock:
                statuses.append(client.post(url, data).status_code)
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(data,)) for data in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert statuses == [302] * count
    assert Registration.objects.count() == count
    entries = SessionRegistration.objects.filter(session=session)
    assert entries.filter(status="confirmed").count() == 10
    assert entries.filter(status="waiting").count() == 40
    # Everyone heard where they stand, once.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(d["email"] for d in posts)
