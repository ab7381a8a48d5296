"""The WSGI entry point: gunicorn wsgi:app (settings from SEARCHSVC_* variables)."""

from searchsvc.web.app import create_app

app = create_app()
