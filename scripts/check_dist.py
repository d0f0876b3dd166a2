"""Checks that the built distributions carry the whole package.

    python scripts/check_dist.py WHEEL [WHEEL_FROM_SDIST]

The wheel must hold every file of the package folder ``jeugdzorg_wagtail/`` as it is in the
repository (modules, migrations, templates of every extension, static files, ``.po`` and
``.mo``, demo files), and nothing else under that folder. With a second wheel (built from the
sdist), both must hold the same files with the same contents. Exits non-zero and names what
differs.
"""

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "jeugdzorg_wagtail"
# Files a checkout may hold that are no part of the package.
IGNORED_PARTS = {"__pycache__", ".DS_Store"}
IGNORED_SUFFIXES = {".pyc", ".pyo", ".swp"}


def package_files(root=ROOT):
    """The package's files (paths relative to ``root``, with ``/``).

    In a git checkout the files git tracks, so that a stray local file does not count; else
    every file under the package folder except byte code and editor leftovers.
    """
    root = Path(root)
    try:
        listed = subprocess.run(  # noqa: S603 (fixed arguments)
            ["git", "ls-files", "-z", "--", PACKAGE],  # noqa: S607 (git from PATH)
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        listed = ""
    if listed:
        names = [name for name in listed.split("\0") if name]
        return {name for name in names if (root / name).is_file()}
    return {
        path.relative_to(root).as_posix()
        for path in (root / PACKAGE).rglob("*")
        if path.is_file()
        and not IGNORED_PARTS & set(path.parts)
        and path.suffix not in IGNORED_SUFFIXES
    }


def wheel_contents(wheel):
    """``{name: sha256}`` of every file in the wheel."""
    with zipfile.ZipFile(wheel) as archive:
        return {
            info.filename: hashlib.sha256(archive.read(info)).hexdigest()
            for info in archive.infolist()
            if not info.is_dir()
        }


def compare_with_tree(wheel_names, tree_names):
    """``(missing, extra)``: package files the wheel lacks, and package-folder files in the
    wheel that are not in the tree."""
    in_wheel = {name for name in wheel_names if name.startswith(PACKAGE + "/")}
    return sorted(set(tree_names) - in_wheel), sorted(in_wheel - set(tree_names))


def compare_wheels(first, second):
    """Names of the files that only one of two ``{name: sha256}`` holds or that differ."""
    names = set(first) | set(second)
    return sorted(name for name in names if first.get(name) != second.get(name))


def problems(wheel, wheel_from_sdist=None, root=ROOT):
    """Every problem found, as lines of text (empty: all is well)."""
    contents = wheel_contents(wheel)
    missing, extra = compare_with_tree(contents, package_files(root))
    lines = [f"not in the wheel: {name}" for name in missing]
    lines += [f"in the wheel but not in the package: {name}" for name in extra]
    lines += [
        f"outside the package in the wheel: {name}"
        for name in contents
        if not name.startswith(PACKAGE + "/") and not name.split("/")[0].endswith(".dist-info")
    ]
    if wheel_from_sdist is not None:
        lines += [
            f"differs between the wheel and the one built from the sdist: {name}"
            for name in compare_wheels(contents, wheel_contents(wheel_from_sdist))
        ]
    return lines


def main(argv):
    if not 1 <= len(argv) <= 2:
        sys.exit(__doc__)
    found = problems(*argv)
    if found:
        print("\n".join(found), file=sys.stderr)
        sys.exit(f"{len(found)} problem(s) with {argv[0]}")
    count = sum(1 for name in wheel_contents(argv[0]) if name.startswith(PACKAGE + "/"))
    also = " and the wheel built from the sdist is the same" if len(argv) == 2 else ""
    print(f"The wheel carries all {count} files of the package{also}.")


if __name__ == "__main__":
    main(sys.argv[1:])
