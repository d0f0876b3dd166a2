"""Dutch and English catalogues are complete and compiled; the interface speaks Dutch first."""

import importlib.util
from pathlib import Path

from django.utils import translation

from jeugdzorg_wagtail.models import EventPage, SessionStatus

ROOT = Path(__file__).resolve().parents[2]


def load_checker():
    spec = importlib.util.spec_from_file_location(
        "check_translations", ROOT / "scripts" / "check_translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalogues_are_complete_and_compiled():
    assert load_checker().catalogue_problems() == []


def test_labels_in_dutch_and_english():
    with translation.override("nl"):
        assert str(EventPage._meta.verbose_name) == "bijeenkomst"
        assert str(SessionStatus.CANCELLED.label) == "geannuleerd"
    with translation.override("en"):
        assert str(EventPage._meta.verbose_name) == "event"
        assert str(SessionStatus.CANCELLED.label) == "cancelled"
