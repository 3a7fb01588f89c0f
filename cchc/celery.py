"""Celery application: the job queue for reminders, imports and publishing."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")

app = Celery("cchc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["cchc.plans.importing"])  # reading plan documents: cchc/plans/importing/tasks.py
