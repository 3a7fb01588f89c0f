"""WSGI entry point. It refuses to start when the configuration or the servers it needs are not
usable (cchc.ops.preflight); gunicorn (deploy/gunicorn.conf.py preloads the app) runs this once before forking."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
application = get_wsgi_application()

from cchc.ops.preflight import refuse_if_unsafe  # noqa: E402 (needs the settings loaded above)

refuse_if_unsafe()
