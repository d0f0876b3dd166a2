"""Fixtures of the calls' tests: a call, the clock while it is open, the editors' address,
and what happens to stored attachments."""

import pytest
import time_machine
from django.test import override_settings

from jeugdzorg_wagtail.models import CallSubmission, NetworkSettings
from tests.utils import aware, make_call

OPENS = aware(2026, 3, 1, 9)
CLOSES = aware(2026, 4, 1, 17)
WHILE_OPEN = aware(2026, 3, 10, 12)


@pytest.fixture
def call(root_page):
    """A published call, open from 1 March 2026 09:00 until 1 April 2026 17:00."""
    return make_call(root_page, opens_at=OPENS, closes_at=CLOSES)


@pytest.fixture
def open_clock():
    """The clock stands still on 10 March 2026 at 12:00, while ``call`` is open."""
    with time_machine.travel(WHILE_OPEN, tick=False) as traveller:
        yield traveller


@pytest.fixture
def notify_address(site):
    """The network settings' address for notices of new submissions."""
    return NetworkSettings.objects.create(site=site, notification_email="redactie@example.org")


@pytest.fixture
def attachment_root(tmp_path):
    """``ATTACHMENT_ROOT`` in the test's own folder."""
    with override_settings(JEUGDZORG_WAGTAIL={"ATTACHMENT_ROOT": tmp_path}):
        yield tmp_path


@pytest.fixture
def delete_attachments(db):
    """The files of the submissions a test stored are deleted after it."""
    yield
    for submission in CallSubmission.objects.exclude(attachment=""):
        submission.attachment.delete(save=False)
