#!/usr/bin/env bash
# Debian's Chromium for the dashboard test (test/dashboard.e2e.test.ts drives it through puppeteer-core).
# Idempotent: does nothing when a Chromium is already there. CHROMIUM_PATH names another binary.
set -euo pipefail
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "install-chromium: no Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium}; run as root, or apt-get install chromium, or set CHROMIUM_PATH" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
echo "installed $(chromium --version 2>/dev/null)"
