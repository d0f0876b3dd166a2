"""System checks for the package's configuration."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .admin import BaseModelAdmin, DeclaredFiltersIndexView, registered_model_admins
from .conf import jw_settings
from .layout import HEAD_BLOCKS, rendered_blocks

REQUIRED_APPS = [
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail_modeladmin",
    "import_export",
]


@checks.register()
def check_installed_apps(app_configs, **kwargs):
    errors = []
    for app in REQUIRED_APPS:
        if app not in settings.INSTALLED_APPS:
            errors.append(
                checks.Error(
                    f"'{app}' must be in INSTALLED_APPS for jeugdzorg_wagtail.",
                    id="jeugdzorg_wagtail.E001",
                )
            )
    return errors


@checks.register()
def check_settings_dict(app_configs, **kwargs):
    try:
        jw_settings.BASE_TEMPLATE  # noqa: B018  (forces validation of the dict)
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="jeugdzorg_wagtail.E002")]
    return []


@checks.register(checks.Tags.templates)
def check_base_template(app_configs, **kwargs):
    """The base template must exist and have a ``content`` block, and should have a head block."""
    try:
        name = jw_settings.BASE_TEMPLATE
    except ImproperlyConfigured:
        return []  # reported by check_settings_dict
    blocks = rendered_blocks(name)
    if blocks is None:
        return [
            checks.Error(
                f"The base template {name!r} (JEUGDZORG_WAGTAIL['BASE_TEMPLATE']) does not exist.",
                hint="Create it, or set BASE_TEMPLATE to the template your pages extend.",
                id="jeugdzorg_wagtail.E005",
            )
        ]
    problems = []
    if "content" not in blocks:
        problems.append(
            checks.Error(
                f"The base template {name!r} has no 'content' block: the package's pages "
                "would render nothing of their own.",
                hint="Add {% block content %}{% endblock %} where a page's content goes.",
                id="jeugdzorg_wagtail.E006",
            )
        )
    if not blocks.intersection(HEAD_BLOCKS):
        problems.append(
            checks.Warning(
                f"The base template {name!r} has no block in its <head> "
                f"({' or '.join(HEAD_BLOCKS)}): the package's pages cannot link their "
                "stylesheet and calendar feeds there.",
                hint="Add {% block extra_css %}{% endblock %} inside <head>, as the base.html "
                "of `wagtail start` has.",
                id="jeugdzorg_wagtail.W003",
            )
        )
    return problems


def listing_errors(model_admins):
    """Errors for modeladmin listings that would filter on any query parameter."""
    errors = []
    for model_admin in model_admins:
        name = f"{type(model_admin).__module__}.{type(model_admin).__qualname__}"
        if not isinstance(model_admin, BaseModelAdmin) or not issubclass(
            model_admin.index_view_class, DeclaredFiltersIndexView
        ):
            errors.append(
                checks.Error(
                    f"The admin listing {name} does not use the package's base listing: it "
                    "would filter on any query parameter (personal data, password hashes).",
                    hint="Derive it from jeugdzorg_wagtail.core.admin.BaseModelAdmin and "
                    "its index_view_class from DeclaredFiltersIndexView.",
                    obj=model_admin,
                    id="jeugdzorg_wagtail.E007",
                )
            )
    return errors


@checks.register(checks.Tags.security)
def check_admin_listings(app_configs, **kwargs):
    """Every modeladmin listing of the package filters only on what it declares."""
    return listing_errors(registered_model_admins())
