"""New events are written together after the rows; the result is that of saving each page.

Each file is imported twice into the same starting state: once page by page (the way every
existing page is updated) and once with the new pages written together. Everything an import
leaves is compared, without primary keys and timestamps.
"""

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.signals import page_published

from jeugdzorg_wagtail.events.resources import EventResource
from jeugdzorg_wagtail.importexport.formats import read_upload
from jeugdzorg_wagtail.models import AgendaEntry, EventPage, EventSession, Region, Theme
from tests.utils import import_file, load_taxonomy

try:
    from wagtail.search.models import IndexEntry
except ImportError:  # Wagtail 8 keeps the search index in modelsearch
    from modelsearch.models import IndexEntry

pytestmark = pytest.mark.django_db

EVENTS = "/admin/jeugdzorg_wagtail/eventpage/"
SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
SAMPLE = (SAMPLES / "events.csv").read_bytes()


def more_events(n, start=0, theme="De professional"):
    """``n`` events of two sessions each, one with a title that the agenda already has."""
    lines = ["import_key,title,intro,region,themes,is_free,session_start,session_end,city,all_day"]
    for i in range(start, start + n):
        title = "Symposium Samen sterk voor de jeugd" if i == start else f"Bijeenkomst {i}"
        for session in (1, 2):
            lines.append(
                f"extra-{i},{title},Inleiding {i},Limburg,{theme},ja,"
                f"2030-{1 + i % 12:02d}-{session * 10:02d} 19:00,"
                f"2030-{1 + i % 12:02d}-{session * 10:02d} 21:00,Maastricht,nee"
            )
    return ("\n".join(lines) + "\n").encode()


def changed_sample():
    """The sample with one event changed and two new ones (an update and new pages)."""
    changed = SAMPLE.replace(b"Symposium Samen sterk", b"Symposium Sterker samen")
    new_rows = more_events(2, start=50).split(b"\n", 1)[1]
    header, rows = changed.split(b"\n", 1)
    extra_header = more_events(1).split(b"\n", 1)[0].decode().split(",")
    columns = header.decode().split(",")
    lines = []
    for line in new_rows.decode().strip().split("\n"):
        values = dict(zip(extra_header, line.split(","), strict=True))
        lines.append(",".join(values.get(c, "") for c in columns))
    return changed + ("\n".join(lines) + "\n").encode()


def plain(value, drop=frozenset({"id"})):
    """``value`` (revision content, a StreamField's value) without the keys in ``drop`` at
    any depth (the ids of StreamField blocks are new on every read of a file)."""
    if hasattr(value, "get_prep_value"):
        value = value.get_prep_value()
    if isinstance(value, str) and value.startswith("[{"):
        value = json.loads(value)
    if isinstance(value, dict):
        return {k: plain(v, drop) for k, v in value.items() if k not in drop}
    if isinstance(value, list):
        return [plain(v, drop) for v in value]
    return value


TIMESTAMPS = {
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "created_at",
    "timestamp",
}
KEYS = {"pk", "id", "page", "translation_key", "latest_revision", "live_revision", "session"}


def snapshot(agenda):
    """What an import left in the agenda, without primary keys and timestamps."""
    pages = list(EventPage.objects.child_of(agenda).order_by("path"))
    key_of = {p.pk: p.import_key for p in pages}
    session_key = {
        s.pk: (key_of.get(s.page_id), s.start.isoformat()) for s in EventSession.objects.all()
    }
    result = {"numchild": Page.objects.get(pk=agenda.pk).numchild, "pages": {}}
    # The entries of one import share a uuid: compared by their order of appearance.
    uuids = {}
    translation_keys = set()
    for page in pages:
        revisions = list(
            Revision.objects.filter(
                object_id=str(page.pk), base_content_type__model="page"
            ).order_by("pk")
        )
        index = {r.pk: i for i, r in enumerate(revisions)}
        translation_keys.add(page.translation_key)
        assert isinstance(page.translation_key, uuid.UUID)
        assert page.live == (page.first_published_at is not None)
        assert page.latest_revision_created_at == revisions[-1].created_at
        if page.live:
            assert page.last_published_at >= page.first_published_at
        result["pages"][page.import_key] = {
            "fields": {
                name: getattr(page, name)
                for name in (
                    "title",
                    "draft_title",
                    "slug",
                    "url_path",
                    "path",
                    "depth",
                    "numchild",
                    "live",
                    "expired",
                    "has_unpublished_changes",
                    "locale_id",
                    "owner_id",
                    "content_type_id",
                    "intro",
                    "cost",
                    "is_free",
                    "registration_url",
                    "region_id",
                    "event_type_id",
                    "locked",
                    "show_in_menus",
                    "search_description",
                    "seo_title",
                )
            },
            "live_revision": index.get(page.live_revision_id),
            "latest_revision": index.get(page.latest_revision_id),
            "themes": sorted(t.name for t in page.themes.all()),
            "target_groups": sorted(t.name for t in page.target_groups.all()),
            "revisions": [
                {
                    "user": r.user_id,
                    "object_str": r.object_str,
                    "content_type": r.content_type_id,
                    "base_content_type": r.base_content_type_id,
                    "approved_go_live_at": r.approved_go_live_at,
                    "content": plain(r.content, KEYS | TIMESTAMPS),
                    # the sessions in the revision are the stored rows
                    "sessions": [session_key.get(s["pk"]) for s in r.content.get("sessions", [])],
                }
                for r in revisions
            ],
            "log": [
                (
                    e.action,
                    e.label,
                    e.user_id,
                    e.content_changed,
                    e.deleted,
                    e.data,
                    uuids.setdefault(e.uuid, len(uuids)),
                    e.content_type_id,
                    index.get(e.revision_id),
                )
                for e in PageLogEntry.objects.filter(page_id=page.pk).order_by("pk")
            ],
            "sessions": [
                {
                    field.attname: plain(getattr(s, field.attname))
                    for field in EventSession._meta.concrete_fields
                    if field.attname not in {"id", "page_id"}
                }
                for s in EventSession.objects.filter(page=page).order_by("start")
            ],
            "agenda": sorted(
                (
                    session_key[e.session_id],
                    e.original_start,
                    e.start,
                    e.end,
                    e.end_bound,
                    e.status,
                    e.is_changed,
                    e.venue,
                    e.city,
                    e.note,
                    e.attendance_mode,
                )
                for e in AgendaEntry.objects.filter(page_id=page.pk)
            ),
            "references": sorted(
                (r.to_content_type.model, r.to_object_id, r.model_path, r.content_path)
                for r in ReferenceIndex.objects.filter(
                    object_id=str(page.pk), base_content_type__model="page"
                )
            ),
            "search": sorted(
                (str(e.title), str(e.body), str(e.autocomplete))
                for e in IndexEntry.objects.filter(
                    object_id=str(page.pk), content_type__model__in=["page", "eventpage"]
                )
            ),
        }
    assert len(translation_keys) == len(pages)
    return result


def differences(a, b, path=""):
    """Where ``a`` and ``b`` differ, as readable lines (empty when they are equal)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [
            d
            for k in sorted(set(a) | set(b), key=str)
            for d in differences(a.get(k), b.get(k), f"{path}/{k}")
        ]
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and len(a) == len(b):
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in differences(x, y, f"{path}[{i}]")
        ]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


@pytest.fixture
def published():
    """The ``page_published`` signals sent: (sender, key, revision is the live one)."""
    sent = []

    def receiver(sender, instance, revision, **kwargs):
        stored = Page.objects.get(pk=instance.pk)
        sent.append((sender, instance.import_key, stored.live_revision_id == revision.pk))

    page_published.connect(receiver, weak=False, dispatch_uid="test-import-bulk")
    yield sent
    page_published.disconnect(dispatch_uid="test-import-bulk")


def import_both_ways(client, agenda, monkeypatch, published, files, **options):
    """``(page by page, together)``: the snapshot and signals after importing ``files``."""
    results = []
    for bulk in (False, True):
        monkeypatch.setattr(EventResource, "bulk_create_pages", bulk)
        with transaction.atomic():
            published.clear()
            for content in files:
                preview, confirmed = import_file(
                    client, EVENTS, content, parent=agenda.pk, **options
                )
                assert preview.context["report"].errors == []
                assert confirmed.status_code == 302
            results.append((snapshot(agenda), list(published)))
            transaction.set_rollback(True)
    return results


@pytest.mark.parametrize("publish", [True, False])
def test_new_events_are_the_same_written_together_or_one_by_one(
    admin_client, agenda, monkeypatch, published, publish
):
    load_taxonomy()
    options = {"publish": "on"} if publish else {}
    one_by_one, together = import_both_ways(
        admin_client,
        agenda,
        monkeypatch,
        published,
        [SAMPLE, more_events(3)],
        create_unknown="on",
        **options,
    )
    assert differences(one_by_one, together) == []
    pages, signals = together
    assert len(pages["pages"]) == 7
    assert pages["numchild"] == 7
    series = pages["pages"]["vervolgavonden-themacafe-2026"]["sessions"][0]
    assert series["repeat_frequency"] == "monthly" and series["rrule"]
    assert pages["pages"]["extra-0"]["fields"]["slug"] == "symposium-samen-sterk-voor-de-jeugd-2"
    assert all(len(p["search"]) == 1 for p in pages["pages"].values())
    assert "maastricht" in pages["pages"]["extra-1"]["search"][0][1].lower()
    assert all(p["references"] for p in pages["pages"].values())
    if publish:
        assert len(signals) == 7 and all(live for _s, _k, live in signals)
        assert [e[0] for e in pages["pages"]["extra-0"]["log"]] == [
            "wagtail.create",
            "wagtail.edit",
            "wagtail.publish",
        ]
    else:
        assert signals == []
        assert [e[0] for e in pages["pages"]["extra-0"]["log"]] == [
            "wagtail.create",
            "wagtail.edit",
        ]


def test_updates_and_new_events_in_one_file_are_the_same_both_ways(
    admin_client, agenda, monkeypatch, published
):
    load_taxonomy()
    one_by_one, together = import_both_ways(
        admin_client,
        agenda,
        monkeypatch,
        published,
        [SAMPLE, changed_sample()],
        publish="on",
        create_unknown="on",
    )
    assert differences(one_by_one, together) == []
    pages = together[0]["pages"]
    assert len(pages["symposium-2026"]["revisions"]) == 2
    assert pages["symposium-2026"]["fields"]["title"] == "Symposium Sterker samen voor de jeugd"
    assert len(pages["extra-51"]["revisions"]) == 1


def test_the_feed_cached_before_shows_the_imported_events(client, admin_client, agenda):
    load_taxonomy()
    assert b"BEGIN:VEVENT" not in client.get("/agenda/ical/").content
    import_file(admin_client, EVENTS, more_events(3), parent=agenda.pk, publish="on")
    content = client.get("/agenda/ical/").content.decode()
    assert content.count("BEGIN:VEVENT") == 6
    assert "SUMMARY:Bijeenkomst 2" in content


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Page, Revision, PageLogEntry, EventSession, AgendaEntry, Theme, IndexEntry)
    } | {"references": ReferenceIndex.objects.count()}


def test_a_bad_row_in_the_middle_leaves_nothing(admin_client, agenda):
    load_taxonomy()
    before = counts()
    rows = more_events(20).decode().split("\n")
    assert rows[20].startswith("extra-9,")
    rows[20] = rows[20].replace("2030-10-20 19:00", "2030-10-99 19:00")
    preview, confirmed = import_file(
        admin_client, EVENTS, "\n".join(rows).encode(), parent=agenda.pk, publish="on"
    )
    assert confirmed is None
    assert [(e.row, e.column) for e in preview.context["report"].errors] == [(21, "session_start")]
    assert counts() == before


def test_a_failure_while_writing_the_new_pages_leaves_nothing(admin_client, agenda):
    load_taxonomy()
    before = counts()

    def refuse(sender, instance, **kwargs):
        if instance.import_key == "extra-7":
            raise RuntimeError("refused")

    page_published.connect(refuse, weak=False, dispatch_uid="test-import-refuse")
    try:
        dataset = read_upload(more_events(10), "events.csv")
        with pytest.raises(RuntimeError):
            EventResource().run_import(
                dataset, dry_run=False, options={"parent": agenda, "publish": True}
            )
    finally:
        page_published.disconnect(dispatch_uid="test-import-refuse")
    assert counts() == before


def test_reimport_is_all_skip_and_changes_nothing(admin_client, agenda):
    load_taxonomy()
    content = more_events(5)
    import_file(admin_client, EVENTS, content, parent=agenda.pk, publish="on")
    before = counts()
    stamps = list(EventPage.objects.values_list("last_published_at", flat=True))
    preview, confirmed = import_file(admin_client, EVENTS, content, parent=agenda.pk, publish="on")
    assert preview.context["totals"] == {"new": 0, "update": 0, "skip": 5}
    assert confirmed.status_code == 302
    assert counts() == before
    assert list(EventPage.objects.values_list("last_published_at", flat=True)) == stamps


def test_the_dry_run_writes_nothing(admin_client, agenda):
    load_taxonomy()
    before = counts()
    preview, _c = import_file(
        admin_client,
        EVENTS,
        more_events(5, theme="Nog een thema"),
        parent=agenda.pk,
        publish="on",
        create_unknown="on",
        confirm=False,
    )
    assert preview.context["totals"] == {"new": 5, "update": 0, "skip": 0}
    assert counts() == before


def import_queries(agenda, n, start):
    dataset = read_upload(more_events(n, start=start), "events.csv")
    with CaptureQueriesContext(connection) as queries:
        report = EventResource().run_import(
            dataset, dry_run=False, options={"parent": agenda, "publish": True}
        )
    assert report.totals == {"new": n, "update": 0, "skip": 0}
    return len(queries)


def test_queries_per_new_event_stay_few(agenda):
    load_taxonomy()
    ten = import_queries(agenda, 10, start=100)
    twenty = import_queries(agenda, 20, start=200)
    # Each more event (two sessions): parsing, its rows, relations and indexes.
    assert (twenty - ten) / 10 <= 30
    assert EventPage.objects.live().count() == 30
    entries = AgendaEntry.objects.filter(page__title="Bijeenkomst 201")
    assert sorted(e.start.date() for e in entries) == [dt.date(2030, 10, 10), dt.date(2030, 10, 20)]


def test_an_update_moves_the_reference_index_to_the_new_terms(admin_client, agenda):
    load_taxonomy()
    import_file(admin_client, EVENTS, SAMPLE, parent=agenda.pk, publish="on")
    page = EventPage.objects.get(import_key="symposium-2026")

    def regions():
        return [
            Region.objects.get(pk=r.to_object_id).name
            for r in ReferenceIndex.objects.filter(
                object_id=str(page.pk), base_content_type__model="page", model_path="region"
            )
        ]

    assert regions() == ["Limburg"]
    # The index is what Wagtail computes for each page now.
    stored = sorted(ReferenceIndex.objects.values_list("object_id", "to_object_id", "content_path"))
    for event in EventPage.objects.all():
        ReferenceIndex.create_or_update_for_object(event)
    recomputed = ReferenceIndex.objects.values_list("object_id", "to_object_id", "content_path")
    assert sorted(recomputed) == stored
    changed = SAMPLE.replace(b"Symposium,Limburg,", b"Symposium,Utrecht,", 1)
    preview, confirmed = import_file(admin_client, EVENTS, changed, parent=agenda.pk, publish="on")
    assert preview.context["totals"] == {"new": 0, "update": 1, "skip": 3}
    assert confirmed.status_code == 302
    assert regions() == ["Utrecht"]


@pytest.mark.parametrize(("group", "publish"), [("Moderators", True), ("Editors", False)])
def test_an_editor_s_new_events_are_written_together_in_their_name(
    agenda, django_user_model, group, publish
):
    load_taxonomy()
    user = django_user_model.objects.create_user("redacteur", password="pw")
    user.groups.add(Group.objects.get(name=group))
    dataset = read_upload(more_events(10), "events.csv")
    with CaptureQueriesContext(connection) as queries:
        report = EventResource().run_import(
            dataset, dry_run=False, user=user, options={"parent": agenda, "publish": publish}
        )
    assert report.totals == {"new": 10, "update": 0, "skip": 0}
    assert len(queries) < 40 * 10  # together; one by one takes about 160 per event
    assert EventPage.objects.live().count() == (10 if publish else 0)
    log = PageLogEntry.objects.filter(page__in=EventPage.objects.all())
    assert log.count() == 10 * (3 if publish else 2)
    assert set(log.values_list("user_id", flat=True)) == {user.pk}


def test_without_ids_from_bulk_inserts_new_events_are_saved_one_by_one(agenda, monkeypatch):
    load_taxonomy()
    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)
    dataset = read_upload(more_events(3), "events.csv")
    with CaptureQueriesContext(connection) as queries:
        report = EventResource().run_import(
            dataset, dry_run=False, options={"parent": agenda, "publish": True}
        )
    assert report.totals == {"new": 3, "update": 0, "skip": 0}
    assert len(queries) > 100 * 3
    assert EventPage.objects.live().count() == 3
    assert Revision.objects.filter(base_content_type__model="page").count() == 3 + 1  # + agenda
