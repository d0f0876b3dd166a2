"""The narrow copy of Wagtail's search index that the library searches on PostgreSQL.

Triggers on Wagtail's index entries keep the copy equal to them, whichever way the index is
written: a page published, edited, unpublished or deleted, a batch of saves, Wagtail's
``update_index`` command, a ``TRUNCATE`` (as Django's ``flush`` does). On SQLite there is no
copy and the library searches with Wagtail's ``.search()``.
"""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from jeugdzorg_wagtail.core.search import IndexAtTheEnd
from jeugdzorg_wagtail.models import PracticeExamplePage, Theme
from tests.utils import make_library, make_many_practice_examples, make_practice_example

COPY = "jeugdzorg_wagtail_searchindexvectors"
ENTRIES = "wagtailsearch_indexentry"

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the copy exists on PostgreSQL only; CI runs this on PostgreSQL (DATABASE_URL).",
)
# Each search is rendered (its context and its SQL are read), not served from the cache of
# rendered pages.
pytestmark = pytest.mark.usefixtures("no_page_cache")


def copied_entries():
    """The rows of the copy, as ``(entry id, content type, object id, title, body, norm)``."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT entry_id, content_type_id, object_id, title::text, body::text, title_norm "  # noqa: S608
            f"FROM {COPY} ORDER BY entry_id"
        )
        return cursor.fetchall()


def index_entries():
    """Wagtail's index entries in the same form."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, content_type_id, object_id::bigint, title::text, body::text, title_norm "  # noqa: S608
            f"FROM {ENTRIES} ORDER BY id"
        )
        return cursor.fetchall()


def assert_copy_equals_index():
    copy = copied_entries()
    assert copy == index_entries()
    return copy


def found(client, term):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/praktijkvoorbeelden/", {"q": term})
    assert response.status_code == 200
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    return [example.title for example in response.context["examples"]], sql


@pytest.fixture
def library(root_page):
    library = make_library(root_page)
    make_practice_example(library, "Huiswerkklas in de wijk", summary="Samen leren na school.")
    make_practice_example(library, "Mentor voor elke jongere", summary="Een maatje uit de buurt.")
    return library


@on_postgresql
@pytest.mark.django_db
def test_the_library_reads_the_copy_and_not_wagtails_entries(client, library):
    titles, sql = found(client, "jongere")
    assert titles == ["Mentor voor elke jongere"]
    assert COPY in sql
    assert ENTRIES not in sql


@on_postgresql
@pytest.mark.django_db
def test_an_edit_an_unpublication_and_a_deletion_show_at_once(client, library):
    copy = assert_copy_equals_index()
    example = PracticeExamplePage.objects.get(title="Huiswerkklas in de wijk")
    assert example.pk in {row[2] for row in copy}
    assert found(client, "huiswerkklas")[0] == ["Huiswerkklas in de wijk"]

    example.title = "Kangoeroeklas in de wijk"
    example.save_revision().publish()
    assert_copy_equals_index()
    assert found(client, "kangoeroeklas")[0] == ["Kangoeroeklas in de wijk"]
    assert found(client, "huiswerkklas")[0] == []

    example.refresh_from_db()
    example.unpublish()
    assert_copy_equals_index()
    assert found(client, "kangoeroeklas")[0] == []

    example.delete()
    copy = assert_copy_equals_index()
    assert example.pk not in {row[2] for row in copy}
    assert found(client, "mentor")[0] == ["Mentor voor elke jongere"]


@on_postgresql
@pytest.mark.django_db
def test_drafts_private_and_other_sites_examples_are_never_found(client, library):
    public = make_practice_example(library, "Walvisproject op school")
    draft = make_practice_example(library, "Walvisproject in concept", publish=False)
    private = make_practice_example(library, "Walvisproject besloten")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    other_root = Page.get_first_root_node().add_child(
        instance=Page(title="Andere site", slug="andere-site")
    )
    Site.objects.create(hostname="andere.example.org", root_page=other_root)
    elsewhere = make_practice_example(
        make_library(other_root, slug="voorbeelden-elders"), "Walvisproject elders"
    )
    # They are in Wagtail's index and its copy (editors search them in the admin) ...
    copied = {row[2] for row in assert_copy_equals_index()}
    assert {public.pk, draft.pk, private.pk, elsewhere.pk} <= copied
    # ... but the library never lists them.
    response = client.get("/praktijkvoorbeelden/", {"q": "walvisproject"})
    assert [example.title for example in response.context["examples"]] == [public.title]
    assert response.context["result_count"] == 1
    html = response.content.decode()
    for title in (draft.title, private.title, elsewhere.title):
        assert title not in html


@on_postgresql
@pytest.mark.django_db
def test_a_batch_of_saves_is_copied_when_it_is_indexed(client, library):
    themes = [Theme.objects.create(name=f"Thema {i}") for i in range(1, 3)]
    pages = make_many_practice_examples(library, 30, themes=themes)
    copied = {row[2] for row in assert_copy_equals_index()}
    assert {page.pk for page in pages} <= copied
    response = client.get("/praktijkvoorbeelden/", {"q": "mentorschap", "theme": "thema-1"})
    assert response.context["result_count"] == len(
        [p for i, p in enumerate(pages) if i % 5 == 0 and themes[0] in p.themes.all()]
    )

    # Saves inside a batch reach the copy when the batch is indexed, not before.
    with IndexAtTheEnd(PracticeExamplePage) as batch:
        pages[1].title = "Voorbeeld met een ezelsbruggetje"
        pages[1].save()
        assert found(client, "ezelsbruggetje")[0] == []
        batch.flush()
    assert_copy_equals_index()
    assert found(client, "ezelsbruggetje")[0] == ["Voorbeeld met een ezelsbruggetje"]


@on_postgresql
@pytest.mark.django_db
def test_an_emptied_index_and_update_index(client, library):
    with connection.cursor() as cursor:
        # Check the deferred foreign keys of the rows written so far, as a commit would:
        # PostgreSQL truncates no table with checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {ENTRIES}")
    assert copied_entries() == []
    assert found(client, "jongere")[0] == []

    call_command("update_index", verbosity=0)
    copy = assert_copy_equals_index()
    assert copy
    assert found(client, "jongere")[0] == ["Mentor voor elke jongere"]


@on_postgresql
@pytest.mark.django_db
def test_the_migration_copies_the_entries_a_site_already_has(client, library):
    migration = importlib.import_module("jeugdzorg_wagtail.migrations.0009_search_index_vectors")
    with connection.schema_editor() as editor:
        migration.run_on_postgresql(migration.DROP)(apps, editor)
    assert COPY not in connection.introspection.table_names()
    with connection.schema_editor() as editor:
        migration.run_on_postgresql(migration.CREATE)(apps, editor)
    assert len(assert_copy_equals_index()) == len(index_entries()) > 0
    assert found(client, "wijk")[0] == ["Huiswerkklas in de wijk"]


@pytest.mark.django_db
def test_only_postgresql_has_the_copy_and_sqlite_searches_with_wagtail(client, library):
    # Runs on both databases (CI runs the suite on each), so that neither run skips it.
    titles, sql = found(client, "jongere")
    assert titles == ["Mentor voor elke jongere"]
    tables = connection.introspection.table_names()
    if connection.vendor == "postgresql":
        assert COPY in tables
        assert COPY in sql
    else:
        assert COPY not in tables
        assert COPY not in sql
        assert ENTRIES in sql
