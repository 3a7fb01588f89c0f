"""App configuration for indices."""

from django.apps import AppConfig


class IndicesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc.indices"
    verbose_name = "Chỉ số đánh giá (PAR INDEX, SIPAS, PAPI, PCI, DTI)"
