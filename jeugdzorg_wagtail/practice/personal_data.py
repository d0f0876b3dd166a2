"""Practice examples that name a person's e-mail address as their contact, for access
requests; registered as a source of :mod:`jeugdzorg_wagtail.core.privacy`.

Published content is not erased automatically: editors change these pages by hand.
"""

from ..core import privacy
from .models import PracticeExamplePage

__all__ = ["SOURCE", "pages_with_contact_address"]


def pages_with_contact_address(email):
    """The practice examples whose contact address is ``email``."""
    pages = PracticeExamplePage.objects.filter(contact_email__iexact=email.strip())
    return [{"id": page.pk, "title": page.title} for page in pages]


SOURCE = privacy.register(
    privacy.PersonalDataSource(
        key="practice_examples_with_this_contact_address", report=pages_with_contact_address
    )
)
