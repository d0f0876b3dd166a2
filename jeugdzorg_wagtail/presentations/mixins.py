"""Behaviour of the presentations listing and of a presentation, for composing onto a site's
own page models.

:class:`PresentationIndexMixin` and :class:`PresentationMixin` are plain mixins (no fields): a
migration names them in the ``bases`` of the package's pages, so they must never become models
with fields. They reach the package's models through hooks that look them up in the app
registry, or through their page's own fields.
"""

import os
import urllib.parse

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F
from django.http import FileResponse, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import get_conditional_response, patch_cache_control, quote_etag
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail import hooks
from wagtail.contrib.routable_page.models import path
from wagtail.documents import get_document_model_string
from wagtail.documents.models import document_served
from wagtail.models import Page

from ..core.conf import jw_settings
from ..core.pages import JeugdzorgPageMixin, RouteSlugGuardMixin
from ..core.queries import site_root_path
from ..core.sizes import format_file_size
from .choices import Availability
from .downloads import STORAGE_ERRORS, attachment_header, safe_content_type
from .filters import PresentationFilterForm
from .queries import with_listing_data

__all__ = ["PresentationIndexMixin", "PresentationMixin", "PresentationSlidesMixin"]

APP_LABEL = "jeugdzorg_wagtail"


class PresentationIndexMixin(JeugdzorgPageMixin):
    """Behaviour of the presentations listing. You can combine it with your own base page.

    The listing shows the presentations of the whole site it is on, wherever they are in the
    tree (under events or under any listing), filtered by the GET parameters of
    :class:`~jeugdzorg_wagtail.presentations.filters.PresentationFilterForm`.
    """

    def get_presentation_model(self):
        """The model of the presentations this listing shows (``PresentationPage``).

        You can override this method to list presentations of another page model.
        """
        return apps.get_model(APP_LABEL, "PresentationPage")

    def get_filter_form_class(self):
        """The class of the filter form: :class:`~.filters.PresentationFilterForm`.

        You can override this method to use a form with other filters.
        """
        return PresentationFilterForm

    def get_scope_url_path(self):
        """The ``url_path`` of the root page of this page's site (the listing's scope).

        Read from Wagtail's cached site root paths, so it costs no query once cached. You can
        override this method to list the presentations of another part of the tree.
        """
        return site_root_path(self)

    def get_presentation_pages(self):
        """Live, public presentations of the site, no aliases.

        You can override this method to widen or narrow the listing.
        """
        pages = self.get_presentation_model().objects.live().public()
        pages = pages.filter(alias_of__isnull=True)
        scope = self.get_scope_url_path()
        if scope:
            return pages.filter(url_path__startswith=scope)
        return pages.descendant_of(self)

    def get_filter_form(self, request):
        """The filter form, bound to the query string (unbound without one)."""
        return self.get_filter_form_class()(
            request.GET if request.GET else None, presentations=self.get_presentation_pages()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        presentations = self.get_presentation_pages()
        form = self.get_filter_form(request)
        presentations = form.filter_presentations(presentations)
        presentations = presentations.order_by(F("date").desc(nulls_last=True), "title", "pk")
        paginator = Paginator(presentations, jw_settings.PRESENTATIONS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        page_obj.object_list = with_listing_data(page_obj.object_list)
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            {
                "filter_form": form,
                "presentations": page_obj,
                "paginator": paginator,
                "result_count": paginator.count,
                "filter_query": query.urlencode(),
            }
        )
        return context


class PresentationMixin(RouteSlugGuardMixin, JeugdzorgPageMixin):
    """Behaviour of a presentation. You can combine it with your own base page model.

    Under an event page its slug may not be one of the event's routes (``ical``).

    It needs :class:`PresentationSlidesMixin` on the same page (the slides and their
    availability) and the fields ``event`` (a key to the event page model) and ``date``.
    """

    def get_download_url(self, request=None):
        """The URL of ``download/`` (relative when possible), or None for an unrouted page."""
        url = self.get_url(request=request)
        return url + self.reverse_subpage("download") if url else None

    # Saving

    def get_parent_event(self):
        """The event page this presentation sits under, or None.

        An event page is one of the model that the ``event`` field points to.
        """
        event_model = type(self)._meta.get_field("event").related_model
        parent = self.get_parent() if self.path else None
        if parent is not None and issubclass(parent.specific_class or Page, event_model):
            return parent.specific
        return None

    def fill_in_event_and_date(self):
        """Take the event from the parent event page and the date from the event's first
        session when the editor left them empty."""
        if self.event_id is None:
            event = self.get_parent_event()
            if event is not None:
                self.event = event
        if self.date is None and self.event_id is not None:
            first = self.event.sessions.order_by("start").first()
            if first is not None:
                self.date = first.start_date

    def save(self, *args, **kwargs):
        self.fill_in_event_and_date()
        return super().save(*args, **kwargs)

    # Views

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["presentation"] = self
        return context

    #: The template of the "no longer available" page of ``download/``.
    gone_template = "jeugdzorg_wagtail/presentation_gone.html"

    def get_gone_template(self, request):
        """The template of the ``410 Gone`` page: :attr:`gone_template`.

        You can override this method to choose it per request.
        """
        return self.gone_template

    def serve_gone(self, request):
        """410 Gone with a friendly page (:meth:`get_gone_template`)."""
        response = TemplateResponse(
            request, self.get_gone_template(request), self.get_context(request), status=410
        )
        patch_cache_control(response, no_cache=True)
        return response

    def check_document_access(self, request, document):
        """Run Wagtail's ``before_serve_document`` hooks (collection view restrictions among
        them) as Wagtail's own serve view does; return their response to refuse."""
        for fn in hooks.get_hooks("before_serve_document"):
            result = fn(document, request)
            if isinstance(result, HttpResponse):
                return result
        return None

    @path("download/", name="download")
    def download(self, request):
        """The slides: the document as an attachment, or a redirect to the external link.

        GET counts the download; HEAD answers the same headers and counts nothing.
        """
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if self.availability != Availability.AVAILABLE:
            return self.serve_gone(request)
        if self.is_external:
            if request.method == "GET":
                self.count_download()
            return HttpResponseRedirect(self.external_url)
        document = self.document
        refusal = self.check_document_access(request, document)
        if refusal is not None:
            return refusal
        return self.serve_document(request, document)

    def serve_document(self, request, document):
        """Serve ``document`` as Wagtail's serve view does, always as an attachment.

        With ``WAGTAILDOCS_SERVE_METHOD`` ``"redirect"`` or ``"direct"`` (or unset with a
        remote storage) it redirects to the storage's URL; otherwise it streams the file.
        A file missing from storage gives 410 Gone.
        """
        storage, name = document.file.storage, document.file.name
        try:
            if not storage.exists(name):
                return self.serve_gone(request)
        except STORAGE_ERRORS:
            return self.serve_gone(request)
        try:
            local_path = storage.path(name)
        except NotImplementedError:
            local_path = None
        try:
            direct_url = storage.url(name)
        except NotImplementedError:
            direct_url = None

        serve_method = getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None)
        if serve_method is None:
            serve_method = "redirect" if direct_url and not local_path else "serve_view"
        if serve_method in ("redirect", "direct") and direct_url:
            if request.method == "GET":
                self.count_download()
                document_served.send(sender=type(document), instance=document, request=request)
            return HttpResponseRedirect(direct_url)

        etag = quote_etag(document.file_hash) if document.file_hash else None
        conditional = get_conditional_response(request, etag=etag)
        if conditional is not None:
            return conditional

        content_type = self.get_content_type()
        if request.method == "HEAD":
            response = HttpResponse(content_type=content_type)
            size = document.file_size
            if size is None:
                try:
                    size = storage.size(name)
                except STORAGE_ERRORS:
                    return self.serve_gone(request)
            response["Content-Length"] = str(size)
        else:
            try:
                handle = storage.open(name, "rb")
            except STORAGE_ERRORS:
                return self.serve_gone(request)
            response = FileResponse(handle, content_type=content_type)
            self.count_download()
            document_served.send(sender=type(document), instance=document, request=request)
        response["Content-Disposition"] = attachment_header(self.get_download_filename())
        response["X-Content-Type-Options"] = "nosniff"
        if getattr(settings, "WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT", True):
            response["Content-Security-Policy"] = "default-src 'none'"
        if etag:
            response["ETag"] = etag
        if document.collection.get_view_restrictions().exists():
            patch_cache_control(response, private=True)
        return response


class PresentationSlidesMixin(models.Model):
    """The slides of a presentation: a Wagtail document or a link to slides elsewhere, whether
    they were withdrawn (and why), and how often they were downloaded.

    The counter is written only by :meth:`count_download`, in one ``UPDATE``: the page's own
    saves (also from an old revision) never set it back. Compose it before
    :class:`PresentationMixin`.
    """

    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The slides as a file (for example a PDF)."),
    )
    external_url = models.URLField(
        _("link to the slides"),
        blank=True,
        max_length=500,
        help_text=_("Or a link to slides hosted elsewhere. Give a document or a link, not both."),
    )
    withdrawn = models.BooleanField(
        _("withdrawn"),
        default=False,
        help_text=_("The slides are no longer offered; the page stays with a notice."),
    )
    withdrawn_reason = models.TextField(
        _("reason for withdrawal"),
        blank=True,
        max_length=500,
        help_text=_("Shown to visitors, for example “at the speaker’s request”."),
    )
    download_count = models.PositiveIntegerField(_("downloads"), default=0, editable=False)

    #: Fields a page's own saves never write: only :meth:`count_download` changes them.
    counter_fields = ("download_count",)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            # A page saved from a (possibly old) revision must not set the counter back.
            # Child relations (speakers) and parental many-to-many fields (themes) are named
            # too, so that they are committed as on a full save.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.counter_fields
            ] + [
                *(rel.get_accessor_name() for rel in get_all_child_relations(self)),
                *(field.name for field in get_all_child_m2m_relations(self)),
            ]
        return super().save(*args, **kwargs)

    # Availability

    def document_file_exists(self):
        """Whether the document's file is in storage, checked without opening it.

        On the page and in listings this asks only local storages (a file-system check);
        for other storages it trusts the document, and ``download/`` asks the storage itself.
        You can override this method, for example to skip the check.
        """
        document = self.document
        if document is None or not document.file:
            return False
        storage, name = document.file.storage, document.file.name
        try:
            storage.path(name)
        except NotImplementedError:
            return True
        except STORAGE_ERRORS:
            return False
        try:
            return storage.exists(name)
        except STORAGE_ERRORS:
            return False

    @cached_property
    def availability(self):
        """:class:`Availability` of the slides (computed once per instance)."""
        return self.get_availability()

    def get_availability(self):
        """Available, withdrawn by the editors, or removed (document deleted, file missing).

        You can override this method to add your own rules.
        """
        if self.withdrawn:
            return Availability.WITHDRAWN
        if self.external_url:
            return Availability.AVAILABLE
        if self.document_id is None or not self.document_file_exists():
            return Availability.REMOVED
        return Availability.AVAILABLE

    @property
    def is_available(self):
        return self.availability == Availability.AVAILABLE

    # What the download is

    @property
    def is_external(self):
        return bool(self.external_url) and not self.document_id

    def get_file_extension(self):
        if self.document_id is None or not self.document.file:
            return ""
        return os.path.splitext(self.document.file.name)[1][1:].lower()

    def get_file_type(self):
        """The file's type for visitors, e.g. ``PDF`` (its extension in capitals)."""
        return self.get_file_extension().upper()

    def get_file_size(self):
        """The file's size in bytes as Wagtail stored it on upload (no file is opened)."""
        if self.document_id is None:
            return None
        return self.document.file_size

    def get_file_info(self):
        """Type and size in the active language, e.g. ``PDF, 1,01 MB`` in Dutch.

        For an external link: the host name of the site that holds the slides.
        """
        if self.is_external:
            return urllib.parse.urlsplit(self.external_url).hostname or ""
        parts = [self.get_file_type(), format_file_size(self.get_file_size())]
        return ", ".join(part for part in parts if part)

    def get_content_type(self):
        """The content type the file is served with (never one a browser would render)."""
        return safe_content_type(self.document.content_type)

    def get_download_filename(self):
        """The file name offered to the visitor: the title with the file's extension.

        You can override this method, e.g. to use the document's own file name.
        """
        extension = self.get_file_extension()
        return f"{self.title}.{extension}" if extension else self.title

    # Counter

    def count_download(self):
        """Add one to the download counter in a single ``UPDATE`` (safe under concurrency).

        Nothing about the visitor is stored.
        """
        type(self)._default_manager.filter(pk=self.pk).update(
            download_count=F("download_count") + 1
        )

    # Saving

    def clean(self):
        super().clean()
        if self.document_id and self.external_url:
            raise ValidationError(
                {"external_url": _("Give either a document or a link to the slides, not both.")}
            )
        if not self.withdrawn and not self.document_id and not self.external_url:
            raise ValidationError(
                {
                    "document": _(
                        "Choose a document or give a link to the slides, or mark the "
                        "presentation as withdrawn."
                    )
                }
            )

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ()) | set(self.counter_fields)
        super().clean_fields(exclude=exclude)

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.counter_fields:
            setattr(obj, name, getattr(self, name))
        return obj
