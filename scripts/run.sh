#!/bin/sh
# SPDX-License-Identifier: MIT
# Install dependencies if missing, build, and run nstop with the given arguments.
# Usage: scripts/run.sh [nstop arguments...]   e.g. scripts/run.sh --dump
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
[ -d build ] || meson setup build >/dev/null
ninja -C build >/dev/null
exec build/src/nstop "$@"
