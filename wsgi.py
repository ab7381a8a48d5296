"""The WSGI entry point: gunicorn wsgi:app (settings from SEARCHSVC_* variables)."""
from searchsvc import create_app

app = create_app()
