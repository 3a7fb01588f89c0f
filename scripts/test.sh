#!/usr/bin/env bash
# The whole test suite; set DATABASE_URL=postgresql://... to run it on PostgreSQL instead of SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# Compiled modules (and pytest's rewritten test modules) are kept in var/pycache, even where PYTHONDONTWRITEBYTECODE
# is set: otherwise every test process, and every Python process a test starts (servers, commands), compiles the
# project again, and each worker rewrites all test modules (about 7 s of CPU per worker). The source tree stays clean.
unset PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX="$PWD/var/pycache"
exec python -m pytest -n "${TEST_WORKERS:-2}" "$@"
