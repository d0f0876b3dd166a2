"""Views a site uses outside its pages.

``csrf_failure`` is the page shown when a form fails Django's CSRF check (a form left open
overnight, a cookie that expired or was blocked). Set it in the site's settings::

    CSRF_FAILURE_VIEW = "jeugdzorg_wagtail.views.csrf_failure"

It answers ``403`` in the visitor's language and inside the site's layout (the
``BASE_TEMPLATE``), says what happened and how to send the form again, and never drops what
the visitor typed without saying so: when the form was a call's form, the text fields come
back on the page to copy; otherwise the page says that nothing was sent or stored.
"""

import logging

from django import forms
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.csrf import csrf_failure as django_csrf_failure
from wagtail.models import Page

from .calls.mixins import CallForParticipationMixin
from .core.conf import jw_settings

__all__ = ["csrf_failure"]

logger = logging.getLogger("jeugdzorg_wagtail.views")


def form_page(request):
    """The page of the package that the failed form was sent to, or ``None``."""
    try:
        result = Page.route_for_request(request, request.path)
    except Exception:  # a path Wagtail cannot route: no page
        return None
    return result[0] if result is not None else None


def typed_text(request, page):
    """What the visitor typed in the text fields of a call's form: ``(texts, others)``.

    ``texts`` is a list of ``{"name", "label", "value", "multiline"}`` for the text fields that
    came with text; ``others`` the labels of the fields that were chosen rather than typed
    (choices, a file, the consent box), which the visitor must fill in again. Nothing is read
    when the page has no such form or the request is larger than the form accepts.
    """
    if not isinstance(page, CallForParticipationMixin):
        return [], []
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > page.get_max_request_size():
        return [], []
    try:
        data = request.POST
    except Exception:  # a body Django cannot parse: nothing to give back
        return [], []
    form = page.get_form()
    texts, others = [], []
    for name, field in form.fields.items():
        if isinstance(field, forms.CharField) and not isinstance(
            field.widget, forms.PasswordInput | forms.HiddenInput
        ):
            value = (data.get(name) or "").strip()
            if value:
                texts.append(
                    {
                        "name": name,
                        "label": field.label,
                        "value": value,
                        "multiline": isinstance(field.widget, forms.Textarea),
                    }
                )
        else:
            others.append(field.label)
    return texts, others


def csrf_failure(request, reason="", template_name="jeugdzorg_wagtail/csrf_failure.html"):
    """The page for a form that failed the CSRF check (Django's ``CSRF_FAILURE_VIEW``)."""
    page = form_page(request)
    texts, others = typed_text(request, page)
    context = {
        "jw_base_template": jw_settings.BASE_TEMPLATE,
        "form_page": page,
        "form_url": page.get_url(request) if page is not None else request.path,
        "cookie_missing": reason == REASON_NO_CSRF_COOKIE,
        "typed_texts": texts,
        "fields_to_fill_again": others,
    }
    try:
        response = render(request, template_name, context, status=403)
    except Exception:
        # The site's base template could not be rendered here: Django's own page says it too.
        logger.exception("The CSRF failure page could not be rendered")
        response = django_csrf_failure(request, reason)
    add_never_cache_headers(response)
    return response
