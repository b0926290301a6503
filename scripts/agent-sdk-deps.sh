#!/usr/bin/env bash
# Installs what tests/agent_sdk needs to run Cisco's agent SDK against the sandbox:
#   - Debian's chromium (headless, for the browser pass) when /usr/bin/chromium is missing;
#   - the npm packages of tests/agent_sdk/package.json into .cache/agent-sdk/node_modules
#     (ignored by git; reused by later runs while package.json is unchanged).
# Exits 0 even when something cannot be installed: the test then skips with the reason.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--npm-only" ] && [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1; }) \
      || echo "WARNING: chromium could not be installed; the browser pass of the agent SDK test will skip" >&2
  else
    echo "WARNING: no /usr/bin/chromium and no root apt-get; the browser pass of the agent SDK test will skip" >&2
  fi
fi
if command -v npm >/dev/null 2>&1; then
  dest=.cache/agent-sdk
  mkdir -p "$dest"
  if ! cmp -s tests/agent_sdk/package-lock.json "$dest/package-lock.json" || [ ! -d "$dest/node_modules/@webex/contact-center" ]; then
    cp tests/agent_sdk/package.json "$dest/package.json"
    [ -f tests/agent_sdk/package-lock.json ] && cp tests/agent_sdk/package-lock.json "$dest/package-lock.json"
    (cd "$dest" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
      || echo "WARNING: npm install failed; the agent SDK test will skip" >&2
  fi
else
  echo "WARNING: npm not found; the agent SDK test will skip" >&2
fi
exit 0
