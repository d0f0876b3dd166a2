"""The personal data the package holds, by source.

The management commands ``jeugdzorg_personal_data`` (access and erasure for one e-mail
address) and ``jeugdzorg_purge_submissions`` (anonymising what is past its retention period)
ask every registered :class:`PersonalDataSource`. A feature that stores personal data
registers a source in a module the app imports when it is ready, and the commands need no
change.
"""

from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "PERSONAL_DATA_PERMISSION",
    "PersonalDataSource",
    "can_view_personal_data",
    "register",
    "sources",
]

#: The permission to see who sent or registered: names, e-mail addresses, answers.
PERSONAL_DATA_PERMISSION = "jeugdzorg_wagtail.view_personal_data"


def can_view_personal_data(user):
    """Whether ``user`` may see personal data (submissions' senders, registrations)."""
    return bool(user and user.is_active and user.has_perm(PERSONAL_DATA_PERMISSION))


@dataclass(frozen=True)
class PersonalDataSource:
    """One kind of record that holds personal data.

    * ``key``: the name of its part in the access report (JSON);
    * ``report(email)``: what is held about an address, as a list of JSON values;
    * ``erase(email, user)``: delete what is held about an address; returns a line saying what
      was erased (``None``: the source is only reported, editors change it by hand);
    * ``record_access(email, entries, user)``: keep a record that an access request was
      answered with ``entries`` (its part of the report);
    * ``purge(now, dry_run, write)``: anonymise what is past its retention period at ``now``
      (with ``dry_run`` only say so), writing one line per record and a summary with
      ``write``.
    """

    key: str
    report: Callable
    erase: Callable | None = None
    record_access: Callable | None = None
    purge: Callable | None = None


_sources = {}


def register(source):
    """Add ``source`` (or replace the source with the same key); returns it."""
    _sources[source.key] = source
    return source


def sources():
    """The registered sources, in the order they were first registered."""
    return list(_sources.values())
