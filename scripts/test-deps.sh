#!/usr/bin/env bash
# Checks the system programs that only the test suite needs, and installs the missing ones where
# it can (Debian, root), with one `apt-get update`. `make test` calls it; `make run` does not.
#   /usr/bin/chromium      Debian's Chromium, driven by Playwright (never a browser of its own)
#   java (11 or newer)     runs the Nu Html Checker (tests/.node/node_modules/vnu-jar)
#   msgmerge, msgfmt       gettext, to check the PO files
#   pdftoppm               poppler-utils, PDF pages to PNG
#   npm                    installs axe-core and vnu-jar into tests/.node
# Quiet when everything is there. Prints one line per missing piece and exits 1 when something
# is still missing.
set -euo pipefail

java_ok() {
  # `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15` (or "1.8.0_x" for 8).
  local line major minor
  line=$(java -version 2>&1 | grep -m 1 " version ") || return 1
  read -r major minor < <(sed -E 's/^[^"]*"([0-9]+)(\.([0-9]+))?.*$/\1 \3/' <<<"$line")
  [[ "$major" =~ ^[0-9]+$ ]] || return 1
  if ((major == 1)); then major=${minor:-0}; fi
  ((major >= 11))
}

# One line per gap: "PACKAGE<TAB>what is missing".
missing() {
  [[ -x /usr/bin/chromium ]] || printf 'chromium\t/usr/bin/chromium\n'
  java_ok || printf 'default-jre-headless\tjava 11 or newer (java -version)\n'
  command -v msgmerge >/dev/null 2>&1 || printf 'gettext\tmsgmerge\n'
  command -v msgfmt >/dev/null 2>&1 || printf 'gettext\tmsgfmt\n'
  command -v pdftoppm >/dev/null 2>&1 || printf 'poppler-utils\tpdftoppm\n'
  command -v npm >/dev/null 2>&1 || printf 'npm\tnpm\n'
  return 0
}

gaps=$(missing)
if [[ -z "$gaps" ]]; then
  exit 0
fi
packages=$(cut -f1 <<<"$gaps" | sort -u | paste -sd ' ' -)
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "installing test-only system packages: $packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  # shellcheck disable=SC2086  # one word per package
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends $packages; } >"$log" 2>&1
  then
    tail -n 20 "$log" >&2
  fi
  rm -f "$log"
  gaps=$(missing)
fi
if [[ -n "$gaps" ]]; then
  echo "Pressroom's tests need these and could not install them:" >&2
  cut -f2 <<<"$gaps" | sed 's/^/  - /' >&2
  echo "On Debian/Ubuntu: sudo apt-get install $(cut -f1 <<<"$gaps" | sort -u | paste -sd ' ' -)" >&2
  exit 1
fi
