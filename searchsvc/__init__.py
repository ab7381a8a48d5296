"""searchsvc: full-text and entity search over news archives.

Layers, each importing only the ones above it in this list: `ingest` (articles from files),
`entities` (people, organisations and places), `index` (Whoosh generations and their writes),
`search` (queries, ranking, snippets, facets), `web` (Flask: API, pages, feeds). `cli`, `settings`
and `gunicorn_conf` sit at the top. The app is `searchsvc.web.app.create_app()`.
"""
