#!/usr/bin/env bash
# Makes sure the browser tests can run: Debian's Chromium, Korean and emoji fonts, and playwright-core from npm.
# Run by the Maven build before the browser tests; installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")"

# Without a colour emoji font Chromium draws emoji as empty boxes (in the screenshots too).
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi nanum \
    || ! fc-list 2>/dev/null | grep -qi 'noto color emoji'; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "The browser tests need Debian's chromium and fonts: sudo apt-get install -y chromium fonts-nanum fonts-noto-color-emoji" >&2
    exit 1
  fi
  echo "Installing chromium, fonts-nanum and fonts-noto-color-emoji from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-nanum fonts-noto-color-emoji >/dev/null
fi

if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund
fi
