#!/usr/bin/env bash
# Builds the wheel and sdist, checks that they carry every file of the package, installs the
# wheel into a fresh venv with a fresh `wagtail start` site, applies only the documented
# installation steps, migrates, loads the demo content and runs scripts/wheel_smoke_checks.py
# (pages, the call form and its e-mails, a download, the feeds).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

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

REPO=$PWD
cd "$WORK/site"
"$WORK/venv/bin/python" manage.py migrate --no-input >/dev/null
"$WORK/venv/bin/python" manage.py check
"$WORK/venv/bin/python" manage.py jeugdzorg_demo >/dev/null
# A visitor's ways through the site: pages, the call form and its e-mails, a download, feeds.
"$WORK/venv/bin/python" "$REPO/scripts/wheel_smoke_checks.py"
echo "Wheel works in a fresh wagtail start site."
