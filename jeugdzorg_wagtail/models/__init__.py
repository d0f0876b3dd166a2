"""The models of jeugdzorg_wagtail, re-exported so that Django finds them and a site imports
them from one place: ``from jeugdzorg_wagtail.models import EventPage, EventMixin``.

Nothing is defined here; each feature keeps its models in its own folder (``events/``,
``calls/``, ...). Add a name here when a feature adds a model or a mixin a site may use.
"""

from ..calls.emails import CallEmailMixin
from ..calls.mixins import CallForParticipationMixin, CallPeriodMixin, CallPrivacyMixin
from ..calls.models import (
    AbstractCallSubmission,
    AbstractPrivacyStatementVersion,
    CallForParticipationPage,
    CallState,
    CallSubmission,
    PersonalDataRequest,
    PrivacyStatementVersion,
    SubmissionExport,
    SubmissionStatus,
    calls_for_user,
    open_calls,
    visible_calls,
)
from ..calls.personal_data import email_hash
from ..calls.retention import months_before
from ..core.models import CacheEpoch, NetworkSettings, SearchIndexVectors
from ..core.pages import JeugdzorgPageMixin, RouteSlugGuardMixin, allow_methods
from ..core.privacy_statement import PrivacyStatementMixin
from ..events.choices import (
    AttendanceMode,
    OrganisationRole,
    RepeatFrequency,
    SessionStatus,
    Weekday,
    WeekOfMonth,
)
from ..events.mixins import EventIndexMixin, EventMixin
from ..events.models import (
    AgendaEntry,
    AgendaHorizon,
    EventIndexPage,
    EventOrganisation,
    EventPage,
    EventSession,
    RemovedSession,
)
from ..events.registration import EventRegistrationMixin
from ..events.series import SessionSeriesMixin
from ..importexport.pages import ImportKeyMixin
from ..market.mixins import EventMarketMixin
from ..market.models import MarketStand
from ..practice.mixins import (
    PracticeContactMixin,
    PracticeExampleIndexMixin,
    PracticeExampleMixin,
    PracticePeriodMixin,
)
from ..practice.models import (
    PracticeExampleIndexPage,
    PracticeExampleOrganisation,
    PracticeExamplePage,
    RelatedPracticeExample,
)
from ..presentations.choices import Availability
from ..presentations.mixins import (
    PresentationIndexMixin,
    PresentationMixin,
    PresentationSlidesMixin,
)
from ..presentations.models import PresentationIndexPage, PresentationPage, PresentationSpeaker
from ..registrations.choices import PlaceStatus, RegistrationMode
from ..registrations.mixins import OnSiteRegistrationMixin, SessionPlacesMixin
from ..registrations.models import (
    Registration,
    RegistrationInterest,
    RegistrationPrivacyVersion,
    SessionRegistration,
    events_for_user,
)
from ..registrations.routes import RegistrationRoutesMixin
from ..sources.choices import FetchState, SourceEventStatus
from ..sources.models import AgendaSource, SourceEvent
from ..taxonomy.models import (
    EventType,
    Organisation,
    Region,
    TargetGroup,
    TaxonomyMixin,
    TaxonomyTerm,
    Theme,
)
from ..themes.mixins import ThemeIndexMixin
from ..themes.models import ThemeIndexPage

__all__ = [
    # Page types (the contract)
    "CallForParticipationPage",
    "EventIndexPage",
    "EventPage",
    "PracticeExampleIndexPage",
    "PracticeExamplePage",
    "PresentationIndexPage",
    "PresentationPage",
    "ThemeIndexPage",
    # Data
    "CacheEpoch",
    "SearchIndexVectors",
    "AgendaSource",
    "AgendaEntry",
    "AgendaHorizon",
    "CallSubmission",
    "EventOrganisation",
    "EventSession",
    "MarketStand",
    "NetworkSettings",
    "PersonalDataRequest",
    "PracticeExampleOrganisation",
    "PresentationSpeaker",
    "PrivacyStatementVersion",
    "Registration",
    "RegistrationInterest",
    "RegistrationPrivacyVersion",
    "RelatedPracticeExample",
    "RemovedSession",
    "SourceEvent",
    "SessionRegistration",
    "SubmissionExport",
    # Taxonomy
    "EventType",
    "Organisation",
    "Region",
    "TargetGroup",
    "TaxonomyTerm",
    "Theme",
    # Choices
    "AttendanceMode",
    "Availability",
    "CallState",
    "FetchState",
    "OrganisationRole",
    "RepeatFrequency",
    "PlaceStatus",
    "RegistrationMode",
    "SessionStatus",
    "SourceEventStatus",
    "SubmissionStatus",
    "WeekOfMonth",
    "Weekday",
    # Mixins for a site's own page models, and their abstract data models
    "AbstractCallSubmission",
    "AbstractPrivacyStatementVersion",
    "CallEmailMixin",
    "CallForParticipationMixin",
    "CallPeriodMixin",
    "CallPrivacyMixin",
    "EventIndexMixin",
    "EventMarketMixin",
    "EventMixin",
    "EventRegistrationMixin",
    "ImportKeyMixin",
    "JeugdzorgPageMixin",
    "OnSiteRegistrationMixin",
    "PracticeContactMixin",
    "PracticeExampleIndexMixin",
    "PracticeExampleMixin",
    "PracticePeriodMixin",
    "PresentationIndexMixin",
    "PresentationMixin",
    "PresentationSlidesMixin",
    "PrivacyStatementMixin",
    "RegistrationRoutesMixin",
    "RouteSlugGuardMixin",
    "SessionSeriesMixin",
    "SessionPlacesMixin",
    "TaxonomyMixin",
    "ThemeIndexMixin",
    # Helpers
    "allow_methods",
    "calls_for_user",
    "email_hash",
    "events_for_user",
    "months_before",
    "open_calls",
    "visible_calls",
]
