"""The demo installation: seed plans, procedure corpus and one account per role (manage.py setup_demo)."""
