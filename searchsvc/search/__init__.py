"""Queries over a generation: the query language, ranking, one collection pass, snippets, facets, entities."""
