#!/usr/bin/env bash
# Makes sure the browser tests can run: Debian's Chromium, Korean fonts, and playwright-core from npm.
# Run by the Maven build before the browser tests; installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi nanum; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "The browser tests need Debian's chromium and fonts-nanum: sudo apt-get install -y chromium fonts-nanum" >&2
    exit 1
  fi
  echo "Installing chromium and fonts-nanum from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-nanum >/dev/null
fi

if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund
fi
