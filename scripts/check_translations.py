"""Fails when the Dutch or English catalogue has an untranslated or fuzzy entry, or a stale .mo."""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "jeugdzorg_wagtail" / "locale"


def catalogue_problems():
    problems = []
    for lang in ("nl", "en"):
        po_path = LOCALE / lang / "LC_MESSAGES" / "django.po"
        mo_path = po_path.with_suffix(".mo")
        po = polib.pofile(str(po_path))
        problems += [f"{lang}: untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
        problems += [f"{lang}: fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
        if not mo_path.exists():
            problems.append(f"{lang}: no compiled {mo_path.name}")
        else:
            mo = polib.mofile(str(mo_path))
            compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}
            for e in po.translated_entries():
                if e.msgid_plural:
                    continue
                if compiled.get((e.msgctxt, e.msgid)) != e.msgstr:
                    problems.append(f"{lang}: .mo is out of date for {e.msgid!r}")
                    break
    return problems


def main():
    problems = catalogue_problems()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print("Translations complete: nl, en.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
