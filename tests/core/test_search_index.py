"""Imports index each page once, at the end; other saves index as they always did."""

import threading
from collections import Counter

import pytest
from wagtail.search.backends import get_search_backend

from jeugdzorg_wagtail.core.search import IndexAtTheEnd
from jeugdzorg_wagtail.models import EventPage, PracticeExamplePage
from tests.utils import import_file, make_practice_example

pytestmark = pytest.mark.django_db

EXAMPLES = "/admin/jeugdzorg_wagtail/practiceexamplepage/"
EVENTS = "/admin/jeugdzorg_wagtail/eventpage/"


@pytest.fixture
def indexed(monkeypatch):
    """Counts, per object, how often the search backend was given it."""
    counts = Counter()
    backend_class = type(get_search_backend())
    add, add_bulk = backend_class.add, backend_class.add_bulk

    def counting_add(self, obj):
        counts[(type(obj).__name__, obj.pk)] += 1
        return add(self, obj)

    def counting_add_bulk(self, model, objs):
        for obj in objs:
            counts[(type(obj).__name__, obj.pk)] += 1
        return add_bulk(self, model, objs)

    monkeypatch.setattr(backend_class, "add", counting_add)
    monkeypatch.setattr(backend_class, "add_bulk", counting_add_bulk)
    return counts


def search(client, library, words):
    response = client.get(library.url, {"q": words})
    assert response.status_code == 200
    return sorted(page.title for page in response.context["examples"].object_list)


def examples_csv(rows):
    lines = ["import_key,title,summary,organisations"]
    lines += [
        f"{key},{title},{summary},{organisation}" for key, title, summary, organisation in rows
    ]
    return ("\n".join(lines) + "\n").encode()


def test_an_import_indexes_each_page_once_and_search_finds_it(
    admin_client, client, library, indexed
):
    content = examples_csv(
        [
            ("pv-1", "Buurtmentoren", "Studenten begeleiden scholieren.", "Stichting Mentorhuis"),
            ("pv-2", "Ouderavonden", "Ouders ontmoeten elkaar online.", "Oudernetwerk"),
            ("pv-3", "Sportmaatjes", "Jongeren sporten samen.", "Stichting Mentorhuis"),
        ]
    )
    preview, confirmed = import_file(
        admin_client,
        EXAMPLES,
        content,
        parent=library.pk,
        publish="on",
        create_unknown="on",
    )
    assert confirmed.status_code == 302
    pages = {p.pk: p.title for p in PracticeExamplePage.objects.all()}
    assert len(pages) == 3
    # Created, revised and published: three saves each, one index update each
    assert {pk: indexed[("PracticeExamplePage", pk)] for pk in pages} == dict.fromkeys(pages, 1)
    # The index holds the relations, which are stored after the page row
    assert search(client, library, "mentorhuis") == ["Buurtmentoren", "Sportmaatjes"]
    assert search(client, library, "ontmoeten") == ["Ouderavonden"]


def test_an_event_import_indexes_each_event_once_with_its_sessions(admin_client, agenda, indexed):
    content = (
        "import_key,title,session_start,venue,city\n"
        "ev-1,Themacafé,2026-10-08 19:00,De Kring,Heerlen\n"
        "ev-1,Themacafé,2026-10-15 19:00,Bibliotheek,Venlo\n"
        "ev-2,Symposium,2026-11-12 09:30,De Valk,Maastricht\n"
    ).encode()
    _preview, confirmed = import_file(admin_client, EVENTS, content, parent=agenda.pk, publish="on")
    assert confirmed.status_code == 302
    events = {page.pk: page.title for page in EventPage.objects.all()}
    assert len(events) == 2
    assert {pk: indexed[("EventPage", pk)] for pk in events} == dict.fromkeys(events, 1)
    # The index holds the sessions, which are stored after the page row
    found = EventPage.objects.live().search("Venlo")
    assert [page.title for page in found] == ["Themacafé"]


def test_a_reimport_with_a_change_reindexes_the_changed_page_once(
    admin_client, client, library, indexed
):
    rows = [
        ("pv-1", "Buurtmentoren", "Studenten begeleiden scholieren.", ""),
        ("pv-2", "Ouderavonden", "Ouders ontmoeten elkaar online.", ""),
    ]
    import_file(admin_client, EXAMPLES, examples_csv(rows), parent=library.pk, publish="on")
    indexed.clear()
    rows[1] = ("pv-2", "Ouderavonden", "Ouders ontmoeten elkaar op school.", "")
    import_file(admin_client, EXAMPLES, examples_csv(rows), parent=library.pk, publish="on")
    changed = PracticeExamplePage.objects.get(import_key="pv-2")
    assert dict(indexed) == {("PracticeExamplePage", changed.pk): 1}
    assert search(client, library, "school") == ["Ouderavonden"]
    assert search(client, library, "online") == []


def test_a_failed_import_indexes_nothing(admin_client, library, indexed):
    content = b"import_key,title,start_year\npv-1,Buurtmentoren,2020\npv-2,Ouderavonden,ooit\n"
    preview, _confirmed = import_file(
        admin_client, EXAMPLES, content, parent=library.pk, confirm=False
    )
    assert preview.context["report"].errors
    assert PracticeExamplePage.objects.count() == 0
    assert not indexed


def test_saves_outside_the_batch_index_at_once(library, indexed):
    example = make_practice_example(library, title="Buurtmentoren")
    indexed.clear()
    with IndexAtTheEnd(PracticeExamplePage) as batch:
        example.summary = "Binnen de batch"
        example.save()
        assert not indexed  # noted, not yet indexed
        batch.flush()
        assert dict(indexed) == {("PracticeExamplePage", example.pk): 1}
    indexed.clear()
    example.save()  # after the batch, saves index as before
    assert indexed[("PracticeExamplePage", example.pk)] >= 1


def test_saves_in_other_threads_go_to_the_search_handler_at_once(library, indexed):
    example = make_practice_example(library, title="Buurtmentoren")
    handled = []
    with IndexAtTheEnd(PracticeExamplePage) as batch:
        wagtails_handler = batch.handler
        batch.handler = lambda sender, instance, **kwargs: handled.append(instance.pk)
        # What post_save calls when another thread (another request) saves an example
        worker = threading.Thread(
            target=batch.note, kwargs={"sender": PracticeExamplePage, "instance": example}
        )
        worker.start()
        worker.join()
        batch.note(sender=PracticeExamplePage, instance=example)  # and this thread
        assert handled == [example.pk]
        assert batch.saved == {example.pk}
        batch.handler = wagtails_handler  # reconnected on leaving the batch
    # Wagtail's handler is back: a save indexes at once
    indexed.clear()
    example.save()
    assert indexed[("PracticeExamplePage", example.pk)] >= 1
