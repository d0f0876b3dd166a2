"""Small ``make_*`` helpers to build pages and data in tests (as Wagtail's own tests do)."""

import datetime as dt
import zoneinfo

from jeugdzorg_wagtail.models import EventIndexPage, EventPage, EventSession

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
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    else:
        page.unpublish() if page.live else None
    return page


def make_library(parent, title="Praktijkvoorbeelden", slug="praktijkvoorbeelden", **kwargs):
    from jeugdzorg_wagtail.models import PracticeExampleIndexPage

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
    from jeugdzorg_wagtail.models import (
        PracticeExampleOrganisation,
        PracticeExamplePage,
        RelatedPracticeExample,
    )

    kwargs.setdefault("summary", f"Samenvatting van {title}.")
    page = PracticeExamplePage(title=title, **kwargs)
    page.themes = list(themes)
    page.target_groups = list(target_groups)
    page.presented_at = list(presented_at)
    page.organisation_links = [PracticeExampleOrganisation(organisation=o) for o in organisations]
    page.related_example_links = [RelatedPracticeExample(example=e) for e in related]
    library.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    else:
        page.unpublish() if page.live else None
    return page


def make_many_practice_examples(library, count, *, themes=(), regions=(), organisations=()):
    """``count`` live examples under ``library``, fast: no revisions, relations in bulk.

    Example ``i`` gets region ``regions[i % len]``, the theme ``themes[i % len]`` (and every
    third one also the next theme) and organisation ``organisations[i % len]``. Every title
    and summary holds "jongere" and every fifth also "mentorschap". The search index is
    updated in bulk at the end.
    """
    from django.db.models.signals import post_save
    from django.utils import timezone
    from modelsearch.signal_handlers import post_save_signal_handler
    from wagtail.search.backends import get_search_backends

    from jeugdzorg_wagtail.models import PracticeExampleOrganisation, PracticeExamplePage

    themes, regions, organisations = list(themes), list(regions), list(organisations)
    now = timezone.now()
    offset = library.get_children().count()  # numbers go on when called again
    pages = []
    # The index is updated in bulk below instead of once per saved page.
    post_save.disconnect(post_save_signal_handler, sender=PracticeExamplePage)
    try:
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
            page.search_auto_update = False
            library.add_child(instance=page)
            pages.append(page)
    finally:
        post_save.connect(post_save_signal_handler, sender=PracticeExamplePage)
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
    indexed = list(PracticeExamplePage.get_indexed_objects().filter(pk__in=[p.pk for p in pages]))
    for backend in get_search_backends():
        backend.add_bulk(PracticeExamplePage, indexed)
    return pages
