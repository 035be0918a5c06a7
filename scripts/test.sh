#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine, then runs all tests.
# Chromium comes from Debian (Playwright's own browser download is not used); axe-core and
# scorm-again come from npm at the versions pinned in package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq chromium fonts-dejavu-core fonts-liberation >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test]"
npm ci --no-audit --no-fund --loglevel=error

exec .venv/bin/python -m pytest -n 2 --dist loadgroup "$@"
