#!/usr/bin/env bash
# Install Debian packages for a make target: directly as root, through sudo otherwise.
#
#   bash scripts/apt-install.sh PACKAGE...
#
# Kept out of the Makefile so that one tested, shellchecked script (tests/test_install_recipes.py)
# does the root-or-sudo dance for every target; inlined recipes got it wrong once
# (`$SUDO DEBIAN_FRONTEND=... apt-get` is "command not found" when SUDO is empty).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 PACKAGE..." >&2
  exit 2
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "apt-install: apt-get not found. This project installs system packages on Debian or Ubuntu;" >&2
  echo "  elsewhere install these yourself and run make again: $*" >&2
  exit 1
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "apt-install: installing $* needs root, and sudo is not available." >&2
    echo "  Run as root: apt-get update && apt-get install -y $*" >&2
    exit 1
  fi
  as_root=(sudo)
fi

# `env` carries the variable through sudo (which resets the environment) and works without it.
echo "apt-install: $*"
${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -qq
${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "$@"
