"""The distributions carry the whole package: the wheel built from the repository and the wheel
built from the sdist hold every file of ``jeugdzorg_wagtail/``, the same in both."""

import importlib.util
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_check_dist():
    spec = importlib.util.spec_from_file_location("check_dist", ROOT / "scripts" / "check_dist.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_dist = load_check_dist()


def build(source, outdir, kind):
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", f"--{kind}", "--outdir", outdir, source],
        check=True,
        capture_output=True,
    )
    (found,) = Path(outdir).glob("*.whl" if kind == "wheel" else "*.tar.gz")
    return found


def repository_copy(target):
    """The tracked files of the repository (a build writes into its source folder)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def wheels(tmp_path_factory):
    """``(wheel built from the repository, wheel built from the sdist, sdist)``."""
    work = tmp_path_factory.mktemp("dist")
    source = repository_copy(work / "source")
    direct = build(source, work / "direct", "wheel")
    sdist = build(source, work / "sdist", "sdist")
    with tarfile.open(sdist) as archive:
        archive.extractall(work / "unpacked", filter="data")
    (unpacked,) = (work / "unpacked").iterdir()
    from_sdist = build(unpacked, work / "from-sdist", "wheel")
    return direct, from_sdist, sdist


def test_the_wheel_carries_every_file_of_the_package(wheels):
    direct, from_sdist, _sdist = wheels
    assert check_dist.problems(direct, from_sdist, root=ROOT) == []
    names = zipfile.ZipFile(direct).namelist()
    for expected in [
        "jeugdzorg_wagtail/templates/jeugdzorg_wagtail/emails/call_submission_confirmation.txt",
        "jeugdzorg_wagtail/templates/jeugdzorg_wagtail/emails/call_submission_notice.txt",
        "jeugdzorg_wagtail/templates/jeugdzorg_wagtail/event_page.html",
        "jeugdzorg_wagtail/static/jeugdzorg_wagtail/css/jeugdzorg.css",
        "jeugdzorg_wagtail/locale/nl/LC_MESSAGES/django.po",
        "jeugdzorg_wagtail/locale/nl/LC_MESSAGES/django.mo",
        "jeugdzorg_wagtail/locale/en/LC_MESSAGES/django.mo",
        "jeugdzorg_wagtail/migrations/0001_initial.py",
    ]:
        assert expected in names


def test_the_wheel_carries_files_of_every_extension_the_package_has(wheels):
    direct, _from_sdist, _sdist = wheels
    in_wheel = {
        Path(name).suffix
        for name in zipfile.ZipFile(direct).namelist()
        if name.startswith("jeugdzorg_wagtail/")
    }
    in_tree = {Path(name).suffix for name in check_dist.package_files(ROOT)}
    assert {".txt", ".html", ".css", ".js", ".po", ".mo", ".py"} <= in_tree
    assert in_tree <= in_wheel


def test_nothing_but_the_package_is_distributed(wheels):
    direct, _from_sdist, sdist = wheels
    for name in zipfile.ZipFile(direct).namelist():
        assert name.startswith("jeugdzorg_wagtail/") or ".dist-info/" in name, name
    with tarfile.open(sdist) as archive:
        top_folders = {name.split("/")[1] for name in archive.getnames() if name.count("/") >= 2}
    assert "jeugdzorg_wagtail" in top_folders
    assert not top_folders & {"tests", "example_site", "benchmarks", "docs", ".venv", ".git"}


def test_the_check_names_a_missing_file_and_a_difference():
    tree = check_dist.package_files(ROOT)
    template = "jeugdzorg_wagtail/templates/jeugdzorg_wagtail/emails/call_submission_notice.txt"
    assert template in tree
    missing, extra = check_dist.compare_with_tree(tree - {template}, tree)
    assert (missing, extra) == ([template], [])
    missing, extra = check_dist.compare_with_tree(tree | {"jeugdzorg_wagtail/stray.bak"}, tree)
    assert (missing, extra) == ([], ["jeugdzorg_wagtail/stray.bak"])
    assert check_dist.compare_wheels({"a": "1", "b": "2"}, {"a": "1", "b": "3", "c": "4"}) == [
        "b",
        "c",
    ]
