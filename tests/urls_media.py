"""The test URLs plus MEDIA_URL served from MEDIA_ROOT, as many sites do in production."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from tests.urls import urlpatterns as base_patterns

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *base_patterns,
]
