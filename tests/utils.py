"""Small ``make_*`` helpers to build pages and data in tests (as Wagtail's own tests do)."""

import datetime as dt
import hashlib
import time
import zoneinfo

import time_machine
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import GroupPagePermission, Page

from jeugdzorg_wagtail.calls.guards import make_form_token
from jeugdzorg_wagtail.core.pages import route_prefixes
from jeugdzorg_wagtail.core.search import IndexAtTheEnd
from jeugdzorg_wagtail.demo import taxonomy as demo_taxonomy
from jeugdzorg_wagtail.events.entries import refresh_entries
from jeugdzorg_wagtail.models import (
    AgendaSource,
    AttendanceMode,
    CallForParticipationPage,
    CallSubmission,
    EventIndexPage,
    EventPage,
    EventSession,
    EventType,
    Organisation,
    PracticeExampleIndexPage,
    PracticeExampleOrganisation,
    PracticeExamplePage,
    PresentationIndexPage,
    PresentationPage,
    PresentationSpeaker,
    Region,
    RelatedPracticeExample,
    TargetGroup,
    Theme,
    ThemeIndexPage,
)
from jeugdzorg_wagtail.sources.importing import import_content

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def aware(year, month, day, hour=0, minute=0, tz=AMS):
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


def make_agenda(parent, title="Agenda", slug="agenda", **kwargs):
    page = EventIndexPage(title=title, slug=slug, **kwargs)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_event(parent, title="Themacafé", sessions=None, publish=True, **kwargs):
    """An event under ``parent`` with ``sessions`` (dicts of EventSession fields).

    Without ``sessions`` the event gets one session tomorrow from 19:00 to 21:00.
    """
    kwargs.setdefault("slug", None)
    if not kwargs["slug"]:
        kwargs.pop("slug")
    page = EventPage(title=title, **kwargs)
    if sessions is None:
        tomorrow = dt.date.today() + dt.timedelta(days=1)
        sessions = [
            {
                "start": dt.datetime.combine(tomorrow, dt.time(19), tzinfo=AMS),
                "end": dt.datetime.combine(tomorrow, dt.time(21), tzinfo=AMS),
                "city": "Utrecht",
            }
        ]
    page.sessions = [EventSession(**values) for values in sessions]
    return add_with_revision(parent, page, publish)


def add_with_revision(parent, page, publish=True):
    """Add ``page`` under ``parent`` and save a revision, published or (``publish=False``)
    left as a draft, as editors do; returns the page as stored."""
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    elif page.live:
        page.unpublish()
    return page


def make_many_events(parent, count, first_day=None, sessions_per_event=1, **fields):
    """``count`` live events under ``parent``, quickly: rows in bulk, no revisions, no index.

    Event ``i`` starts on ``first_day + i`` days (default: tomorrow) at 10:00 for two hours;
    ``sessions_per_event`` > 1 gives each a weekly series. ``fields`` go to every EventPage
    (``region=...``, ``event_type=...``); ``themes=[...]`` sets themes on all of them.
    The pages skip Wagtail's save(): use this for listings and query counts, not for
    anything that needs revisions or the search index.
    """
    themes = fields.pop("themes", None)
    first_day = first_day or (dt.date.today() + dt.timedelta(days=1))
    parent = Page.objects.get(pk=parent.pk)
    last_child = parent.get_last_child()
    first_step = Page._str2int(last_child.path[-Page.steplen :]) + 1 if last_child else 1
    content_type = ContentType.objects.get_for_model(EventPage)
    now = timezone.now()
    bases = Page.objects.bulk_create(
        [
            Page(
                title=f"Bijeenkomst {i + 1}",
                draft_title=f"Bijeenkomst {i + 1}",
                slug=f"bijeenkomst-{first_step + i}",
                path=Page._get_path(parent.path, parent.depth + 1, first_step + i),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}bijeenkomst-{first_step + i}/",
                content_type=content_type,
                locale_id=parent.locale_id,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
            )
            for i in range(count)
        ]
    )
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
    pages = [EventPage(page_ptr_id=base.pk, **fields) for base in bases]
    EventPage._base_manager._insert(pages, fields=EventPage._meta.local_concrete_fields)
    if themes:
        through = EventPage.themes.through
        through.objects.bulk_create(
            [through(eventpage_id=base.pk, theme=theme) for base in bases for theme in themes]
        )
    sessions = []
    for i, base in enumerate(bases):
        for n in range(sessions_per_event):
            day = first_day + dt.timedelta(days=i, weeks=n)
            session = EventSession(
                page_id=base.pk,
                start=dt.datetime.combine(day, dt.time(10), tzinfo=AMS),
                end=dt.datetime.combine(day, dt.time(12), tzinfo=AMS),
                city="Utrecht",
                sort_order=n,
            )
            session.end_bound = session.compute_end_bound()
            session.attendance_mode = session.compute_attendance_mode()
            sessions.append(session)
    refresh_entries(EventSession.objects.bulk_create(sessions, batch_size=500))
    analyze_tables()
    return list(EventPage.objects.filter(pk__in=[b.pk for b in bases]).order_by("path"))


def make_sessions(pages, count, first_start, step=dt.timedelta(hours=6), **values):
    """``count`` sessions spread over ``pages`` from ``first_start`` on, in one bulk insert.

    The derived fields (``end_bound``, ``attendance_mode``) are set here, since
    ``bulk_create`` does not call ``save()``.
    """
    sessions = []
    for i in range(count):
        start = first_start + i * step
        end = start + dt.timedelta(hours=2)
        sessions.append(
            EventSession(
                page=pages[i % len(pages)],
                start=start,
                end=end,
                end_bound=end,
                city=values.get("city", "Utrecht"),
                attendance_mode=AttendanceMode.OFFLINE,
                sort_order=i,
            )
        )
    created = EventSession.objects.bulk_create(sessions)
    refresh_entries(created)
    analyze_tables()
    return created


def edit_sessions(page, publish=True, **changes):
    """Change every session of ``page`` through a new revision (published unless told not)."""
    page = type(page).objects.get(pk=page.pk)
    sessions = list(page.sessions.all())
    for session in sessions:
        for name, value in changes.items():
            setattr(session, name, value)
    page.sessions = sessions
    revision = page.save_revision()
    if publish:
        revision.publish()
    return revision


def make_document(title="Dia's", filename="dias.pdf", content=b"%PDF-1.4\n%%EOF\n", **kwargs):
    """A Wagtail document with ``content`` stored under ``filename`` (size and hash filled)."""

    document = get_document_model()(
        title=title,
        file=ContentFile(content, name=filename),
        file_size=len(content),
        file_hash=hashlib.sha1(content).hexdigest(),  # noqa: S324 (same hash as Wagtail)
        **kwargs,
    )
    document.save()
    return document


def make_presentation(parent, title="Het kan beter", speakers=None, publish=True, **kwargs):
    """A presentation under ``parent`` with ``speakers`` (dicts of PresentationSpeaker fields).

    Without a document, link or ``withdrawn`` it gets an external link.
    """
    if not (kwargs.get("document") or kwargs.get("external_url") or kwargs.get("withdrawn")):
        kwargs["external_url"] = "https://slides.example.org/het-kan-beter"
    themes = kwargs.pop("themes", [])
    kwargs.setdefault("live", publish)
    page = PresentationPage(title=title, **kwargs)
    page.speakers = [PresentationSpeaker(**values) for values in (speakers or [])]
    parent.add_child(instance=page)
    if themes:
        page.themes.set(themes)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


def make_call(parent, title="Oproep", slug="oproep", opens_at=None, closes_at=None, **kwargs):
    """A published call under ``parent``: open since yesterday, closing in 30 days by default."""

    now = timezone.now()
    kwargs.setdefault(
        "privacy_statement", "<p>We gebruiken je gegevens alleen voor deze oproep.</p>"
    )
    kwargs.setdefault("confirmation_text", "<p>We laten binnen twee weken iets van ons horen.</p>")
    page = CallForParticipationPage(
        title=title,
        slug=slug,
        opens_at=opens_at if opens_at is not None else now - dt.timedelta(days=1),
        closes_at=closes_at if closes_at is not None else now + dt.timedelta(days=30),
        **kwargs,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def call_form_token(call, seconds_ago=10):
    """A form token as if the form had been shown ``seconds_ago`` seconds ago."""

    with time_machine.travel(time.time() - seconds_ago, tick=False):
        return make_form_token(call.pk)


def call_form_data(call, region=None, **overrides):
    """Valid POST data for the form of ``call`` (a token shown 10 seconds ago included)."""
    region = region or Region.objects.get_or_create(name="Limburg")[0]
    data = {
        "jw_token": call_form_token(call),
        "jw_privacy": call.get_privacy_text_hash(),
        "homepage": "",
        "name": "Sanne de Vries",
        "organisation": "Jeugdzorg Zuid",
        "role": "Gedragswetenschapper",
        "email": "sanne@example.org",
        "phone": "043 123 45 67",
        "region": str(region.pk),
        "submission_type": call.get_submission_types()[0]["label"],
        "title": "Beveiligd chatten met gezinnen",
        "summary": "Een beveiligde website waar gezin en hulpverlener elkaar direct spreken.",
        "description": "Hoe we het opzetten, wat het oplevert en wat we anders zouden doen.",
        "links": "https://www.example.org/chat\nhttps://www.example.org/verslag",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def import_file(client, admin_path, content, name="import.csv", confirm=True, **options):
    """Upload ``content`` to the import view at ``admin_path`` and confirm it if it previews well.

    Returns ``(preview_response, confirm_response or None)``.
    """
    data = {"import_file": SimpleUploadedFile(name, content), **options}
    preview = client.post(f"{admin_path}import/", data)
    form = preview.context.get("confirm_form") if preview.context else None
    if not confirm or form is None:
        return preview, None
    confirmed = client.post(
        f"{admin_path}import/confirm/",
        {"token": form["token"].value(), "file_name": name, **options},
    )
    return preview, confirmed


def make_library(parent, title="Praktijkvoorbeelden", slug="praktijkvoorbeelden", **kwargs):
    page = PracticeExampleIndexPage(title=title, slug=slug, **kwargs)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_practice_example(
    library,
    title="Haven 71",
    *,
    themes=(),
    target_groups=(),
    organisations=(),
    related=(),
    presented_at=(),
    publish=True,
    **kwargs,
):
    """A practice example under ``library``, published through a revision as editors do."""
    kwargs.setdefault("summary", f"Samenvatting van {title}.")
    page = PracticeExamplePage(title=title, **kwargs)
    page.themes = list(themes)
    page.target_groups = list(target_groups)
    page.presented_at = list(presented_at)
    page.organisation_links = [PracticeExampleOrganisation(organisation=o) for o in organisations]
    page.related_example_links = [RelatedPracticeExample(example=e) for e in related]
    return add_with_revision(library, page, publish)


def make_many_practice_examples(library, count, *, themes=(), regions=(), organisations=()):
    """``count`` live examples under ``library``, fast: no revisions, relations in bulk.

    Example ``i`` gets region ``regions[i % len]``, the theme ``themes[i % len]`` (and every
    third one also the next theme) and organisation ``organisations[i % len]``. Every title
    and summary holds "jongere" and every fifth also "mentorschap". The search index is
    updated in bulk at the end.
    """

    themes, regions, organisations = list(themes), list(regions), list(organisations)
    now = timezone.now()
    offset = library.get_children().count()  # numbers go on when called again
    pages = []
    # The index is updated in bulk at the end instead of once per saved page.
    with IndexAtTheEnd(PracticeExamplePage) as batch:
        for i in range(offset, offset + count):
            extra = " over mentorschap" if i % 5 == 0 else ""
            page = PracticeExamplePage(
                title=f"Voorbeeld {i:04d} voor jongere{extra}",
                slug=f"voorbeeld-{i:04d}",
                summary=f"Een aanpak voor een jongere en zijn ouders{extra}.",
                region=regions[i % len(regions)] if regions else None,
                live=True,
                first_published_at=now - dt.timedelta(minutes=i),
                last_published_at=now - dt.timedelta(minutes=i),
            )
            library.add_child(instance=page)
            pages.append(page)
        theme_rows, organisation_rows = [], []
        for i, page in enumerate(pages, start=offset):
            if themes:
                chosen = {themes[i % len(themes)]}
                if i % 3 == 0:
                    chosen.add(themes[(i + 1) % len(themes)])
                theme_rows += [
                    PracticeExamplePage.themes.through(practiceexamplepage=page, theme=t)
                    for t in chosen
                ]
            if organisations:
                organisation_rows.append(
                    PracticeExampleOrganisation(
                        page=page, organisation=organisations[i % len(organisations)]
                    )
                )
        PracticeExamplePage.themes.through.objects.bulk_create(theme_rows)
        PracticeExampleOrganisation.objects.bulk_create(organisation_rows)
        batch.flush()  # after the relations, which the index reads
    analyze_tables()
    return pages


def analyze_tables():
    """On PostgreSQL, refresh the planner's statistics after a bulk insert in a test.

    A site's tables are analysed by autovacuum; rows bulk-inserted inside a test's
    transaction never are. Autovacuum may meanwhile have vacuumed a table of rows that
    earlier tests rolled back, after which the planner takes it for empty and picks nested
    loops that, over a thousand rows, run for hours. Analysing gives the test the statistics
    a real database has.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def make_submission(call, *, themes=(), target_groups=(), attachment=None, **kwargs):
    """A stored submission to ``call`` (as the public form would store it, without the POST).

    ``attachment`` is ``(original name, bytes)``; the file goes to the private storage.
    """

    values = {
        "name": "Sanne de Vries",
        "organisation": "Jeugdzorg Zuid",
        "role": "Gedragswetenschapper",
        "email": "sanne@example.org",
        "phone": "043 123 45 67",
        "submission_type": "Praktijkvoorbeeld",
        "title": "Beveiligd chatten met gezinnen",
        "summary": "Een beveiligde website waar gezin en hulpverlener elkaar direct spreken.",
        "description": "Hoe we het opzetten.\n\nWat het oplevert.",
        "links": ["https://www.example.org/chat"],
        "consent_given_at": timezone.now(),
        "privacy_version": call.get_privacy_version(),
    }
    if "region" not in kwargs:
        values["region"] = Region.objects.get_or_create(name="Limburg")[0]
    values.update(kwargs)
    submission = CallSubmission(call=call, **values)
    if attachment is not None:
        name, content = attachment
        submission.attachment_name = name
        submission.attachment_size = len(content)
        submission.attachment_type = name.rsplit(".", 1)[-1]
        submission.attachment.save(name, ContentFile(content), save=False)
    submission.save()
    submission.themes.set(themes)
    submission.target_groups.set(target_groups)
    return submission


def package_page_types():
    """Every page type of the package, from the app registry (a new one is found at once)."""
    models = apps.get_app_config("jeugdzorg_wagtail").get_models()
    return sorted((m for m in models if issubclass(m, Page)), key=lambda m: m.__name__)


def page_routes(page):
    """The page's own URL and one URL per route of its ``RoutablePageMixin`` patterns."""
    return [page.url] + [f"{page.url}{prefix}/" for prefix in sorted(route_prefixes(type(page)))]


def make_every_page_type(root_page):
    """One live page of every page type of the package, with taxonomy, sessions in the future
    and the past, and more than one item in each listing.

    Returns ``{"pages": {page type: page}, "call": ..., "region": ...}``; fails when a page
    type of the package has no page here yet.
    """
    region = Region.objects.create(name="Limburg")
    theme = Theme.objects.create(name="De professional")
    group = TargetGroup.objects.create(name="Jeugdwerk")
    event_type = EventType.objects.create(name="Themacafé")
    organisation = Organisation.objects.create(name="Haven 71")
    agenda = make_agenda(root_page)
    events = []
    for n, (year, month) in enumerate([(2031, 6), (2031, 7), (2020, 5), (2019, 4)]):
        # The first takes registrations on the site (its form and routes are public pages too).
        registration = (
            {"registration_mode": "open", "privacy_statement": REGISTRATION_PRIVACY}
            if n == 0
            else {}
        )
        event = make_event(
            agenda,
            f"Themacafé {n}",
            region=region,
            event_type=event_type,
            sessions=[
                {
                    "start": aware(year, month, 10, 19),
                    "end": aware(year, month, 10, 21),
                    "places": 20 if n == 0 else None,
                }
            ],
            **registration,
        )
        event.themes.set([theme])
        event.target_groups.set([group])
        events.append(event)
    library = make_library(root_page)
    for n in range(3):
        make_practice_example(
            library,
            f"Voorbeeld {n}",
            region=region,
            themes=[theme],
            target_groups=[group],
            organisations=[organisation],
        )
    listing = PresentationIndexPage(title="Presentaties", slug="presentaties")
    root_page.add_child(instance=listing)
    listing.save_revision().publish()
    for n in range(3):
        presentation = make_presentation(
            events[2],
            f"Presentatie {n}",
            event=events[2],
            date=aware(2020, 5, 10).date(),
            document=make_document(f"Dia's {n}"),
            themes=[theme],
        )
        presentation.speakers.add(PresentationSpeaker(name="Els", organisation=organisation))
        presentation.save_revision().publish()
    call = make_call(root_page, region=region)
    call.themes.set([theme])
    call.save_revision().publish()
    themes_page = ThemeIndexPage(title="Thema's", slug="themas")
    root_page.add_child(instance=themes_page)
    themes_page.save_revision().publish()
    pages = {m: m.objects.live().order_by("path").first() for m in package_page_types()}
    missing = [model.__name__ for model, page in pages.items() if page is None]
    assert not missing, f"make a page of each type in make_every_page_type(): {missing}"
    return {"pages": pages, "call": call, "region": region, "registration_event": events[0]}


def count_queries(client, url, *, warm=False, **headers):
    """``(response, number of queries)`` of a GET of ``url``.

    With ``warm`` the URL is fetched once before, so that Wagtail's caches (site root paths)
    are filled and only what every later request costs is counted.
    """
    if warm:
        client.get(url, **headers)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


def load_taxonomy():
    """The demo's taxonomy: regions, themes, target groups, event types, organisations."""
    demo_taxonomy.load(None, [], {})


def make_editor(django_user_model, *, personal_data=False, change=True, username="redacteur"):
    """An editor who may edit every page and see (``change``: and review) submissions;
    ``personal_data`` adds the permission to see who sent them."""
    user = django_user_model.objects.create_user(username, password="geheim123")
    group = Group.objects.create(name=f"Redactie {username}")
    codenames = ["access_admin", "view_callsubmission"]
    if change:
        codenames.append("change_callsubmission")
    if personal_data:
        codenames.append("view_personal_data")
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    GroupPagePermission.objects.create(
        group=group, page_id=1, permission=Permission.objects.get(codename="change_page")
    )
    user.groups.add(group)
    return user


def make_source(name="Jeugdzorg Zuid", url="http://127.0.0.1:9/agenda.ics", agendas=(), **fields):
    """An agenda source (a partner's calendar) shown in ``agendas``."""
    terms = {key: fields.pop(key) for key in ("themes", "target_groups") if key in fields}
    source = AgendaSource.objects.create(name=name, url=url, **fields)
    source.agendas.set(agendas)
    for key, values in terms.items():
        getattr(source, key).set(values)
    return source


def partner_feed(*events, name=""):
    """A partner's iCal feed (bytes) with one VEVENT per ``(uid, title, start, end)``.

    ``start`` and ``end`` are iCal values (``20300312T190000`` in Europe/Amsterdam, or a
    date ``20300312`` for a whole day); more properties as a dict in a fifth item.
    """
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Partner//Agenda//NL"]
    if name:
        lines.append(f"X-WR-CALNAME:{name}")
    for uid, title, start, end, *extra in events:
        value = ";VALUE=DATE:" if len(start) == 8 else ";TZID=Europe/Amsterdam:"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            "DTSTAMP:20250101T090000Z",
            f"DTSTART{value}{start}",
            f"DTEND{value}{end}",
            f"SUMMARY:{title}",
        ]
        for key, text in (extra[0] if extra else {}).items():
            lines.append(f"{key}:{text}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def import_partner_events(source, *events):
    """Import ``events`` (see :func:`partner_feed`) into ``source`` as a fetch would."""
    outcome = import_content(source, partner_feed(*events))
    assert outcome.ok, outcome.message
    return list(source.events.order_by("start", "pk"))


REGISTRATION_PRIVACY = "<p>We gebruiken je gegevens alleen voor deze bijeenkomst.</p>"


def make_registration_event(parent, title="Regiobijeenkomst", sessions=None, **kwargs):
    """A published event with registration on the site (open now, with a waiting list).

    Without ``sessions`` it gets one session in ten days with 10 places.
    """
    if sessions is None:
        day = dt.date.today() + dt.timedelta(days=10)
        sessions = [
            {
                "start": dt.datetime.combine(day, dt.time(12), tzinfo=AMS),
                "end": dt.datetime.combine(day, dt.time(17), tzinfo=AMS),
                "city": "Zwolle",
                "places": 10,
            }
        ]
    kwargs.setdefault("registration_mode", "open")
    kwargs.setdefault("privacy_statement", REGISTRATION_PRIVACY)
    kwargs.setdefault("is_free", True)
    return make_event(parent, title, sessions=sessions, **kwargs)


def registration_token(page, seconds_ago=10, scope="register"):
    """A token of the registration form of ``page``, as if shown ``seconds_ago`` seconds ago."""
    with time_machine.travel(time.time() - seconds_ago, tick=False):
        return make_form_token(f"{scope}:{page.pk}")


def registration_form_data(page, sessions=None, **overrides):
    """Valid POST data for the registration form of ``page`` (its first session by default)."""
    if sessions is None:
        sessions = [page.sessions.order_by("start", "pk").first()]
    data = {
        "jw_token": registration_token(page),
        "jw_privacy": page.get_privacy_text_hash(),
        "jw_form": "register",
        "homepage": "",
        "sessions": [str(session.pk) for session in sessions],
        "name": "Sanne de Vries",
        "email": "sanne@example.org",
        "organisation": "Jeugdzorg Zuid",
        "role": "Gedragswetenschapper",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_registration(page, sessions=None, **fields):
    """A registration for ``page`` (its first session by default), with its places handed out
    as the form hands them out; ``fields`` go to the registration."""
    from jeugdzorg_wagtail.registrations import places

    if sessions is None:
        sessions = [page.sessions.order_by("start", "pk").first()]
    values = {
        "name": "Sanne de Vries",
        "email": "sanne@example.org",
        "organisation": "Jeugdzorg Zuid",
        "role": "Gedragswetenschapper",
        "consent_given_at": timezone.now(),
        "privacy_version": page.get_privacy_version(),
        "language": "nl",
        **fields,
    }
    registration = page.get_registration_model().objects.create(event=page, **values)
    places.book(
        registration,
        list(sessions),
        page.get_session_registration_model(),
        timezone.now(),
        waiting_list=page.waiting_list,
    )
    return registration
