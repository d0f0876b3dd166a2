#!/usr/bin/env bash
# Builds the wheel and sdist, checks what they carry, installs the wheel into a fresh venv with
# a fresh `wagtail start` site, applies only the documented installation steps, migrates and
# renders the home page and the admin login page.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

rm -rf dist
"$VENV/bin/pip" install --quiet build twine
"$VENV/bin/python" -m build --outdir dist . >/dev/null
"$VENV/bin/twine" check --strict dist/*

WHEEL=$(ls dist/*.whl)
SDIST=$(ls dist/*.tar.gz)
"$VENV/bin/python" - "$WHEEL" "$SDIST" <<'PY'
import sys, tarfile, zipfile
wheel = set(zipfile.ZipFile(sys.argv[1]).namelist())
sdist = set(n.split("/", 1)[1] for n in tarfile.open(sys.argv[2]).getnames() if "/" in n)
need = [
    "jeugdzorg_wagtail/templates/jeugdzorg_wagtail/event_page.html",
    "jeugdzorg_wagtail/static/jeugdzorg_wagtail/css/jeugdzorg.css",
    "jeugdzorg_wagtail/locale/nl/LC_MESSAGES/django.po",
    "jeugdzorg_wagtail/locale/nl/LC_MESSAGES/django.mo",
    "jeugdzorg_wagtail/locale/en/LC_MESSAGES/django.mo",
    "jeugdzorg_wagtail/migrations/0001_initial.py",
    "jeugdzorg_wagtail/management/commands/jeugdzorg_demo.py",
]
missing = [n for n in need if n not in wheel] + [f"sdist:{n}" for n in need if n not in sdist]
leaked = [n for n in wheel if n.startswith(("tests/", "example_site/", "benchmarks/"))]
if missing or leaked:
    sys.exit(f"wheel/sdist problem: missing={missing} leaked={leaked}")
print(f"wheel carries {len(wheel)} files; sdist {len(sdist)}")
PY

WORK=$(mktemp -d /tmp/jw-wheel.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --upgrade pip
"$WORK/venv/bin/pip" install --quiet "$WHEEL"
mkdir "$WORK/site"
(cd "$WORK/site" && "$WORK/venv/bin/wagtail" start mysite . >/dev/null)

# The contract's installation step 2, and nothing else.
"$WORK/venv/bin/python" - "$WORK/site/mysite/settings/base.py" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
apps = ['"jeugdzorg_wagtail"', '"wagtail.contrib.routable_page"', '"wagtail.contrib.settings"',
        '"wagtail_modeladmin"', '"import_export"']
text, n = re.subn(r"INSTALLED_APPS = \[\n", "INSTALLED_APPS = [\n" + "".join(f"    {a},\n" for a in apps), text, count=1)
assert n == 1, "INSTALLED_APPS not found"
open(path, "w").write(text)
PY

cd "$WORK/site"
"$WORK/venv/bin/python" manage.py migrate --no-input >/dev/null
"$WORK/venv/bin/python" manage.py check
"$WORK/venv/bin/python" manage.py shell -c '
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
c = Client()
for url in ["/", "/admin/login/"]:
    r = c.get(url, HTTP_HOST="localhost")
    print(url, r.status_code)
    assert r.status_code == 200, (url, r.status_code)
from wagtail.models import Site
from jeugdzorg_wagtail.models import EventIndexPage
home = Site.objects.get(is_default_site=True).root_page
agenda = EventIndexPage(title="Agenda", slug="agenda")
home.add_child(instance=agenda)
agenda.save_revision().publish()
r = c.get("/agenda/", HTTP_HOST="localhost")
print("/agenda/", r.status_code)
assert r.status_code == 200
'
echo "Wheel works in a fresh wagtail start site."
