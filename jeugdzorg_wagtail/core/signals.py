"""Connecting signal handlers per sender, as wagtail-localize does: a handler runs only for the
models it cares about, never for every model of the host site.

The features' ``signals.py`` modules have a ``connect()`` that ``apps.ready()`` calls, when
every model of every app is loaded (so a site's own page classes are found too).
"""

from django.apps import apps
from wagtail.models import get_page_models

__all__ = ["connect_each", "models_derived_from", "page_models_with"]


def page_models_with(*mixins):
    """The page models (a site's own included) that derive from any of ``mixins``."""
    return [model for model in get_page_models() if issubclass(model, mixins)]


def models_derived_from(*bases):
    """The concrete models of every app that derive from any of ``bases``."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, bases) and not model._meta.abstract
    ]


def connect_each(signal, receiver, senders):
    """Connect ``receiver`` to ``signal`` once per sender; connecting again changes nothing."""
    for sender in senders:
        signal.connect(
            receiver,
            sender=sender,
            dispatch_uid=f"{receiver.__module__}.{receiver.__qualname__}:{sender._meta.label}",
        )
