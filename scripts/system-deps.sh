#!/usr/bin/env bash
# Checks what Pressroom needs from the system, and installs it where it can (Debian, root):
# Pango for WeasyPrint, and the fonts the templates declare (templates/style.css).
# Prints one line per missing piece and exits 1 when something is still missing.
set -euo pipefail

FONTS=("Noto Serif" "Noto Sans" "Noto Naskh Arabic" "Noto Sans Arabic" "DejaVu Sans" "DejaVu Serif")
PACKAGES=(fonts-noto-core fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig)

missing() {
  local out=()
  command -v fc-list >/dev/null 2>&1 || { echo "fontconfig (fc-list)"; return; }
  local families libraries
  families=$(fc-list : family | tr ',' '\n')  # read once: grep -q would cut the pipe short
  libraries=$(ldconfig -p 2>/dev/null || true)
  for family in "${FONTS[@]}"; do
    grep -qx "$family" <<<"$families" || out+=("font: $family")
  done
  grep -q 'libpango-1.0.so' <<<"$libraries" || out+=("library: Pango (libpango-1.0)")
  # HarfBuzz's subsetter makes small, reproducible font subsets (WeasyPrint falls back to
  # fontTools without it, and will require it in future versions).
  grep -q 'libharfbuzz-subset.so' <<<"$libraries" || out+=("library: HarfBuzz subset (libharfbuzz-subset0)")
  if ((${#out[@]})); then printf '%s\n' "${out[@]}"; fi
}

gaps=$(missing)
if [[ -z "$gaps" ]]; then
  exit 0
fi
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages: ${PACKAGES[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
  fc-cache -f >/dev/null 2>&1 || true
  gaps=$(missing)
fi
if [[ -n "$gaps" ]]; then
  echo "Pressroom needs these and could not install them:" >&2
  echo "$gaps" | sed 's/^/  - /' >&2
  echo "On Debian/Ubuntu: sudo apt-get install ${PACKAGES[*]}" >&2
  exit 1
fi
