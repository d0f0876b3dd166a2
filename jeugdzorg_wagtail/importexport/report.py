"""What an import reports: a row per page or term, and the errors by row and column."""

import dataclasses
from collections import Counter

from django.core.exceptions import NON_FIELD_ERRORS

__all__ = ["NEW", "SKIP", "UPDATE", "ImportReport", "RowError", "RowReport", "error_messages"]


NEW, UPDATE, SKIP = "new", "update", "skip"


@dataclasses.dataclass
class RowError:
    """One error: the row as a spreadsheet numbers it (header = 1; 0 for the whole file)."""

    row: int
    column: str
    message: str


@dataclasses.dataclass
class RowReport:
    row: int
    import_type: str  # "new", "update" or "skip"
    key: str
    values: list


@dataclasses.dataclass
class ImportReport:
    rows: list = dataclasses.field(default_factory=list)
    errors: list = dataclasses.field(default_factory=list)
    created_terms: list = dataclasses.field(default_factory=list)

    @property
    def totals(self):
        counts = Counter(row.import_type for row in self.rows)
        return {"new": counts[NEW], "update": counts[UPDATE], "skip": counts[SKIP]}

    @property
    def ok(self):
        return not self.errors

    def error(self, row, column, message):
        self.errors.append(RowError(row, column or "", str(message)))


def error_messages(error):
    """(field, message) pairs of a ValidationError."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                yield ("" if field == NON_FIELD_ERRORS else field), message
    else:
        for message in error.messages:
            yield "", message
