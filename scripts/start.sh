#!/usr/bin/env bash
# One command from a fresh clone: virtual environment, install, migrate, demo data, production server on :8000
# (gunicorn, DEBUG off). Developers opt in to Django's auto-reloading debug server with DEBUG=1.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
python manage.py preflight
python manage.py migrate --noinput
python manage.py setup_demo
python manage.py collectstatic --noinput -v 0
if [ "${DEBUG:-0}" = "1" ]; then
  exec python manage.py runserver "${CCHC_ADDR:-127.0.0.1:8000}"
fi
exec gunicorn -c deploy/gunicorn.conf.py cchc.wsgi
