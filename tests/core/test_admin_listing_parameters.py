"""Every admin listing of the package filters only on what it declares, and no input breaks it.

The listings are found from the site's URL configuration (each modeladmin's ``index_view``),
so a listing added tomorrow is tested too. Each gets the probes an attacker would send:
lookups through relations to users (password hashes), every personal field of a
submission, unknown and malformed lookups and absurd values. An undeclared parameter must
leave the rows exactly as they are without it; nothing may answer with a server error.
"""

import csv
import io
import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.urls import get_resolver, reverse
from django.utils import timezone
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.models import GroupPagePermission, Page
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView

from jeugdzorg_wagtail.core.admin import (
    BaseModelAdmin,
    DeclaredFiltersIndexView,
    registered_model_admins,
)
from jeugdzorg_wagtail.core.checks import check_admin_listings, listing_errors
from jeugdzorg_wagtail.models import (
    AgendaSource,
    CallSubmission,
    EventType,
    MarketStand,
    Organisation,
    Region,
    TargetGroup,
    Theme,
)
from tests.utils import (
    import_partner_events,
    make_agenda,
    make_call,
    make_event,
    make_library,
    make_practice_example,
    make_registration,
    make_registration_event,
    make_source,
    make_submission,
)

LISTINGS = registered_model_admins()
FILTERED_LISTINGS = [model_admin for model_admin in LISTINGS if model_admin.list_filter]
EXPORTING_LISTINGS = [m for m in LISTINGS if hasattr(m, "get_import_export_url")]
ROW = re.compile(r'<tr[^>]* data-object-pk="(\d+)"')
EXPORT_LINK = re.compile(r'href="([^"]*/export/\?[^"]*)"')
HUGE = "9" * 30
NO_MATCH = "geen-treffer-zzz"


def listing_id(model_admin):
    return model_admin.opts.label_lower


def index_url(model_admin):
    return model_admin.url_helper.index_url


# What the probes are made of, found from the models


def user_lookups(model, depth=2):
    """Lookups from ``model`` to a user's password hash through its forward relations."""
    user_model = get_user_model()
    found = []

    def walk(current, prefix, level):
        for field in current._meta.get_fields():
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue
            if field.related_model is user_model:
                found.append(f"{prefix}{field.name}__password__startswith")
            elif level < depth and field.related_model is not current:
                walk(field.related_model, f"{prefix}{field.name}__", level + 1)

    walk(model, "", 1)
    return found


def personal_lookups(model, first):
    """Lookups on every personal field of ``model`` (``personal_data_fields``), and more.

    The values are those of ``first``, a row of the listing: applied, such a filter would
    keep that row and drop the others, as "1 of 5" would tell who sent what.
    """
    names = getattr(model, "personal_data_fields", ())
    if names:
        names = [*names, "organisation"]
    lookups = []
    for name in names:
        value = str(getattr(first, name, "") or "x")
        lookups += [
            (f"{name}__iexact", value),
            (f"{name}__icontains", value[1:4] or value),
            (f"{name}__startswith", value[:1]),
            (f"{name}__isnull", "true"),
        ]
    return lookups


MALFORMED = [
    ("foo__bar", ""),
    ("__", "1"),
    ("", "1"),
    ("id__in", "x"),
    ("id__in", "1,2"),
    ("pk__gt", HUGE),
    ("pk__lt", "-" + HUGE),
    ("pk", "-1"),
    ("id__exact", "1"),
    ("password", "x"),
    ("e", "1"),
    ("_changelist_filters", "status__exact=accepted"),
    ("ot", "asc"),
    ("o", HUGE),
    ("o", "-x.1-.--0"),
    ("p", "-3"),
    ("p", HUGE),
    ("p", "x"),
    ("export", "csv"),
    ("export", "xlsx"),
    ("q", "\x00"),
    ("q", "x" * 100_000),
    ("owner__password__startswith", "pbkdf2"),
    ("reviewed_by__password__startswith", "pbkdf2"),
    ("locked_by__password__startswith", "pbkdf2"),
    ("latest_revision__user__password__startswith", "pbkdf2"),
    ("email__iexact", "sanne@example.org"),
]


def probes(model, first, malformed=True):
    """(parameter, value) pairs that are no declared parameter of a listing of ``model``."""
    pairs = [(lookup, "pbkdf2") for lookup in user_lookups(model)]
    pairs += personal_lookups(model, first)
    if malformed:
        pairs += [pair for pair in MALFORMED if pair not in pairs]
    return pairs


def absurd_values():
    return [HUGE, "-1", "1.5", "a\x00b", "x" * 100_000]


# Who asks


def make_editor(username, personal_data):
    """An editor with every permission on the listed models (and edit rights on all pages)."""
    user = get_user_model().objects.create_user(username, password="geheim-wachtwoord-1")
    group = Group.objects.create(name=f"Groep {username}")
    content_types = ContentType.objects.get_for_models(*(m.model for m in LISTINGS)).values()
    permissions = Permission.objects.filter(content_type__in=content_types)
    if not personal_data:
        permissions = permissions.exclude(codename="view_personal_data")
    group.permissions.add(*permissions, Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=Page.get_first_root_node(),
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    user.groups.add(group)
    return user


#: Users with and without the permission to see personal data.
USERS = ["editor", "privacy_editor"]


@pytest.fixture
def client(client):
    """A client that reports a server error as a 500 response, so every probe is counted."""
    client.raise_request_exception = False
    return client


@pytest.fixture
def users(db):
    superuser = get_user_model().objects.create_superuser("beheer", password="geheim-wachtwoord-1")
    return {
        "editor": make_editor("redacteur", personal_data=False),
        "privacy_editor": make_editor("privacy", personal_data=True),
        "superuser": superuser,
    }


@pytest.fixture
def rows(root_page, tmp_path, settings):
    """Two rows or more in every listing, with owners, locks, revisions and reviewers."""
    settings.JEUGDZORG_WAGTAIL = {"ATTACHMENT_ROOT": tmp_path}
    owner = get_user_model().objects.create_user("eigenaar", password="geheim-wachtwoord-2")
    limburg = Region.objects.create(name="Limburg", slug="limburg")
    utrecht = Region.objects.create(name="Utrecht", slug="utrecht")
    workshop = EventType.objects.create(name="Workshop", slug="workshop")
    EventType.objects.create(name="Congres", slug="congres")
    theme = Theme.objects.create(name="Veiligheid", slug="veiligheid")
    Theme.objects.create(name="Onderwijs", slug="onderwijs")
    TargetGroup.objects.create(name="Ouders", slug="ouders")
    TargetGroup.objects.create(name="Jongeren", slug="jongeren")
    Organisation.objects.create(name="Jeugdzorg Zuid", slug="jeugdzorg-zuid")
    Organisation.objects.create(name="Jeugdzorg Noord", slug="jeugdzorg-noord")

    agenda = make_agenda(root_page)
    event = make_event(agenda, title="Themacafé", region=limburg, event_type=workshop, owner=owner)
    make_event(agenda, title="Congres", slug="congres", region=utrecht, publish=False)
    library = make_library(root_page)
    example = make_practice_example(
        library, title="Samen sterk", region=limburg, themes=[theme], owner=owner
    )
    make_practice_example(library, title="Thuis", slug="thuis", region=utrecht, publish=False)
    for page in (event, example):
        page.save_revision(user=owner)
        type(page).objects.filter(pk=page.pk).update(
            locked=True, locked_by=owner, locked_at=timezone.now()
        )

    call = make_call(root_page, owner=owner)
    make_submission(call, reviewed_by=owner, status="accepted", region=limburg)
    make_submission(
        call,
        name="Piet Jansen",
        email="piet@example.net",
        phone="06 98765432",
        organisation="Kinderopvang Noord",
        role="Teamleider",
        title="Ouderavonden",
        submission_type="Workshop",
        region=utrecht,
    )
    CallSubmission.objects.filter(name="Sanne de Vries").update(attachment_name="sanne-cv.pdf")

    zuid = make_source("Jeugdzorg Zuid", agendas=[agenda], region=limburg)
    noord = make_source("Jeugdzorg Noord", enabled=False)
    import_partner_events(
        zuid,
        ("a@zuid", "Inloopavond", "20300312T190000", "20300312T210000"),
        ("b@zuid", "Studiedag", "20300401", "20300402", {"STATUS": "CANCELLED"}),
    )
    import_partner_events(noord, ("c@noord", "Netwerkborrel", "20300501T170000", "20300501T190000"))
    noord.events.update(hidden=True)
    AgendaSource.objects.filter(pk=noord.pk).update(last_result="failed")
    # Registrations: one place and one on the waiting list; two stands in two rounds.
    meeting = make_registration_event(
        agenda, title="Regiobijeenkomst", region=limburg, event_type=workshop
    )
    meeting.sessions.update(places=1)
    make_registration(meeting)
    make_registration(meeting, name="Piet Jansen", email="piet@example.net", role="Teamleider")
    MarketStand.objects.create(event=meeting, number="1", round=1, title="Samen sterk")
    MarketStand.objects.create(event=meeting, number="2", round=2, title="Thuis")
    return owner


def html(response):
    return response.content.decode()


def get_rows(client, url, query=""):
    response = client.get(f"{url}?{query}" if query else url)
    return response, ROW.findall(response.content.decode()) if response.status_code == 200 else None


# The listings found


def test_the_listings_are_found_from_the_url_configuration():
    found = {listing_id(model_admin) for model_admin in LISTINGS}
    # A sanity check of the discovery itself: the listings of the Network data menu are there.
    assert {
        "jeugdzorg_wagtail.callsubmission",
        "jeugdzorg_wagtail.eventpage",
        "jeugdzorg_wagtail.practiceexamplepage",
        "jeugdzorg_wagtail.region",
        "jeugdzorg_wagtail.organisation",
    } <= found


@pytest.mark.parametrize("model_admin", LISTINGS, ids=listing_id)
def test_every_listing_uses_the_base_listing(model_admin):
    assert isinstance(model_admin, BaseModelAdmin)
    assert issubclass(model_admin.index_view_class, DeclaredFiltersIndexView)


def test_the_system_check_is_clean_and_names_a_listing_without_the_base():
    assert check_admin_listings(None) == []

    class PlainAdmin(ModelAdmin):
        model = Theme

    class OwnIndexAdmin(BaseModelAdmin):
        model = Region
        index_view_class = IndexView

    errors = listing_errors([PlainAdmin(), OwnIndexAdmin()])
    assert [error.id for error in errors] == ["jeugdzorg_wagtail.E007"] * 2
    assert all(error.level == checks.ERROR for error in errors)
    assert "PlainAdmin" in errors[0].msg and "OwnIndexAdmin" in errors[1].msg


# Undeclared parameters change nothing


@pytest.mark.parametrize("model_admin", LISTINGS, ids=listing_id)
def test_undeclared_parameters_leave_the_rows_as_they_are(client, users, rows, model_admin):
    url = index_url(model_admin)
    failures = []
    for who in USERS:
        client.force_login(users[who])
        response, expected = get_rows(client, url)
        assert response.status_code == 200
        assert len(expected) >= 2, "give this listing two rows in the rows fixture"
        first = model_admin.model._default_manager.get(pk=expected[0])
        # The malformed ones once; the lookups of user relations and personal fields for
        # users with and without the permission to see personal data.
        pairs = probes(model_admin.model, first, malformed=who == USERS[0])
        filters = [(k, v) for k, v in pairs if k not in ("q", "p", "o", "")]
        queries = [urlencode([pair]) for pair in pairs]
        # All at once, each twice
        queries.append(urlencode(filters + filters))
        for query in queries:
            response, shown = get_rows(client, url, query)
            key = query.split("=", 1)[0]
            if response.status_code != 200:
                failures.append((who, query[:60], response.status_code))
            elif key not in ("q", "p") and sorted(shown) != sorted(expected):
                failures.append((who, query[:60], f"{len(shown)} rows, not {len(expected)}"))
            elif key not in ("q", "o", "") and any(
                f"{key}=" in link for link in EXPORT_LINK.findall(html(response))
            ):
                failures.append((who, query[:60], "passed on to the export"))
    assert failures == []


# Declared filters work, and absurd values of them give no error


def declared_parameters(client, model_admin):
    response = client.get(index_url(model_admin))
    view = response.context["view"]
    return [p for spec in view.filter_specs for p in spec.expected_parameters()]


@pytest.mark.parametrize("model_admin", LISTINGS, ids=listing_id)
def test_absurd_values_of_declared_filters_give_no_error(client, users, rows, model_admin):
    client.force_login(users["privacy_editor"])
    url = index_url(model_admin)
    failures = []
    for parameter in declared_parameters(client, model_admin):
        queries = [urlencode({parameter: value}) for value in absurd_values()]
        queries += [
            f"{parameter}=%FF%FE%00",  # invalid UTF-8
            urlencode([(parameter, "1"), (parameter, HUGE), (parameter, "\x00")]),
        ]
        for query in queries:
            response = client.get(f"{url}?{query}")
            if response.status_code != 200:
                failures.append((parameter, query[:60], response.status_code))
    assert failures == []


@pytest.mark.parametrize("model_admin", FILTERED_LISTINGS, ids=listing_id)
def test_the_declared_filters_still_filter(client, users, rows, model_admin):
    """Every filter link the listing shows answers; some of them narrow the rows."""
    client.force_login(users["superuser"])
    url = index_url(model_admin)
    response, expected = get_rows(client, url)
    view = response.context["view"]
    assert view.filter_specs
    links = set()
    for spec in view.filter_specs:
        for choice in spec.choices(view):
            links.add(choice["query_string"])
    narrowed = 0
    for link in sorted(links):
        response, shown = get_rows(client, url, link.lstrip("?"))
        assert response.status_code == 200, link
        assert set(shown) <= set(expected), link
        narrowed += len(shown) < len(expected)
    assert narrowed, "no filter link narrowed the rows"


# Instance views


@pytest.mark.parametrize("model_admin", LISTINGS, ids=listing_id)
def test_instance_views_answer_404_for_malformed_and_unknown_keys(client, users, model_admin):
    client.force_login(users["superuser"])
    actions = ["edit", "delete", "history"]
    if model_admin.inspect_view_enabled:
        actions.append("inspect")
    failures = []
    for action in actions:
        for key in ("abc", HUGE, "-1", "0", "999999"):
            # modeladmin's own URLs (for pages they lead on to Wagtail's page views)
            url = f"{index_url(model_admin)}{action}/{key}/"
            status = client.get(url).status_code
            if status != 404:
                failures.append((action, key, status))
    assert failures == []


# What the listings lead to: exports and the bulk status change


def export_rows(response):
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    return sorted(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("model_admin", EXPORTING_LISTINGS, ids=listing_id)
def test_undeclared_parameters_leave_the_export_as_it_is(client, users, rows, model_admin):
    client.force_login(users["privacy_editor"])
    url = f"{index_url(model_admin)}export/?format=csv"
    expected = export_rows(client.get(url))
    assert len(expected) >= 3  # the header and two rows
    first = model_admin.model._default_manager.get(
        pk=get_rows(client, index_url(model_admin))[1][0]
    )
    # All at once: the listing's own test tries them one by one on the same queryset.
    pairs = [(k, v) for k, v in probes(model_admin.model, first) if k not in ("q", "p", "o", "")]
    assert export_rows(client.get(f"{url}&{urlencode(pairs)}")) == expected


def test_the_bulk_status_change_answers_absurd_selections_with_a_message(client, users, rows):
    client.force_login(users["editor"])
    url = index_url(next(m for m in LISTINGS if m.model is CallSubmission))
    selections = [[HUGE], ["-" + HUGE], ["abc"], ["\x00"], ["x" * 100_000], ["1", "1", HUGE], [""]]
    for submissions in selections:
        response = client.post(
            f"{url}bulk-status/", {"status": "rejected", "submissions": submissions}, follow=True
        )
        assert response.status_code == 200, submissions
    assert set(CallSubmission.objects.values_list("status", flat=True)) == {"accepted", "received"}


# The package's other admin listings: Wagtail's own chooser views


def package_choosers():
    get_resolver().url_patterns  # noqa: B018  (loading the admin's URLs registers its viewsets)
    return [
        viewset
        for viewset in viewsets.viewsets
        if isinstance(viewset, ChooserViewSet)
        and type(viewset).__module__.split(".")[0] == "jeugdzorg_wagtail"
    ]


CHOICE = re.compile(r"data-chooser-modal-choice")


@pytest.mark.parametrize("viewset", package_choosers(), ids=lambda viewset: viewset.name)
def test_chooser_listings_ignore_undeclared_parameters(client, users, rows, viewset):
    client.force_login(users["editor"])
    url = reverse(viewset.get_url_name("choose_results"))
    expected = len(CHOICE.findall(html(client.get(url))))
    assert expected >= 2
    first = viewset.model._default_manager.first()
    failures = []
    for key, value in probes(viewset.model, first):
        response = client.get(f"{url}?{urlencode({key: value})}")
        if key == "p" and response.status_code == 404:
            continue  # a page that does not exist
        if response.status_code != 200:
            failures.append((key, value[:40], response.status_code))
        elif key not in ("q",) and len(CHOICE.findall(html(response))) != expected:
            failures.append((key, value[:40], "other rows"))
    assert failures == []
