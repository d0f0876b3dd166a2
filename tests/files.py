"""Small files of every kind the call form accepts or refuses, built in memory."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"

OOXML = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
}


def ooxml(kind, macros=False):
    part, content_type = OOXML[kind]
    if macros:
        content_type = content_type.replace(".main+xml", ".macroEnabled.main+xml")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'content-types"><Override PartName="/{part}" ContentType="{content_type}"/></Types>',
        )
        package.writestr(part, "<document/>")
        if macros:
            package.writestr("word/vbaProject.bin", b"\x00" * 10)
    return buffer.getvalue()


def odf(kind):
    mimetype = {
        "odt": "application/vnd.oasis.opendocument.text",
        "odp": "application/vnd.oasis.opendocument.presentation",
    }[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        package.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def plain_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("readme.txt", "hallo")
    return buffer.getvalue()


def jpeg_with_exif():
    from PIL import Image

    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = "Sanne de Vries"  # Artist
    exif[0x010F] = "Camerafabriek"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90 degrees to show upright
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def png_with_text():
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    image = Image.new("RGBA", (20, 10), (0, 100, 200, 128))
    info = PngInfo()
    info.add_text("Author", "Sanne de Vries")
    info.add_text("Comment", "gemaakt thuis in Maastricht")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1"/></svg>'


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)
