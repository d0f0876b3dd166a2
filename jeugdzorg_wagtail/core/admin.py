"""The base of every modeladmin listing of the package: it filters only on what it declares.

wagtail-modeladmin's ``IndexView`` turns every query parameter it does not recognise into a
queryset lookup, so ``?email__iexact=…`` or ``?owner__password__startswith=…`` would filter
on fields the listing never shows. Django's own admin guards this with
``ModelAdmin.lookup_allowed()``; :class:`DeclaredFiltersIndexView` is stricter: it applies
the parameters of the declared ``list_filter`` entries, the search (``q``), the ordering
(``o``) and the page (``p``), and ignores every other parameter. A declared filter given a
value it cannot use is ignored as well: the listing never answers with an error page.

:class:`BaseModelAdmin` uses that view, and its instance views (edit, inspect, delete,
history) look the object up in ``get_queryset(request)``, the same queryset the listing
shows: an object outside it is a 404, whatever its URL. Every modeladmin of the package
derives from :class:`BaseModelAdmin`; the system check ``jeugdzorg_wagtail.E007`` names one
that does not.
"""

import inspect

from django.contrib.admin import FieldListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path, lookup_spawns_duplicates, unquote
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import Http404
from django.urls import URLPattern, URLResolver, get_resolver, re_path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView

from .privacy import can_view_personal_data

__all__ = [
    "PK_RANGE",
    "BaseModelAdmin",
    "DeclaredFiltersIndexView",
    "PageScopedPermissionHelper",
    "PersonalDataAdminMixin",
    "clean_search_text",
    "registered_model_admins",
    "yes_no",
]

#: Largest and smallest values of a 64-bit primary key (``BigAutoField``).
PK_RANGE = (-(2**63), 2**63 - 1)


def has_nul(values):
    return any("\x00" in value for value in values)


#: Longer search texts are cut: SQLite refuses a LIKE pattern over 50,000 bytes.
MAX_SEARCH_LENGTH = 255


def clean_search_text(text):
    """The search text without NUL characters (PostgreSQL refuses them), at most 255 long."""
    return (text or "").replace("\x00", "")[:MAX_SEARCH_LENGTH]


class DeclaredFiltersIndexView(IndexView):
    """A modeladmin listing that applies only its declared filters, search and ordering.

    Query parameters other than ``q``, ``o``, ``p`` and those of the ``list_filter``
    entries (``status__exact``, ``created_at__gte``, ``region__id__exact``, …) are dropped
    before the queryset is built, so they neither filter nor appear in the listing's links
    or exports. A declared filter whose value the database cannot compare (a date that is
    no date, a NUL character) is dropped the same way.
    """

    #: The parameters the listing itself reads (its filters add their own).
    LISTING_PARAMS = (IndexView.SEARCH_VAR, IndexView.ORDER_VAR)

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.get_list_export(request) and self.EXPORT_VAR in request.GET:
            # No spreadsheet columns declared: ``?export=`` is no parameter of this listing.
            request.GET = request.GET.copy()
            del request.GET[self.EXPORT_VAR]
        return super().dispatch(request, *args, **kwargs)

    def get_filter_spec(self, list_filter, request, lookup_params):
        """The filter object of one ``list_filter`` entry, and whether it needs distinct()."""
        if callable(list_filter) and not isinstance(list_filter, (tuple, list)):
            # A custom ListFilter class (SimpleListFilter and the like).
            return list_filter(request, lookup_params, self.model, self.model_admin), False
        if isinstance(list_filter, (tuple, list)):
            field, field_list_filter_class = list_filter
        else:
            field, field_list_filter_class = list_filter, FieldListFilter.create
        field_path = None
        if not isinstance(field, models.Field):
            field_path = field
            field = get_fields_from_path(self.model, field_path)[-1]
        spec = field_list_filter_class(
            field, request, lookup_params, self.model, self.model_admin, field_path=field_path
        )
        return spec, lookup_spawns_duplicates(self.opts, field_path)

    def get_filters(self, request):
        lookup_params = self.get_filters_params()
        for key, values in list(lookup_params.items()):
            if has_nul([key, *values]):
                del lookup_params[key]
        filter_specs = []
        use_distinct = False
        for list_filter in self.list_filter or ():
            # Each filter takes its own parameters out of ``lookup_params``.
            spec, distinct = self.get_filter_spec(list_filter, request, lookup_params)
            if spec and spec.has_output():
                filter_specs.append(spec)
                use_distinct = use_distinct or distinct
        # What is left was declared by no filter: it is ignored, and left out of the
        # query strings the listing builds for its links.
        # ``ot`` is read by nothing (a leftover of Django's admin).
        self.ignored_params = sorted({*lookup_params, self.ORDER_TYPE_VAR} & set(self.params))
        self.drop_params(self.ignored_params)
        return filter_specs, bool(filter_specs), {}, use_distinct

    def drop_params(self, keys):
        if not keys:
            return
        self.params = self.params.copy()
        for key in keys:
            self.params.pop(key, None)

    def get_queryset(self, request=None):
        request = request or self.request
        self.filter_specs, self.has_filters, _ignored, use_distinct = self.get_filters(request)
        qs = self.get_base_queryset(request)
        applied = []
        for spec in self.filter_specs:
            try:
                new_qs = spec.queryset(request, qs)
            except (IncorrectLookupParameters, FieldDoesNotExist, ValidationError, ValueError):
                # A value this filter cannot use: the listing shows what it would without it.
                self.drop_params(getattr(spec, "used_parameters", {}))
                continue
            if new_qs is not None:
                qs = new_qs
            applied.append(spec)
        self.filter_specs = applied
        self.has_filters = bool(applied)
        if not qs.query.select_related:
            qs = self.apply_select_related(qs)
        qs = qs.order_by(*self.get_ordering(request, qs))
        if use_distinct:
            qs = qs.distinct()
        return self.get_search_results(request, qs, self.query)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, clean_search_text(search_term))

    @property
    def applied_filters(self):
        """The declared filter parameters of this request, as a query string."""
        params = self.params.copy()
        for key in (self.SEARCH_VAR, self.ORDER_VAR, self.ORDER_TYPE_VAR):
            params.pop(key, None)
        return urlencode(sorted(params.lists()), doseq=True)


class BaseModelAdmin(ModelAdmin):
    """The base of the package's modeladmin classes.

    The listing is a :class:`DeclaredFiltersIndexView`; the instance views (edit, inspect,
    delete, history) and the package's own views on one object take the object from
    :meth:`get_queryset`, so what a user may not see in the listing is a 404 everywhere.
    Override :meth:`get_queryset` to narrow what a user sees.
    """

    index_view_class = DeclaredFiltersIndexView

    def get_object_or_404(self, request, pk):
        """The object ``pk`` if :meth:`get_queryset` holds it for this request, else 404.

        A primary key of the wrong type or out of range is a 404 too.
        """
        pk_field = self.model._meta.pk
        try:
            value = pk_field.to_python(pk)
        except ValidationError:
            raise Http404 from None
        if isinstance(value, int) and not PK_RANGE[0] <= value <= PK_RANGE[1]:
            raise Http404
        try:
            return self.get_queryset(request).get(pk=value)
        except self.model.DoesNotExist:
            raise Http404 from None

    def check_instance(self, request, instance_pk):
        # modeladmin's instance views look the object up themselves, without the request.
        self.get_object_or_404(request, unquote(instance_pk))

    def edit_view(self, request, instance_pk):
        self.check_instance(request, instance_pk)
        return super().edit_view(request, instance_pk)

    def inspect_view(self, request, instance_pk):
        self.check_instance(request, instance_pk)
        return super().inspect_view(request, instance_pk)

    def delete_view(self, request, instance_pk):
        self.check_instance(request, instance_pk)
        return super().delete_view(request, instance_pk)

    def history_view(self, request, instance_pk):
        self.check_instance(request, instance_pk)
        return super().history_view(request, instance_pk)


class PageScopedPermissionHelper(PermissionHelper):
    """The model permissions, and for one record also the page permission on its page.

    A record belongs to a page (a submission to its call, a market stand or a registration to
    its event): a user sees, inspects, edits and deletes it only when they may edit that page.
    Subclasses give :meth:`pages_for_user` (the pages ``user`` may edit, a queryset) and
    :meth:`page_id_of` (the key of a record's page). Superusers see every record.
    """

    def pages_for_user(self, user):
        raise NotImplementedError

    def page_id_of(self, obj):
        raise NotImplementedError

    def user_can_see_obj(self, user, obj):
        """Whether ``obj`` belongs to a page ``user`` may edit."""
        if user.is_active and user.is_superuser:
            return True
        # Asked for every row of a listing: the pages are looked up once per request (the
        # user object lives as long as the request), once per helper class.
        cache = getattr(user, "_jeugdzorg_editable_page_ids", None)
        if cache is None:
            cache = user._jeugdzorg_editable_page_ids = {}
        page_ids = cache.get(type(self))
        if page_ids is None:
            page_ids = set(self.pages_for_user(user).values_list("pk", flat=True))
            cache[type(self)] = page_ids
        return self.page_id_of(obj) in page_ids

    def user_can_inspect_obj(self, user, obj):
        return super().user_can_inspect_obj(user, obj) and self.user_can_see_obj(user, obj)

    def user_can_edit_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and self.user_can_see_obj(user, obj)

    def user_can_delete_obj(self, user, obj):
        return super().user_can_delete_obj(user, obj) and self.user_can_see_obj(user, obj)


class PersonalDataAdminMixin:
    """For a listing of records that hold personal data (submissions, registrations).

    Searching the personal fields (``personal_search_fields``) and exporting are only for users
    with the ``view_personal_data`` permission; nothing is imported. The listing's own views
    are listed by :meth:`get_extra_views` and reached by :meth:`get_extra_url`. Put it before
    the import/export mixin and :class:`BaseModelAdmin` in the bases.
    """

    personal_search_fields = ()

    def get_search_fields(self, request):
        if can_view_personal_data(request.user):
            return self.personal_search_fields
        return self.search_fields

    def user_can_export(self, user):
        """Exports hold personal data: only for users who may see it."""
        return can_view_personal_data(user) and self.permission_helper.user_can_list(user)

    def user_can_import(self, user):
        return False

    def user_can_change_records(self, user):
        """Whether ``user`` may change the records (their status, a place)."""
        helper = self.permission_helper
        return helper.user_has_specific_permission(user, helper.get_perm_codename("change"))

    def get_extra_views(self):
        """The listing's own views: ``(url part, view class, action)`` each; the export's
        URL is ``export/``, the others ``<url part>/``."""
        return ()

    def get_extra_url(self, action, *args):
        return reverse(f"{self.import_export_url_prefix}_{action}", args=args)

    def get_import_export_url(self, action):
        return self.get_extra_url(action)

    def get_admin_urls_for_registration(self):
        urls = BaseModelAdmin.get_admin_urls_for_registration(self)
        base = self.url_helper.get_action_url_pattern("index").rstrip("$").rstrip("/")
        prefix = self.import_export_url_prefix
        return urls + tuple(
            re_path(rf"{base}/{part}/$", view.as_view(model_admin=self), name=f"{prefix}_{action}")
            for part, view, action in self.get_extra_views()
        )


def _walk(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


def registered_model_admins(package="jeugdzorg_wagtail", urlconf=None):
    """The modeladmin instances whose listings the site serves, from classes of ``package``.

    Found from the URL configuration (the listing's view is the instance's ``index_view``),
    so a listing registered tomorrow is found as well.
    """
    found = {}
    for pattern in _walk(get_resolver(urlconf).url_patterns):
        # Wagtail wraps admin views in its access check; the view is what it wraps.
        callback = inspect.unwrap(pattern.callback)
        owner = getattr(callback, "__self__", None)
        if isinstance(owner, ModelAdmin) and callback.__name__ == "index_view":
            if type(owner).__module__.split(".")[0] == package:
                found[id(owner)] = owner
    return list(found.values())


def yes_no(field_name, label):
    """A listing column for a boolean field that says "yes" or "no".

    Modeladmin shows a boolean as Django's admin does, an icon whose text alternative is
    ``True`` or ``False``: that is what a screen reader reads out, in no language.
    """

    def column(obj):
        return gettext("yes") if getattr(obj, field_name) else gettext("no")

    column.__name__ = field_name
    column.short_description = label
    column.admin_order_field = field_name
    return column
