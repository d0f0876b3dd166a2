#!/usr/bin/env bash
# Builds the wheel and sdist, checks that they carry every file of the package, installs the
# wheel into a fresh venv with a fresh `wagtail start` site, applies only the documented
# installation steps, migrates, loads the demo content and runs scripts/wheel_smoke_checks.py
# (pages, the call form and its e-mails, a download, the feeds).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
DOC=$PWD/docs/installation.md

# --- The documented installation, applied literally ----------------------------------------------
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

# ------------------------------------------------------------------------------------------------

# A stale egg-info or build folder would carry files into the build that the sources no longer
# name: build from a clean tree.
rm -rf dist build jeugdzorg_wagtail.egg-info
"$VENV/bin/pip" install --quiet build twine
"$VENV/bin/python" -m build --outdir dist . >/dev/null
"$VENV/bin/twine" check --strict dist/*.whl dist/*.tar.gz

WHEEL=$(ls dist/*.whl)
# `python -m build` built that wheel from the sdist; build one straight from the tree too: the
# two must be the same, and hold every file of the package.
"$VENV/bin/python" -m build --wheel --outdir dist/from-tree . >/dev/null
"$VENV/bin/python" scripts/check_dist.py dist/from-tree/*.whl "$WHEEL"

WORK=$(mktemp -d /tmp/jw-wheel.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --upgrade pip
"$WORK/venv/bin/pip" install --quiet "$WHEEL"
mkdir "$WORK/site"
(cd "$WORK/site" && "$WORK/venv/bin/wagtail" start mysite . >/dev/null)

# The documented installation step 2 (see apply_installation_doc above), and nothing else.
apply_installation_doc "$WORK/site/mysite/settings/base.py"

REPO=$PWD
cd "$WORK/site"
"$WORK/venv/bin/python" manage.py migrate --no-input >/dev/null
"$WORK/venv/bin/python" manage.py check
"$WORK/venv/bin/python" manage.py jeugdzorg_demo >/dev/null
# A visitor's ways through the site: pages, the call form and its e-mails, a download, feeds.
"$WORK/venv/bin/python" "$REPO/scripts/wheel_smoke_checks.py"
echo "Wheel works in a fresh wagtail start site."
