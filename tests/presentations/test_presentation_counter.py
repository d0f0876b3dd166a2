"""The download counter: one atomic UPDATE per download, nothing stored about the visitor."""

import contextlib
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jeugdzorg_wagtail.models import PresentationPage
from tests.utils import make_agenda, make_event, make_presentation


def stored_count(page):
    return PresentationPage.objects.get(pk=page.pk).download_count


@pytest.mark.django_db
def test_counting_is_one_update_with_an_expression(root_page):
    presentation = make_presentation(make_event(make_agenda(root_page)))
    with CaptureQueriesContext(connection) as queries:
        presentation.count_download()
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SELECT")]
    assert len(writes) == 1
    sql = writes[0]
    assert sql.startswith("UPDATE")
    assert '"download_count" = ("jeugdzorg_wagtail_presentationpage"."download_count" + 1)' in sql


@pytest.mark.django_db
def test_stale_instances_that_both_count_lose_nothing(root_page):
    presentation = make_presentation(make_event(make_agenda(root_page)))
    first = PresentationPage.objects.get(pk=presentation.pk)
    second = PresentationPage.objects.get(pk=presentation.pk)
    for _ in range(3):
        first.count_download()
        second.count_download()
    assert stored_count(presentation) == 6
    # An editor's save from an instance loaded before the downloads sets nothing back.
    first.summary = "Aangepast"
    first.save()
    assert stored_count(presentation) == 6


@pytest.mark.django_db
def test_a_download_stores_nothing_about_the_visitor(client, root_page):
    presentation = make_presentation(make_event(make_agenda(root_page)))
    with CaptureQueriesContext(connection) as queries:
        client.get(presentation.url + "download/", REMOTE_ADDR="192.0.2.7")
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SELECT")]
    assert len(writes) == 1
    assert "192.0.2.7" not in " ".join(q["sql"] for q in queries.captured_queries)
    assert "sessionid" not in client.cookies


def shared_cache_sqlite():
    """In-memory SQLite shared between connections locks whole tables and fails at once
    (no busy timeout): there, writes from the threads are taken one at a time."""
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


@pytest.mark.django_db(transaction=True)
def test_concurrent_downloads_are_all_counted(root_page):
    """Threads with their own database connections download at the same time (truly
    concurrent on PostgreSQL and file-based SQLite); no download is lost."""
    presentation = make_presentation(make_event(make_agenda(root_page)))
    url = presentation.url + "download/"
    threads_count, per_thread = 6, 5
    barrier = threading.Barrier(threads_count)
    write_lock = threading.Lock() if shared_cache_sqlite() else contextlib.nullcontext()
    errors = []

    def download():
        try:
            client = Client()
            barrier.wait()
            for _ in range(per_thread):
                with write_lock:
                    assert client.get(url).status_code == 302
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=download) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert stored_count(presentation) == threads_count * per_thread


@pytest.mark.django_db
def test_publishing_still_saves_speakers_and_themes(root_page):
    from jeugdzorg_wagtail.models import PresentationSpeaker, Theme

    presentation = make_presentation(make_event(make_agenda(root_page)))
    presentation.count_download()
    page = PresentationPage.objects.get(pk=presentation.pk)
    page.title = "Nieuwe titel"
    page.speakers = [PresentationSpeaker(name="Nieuwe spreker")]
    page.themes = [Theme.objects.create(name="Jongeren en ouders")]
    page.save_revision().publish()
    stored = PresentationPage.objects.get(pk=presentation.pk)
    assert stored.title == "Nieuwe titel"
    assert [s.name for s in stored.speakers.all()] == ["Nieuwe spreker"]
    assert [t.name for t in stored.themes.all()] == ["Jongeren en ouders"]
    assert stored.download_count == 1
