#!/usr/bin/env bash
# Builds the wheel and sdist, checks what they carry, installs the wheel into a fresh venv with
# a fresh `wagtail start` site, applies only the documented installation steps, migrates,
# renders the home page and the admin login page, and loads the demo content to check that the
# package's pages look right inside wagtail start's own base.html.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
DOC=$PWD/docs/installation.md

# --- The documented installation, applied literally, and what a visitor of it sees -------------
# apply_installation_doc <settings file>: step 2 of docs/installation.md as written there. The
# apps listed under "# jeugdzorg-wagtail and the apps it builds on:" in its INSTALLED_APPS block
# go right after the line above that comment ("search"); nothing else changes.
apply_installation_doc() {
  "$VENV/bin/python" - "$DOC" "$1" <<'PY'
import re, sys
doc, settings = (open(p).read() for p in sys.argv[1:])
found = re.search(r"```python\n( *INSTALLED_APPS = \[\n.*?)```", doc, re.S)
assert found, "no INSTALLED_APPS block in docs/installation.md"
block = found[1].splitlines()
start = next(i for i, line in enumerate(block) if "# jeugdzorg-wagtail" in line)
anchor, apps = block[start - 1].strip(), []
for line in block[start + 1 :]:
    if line.strip().startswith("#"):
        break
    apps.append(line.strip())
assert apps and anchor == '"search",', (anchor, apps)
line = "    " + anchor + "\n"
assert settings.count(line) == 1, f"{anchor} is not in the settings of wagtail start"
settings = settings.replace(line, line + "".join(f"    {app}\n" for app in apps))
open(sys.argv[2], "w").write(settings)
print("INSTALLED_APPS as docs/installation.md says:", " ".join(apps))
PY
}

# check_documented_site: in the fresh site after the documented steps, the demo content (which
# docs/installation.md offers) renders inside wagtail start's own base.html: the package's
# stylesheet in <head>, <meta name="robots" content="noindex"> in the head of a call's thanks/
# page, and the agenda's feed as <link rel="alternate" type="text/calendar"> in the agenda's
# head, at an address that answers with the calendar.
check_documented_site() {
  "$WORK/venv/bin/python" manage.py jeugdzorg_demo >/dev/null
  "$WORK/venv/bin/python" manage.py shell -c '
import re
from django.test import Client
from django.test.utils import setup_test_environment
from jeugdzorg_wagtail.models import CallForParticipationPage
setup_test_environment()
client = Client(HTTP_HOST="localhost")

def head(url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    return html[: html.index("</head>")]

call = next(page for page in CallForParticipationPage.objects.live() if page.is_open())
for url in ["/agenda/", "/praktijkvoorbeelden/", "/presentaties/", call.url]:
    assert "jeugdzorg_wagtail/css/jeugdzorg.css" in head(url), url + ": no stylesheet in <head>"
noindex = "<meta name=\"robots\" content=\"noindex\">"
assert noindex in head(call.url + "thanks/"), "thanks/: no noindex in <head>"
link = r"<link rel=\"alternate\" type=\"text/calendar\" href=\"([^\"]+)\""
feed = re.search(link, head("/agenda/"))
assert feed, "/agenda/: no alternate link to the calendar feed in <head>"
response = client.get(feed[1])
assert response.status_code == 200, (feed[1], response.status_code)
assert response["Content-Type"].startswith("text/calendar"), response["Content-Type"]
print("Documented site: stylesheet in <head>, noindex on thanks/, feed linked from /agenda/.")
'
}
# ------------------------------------------------------------------------------------------------

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

# The documented installation step 2 (see apply_installation_doc above), and nothing else.
apply_installation_doc "$WORK/site/mysite/settings/base.py"

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
check_documented_site
echo "Wheel works in a fresh wagtail start site."
