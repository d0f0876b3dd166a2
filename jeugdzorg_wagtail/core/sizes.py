"""File sizes in the reader's language: ``1,01 MB`` in Dutch, ``1.01 MB`` in English.

Django's ``filesizeformat`` rounds to one decimal ("1,0 MB"); visitors deciding whether to
download slides on a phone are better served by two. Units are binary (1 kB = 1024 bytes),
as file managers show them; the decimal separator follows the active language.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

KB = 1024
MB = KB * 1024
GB = MB * 1024

#: (unit size, decimals) from the largest unit down.
UNITS = [(GB, 2), (MB, 2), (KB, 0)]


def _rounded(size, unit, decimals):
    exponent = Decimal(1).scaleb(-decimals)
    return (Decimal(size) / Decimal(unit)).quantize(exponent, rounding=ROUND_HALF_UP)


def format_file_size(size):
    """``size`` (bytes) as text in the active language, or ``""`` when unknown.

    Under 1 kB in bytes; in kB without decimals; in MB and GB with two decimals. A value
    that rounds up to 1024 of a unit is given in the next unit ("1,00 MB", not "1024 kB").
    """
    if size is None or size == "":
        return ""
    try:
        size = int(size)
    except (TypeError, ValueError):
        return ""
    if size < 0:
        return ""
    if size < KB:
        return ngettext("%(size)s byte", "%(size)s bytes", size) % {"size": size}
    names = {GB: gettext("GB"), MB: gettext("MB"), KB: gettext("kB")}
    for index, (unit, decimals) in enumerate(UNITS):
        if size < unit:
            continue
        value = _rounded(size, unit, decimals)
        if value >= 1024 and index > 0:
            bigger, bigger_decimals = UNITS[index - 1]
            unit, value = bigger, _rounded(size, bigger, bigger_decimals)
            decimals = bigger_decimals
        text = number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
        return f"{text} {names[unit]}"
    return ""  # pragma: no cover (size >= KB always matches a unit)
