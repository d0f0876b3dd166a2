"""What a site imports from ``jeugdzorg_wagtail.models``: every page type of the contract and
every mixin the docs name, and nothing else under ``__all__`` than what is there."""

import re
from pathlib import Path

from django.apps import apps

import jeugdzorg_wagtail.models as models

ROOT = Path(__file__).resolve().parents[2]

CONTRACT_NAMES = [
    "EventIndexPage",
    "EventPage",
    "CallForParticipationPage",
    "PracticeExampleIndexPage",
    "PracticeExamplePage",
    "PresentationPage",
    "CallSubmission",
]


def documented_mixins():
    """The names in the first column of the mixin table of docs/pages.md."""
    text = (ROOT / "docs" / "pages.md").read_text()
    table = text[text.index("| mixin | kind |") :].split("\n\n", 1)[0]
    return re.findall(r"^\| `(\w+)` \|", table, re.MULTILINE)


def test_the_page_types_of_the_contract_import_from_models():
    for name in CONTRACT_NAMES:
        assert name in models.__all__, name
        assert getattr(models, name).__name__ == name


def test_every_mixin_the_docs_name_imports_from_models():
    mixins = documented_mixins()
    assert len(mixins) >= 15
    for name in mixins:
        assert name in models.__all__, name
        assert getattr(models, name).__name__ == name


def test_every_exported_name_exists_and_every_model_is_exported():
    for name in models.__all__:
        assert hasattr(models, name), name
    app_models = apps.get_app_config("jeugdzorg_wagtail").get_models()
    assert {model.__name__ for model in app_models} <= set(models.__all__)
