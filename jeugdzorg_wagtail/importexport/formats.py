"""Reading uploaded spreadsheets and writing exports.

Uploads are read into a :class:`tablib.Dataset` by our own readers rather than tablib's, so that
encodings, formulas and files that are not spreadsheets get a clear message instead of a
traceback. Exports escape spreadsheet formulas in every text cell (CSV and XLSX).
"""

import csv
import io
import json
import zipfile

import tablib
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

__all__ = [
    "DANGEROUS_PREFIXES",
    "EXPORT_FORMATS",
    "ImportFileError",
    "decode_text",
    "escape_formula",
    "export_dataset",
    "read_upload",
    "unescape_formula",
]

#: A text cell starting with one of these is read as a formula by spreadsheet programs.
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: format name: (content type, file extension)
EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json", "json"),
}

_BINARY_SIGNATURES = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\xd0\xcf\x11\xe0",  # old .xls / .doc (OLE2)
    b"\x1f\x8b",  # gzip
    b"{\\rtf",
)


class ImportFileError(Exception):
    """The uploaded file cannot be read; the message says why, for the editor."""


def escape_formula(value):
    """Prefix a single quote to a text value a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def unescape_formula(value):
    """Undo :func:`escape_formula`, so that an exported file imports to the same values."""
    if (
        isinstance(value, str)
        and value.startswith("'")
        and value[1:2]
        and (value[1:].startswith(DANGEROUS_PREFIXES))
    ):
        return value[1:]
    return value


def _escaped(dataset):
    escaped = tablib.Dataset(headers=dataset.headers)
    for row in dataset:
        escaped.append([escape_formula(value) for value in row])
    return escaped


def export_dataset(dataset, fmt):
    """The bytes of ``dataset`` in ``fmt`` (``csv``, ``xlsx`` or ``json``).

    CSV and XLSX get every dangerous text cell escaped; JSON is data, not a spreadsheet, and
    keeps the values as they are.
    """
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        data = _escaped(dataset)
        writer.writerow(data.headers)
        writer.writerows(("" if v is None else v for v in row) for row in data)
        # With a BOM, Excel opens the file as UTF-8.
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    if fmt == "xlsx":
        openpyxl = _openpyxl()
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet()
        data = _escaped(dataset)
        sheet.append(list(data.headers))
        for row in data:
            cells = []
            for value in row:
                if isinstance(value, str):
                    # Write text as text: openpyxl would store "=..." as a formula.
                    cell = openpyxl.cell.WriteOnlyCell(sheet, value=value)
                    cell.data_type = "s"
                    cells.append(cell)
                else:
                    cells.append(value)
            sheet.append(cells)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    if fmt == "json":
        return json.dumps(dataset.dict, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode(
            "utf-8"
        )
    raise ValueError(fmt)


def decode_text(data):
    """Decode CSV bytes: UTF-8 (with or without BOM) or Windows-1252; refuse anything else."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as error:
            raise ImportFileError(
                _("The file says it is UTF-8 but is not valid UTF-8 (byte %(pos)s).")
                % {"pos": error.start + 3}
            ) from error
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise ImportFileError(_refused("UTF-32"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(_refused("UTF-16"))
    if b"\x00" in data[:4096]:
        # Text with NUL bytes between the letters is UTF-16 (or UTF-32) without a BOM.
        sample = data[:4096]
        if sample.count(b"\x00") * 4 >= len(sample) and sample[:4].count(b"\x00") in (1, 2, 3):
            raise ImportFileError(_refused("UTF-16"))
        raise ImportFileError(_not_a_spreadsheet())
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "The file is neither UTF-8 nor Windows-1252 text (byte %(pos)s cannot be read). "
                "Save it as “CSV UTF-8” and try again."
            )
            % {"pos": error.start}
        ) from error


def _refused(encoding):
    return _(
        "The file is encoded as %(encoding)s, which cannot be imported. "
        "Save it as “CSV UTF-8” (or as an Excel workbook) and try again."
    ) % {"encoding": encoding}


def _not_a_spreadsheet():
    return _("This file is not a spreadsheet. Upload a CSV file or an Excel workbook (.xlsx).")


def _clean_headers(headers):
    return [str(h or "").strip().lower() for h in headers]


def _read_csv(data):
    text = decode_text(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportFileError(_not_a_spreadsheet()) from error
    return rows


def _read_xlsx(data):
    try:
        workbook = _openpyxl().load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # noqa: BLE001 - any failure means: not a workbook we can read
        raise ImportFileError(_not_a_spreadsheet()) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows():
            values = []
            for cell in row:
                if getattr(cell, "data_type", None) == "f" or (
                    isinstance(cell.value, str)
                    and cell.value.startswith("=")
                    and getattr(cell, "data_type", None) != "s"
                ):
                    raise ImportFileError(
                        _(
                            "Cell %(cell)s holds a formula. Replace formulas by their values "
                            "(copy, then paste as values) and try again."
                        )
                        % {"cell": cell.coordinate}
                    )
                values.append(cell.value)
            rows.append(values)
    finally:
        workbook.close()
    return rows


def read_upload(data, filename=""):
    """Read an uploaded file into a :class:`tablib.Dataset` with lower-case headers.

    Raises :class:`ImportFileError` with a message for the editor when the file is not a CSV
    file or an XLSX workbook, is in an encoding other than UTF-8 or Windows-1252, or holds
    formulas, or has no rows below its headings. Empty rows are dropped; every value is a
    string, a number, a date or ``None``.
    """
    if not data:
        raise ImportFileError(_("The file is empty."))
    name = (filename or "").lower()
    if data.startswith(b"PK\x03\x04"):
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise ImportFileError(_not_a_spreadsheet())
        rows = _read_xlsx(data)
    elif name.endswith((".xlsx", ".xlsm")) or data.startswith(_BINARY_SIGNATURES):
        raise ImportFileError(_not_a_spreadsheet())
    else:
        rows = _read_csv(data)
    numbered = [
        (number, row)
        for number, row in enumerate(rows, start=1)
        if any(v is not None and str(v).strip() for v in row)
    ]
    if not numbered:
        raise ImportFileError(_("The file has no rows."))
    headers = _clean_headers(numbered[0][1])
    width = len(headers)
    dataset = tablib.Dataset(headers=headers)
    # The number of each data row in the file as a spreadsheet program shows it (header = 1).
    dataset.row_numbers = []
    for number, row in numbered[1:]:
        row = list(row)[:width] + [None] * (width - len(row))
        dataset.append([unescape_formula(v) for v in row])
        dataset.row_numbers.append(number)
    if not dataset.row_numbers:
        raise ImportFileError(
            _("The file has column headings but no rows: there is nothing to import.")
        )
    return dataset


def _openpyxl():
    """openpyxl, imported on first use."""
    import openpyxl  # lazy: its import takes 0.16 s, and only xlsx needs it

    return openpyxl
