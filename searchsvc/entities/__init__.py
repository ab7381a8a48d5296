"""People, organisations and places: spaCy NER, the rules after it, the cache, names decided across the corpus."""
