"""Tuyên truyền CCHC: administrative-reform communication, plan to report."""

from cchc.celery import app as celery_app

__all__ = ["celery_app"]
