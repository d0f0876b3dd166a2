"""Attachments of call submissions: where they are kept and what is accepted.

An attachment is accepted only when its extension is on the allow-list *and* the file's own
first bytes (its signature) match that type: a renamed executable, an HTML page or an SVG
image is refused. Images are decoded and encoded again with Pillow, which drops their
metadata (EXIF with camera, GPS position and author, XMP, text chunks). Files are stored under
a random name (uuid4) in a storage of their own, the ``STORAGES`` alias named by
``ATTACHMENT_STORAGE``, which must not be reachable under a public URL.
"""

import io
import os
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, InvalidStorageError, storages
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from ..core.conf import jw_settings

__all__ = [
    "ALLOWED_EXTENSIONS",
    "CleanedAttachment",
    "PrivateFileSystemStorage",
    "get_attachment_storage",
    "submission_attachment_path",
    "validate_attachment",
]

#: Extension -> the kind of file it must be (the kind decides the signature check).
ALLOWED_EXTENSIONS = {
    "pdf": "pdf",
    "docx": "docx",
    "pptx": "pptx",
    "odt": "odt",
    "odp": "odp",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "png": "png",
}

#: The extension a stored file gets, per kind.
STORED_EXTENSION = {
    "pdf": "pdf",
    "docx": "docx",
    "pptx": "pptx",
    "odt": "odt",
    "odp": "odp",
    "jpeg": "jpg",
    "png": "png",
}

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "jpeg": "image/jpeg",
    "png": "image/png",
}

# The main part an Office Open XML package must declare in [Content_Types].xml.
OOXML_MAIN_PART = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
}

#: Images larger than this many pixels are refused (decompression bombs).
MAX_IMAGE_PIXELS = 50_000_000


class PrivateFileSystemStorage(FileSystemStorage):
    """A file system storage without public URLs: :meth:`url` refuses.

    Use it for the ``jeugdzorg_attachments`` alias with a ``location`` outside
    ``MEDIA_ROOT``. Editors reach attachments only through permission-checked admin views.
    """

    def url(self, name):
        raise ValueError("Attachments of submissions have no public URL.")


def get_attachment_storage():
    """The storage of attachments: ``storages[ATTACHMENT_STORAGE]``.

    When ``settings.STORAGES`` has no such alias, a :class:`PrivateFileSystemStorage` in
    ``ATTACHMENT_ROOT`` (default: ``BASE_DIR / "private-attachments"``).
    """
    try:
        return storages[jw_settings.ATTACHMENT_STORAGE]
    except InvalidStorageError:
        root = jw_settings.ATTACHMENT_ROOT
        if root is None:
            base_dir = getattr(settings, "BASE_DIR", None) or os.getcwd()
            root = Path(base_dir) / "private-attachments"
        return PrivateFileSystemStorage(location=root, base_url=None)


def submission_attachment_path(instance, filename):
    """A random, non-guessable name; only the (checked) extension of ``filename`` is kept."""
    extension = Path(filename).suffix.lower()
    return f"submissions/{uuid.uuid4().hex}{extension}"


@dataclass
class CleanedAttachment:
    """An accepted file: its content to store, its kind and the name it was sent with."""

    content: object
    kind: str
    original_name: str
    size: int

    @property
    def content_type(self):
        return CONTENT_TYPES[self.kind]

    @property
    def storage_name(self):
        """A name for :meth:`FieldFile.save`: only its extension is used."""
        return f"attachment.{STORED_EXTENSION[self.kind]}"


def clean_original_name(name):
    """The file name as sent, for editors: no folders, no control characters, at most 255."""
    name = os.path.basename(str(name).replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    return name.strip()[:255] or "attachment"


def _read_head(uploaded, size=16):
    uploaded.seek(0)
    head = uploaded.read(size)
    uploaded.seek(0)
    return head


def _zip_matches(uploaded, kind):
    """Whether the zip package is a real OOXML (docx, pptx) or ODF (odt, odp) document."""
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as package:
            names = set(package.namelist())
            if kind in OOXML_MAIN_PART:
                main_part, main_type = OOXML_MAIN_PART[kind]
                if "[Content_Types].xml" not in names or main_part not in names:
                    return False
                if any(name.lower().endswith("vbaproject.bin") for name in names):
                    return False  # macros
                info = package.getinfo("[Content_Types].xml")
                if info.file_size > 1024 * 1024:
                    return False
                types = package.read(info).decode("utf-8", "replace")
                return main_type in types and "macroEnabled" not in types
            expected = CONTENT_TYPES[kind].encode()
            if "mimetype" not in names:
                return False
            info = package.getinfo("mimetype")
            if info.file_size > 200:
                return False
            return package.read(info).strip() == expected
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, RuntimeError):
        return False
    finally:
        uploaded.seek(0)


def signature_matches(uploaded, kind):
    """Whether the file's first bytes (and, for packages, its contents) fit ``kind``."""
    head = _read_head(uploaded)
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if kind == "jpeg":
        return head.startswith(b"\xff\xd8\xff")
    if kind == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind in ("docx", "pptx", "odt", "odp"):
        return head.startswith(b"PK\x03\x04") and _zip_matches(uploaded, kind)
    return False


def strip_image_metadata(uploaded, kind):
    """Decode the image and encode it again without metadata; returns a ContentFile.

    The orientation stored in EXIF is applied first, so the picture still stands upright.
    Raises ValidationError when the image cannot be read or is too large.
    """
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as image:
            expected_format = "JPEG" if kind == "jpeg" else "PNG"
            if image.format != expected_format:
                raise ValidationError(_not_this_type(kind), code="signature")
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("The image is too large. Choose an image of at most 50 megapixels."),
                    code="image_too_large",
                )
            image.load()
            cleaned = ImageOps.exif_transpose(image)
            icc_profile = image.info.get("icc_profile")
            output = io.BytesIO()
            if kind == "jpeg":
                if cleaned.mode not in ("RGB", "L"):
                    cleaned = cleaned.convert("RGB")
                options = {"quality": 90, "optimize": True}
                if icc_profile:
                    options["icc_profile"] = icc_profile
                cleaned.save(output, format="JPEG", **options)
            else:
                if cleaned.mode not in ("RGB", "RGBA", "L", "LA", "P", "1"):
                    cleaned = cleaned.convert("RGBA")
                options = {"optimize": True}
                if "transparency" in image.info and cleaned.mode in ("P", "L", "RGB"):
                    options["transparency"] = image.info["transparency"]
                if icc_profile:
                    options["icc_profile"] = icc_profile
                cleaned.save(output, format="PNG", **options)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        raise ValidationError(
            _("The image could not be read. Choose another file."), code="unreadable"
        ) from None
    finally:
        uploaded.seek(0)
    return ContentFile(output.getvalue())


def _allowed_list():
    return _(
        "Choose a PDF, Word (docx), PowerPoint (pptx), OpenDocument (odt, odp), JPEG or PNG file."
    )


def _not_this_type(kind):
    return _(
        "The file does not look like a %(type)s file (it may have been renamed). "
        "Choose a real %(type)s file."
    ) % {"type": kind.upper()}


def validate_attachment(uploaded, max_size=None):
    """Check an uploaded file; returns a :class:`CleanedAttachment` or raises ValidationError.

    Checks, in order: not empty, not larger than ``ATTACHMENT_MAX_SIZE``, an allowed
    extension, a signature that fits that extension; images are then stripped of metadata.
    """
    max_size = jw_settings.ATTACHMENT_MAX_SIZE if max_size is None else max_size
    original_name = clean_original_name(getattr(uploaded, "name", "") or "")
    size = uploaded.size or 0
    if size <= 0:
        raise ValidationError(_("The chosen file is empty. Choose another file."), code="empty")
    if size > max_size:
        raise ValidationError(
            _("The file is too large: at most %(max)s is accepted.")
            % {"max": filesizeformat(max_size)},
            code="too_large",
        )
    extension = Path(original_name).suffix.lower().lstrip(".")
    kind = ALLOWED_EXTENSIONS.get(extension)
    if kind is None:
        raise ValidationError(
            _("Files of this type are not accepted. %(allowed)s") % {"allowed": _allowed_list()},
            code="extension",
        )
    if not signature_matches(uploaded, kind):
        raise ValidationError(_not_this_type(kind), code="signature")
    content = uploaded
    if kind in ("jpeg", "png"):
        content = strip_image_metadata(uploaded, kind)
        size = content.size
    return CleanedAttachment(content=content, kind=kind, original_name=original_name, size=size)
