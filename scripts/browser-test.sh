#!/usr/bin/env bash
# Browser tests: the example site served on 127.0.0.1, driven by Playwright in Debian's
# headless Chromium, with axe-core (from npm) checking WCAG 2.1 A/AA on each page.
# Installs Chromium (apt-get), Playwright (pip) and axe-core (npm) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Chromium (Debian package)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
if ! "$VENV/bin/python" -c "import playwright" 2>/dev/null; then
  "$VENV/bin/pip" install --quiet -e ".[test,browser]"
fi
if [ ! -f .browser-deps/node_modules/axe-core/axe.min.js ]; then
  mkdir -p .browser-deps
  (cd .browser-deps && npm install --silent --no-audit --no-fund --prefix . axe-core@4 >/dev/null)
fi
export CHROMIUM_PATH=${CHROMIUM_PATH:-$(command -v chromium)}
export AXE_PATH=$PWD/.browser-deps/node_modules/axe-core/axe.min.js
export SCREENSHOT_DIR=${SCREENSHOT_DIR:-$PWD/artifacts/screenshots}
mkdir -p "$SCREENSHOT_DIR"
"$VENV/bin/pytest" -m browser tests/browser -p no:cacheprovider --timeout=900 "$@"
