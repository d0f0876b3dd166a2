"""The system check that keeps fetching from this machine out of production."""

import pytest

from jeugdzorg_wagtail.sources.checks import check_loopback_allowed


@pytest.mark.parametrize(
    "allowed, debug, warned",
    [(True, False, True), (True, True, False), (False, False, False)],
)
def test_loopback_outside_debug_is_warned_about(settings, allowed, debug, warned):
    settings.DEBUG = debug
    settings.JEUGDZORG_WAGTAIL = {"SOURCES_ALLOW_LOOPBACK": allowed}

    found = check_loopback_allowed(None)

    assert [warning.id for warning in found] == (["jeugdzorg_wagtail.W004"] if warned else [])
