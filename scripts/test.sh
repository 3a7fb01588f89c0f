#!/usr/bin/env bash
# The whole test suite; set DATABASE_URL=postgresql://... to run it on PostgreSQL instead of SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
exec python -m pytest -n "${TEST_WORKERS:-2}" "$@"
