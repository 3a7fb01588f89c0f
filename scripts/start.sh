#!/usr/bin/env bash
# One command from a fresh clone: virtual environment, install, migrate, demo data, server on :8000.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
python manage.py migrate --noinput
python manage.py setup_demo
exec python manage.py runserver "${CCHC_ADDR:-127.0.0.1:8000}"
