"""Behaviour shared by every page type of the package."""

from ..conf import jw_settings

__all__ = ["JeugdzorgPageMixin"]


class JeugdzorgPageMixin:
    """Adds ``jw_base_template`` to the context: the template every page template extends.

    You can combine it with your own base page model. Templates start with
    ``{% extends jw_base_template %}`` and fill the ``content`` block.
    """

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["jw_base_template"] = jw_settings.BASE_TEMPLATE
        return context
