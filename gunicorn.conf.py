"""gunicorn -c gunicorn.conf.py wsgi:app: the settings `searchsvc serve` uses, from searchsvc/gunicorn_conf.py.

Run by path, not imported: the master process must not import the searchsvc package (see there)."""

import os
import runpy

globals().update(
    runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "searchsvc", "gunicorn_conf.py"))
)
