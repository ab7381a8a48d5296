"""Flask: the API, the pages, the feeds, errors, metrics and logs; thin views over the layers below."""
