"""Fill Dutch translations into the catalogue from a JSON file of {msgid: msgstr}.

    python scripts/po_fill.py translations.json

Entries already translated are left alone unless --force is given.
"""

import json
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "jeugdzorg_wagtail/locale/nl/LC_MESSAGES/django.po"


def clear_fuzzy():
    """Turn fuzzy guesses of msgmerge into untranslated entries (for both languages)."""
    for lang in ("nl", "en"):
        path = PO.parent.parent.parent / lang / "LC_MESSAGES" / "django.po"
        po = polib.pofile(str(path), wrapwidth=0)
        for entry in po.fuzzy_entries():
            if entry.msgid == "":
                continue
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            entry.msgstr = ""
            if entry.msgid_plural:
                entry.msgstr_plural = {0: "", 1: ""}
        po.save()


def main(argv):
    if "--clear-fuzzy" in argv:
        clear_fuzzy()
        return
    force = "--force" in argv
    files = [a for a in argv if not a.startswith("--")]
    mapping = {}
    for f in files:
        mapping.update(json.loads(Path(f).read_text(encoding="utf-8")))
    po = polib.pofile(str(PO), wrapwidth=0)
    filled = 0
    for entry in po:
        if entry.msgid in mapping and (force or not entry.msgstr or "fuzzy" in entry.flags):
            value = mapping[entry.msgid]
            if entry.msgid_plural:
                entry.msgstr_plural = {0: value[0], 1: value[1]}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            filled += 1
    po.save()
    left = [e.msgid for e in po.untranslated_entries()]
    print(f"filled {filled}; untranslated left: {len(left)}")
    for msgid in left:
        print("  ", repr(msgid))


if __name__ == "__main__":
    main(sys.argv[1:])
