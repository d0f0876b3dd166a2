"""What the app sets up when it is ready: the system checks, the import resources and the
sources of personal data register themselves when their modules are imported, and the signal
handlers are connected per sender (:func:`connect_signals`). ``apps.ready()`` imports this
module; nothing else does."""

from .calls import checks as call_checks  # noqa: F401
from .calls import personal_data as call_personal_data  # noqa: F401
from .calls import resources as call_resources  # noqa: F401
from .calls import signals as call_signals
from .core import checks as core_checks  # noqa: F401
from .events import checks as event_checks  # noqa: F401
from .events import resources as event_resources  # noqa: F401
from .events import signals as event_signals
from .practice import checks as practice_checks  # noqa: F401
from .practice import personal_data as practice_personal_data  # noqa: F401
from .practice import resources as practice_resources  # noqa: F401
from .registrations import personal_data as registration_personal_data  # noqa: F401
from .registrations import resources as registration_resources  # noqa: F401
from .registrations import signals as registration_signals
from .sources import checks as source_checks  # noqa: F401
from .taxonomy import resources as taxonomy_resources  # noqa: F401

__all__ = ["connect_signals"]


def connect_signals():
    """Connect every feature's signal handlers to the senders they concern."""
    call_signals.connect()
    event_signals.connect()
    registration_signals.connect()
