"""WSGI entry point. It refuses to start when the configuration or the servers it needs are not usable
(cchc.ops.preflight), then loads every URL module, so that gunicorn (deploy/gunicorn.conf.py preloads the app) checks
once and forks workers ready to answer their first request at full speed."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
application = get_wsgi_application()

from django.urls import get_resolver  # noqa: E402 (needs the settings loaded above)

from cchc.ops.preflight import refuse_if_unsafe  # noqa: E402

refuse_if_unsafe()
get_resolver().url_patterns  # noqa: B018 (imports every view module now, before the workers fork)
