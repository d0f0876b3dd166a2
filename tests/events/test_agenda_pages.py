"""Page types of the agenda: where they may be created, reserved slugs, copying an event."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from wagtail.admin.widgets import BaseChooser
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from jeugdzorg_wagtail.core.pages import RouteSlugGuardMixin, route_prefixes
from jeugdzorg_wagtail.models import (
    EventIndexPage,
    EventOrganisation,
    EventPage,
    EventSession,
    PresentationPage,
    SessionStatus,
    Theme,
)
from tests.utils import aware, make_agenda, make_event, make_presentation

# Fields whose label needs no further explanation.
LABEL_SAYS_ENOUGH = {"address", "postal_code"}
NOT_MODEL_FIELDS = {"ORDER", "DELETE", "id", "comment_notifications"}


def session_form(**values):
    data = {
        "start": "2031-06-11 12:00",
        "end": "2031-06-11 17:00",
        "all_day": "",
        "venue": "",
        "address": "",
        "postal_code": "",
        "city": "Zwolle",
        "online_url": "",
        "online_url_public": "",
        "status": "scheduled",
        "note": "",
        "repeat_frequency": "",
        "repeat_interval": "1",
        "repeat_week_of_month": "",
        "repeat_until": "",
        "repeat_count": "",
        "repeat_exceptions": streamfield([]),
    }
    data.update(values)
    return data


def event_form(title="Regiobijeenkomst", slug=None, sessions=None, **extra):
    data = {
        "title": title,
        "slug": slug or "regiobijeenkomst",
        "intro": "",
        "sessions": inline_formset(sessions if sessions is not None else [session_form()]),
        "body": streamfield([]),
        "programme": streamfield([]),
        "organisation_roles": inline_formset([]),
        "cost": "",
        "registration_url": "",
        "interest_url": "",
        "report": rich_text(""),
    }
    themes = extra.pop("themes", None)
    data.update(extra)
    data = nested_form_data(data)
    if themes is not None:
        data["themes"] = themes
    return data


class AgendaPageTypesTest(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.root = Page.objects.get(depth=2).specific
        cls.agenda = make_agenda(cls.root)

    def setUp(self):
        self.user = self.login()

    def test_an_agenda_holds_events_and_an_event_holds_presentations(self):
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(EventPage, {PresentationPage})
        self.assertCanCreateAt(EventIndexPage, EventPage)
        self.assertCanNotCreateAt(Page, EventPage)
        self.assertCanNotCreateAt(EventPage, EventPage)

    def test_an_editor_creates_an_event_with_sessions_and_themes_in_the_admin(self):
        theme = Theme.objects.create(name="De professional")
        self.assertCanCreate(
            self.agenda,
            EventPage,
            event_form(
                sessions=[
                    session_form(),
                    session_form(start="2031-06-17 12:00", end="2031-06-17 17:00", city="Ams"),
                ],
                themes=[str(theme.pk)],
            ),
        )
        event = EventPage.objects.get(slug="regiobijeenkomst")
        assert event.live
        assert [s.city for s in event.sessions.order_by("start")] == ["Zwolle", "Ams"]
        assert list(event.themes.all()) == [theme]

    def test_the_edit_form_uses_checkboxes_and_the_organisation_chooser(self):
        url = reverse(
            "wagtailadmin_pages:add", args=["jeugdzorg_wagtail", "eventpage", self.agenda.pk]
        )
        response = self.client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Kies een organisatie" in html  # the chooser of the organisations inline
        form_class = EventPage.get_edit_handler().get_form_class()
        for name in ["themes", "target_groups"]:
            assert isinstance(form_class.base_fields[name].widget, forms.CheckboxSelectMultiple)
        organisation_form = form_class.formsets["organisation_roles"].form
        widget = organisation_form.base_fields["organisation"].widget
        assert isinstance(widget, BaseChooser)

    def test_every_field_an_editor_meets_has_a_translatable_label_and_help(self):
        form_class = EventPage.get_edit_handler().get_form_class()
        models = {
            None: (form_class, EventPage),
            "sessions": (form_class.formsets["sessions"].form, EventSession),
            "organisation_roles": (
                form_class.formsets["organisation_roles"].form,
                EventOrganisation,
            ),
        }
        core = {field.name for field in Page._meta.get_fields()}
        for form, model in models.values():
            for name in form.base_fields:
                if model is EventPage and name in core or name in NOT_MODEL_FIELDS:
                    continue
                field = model._meta.get_field(name)
                assert isinstance(field.verbose_name, Promise), name
                assert isinstance(field.help_text, Promise) or name in LABEL_SAYS_ENOUGH, name
        with translation.override("nl"):
            assert str(EventPage._meta.get_field("registration_opens_at").verbose_name) == (
                "aanmelding opent"
            )

    def test_the_admin_refuses_a_slug_that_the_agenda_uses_for_a_route(self):
        for slug in ["past", "ical"]:
            url = reverse(
                "wagtailadmin_pages:add", args=["jeugdzorg_wagtail", "eventpage", self.agenda.pk]
            )
            response = self.client.post(url, event_form(slug=slug, **{"action-publish": "1"}))
            assert response.status_code == 200
            assert "slug" in response.context["form"].errors
            assert not EventPage.objects.filter(slug=slug).exists()

    def test_the_admin_refuses_a_reserved_slug_when_editing(self):
        event = make_event(self.agenda, "Themacafé")
        url = reverse("wagtailadmin_pages:edit", args=[event.pk])
        response = self.client.post(url, event_form(title="Themacafé", slug="past"))
        assert response.status_code == 200
        assert "slug" in response.context["form"].errors
        event.refresh_from_db()
        assert event.slug != "past"


@pytest.mark.django_db
def test_routes_of_the_parent_are_read_from_its_class():
    assert route_prefixes(EventIndexPage) == {"past", "calendar", "ical"}
    assert route_prefixes(Page) == set()


@pytest.mark.django_db
def test_a_saved_event_may_not_take_a_route_slug(root_page):
    agenda = make_agenda(root_page)
    for slug in ["past", "ical"]:
        with pytest.raises(ValidationError) as error:
            make_event(agenda, "Verboden", slug=slug)
        assert "slug" in error.value.message_dict
    make_event(agenda, "Toegestaan", slug="past-events")


@pytest.mark.django_db
def test_the_guard_is_reusable_for_children_of_any_routable_page(root_page):
    agenda = make_agenda(root_page)
    event = make_event(agenda)

    class Child(RouteSlugGuardMixin):
        pass

    # An event page is routable too (its calendar feed lives at ical/)
    assert "ical" in Child.get_reserved_slugs(event)
    assert Child.get_reserved_slugs(root_page) == set()
    Child.check_slug_against_routes("verslag", event)
    with pytest.raises(ValidationError):
        Child.check_slug_against_routes("ical", event)


@pytest.mark.django_db
def test_copying_an_event_gives_its_sessions_new_identities(root_page):
    agenda = make_agenda(root_page)
    event = make_event(
        agenda,
        "Regiobijeenkomsten",
        sessions=[
            {"start": aware(2031, 6, 11, 12), "end": aware(2031, 6, 11, 17), "city": "Zwolle"},
            {
                "start": aware(2031, 6, 17, 12),
                "end": aware(2031, 6, 17, 17),
                "city": "Amsterdam",
                "status": SessionStatus.CANCELLED,
            },
        ],
    )
    EventSession.objects.filter(page=event).update(sequence=3)
    original = list(event.sessions.order_by("start"))
    copy = event.copy(update_attrs={"slug": "regiobijeenkomsten-2", "title": "Kopie"})
    copied = list(EventSession.objects.filter(page=copy).order_by("start"))
    assert len(copied) == 2
    assert {s.pk for s in copied}.isdisjoint({s.pk for s in original})
    assert [(s.start, s.end, s.city, s.status) for s in copied] == [
        (s.start, s.end, s.city, s.status) for s in original
    ]
    # New to every calendar: the sequence starts again
    assert [s.sequence for s in copied] == [0, 0]
    # The original keeps its sessions
    assert [s.pk for s in event.sessions.order_by("start")] == [s.pk for s in original]


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["calendar", "register", "registration"])
def test_the_slugs_of_the_month_calendar_and_registration_are_kept_free(root_page, slug):
    agenda = make_agenda(root_page)
    with pytest.raises(ValidationError) as error:
        make_event(agenda, "Verboden", slug=slug)
    assert "slug" in error.value.message_dict
    event = make_event(agenda, "Themacafé")
    with pytest.raises(ValidationError):
        make_presentation(event, "Dia's", slug=slug)
